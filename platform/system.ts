// How the parts are wired, shared by `npm start` (everything in one process) and the stand-alone
// API and worker processes of the production topology, so all three behave the same.
import type { Client } from '@temporalio/client';
import type { Adapters } from '../adapters';
import { createActivities } from '../activities';
import { createApp } from '../api/app';
import { dictionariesRouter } from '../api/dictionaries';
import type { Config } from './config';
import { EncryptionCodec, type CodecKey } from './codec';
import { createPrisma } from './db/client';
import { migrateDatabase } from './db/migrate';
import { createAuditLog, type AuditLog } from './audit';
import { readinessChecks } from './readiness';
import type { PrismaClient } from '../prisma/generated/client';

export interface Database {
  prisma: PrismaClient;
  audit: AuditLog;
  url: string;
}

/** Applies pending migrations, then opens the client. */
export async function openDatabase(url: string): Promise<Database & { applied: string[] }> {
  const { applied } = await migrateDatabase(url);
  const prisma = createPrisma(url);
  return { prisma, audit: createAuditLog(prisma), url, applied };
}

export function workerActivities(db: Database, _adapters: Adapters) {
  return createActivities({ prisma: db.prisma, audit: db.audit });
}

export function buildApp(opts: { config: Config; db: Database; client: Client; keys: CodecKey[]; codecToken: string; links?: Record<string, string> }) {
  const { config } = opts;
  return createApp({
    checks: readinessChecks({
      prisma: opts.db.prisma,
      databaseUrl: opts.db.url,
      temporal: opts.client,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    }),
    codec: {
      codec: new EncryptionCodec(opts.keys),
      corsOrigins: config.CODEC_CORS_ORIGIN
        ? [config.CODEC_CORS_ORIGIN]
        : [`http://127.0.0.1:${config.TEMPORAL_UI_PORT}`, `http://localhost:${config.TEMPORAL_UI_PORT}`],
      authorise: async (token) => token === opts.codecToken,
    },
    routers: [dictionariesRouter()],
    links: opts.links,
  });
}
