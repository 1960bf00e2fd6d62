// What the benchmarks of the whole system share: the PKI stand-in, the worker and the API each in a
// process of its own as deployed, CPU use per process read from /proc, percentiles, the
// citizens' HTTP client, a CPU profiler and PostgreSQL's own counters. Used by
// scripts/bench-reports.ts and scripts/bench-sustained.ts.
//   npx tsx scripts/bench-kit.ts --serve-pki DIR PORT   (how the PKI stand-in process is started)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type * as StandInsPki from '../standins/pki';
import { freePort } from '../platform/net';
import { SERVING_V8_FLAGS } from '../platform/v8-flags';

const REPO = path.resolve(__dirname, '..');

// ── Small measuring tools ────────────────────────────────────────────────────────────────────

/** The heap collector, exposed on first use. */
let gc: (() => void) | undefined;

/**
 * A full collection of this process's heap, before a measured run. The load generator holds every
 * signed report and the results so far; a major collection of its own inside the measured second
 * stalls all its clients at once, and would be counted as the server's latency (seen: 30 ms).
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export const round1 = (x: number) => Math.round(x * 10) / 10;
export const perSecond = (count: number, wallMs: number) => (count / wallMs) * 1000;
export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '—');

/** One line of a latency table: count, p50, p95, p99 and mean of the samples. */
export const latencyRow = (label: string, samples: number[]) =>
  `  ${label.padEnd(58)} n=${String(samples.length).padStart(4)}  p50 ${ms(percentile(samples, 50)).padStart(9)}  p95 ${ms(percentile(samples, 95)).padStart(9)}  p99 ${ms(percentile(samples, 99)).padStart(9)}  mean ${ms(mean(samples)).padStart(9)}`;

