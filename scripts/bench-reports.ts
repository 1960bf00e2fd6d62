// Throughput of crime-report submission (POST /api/v1/reports) on the whole system as deployed (the
// API and the worker with its report starter each in their own processes), compared with the raw
// rate at which the same Temporal server starts a workflow that does nothing.
//
//   npx tsx scripts/bench-reports.ts [options]   (the options and their defaults: scripts/bench-reports-options.ts)
//
// Signing is the citizen's cost, not the server's: every report is signed before the clock starts,
// and the citizen logs in once. Measured:
//   - submissions/s over `clients` concurrent loops, and p50/p95/p99 of the 202;
//   - per talon, the time from the start of its POST until its workflow holds the materials and
//     waits for registration (read afterwards from the workflow histories, so nothing polls
//     the system while it is being measured);
//   - the raw workflow-start rate, with the same client, concurrency and server;
//   - where the time goes (OCSP round trip, the report starter's workflow starts, each step of
//     the history) and which process burns the CPU, to explain a miss.
// The last line is one JSON object; the targets are reported, not asserted (exit code 0 when the
// run completed).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as StandInsPki from '../standins/pki';
import type * as DevPki from '../eds/dev-pki';
import type * as PdfLib from 'pdf-lib';
import type * as Trust from '../platform/trust';
import type * as Dictionaries from '../domain/dictionaries';
import type * as SystemHelper from '../tests/helpers/system';
import type * as PkiHelper from '../tests/helpers/pki';
import type * as TemporalHelper from '../tests/helpers/temporal';
import type * as ReportWorkflow from '../workflows/report';
import type * as BenchWorkflows from './bench-workflows';
import {
  API_PROCESS_LABEL,
  collectGarbage,
  cpuByProcess,
  cpuDelta,
  cpuLine,
  databaseWork,
  latencyRow,
  mean,
  ms,
  nameOwnProcess,
  percentile,
  perSecond,
  pollUntil,
  postJson,
  round1,
  runLoops,
  startApiProcess,
  startPkiStandInProcess,
  startProfiler,
  startWorkerProcess,
} from './bench-kit';
import { parseOptions } from './bench-reports-options';
import { installProbes, perItem, readHistories } from './bench-reports-probes';
import { freePort } from '../platform/net';

// The project's modules are loaded with require() inside main(), after this line: the logger is
// made when first loaded, and per-request log lines would mix with the table and charge the API
// for output the production log shipper pays for.
process.env.LOG_LEVEL ??= 'silent';

// ── The benchmark ────────────────────────────────────────────────────────────────────────────

interface Submitted {
  talon: string;
  /** Date.now() when the POST started, to compare with the server's event times. */
  startedAtMs: number;
  latencyMs: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts = parseOptions(argv);
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const { generateDevPki } = require('../eds/dev-pki') as typeof DevPki;
  const { startPkiStandIn } = require('../standins/pki') as typeof StandInsPki;
  const { PDFDocument } = require('pdf-lib') as typeof PdfLib;
  const { DEV_OFFICIALS_BODY } = require('../platform/trust') as typeof Trust;
  const { bodyByCode } = require('../domain/dictionaries') as typeof Dictionaries;

  // The development PKI and its CRL/OCSP stand-in, as tests/global-setup.ts makes them.
  say('preparing the development PKI…');
  const pkiPort = await freePort();
  const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-bench-pki-'));
  const manifest = await generateDevPki(pkiDir, { baseUrl: `http://127.0.0.1:${pkiPort}` });
  const pki = opts.pkiInProcess
    ? await startPkiStandIn({ host: '127.0.0.1', port: pkiPort, pkiDir: manifest.dir })
    : await startPkiStandInProcess(manifest.dir, pkiPort);
  process.env.TEST_PKI_DIR = manifest.dir;

  const { startTestSystem } = require('../tests/helpers/system') as typeof SystemHelper;
  const { loginAs, signWith } = require('../tests/helpers/pki') as typeof PkiHelper;
  const { workerFor } = require('../tests/helpers/temporal') as typeof TemporalHelper;
  const { getReport } = require('../workflows/report') as typeof ReportWorkflow;
  const { benchNoopWorkflow } = require('./bench-workflows') as typeof BenchWorkflows;

