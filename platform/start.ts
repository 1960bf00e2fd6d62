// `npm start`: the whole system on one machine. Each part uses the external service its
// environment variable names, or else starts an embedded one: PostgreSQL, the Temporal dev server
// (with its Web UI), the stand-ins for outside systems, then the worker and the API with the UI.
// Ctrl-C stops everything in reverse order (the API stops accepting first, the worker drains).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { Runtime } from '@temporalio/worker';
import { loadConfig, ConfigError, type Config } from './config';
import { logger } from './logger';
import { loadCodecKeys, EncryptionCodec } from './codec';
import { connectClient } from './temporal';
import { createWorker } from './worker';
import { readinessChecks } from './readiness';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { migrateDatabase } from './db/migrate';
import { createPrisma } from './db/client';
import { startTemporalDevServer } from './temporal-dev-server';
import { createAuditLog } from './audit';
import { startStandIns } from '../standins';
import { createActivities } from '../activities';
import { createApp } from '../api/app';

type Stop = () => Promise<void>;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const log = logger.child({ component: 'start' });
  const stops: { name: string; stop: Stop }[] = [];
  const where: Record<string, string> = {};
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    for (const { name, stop } of [...stops].reverse()) {
      try {
        await stop();
        log.info({ part: name }, 'stopped');
      } catch (e) {
        log.warn({ part: name, err: e }, 'stop failed');
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    // 1. PostgreSQL and migrations.
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.EMBEDDED_PG_PORT, database: 'erdr' });
      stops.push({ name: 'postgres', stop: pg.stop });
      databaseUrl = pg.url;
    }
    where['PostgreSQL'] = redactUrl(databaseUrl);
    const migrated = await migrateDatabase(databaseUrl);
    log.info({ applied: migrated.applied }, 'migrations current');
    const prisma = createPrisma(databaseUrl);
    stops.push({ name: 'prisma', stop: () => prisma.$disconnect() });

    // 2. Stand-ins for outside systems whose URL is not configured.
    const standIns = await startStandIns({ config, dataDir: path.join(config.dataDir, 'standins') });
    stops.push({ name: 'stand-ins', stop: standIns.close });
    Object.assign(where, standIns.where);

    // 3. Temporal.
    let temporalAddress = config.TEMPORAL_ADDRESS;
    const codecToken = config.CODEC_ACCESS_TOKEN ?? devCodecToken(config.dataDir);
    const apiBase = `http://${config.HOST}:${config.PORT}`;
    if (!temporalAddress) {
      const dev = await startTemporalDevServer({
        config,
        codecEndpoint: `${apiBase}/codec/t/${codecToken}`,
        log: (line) => log.info(line),
      });
      stops.push({ name: 'temporal', stop: dev.stop });
      temporalAddress = dev.address;
      where['Temporal Web UI'] = dev.uiUrl;
    }
    where['Temporal'] = temporalAddress;
    const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
    const client = await connectClient({ address: temporalAddress, namespace: config.TEMPORAL_NAMESPACE, keys });
    stops.push({ name: 'temporal client', stop: () => client.connection.close() });

    // 4. Worker.
    Runtime.install({ logger: temporalLogger() });
    const audit = createAuditLog(prisma);
    const { worker, connection } = await createWorker({
      address: temporalAddress,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      keys,
      activities: createActivities({ prisma, audit }),
    });
    const running = worker.run();
    stops.push({
      name: 'worker',
      stop: async () => {
        worker.shutdown();
        await running;
        await connection.close();
      },
    });

    // 5. API and UI.
    const app = createApp({
      checks: readinessChecks({ prisma, databaseUrl, temporal: client, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE }),
      codec: {
        codec: new EncryptionCodec(keys),
        corsOrigins: config.CODEC_CORS_ORIGIN ? [config.CODEC_CORS_ORIGIN] : [`http://127.0.0.1:${config.TEMPORAL_UI_PORT}`, `http://localhost:${config.TEMPORAL_UI_PORT}`],
        authorise: async (token) => token === codecToken,
      },
      links: where,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s)).on('error', reject);
    });
    where['API and UI'] = apiBase;
    // Stops first: refuse new requests, finish the ones under way.
    stops.push({ name: 'api', stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });

    printWhere(where);
    await running.catch((e) => {
      log.error({ err: e }, 'worker stopped unexpectedly');
      void shutdown('worker-failure');
    });
  } catch (e) {
    log.error({ err: e }, 'start-up failed');
    console.error(`\nStart-up failed: ${(e as Error).message}\n`);
    await shutdown('start-up failure');
  }
}

function redactUrl(u: string): string {
  const url = new URL(u);
  if (url.password) url.password = '***';
  return url.toString();
}

/** The capability token that lets the local Temporal Web UI use the codec endpoint; kept in data/. */
function devCodecToken(dataDir: string): string {
  const file = path.join(dataDir, 'codec-access-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

function temporalLogger() {
  const l = logger.child({ component: 'temporal' });
  const at = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, meta?: Record<string, unknown>) => l[level](meta ?? {}, message);
  return { log: (level: string, message: string, meta?: Record<string, unknown>) => l.info({ level, ...meta }, message), trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function printWhere(where: Record<string, string>): void {
  const width = Math.max(...Object.keys(where).map((k) => k.length));
  const lines = Object.entries(where).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  console.log(`\nERDR back office is running (Ctrl-C stops it):\n${lines.join('\n')}\n`);
}

void main();