/** CPU seconds by process over a wall time, busiest first, each also as a share of one core. */
export const cpuLine = (c: Record<string, number>, wallMs: number) =>
  Object.entries(c)
    .filter(([, v]) => v > 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(2)} s (${Math.round((v / (wallMs / 1000)) * 100)}% of a core)`)
    .join(', ');

/** Polls `count` four times a second until it reaches `target` or two minutes pass; its last value. */
export async function pollUntil(target: number, count: () => Promise<number>): Promise<number> {
  const until = Date.now() + 120_000;
  for (;;) {
    const n = await count();
    if (n >= target || Date.now() > until) return n;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs `total` jobs with `concurrency` loops, each taking the next index; returns the wall time. */
export async function runLoops(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      for (let i = next++; i < total; i = next++) await job(i);
    }),
  );
  return performance.now() - started;
}

/** Child processes known by what they are (the others are named by their command). */
export const processLabels = new Map<number, string>();

/** CPU seconds used so far by this process and each kind of process it started (from /proc). */
export function cpuByProcess(): Record<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const parentOf = new Map<number, number>();
  const stat = new Map<number, { comm: string; cpu: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = text.lastIndexOf(')');
      const comm = text.slice(text.indexOf('(') + 1, close);
      const fields = text.slice(close + 2).split(' ');
      // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14). The
      // children's times count what ended children used (PostgreSQL backends come and go).
      parentOf.set(Number(entry), Number(fields[1]));
      stat.set(Number(entry), { comm, cpu: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks });
    } catch {
      // The process ended while we were reading.
    }
  }
  /** The process and its ancestors, nearest first. */
  const lineOf = (pid: number) => {
    const line: number[] = [];
    for (let p = pid; p > 1 && line.length < 64; p = parentOf.get(p) ?? 0) line.push(p);
    return line;
  };
  const descends = (pid: number) => lineOf(pid).includes(process.pid);
  // A labelled process's children (the API's cluster processes) count under its label.
  const labelOf = (pid: number) => processLabels.get(lineOf(pid).find((p) => processLabels.has(p)) ?? 0);
  // The whole machine (first line of /proc/stat: user nice system idle iowait irq softirq steal),
  // so that load from other programs sharing the cores shows up next to our own.
  const machine = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = (machine.reduce((a, b) => a + b, 0) - machine[3] - machine[4]) / ticks;
  const totals: Record<string, number> = { 'whole machine': busy };
  for (const [pid, { comm, cpu }] of stat) {
    if (!descends(pid)) continue;
    const kind =
      pid === process.pid
        ? ownProcessLabel
        : (labelOf(pid) ?? (comm.startsWith('postgres') ? 'postgres' : comm.startsWith('temporal') ? 'temporal dev server' : comm));
    totals[kind] = (totals[kind] ?? 0) + cpu;
  }
  return totals;
}

let ownProcessLabel = 'node (API, worker, clients)';

/** What this process is called in the CPU figures (it runs the clients, and maybe the API or the worker). */
export function nameOwnProcess(label: string): void {
  ownProcessLabel = label;
}

export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]));
  const ours = Object.entries(delta)
    .filter(([k]) => k !== 'whole machine')
    .reduce((a, [, v]) => a + v, 0);
  const { 'whole machine': machine, ...rest } = delta;
  return { ...rest, 'other programs on this machine': Math.max(0, machine - ours) };
}

// ── The PKI stand-in, in its own process as in the test suite (jest's global setup) ─────────

export async function startPkiStandInProcess(dir: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve-pki', dir, String(port)], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  processLabels.set(child.pid!, 'PKI stand-in (OCSP, CRL)');
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the PKI stand-in exited with code ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end(); // the stand-in stops when its input closes
      }),
  };
}

export async function servePki(dir: string, port: number): Promise<void> {
  const { startPkiStandIn } = require('../standins/pki') as typeof StandInsPki;
  const standIn = await startPkiStandIn({ host: '127.0.0.1', port, pkiDir: dir });
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => void standIn.close().then(() => process.exit(0)));
}

// ── The worker and the API in their own processes, as deployed ──────────────────────────────

/**
 * Starts `entry` (app/run-worker.ts, app/run-api.ts) as its own Node process and waits until
 * `ready` says so. With `profileDir`, the process writes its own CPU profile there on exit.
 */
export async function startPart(
  entry: string,
  label: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  profileDir?: string,
  v8Flags: string[] = [],
): Promise<{ stop(): Promise<void> }> {
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...v8Flags, ...profiling, '--import', 'tsx', entry], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  processLabels.set(child.pid!, label);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (const until = Date.now() + 120_000; !(await ready()); await new Promise((r) => setTimeout(r, 200))) {
    if (exited || Date.now() > until) throw new Error(`${entry} did not become ready`);
  }
  // SIGTERM, then the exit: its graceful shutdown, and the CPU profile it may write.
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { stop };
}

/** The worker with the report starter (app/run-worker.ts), ready once it polls the task queue. */
export const startWorkerProcess = (env: Record<string, string>, polling: () => Promise<boolean>, profileDir?: string) =>
  startPart('app/run-worker.ts', 'worker (its own process)', { ...env, LOG_LEVEL: 'warn' }, polling, profileDir, SERVING_V8_FLAGS);

/** What the API's own process is called in the CPU figures. */
export const API_PROCESS_LABEL = 'API (its own process)';

/** The API (app/run-api.ts) on a free port, ready once /health answers. */
export async function startApiProcess(env: Record<string, string>, profileDir?: string): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
  // The benchmark's few citizens submit thousands of reports a minute: the per-person limit is lifted.
  const unlimited = { RATE_LIMIT_CHALLENGES_PER_MINUTE: '1000000', RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '1000000' };
  const part = await startPart(
    'app/run-api.ts',
    API_PROCESS_LABEL,
    { ...env, ...unlimited, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent' },
    healthy,
    profileDir,
  );
  return { baseUrl, stop: part.stop };
}

// ── The citizens' side ───────────────────────────────────────────────────────────────────────

/**
 * POSTs JSON over a kept-alive HTTP/1.1 connection. Plain node:http costs the load generator
 * about half of what fetch does, and the load generator shares the cores with the system measured.
 */
export function postJson(agent: http.Agent, url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ── Looking inside a run ─────────────────────────────────────────────────────────────────────

/** A CPU profile of the main thread (open it in Chrome DevTools → Performance, or VS Code). */
export async function startProfiler(): Promise<{ stopInto(file: string): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stopInto(file) {
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** PostgreSQL's own counters for the system's database (transactions, rows). */
export async function databaseWork(sys: { pg: { query(db: string, sql: string): Promise<any[]> } }) {
  const [row] = await sys.pg.query(
    'erdr',
    'SELECT xact_commit, tup_inserted, tup_updated, tup_fetched FROM pg_stat_database WHERE datname = current_database()',
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<
    'xact_commit' | 'tup_inserted' | 'tup_updated' | 'tup_fetched',
    number
  >;
}

if (require.main === module && process.argv[2] === '--serve-pki') {
  servePki(process.argv[3], Number(process.argv[4])).catch((err) => {
    process.stderr.write(`bench-kit: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
