// Sustained crime-report throughput, open loop: reports arrive at a fixed rate whatever the system
// answers, for minutes, and what counts is the rate at which they get *through* — each report
// must reach AWAITING_REGISTRATION (its registry officers told, the intake's last step) within
// 10 s of its 202. Rates are stepped up until that breaks; the highest rate that held is the
// sustained rate. On the same Temporal server in the same run, the rate at which a workflow that
// does nothing *completes* is measured for comparison.
//
//   npx tsx scripts/bench-sustained.ts [--start-rate 5] [--step 1.5] [--max-rate 200] [--duration 120]
//                                      [--warmup 30] [--deadline-ms 10000] [--raw-seconds 30]
//                                      [--raw-clients 20] [--api-processes 1] [--worker-nice 10] [--profile-dir DIR]
//
// The system runs as deployed: the API and the worker (with its report starter) each in a process
// of its own. Signing is the citizen's cost: a pool of signed reports is made before the clock
// starts and cycled, each sent with its own Idempotency-Key. The 202's latency is taken from the
// moment the request was due (not when it was sent), so a stalled client cannot hide the wait.
// Targets (reported, not asserted): sustained rate ≥ 0.5 × raw completions; p99 of the 202 at that
// rate < 50 ms. The last line is one JSON object.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as DevPki from '../eds/dev-pki';
import type * as SystemHelper from '../tests/helpers/system';
import type * as PkiHelper from '../tests/helpers/pki';
import type * as ReportsHelper from '../tests/helpers/report';
import type * as TemporalHelper from '../tests/helpers/temporal';
import type * as BenchWorkflows from './bench-workflows';
import {
  collectGarbage,
  cpuByProcess,
  cpuDelta,
  nameOwnProcess,
  percentile,
  postJson,
  round1,
  startApiProcess,
  startPkiStandInProcess,
  startWorkerProcess,
} from './bench-kit';
import { freePort } from '../platform/net';

// Before the project's modules load (inside main): their logger is made when first loaded.
process.env.LOG_LEVEL ??= 'silent';

interface Options {
  startRate: number;
  step: number;
  maxRate: number;
  durationS: number;
  warmupS: number;
  deadlineMs: number;
  rawSeconds: number;
  rawClients: number;
  apiProcesses: number;
  workerNice: number;
  /** Where the worker and the API write their CPU profiles (every thread's) when they stop. */
  profileDir?: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number, got ${argv[i + 1]}`);
    return n;
  };
  return {
    startRate: value('--start-rate', 5),
    step: Math.max(1.05, value('--step', 1.5)),
    maxRate: value('--max-rate', 200),
    durationS: value('--duration', 120),
    warmupS: value('--warmup', 30),
    deadlineMs: value('--deadline-ms', 10_000),
    rawSeconds: value('--raw-seconds', 30),
    rawClients: Math.round(value('--raw-clients', 20)),
    apiProcesses: Math.round(value('--api-processes', 1)),
    workerNice: Math.min(19, Math.round(value('--worker-nice', 10))),
    profileDir: argv.includes('--profile-dir') ? path.resolve(argv[argv.indexOf('--profile-dir') + 1]) : undefined,
  };
}

/** One report sent: when it was due, its 202's latency from then, and when the 202 came (epoch ms). */
interface Sent {
  talon?: string;
  dueAtMs: number;
  latencyMs: number;
  answeredAtMs: number;
  status: number;
}

interface Step {
  rate: number;
  sent: number;
  accepted: number;
  p50Ms: number;
  p99Ms: number;
  /** The slowest report from its 202 to AWAITING_REGISTRATION (Infinity when one never got there). */
  maxToAwaitingMs: number;
  p99ToAwaitingMs: number;
  held: boolean;
  /** CPU milliseconds per accepted report, by process, from the first arrival until all got through. */
  cpuMsPerReport: Record<string, number>;
}

/** CPU seconds by process → milliseconds per unit of work, the machine's total first. */
function cpuMsPer(cpu: Record<string, number>, units: number): Record<string, number> {
  const perUnit = Object.entries(cpu).map(([k, v]) => [k, round1((v * 1000) / Math.max(1, units))] as const);
  const total = round1(perUnit.reduce((a, [, v]) => a + v, 0));
  return Object.fromEntries([['total', total], ...perUnit.filter(([, v]) => v >= 0.1).sort((a, b) => b[1] - a[1])]);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  nameOwnProcess('this process (clients, stand-ins, no-op worker)');
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const { generateDevPki } = require('../eds/dev-pki') as typeof DevPki;

  say('preparing the development PKI…');
  const pkiPort = await freePort();
  const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-bench-pki-'));
  const manifest = await generateDevPki(pkiDir, { baseUrl: `http://127.0.0.1:${pkiPort}` });
  const pki = await startPkiStandInProcess(manifest.dir, pkiPort);
  process.env.TEST_PKI_DIR = manifest.dir;

