import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createPrisma, preparedStatementNames, queryRows } from '../../platform/db/client';
import { Prisma } from '../../prisma/generated/client';
import { migrateDatabase, migrationNames, migrationStatus, migrationsDir, runPrisma } from '../../platform/db/migrate';
import { startTestServer, TestServer } from '../helpers/postgres';

let server: TestServer;
const all = migrationNames();

beforeAll(async () => {
  server = await startTestServer('main');
});
afterAll(async () => {
  await server?.stop();
});

test('the project has migrations, starting with init', () => {
  expect(all.length).toBeGreaterThan(0);
  expect(all[0]).toMatch(/^\d{14}_init$/);
});

test('a fresh database reports every migration as pending', async () => {
  expect(await migrationStatus(server.url)).toEqual({ applied: [], pending: all, current: false });
});

test('migrations apply on a fresh database, then are idempotent', async () => {
  expect(await migrateDatabase(server.url)).toEqual({ applied: all });
  expect(await migrationStatus(server.url)).toEqual({ applied: all, pending: [], current: true });
  expect(await migrateDatabase(server.url)).toEqual({ applied: [] });

  const tables = await server.query('main', "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  // Exactly the tables the schema declares (each model's @@map), plus Prisma's own journal.
  const schemaDir = path.resolve(__dirname, '../../prisma/schema');
  const schema = fs
    .readdirSync(schemaDir)
    .map((f) => fs.readFileSync(path.join(schemaDir, f), 'utf8'))
    .join('\n');
  const declared = [...schema.matchAll(/@@map\("([^"]+)"\)/g)].map((m) => m[1]);
  expect(declared).toEqual(expect.arrayContaining(['audit_event', 'idempotency_record', 'number_sequence']));
  expect(tables.map((t) => t.table_name).sort()).toEqual(['_prisma_migrations', ...declared].sort());
});

test('_prisma_migrations is kept the way Prisma keeps it (sha256 checksum of migration.sql)', async () => {
  const rows = await server.query('main', 'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations');
  for (const name of all) {
    const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'));
    const row = rows.find((r) => r.migration_name === name);
    expect(row).toMatchObject({ checksum: createHash('sha256').update(sql).digest('hex'), applied_steps_count: 1 });
    expect(row.finished_at).toBeInstanceOf(Date);
  }
});

test('migrationStatus notices a migration missing from the database', async () => {
  const [last] = all.slice(-1);
  await server.query('main', 'UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [last]);
  try {
    const status = await migrationStatus(server.url);
    expect(status).toEqual({ applied: all.slice(0, -1), pending: [last], current: false });
  } finally {
    await server.query('main', 'UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1', [last]);
  }
  expect((await migrationStatus(server.url)).current).toBe(true);
});

test('`prisma migrate status` through the schema engine bridge exits 0 on an up-to-date database', async () => {
  const output = await runPrisma(['migrate', 'status'], server.url);
  expect(output).toContain('Database schema is up to date');
});

test('the generated client writes and reads the platform tables', async () => {
  const db = createPrisma(server.url);
  try {
    await db.numberSequence.create({ data: { bodyCode: '1901', year: 2025, kind: 'ERDR', lastValue: 41 } });
    const next = await db.numberSequence.update({
      where: { bodyCode_year_kind: { bodyCode: '1901', year: 2025, kind: 'ERDR' } },
      data: { lastValue: { increment: 1 } },
    });
    expect(next.lastValue).toBe(42);

    const event = await db.auditEvent.create({
      data: { actor: 'officer:7', action: 'case.registered', subject: 'case:1', detail: { n: 1 }, prevHash: '', hash: 'h1' },
    });
    expect(typeof event.id).toBe('bigint');
    expect(event.at).toBeInstanceOf(Date);
    await expect(db.auditEvent.create({ data: { actor: 'x', action: 'y', subject: 'z', detail: {}, prevHash: 'h1', hash: 'h1' } })).rejects.toThrow(
      /Unique constraint/,
    );
    expect(await db.auditEvent.findMany({ where: { subject: 'case:1' } })).toEqual([expect.objectContaining({ hash: 'h1', detail: { n: 1 } })]);
  } finally {
    await db.$disconnect();
  }
});

test('an idle database connection is kept beyond node-postgres’ 10 s, so a burst after a quiet spell does not connect anew', async () => {
  const db = createPrisma(server.url);
  let before: number;
  try {
    const backend = async () => (await queryRows<{ pid: number }>(db, Prisma.sql`SELECT pg_backend_pid() AS pid`))[0].pid;
    before = await backend();
    await new Promise((r) => setTimeout(r, 11_000));
    expect(await backend()).toBe(before);
  } finally {
    await db.$disconnect();
  }
  // Closed with the client, although only `queryRows` used it.
  expect(await server.query('main', 'SELECT pid FROM pg_stat_activity WHERE pid = $1', [before])).toEqual([]);
}, 30_000);

test('statements are prepared once per connection and then only executed, through Prisma and through queryRows', async () => {
  const db = createPrisma(server.url);
  try {
    // One query at a time: the pool hands the same idle connection out again.
    const lastValue = (bodyCode: string) =>
      queryRows<{ last_value: number }>(db, Prisma.sql`SELECT last_value FROM number_sequence WHERE body_code = ${bodyCode} AND kind = 'ERDR'`);
    expect(await lastValue('1901')).toEqual([{ last_value: 42 }]);
    expect(await lastValue('1902')).toEqual([]);
    for (const year of [2025, 2026]) await db.numberSequence.findMany({ where: { bodyCode: '1901', year } });

    const prepared = await queryRows<{ name: string; statement: string; runs: number }>(
      db,
      Prisma.sql`SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements`,
    );
    const runsOf = (text: RegExp) => prepared.filter((p) => text.test(p.statement)).map((p) => p.runs);
    expect(runsOf(/^SELECT last_value FROM number_sequence/)).toEqual([2]);
    expect(runsOf(/FROM "public"\."number_sequence"/)).toEqual([2]);
    expect(new Set(prepared.map((p) => p.name)).size).toBe(prepared.length);
  } finally {
    await db.$disconnect();
  }
});

test('a process names at most so many statement texts; later ones run unnamed, earlier ones keep their names', () => {
  const nameOf = preparedStatementNames(2);
  const first = nameOf('SELECT 1');
  const second = nameOf('SELECT 2');
  expect(first).toBeDefined();
  expect(second).toBeDefined();
  expect(second).not.toBe(first);
  expect(nameOf('SELECT 3')).toBeUndefined();
  expect(nameOf('SELECT 1')).toBe(first);
  expect(nameOf('SELECT 2')).toBe(second);
});
