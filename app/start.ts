// `npm start`: the whole system on one machine. Each part uses the external service its
// environment variable names, or else starts an embedded one: PostgreSQL, the stand-ins for
// outside systems, the Temporal dev server (with its Web UI), then the worker and the API with
// the UI. Ctrl-C stops everything in reverse order: the API stops accepting first, the worker
// drains, then the servers stop.
import fs from 'node:fs';
import path from 'node:path';
import { Runtime } from '@temporalio/worker';
import { createAdapters } from '../adapters';
import { startStandIns } from '../standins';
import { loadConfigOrExit } from '../platform/config';
import { logger, temporalRuntimeLogger } from '../platform/logger';
import { loadCodecKeys, loadCodecAccessToken } from '../platform/codec';
import { connectClient } from '../platform/temporal';
import { createWorker } from '../platform/worker';
import { bodiesWithOfficials, ensureHealthWatch, ensureQueryReviewSchedules } from '../platform/query-review-schedules';
import { startReportStarter } from '../platform/report-starter';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres';
import { startTemporalDevServer } from '../platform/temporal-dev-server';
import { ensureSearchAttributes } from '../platform/search-attribute-registration';
import { buildApp, openDatabase, openFileStore, searchPseudonymOf, workerActivities } from './system';
import { listen } from '../api/app';
import { seedDevOfficials } from '../platform/trust';
import { prepareTrust } from './trust';
import { createSignatureService } from '../eds/service';
import { PartError } from '../platform/part-error';

