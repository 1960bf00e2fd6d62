// The crime-report workflow on the time-skipping server, with the activities replaced by
// recorders: the 24-hour decision deadline (reminder at 18 h, escalation at 24 h, a decision at
// 30 h recorded as late), the order of the steps, transfer with the clock running, and the rules
// the updates enforce.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOUR } from '../../domain/deadlines';
import { bodiesOf, districtsOf, regions } from '../../domain/dictionaries';
import type { DeadlineNotice } from '../../activities/deadlines';
import type { ReportProjection } from '../../activities/report';
import { decideReport, getReport, registerInKui, reportWorkflow, type ReportInput } from '../../workflows/report';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../platform/worker';
import { createDevServerEnv, createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'report-test';
const calls: { name: string; input: any; at: number }[] = [];
let signatureValid = true;
/** Attempts of the signature re-check that find the revocation services down before one answers. */
let revocationOutages = 0;
/** Notice kinds the applicant's mail server refuses for good (a bounced address). */
let refusedKinds: string[] = [];
/** How long the signature re-check takes (an officer's action can arrive meanwhile). */
let verifyDelayMs = 0;
let counter = 0;

const record = (name: string) => async (input: any) => {
  calls.push({ name, input, at: Context.current().info.currentAttemptScheduledTimestampMs });
};
const activities = {
  notifyDeadline: record('notifyDeadline') as (n: DeadlineNotice) => Promise<void>,
  recordDeadline: record('recordDeadline'),
  notifyPerson: async (n: any) => {
    await record('notifyPerson')(n);
    if (refusedKinds.includes(n.kind)) throw ApplicationFailure.nonRetryable(`notice ${n.dedupeKey} refused on email (550)`, 'NOTICE_REFUSED');
    return { channels: ['cabinet'] };
  },
  notifyOfficials: record('notifyOfficials'),
  recordReportState: record('recordReportState') as (p: ReportProjection) => Promise<void>,
  registerCase: record('registerCase'),
  async verifyStoredReport() {
    await new Promise((r) => setTimeout(r, verifyDelayMs));
    if (revocationOutages > 0) {
      revocationOutages--;
      throw ApplicationFailure.retryable('OCSP does not answer', 'REVOCATION_UNAVAILABLE');
    }
    return signatureValid ? { valid: true, reasons: [] } : { valid: false, reasons: [{ code: 'CERT_REVOKED', message: 'revoked' }] };
  },
  async attachReportMaterials(input: unknown) {
    await record('attachReportMaterials')(input);
    return [
      { name: 'арыз.pdf', sha256: 'a'.repeat(64), mediaType: 'application/pdf', size: 10, kind: 'attachment' as const, addedAt: new Date().toISOString() },
    ];
  },
  async allocateRegisterNumber({ kind, bodyCode }: { kind: 'KUI' | 'ERDR'; bodyCode: string }) {
    return `26${bodyCode}${kind === 'KUI' ? 0 : 1}${String(++counter).padStart(6, '0')}`;
  },
};

const region = regions().find((r) => r.id === 'kz-ast')!;
const district = districtsOf(region.id)![0];
const body = bodiesOf(district.id)![0];
const otherBody = bodiesOf(districtsOf(region.id)![1].id)![0];

// Received "now" on the test server's clock, which runs ahead once time has been skipped.
const input = async (): Promise<ReportInput> => ({
  talon: `26${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`,
  submittedAt: new Date(await env.currentTimeMs()).toISOString(),
  applicant: { iin: '900101300057', fullName: 'Әбілқасымов Ерлан Серікұлы', locale: 'kk' },
  bodyCode: body.code,
  content: {
    offenceAt: '2026-11-20T21:30:00+05:00',
    fabula: 'Түнде көлігімнің әйнегі сындырылып, ішіндегі сөмке ұрланды.',
    regionId: region.id,
    districtId: district.id,
    bodyId: body.id,
    applicant: { address: 'Астана қ., Сарыарқа ауданы, Жеңіс даңғылы 1', email: 'erlan@example.kz', phone: '+77011234567' },
    falseReportWarningAccepted: true,
    attachments: [],
  },
});

// Registering in the ERDR starts the case workflow as a child; its activities are not part of this
// suite, so it waits on them. Each test therefore gets a test server of its own: a time-skipping
// server's clock is shared by everything on it, and a waiting child must not hold it for the next test.
jest.setTimeout(120_000);
beforeEach(() => {
  calls.length = 0;
  signatureValid = true;
  revocationOutages = 0;
  refusedKinds = [];
  verifyDelayMs = 0;
});

const run = async <T>(fn: () => Promise<T>, server: () => Promise<TestWorkflowEnvironment> = createTimeSkippingEnv): Promise<T> => {
  env = await server();
  try {
    const worker = await workerFor(env, { taskQueue, activities });
    return await worker.runUntil(fn());
  } finally {
    await env.teardown();
  }
};
const start = (i: ReportInput) => env.client.workflow.start(reportWorkflow, { args: [i], taskQueue, workflowId: `report-${i.talon}` });

test('no decision: reminder at 18 h, escalation to prosecutor and head at 24 h, decision at 30 h recorded as late', async () => {
  await run(async () => {
    const i = await input();
    const handle = await start(i);
    const t0 = Date.parse(i.submittedAt);
    await handle.executeUpdate(registerInKui, { args: [{ officialIin: '850101300011' }] });

    await env.sleep(30 * HOUR);
    const deadlineNotices = calls.filter((c) => c.name === 'notifyDeadline').map((c) => c.input as DeadlineNotice);
    expect(deadlineNotices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
    const at = calls.filter((c) => c.name === 'notifyDeadline').map((c) => c.at - t0);
    expect(at[0]).toBeGreaterThanOrEqual(18 * HOUR);
    expect(at[0]).toBeLessThan(18 * HOUR + 60_000);
    expect(at[1]).toBeGreaterThanOrEqual(24 * HOUR);
    expect(at[1]).toBeLessThan(24 * HOUR + 60_000);
    expect(deadlineNotices[1].recipients).toEqual(['prosecutor', 'head']);
    const breached = await handle.query(getReport);
    expect(breached.status).toBe('REGISTERED_KUI');
    expect(breached.deadlines[0].state).toBe('breached');

    const decided = await handle.executeUpdate(decideReport, { args: [{ kind: 'REGISTER_ERDR', officialIin: '850101300011' }] });
    expect(decided.status).toBe('REGISTERED_ERDR');
    expect(decided.erdrNumber).toMatch(new RegExp(`^26${body.code}1\\d{6}$`));
    expect(decided.decision).toMatchObject({ kind: 'REGISTER_ERDR', late: true });
    const result = await handle.result();
    expect(result.deadlines[0].state).toBe('late');
    expect(calls.filter((c) => c.name === 'notifyDeadline').map((c) => c.input.kind)).toEqual(['reminder', 'breach', 'late']);
    // Each change of the deadline is written for the statistics: started, reminded, breached, done late.
    const written = calls.filter((c) => c.name === 'recordDeadline').map((c) => c.input);
    expect(written.map((r) => [r.rule, r.state, Boolean(r.remindedAt), Boolean(r.breachedAt)])).toEqual([
      ['report.decision', 'pending', false, false],
      ['report.decision', 'pending', true, false],
      ['report.decision', 'breached', true, true],
      ['report.decision', 'late', true, true],
    ]);
    expect(written.every((r) => r.workflowId === `report-${i.talon}` && r.bodyCode === i.bodyCode)).toBe(true);
    // The records are local activities, inside the workflow task that changed the deadline: none
    // goes through the server as an activity task of its own.
    const { events } = await handle.fetchHistory();
    const scheduledNames = events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(scheduledNames).not.toContain('recordDeadline');
    // The same story as recorded by earlier code: report-late-erdr-intake-local.json (before deadlines
    // were written; its intake patches since retired with deprecatePatch) and
    // report-late-erdr-recorded-deadlines.json (records written as activities) and
    // report-late-erdr-deadline-records-local.json (materials stored even when there were none).
    await recordHistory('report-late-erdr-materials-when-attached', handle);
  });
});

test('the steps in order, and the applicant told of each status', async () => {
  await run(async () => {
    const i = await input();
    const handle = await start(i);
    const kui = await handle.executeUpdate(registerInKui, { args: [{ officialIin: '850101300011' }] });
    expect(kui.kuiNumber).toMatch(new RegExp(`^26${body.code}0\\d{6}$`));
    await handle.executeUpdate(decideReport, {
      args: [{ kind: 'REFUSE', reason: 'Қылмыс құрамы жоқ / no elements of an offence', officialIin: '850101300011' }],
    });
    const result = await handle.result();
    expect(result.status).toBe('REFUSED');
    expect(result.deadlines[0].state).toBe('met');
    expect(result.history.map((h) => h.status)).toEqual(['AWAITING_REGISTRATION', 'REGISTERED_KUI', 'REFUSED']);
    const told = calls.filter((c) => c.name === 'notifyPerson').map((c) => c.input.kind + ':' + (c.input.data.status ?? ''));
    expect(told).toEqual(['report.accepted:', 'report.status:REGISTERED_KUI', 'report.status:REFUSED']);
    expect(calls.find((c) => c.name === 'notifyOfficials')!.input).toMatchObject({
      bodyCode: body.code,
      roles: ['registry_officer'],
      kind: 'report.awaiting_registration',
    });
    expect(calls.filter((c) => c.name === 'notifyDeadline')).toEqual([]);
  });
});

test('a transfer moves the report to the other body with the clock still running; that body decides', async () => {
  await run(async () => {
    const i = await input();
    const handle = await start(i);
    await handle.executeUpdate(registerInKui, { args: [{ officialIin: '850101300011' }] });
    await env.sleep(20 * HOUR);
    const moved = await handle.executeUpdate(decideReport, {
      args: [{ kind: 'TRANSFER', toBodyId: otherBody.id, reason: 'Тергеулігі бойынша / by jurisdiction', officialIin: '850101300011' }],
    });
    expect(moved).toMatchObject({ status: 'TRANSFERRED', bodyCode: otherBody.code });
    await expect(
      handle.executeUpdate(decideReport, { args: [{ kind: 'TRANSFER', toBodyId: otherBody.id, reason: 'again to the same body', officialIin: '1' }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await env.sleep(5 * HOUR); // 25 h since receipt: breached, escalated to the new body
    const escalation = calls.find((c) => c.name === 'notifyDeadline' && c.input.kind === 'breach')!;
    expect(escalation.input.body).toBe(i.bodyCode); // the deadline's body is where the clock started
    await handle.executeUpdate(decideReport, {
      args: [{ kind: 'ATTACH_TO_CASE', erdrNumber: '261234561000001', reason: 'Бұрын тіркелген іске қосылды', officialIin: '850101300022' }],
    });
    const result = await handle.result();
    expect(result.status).toBe('ATTACHED_TO_CASE');
    expect(result.decision).toMatchObject({ late: true });
    expect(
      calls
        .filter((c) => c.name === 'recordReportState')
        .map((c) => c.input.bodyCode)
        .at(-1),
    ).toBe(otherBody.code);
  });
});

test('rules: no decision before the KUI registration, no second registration, nothing after the decision', async () => {
  await run(async () => {
    const handle = await start(await input());
    await expect(handle.executeUpdate(decideReport, { args: [{ kind: 'REGISTER_ERDR', officialIin: '1' }] })).rejects.toThrow(WorkflowUpdateFailedError);
    await handle.executeUpdate(registerInKui, { args: [{ officialIin: '1' }] });
    await expect(handle.executeUpdate(registerInKui, { args: [{ officialIin: '1' }] })).rejects.toThrow(WorkflowUpdateFailedError);
    expect(calls.filter((c) => c.name === 'recordReportState').length).toBe(1); // KUI only (the API wrote the accepted row); the refused ones wrote nothing
    await handle.executeUpdate(decideReport, { args: [{ kind: 'REGISTER_ERDR', officialIin: '1' }] });
    expect((await handle.result()).status).toBe('REGISTERED_ERDR');
  });
});

test('two registrations at once (a retry racing its original): one registers, the other is refused', async () => {
  await run(async () => {
    const handle = await start(await input());
    const both = await Promise.allSettled([1, 2].map(() => handle.executeUpdate(registerInKui, { args: [{ officialIin: '1' }] })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = both.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(['REGISTRATION_IN_PROGRESS', 'ALREADY_REGISTERED']).toContain(refused.cause.type);
    expect((await handle.query(getReport)).history.filter((h) => h.status === 'REGISTERED_KUI')).toHaveLength(1);
    expect(calls.filter((c) => c.name === 'recordReportState')).toHaveLength(1);
  });
});

test('a signature found invalid after acceptance ends in REJECTED, and the applicant is told why', async () => {
  await run(async () => {
    signatureValid = false;
    const result = await env.client.workflow.execute(reportWorkflow, { args: [await input()], taskQueue, workflowId: `report-${randomUUID()}` });
    expect(result.status).toBe('REJECTED');
    expect(result.rejectionReasons).toEqual([{ code: 'CERT_REVOKED', message: 'revoked' }]);
    expect(calls.filter((c) => c.name === 'notifyPerson').at(-1)!.input).toMatchObject({ kind: 'report.rejected', data: { reasons: ['revoked'] } });
    expect(calls.some((c) => c.name === 'notifyOfficials')).toBe(false);
  });
});

test('the intake runs inside the workflow task as local activities, retried there when revocation is down', async () => {
  await run(async () => {
    revocationOutages = 1;
    const withFile = await input();
    withFile.content.attachments = [{ id: randomUUID(), sha256: 'a'.repeat(64) }];
    const handle = await start(withFile);
    await handle.executeUpdate(registerInKui, { args: [{ officialIin: '850101300011' }] });
    const events = (await handle.fetchHistory()).events ?? [];
    // The four intake steps, and the deadline record written when the decision clock starts, are
    // markers in the history, all from the first workflow task; no activity task went through the
    // server for them. The first activity task is the KUI registration's number.
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
    expect(scheduled[0]).toBe('allocateRegisterNumber');
    expect(scheduled).not.toContain('verifyStoredReport');
    expect(scheduled).not.toContain('attachReportMaterials');
    expect(scheduled).not.toContain('notifyOfficials');
    const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(markers).toHaveLength(5);
    expect(new Set(markers.map((e) => String(e.markerRecordedEventAttributes!.workflowTaskCompletedEventId)))).toEqual(new Set(['3']));
    // The re-check found the revocation services down once, was retried, and the report went on.
    expect(revocationOutages).toBe(0);
    const state = await handle.query(getReport);
    expect(state.materials).toHaveLength(1);
    expect(calls.find((c) => c.name === 'notifyOfficials')!.input.kind).toBe('report.awaiting_registration');
  });
});

test('a report without attachments skips storing materials: four intake steps, and the officers are told', async () => {
  await run(async () => {
    const handle = await start(await input());
    const registered = await handle.executeUpdate(registerInKui, { args: [{ officialIin: '850101300011' }] });
    expect(registered.status).toBe('REGISTERED_KUI');
    expect(registered.materials).toEqual([]);
    expect(calls.some((c) => c.name === 'attachReportMaterials')).toBe(false);
    expect(calls.find((c) => c.name === 'notifyOfficials')!.input.kind).toBe('report.awaiting_registration');
    const events = (await handle.fetchHistory()).events ?? [];
    const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(markers).toHaveLength(4);
  });
});

test('a registration that arrives while the report is being accepted waits for the intake, and the history replays', async () => {
  // On a real server (the dev server): there patches also upsert TemporalChangeVersion, which a
  // replay must match.
  await run(async () => {
    verifyDelayMs = 700;
    // The registration reaches the workflow in its very first task, together with its start (as
    // when the worker was down while the officer acted).
    const i = await input();
    const startReport = new WithStartWorkflowOperation(reportWorkflow, {
      args: [i],
      taskQueue,
      workflowId: `report-${i.talon}`,
      workflowIdConflictPolicy: 'FAIL',
    });
    const registered = await env.client.workflow.executeUpdateWithStart(registerInKui, {
      args: [{ officialIin: '850101300011' }],
      startWorkflowOperation: startReport,
    });
    expect(registered.status).toBe('REGISTERED_KUI');
    const handle = await startReport.workflowHandle();
    const order = calls.map((c) => c.name).filter((n) => n === 'notifyOfficials' || n === 'recordReportState');
    expect(order).toEqual(['notifyOfficials', 'recordReportState']);
    // A worker that lost the workflow from its cache (a restart) rebuilds it from this history.
    await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, await handle.fetchHistory(), handle.workflowId);
  }, createDevServerEnv);
});

test("an applicant's address that bounces does not stop the report: the notices stay in the cabinet", async () => {
  await run(async () => {
    refusedKinds = ['report.accepted', 'report.status'];
    const handle = await start(await input());
    await handle.executeUpdate(registerInKui, { args: [{ officialIin: '850101300011' }] });
    await handle.executeUpdate(decideReport, {
      args: [{ kind: 'REFUSE', reason: 'Қылмыс құрамы жоқ / no elements of an offence', officialIin: '850101300011' }],
    });
    const result = await handle.result();
    expect(result.status).toBe('REFUSED');
    const told = calls.filter((c) => c.name === 'notifyPerson').map((c) => c.input.kind + ':' + (c.input.data.status ?? ''));
    expect(told).toEqual(['report.accepted:', 'report.status:REGISTERED_KUI', 'report.status:REFUSED']);
  });
});
