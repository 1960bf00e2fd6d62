// Scale of the electronic criminal case: many open cases, each waiting on its 24-hour timers, on
// one worker whose memory is bounded by its sticky cache, not by the number of open cases.
//
//   npm run bench:cases -- [--cases 10000] [--concurrency 64] [--update-rate 5] [--settle 30]
//                          [--sample 5] [--max-cached N] [--worker-heap-mb N] [--minutes N] [--in-memory] [--heap-summary]
//
// Each case is started as the register starts it and taken into proceedings in electronic format
// with no prosecutor assigned yet, in one request (update-with-start of resolveFormat): the ¶10
// duty to notify the prosecutor then stays open with its durable timers (reminder at 18 h, breach
// at 24 h). `--concurrency` clients start cases until `--cases` are open (or `--minutes` have passed:
// the JSON then says how many of them were opened). Meanwhile:
//   - the worker's resident memory (RSS) and V8 heap are sampled every `--sample` seconds, with
//     the number of workflows in its sticky cache and of open cases: once the cache is full, the
//     worker evicts a case for every case it takes in, and its RSS must stay flat while the open
//     cases keep growing (printed: RSS when the cache filled, its maximum since, its growth per
//     1 000 further open cases by least squares);
//   - an official's update (addParticipant: a witness, with an e-mail address) goes to a case picked
//     at random among the open ones, `--update-rate` per second whatever the answers (open loop),
//     through the client's executeUpdate as the API sends it; most of the cases are not cached
//     once the cache is full, so the worker replays their history first. Latency p50/p95/p99,
//     overall, once the cache is full, and once every case is open: the updates go on for
//     `--settle` seconds after the last case is open, when the worker no longer takes new cases
//     in and answers officials alone (opening cases as fast as the clients can keeps both cores
//     busy, and an update waits its turn behind them).
// At the end, the RSS per cached case above idle. The cached workflows live in the heap of the
// worker's workflow thread (not in the main thread's heapUsed): `--heap-summary` takes a snapshot
// of that thread when idle and at the end (each collects the thread's garbage first) and prints
// the state memory per cached case (live heap above idle / cached count) and what dominates it;
// a snapshot takes seconds per 100 MB of heap, so use it with a small cache (--max-cached 200).
// The workflow thread's heap limit is the process's (--max-old-space-size, `--worker-heap-mb`):
// under Node's default (a quarter of the machine's memory, up to 4 GB) the thread collects its
// garbage late, and RSS climbs far above the live heap before it does.
// The worker runs in a process of its own (scripts/bench-cases-worker.ts), configured as production
// configures it (workflowCacheOptions, platform/worker.ts); the Temporal dev server persists to a
// SQLite file in a temporary folder, removed afterwards. The machine's load average is recorded:
// other programs share its cores. The last line is one JSON object; exit code 0 unless a case failed
// to open.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type * as TemporalHelper from '../tests/helpers/temporal';
import type * as CaseWorkflow from '../workflows/ecase';
import type * as Dictionaries from '../domain/dictionaries';
import type * as Iin from '../domain/iin';
import { devServerRss, slope, startWorkerProcess, type WorkerProcess } from './bench-cases-kit';
import { cpuByProcess, cpuDelta, percentile, round1, runLoops } from './bench-kit';
import { summariseHeapSnapshot } from './bench-heap-summary';

// Before the project's modules load: their logger is made when first loaded.
process.env.LOG_LEVEL ??= 'silent';

const TASK_QUEUE = 'bench-cases';
const OFFICIAL = '850101300011';
const MB = 1024 * 1024;

interface Options {
  cases: number;
  concurrency: number;
  updateRate: number;
  settleSeconds: number;
  sampleSeconds: number;
  maxCached?: number;
  /** --max-old-space-size of the worker process, which its workflow thread inherits. */
  workerHeapMb?: number;
  /** Keep the dev server's database in memory instead of a SQLite file. */
  inMemory: boolean;
  heapSummary: boolean;
  /** Stop opening cases after this many minutes (the run then reports how many were opened). */
  minutes?: number;
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
    concurrency: value('--concurrency', 64)!,
    updateRate: value('--update-rate', 5)!,
    settleSeconds: value('--settle', 30)!,
    sampleSeconds: value('--sample', 5)!,
    maxCached: value('--max-cached', undefined),
    workerHeapMb: value('--worker-heap-mb', undefined),
    inMemory: argv.includes('--in-memory'),
    heapSummary: argv.includes('--heap-summary'),
    minutes: value('--minutes', undefined),
  };
}

