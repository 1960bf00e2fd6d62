// The database client of the application: the generated Prisma client (prisma/generated, made by
// `prisma generate`) over node-postgres through the driver adapter; no native query engine.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../prisma/generated/client';

export type Database = PrismaClient;

export function createPrisma(databaseUrl: string): PrismaClient {
  // `?schema=` selects the PostgreSQL schema, as it does for the migration commands.
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  const adapter = new PrismaPg({ connectionString: databaseUrl }, schema ? { schema } : undefined);
  return new PrismaClient({ adapter });
}
