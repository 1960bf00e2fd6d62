// The petition process (000 §4.5–4.6, CPC art. 99) on the time-skipping test server: the 3-day
// decision deadline met without a reminder, met after the reminder, breached (escalated to the head
// and the prosecutor) and answered late; the answer with its materials; a second answer refused.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DAY, HOUR } from '../../domain/deadlines';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { AttachSubmissionMaterialsInput, SubmissionStateRow } from '../../activities/petition';
import type { PersonNotice } from '../../activities/notifications';
import { ACCESS_REQUEST_TEMPLATE, petitionWorkflowId, type PetitionInput } from '../../domain/petition';
import { answerPetition, getPetition, petitionWorkflow } from '../../workflows/petition';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'petition-test';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const told: PersonNotice[] = [];
const rows: SubmissionStateRow[] = [];
/** Deadline records written for the statistics. */
const written: DeadlineRecordRow[] = [];
const attached: AttachSubmissionMaterialsInput[] = [];

/** People whose mail server refuses every notice for good (a bounced address). */
let bouncing: string[] = [];

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async attachSubmissionMaterials(input: AttachSubmissionMaterialsInput) {
    attached.push(input);
    return attached
      .filter((a) => a.submissionId === input.submissionId)
      .flatMap((a) =>
        a.files.map((f) => ({
          name: `${a.kind}-${f.id}.pdf`,
          sha256: f.sha256,
          mediaType: 'application/pdf',
          size: 10,
          kind: a.kind,
          addedAt: new Date().toISOString(),
        })),
      );
  },
  async recordDeadline(r: DeadlineRecordRow) {
    written.push(r);
  },
  async recordSubmissionState(row: SubmissionStateRow) {
    rows.push(row);
  },
  async notifyPerson(n: PersonNotice) {
    told.push(n);
    if (bouncing.includes(n.iin)) throw ApplicationFailure.nonRetryable(`notice ${n.dedupeKey} refused on email (550)`, 'NOTICE_REFUSED');
    return { channels: ['cabinet'] };
  },
};

const PETITIONER = '900315300127';
const OFFICIAL = '850101300011';
const sha = (n: number) => n.toString(16).padStart(64, '0');

const petition = (over: Partial<PetitionInput> = {}): PetitionInput => ({
  petitionId: randomUUID(),
  erdrNumber: '267113031000042',
  submittedAt: new Date().toISOString(),
  petitioner: { iin: PETITIONER, fullName: 'Әбілқасымов Ерлан Серікұлы', locale: 'ru' },
  content: `${ACCESS_REQUEST_TEMPLATE.ru}протокол осмотра места происшествия`,
  accessRequest: true,
  language: 'ru',
  attachments: [{ id: randomUUID(), sha256: sha(1) }],
  bodyCode: '711303',
  officialIin: OFFICIAL,
  ...over,
});

const answer = (over: object = {}) => ({
  result: 'GRANTED' as const,
  text: 'Ходатайство удовлетворено, доступ к протоколу предоставлен.',
  materials: [{ id: randomUUID(), sha256: sha(2) }],
  grantedDocumentIds: ['d1'],
  officialIin: OFFICIAL,
  responderName: 'Сәрсенбаев Айдос Қанатұлы',
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
  attached.length = 0;
  bouncing = [];
});

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(fn());
}

