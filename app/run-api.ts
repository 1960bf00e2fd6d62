// The API as its own process (production topology, `npm run api`): external PostgreSQL and
// Temporal named by environment variables. The first process applies pending migrations, then
// forks API_PROCESSES serving processes (Node's cluster module): one event loop per core, each
// with a larger young generation (SERVING_V8_FLAGS), and a process that dies is replaced. The
// first process listens on the port and hands each connection to the serving process with the
// fewest (api/balancer.ts).
import cluster from 'node:cluster';
import { loadConfigOrExit, type Config } from '../platform/config';
import { logger } from '../platform/logger';
import { loadCodecAccessToken, loadCodecKeys } from '../platform/codec';
import { connectClient } from '../platform/temporal';
import { buildApp, openDatabase, openFileStore, searchPseudonymOf } from './system';
import { createSignatureService } from '../eds/service';
import { migrateDatabase } from '../platform/db/migrate';
import { createHttpServer } from '../api/app';
import { balanceConnections, serveHandedConnections } from '../api/balancer';
import { SERVING_V8_FLAGS } from '../platform/v8-flags';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS || !config.EDS_TRUST_ANCHORS) {
    console.error('The stand-alone API needs DATABASE_URL, TEMPORAL_ADDRESS and EDS_TRUST_ANCHORS (use `npm start` for the embedded system).');
    process.exit(1);
  }
  if (cluster.isPrimary) return supervise(config, config.DATABASE_URL);
  return serve(config, config.DATABASE_URL, config.TEMPORAL_ADDRESS, config.EDS_TRUST_ANCHORS);
}

/** Applies the migrations once, then keeps API_PROCESSES serving processes running until stopped. */
async function supervise(config: Config, databaseUrl: string) {
  await migrateDatabase(databaseUrl);
  const balancer = await balanceConnections(config.PORT, config.HOST);
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...SERVING_V8_FLAGS] });
  let stopping = false;
  cluster.on('message', (worker, message) => balancer.fromProcess(worker, message));
  for (let i = 0; i < config.API_PROCESSES; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    balancer.ended(worker);
    if (!stopping) {
      logger.warn({ pid: worker.process.pid, code, signal }, 'an API process ended; starting another');
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      void balancer.close();
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
  logger.info({ processes: config.API_PROCESSES, port: config.PORT, host: config.HOST }, 'API listening');
}

async function serve(config: Config, databaseUrl: string, temporalAddress: string, trustAnchors: string) {
  const db = await openDatabase(databaseUrl);
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  const codecToken = loadCodecAccessToken({ token: config.CODEC_ACCESS_TOKEN, dataDir: config.dataDir });
  const signatures = await createSignatureService({ trustAnchorsDir: trustAnchors, prisma: db.prisma });
  const files = openFileStore(config);
  const client = await connectClient({ address: temporalAddress, namespace: config.TEMPORAL_NAMESPACE, keys });
  const searchPseudonym = searchPseudonymOf(config, keys);
  const server = createHttpServer(buildApp({ config, db, client, keys, codecToken, signatures, files, searchPseudonym }));
  const connections = serveHandedConnections(server, process);
  logger.info({ pid: process.pid }, 'API process serving');
  // Take no more connections, finish the requests under way, then close the connections.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      await connections.stop();
      await client.connection.close();
      await db.prisma.$disconnect();
      process.exit(0);
    });
  }
}

main().catch((e) => {
  logger.error({ err: e }, 'API failed');
  process.exit(1);
});
