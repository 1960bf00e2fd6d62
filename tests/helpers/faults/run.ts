// The run: start the system, sign the reports, submit and register them from concurrent clients
// while each part in turn is killed and started again, then check what became of each.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { loginAs, signWith } from '../pki';
import { reportContent } from '../report';
import { check } from './check';
import { Gate, post, retryable, type Submission } from './citizens';
import { queryOnce } from './postgres-part';
import { sleep, until } from './processes';
import type { FaultCounts, FaultRunOptions, FaultRunResult } from './run-options';
import { FaultSystem } from './system';

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
    const startedWorkflows = async () =>
      (await queryOnce<{ n: number }>(sys.postgres.url, 'SELECT count(*)::int AS n FROM report WHERE workflow_started_at IS NOT NULL'))[0].n;
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
        const outbox = async () =>
          (await queryOnce<{ n: number }>(sys.postgres.url, 'SELECT count(*)::int AS n FROM report WHERE workflow_started_at IS NULL'))[0].n;
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
  counts ??= {
    submissions: opts.submissions,
    talons: 0,
    duplicates: 0,
    lost: opts.submissions,
    workflows: 0,
    awaiting: 0,
    kui: 0,
    kills,
    retries,
    kuiRetries,
    startedBy: {},
  };
  const c = counts;
  const line =
    `faults: submissions=${c.submissions} talons=${c.talons} duplicates=${c.duplicates} lost=${c.lost} workflows=${c.workflows} ` +
    `awaiting=${c.awaiting} kui=${c.kui} kills=${inBraces(c.kills)} retries=${c.retries} kuiRetries=${c.kuiRetries} startedBy=${inBraces(c.startedBy)}`;
  return { counts: c, problems, line, recoveries, logsDir: sys.logsDir, logTails: () => (fs.existsSync(sys.logsDir) ? sys.logTails() : '') };
}

const inBraces = (counts: Record<string, number>) =>
  `{${Object.entries(counts)
    .map(([k, n]) => `${k}:${n}`)
    .join(',')}}`;
