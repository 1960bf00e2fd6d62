// Prisma CLI configuration (Prisma 7: the database URL lives here, not in the schema).
// Migration commands run through scripts/prisma-schema-engine (PRISMA_SCHEMA_ENGINE_BINARY),
// which needs no native engine download; see platform/db/migrate.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    // Read directly (not `env()`), so commands that need no database, like `prisma generate`,
    // also work when DATABASE_URL is unset.
    url: process.env.DATABASE_URL,
  },
});
