// The worker as its own process (production topology, `npm run worker`): external PostgreSQL,
// Temporal and outside systems, all named by environment variables.
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

async function main() {
  const config = loadConfigOrExit();
  const log = logger.child({ component: 'worker' });
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS || !config.EDS_TRUST_ANCHORS) {
    console.error('The stand-alone worker needs DATABASE_URL, TEMPORAL_ADDRESS and EDS_TRUST_ANCHORS (use `npm start` for the embedded system).');
    process.exit(1);
  }
  const db = await openDatabase(config.DATABASE_URL);
  const adapters = createAdapters(config);
  const files = openFileStore(config);
  const signatures = await createSignatureService({ trustAnchorsDir: config.EDS_TRUST_ANCHORS, prisma: db.prisma });
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  const client = await connectClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, keys });
  await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  await client.connection.close();

  Runtime.install({ logger: temporalRuntimeLogger(), shutdownSignals: [] });
  const { worker, connection } = await createWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    keys,
    activities: workerActivities({ db, adapters, files, signatures, searchPseudonym: searchPseudonymOf(config, keys) }),
  });
  // SIGTERM (docker stop) and SIGINT: stop polling, let running tasks finish, then exit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  await worker.run();
  await connection.close();
  await db.prisma.$disconnect();
  log.info('worker stopped');
}

main().catch((e) => {
  logger.error({ err: e }, 'worker failed');
  process.exit(1);
});