async function start(given: PetitionInput) {
  // Receipt is when the clock starts: the test server's time, which runs ahead of the wall clock.
  const input = { ...given, submittedAt: new Date(await env.currentTimeMs()).toISOString() };
  const handle = await env.client.workflow.start(petitionWorkflow, { args: [input], taskQueue, workflowId: petitionWorkflowId(input.petitionId) });
  // The intake (materials, the case told, the petitioner and the official told) before time moves.
  for (let i = 0; i < 100 && told.filter((t) => t.dedupeKey.startsWith(handle.workflowId)).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  return handle;
}

test('answered on the first day: met, no reminder; the petitioner and the official were told, the answer carries its materials', async () => {
  await withWorker(async () => {
    const input = petition();
    const h = await start(input);
    expect(told.map((t) => [t.iin, t.dedupeKey.split('/')[1]])).toEqual([
      [PETITIONER, 'accepted'],
      [OFFICIAL, 'received'],
    ]);
    await env.sleep(5 * HOUR);
    const answered = await h.executeUpdate(answerPetition, { args: [answer()] });
    expect(answered).toMatchObject({
      status: 'ANSWERED',
      resultLabel: { ru: 'Удовлетворено' },
      answer: { result: 'GRANTED', responderName: 'Сәрсенбаев Айдос Қанатұлы', late: false, grantedDocumentIds: ['d1'] },
    });
    expect(answered.materials.map((m) => m.kind)).toEqual(['attachment', 'answer']);
    const result = await h.result();
    expect(result.deadlines).toEqual([expect.objectContaining({ key: 'petition.decision', rule: 'petition.decision', state: 'met' })]);
    expect(notices).toEqual([]);
    expect(rows).toEqual([expect.objectContaining({ id: input.petitionId, status: 'ANSWERED', result: 'GRANTED', overdue: false })]);
    expect(told.at(-1)).toMatchObject({ iin: PETITIONER, kind: 'message', subject: input.erdrNumber });
    // A case that is not running here is noted in the petition's history, not fatal.
    expect(result.history.map((e) => e.what)).toEqual(expect.arrayContaining(['petition.filed', 'petition.routed', 'petition.answered']));
  });
});

test('answered on the third day: the official was reminded at 2 days; met', async () => {
  await withWorker(async () => {
    const h = await start(petition());
    const startedAt = (await h.describe()).startTime.getTime();
    await env.sleep(2 * DAY + 6 * HOUR);
    expect(notices.map((n) => n.kind)).toEqual(['reminder']);
    expect(notices[0].recipients).toEqual(['official']);
    expect(notices[0].scheduledAt - startedAt).toBeGreaterThanOrEqual(2 * DAY - 60_000);
    expect(notices[0].scheduledAt - startedAt).toBeLessThan(2 * DAY + 60_000);
    await h.executeUpdate(answerPetition, { args: [answer({ result: 'REFUSED', grantedDocumentIds: undefined })] });
    const result = await h.result();
    expect(result.deadlines[0].state).toBe('met');
    expect(result.answer).toMatchObject({ result: 'REFUSED', late: false });
    expect(notices.map((n) => n.kind)).toEqual(['reminder']);
  });
});

test('not answered in 3 days: reminder, breach escalated to the prosecutor and the head (CPC art. 99), the answer on day 4 recorded as late', async () => {
  await withWorker(async () => {
    const wallStart = Date.now();
    const input = petition({
      accessRequest: false,
      content: 'Прошу назначить повторную судебно-медицинскую экспертизу, поскольку первая проведена с нарушениями и без учёта медицинских документов.',
    });
    const h = await start(input);
    const startedAt = (await h.describe()).startTime.getTime();
    await env.sleep(3 * DAY + 12 * HOUR);
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
    expect(notices[1]).toMatchObject({ recipients: ['prosecutor', 'head'], source: 'CPC art. 99 (outside the seeds)', rule: 'petition.decision' });
    expect(notices[1].scheduledAt - startedAt).toBeGreaterThanOrEqual(3 * DAY - 60_000);
    expect(notices[1].scheduledAt - startedAt).toBeLessThan(3 * DAY + 60_000);
    const breached = await h.query(getPetition);
    expect(breached.status).toBe('UNDER_CONSIDERATION');
    expect(breached.resultLabel.ru).toBe('Не рассмотрено');
    expect(breached.deadlines[0].state).toBe('breached');

    // Granting documents applies to access requests only: none are passed on here.
    await h.executeUpdate(answerPetition, { args: [answer({ result: 'PARTLY_GRANTED' })] });
    const result = await h.result();
    expect(result.answer).toMatchObject({ result: 'PARTLY_GRANTED', late: true });
    expect(result.answer!.grantedDocumentIds).toBeUndefined();
    expect(result.deadlines[0].state).toBe('late');
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach', 'late']);
    expect(rows.at(-1)).toMatchObject({ status: 'ANSWERED', overdue: true });
    // Written for the statistics: started, reminded, breached, answered late.
    expect(written.map((r) => [r.rule, r.state])).toEqual([
      ['petition.decision', 'pending'],
      ['petition.decision', 'pending'],
      ['petition.decision', 'breached'],
      ['petition.decision', 'late'],
    ]);
    expect(Date.now() - wallStart).toBeLessThan(20_000);
    await recordHistory('petition-late-answer', h);
  });
});

test('a second answer and an answer without text are refused and change nothing', async () => {
  await withWorker(async () => {
    const h = await start(petition());
    await expect(h.executeUpdate(answerPetition, { args: [answer({ text: '   ' })] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await h.query(getPetition)).status).toBe('UNDER_CONSIDERATION');
    await h.executeUpdate(answerPetition, { args: [answer()] });
    await expect(h.executeUpdate(answerPetition, { args: [answer({ result: 'REFUSED' })] })).rejects.toThrow();
    const result = await h.result();
    expect(result.answer!.result).toBe('GRANTED');
    expect(rows).toHaveLength(1);
  });
});

test("a petitioner's address that bounces is noted, and the petition goes on to its answer", async () => {
  await withWorker(async () => {
    bouncing = [PETITIONER];
    const h = await start(petition());
    await h.executeUpdate(answerPetition, { args: [answer()] });
    const result = await h.result();
    expect(result.status).toBe('ANSWERED');
    const refused = result.history.filter((e) => e.what === 'notice.refused');
    expect(refused.map((e) => e.note!.split(':')[0])).toEqual(['accepted', 'answered']);
    expect(refused[0]).toMatchObject({ by: 'system', source: '001 ¶24' });
  });
});
