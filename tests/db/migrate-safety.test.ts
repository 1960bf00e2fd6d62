// A migration that touches the wrong database is the worst failure of this layer. These tests
// run the commands that use a temporary shadow database (`migrate dev`, `migrate diff` from a
// migrations folder) next to another database and check that it is left exactly as it was.
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase, migrationNames, migrationsDir, runPrisma } from '../../platform/db/migrate';
import { startTestServer, tempDir, TestServer } from '../helpers/postgres';

let server: TestServer;
let project: string;
let databasesBefore: string[];

const databases = async () => (await server.query('postgres', 'SELECT datname FROM pg_database ORDER BY datname')).map((r) => r.datname as string);
const tablesOf = async (db: string) =>
  (await server.query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.table_name as string);

async function expectOtherUntouched() {
  expect(await tablesOf('other')).toEqual(['sentinel']);
  expect(await server.query('other', 'SELECT id, note FROM sentinel')).toEqual([{ id: 1, note: 'must survive' }]);
  // Same set of databases as before: no shadow database left behind, none dropped.
  expect(await databases()).toEqual(databasesBefore);
}

beforeAll(async () => {
  server = await startTestServer('main');
  await server.query('postgres', 'CREATE DATABASE other');
  await server.query('other', 'CREATE TABLE sentinel (id int PRIMARY KEY, note text NOT NULL)');
  await server.query('other', "INSERT INTO sentinel VALUES (1, 'must survive')");
  databasesBefore = await databases();
  await migrateDatabase(server.url);

  // A copy of the project's Prisma files, so that `migrate dev` can add a migration to it.
  project = tempDir('erdr-prisma-');
  fs.mkdirSync(path.join(project, 'prisma'));
  fs.cpSync(migrationsDir, path.join(project, 'prisma', 'migrations'), { recursive: true });
  // The schema folder as it is, and one more file with a new model.
  fs.cpSync(path.join(migrationsDir, '..', 'schema'), path.join(project, 'prisma', 'schema'), { recursive: true });
  fs.writeFileSync(path.join(project, 'prisma', 'schema', 'safety-probe.prisma'), 'model SafetyProbe {\n  id   Int    @id\n  note String\n}\n');
  fs.writeFileSync(
    path.join(project, 'prisma.config.ts'),
    "export default { schema: 'prisma/schema', migrations: { path: 'prisma/migrations' }, datasource: { url: process.env.DATABASE_URL } };\n",
  );
});

afterAll(async () => {
  await server?.stop();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('migrate dev creates and applies a migration on main only, through a dropped temporary shadow database', async () => {
  // Were the shadow database the main one, its reset would wipe this row.
  await server.query('main', "INSERT INTO number_sequence VALUES ('1901', 2025, 'ERDR', 7)");
  await runPrisma(['migrate', 'dev', '--name', 'safety_probe'], server.url, { cwd: project });

  const created = migrationNames(path.join(project, 'prisma', 'migrations')).filter((n) => !migrationNames().includes(n));
  expect(created).toEqual([expect.stringMatching(/^\d{14}_safety_probe$/)]);
  expect(fs.readFileSync(path.join(project, 'prisma', 'migrations', created[0], 'migration.sql'), 'utf8')).toContain('CREATE TABLE "SafetyProbe"');
  expect(await tablesOf('main')).toContain('SafetyProbe');
  expect(await server.query('main', 'SELECT last_value FROM number_sequence')).toEqual([{ last_value: 7 }]);
  await expectOtherUntouched();
});

test('migrate diff from the migrations folder (shadow database) leaves other databases alone', async () => {
  const output = await runPrisma(['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema', '--exit-code'], server.url, {
    cwd: project,
  });
  expect(output).toContain('No difference detected');
  await expectOtherUntouched();
});

test('migrate deploy runs a script whose function body and strings contain semicolons', async () => {
  const dir = path.join(project, 'prisma', 'migrations', '29990101000000_semicolons');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'migration.sql'),
    `CREATE FUNCTION erdr_probe() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN 'a;b';
END;
$$;
INSERT INTO "SafetyProbe" (id, note) VALUES (1, 'x; y');
`,
  );
  await runPrisma(['migrate', 'deploy'], server.url, { cwd: project });
  expect(await server.query('main', 'SELECT erdr_probe() AS v')).toEqual([{ v: 'a;b' }]);
  expect(await server.query('main', 'SELECT note FROM "SafetyProbe"')).toEqual([{ note: 'x; y' }]);
  await expectOtherUntouched();
});
