// The API as its own process (production topology, `npm run api`): external PostgreSQL and
// Temporal named by environment variables. Applies pending migrations before it listens.
import { loadConfigOrExit } from '../platform/config';
import { logger } from '../platform/logger';
import { loadCodecAccessToken, loadCodecKeys } from '../platform/codec';
import { connectClient } from '../platform/temporal';
import { buildApp, openDatabase, openFileStore } from '../platform/system';
import { createSignatureService } from '../eds/service';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS || !config.EDS_TRUST_ANCHORS) {
    console.error('The stand-alone API needs DATABASE_URL, TEMPORAL_ADDRESS and EDS_TRUST_ANCHORS (use `npm start` for the embedded system).');
    process.exit(1);
  }
  const db = await openDatabase(config.DATABASE_URL);
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  const codecToken = loadCodecAccessToken({ token: config.CODEC_ACCESS_TOKEN, dataDir: config.dataDir });
  const signatures = await createSignatureService({ trustAnchorsDir: config.EDS_TRUST_ANCHORS, prisma: db.prisma });
  const files = openFileStore(config);
  const client = await connectClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, keys });
  const server = buildApp({ config, db, client, keys, codecToken, signatures, files }).listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT, host: config.HOST }, 'API listening');
  });
  // Stop accepting first, finish requests under way, then close the connections.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () =>
      server.close(async () => {
        await client.connection.close();
        await db.prisma.$disconnect();
        process.exit(0);
      }),
    );
  }
}

main().catch((e) => {
  logger.error({ err: e }, 'API failed');
  process.exit(1);
});