const mb = (bytes: number) => round1(bytes / MB);
const kb = (bytes: number) => Math.round(bytes / 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── The benchmark ──────────────────────────────────────────────────────────────────────────────

interface Sample {
  seconds: number;
  open: number;
  cached: number;
  rssBytes: number;
  heapUsedBytes: number;
  serverRssBytes?: number;
}

interface UpdateTiming {
  ms: number;
  /** Whether the worker's cache was full when the update was sent (the case most likely evicted). */
  cacheFull: boolean;
  /** Whether every case was open by then: the worker no longer busy taking new cases in. */
  allOpen: boolean;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const { createDevServerEnv } = require('../tests/helpers/temporal') as typeof TemporalHelper;
  const { caseWorkflow, resolveFormat, addParticipant, getCase } = require('../workflows/ecase') as typeof CaseWorkflow;
  const { regions, districtsOf, bodiesOf } = require('../domain/dictionaries') as typeof Dictionaries;
  const { buildIin } = require('../domain/iin') as typeof Iin;
  const { WithStartWorkflowOperation } = require('@temporalio/client') as typeof import('@temporalio/client');

  const body = bodiesOf(districtsOf(regions()[0].id)![0].id)![0];
  const erdrOf = (i: number) => `26${body.code}9${String(i).padStart(15 - 3 - body.code.length, '0')}`;
  /** The k-th witness: a valid IIN of its own (serials 1–9000 per birth day, day after day). */
  let witnessSerial = 0;
  const nextWitnessIin = (): string => {
    for (;;) {
      const k = witnessSerial++;
      const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(k / 9000) * 86_400_000).toISOString().slice(0, 10);
      const iin = buildIin(day, k % 2 ? 'male' : 'female', (k % 9000) + 1);
      if (iin) return iin;
    }
  };

  const loadStart = os.loadavg();
  const cpuBefore = cpuByProcess();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-bench-cases-'));
  let env: TestWorkflowEnvironment | undefined;
  let worker: WorkerProcess | undefined;
  // Ctrl-C: the finally below stops the worker and the dev server and removes the database.
  let interrupted = false;
  process.once('SIGINT', () => (interrupted = true));
  process.once('SIGTERM', () => (interrupted = true));
  try {
    say(`starting the Temporal dev server (${opts.inMemory ? 'in memory' : `SQLite in ${dataDir}`})…`);
    // Write-ahead log without waiting for each fsync: the benchmark measures the worker, not the
    // disk; the dev server of `npm start` keeps SQLite's safe defaults.
    const database = opts.inMemory
      ? []
      : ['--db-filename', path.join(dataDir, 'temporal.db'), '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off'];
    env = await createDevServerEnv({ extraArgs: [...database, '--log-level', 'error'] });
    const client = env.client;
    const serverPort = env.address.split(':').at(-1)!;
    say('starting the worker process and bundling the workflows…');
    worker = await startWorkerProcess(env.address, env.namespace ?? 'default', TASK_QUEUE, opts.maxCached, opts.workerHeapMb);
    const maxCached = worker.maxCachedWorkflows;
    const idle = await worker.stats({ gc: true });
    // The workflows' thread before any case: the bundle loaded once, nothing cached.
    const idleThread = opts.heapSummary ? summariseHeapSnapshot(await worker.heapSnapshot(path.join(dataDir, 'idle.heapsnapshot'))) : undefined;

    // ── Memory samples, all along ──────────────────────────────────────────────────────────────
    const open: number[] = []; // indexes of the cases open so far
    const samples: Sample[] = [];
    const loads: number[] = [];
    const started = performance.now();
    let cacheFullAt: number | undefined; // index in samples
    const sampleOnce = async () => {
      const s = await worker!.stats();
      const sample: Sample = {
        seconds: (performance.now() - started) / 1000,
        open: open.length,
        cached: s.cachedWorkflows,
        rssBytes: s.rssBytes,
        heapUsedBytes: s.heapUsedBytes,
        serverRssBytes: devServerRss(serverPort),
      };
      samples.push(sample);
      loads.push(os.loadavg()[0]);
      if (cacheFullAt === undefined && s.cachedWorkflows >= maxCached) cacheFullAt = samples.length - 1;
      say(
        `  ${sample.seconds.toFixed(0)} s: ${sample.open} open, ${sample.cached}/${maxCached} cached, worker RSS ${mb(sample.rssBytes)} MB (heap ${mb(sample.heapUsedBytes)} MB), dev server RSS ${sample.serverRssBytes === undefined ? '?' : mb(sample.serverRssBytes)} MB, load ${os.loadavg()[0].toFixed(1)}`,
      );
    };
    const sampler = setInterval(() => void sampleOnce().catch(() => undefined), opts.sampleSeconds * 1000);

    // ── Updates at a steady rate, on random open cases ───────────────────────────────────────
    const updates: UpdateTiming[] = [];
    let openingDone = false;
    const updateFailures: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const sendUpdate = () => {
      if (open.length === 0) return;
      const erdr = erdrOf(open[Math.floor(Math.random() * open.length)] + 1);
      const cacheFull = cacheFullAt !== undefined;
      const allOpen = openingDone;
      const iin = nextWitnessIin();
      const t0 = performance.now();
      const p = client.workflow
        .getHandle(`case-${erdr}`)
        .executeUpdate(addParticipant, {
          args: [{ iin, fullName: 'Куә / Свидетель', role: 'witness', contact: { email: `w${iin}@example.kz` }, officialIin: OFFICIAL }],
        })
        .then(
          () => void updates.push({ ms: performance.now() - t0, cacheFull, allOpen }),
          // The refusal's code is in the cause (an ApplicationFailure from the validator or handler).
          (err: Error) => void updateFailures.push(`${erdr}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`),
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    };
    const updater = setInterval(sendUpdate, 1000 / opts.updateRate);

    // ── Opening the cases ──────────────────────────────────────────────────────────────────────
    say(`opening ${opts.cases} cases with ${opts.concurrency} concurrent clients, ${opts.updateRate} updates/s meanwhile…`);
    const failures: string[] = [];
    const openLatencies: number[] = [];
    const openUntil = opts.minutes === undefined ? Infinity : performance.now() + opts.minutes * 60_000;
    await runLoops(opts.cases, opts.concurrency, async (i) => {
      if (interrupted || performance.now() > openUntil) return;
      const erdrNumber = erdrOf(i + 1);
      const t0 = performance.now();
      try {
        await client.workflow.executeUpdateWithStart(resolveFormat, {
          args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }],
          startWorkflowOperation: new WithStartWorkflowOperation(caseWorkflow, {
            taskQueue: TASK_QUEUE,
            workflowId: `case-${erdrNumber}`,
            workflowIdConflictPolicy: 'FAIL',
            args: [{ erdrNumber, bodyCode: body.code, registeredAt: new Date().toISOString(), officialIin: OFFICIAL, fabula: 'Бенчмарк / Benchmark' }],
          }),
        });
        openLatencies.push(performance.now() - t0);
        open.push(i);
      } catch (err) {
        failures.push(`${i}: ${(err as Error).message}${(err as Error).cause instanceof Error ? ` (${((err as Error).cause as Error).message})` : ''}`);
      }
    });
    const openedMs = performance.now() - started;
    openingDone = true;
    say(`${open.length} cases open after ${(openedMs / 1000).toFixed(0)} s; updates go on for ${opts.settleSeconds} s…`);
    for (let t = 0; t < opts.settleSeconds && !interrupted; t++) await sleep(1000);
    clearInterval(updater);
    await Promise.all(inFlight);
    clearInterval(sampler);
    await sampleOnce();
    const loadEnd = os.loadavg();
    const cpu = cpuDelta(cpuBefore, cpuByProcess());

    // ── State memory per cached case, after a full collection ────────────────────────────────
    const collected = await worker.stats({ gc: true });
    const perCachedRss = collected.cachedWorkflows ? (collected.rssBytes - idle.rssBytes) / collected.cachedWorkflows : NaN;
    // The cached workflows live in the heap of the workflows' thread, not in the main thread's
    // heapUsed: a snapshot of that thread (its garbage collected first) against the idle one.
    let perCachedHeap = NaN;
    let heapTop: string[] = [];
    if (idleThread) {
      say('writing and reading a heap snapshot of the workflows thread…');
      const loadedThread = summariseHeapSnapshot(await worker.heapSnapshot(path.join(dataDir, 'loaded.heapsnapshot')));
      const cached = (await worker.stats()).cachedWorkflows;
      perCachedHeap = (loadedThread.totalBytes - idleThread.totalBytes) / cached;
      const idleKinds = new Map(idleThread.kinds.map((k) => [k.kind, k.bytes]));
      heapTop = [
        `the workflows thread: ${mb(idleThread.totalBytes)} MB idle, ${mb(loadedThread.totalBytes)} MB with ${cached} cached cases`,
        ...loadedThread.kinds.map(
          (k) =>
            `${`${((k.bytes - (idleKinds.get(k.kind) ?? 0)) / cached / 1024).toFixed(1)} KB`.padStart(10)} per case  ${String(mb(k.bytes)).padStart(7)} MB  ${String(k.count).padStart(8)}×  ${k.kind}`,
        ),
      ];
    }
    // A case as it stands: its duties open, each with its pending timers.
    const sample = await client.workflow.getHandle(`case-${erdrOf(open[0] + 1)}`).query(getCase);
    const openDuties = sample.deadlines.filter((d) => d.state === 'pending').map((d) => `${d.key} (due ${d.dueAt})`);

    // ── Bounded memory: RSS from the moment the cache was full ───────────────────────────────
    const afterFull = cacheFullAt === undefined ? [] : samples.slice(cacheFullAt);
    const atFull = afterFull[0];
    const last = samples.at(-1)!;
    const rssPerThousand = slope(afterFull.map((s) => ({ x: s.open, y: s.rssBytes }))) * 1000;
    const all = updates.map((u) => u.ms);
    const evicting = updates.filter((u) => u.cacheFull).map((u) => u.ms);
    const settled = updates.filter((u) => u.allOpen).map((u) => u.ms);

    const result = {
      cases: open.length,
      requested: opts.cases,
      // Short of the cases asked for: the time limit was reached, or the run was interrupted (Ctrl-C).
      stoppedAfterMinutes: open.length + failures.length < opts.cases && !interrupted ? (opts.minutes ?? null) : null,
      interrupted,
      failed: failures.length,
      opensPerSec: round1((open.length / openedMs) * 1000),
      maxCached,
      workerHeapMb: opts.workerHeapMb ?? null,
      reuseV8Context: worker.reuseV8Context,
      cacheFullAtOpen: atFull?.open ?? null,
      workerRssMb: {
        idle: mb(idle.rssBytes),
        cacheFull: atFull ? mb(atFull.rssBytes) : null,
        maxAfterFull: afterFull.length ? mb(Math.max(...afterFull.map((s) => s.rssBytes))) : null,
        end: mb(last.rssBytes),
        afterGc: mb(collected.rssBytes),
      },
      rssGrowthMbPer1000OpenAfterFull: Number.isFinite(rssPerThousand) ? round1(rssPerThousand / MB) : null,
      mainHeapUsedMb: { idle: mb(idle.heapUsedBytes), end: mb(last.heapUsedBytes), afterGc: mb(collected.heapUsedBytes) },
      stateKbPerCachedCase: Number.isFinite(perCachedHeap) ? kb(perCachedHeap) : null,
      rssKbPerCachedCase: Number.isFinite(perCachedRss) ? kb(perCachedRss) : null,
      devServerRssMb: last.serverRssBytes === undefined ? null : mb(last.serverRssBytes),
      updates: {
        rate: opts.updateRate,
        n: all.length,
        failed: updateFailures.length,
        p50: round1(percentile(all, 50)),
        p95: round1(percentile(all, 95)),
        p99: round1(percentile(all, 99)),
      },
      updatesCacheFull: {
        n: evicting.length,
        p50: round1(percentile(evicting, 50)),
        p95: round1(percentile(evicting, 95)),
        p99: round1(percentile(evicting, 99)),
      },
      updatesAllOpen: {
        n: settled.length,
        p50: round1(percentile(settled, 50)),
        p95: round1(percentile(settled, 95)),
        p99: round1(percentile(settled, 99)),
      },
      seconds: Math.round((performance.now() - started) / 1000),
      loadavg: { start: loadStart.map(round1), end: loadEnd.map(round1), meanDuring: round1(loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)) },
      cpuSeconds: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round(v)])),
      cores: os.cpus().length,
    };
    const out = [
      '',
      `Open cases on one worker — ${os.cpus().length} cores, Node ${process.version}, ${opts.concurrency} concurrent clients, load average ${loadStart[0].toFixed(1)} → ${loadEnd[0].toFixed(1)}`,
      '',
      `  cases open (timers pending)     ${open.length} of ${opts.cases}${failures.length ? ` (${failures.length} failed, first: ${failures[0]})` : ''}, ${result.opensPerSec} cases/s`,
      `  one case opened (start+update)  p50 ${percentile(openLatencies, 50).toFixed(1)} ms, p95 ${percentile(openLatencies, 95).toFixed(1)} ms`,
      `  open duties of a case           ${openDuties.join(', ')}`,
      `  sticky cache                    ${maxCached} workflows (${opts.maxCached === undefined ? 'the production default' : '--max-cached'}), reuseV8Context ${worker.reuseV8Context}, heap limit ${opts.workerHeapMb ? `${opts.workerHeapMb} MB (--worker-heap-mb)` : "Node's default"}; full at ${atFull ? `${atFull.open} open cases` : '— (never full)'}`,
      '',
      'Worker resident memory',
      `  idle                            ${mb(idle.rssBytes)} MB (heap ${mb(idle.heapUsedBytes)} MB)`,
      `  when the cache was full         ${atFull ? `${mb(atFull.rssBytes)} MB at ${atFull.open} open cases` : '—'}`,
      `  highest since                   ${result.workerRssMb.maxAfterFull ?? '—'} MB; at the end ${mb(last.rssBytes)} MB at ${last.open} open cases`,
      `  growth once full                ${result.rssGrowthMbPer1000OpenAfterFull ?? '—'} MB per 1 000 more open cases (least squares over ${afterFull.length} samples)`,
      `  after the main thread's GC      ${mb(collected.rssBytes)} MB (main heap ${mb(collected.heapUsedBytes)} MB, external ${mb(collected.externalBytes)} MB), ${collected.cachedWorkflows} cached`,
      `  per cached case                 ${result.stateKbPerCachedCase ?? '— (--heap-summary)'} KB of the workflows thread's live heap, ${result.rssKbPerCachedCase ?? '—'} KB of RSS above idle`,
      `  the dev server                  ${result.devServerRssMb ?? '?'} MB RSS at the end`,
      ...(heapTop.length
        ? ['', 'What the heap of the workflows thread holds per cached case, above idle (self size by kind, top 15)', ...heapTop.map((l) => `  ${l}`)]
        : []),
      '',
      `Updates meanwhile (addParticipant on a random open case, executeUpdate, ${opts.updateRate}/s open loop)`,
      `  all                n=${all.length}  p50 ${result.updates.p50} ms  p95 ${result.updates.p95} ms  p99 ${result.updates.p99} ms${updateFailures.length ? `  (${updateFailures.length} failed, first: ${updateFailures[0]})` : ''}`,
      `  once cache full    n=${evicting.length}  p50 ${result.updatesCacheFull.p50} ms  p95 ${result.updatesCacheFull.p95} ms  p99 ${result.updatesCacheFull.p99} ms`,
      `  all cases open     n=${settled.length}  p50 ${result.updatesAllOpen.p50} ms  p95 ${result.updatesAllOpen.p95} ms  p99 ${result.updatesAllOpen.p99} ms (the --settle seconds)`,
      `CPU seconds: ${Object.entries(result.cpuSeconds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    // A run stopped by --minutes or Ctrl-C reports what it opened; a case that failed to open fails the run.
    if (failures.length > 0) throw new Error(`${failures.length} of ${opts.cases} cases failed to open`);
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