  const { startTestSystem } = require('../tests/helpers/system') as typeof SystemHelper;
  const { loginAs, signWith } = require('../tests/helpers/pki') as typeof PkiHelper;
  const { reportContent } = require('../tests/helpers/report') as typeof ReportsHelper;
  const { workerFor } = require('../tests/helpers/temporal') as typeof TemporalHelper;
  const { benchNoopWorkflow } = require('./bench-workflows') as typeof BenchWorkflows;

  say('starting the system (PostgreSQL, Temporal dev server, stand-ins; the worker and the API in processes of their own)…');
  const sys = await startTestSystem({ inProcessWorker: false });
  const polls = async () => {
    const { pollers } = await sys.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: sys.taskQueue },
      taskQueueType: 2 /* activity */,
    });
    return (pollers?.length ?? 0) > 0;
  };
  const worker = await startWorkerProcess({ ...sys.workerEnv, WORKER_NICE: String(opts.workerNice) }, polls, opts.profileDir);
  const api = await startApiProcess({ ...sys.workerEnv, API_PROCESSES: String(opts.apiProcesses) }, opts.profileDir);
  let printed: string;
  try {
    const citizen = await loginAs(api.baseUrl, 'citizen');
    const headers = { Authorization: `Bearer ${citizen.token}` };
    const POOL = 200;
    say(`signing a pool of ${POOL} reports…`);
    const pool: string[] = [];
    for (let i = 0; i < POOL; i++) {
      pool.push(
        await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent({ fabula: `${reportContent().fabula} (№ ${i + 1})` })), 'utf8'), true),
      );
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

    /** Sends `rate` reports a second for `seconds`, each at its due moment, without waiting for answers. */
    const arrive = async (rate: number, seconds: number): Promise<Sent[]> => {
      const total = Math.round(rate * seconds);
      const t0 = performance.now() + 50;
      const epochAtT0 = Date.now() + 50;
      const inFlight: Promise<Sent>[] = [];
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const signedReport = pool[i % POOL];
        inFlight.push(
          postJson(agent, `${api.baseUrl}/api/v1/reports`, { ...headers, 'Idempotency-Key': randomUUID() }, JSON.stringify({ signedReport })).then(
            (res) => ({
              talon: (res.body as { talon?: string }).talon,
              status: res.status,
              dueAtMs: epochAtT0 + (due - t0),
              latencyMs: performance.now() - due,
              answeredAtMs: Date.now(),
            }),
            () => ({ status: 0, dueAtMs: epochAtT0 + (due - t0), latencyMs: performance.now() - due, answeredAtMs: Date.now() }),
          ),
        );
      }
      return Promise.all(inFlight);
    };

    /** When each talon's officers were told it awaits registration (epoch ms), read once from PostgreSQL. */
    const awaitingTimes = async (talons: string[]): Promise<Map<string, number>> => {
      const rows = await sys.pg.query<{ talon: string; at: Date }>(
        'erdr',
        `SELECT substr(split_part(dedupe_key, '/', 1), 8) AS talon, min(created_at) AS at FROM notification
         WHERE dedupe_key LIKE 'report-%/awaiting-registration/%' AND split_part(dedupe_key, '/', 1) = ANY($1) GROUP BY 1`,
        [talons.map((t) => `report-${t}`)],
      );
      return new Map(rows.map((r) => [r.talon, new Date(r.at).getTime()]));
    };

    /** Waits until every talon got through, or `graceMs` after the last 202; the times found. */
    const settle = async (sent: Sent[], graceMs: number) => {
      const talons = sent.flatMap((s) => (s.talon ? [s.talon] : []));
      const until = Math.max(...sent.map((s) => s.answeredAtMs)) + graceMs;
      for (;;) {
        const times = await awaitingTimes(talons);
        if (times.size === talons.length || Date.now() > until) return times;
        await new Promise((r) => setTimeout(r, 500));
      }
    };

    const measure = async (rate: number, seconds: number): Promise<Step> => {
      collectGarbage();
      const cpuBefore = cpuByProcess();
      const sent = await arrive(rate, seconds);
      const times = await settle(sent, opts.deadlineMs + 2_000);
      const accepted = sent.filter((s) => s.status === 202 && s.talon);
      const toAwaiting = accepted.map((s) => (times.has(s.talon!) ? times.get(s.talon!)! - s.answeredAtMs : Infinity));
      const latencies = sent.map((s) => s.latencyMs);
      const maxToAwaitingMs = Math.max(...toAwaiting);
      const step: Step = {
        rate,
        sent: sent.length,
        accepted: accepted.length,
        p50Ms: round1(percentile(latencies, 50)),
        p99Ms: round1(percentile(latencies, 99)),
        maxToAwaitingMs: round1(maxToAwaitingMs),
        p99ToAwaitingMs: round1(percentile(toAwaiting, 99)),
        held: accepted.length === sent.length && maxToAwaitingMs <= opts.deadlineMs,
        cpuMsPerReport: {},
      };
      // Whatever did not get through is worked off before the next step, so steps do not overlap.
      await settle(sent, 180_000);
      step.cpuMsPerReport = cpuMsPer(cpuDelta(cpuBefore, cpuByProcess()), accepted.length);
      return step;
    };

    say(`warm-up: ${opts.startRate}/s for ${opts.warmupS} s…`);
    await measure(opts.startRate, opts.warmupS);

    const steps: Step[] = [];
    for (let rate = opts.startRate; rate <= opts.maxRate; rate = round1(rate * opts.step)) {
      say(`rate ${rate}/s for ${opts.durationS} s…`);
      const step = await measure(rate, opts.durationS);
      say(
        `  ${step.held ? 'held' : 'did NOT hold'}: ${step.accepted}/${step.sent} accepted, 202 p50 ${step.p50Ms} ms p99 ${step.p99Ms} ms, to awaiting registration p99 ${step.p99ToAwaitingMs} ms max ${step.maxToAwaitingMs} ms`,
      );
      say(`  CPU ms per report: ${JSON.stringify(step.cpuMsPerReport)}`);
      steps.push(step);
      if (!step.held) break;
    }
    const sustained = steps.filter((s) => s.held).at(-1);

    // The raw completion rate of a workflow that does nothing, same server, closed loop.
    say(`raw: no-op workflows started and awaited to completion, ${opts.rawClients} clients, ${opts.rawSeconds} s…`);
    const noopQueue = `bench-noop-${randomUUID().slice(0, 8)}`;
    const noopWorker = await workerFor(sys.env, {
      taskQueue: noopQueue,
      workflowsPath: path.join(__dirname, 'bench-workflows.ts'),
      dataConverter: { payloadCodecs: sys.client.options.dataConverter.payloadCodecs },
    });
    const noopRunning = noopWorker.run();
    let completed = 0;
    const runFor = async (seconds: number, count: boolean) => {
      const until = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: opts.rawClients }, async (_, c) => {
          for (let i = 0; performance.now() < until; i++) {
            await sys.client.workflow.execute(benchNoopWorkflow, {
              taskQueue: noopQueue,
              workflowId: `${noopQueue}-${count ? 'run' : 'warm'}-${c}-${i}`,
              args: [],
            });
            if (count) completed++;
          }
        }),
      );
      return performance.now() - started;
    };
    await runFor(Math.min(10, opts.rawSeconds), false);
    const rawCpuBefore = cpuByProcess();
    const rawWallMs = await runFor(opts.rawSeconds, true);
    const rawCpuMsPerWorkflow = cpuMsPer(cpuDelta(rawCpuBefore, cpuByProcess()), completed);
    noopWorker.shutdown();
    await noopRunning;
    const rawCompletionsPerSec = round1((completed / rawWallMs) * 1000);

    const result = {
      sustainedReportsPerSec: sustained?.rate ?? 0,
      p99At202Ms: sustained?.p99Ms ?? null,
      p99ToAwaitingMs: sustained?.p99ToAwaitingMs ?? null,
      rawCompletionsPerSec,
      ratio: Math.round(((sustained?.rate ?? 0) / rawCompletionsPerSec) * 1000) / 1000,
      durationS: opts.durationS,
      deadlineMs: opts.deadlineMs,
      steps: steps.map((s) => ({ rate: s.rate, held: s.held, p99Ms: s.p99Ms, maxToAwaitingMs: s.maxToAwaitingMs })),
      cpuMsPerReport: sustained?.cpuMsPerReport ?? steps[0]?.cpuMsPerReport ?? null,
      rawCpuMsPerWorkflow,
      cores: os.cpus().length,
    };
    printed = [
      '',
      `Sustained crime-report throughput — ${os.cpus().length} cores, Node ${process.version}, ${opts.durationS} s per rate, deadline ${opts.deadlineMs} ms from the 202 to awaiting registration`,
      `  sustained   ${result.sustainedReportsPerSec} reports/s (202 p99 ${result.p99At202Ms} ms; target < 50 ms: ${(result.p99At202Ms ?? Infinity) < 50 ? 'met' : 'NOT met'})`,
      `  raw         ${rawCompletionsPerSec} no-op workflows completed/s (${opts.rawClients} clients)`,
      `  ratio       ${result.ratio} (target ≥ 0.5: ${result.ratio >= 0.5 ? 'met' : 'NOT met'})`,
      '',
      JSON.stringify(result),
      '',
    ].join('\n');
  } finally {
    await worker.stop();
    await api.stop();
    await sys.stop();
    await pki.close();
    fs.rmSync(pkiDir, { recursive: true, force: true });
  }
  process.stdout.write(printed);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench-sustained: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
