// The whole back office in one test process, on real parts: an embedded PostgreSQL (migrated), a
// Temporal dev server, the stand-ins for outside systems, a worker with the real activities, and
// the API listening on a free port — wired by app/system.ts exactly as `npm start` wires it.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createAdapters, type Adapters } from '../../adapters';
import { startStandIns } from '../../standins';
import { loadConfig, type Config } from '../../platform/config';
import { formatCodecKeys, type CodecKey } from '../../platform/codec';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectClient } from '../../platform/temporal';
import { startTemporalServer } from '../../platform/temporal-server';
import type { TemporalServerTools } from '../../platform/tools/temporal-server';
import { buildApp, openDatabase, openFileStore, searchPseudonymOf, workerActivities, type Database } from '../../app/system';
import { listen } from '../../api/app';
import type { FileStore } from '../../documents/store';
import { createDevServerEnv, workerFor } from './temporal';
import { startTestServer, tempDir, type TestServer } from './postgres';
import { testPki } from './pki';
import { seedDevOfficials } from '../../platform/trust';
import { createSignatureService } from '../../eds/service';
import { startReportStarter, type ReportStarter } from '../../platform/report-starter';
import { logger } from '../../platform/logger';
import { checkingResponses } from './response-contract';

export interface TestSystem {
  config: Config;
  baseUrl: string;
  /** A client with the payload codec, as the API uses. */
  client: Client;
  env: TestWorkflowEnvironment;
  db: Database;
  pg: TestServer;
  adapters: Adapters;
  /** The attachment store: a folder in the system's temporary data directory. */
  files: FileStore;
  standInUrls: Record<string, string>;
  keys: CodecKey[];
  codecToken: string;
  taskQueue: string;
  /** Absent with `inProcessWorker: false`. */
  worker?: Worker;
  /** Starts the workflows of accepted reports; beside the in-process worker, absent without it. */
  reportStarter?: ReportStarter;
  /** Environment for app/run-worker.ts to serve this system's task queue. */
  workerEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** The CLI's dev server (default), or the production server over the system's PostgreSQL. */
export type TemporalChoice = { kind: 'dev-server' } | { kind: 'production-server'; tools: TemporalServerTools };

async function startProductionServer(tools: TemporalServerTools, pg: TestServer, dataDir: string) {
  const u = new URL(pg.url);
  const postgres = { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  return startTemporalServer({ tools, postgres, dir: path.join(dataDir, 'temporal-server') });
}

/**
 * `inProcessWorker: false` leaves the task queue without a worker, for tests that run the worker
 * as its own process (`workerEnv` says how to start app/run-worker.ts against this system).
 */
export async function startTestSystem(opts: { inProcessWorker?: boolean; temporal?: TemporalChoice } = {}): Promise<TestSystem> {
  const taskQueue = `erdr-test-${randomBytes(4).toString('hex')}`;
  const dataDir = tempDir('erdr-system-');
  const pg = await startTestServer('erdr');
  const db = await openDatabase(pg.url);
  const temporalServer = opts.temporal?.kind === 'production-server' ? await startProductionServer(opts.temporal.tools, pg, dataDir) : undefined;
  const env = temporalServer
    ? await TestWorkflowEnvironment.createFromExistingServer({ address: temporalServer.address, namespace: temporalServer.namespace })
    : await createDevServerEnv();
  // Tests log in and submit far faster than a person; the limits have tests of their own (tests/api/abuse.test.ts).
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_ADDRESS: env.address,
    RATE_LIMIT_CHALLENGES_PER_MINUTE: '100000',
    RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '100000',
  });
  const standIns = await startStandIns({
    host: '127.0.0.1',
    dataDir: `${dataDir}/standins`,
    ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 },
  });
  const adapters = createAdapters({ MAIL_FROM: config.MAIL_FROM, ...standIns.env });
  const files = openFileStore(config);
  const keys: CodecKey[] = [{ id: 'test', key: randomBytes(32) }];
  const searchPseudonym = searchPseudonymOf(config, keys);
  const codecToken = randomBytes(16).toString('hex');
  const client = await connectClient({ address: env.address, namespace: 'default', keys });
  const pki = await testPki();
  await seedDevOfficials(db.prisma, pki);
  const signatures = await createSignatureService({ trustAnchorsDir: pki.trustAnchorsDir, prisma: db.prisma });
  const worker =
    opts.inProcessWorker === false
      ? undefined
      : await workerFor(env, {
          taskQueue,
          activities: workerActivities({ db, adapters, files, signatures, searchPseudonym }),
          dataConverter: { payloadCodecs: client.options.dataConverter.payloadCodecs },
        });
  const running = worker?.run();
  const reportStarter = worker ? startReportStarter({ prisma: db.prisma, databaseUrl: pg.url, client, taskQueue, logger }) : undefined;
  const workerEnv: Record<string, string> = {
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    EDS_TRUST_ANCHORS: pki.trustAnchorsDir,
    CODEC_KEYS: formatCodecKeys(keys),
    FILE_STORE_URL: pathToFileURL(path.join(dataDir, 'files')).href,
    DATA_DIR: dataDir,
    MAIL_FROM: config.MAIL_FROM,
    ...standIns.env,
  };
  const app = buildApp({ config, db, client, keys, codecToken, signatures, files, searchPseudonym, individuals: adapters.individuals });
  // Every JSON answer is checked against the OpenAPI document (a mismatch fails the test).
  const server = await listen(checkingResponses(app), 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    config,
    baseUrl,
    client,
    env,
    db,
    pg,
    adapters,
    files,
    standInUrls: standIns.urls as unknown as Record<string, string>,
    keys,
    codecToken,
    taskQueue,
    worker,
    reportStarter,
    workerEnv,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reportStarter?.stop();
      worker?.shutdown();
      await running;
      await client.connection.close();
      await env.teardown();
      await temporalServer?.stop();
      await standIns.close();
      await db.prisma.$disconnect();
      await pg.stop();
    },
  };
}
