// The parts of scripts/bench-cases.ts around the measuring: the worker in a process of its own
// (scripts/bench-cases-worker.ts) asked over IPC, the dev server's memory, a least-squares slope.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkerMessage, WorkerRequest, WorkerStats } from './bench-cases-worker';
import { processLabels } from './bench-kit';

const REPO = path.resolve(__dirname, '..');

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? NaN : points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
}

/** Resident memory of the dev server listening on `port` (it is our child's child), from /proc. */
export function devServerRss(port: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!cmd.includes('start-dev') || cmd[cmd.indexOf('--port') + 1] !== port) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
      return rss ? Number(rss[1]) * 1024 : undefined;
    } catch {
      // The process ended while we were reading.
    }
  }
  return undefined;
}

// ── The worker process ─────────────────────────────────────────────────────────────────────────

export interface WorkerProcess {
  maxCachedWorkflows: number;
  reuseV8Context: boolean;
  stats(opts?: { gc?: boolean }): Promise<WorkerStats>;
  heapSnapshot(file: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startWorkerProcess(
  address: string,
  namespace: string,
  taskQueue: string,
  maxCached: number | undefined,
  heapMb: number | undefined,
): Promise<WorkerProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'bench-cases-worker.ts'), [], {
    cwd: REPO,
    execArgv: ['--import', 'tsx', '--expose-gc', ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_TEMPORAL_ADDRESS: address,
      BENCH_NAMESPACE: namespace,
      BENCH_TASK_QUEUE: taskQueue,
      ...(maxCached === undefined ? {} : { BENCH_MAX_CACHED: String(maxCached) }),
    },
  });
  if (child.pid) processLabels.set(child.pid, 'worker (its own process)');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<Extract<WorkerMessage, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', function onReady(m: WorkerMessage) {
      if (m.type === 'ready') {
        child.off('message', onReady);
        resolve(m);
      } else if (m.type === 'failed') reject(new Error(`the worker failed to start: ${m.error}`));
    });
    void exited.then((code) => reject(new Error(`the worker exited with code ${code} before it was ready`)));
  });
  /** Sends a request and waits for the first answer of the given type. */
  const ask = <T extends WorkerMessage['type']>(request: WorkerRequest, answer: T) =>
    new Promise<Extract<WorkerMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== answer) return;
        child.off('message', onMessage);
        resolve(m as Extract<WorkerMessage, { type: T }>);
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`the worker exited with code ${code}`)));
      child.send(request);
    });
  return {
    maxCachedWorkflows: ready.maxCachedWorkflows,
    reuseV8Context: ready.reuseV8Context,
    stats: async (opts = {}) => {
      const { type: _type, ...stats } = await ask({ type: 'stats', gc: opts.gc }, 'stats');
      return stats;
    },
    heapSnapshot: async (file) => (await ask({ type: 'heap-snapshot', file }, 'heap-snapshot')).file,
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies WorkerRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
