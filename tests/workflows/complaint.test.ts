// The complaint process (000 §4.10 modelled on §4.5–4.6; CPC art. 105–106) on the time-skipping test
// server: decided within 3 days (met, no reminder); not decided (reminder at 2 days, the head told at
// 3, decided late); the check extended for materials (the 3-day clock replaced by 10 days from
// receipt: reminder at 8, breach at 10, late); a prosecutor cannot decide a complaint about themselves.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DAY, HOUR } from '../../domain/deadlines';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { AttachSubmissionMaterialsInput, SubmissionStateRow } from '../../activities/petition';
import type { PersonNotice } from '../../activities/notifications';
import type { OfficialsNotice } from '../../activities/officials';
import { complaintWorkflowId, type ComplaintInput } from '../../domain/complaint';
import { answerComplaint, complaintWorkflow, extendComplaintCheck, getComplaint } from '../../workflows/complaint';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'complaint-test';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const told: PersonNotice[] = [];
const rows: SubmissionStateRow[] = [];
/** Deadline records written for the statistics. */
const written: DeadlineRecordRow[] = [];

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async attachSubmissionMaterials(input: AttachSubmissionMaterialsInput) {
    return input.files.map((f) => ({
      name: `${f.id}.pdf`,
      sha256: f.sha256,
      mediaType: 'application/pdf',
      size: 10,
      kind: input.kind,
      addedAt: new Date().toISOString(),
    }));
  },
  async recordDeadline(r: DeadlineRecordRow) {
    written.push(r);
  },
  async recordSubmissionState(row: SubmissionStateRow) {
    rows.push(row);
  },
  async notifyPerson(n: PersonNotice) {
    told.push(n);
    return { channels: ['cabinet'] };
  },
  async notifyOfficials(n: OfficialsNotice) {
    toldOfficials.push(n);
  },
};
const toldOfficials: OfficialsNotice[] = [];

const COMPLAINANT = '900315300127';
const PROSECUTOR = '800202400022';
const OTHER_PROSECUTOR = '790303400033';

const complaint = (over: Partial<ComplaintInput> = {}): ComplaintInput => ({
  complaintId: randomUUID(),
  erdrNumber: '267113031000042',
  submittedAt: new Date().toISOString(),
  complainant: { iin: COMPLAINANT, fullName: 'Әбілқасымов Ерлан Серікұлы', locale: 'kk' },
  subject: 'INVESTIGATOR_ACTION',
  content: 'Тергеуші менің өтінішхатымды үш тәулік ішінде қарамады.',
  language: 'kk',
  attachments: [],
  bodyCode: '711303',
  addresseeIin: PROSECUTOR,
  ...over,
});

const decision = (over: object = {}) => ({
  result: 'UPHELD' as const,
  text: 'Шағым қанағаттандырылды, тергеушіге нұсқау берілді.',
  materials: [],
  prosecutorIin: PROSECUTOR,
  responderName: 'Прокурор Тест Тестұлы',
  ...over,
});

jest.setTimeout(120_000);

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(() => {
  notices.length = 0;
  told.length = 0;
  rows.length = 0;
  written.length = 0;
});

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(fn());
}

async function start(given: ComplaintInput) {
  const input = { ...given, submittedAt: new Date(await env.currentTimeMs()).toISOString() };
  const handle = await env.client.workflow.start(complaintWorkflow, { args: [input], taskQueue, workflowId: complaintWorkflowId(input.complaintId) });
  const expected = input.addresseeIin ? 2 : 1;
  for (let i = 0; i < 100 && told.filter((t) => t.dedupeKey.startsWith(handle.workflowId)).length < expected; i++) await new Promise((r) => setTimeout(r, 50));
  return handle;
}

test('decided on the first day: met, no reminder; the complainant and the supervising prosecutor were told', async () => {
  await withWorker(async () => {
    const h = await start(complaint());
    expect(told.map((t) => [t.iin, t.dedupeKey.split('/')[1]])).toEqual([
      [COMPLAINANT, 'accepted'],
      [PROSECUTOR, 'received'],
    ]);
    await env.sleep(6 * HOUR);
    await h.executeUpdate(answerComplaint, { args: [decision()] });
    const result = await h.result();
    expect(result).toMatchObject({ status: 'ANSWERED', resultLabel: { kk: 'Қанағаттандырылды' }, answer: { result: 'UPHELD', late: false } });
    expect(result.deadlines).toEqual([expect.objectContaining({ key: 'complaint.decision', state: 'met' })]);
    expect(notices).toEqual([]);
    expect(rows.at(-1)).toMatchObject({ status: 'ANSWERED', result: 'UPHELD', overdue: false });
  });
});

