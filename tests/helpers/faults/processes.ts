// The processes of a fault run: reading /proc (alive, parents, descendants), waiting for a
// condition, killing, and the last-resort clean-up when the test process exits without stopping
// the run. And the part that is a Node entry point of this project (the worker, the report
// starter, the API), started as its own OS process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
export const isAlive = (pid: number) => {
  const state = processState(pid);
  return state !== undefined && state !== 'Z';
};

/** The live processes of the machine with their parent, from /proc. */
export function processTable(): Map<number, number> {
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
export function descendantsOf(pid: number): number[] {
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
export async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = pids.filter(isAlive);
    if (left.length === 0 || Date.now() > until) return left;
    await sleep(50);
  }
}

/** Thrown by a condition of {@link until} to stop waiting at once (the process it waits for died). */
export class GaveUp extends Error {}

/** Polls `ok` until it holds; throws naming `what` after `ms`. */
export async function until(what: string, ms: number, ok: () => Promise<boolean> | boolean, every = 200): Promise<void> {
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
export function belongsTo(pid: number, dir: string): boolean {
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

export function killQuietly(pid: number): void {
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
export function track(pid: number | undefined, dir: string): void {
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

/** A run's temporary directory, removed by the exit hook unless the run is stopped first. */
export function trackRun(dir: string): void {
  unstoppedRuns.add(dir);
}

/** The run kept in `dir` has stopped: its directory is its own business again, its ended processes forgotten. */
export function runStopped(dir: string): void {
  for (const pid of [...started.keys()]) if (!isAlive(pid)) started.delete(pid);
  unstoppedRuns.delete(dir);
}

/** A part of the system that can be killed and started again. */
export interface Part {
  readonly name: string;
  /** The main process, while it runs. */
  pid(): number | undefined;
  start(): Promise<void>;
  /** SIGKILL, and wait until the part's processes are gone. */
  kill(): Promise<void>;
}

/** A part that is a Node entry point of this project (`node --import tsx <entry>`). */
export class NodePart implements Part {
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
      if (child.exitCode !== null || child.signalCode !== null)
        throw new GaveUp(`${this.name} exited during start-up (${child.exitCode ?? child.signalCode}); see ${this.logFile}`);
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
