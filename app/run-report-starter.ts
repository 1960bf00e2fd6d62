// The report starter as its own process (`npm run report-starter`), for a deployment that runs it
// apart from the workers (which then run with REPORT_STARTER=off): it turns accepted reports into
// workflows (platform/report-starter.ts). External PostgreSQL and Temporal, named by environment
// variables; the codec keys must be the API's and the worker's, since it writes workflow inputs.
import { loadConfigOrExit } from '../platform/config';
import { logger } from '../platform/logger';
import { loadCodecKeys } from '../platform/codec';
import { connectClient } from '../platform/temporal';
import { openDatabase } from './system';
import { startReportStarter } from '../platform/report-starter';

async function main() {
  const config = loadConfigOrExit();
  const log = logger.child({ component: 'report-starter-process' });
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    console.error('The stand-alone report starter needs DATABASE_URL and TEMPORAL_ADDRESS (use `npm start` for the embedded system).');
    process.exit(1);
  }
  const db = await openDatabase(config.DATABASE_URL);
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  const client = await connectClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, keys });
  const reportStarter = startReportStarter({ prisma: db.prisma, databaseUrl: config.DATABASE_URL, client, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });
  // The starter waits on notifications and timers that may all be gone for a moment (a lost
  // database connection between two attempts); this keeps the process alive until it is stopped.
  const alive = setInterval(() => undefined, 60_000);
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'report starter process running');
  await stopped;
  await reportStarter.stop();
  clearInterval(alive);
  await client.connection.close();
  await db.prisma.$disconnect();
  log.info('report starter process stopped');
}

main().catch((e) => {
  logger.error({ err: e }, 'report starter failed');
  process.exit(1);
});
