// The database client of the application: the generated Prisma client (prisma/generated, made by
// `prisma generate`) over node-postgres through the driver adapter; no native query engine.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '../../prisma/generated/client';
import { logger } from '../logger';

export type Database = PrismaClient;

/** The connection pool under each client made here (one pool, shared by both ways of querying). */
const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * How long an idle connection stays open (node-postgres closes them after 10 s by default). A
 * new connection costs a PostgreSQL backend process and a SCRAM password exchange on both sides;
 * after a quiet spell of more than 10 s, the first burst of submissions paid for ten at once per
 * process, and its 202s were the slowest of the run.
 */
export const IDLE_CONNECTION_MS = 5 * 60_000;

/**
 * Names statements by their text, so that PostgreSQL prepares each once per connection: a named
 * statement is parsed and planned the first time a connection runs it and only executed after
 * that, where an unnamed one is parsed and planned at every execution — half of PostgreSQL's CPU
 * for a citizen's submission. (Prisma's former native engine kept such a cache too.) A text keeps
 * its name for the life of the process, and no name is given to two texts, since node-postgres
 * remembers per connection what it prepared. Texts differ only where a list's length does, so
 * they are few; past `capacity` of them, a new text runs unnamed, which bounds what each
 * connection keeps.
 */
export function preparedStatementNames(capacity: number): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    const known = names.get(text);
    if (known || names.size >= capacity) return known;
    const name = `prepared_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
}

/** The names of this process's statements, for every pool made here. */
const statementName = preparedStatementNames(500);

export function createPrisma(databaseUrl: string): PrismaClient {
  // `?schema=` selects the PostgreSQL schema, as it does for the migration commands.
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, idleTimeoutMillis: IDLE_CONNECTION_MS });
  // The adapter is typed against its own copy of @types/pg; the runtime module is the same.
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    ...(schema ? { schema } : {}),
    disposeExternalPool: true,
    // The adapter's type asks for a name; without one (past the ceiling) node-postgres runs it unnamed.
    statementNameGenerator: (query) => statementName(query.sql) as string,
  });
  const prisma = new PrismaClient({ adapter });
  pools.set(prisma, pool);
  // An idle connection the server ends (a restart, an administrator) is an 'error' of the pool,
  // which would end the process unhandled. The adapter listens, and ends the pool on $disconnect,
  // only once Prisma has connected: connect now, since `queryRows` may come first.
  pool.on('error', (err) => logger.warn({ err }, 'an idle database connection was closed by the server'));
  void prisma.$connect().catch(() => undefined); // a database not up yet is reported by the first query
  return prisma;
}

/**
 * The rows of one SQL statement built with `Prisma.sql`, run straight on the client's pool. For
 * the statements every citizen's submission runs (the session lookup, the report statement):
 * there Prisma's raw-query layer costs more CPU than node-postgres itself. Same connections,
 * same SQL, same result types for what those statements return (text, boolean, json); a
 * unique violation keeps its PostgreSQL code (`isUniqueViolation` knows both shapes). Clients not
 * made by `createPrisma` (test doubles) are asked through `$queryRaw`.
 */
export async function queryRows<T>(prisma: PrismaClient, sql: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(prisma);
  if (!pool) return prisma.$queryRaw<T[]>(sql);
  return (await pool.query({ name: statementName(sql.text), text: sql.text, values: sql.values as unknown[] })).rows as T[];
}

/** The node-postgres pool under a client made by `createPrisma` (undefined for test doubles), for work that needs its own transaction on one connection. */
export function poolOf(prisma: PrismaClient): pg.Pool | undefined {
  return pools.get(prisma);
}
