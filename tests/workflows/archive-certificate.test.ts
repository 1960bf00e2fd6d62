// The archive certificate (004, Regulation A) on the time-skipping test server: every step of the
// provider within its limit (met, nothing sent), every step past its limit (breached at exactly its
// limit, escalated to the rule's people, completed late), the dispatch a day before the service's
// term, both retentions (an uncollected result destroyed after 6 months, the submitted documents
// after 2 years), the refusal when the second signature check fails, and steps out of order.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DAY, HOUR, MINUTE, DEADLINE_RULES, type DeadlineRuleId } from '../../domain/deadlines';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { MakeArchiveResultInput, StateServiceProjection } from '../../activities/archive-certificate';
import type { PersonNotice } from '../../activities/notifications';
import type { OfficialsNotice } from '../../activities/officials';
import {
  addMonths,
  ARCHIVE_SERVICE_TERM_MS,
  archiveCertificateWorkflowId,
  type ArchiveCertificateInput,
  type ArchiveStepRequest,
} from '../../domain/archive-certificate';
import { archiveCertificateWorkflow, archiveStep, getArchiveCertificate } from '../../workflows/archive-certificate';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'archive-certificate-test';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const records: DeadlineRecordRow[] = [];
const rows: StateServiceProjection[] = [];
const made: MakeArchiveResultInput[] = [];
const told: PersonNotice[] = [];
const officials: OfficialsNotice[] = [];
const destroyed: { what: 'result' | 'documents'; requestId: string; at: number }[] = [];
const invalid = new Set<string>();

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async recordDeadline(r: DeadlineRecordRow) {
    records.push(r);
  },
  async verifyStateServiceRequest({ requestId }: { requestId: string }) {
    return invalid.has(requestId) ? { valid: false, reasons: [{ code: 'CERT_REVOKED', message: 'revoked' }] } : { valid: true, reasons: [] };
  },
  async recordStateServiceState(p: StateServiceProjection) {
    rows.push(p);
  },
  async makeArchiveResult(input: MakeArchiveResultInput) {
    made.push(input);
    return { sha256: 'a'.repeat(64) };
  },
  async destroyUncollectedResult({ requestId }: { requestId: string }) {
    destroyed.push({ what: 'result', requestId, at: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async destroySubmittedDocuments({ requestId }: { requestId: string }) {
    destroyed.push({ what: 'documents', requestId, at: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async notifyPerson(n: PersonNotice) {
    told.push(n);
    return { channels: ['cabinet'] };
  },
  async notifyOfficials(n: OfficialsNotice) {
    officials.push(n);
  },
};

const RECIPIENT = '900315300127';
const OFFICE = '850101400012';
const HEAD = '750505300013';
const EXECUTOR = '880808300014';
const OPERATOR = '820202400015';

jest.setTimeout(180_000);

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(() => {
  for (const list of [notices, records, rows, made, told, officials, destroyed]) list.length = 0;
});

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(fn());
}

async function start(over: Partial<ArchiveCertificateInput> = {}) {
  const now = await env.currentTimeMs();
  const requestId = randomUUID();
  const input: ArchiveCertificateInput = {
    requestId,
    channel: 'PORTAL',
    receivedAt: new Date(now).toISOString(),
    serviceDueAt: new Date(now + ARCHIVE_SERVICE_TERM_MS).toISOString(),
    request: {
      recipientIin: RECIPIENT,
      recipientName: 'Әбілқасымов Ерлан Серікұлы',
      bodyCode: '711303',
      requested: 'CERTIFICATE',
      subject: '1998 жылғы қылмыстық іс бойынша сотталғандығы туралы архивтік анықтама',
      language: 'kk',
      collectionBranch: 'Астана қ., Сарыарқа ауданы бойынша ХҚКО',
    },
    submittedByIin: RECIPIENT,
    ...over,
  };
  const handle = await env.client.workflow.start(archiveCertificateWorkflow, { args: [input], taskQueue, workflowId: archiveCertificateWorkflowId(requestId) });
  // The intake (second check, the recipient and the office told) before time moves.
  for (let i = 0; i < 200 && !officials.some((o) => o.subject === requestId); i++) await new Promise((r) => setTimeout(r, 25));
  return { handle, input, startedAt: now };
}

const by: Record<ArchiveStepRequest['step'], string> = {
  accept: OFFICE,
  register: OFFICE,
  assign: HEAD,
  draft: EXECUTOR,
  sign: HEAD,
  envelope: EXECUTOR,
  dispatch: OFFICE,
  collect: OPERATOR,
};
const STEPS: ArchiveStepRequest[] = [
  { step: 'accept' },
  { step: 'register', registrationNumber: 'АС-2026/114' },
  { step: 'assign', executorIin: EXECUTOR },
  { step: 'draft', outcome: 'CERTIFICATE', findings: 'Қылмыстық іс № 98-114, 1998 жылы тоқтатылған (ҚІЖК 37-бабы).', pages: 2 },
  { step: 'sign' },
  { step: 'envelope' },
  { step: 'dispatch', method: 'COURIER_REGISTER', dispatchNumber: 'Т-55' },
];
const take = (h: Awaited<ReturnType<typeof start>>['handle'], s: ArchiveStepRequest) =>
  h.executeUpdate(archiveStep, { args: [{ ...s, byIin: by[s.step], byName: `Official ${by[s.step]}` }] });

/** The last record written for each deadline key: what the statistics table holds. */
const lastRecords = (workflowId: string) => {
  const last = new Map<string, DeadlineRecordRow>();
  for (const r of records.filter((x) => x.workflowId === workflowId)) last.set(r.key, r);
  return last;
};

test('every step within its limit: each deadline met, no reminder or escalation; collected; the documents destroyed after 2 years', async () => {
  await withWorker(async () => {
    const { handle, startedAt } = await start();
    expect(told.map((t) => t.dedupeKey.split('/')[1])).toEqual(['accepted']);
    expect(officials).toEqual([expect.objectContaining({ roles: ['registry_officer'], kind: 'archive.received', bodyCode: '711303' })]);
    for (const s of STEPS) {
      await env.sleep(10 * MINUTE);
      const state = await take(handle, s);
      expect(state.history.at(-1)).toMatchObject({ what: `archive.${s.step}`, by: by[s.step] });
    }
    const dispatched = await handle.query(getArchiveCertificate);
    expect(dispatched).toMatchObject({
      status: 'DISPATCHED',
      registrationNumber: 'АС-2026/114',
      executorIin: EXECUTOR,
      result: { outcome: 'CERTIFICATE' },
      dispatch: { method: 'COURIER_REGISTER' },
    });
    expect(made).toEqual([
      expect.objectContaining({
        registrationNumber: 'АС-2026/114',
        signatory: { name: `Official ${HEAD}` },
        draft: expect.objectContaining({ outcome: 'CERTIFICATE', pages: 2 }),
      }),
    ]);
    expect(told.map((t) => t.dedupeKey.split('/')[1])).toEqual(['accepted', 'dispatched']);

    await env.sleep(20 * DAY);
    await take(handle, { step: 'collect', collectedBy: 'RECIPIENT' });
    const result = await handle.result();
    expect(result.status).toBe('COLLECTED');
    expect(result.deadlines.map((d) => [d.rule, d.state])).toEqual(
      expect.arrayContaining(
        ['archive.accept', 'archive.register', 'archive.assign', 'archive.draft', 'archive.sign', 'archive.envelope', 'archive.dispatch'].map((r) => [
          r,
          'met',
        ]),
      ),
    );
    expect(result.deadlines).toHaveLength(7);
    expect(notices).toEqual([]);
    // The collected result is kept; the submitted documents go after 2 years from receipt (A-p.11).
    expect(destroyed.map((d) => d.what)).toEqual(['documents']);
    expect(Math.abs(destroyed[0].at - addMonths(startedAt, 24))).toBeLessThan(MINUTE);
    expect(result.documentsDestroyedAt).toBeDefined();
    // Every deadline is in the records table as met, with its body.
    const last = lastRecords(handle.workflowId);
    expect([...last.values()].map((r) => [r.rule, r.state, r.bodyCode, r.workflowType])).toEqual(
      expect.arrayContaining([...last.keys()].map((k) => [k, 'met', '711303', 'archiveCertificateWorkflow'])),
    );
    expect(last.size).toBe(7);
    expect(rows.at(-1)).toMatchObject({ status: 'COLLECTED', completedAt: expect.any(String) });
  });
});

test('every step past its limit: breached at its limit and escalated, taken late; dispatch due a day before the term; the uncollected result destroyed after 6 months', async () => {
  await withWorker(async () => {
    const wallStart = Date.now();
    const { handle, startedAt } = await start();
    const stepStart: Partial<Record<DeadlineRuleId, number>> = {};
    // A-p.5.1: accept (30 min) and register (2 h 30) both count from arrival.
    stepStart['archive.accept'] = startedAt;
    stepStart['archive.register'] = startedAt;
    const late: [ArchiveStepRequest, DeadlineRuleId, number][] = [
      [STEPS[0], 'archive.accept', 31 * MINUTE],
      [STEPS[1], 'archive.register', 2 * HOUR],
      [STEPS[2], 'archive.assign', 2 * HOUR + MINUTE],
      [STEPS[3], 'archive.draft', 8 * DAY + HOUR],
      [STEPS[4], 'archive.sign', 2 * HOUR + MINUTE],
      [STEPS[5], 'archive.envelope', 2 * HOUR + MINUTE],
    ];
    for (const [i, [s, rule, wait]] of late.entries()) {
      await env.sleep(wait);
      const breach = notices.find((n) => n.rule === rule && n.kind === 'breach');
      expect(breach).toBeDefined();
      expect(breach!.recipients).toEqual([...DEADLINE_RULES[rule].escalateTo]);
      expect(breach!.source).toBe(DEADLINE_RULES[rule].source);
      // At the limit, measured from where the step's clock started.
      expect(Math.abs(breach!.scheduledAt - (stepStart[rule]! + DEADLINE_RULES[rule].limitMs))).toBeLessThan(MINUTE);
      expect((await handle.query(getArchiveCertificate)).deadlines.find((d) => d.rule === rule)?.state).toBe('breached');
      await take(handle, s);
      const next = late[i + 1]?.[1];
      if (next && next !== 'archive.register') stepStart[next] = await env.currentTimeMs();
    }
    // A-p.5.6: the dispatch is due a day before the service's term (15 days here): reminded, then breached at 14 days.
    const dispatchDue = startedAt + ARCHIVE_SERVICE_TERM_MS - DAY;
    await env.sleep(dispatchDue - (await env.currentTimeMs()) + HOUR);
    const dispatchNotices = notices.filter((n) => n.rule === 'archive.dispatch');
    expect(dispatchNotices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
    expect(Math.abs(dispatchNotices[1].scheduledAt - dispatchDue)).toBeLessThan(MINUTE);
    expect(dispatchNotices[1].recipients).toEqual(['head', 'operator']);
    await take(handle, STEPS[6]);
    const dispatchedAt = await env.currentTimeMs();

    // Every step was completed late, and the late completion was reported too.
    const state = await handle.query(getArchiveCertificate);
    expect(state.deadlines.map((d) => d.state)).toEqual(Array(7).fill('late'));
    expect(notices.filter((n) => n.kind === 'late')).toHaveLength(7);
    // The reminders went to whom the rules name, before the limits.
    expect(notices.find((n) => n.rule === 'archive.draft' && n.kind === 'reminder')?.recipients).toEqual(['official']);

    // A-p.10: nobody collects it: destroyed 6 months after dispatch, journalled; the documents after 2 years (A-p.11).
    const result = await handle.result();
    expect(result.status).toBe('RESULT_DESTROYED');
    expect(result.result).toBeUndefined();
    expect(destroyed.map((d) => d.what)).toEqual(['result', 'documents']);
    expect(Math.abs(destroyed[0].at - addMonths(dispatchedAt, 6))).toBeLessThan(MINUTE);
    expect(Math.abs(destroyed[1].at - addMonths(startedAt, 24))).toBeLessThan(MINUTE);
    expect(result.history.map((e) => e.what)).toEqual(expect.arrayContaining(['archive.result-destroyed', 'archive.documents-destroyed']));
    expect(rows.filter((r) => r.status === 'RESULT_DESTROYED')).toEqual([expect.objectContaining({ resultSha256: null })]);
    const last = lastRecords(handle.workflowId);
    expect([...last.values()].every((r) => r.state === 'late' && r.breachedAt && r.completedAt)).toBe(true);
    expect(Date.now() - wallStart).toBeLessThan(60_000);
    await recordHistory('archive-certificate-late-steps', handle);
  });
});

test('the second signature check fails (A-p.8.2 condition 3): refused, the recipient told, no step is possible', async () => {
  await withWorker(async () => {
    const requestId = randomUUID();
    invalid.add(requestId);
    const now = await env.currentTimeMs();
    const h = await env.client.workflow.start(archiveCertificateWorkflow, {
      taskQueue,
      workflowId: archiveCertificateWorkflowId(requestId),
      args: [
        {
          requestId,
          channel: 'STATE_CORPORATION',
          receivedAt: new Date(now).toISOString(),
          serviceDueAt: new Date(now + ARCHIVE_SERVICE_TERM_MS).toISOString(),
          submittedByIin: OPERATOR,
          request: {
            recipientIin: RECIPIENT,
            recipientName: 'Әбілқасымов Ерлан',
            bodyCode: '711303',
            requested: 'COPIES',
            subject: 'Копия постановления 2001 года',
            language: 'ru',
            collectionBranch: 'ЦОН Сарыарка',
          },
        },
      ],
    });
    for (let i = 0; i < 200 && !told.some((t) => t.dedupeKey.endsWith('/rejected')); i++) await new Promise((r) => setTimeout(r, 25));
    await expect(take(h, { step: 'accept' })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const result = await h.result();
    expect(result.status).toBe('REJECTED');
    expect(result.rejection?.reasons[0].code).toBe('CERT_REVOKED');
    expect(result.deadlines).toEqual([]);
    expect(destroyed.map((d) => d.what)).toEqual(['documents']);
    expect(officials).toEqual([]);
  });
});

test('steps out of order, and the draft by anyone but the assigned executor, are refused and change nothing', async () => {
  await withWorker(async () => {
    const { handle } = await start();
    const refused = async (p: Promise<unknown>, code: string) => {
      const e = await p.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((e as WorkflowUpdateFailedError).cause).toMatchObject({ type: code });
    };
    await refused(take(handle, STEPS[1]), 'STEP_OUT_OF_ORDER');
    await take(handle, STEPS[0]);
    await take(handle, STEPS[1]);
    await take(handle, STEPS[2]);
    await refused(handle.executeUpdate(archiveStep, { args: [{ ...STEPS[3], byIin: OFFICE, byName: 'Someone else' }] }), 'NOT_THE_EXECUTOR');
    await refused(take(handle, { step: 'collect', collectedBy: 'RECIPIENT' }), 'STEP_OUT_OF_ORDER');
    const state = await handle.query(getArchiveCertificate);
    expect(state.status).toBe('ASSIGNED');
    expect(state.draft).toBeUndefined();
    await handle.terminate('test over');
  });
});
