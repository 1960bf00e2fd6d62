// The worker as its own process (production topology, `npm run worker`): external PostgreSQL,
// Temporal and outside systems, all named by environment variables.
import os from 'node:os';
import { Runtime } from '@temporalio/worker';
import { createAdapters } from '../adapters';
import { loadConfigOrExit } from './config';
import { logger, temporalRuntimeLogger } from './logger';
import { loadCodecKeys } from './codec';
import { connectClient } from './temporal';
import { createWorker } from './worker';
import { ensureSearchAttributes } from './search-attribute-registration';
import { createSignatureService } from '../eds/service';
import { openDatabase, openFileStore, searchPseudonymOf, workerActivities } from './system';
import { startReportStarter } from './report-starter';

async function main() {
  const config = loadConfigOrExit();
  const log = logger.child({ component: 'worker' });
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS || !config.EDS_TRUST_ANCHORS) {
    console.error('The stand-alone worker needs DATABASE_URL, TEMPORAL_ADDRESS and EDS_TRUST_ANCHORS (use `npm start` for the embedded system).');
    process.exit(1);
  }
  if (config.WORKER_NICE > 0) {
    os.setPriority(config.WORKER_NICE);
    log.info({ nice: config.WORKER_NICE }, 'worker runs at a lower CPU priority');
  }
  const db = await openDatabase(config.DATABASE_URL);
  const adapters = createAdapters(config);
  const files = openFileStore(config);
  const signatures = await createSignatureService({ trustAnchorsDir: config.EDS_TRUST_ANCHORS, prisma: db.prisma });
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  const client = await connectClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, keys });
  await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);

  Runtime.install({ logger: temporalRuntimeLogger(), shutdownSignals: [] });
  const { worker, connection } = await createWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    keys,
    activities: workerActivities({ db, adapters, files, signatures, searchPseudonym: searchPseudonymOf(config, keys) }),
  });
  // Accepted reports become workflows here, on the background side of the system.
  const reportStarter = startReportStarter({ prisma: db.prisma, databaseUrl: config.DATABASE_URL, client, taskQueue: config.TEMPORAL_TASK_QUEUE, logger: log });
  // SIGTERM (docker stop) and SIGINT: stop starting reports and polling, let running tasks finish, then exit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void reportStarter.stop().then(() => worker.shutdown()));
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  await worker.run();
  await reportStarter.stop();
  await connection.close();
  await client.connection.close();
  await db.prisma.$disconnect();
  log.info('worker stopped');
}

main().catch((e) => {
  logger.error({ err: e }, 'worker failed');
  process.exit(1);
});