  say('starting the system (PostgreSQL, Temporal dev server, stand-ins, worker, API)…');
  const sys = await startTestSystem({ inProcessWorker: opts.worker === 'in-process' });
  const workerPolls = async () => {
    const { pollers } = await sys.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: sys.taskQueue },
      taskQueueType: 2 /* activity */,
    });
    return (pollers?.length ?? 0) > 0;
  };
  const workerProcess =
    opts.worker === 'process'
      ? await startWorkerProcess(
          { ...sys.workerEnv, WORKER_NICE: String(opts.workerNice) },
          workerPolls,
          opts.cpuProfile && path.dirname(path.resolve(opts.cpuProfile)),
        )
      : undefined;
  const processing = opts.worker !== 'none';
  const apiProcess =
    opts.api === 'process'
      ? await startApiProcess({ ...sys.workerEnv, API_PROCESSES: String(opts.apiProcesses) }, opts.cpuProfile && path.dirname(path.resolve(opts.cpuProfile)))
      : undefined;
  const baseUrl = apiProcess?.baseUrl ?? sys.baseUrl;
  nameOwnProcess(`node (${[opts.api === 'in-process' && 'API', opts.worker === 'in-process' && 'worker', 'clients'].filter(Boolean).join(', ')})`);
  let noopWorker: Awaited<ReturnType<typeof workerFor>> | undefined;
  let printed: string;
  let noopRunning: Promise<void> | undefined;
  try {
    const probe = installProbes(pki.url);
    const originalStart = sys.client.workflow.start.bind(sys.client.workflow);
    // The in-process report starter calls client.workflow.start on this very instance.
    sys.client.workflow.start = (async (...args: Parameters<typeof originalStart>) => {
      const t = performance.now();
      try {
        return await originalStart(...args);
      } finally {
        probe.workflowStart.push(performance.now() - t);
      }
    }) as typeof originalStart;

    const citizen = await loginAs(baseUrl, 'citizen');
    const auth = { Authorization: `Bearer ${citizen.token}` };

    // One small PDF uploaded once and attached to every report, so each workflow stores materials.
    const attachments: { id: string; sha256: string }[] = [];
    for (let i = 0; i < opts.attachments; i++) {
      const doc = await PDFDocument.create();
      doc.addPage().drawText(`Receipt ${i + 1}`);
      const bytes = Buffer.from(await doc.save());
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), `receipt-${i + 1}.pdf`);
      form.append('signature', await signWith('citizen', 'sign', bytes));
      const res = await fetch(`${baseUrl}/api/v1/files`, { method: 'POST', body: form, headers: auth });
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
      const file = (await res.json()) as { id: string; sha256: string };
      attachments.push({ id: file.id, sha256: file.sha256 });
    }

    // Every report signed before any clock starts.
    const body = bodyByCode(DEV_OFFICIALS_BODY)!;
    const total = opts.serial + opts.warmup + opts.submissions;
    say(`signing ${total} reports…`);
    const signed: string[] = [];
    for (let i = 0; i < total; i++) {
      const content = {
        offenceAt: '2026-11-22T23:10:00+05:00',
        fabula: `Кеше түнде Сарыарқа ауданында менің пәтеріме бөгде адамдар кіріп, ноутбук пен құжаттарды ұрлады. (№ ${i + 1})`,
        regionId: body.regionId,
        districtId: body.districtId,
        bodyId: body.id,
        applicant: { address: 'Астана қ., Сарыарқа ауданы, Сейфуллин к. 10, 5-пәтер', email: 'erlan.abilkassymov@mail.kz', phone: '+77011234567' },
        falseReportWarningAccepted: true,
        attachments,
      };
      signed.push(await signWith('citizen', 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true));
    }

    const failures: string[] = [];
    const citizens = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
    const submit = async (signedReport: string): Promise<Submitted | undefined> => {
      const startedAtMs = Date.now();
      const t = performance.now();
      const res = await postJson(citizens, `${baseUrl}/api/v1/reports`, { ...auth, 'Idempotency-Key': randomUUID() }, JSON.stringify({ signedReport }));
      const answer = res.body as { talon?: string };
      const latencyMs = performance.now() - t;
      if (res.status !== 202 || !answer.talon) {
        failures.push(`${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
        return undefined;
      }
      return { talon: answer.talon, startedAtMs, latencyMs };
    };
    const submitAll = async (from: number, count: number, clients: number) => {
      const done: Submitted[] = [];
      const wallMs = await runLoops(count, clients, async (i) => {
        const s = await submit(signed[from + i]);
        if (s) done.push(s);
      });
      return { done, wallMs };
    };

    /** Until every talon's materials are stored (a cheap count); how many are. */
    const untilMaterialsStored = async (talons: string[]) =>
      processing
        ? pollUntil(talons.length, async () => (await sys.db.prisma.reportMaterial.groupBy({ by: ['talon'], where: { talon: { in: talons } } })).length)
        : 0;

    /**
     * Until every talon's intake is done (its registry officers told: the intake's last step),
     * then a second more for the server's own follow-up (timers, visibility), so that no work of
     * these reports is left to run beside the measured submissions.
     */
    const untilIntakeDone = async (talons: string[]) => {
      if (!processing) return;
      await pollUntil(talons.length, async () => {
        const [{ told }] = await sys.pg.query(
          'erdr',
          `SELECT count(DISTINCT split_part(dedupe_key, '/', 1))::int AS told FROM notification
           WHERE dedupe_key LIKE 'report-%/awaiting-registration/%' AND split_part(dedupe_key, '/', 1) = ANY($1)`,
          [talons.map((t) => `report-${t}`)],
        );
        return told;
      });
      await new Promise((r) => setTimeout(r, 1000));
    };

    // 1. One client at a time: the latency of the 202 without contention.
    say(`serial: ${opts.serial} submissions, one client…`);
    probe.reset();
    const serial = await submitAll(0, opts.serial, 1);
    const serialProbe = { server: probe.server, ocsp: probe.ocsp };
    probe.reset();
    await untilIntakeDone(serial.done.map((s) => s.talon));

    // 2. Warm-up at full concurrency, in bursts the size of the measured one, each worked off
    // before the next. V8 compiles the serving code with its optimising compiler only after a few
    // thousand requests (one API process, front door alone: after 400 submissions, the next 1000
    // still cost 1.5 s of compiling; after 3000, 0.17 s). Each burst's rate and the API's CPU per
    // submission are printed, so a run shows whether the system had settled before the clock.
    const rounds = Math.ceil(opts.warmup / opts.submissions);
    say(`warm-up: ${opts.warmup} submissions in ${rounds} bursts, ${opts.clients} clients…`);
    for (let round = 0; round < rounds; round++) {
      const from = round * opts.submissions;
      const count = Math.min(opts.submissions, opts.warmup - from);
      collectGarbage();
      const cpuBefore = cpuByProcess();
      const burst = await submitAll(opts.serial + from, count, opts.clients);
      const apiCpuSeconds = cpuDelta(cpuBefore, cpuByProcess())[API_PROCESS_LABEL]; // none with the API in this process
      const latencies = burst.done.map((s) => s.latencyMs);
      say(
        `  burst ${round + 1}/${rounds}: ${perSecond(burst.done.length, burst.wallMs).toFixed(1)} /s, p99 ${percentile(latencies, 99).toFixed(1)} ms` +
          (apiCpuSeconds === undefined ? '' : `, API CPU ${((apiCpuSeconds * 1000) / count).toFixed(2)} ms per submission`),
      );
      await untilIntakeDone(burst.done.map((s) => s.talon));
    }

    // 3. The measured run.
    say(`measured: ${opts.submissions} submissions, ${opts.clients} clients…`);
    collectGarbage();
    failures.length = 0;
    probe.reset();
    const profiler = opts.cpuProfile ? await startProfiler() : undefined;
    const pgBefore = await databaseWork(sys);
    const cpuBefore = cpuByProcess();
    const eluBefore = performance.eventLoopUtilization();
    const run = await submitAll(opts.serial + opts.warmup, opts.submissions, opts.clients);
    const elu = performance.eventLoopUtilization(eluBefore);
    const cpu = cpuDelta(cpuBefore, cpuByProcess());
    if (profiler) await profiler.stopInto(opts.cpuProfile!);
    const runProbe = { server: probe.server, ocsp: probe.ocsp, workflowStart: probe.workflowStart };
    probe.reset();
    const runFailures = [...failures];
    if (opts.latencies) fs.writeFileSync(opts.latencies, run.done.map((s) => `${s.startedAtMs} ${s.latencyMs.toFixed(1)}\n`).join(''));
    const talons = run.done.map((s) => s.talon);
    say('waiting for every report to reach awaiting registration…');
    const waitedFrom = performance.now();
    const stored = await untilMaterialsStored(talons);
    const drainMs = performance.now() - waitedFrom;
    // Everything each report cost, from its POST to awaiting registration, in every process.
    const cpuToAwaiting = cpuDelta(cpuBefore, cpuByProcess());
    await new Promise((r) => setTimeout(r, 1500)); // PostgreSQL publishes its counters about once a second
    const pgAfter = await databaseWork(sys);

    // 4. Raw starts of a workflow that does nothing, same client, server and concurrency.
    const noopQueue = `bench-noop-${randomUUID().slice(0, 8)}`;
    noopWorker = await workerFor(sys.env, {
      taskQueue: noopQueue,
      workflowsPath: path.join(__dirname, 'bench-workflows.ts'),
      dataConverter: { payloadCodecs: sys.client.options.dataConverter.payloadCodecs },
    });
    noopRunning = noopWorker.run();
    const startNoop = async (i: number, phase: string) => {
      await originalStart(benchNoopWorkflow, { taskQueue: noopQueue, workflowId: `${noopQueue}-${phase}-${i}`, args: [] });
    };
    say(`raw starts: warm-up ${opts.warmup}, then ${opts.rawStarts} no-op workflows, ${opts.clients} clients…`);
    // As many warm-up starts as reports went before, so that neither side meets a colder server.
    await runLoops(opts.warmup, opts.clients, (i) => startNoop(i, 'warm'));
    collectGarbage();
    const rawLatencies: number[] = [];
    const rawCpuBefore = cpuByProcess();
    const rawWallMs = await runLoops(opts.rawStarts, opts.clients, async (i) => {
      const t = performance.now();
      await startNoop(i, 'run');
      rawLatencies.push(performance.now() - t);
    });
    const rawCpu = cpuDelta(rawCpuBefore, cpuByProcess());
    // The no-op workflows complete at once; let the last ones finish before counting their cost.
    await new Promise((r) => setTimeout(r, 1000));
    const rawCpuAll = cpuDelta(rawCpuBefore, cpuByProcess());

    // 5. From each history: when each workflow awaited registration, and where the time went.
    say('reading the workflow histories…');
    const { toAwaiting, segments, notAwaiting, historyLengths, activityCounts } = await readHistories(sys.client, processing ? run.done : []);
    // And the workflows themselves say so (after the measurement: queries cost worker time).
    let confirmed = 0;
    await runLoops(processing ? run.done.length : 0, 8, async (i) => {
      const state = await sys.client.workflow.getHandle(`report-${run.done[i].talon}`).query(getReport);
      if (state.status === 'AWAITING_REGISTRATION' && state.materials.length >= opts.attachments) confirmed++;
    });

    // ── Report ─────────────────────────────────────────────────────────────────────────────
    const latencies = run.done.map((s) => s.latencyMs);
    const submissionsPerSec = perSecond(run.done.length, run.wallMs);
    const rawStartsPerSec = perSecond(opts.rawStarts, rawWallMs);
    const result = {
      submissionsPerSec: round1(submissionsPerSec),
      rawStartsPerSec: round1(rawStartsPerSec),
      ratio: Math.round((submissionsPerSec / rawStartsPerSec) * 1000) / 1000,
      p50Ms: round1(percentile(latencies, 50)),
      p95Ms: round1(percentile(latencies, 95)),
      p99Ms: round1(percentile(latencies, 99)),
      toAwaitingP95Ms: round1(percentile(toAwaiting, 95)),
      clients: opts.clients,
    };

    const perReport = (n: number) => (n / Math.max(1, run.done.length)).toFixed(1);
    const out: string[] = [
      '',
      `Crime-report submission benchmark — ${os.cpus().length} cores, Node ${process.version}, ${opts.clients} clients, ${opts.attachments} attachment(s) per report, API: ${opts.api === 'process' ? `its own ${opts.apiProcesses === 1 ? 'process' : `${opts.apiProcesses} processes`}` : 'in this process'}, worker and report starter: ${opts.worker === 'none' ? 'none (front door only)' : opts.worker === 'process' ? `their own process, nice ${opts.workerNice}` : opts.worker}`,
      '',
      `  submissions          ${run.done.length} accepted (202) of ${opts.submissions} in ${(run.wallMs / 1000).toFixed(2)} s → ${submissionsPerSec.toFixed(1)} /s${runFailures.length ? `; ${runFailures.length} failed, first: ${runFailures[0]}` : ''}`,
      `  raw workflow starts  ${opts.rawStarts} no-op workflows in ${(rawWallMs / 1000).toFixed(2)} s → ${rawStartsPerSec.toFixed(1)} /s`,
      `  ratio                ${result.ratio} (target ≥ 0.5: ${result.ratio >= 0.5 ? 'met' : 'NOT met'})`,
      `  202 latency p99      ${ms(result.p99Ms)} (target < 150 ms at 20 clients: ${result.p99Ms < 150 ? 'met' : 'NOT met'})`,
      `  awaiting registration reached: ${toAwaiting.length} from histories, ${confirmed} confirmed by query, ${notAwaiting} not reached; materials stored ${stored}/${talons.length}, drained ${(drainMs / 1000).toFixed(2)} s after the last 202`,
      '',
      'Latency',
      latencyRow(`202, client side (${opts.clients} clients)`, latencies),
      latencyRow('202, server side (request start → response finished; --api in-process)', runProbe.server),
      latencyRow('  of which OCSP round trip (signature check)', runProbe.ocsp),
      latencyRow('workflow start by the report starter (after the 202; in-process)', runProbe.workflowStart),
      latencyRow(
        '202, client side (1 client)',
        serial.done.map((s) => s.latencyMs),
      ),
      latencyRow('  server side (1 client)', serialProbe.server),
      latencyRow('  of which OCSP round trip (1 client)', serialProbe.ocsp),
      latencyRow(`raw no-op workflow start (${opts.clients} clients)`, rawLatencies),
      latencyRow('POST start → AWAITING_REGISTRATION with materials', toAwaiting),
      ...Object.entries(segments).map(([name, samples]) => latencyRow(`  ${name}`, samples)),
      '',
      'CPU while submitting',
      `  ${cpuLine(cpu, run.wallMs)}; event loop of this process busy ${Math.round(elu.utilization * 100)}%`,
      'CPU while starting no-op workflows',
      `  ${cpuLine(rawCpu, rawWallMs)}`,
      'CPU per report, from its POST to awaiting registration (measured run and drain), and per no-op workflow',
      ...perItem(cpuToAwaiting, run.done.length, rawCpuAll, opts.rawStarts),
      `Temporal per report until awaiting registration: ${mean(historyLengths).toFixed(1)} history events, ${mean(activityCounts).toFixed(1)} activities, local ones included (a no-op workflow: 5 events, none)`,
      `PostgreSQL per report: ${perReport(pgAfter.xact_commit - pgBefore.xact_commit)} committed transactions (each single Prisma query is one), ${perReport(pgAfter.tup_inserted - pgBefore.tup_inserted)} rows inserted, ${perReport(pgAfter.tup_updated - pgBefore.tup_updated)} updated, ${perReport(pgAfter.tup_fetched - pgBefore.tup_fetched)} fetched`,
      '',
    ];
    printed = `${out.join('\n')}\n${JSON.stringify(result)}\n`;
  } finally {
    if (noopWorker) {
      noopWorker.shutdown();
      await noopRunning;
    }
    await workerProcess?.stop();
    await apiProcess?.stop();
    await sys.stop();
    await pki.close();
    fs.rmSync(pkiDir, { recursive: true, force: true });
  }
  // Printed once every part has stopped, so that nothing a part logs while stopping comes after
  // the JSON line.
  process.stdout.write(printed);
}

main().then(
  () => {
    // The Temporal runtime keeps native handles; the run is over.
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`bench-reports: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