test('not decided in 3 days: reminder at 2, the head told at 3 (CPC art. 105–106), decided late on day 4', async () => {
  await withWorker(async () => {
    const h = await start(complaint());
    const startedAt = (await h.describe()).startTime.getTime();
    await env.sleep(3 * DAY + 6 * HOUR);
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
    expect(notices[0].recipients).toEqual(['prosecutor']);
    expect(notices[1]).toMatchObject({ recipients: ['head'], source: 'CPC art. 105–106 (outside the seeds)' });
    expect(notices[1].scheduledAt - startedAt).toBeGreaterThanOrEqual(3 * DAY - 60_000);
    expect(notices[1].scheduledAt - startedAt).toBeLessThan(3 * DAY + 60_000);
    // Extending after the 3 days is refused.
    await expect(h.executeUpdate(extendComplaintCheck, { args: [{ reason: 'Материалдар сұратылды', prosecutorIin: PROSECUTOR }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await h.executeUpdate(answerComplaint, { args: [decision({ result: 'DISMISSED' })] });
    const result = await h.result();
    expect(result.answer).toMatchObject({ result: 'DISMISSED', late: true });
    expect(result.deadlines[0].state).toBe('late');
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach', 'late']);
  });
});

test('the check needs materials: 10 days from receipt — reminder at 8, breach at 10, decided late on day 11', async () => {
  await withWorker(async () => {
    const h = await start(complaint());
    const startedAt = (await h.describe()).startTime.getTime();
    await env.sleep(1 * DAY);
    const extended = await h.executeUpdate(extendComplaintCheck, { args: [{ reason: 'Тексеру үшін іс материалдары сұратылды.', prosecutorIin: PROSECUTOR }] });
    expect(extended.status).toBe('CHECK_EXTENDED');
    expect(extended.statusLabel.ru).toBe('Истребованы материалы, срок продлён до 10 суток');
    await env.sleep(10 * DAY + 6 * HOUR);
    // The 3-day record was cancelled: no notice from it; the 10-day one reminded and breached.
    expect(notices.map((n) => [n.key, n.kind])).toEqual([
      ['complaint.decisionExtended', 'reminder'],
      ['complaint.decisionExtended', 'breach'],
    ]);
    expect(notices[0].scheduledAt - startedAt).toBeGreaterThanOrEqual(8 * DAY - 60_000);
    expect(notices[0].scheduledAt - startedAt).toBeLessThan(8 * DAY + 60_000);
    expect(notices[1].scheduledAt - startedAt).toBeGreaterThanOrEqual(10 * DAY - 60_000);
    expect(notices[1].scheduledAt - startedAt).toBeLessThan(10 * DAY + 60_000);
    expect(notices[1].source).toBe('CPC art. 105 part 1 (outside the seeds)');
    await h.executeUpdate(answerComplaint, { args: [decision({ result: 'PARTLY_UPHELD' })] });
    const result = await h.result();
    expect(result.deadlines.map((d) => [d.key, d.state])).toEqual([
      ['complaint.decision', 'cancelled'],
      ['complaint.decisionExtended', 'late'],
    ]);
    // The statistics learn that the 3-day deadline was cancelled, and how the 10-day one went.
    const last = (rule: string) => written.filter((r) => r.rule === rule).at(-1)?.state;
    expect([last('complaint.decision'), last('complaint.decisionExtended')]).toEqual(['cancelled', 'late']);
    expect(result.answer).toMatchObject({ result: 'PARTLY_UPHELD', late: true });
    expect(told.some((t) => t.dedupeKey.includes('/extended/'))).toBe(true);
    await recordHistory('complaint-extended-late', h);
  });
});

test('about a prosecutor (CPC art. 106): the prosecutor complained about cannot decide it; another prosecutor does', async () => {
  await withWorker(async () => {
    toldOfficials.length = 0;
    const h = await start(complaint({ subject: 'PROSECUTOR_ACTION', addresseeIin: undefined, excludedIin: PROSECUTOR }));
    // No addressee: the body's prosecutors are told.
    for (let i = 0; i < 100 && toldOfficials.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(toldOfficials).toEqual([expect.objectContaining({ bodyCode: '711303', roles: ['prosecutor'], kind: 'complaint.received' })]);
    await expect(h.executeUpdate(answerComplaint, { args: [decision({ result: 'DISMISSED' })] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await h.query(getComplaint)).status).toBe('UNDER_REVIEW');
    await h.executeUpdate(answerComplaint, { args: [decision({ prosecutorIin: OTHER_PROSECUTOR })] });
    const result = await h.result();
    expect(result.answer).toMatchObject({ by: OTHER_PROSECUTOR, late: false });
  });
});