type Stop = () => Promise<void>;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const log = logger.child({ component: 'start' });
  const stops: { name: string; stop: Stop }[] = [];
  const where: Record<string, string> = {};
  let stopping = false;

  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping');
    for (const { name, stop } of [...stops].reverse()) {
      try {
        await stop();
        log.info({ part: name }, 'stopped');
      } catch (e) {
        log.warn({ part: name, err: e }, 'stop failed');
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    // 1. PostgreSQL, migrated.
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.EMBEDDED_PG_PORT, database: 'erdr' });
      stops.push({ name: 'postgres', stop: pg.stop });
      databaseUrl = pg.url;
    }
    where['PostgreSQL'] = redactUrl(databaseUrl);
    const db = await asPart('PostgreSQL', 'check DATABASE_URL (or the embedded server above) and that the database accepts connections', () =>
      openDatabase(databaseUrl),
    );
    stops.push({ name: 'database client', stop: () => db.prisma.$disconnect() });
    log.info({ applied: db.applied }, 'database migrations current');
    const files = openFileStore(config);

    // 2. Signatures: the configured NCA trust anchors, or the development PKI with its CRL/OCSP stand-in.
    const trust = await asPart('NCA PKI stand-in', 'set EMBEDDED_PKI_PORT to a free port, or EDS_TRUST_ANCHORS to the NCA roots', () =>
      prepareTrust({ trustAnchors: config.EDS_TRUST_ANCHORS, dataDir: config.dataDir, host: config.HOST, port: config.EMBEDDED_PKI_PORT }),
    );
    if (trust.devPki) {
      stops.push({ name: 'PKI stand-in', stop: trust.devPki.close });
      await seedDevOfficials(db.prisma, trust.devPki.manifest);
      where['NCA PKI stand-in (CRL, OCSP)'] = trust.devPki.url;
      where['Development key files'] = path.join(trust.devPki.manifest.dir, 'manifest.json');
    }
    const signatures = await createSignatureService({ trustAnchorsDir: trust.trustAnchorsDir, prisma: db.prisma });

    // 3. Stand-ins for the outside systems whose URL is not configured.
    const standIns = await asPart(
      'Stand-ins of outside systems',
      'free the port named, or set the URL of that system (SMTP_URL, SMS_GATEWAY_URL, INDIVIDUALS_DB_URL, COURTS_URL)',
      () => startStandIns({ config, dataDir: path.join(config.dataDir, 'standins') }),
    );
    stops.push({ name: 'stand-ins', stop: standIns.close });
    Object.assign(where, standIns.where);
    const adapters = createAdapters({ MAIL_FROM: config.MAIL_FROM, ...standIns.env });

    // 4. Temporal: the configured cluster, or the dev server with its Web UI.
    const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
    // One pseudonym function for the worker that publishes the search attributes and the API that queries them.
    const searchPseudonym = searchPseudonymOf(config, keys);
    const codecToken = loadCodecAccessToken({ token: config.CODEC_ACCESS_TOKEN, dataDir: config.dataDir });
    const apiBase = `http://${config.HOST}:${config.PORT}`;
    let temporalAddress = config.TEMPORAL_ADDRESS;
    if (!temporalAddress) {
      const dev = await startTemporalDevServer({ config, codecEndpoint: `${apiBase}/codec/t/${codecToken}`, log: (line) => log.info(line) });
      stops.push({ name: 'temporal dev server', stop: dev.stop });
      temporalAddress = dev.address;
      where['Temporal Web UI'] = dev.uiUrl;
    }
    where['Temporal'] = `${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`;
    const client = await asPart('Temporal', 'check TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE', () =>
      connectClient({ address: temporalAddress, namespace: config.TEMPORAL_NAMESPACE, keys }),
    );
    stops.push({ name: 'temporal client', stop: () => client.connection.close() });
    await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
    // 002 p.11: the monthly departmental review of every body with officials.
    await ensureQueryReviewSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, bodyCodes: await bodiesWithOfficials(db.prisma) });
    await ensureHealthWatch(client, { taskQueue: config.TEMPORAL_TASK_QUEUE });

    // 5. The worker.
    // We stop the worker ourselves, in order; the SDK's own signal handling would end the process early.
    Runtime.install({ logger: temporalRuntimeLogger(), shutdownSignals: [] });
    const { worker, connection } = await createWorker({
      address: temporalAddress,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      keys,
      activities: workerActivities({ db, adapters, files, signatures, searchPseudonym }),
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    });
    const running = worker.run();
    stops.push({
      name: 'worker',
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      },
    });
    running.catch((e) => {
      log.error({ err: e }, 'worker stopped unexpectedly');
      void shutdown('worker failure', 1);
    });
    // Accepted reports become workflows (platform/report-starter.ts); stopped before the worker.
    const reportStarter = startReportStarter({ prisma: db.prisma, databaseUrl, client, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });
    stops.push({ name: 'report starter', stop: reportStarter.stop });

    // 6. The API and the UI. Stopped first: refuse new requests, finish the ones under way.
    const app = buildApp({ config, db, client, keys, codecToken, signatures, files, searchPseudonym, links: where, individuals: adapters.individuals });
    const server = await asPart('API and UI', `set PORT (now ${config.PORT}) or HOST to a free address`, () => listen(app, config.PORT, config.HOST));
    stops.push({ name: 'api', stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    where['API and UI'] = apiBase;

    printWhere(where);
  } catch (e) {
    // A part that could not start says what to do in one line; anything else is a bug, logged whole.
    if (e instanceof PartError) log.error({ part: e.part, problem: e.problem, fix: e.fix }, 'start-up failed');
    else log.error({ err: e }, 'start-up failed');
    console.error(`\nStart-up failed: ${(e as Error).message}\n`);
    await shutdown('start-up failure', 1);
  }
}

/** Runs a part's start; what goes wrong becomes a PartError naming the part and the fix. */
async function asPart<T>(part: string, fix: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    throw e instanceof PartError ? e : new PartError(part, (e as Error).message, fix);
  }
}

function redactUrl(u: string): string {
  const url = new URL(u);
  if (url.password) url.password = '***';
  return url.toString();
}

function printWhere(where: Record<string, string>): void {
  const width = Math.max(...Object.keys(where).map((k) => k.length));
  const lines = Object.entries(where).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  console.log(`\nERDR back office is running (Ctrl-C stops it):\n${lines.join('\n')}\n`);
}

void main();
