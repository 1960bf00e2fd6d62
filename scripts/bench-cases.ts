// Scale of the electronic criminal case: many case workflows, each waiting on its 24-hour timers,
// on one worker.
//
//   npx tsx scripts/bench-cases.ts [--cases 10000] [--concurrency 50] [--signals 20] [--max-cached N]
//
// Each case is started as the register starts it, then taken into proceedings in electronic format
// (update resolveFormat) with no prosecutor assigned yet, and a victim without e-mail or phone is
// added (update addParticipant). Both ¶10 duties then stay open, each with its own durable timers
// (reminder at 18 h, breach at 24 h): the prosecutor notice waits for a prosecutor, the victim's
// notice for the posting of the paper letter. Measured:
//   - the start rate: cases per second from the first start until the last case is waiting (its
//     letter prepared, seen by the worker's activity);
//   - the worker's resident memory once all of them wait (the worker runs in a process of its own,
//     scripts/bench-cases-worker.ts), before and after a garbage collection, with how many
//     workflows its sticky cache holds (the SDK's default size unless --max-cached is given);
//   - the time for one update (addParticipant, a witness) to be handled by a case picked at random
//     meanwhile, one at a time: the round trip of executeUpdate, median and p95.
// The Temporal dev server persists to a SQLite file in a temporary folder, removed afterwards.
// The last line is one JSON object; exit code 0 when the run completed.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type * as TemporalHelper from '../tests/helpers/temporal';
import type * as CaseWorkflow from '../workflows/ecase';
import type * as Dictionaries from '../domain/dictionaries';
import type * as Iin from '../domain/iin';
import type { WorkerMessage, WorkerRequest, WorkerStats } from './bench-cases-worker';

// Before the project's modules load: their logger is made when first loaded.
process.env.LOG_LEVEL ??= 'silent';

const REPO = path.resolve(__dirname, '..');
const TASK_QUEUE = 'bench-cases';
const OFFICIAL = '850101300011';
const MB = 1024 * 1024;

