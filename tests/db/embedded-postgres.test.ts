import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../platform/db/embedded-postgres';
import { freePort, tempDir } from '../helpers/postgres';

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

let root: string;
beforeAll(() => {
  root = tempDir('erdr-embedded-');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('initialises an empty directory, then reuses its data after a crash left postmaster.pid behind', async () => {
  const dataDir = path.join(root, 'pg');
  const port = await freePort();

  const first = await startEmbeddedPostgres({ dataDir, port, database: 'erdr' });
  expect(first.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/erdr`);
  await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
  await first.stop();

  // A crash leaves the lock file; its PID may by then belong to an unrelated live process.
  fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);

  const second = await startEmbeddedPostgres({ dataDir, port, database: 'second' });
  try {
    expect(await query(first.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    // A database missing from an existing cluster is created.
    expect(await query(second.url, 'SELECT current_database() AS db')).toEqual([{ db: 'second' }]);
  } finally {
    await second.stop();
  }
});

test('refuses a non-empty directory that is not a PostgreSQL data directory', async () => {
  const dataDir = path.join(root, 'not-pg');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'important');
  await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(/not a PostgreSQL data directory/);
  expect(fs.readFileSync(path.join(dataDir, 'notes.txt'), 'utf8')).toBe('important');
});
