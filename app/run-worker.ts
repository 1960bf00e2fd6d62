// The worker as its own process (production topology, `npm run worker`): external PostgreSQL,
// Temporal and outside systems, all named by environment variables.
import fs from 'node:fs';
import os from 'node:os';
import { Runtime } from '@temporalio/worker';
import { createAdapters } from '../adapters';
import { loadConfigOrExit } from '../platform/config';
import { logger, temporalRuntimeLogger } from '../platform/logger';
import { loadCodecKeys } from '../platform/codec';
import { connectClient } from '../platform/temporal';
import { createWorker } from '../platform/worker';
import { ensureSearchAttributes } from '../platform/search-attribute-registration';
import { createSignatureService } from '../eds/service';
import { openDatabase, openFileStore, searchPseudonymOf, workerActivities } from './system';
import { bodiesWithOfficials, ensureHealthWatch, ensureQueryReviewSchedules } from '../platform/query-review-schedules';
import { startReportStarter } from '../platform/report-starter';

async function main() {
  const config = loadConfigOrExit();
  const log = logger.child({ component: 'worker' });
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS || !config.EDS_TRUST_ANCHORS) {
    console.error('The stand-alone worker needs DATABASE_URL, TEMPORAL_ADDRESS and EDS_TRUST_ANCHORS (use `npm start` for the embedded system).');
    process.exit(1);
  }
  lowerCpuPriority(config.WORKER_NICE);
  const db = await openDatabase(config.DATABASE_URL);
  const adapters = createAdapters(config);
  const files = openFileStore(config);
  const signatures = await createSignatureService({ trustAnchorsDir: config.EDS_TRUST_ANCHORS, prisma: db.prisma });
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  const client = await connectClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, keys });
  await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  await ensureQueryReviewSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, bodyCodes: await bodiesWithOfficials(db.prisma) });
  await ensureHealthWatch(client, { taskQueue: config.TEMPORAL_TASK_QUEUE });

  Runtime.install({ logger: temporalRuntimeLogger(), shutdownSignals: [] });
  const { worker, connection } = await createWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    keys,
    activities: workerActivities({ db, adapters, files, signatures, searchPseudonym: searchPseudonymOf(config, keys) }),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  // Accepted reports become workflows here, on the background side of the system, unless the
  // report starter runs as its own process (REPORT_STARTER=off, app/run-report-starter.ts).
  const reportStarter =
    config.REPORT_STARTER === 'on'
      ? startReportStarter({ prisma: db.prisma, databaseUrl: config.DATABASE_URL, client, taskQueue: config.TEMPORAL_TASK_QUEUE, logger })
      : undefined;
  // SIGTERM (docker stop) and SIGINT: stop starting reports and polling, let running tasks finish, then exit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void (reportStarter?.stop() ?? Promise.resolve()).then(() => worker.shutdown()));
  // Again: threads the Temporal runtime started meanwhile (Linux priorities are per thread).
  lowerCpuPriority(config.WORKER_NICE);
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, nice: config.WORKER_NICE, reportStarter: config.REPORT_STARTER }, 'worker running');
  await worker.run();
  await reportStarter?.stop();
  await connection.close();
  await client.connection.close();
  await db.prisma.$disconnect();
  log.info('worker stopped');
}

/**
 * Lowers the CPU priority of every thread of this process to `nice` (Linux keeps one per thread,
 * and threads inherit it from the thread that starts them; elsewhere the process's is set).
 */
function lowerCpuPriority(nice: number) {
  if (nice <= 0) return;
  const threads = fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task').map(Number) : [0];
  for (const thread of threads) {
    try {
      os.setPriority(thread, nice);
    } catch {
      // The thread ended meanwhile.
    }
  }
}

main().catch((e) => {
  logger.error({ err: e }, 'worker failed');
  process.exit(1);
});