interface Options {
  cases: number;
  concurrency: number;
  signals: number;
  maxCached?: number;
  /** Keep the dev server's database in memory instead of a SQLite file. */
  inMemory: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number | undefined) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number, got ${argv[i + 1]}`);
    return n;
  };
  return {
    cases: value('--cases', 10_000)!,
    concurrency: value('--concurrency', 50)!,
    signals: value('--signals', 20)!,
    maxCached: value('--max-cached', undefined),
    inMemory: argv.includes('--in-memory'),
  };
}

/** Nearest-rank percentile of unsorted samples. */
function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => round1(bytes / MB);

/** Runs `total` jobs with `concurrency` loops, each taking the next index. */
async function runLoops(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      for (let i = next++; i < total; i = next++) await job(i);
    }),
  );
}

// ── The worker process ─────────────────────────────────────────────────────────────────────────

interface WorkerProcess {
  maxCachedWorkflows: number;
  stats(opts?: { gc?: boolean }): Promise<WorkerStats>;
  stop(): Promise<void>;
}

async function startWorkerProcess(address: string, namespace: string, maxCached: number | undefined): Promise<WorkerProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'bench-cases-worker.ts'), [], {
    cwd: REPO,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_TEMPORAL_ADDRESS: address,
      BENCH_NAMESPACE: namespace,
      BENCH_TASK_QUEUE: TASK_QUEUE,
      ...(maxCached === undefined ? {} : { BENCH_MAX_CACHED: String(maxCached) }),
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<number>((resolve, reject) => {
    child.on('message', function onReady(m: WorkerMessage) {
      if (m.type === 'ready') {
        child.off('message', onReady);
        resolve(m.maxCachedWorkflows);
      } else if (m.type === 'failed') reject(new Error(`the worker failed to start: ${m.error}`));
    });
    void exited.then((code) => reject(new Error(`the worker exited with code ${code} before it was ready`)));
  });
  const ask = (request: WorkerRequest) => child.send(request);
  return {
    maxCachedWorkflows: ready,
    stats: (opts = {}) =>
      new Promise<WorkerStats>((resolve, reject) => {
        const onMessage = (m: WorkerMessage) => {
          if (m.type !== 'stats') return;
          child.off('message', onMessage);
          const { type: _type, ...stats } = m;
          resolve(stats);
        };
        child.on('message', onMessage);
        void exited.then((code) => reject(new Error(`the worker exited with code ${code}`)));
        ask({ type: 'stats', gc: opts.gc });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      ask({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ── The benchmark ──────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const { createDevServerEnv } = require('../tests/helpers/temporal') as typeof TemporalHelper;
  const { caseWorkflow, resolveFormat, addParticipant, getCase } = require('../workflows/ecase') as typeof CaseWorkflow;
  const { regions, districtsOf, bodiesOf } = require('../domain/dictionaries') as typeof Dictionaries;
  const { buildIin } = require('../domain/iin') as typeof Iin;

  const body = bodiesOf(districtsOf(regions()[0].id)![0].id)![0];
  // Valid IINs for the victims and for the witnesses added while measuring.
  const iins: string[] = [];
  for (let n = 1; iins.length < opts.signals + 1; n++) {
    const iin = buildIin('1990-03-15', n % 2 ? 'male' : 'female', n);
    if (iin) iins.push(iin);
  }
  const victimIin = iins[0];
  const erdrOf = (i: number) => `26${body.code}9${String(i).padStart(15 - 3 - body.code.length, '0')}`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-bench-cases-'));
  let env: TestWorkflowEnvironment | undefined;
  let worker: WorkerProcess | undefined;
  try {
    say(`starting the Temporal dev server (${opts.inMemory ? 'in memory' : `SQLite in ${dataDir}`})…`);
    // Write-ahead log without waiting for each fsync: the benchmark measures the worker, not the
    // disk; the dev server of `npm start` keeps SQLite's safe defaults.
    const database = opts.inMemory
      ? []
      : ['--db-filename', path.join(dataDir, 'temporal.db'), '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off'];
    env = await createDevServerEnv({ extraArgs: [...database, '--log-level', 'error'] });
    const client = env.client;
    say('starting the worker process and bundling the workflows…');
    worker = await startWorkerProcess(env.address, env.namespace ?? 'default', opts.maxCached);
    const idle = await worker.stats({ gc: true });

    // ── Starting the cases ─────────────────────────────────────────────────────────────────────
    say(`starting ${opts.cases} cases with ${opts.concurrency} concurrent clients…`);
    const handles: WorkflowHandle<typeof caseWorkflow>[] = new Array(opts.cases);
    const startLatencies: number[] = [];
    const failures: string[] = [];
    const started = performance.now();
    const progress = setInterval(() => {
      void worker!.stats().then((s) => {
        const t = (performance.now() - started) / 1000;
        say(`  ${t.toFixed(0)} s: ${s.casesWaiting} waiting, ${s.cachedWorkflows} cached, worker RSS ${mb(s.rssBytes)} MB`);
      }, () => undefined);
    }, 10_000);
    await runLoops(opts.cases, opts.concurrency, async (i) => {
      const t0 = performance.now();
      try {
        const erdrNumber = erdrOf(i + 1);
        const h = await client.workflow.start(caseWorkflow, {
          taskQueue: TASK_QUEUE,
          workflowId: `case-${erdrNumber}`,
          args: [{ erdrNumber, bodyCode: body.code, registeredAt: new Date().toISOString(), officialIin: OFFICIAL, fabula: 'Бенчмарк / Benchmark' }],
        });
        handles[i] = h;
        await h.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] });
        await h.executeUpdate(addParticipant, { args: [{ iin: victimIin, fullName: 'Жәбірленуші / Потерпевший', role: 'victim', officialIin: OFFICIAL }] });
        startLatencies.push(performance.now() - t0);
      } catch (err) {
        failures.push(`${i}: ${(err as Error).message}`);
      }
    });
    const requestsDoneMs = performance.now() - started;
    // Every case waits once the worker has recorded its victim's letter.
    let stats = await worker.stats();
    const waitLimit = performance.now() + Math.max(120_000, requestsDoneMs);
    while (stats.casesWaiting < opts.cases - failures.length && performance.now() < waitLimit) {
      await new Promise((r) => setTimeout(r, 100));
      stats = await worker.stats();
    }
    const allWaitingMs = performance.now() - started;
    clearInterval(progress);
    const waiting = stats.casesWaiting;
    const startsPerSec = (waiting / allWaitingMs) * 1000;

    // A moment for the last activity completions to reach their workflows, then the memory.
    await new Promise((r) => setTimeout(r, 3_000));
    const loaded = await worker.stats();
    const collected = await worker.stats({ gc: true });

    // ── One update at a time, on cases picked at random ───────────────────────────────────────
    say(`timing ${opts.signals} updates on cases picked at random…`);
    const signalMs: number[] = [];
    const live = handles.filter(Boolean);
    for (let k = 0; k < opts.signals; k++) {
      const h = live[Math.floor(Math.random() * live.length)];
      const t0 = performance.now();
      await h.executeUpdate(addParticipant, { args: [{ iin: iins[k + 1], fullName: 'Куә / Свидетель', role: 'witness', officialIin: OFFICIAL }] });
      signalMs.push(performance.now() - t0);
    }
    const after = await worker.stats();

    // A case as it stands: its two duties open, each with its pending timers.
    const sample = await live[0].query(getCase);
    const openDuties = sample.deadlines.filter((d) => d.state === 'pending').map((d) => `${d.key} (due ${d.dueAt})`);

    const result = {
      cases: waiting,
      startsPerSec: round1(startsPerSec),
      workerRssMb: mb(loaded.rssBytes),
      signalMedianMs: round1(percentile(signalMs, 50)),
      signalP95Ms: round1(percentile(signalMs, 95)),
    };
    const out = [
      '',
      `Case workflows at scale — ${os.cpus().length} cores, Node ${process.version}, one worker, ${opts.concurrency} concurrent clients`,
      '',
      `  cases waiting on their timers  ${waiting} of ${opts.cases}${failures.length ? ` (${failures.length} failed, first: ${failures[0]})` : ''}`,
      `  start → waiting, all cases     ${(allWaitingMs / 1000).toFixed(1)} s → ${startsPerSec.toFixed(1)} cases/s (requests done after ${(requestsDoneMs / 1000).toFixed(1)} s)`,
      `  one case's start + 2 updates   p50 ${percentile(startLatencies, 50).toFixed(1)} ms, p95 ${percentile(startLatencies, 95).toFixed(1)} ms`,
      `  open duties of a case          ${openDuties.join(', ')}`,
      `  sticky cache                   ${loaded.cachedWorkflows} workflows cached of ${loaded.maxCachedWorkflows} (${opts.maxCached === undefined ? "the SDK's default for this heap" : '--max-cached'})${loaded.cachedWorkflows >= loaded.maxCachedWorkflows ? ', full' : ''}`,
      '',
      'Worker resident memory',
      `  idle, before any case          ${mb(idle.rssBytes)} MB (heap used ${mb(idle.heapUsedBytes)} MB)`,
      `  all cases waiting              ${mb(loaded.rssBytes)} MB (heap used ${mb(loaded.heapUsedBytes)} MB)`,
      `  the same after a full GC       ${mb(collected.rssBytes)} MB (heap used ${mb(collected.heapUsedBytes)} MB)`,
      `  per cached workflow            ${loaded.cachedWorkflows ? ((collected.rssBytes - idle.rssBytes) / loaded.cachedWorkflows / 1024).toFixed(0) : '—'} KB of RSS above idle`,
      `  after the timed updates        ${mb(after.rssBytes)} MB, ${after.cachedWorkflows} cached`,
      '',
      'One update handled meanwhile (addParticipant on a random case, executeUpdate round trip)',
      `  n=${signalMs.length}  median ${percentile(signalMs, 50).toFixed(1)} ms  p95 ${percentile(signalMs, 95).toFixed(1)} ms  min ${Math.min(...signalMs).toFixed(1)} ms  max ${Math.max(...signalMs).toFixed(1)} ms`,
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (waiting < opts.cases) throw new Error(`only ${waiting} of ${opts.cases} cases reached the waiting state`);
  } finally {
    await worker?.stop().catch(() => undefined);
    await env?.teardown().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  // The Temporal runtime keeps native handles; the run is over.
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench-cases: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
