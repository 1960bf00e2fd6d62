// Translation tasks (000 §4.7–4.8, §5; 001 ¶7) on the time-skipping test server: approved on the
// first round (met, the files join the case's documents); returned with a reason and sent again
// (every round kept, each with its due date); late (reminded a day before, escalated when due,
// recorded late); refusals that change nothing; and the 001 ¶7 detour: a Russian petition on a
// Kazakh case starts its translation as a child, is not decided before the translation is
// approved, and keeps its 3-day clock from the filing (CPC art. 99 part 2); a complaint likewise (art. 105).
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DAY, HOUR } from '../../domain/deadlines';
import type { DeadlineNotice } from '../../activities/deadlines';
import type { PersonNotice } from '../../activities/notifications';
import type { StoreTranslationRoundInput, TranslationStateRow } from '../../activities/translation';
import { petitionWorkflowId, type PetitionInput } from '../../domain/petition';
import { complaintWorkflowId, type ComplaintInput } from '../../domain/complaint';
import { answerComplaint, complaintWorkflow, getComplaint } from '../../workflows/complaint';
import { translationWorkflowId, type TranslationInput } from '../../domain/translation';
import { caseWorkflow } from '../../workflows/ecase';
import { answerPetition, getPetition, petitionWorkflow } from '../../workflows/petition';
import { getTranslation, reviewTranslation, submitTranslation, translationWorkflow } from '../../workflows/translation';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';
import { settleCase } from '../helpers/cases';
import type { CaseDocument } from '../../domain/ecase';

const caseRegister: CaseDocument[] = [];

let env: TestWorkflowEnvironment;
const taskQueue = 'translation-test';
const notices: DeadlineNotice[] = [];
const told: PersonNotice[] = [];
const rows: TranslationStateRow[] = [];
const opened: string[] = [];
const stored: StoreTranslationRoundInput[] = [];
const recorded: { key: string; state: string }[] = [];

const sha = (n: number) => n.toString(16).padStart(64, '0');
const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push(n);
  },
  async notifyPerson(n: PersonNotice) {
    told.push(n);
    return { channels: ['cabinet'] };
  },
  async openTranslationTask({ task }: { task: TranslationInput }) {
    opened.push(task.taskId);
  },
  async storeTranslationRound(input: StoreTranslationRoundInput) {
    stored.push(input);
    const at = new Date().toISOString();
    return {
      materials: input.files.map((f) => ({
        name: `аударма-${input.round}.docx`,
        sha256: f.sha256,
        mediaType: 'application/docx',
        size: 10,
        kind: 'translation',
        addedAt: at,
      })),
      caseDocuments: input.files.map((f) => ({ title: `аударма-${input.round}.pdf`, sha256: f.sha256 })),
    };
  },
  async recordTranslationState(row: TranslationStateRow) {
    rows.push(row);
  },
  async recordDeadline(r: { key: string; state: string }) {
    recorded.push(r);
  },
  // The petition of the detour, and a case to receive the translation.
  async attachSubmissionMaterials() {
    return [];
  },
  async recordSubmissionState() {},
  async notifyOfficials() {},
  // The case's document register (case_document): a case keeps its documents there, not in its state.
  async recordCaseEvent({ documents }: { documents?: CaseDocument[] }) {
    caseRegister.push(...(documents ?? []));
  },
  async searchPseudonyms({ iins }: { iins: string[] }) {
    return Object.fromEntries(iins.map((i) => [i, `p-${i}`]));
  },
  async generateCaseDocuments() {
    return [];
  },
};

const OFFICIAL = '850101300011';
const TRANSLATOR = '870707400055';
const PETITIONER = '900315300127';
const BODY = '711303';

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
  opened.length = 0;
  stored.length = 0;
  recorded.length = 0;
});

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(fn());
}

const erdrOf = () => `26${BODY}1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

/** A case workflow of the test server: the approved translation is sent to it. */
async function runningCase(erdr: string) {
  const now = new Date(await env.currentTimeMs()).toISOString();
  return env.client.workflow.start(caseWorkflow, {
    taskQueue,
    workflowId: `case-${erdr}`,
    args: [{ erdrNumber: erdr, bodyCode: BODY, registeredAt: now, officialIin: OFFICIAL }],
  });
}

async function startTask(over: Partial<TranslationInput> = {}, dueInMs = 3 * DAY) {
  const now = await env.currentTimeMs();
  const input: TranslationInput = {
    taskId: randomUUID(),
    erdrNumber: erdrOf(),
    bodyCode: BODY,
    senderIin: OFFICIAL,
    translatorIin: TRANSLATOR,
    source: { kind: 'case_document', documentId: 'd2', sha256: sha(2), title: 'Постановление о признании лица потерпевшим' },
    targetLanguage: 'kk',
    sentAt: new Date(now).toISOString(),
    dueAt: new Date(now + dueInMs).toISOString(),
    ...over,
  };
  const h = await env.client.workflow.start(translationWorkflow, { taskQueue, workflowId: translationWorkflowId(input.taskId), args: [input] });
  for (let i = 0; i < 100 && !told.some((t) => t.dedupeKey === `${h.workflowId}/assigned/${TRANSLATOR}`); i++) await new Promise((r) => setTimeout(r, 50));
  return { h, input };
}

const submission = (n: number, over: object = {}) => ({
  comment: 'Аударма түпнұсқаға сәйкес орындалды.',
  language: 'kk' as const,
  files: [{ id: randomUUID(), sha256: sha(100 + n) }],
  translatorIin: TRANSLATOR,
  signedSha256: sha(200 + n),
  ...over,
});
const approve = { decision: 'APPROVE' as const, officialIin: OFFICIAL };

test('approved on the first round: met without a reminder; the translator and the official told; the translation joins the case documents', async () => {
  await withWorker(async () => {
    const erdr = erdrOf();
    const c = await runningCase(erdr);
    const { h, input } = await startTask({ erdrNumber: erdr });
    expect(opened).toEqual([input.taskId]);
    expect((await h.query(getTranslation)).statusLabel.kk).toBe('Жұмыста');
    await env.sleep(5 * HOUR);
    const sent = await h.executeUpdate(submitTranslation, { args: [submission(1)] });
    expect(sent).toMatchObject({ status: 'SENT_FOR_REVIEW', rounds: [{ n: 1, language: 'kk', late: false }] });
    expect(stored).toEqual([expect.objectContaining({ taskId: input.taskId, round: 1, translatorIin: TRANSLATOR })]);
    const done = await h.executeUpdate(reviewTranslation, { args: [approve] });
    expect(done).toMatchObject({ status: 'AGREED', statusLabel: { kk: 'Келісілді' }, caseDocuments: [{ sha256: sha(101) }] });
    const result = await h.result();
    expect(result.deadlines).toEqual([expect.objectContaining({ key: 'translation.submission:1', state: 'met', dueAt: input.dueAt })]);
    expect(notices).toEqual([]);
    expect(rows.map((r) => r.status)).toEqual(['SENT_FOR_REVIEW', 'AGREED']);
    expect(told.map((t) => [t.iin, t.dedupeKey.split('/')[1]])).toEqual([
      [TRANSLATOR, 'assigned'],
      [OFFICIAL, 'submitted-1'],
      [TRANSLATOR, 'approved'],
    ]);
    // 001 ¶7: the case took it as an electronic document, marked as the task's translation.
    const caseState = await settleCase(env.client, c, () => caseRegister.some((d) => d.translationOf));
    expect(caseRegister.at(-1)).toMatchObject({ kind: 'electronic', sha256: sha(101), translationOf: h.workflowId, language: 'kk', by: OFFICIAL });
    expect(caseState.events.map((e) => e.action)).toContain('document.translation_attached');
  });
});

test('returned with a reason: back in «Жұмыста», sent again by the new due date; both rounds kept in the history', async () => {
  await withWorker(async () => {
    const { h } = await startTask();
    await h.executeUpdate(submitTranslation, { args: [submission(1)] });
    const newDue = new Date((await env.currentTimeMs()) + 4 * DAY).toISOString();
    const returned = await h.executeUpdate(reviewTranslation, {
      args: [{ decision: 'RETURN', reason: 'Терминдер дұрыс аударылмаған, 2-бетті қайта қараңыз.', dueAt: newDue, officialIin: OFFICIAL }],
    });
    expect(returned).toMatchObject({
      status: 'IN_WORK',
      statusLabel: { kk: 'Жұмыста' },
      dueAt: newDue,
      rounds: [{ n: 1, review: { decision: 'RETURN', reason: expect.stringContaining('Терминдер') } }],
    });
    expect(rows.at(-1)).toMatchObject({ status: 'IN_WORK', dueAt: newDue, returnReason: expect.stringContaining('Терминдер') });
    expect(told.at(-1)).toMatchObject({ iin: TRANSLATOR, dedupeKey: `${h.workflowId}/returned-1/${TRANSLATOR}` });
    await env.sleep(DAY);
    await h.executeUpdate(submitTranslation, { args: [submission(2)] });
    await h.executeUpdate(reviewTranslation, { args: [approve] });
    const result = await h.result();
    expect(result.rounds.map((r) => [r.n, r.review?.decision, r.late])).toEqual([
      [1, 'RETURN', false],
      [2, 'APPROVE', false],
    ]);
    expect(result.deadlines.map((d) => [d.key, d.state, d.dueAt])).toEqual([
      ['translation.submission:1', 'met', expect.any(String)],
      ['translation.submission:2', 'met', newDue],
    ]);
    expect(result.caseDocuments).toEqual([{ title: 'аударма-2.pdf', sha256: sha(102) }]);
    expect(result.history.map((e) => e.what)).toEqual([
      'translation.sent_for_execution',
      'translation.submitted',
      'translation.returned',
      'translation.submitted',
      'translation.approved',
      'case.not_reached',
    ]);
  });
});

test('late: the official and the translator reminded a day before the due date, the head told when it passes, the translation recorded as late; returned and sent again', async () => {
  await withWorker(async () => {
    const wallStart = Date.now();
    const { h, input } = await startTask({}, 2 * DAY);
    await env.sleep(2 * DAY + 6 * HOUR);
    expect(notices.map((n) => [n.kind, n.recipients])).toEqual([
      ['reminder', ['official']],
      ['breach', ['official', 'head']],
    ]);
    expect(notices[0]).toMatchObject({ rule: 'translation.submission', dueAt: input.dueAt, source: expect.stringContaining('000 §5') });
    expect(told.filter((t) => t.iin === TRANSLATOR).map((t) => t.dedupeKey.split('/')[1])).toEqual([
      'assigned',
      'reminder-translation.submission:1',
      'overdue-translation.submission:1',
    ]);
    const overdue = await h.query(getTranslation);
    expect(overdue.deadlines[0].state).toBe('breached');

    const sent = await h.executeUpdate(submitTranslation, { args: [submission(1)] });
    expect(sent.rounds[0].late).toBe(true);
    expect(rows.at(-1)).toMatchObject({ status: 'SENT_FOR_REVIEW', overdue: true });
    // Returned after its date has passed: the next round gets the rule's 2 days.
    await h.executeUpdate(reviewTranslation, { args: [{ decision: 'RETURN', reason: 'Қолы қойылмаған бет бар, қайта жіберіңіз.', officialIin: OFFICIAL }] });
    const second = await h.query(getTranslation);
    expect(Date.parse(second.dueAt) - (await env.currentTimeMs())).toBeGreaterThan(2 * DAY - HOUR);
    await h.executeUpdate(submitTranslation, { args: [submission(2)] });
    await h.executeUpdate(reviewTranslation, { args: [approve] });
    const result = await h.result();
    expect(result.deadlines.map((d) => d.state)).toEqual(['late', 'met']);
    // Every change of each round's record went to the deadline statistics.
    expect(recorded.map((r) => `${r.key} ${r.state}`)).toEqual(
      expect.arrayContaining(['translation.submission:1 breached', 'translation.submission:1 late', 'translation.submission:2 met']),
    );
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach', 'late']);
    expect(Date.now() - wallStart).toBeLessThan(30_000);
    await recordHistory('translation-late-returned', h);
  });
});

test('refused and changing nothing: another translator, a review with nothing to review, a second sending while in review, a return without reason', async () => {
  await withWorker(async () => {
    const { h } = await startTask();
    await expect(h.executeUpdate(reviewTranslation, { args: [approve] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(h.executeUpdate(submitTranslation, { args: [submission(1, { translatorIin: '880808300066' })] })).rejects.toMatchObject({
      cause: { type: 'NOT_THE_TRANSLATOR' },
    });
    await h.executeUpdate(submitTranslation, { args: [submission(1)] });
    await expect(h.executeUpdate(submitTranslation, { args: [submission(2)] })).rejects.toMatchObject({ cause: { type: 'NOT_IN_WORK' } });
    await expect(h.executeUpdate(reviewTranslation, { args: [{ decision: 'RETURN', reason: ' ', officialIin: OFFICIAL }] })).rejects.toMatchObject({
      cause: { type: 'REASON_REQUIRED' },
    });
    const s = await h.query(getTranslation);
    expect(s.status).toBe('SENT_FOR_REVIEW');
    expect(s.rounds).toHaveLength(1);
    expect(s.rounds[0].review).toBeUndefined();
    await h.terminate('test over');
  });
});

test('001 ¶7: a Russian petition on a Kazakh case is translated first, as a child task; not decided before; the 3-day clock runs from the filing', async () => {
  await withWorker(async () => {
    const petitionId = randomUUID();
    const submittedMs = await env.currentTimeMs();
    const input: PetitionInput = {
      petitionId,
      erdrNumber: erdrOf(),
      submittedAt: new Date(submittedMs).toISOString(),
      petitioner: { iin: PETITIONER, fullName: 'Әбілқасымов Ерлан Серікұлы', locale: 'ru' },
      content: 'Прошу назначить повторную судебно-медицинскую экспертизу, поскольку первая проведена с нарушениями и без учёта медицинских документов.',
      accessRequest: false,
      language: 'ru',
      attachments: [],
      bodyCode: BODY,
      officialIin: OFFICIAL,
      translation: { proceedingsLanguage: 'kk', translatorIin: TRANSLATOR, reviewerIin: OFFICIAL },
    };
    const p = await env.client.workflow.start(petitionWorkflow, { taskQueue, workflowId: petitionWorkflowId(petitionId), args: [input] });
    const child = env.client.workflow.getHandle(translationWorkflowId(petitionId));
    for (let i = 0; i < 100 && !told.some((t) => t.dedupeKey === `${child.workflowId}/assigned/${TRANSLATOR}`); i++)
      await new Promise((r) => setTimeout(r, 50));
    const task = await child.query(getTranslation);
    expect(task).toMatchObject({
      parentWorkflowId: p.workflowId,
      senderIin: OFFICIAL,
      targetLanguage: 'kk',
      source: { kind: 'petition', submissionId: petitionId, title: 'Өтінішхат (ru → kk)' },
    });
    expect(Date.parse(task.dueAt) - submittedMs).toBe(2 * DAY);

    const answer = {
      result: 'REFUSED' as const,
      text: 'Өтінішхатты қанағаттандырудан бас тартылды.',
      materials: [],
      officialIin: OFFICIAL,
      responderName: 'Сәрсенбаев Айдос',
    };
    await expect(p.executeUpdate(answerPetition, { args: [answer] })).rejects.toMatchObject({ cause: { type: 'TRANSLATION_PENDING' } });
    await env.sleep(HOUR);
    await child.executeUpdate(submitTranslation, { args: [submission(1)] });
    await child.executeUpdate(reviewTranslation, { args: [approve] });
    for (let i = 0; i < 100 && (await p.query(getPetition)).translation?.status !== 'AGREED'; i++) await new Promise((r) => setTimeout(r, 50));

    const withTranslation = await p.query(getPetition);
    expect(withTranslation.translation).toMatchObject({ workflowId: child.workflowId, language: 'kk', status: 'AGREED', rounds: 1, late: false });
    // CPC art. 99 part 2: 3 days from the filing, translation or not.
    expect(Date.parse(withTranslation.deadlines[0].dueAt) - submittedMs).toBe(3 * DAY);
    await p.executeUpdate(answerPetition, { args: [answer] });
    const result = await p.result();
    expect(result.history.map((e) => e.what)).toEqual(expect.arrayContaining(['translation.started', 'translation.approved', 'petition.answered']));
    const order = result.history.map((e) => e.what);
    expect(order.indexOf('translation.approved')).toBeLessThan(order.indexOf('petition.answered'));
    expect(result.deadlines[0].state).toBe('met');
    await recordHistory('petition-translation-detour', p);
  });
});

test('001 ¶7 without a translator in the case: noted in the history, the petition goes on undelayed', async () => {
  await withWorker(async () => {
    const petitionId = randomUUID();
    const input: PetitionInput = {
      petitionId,
      erdrNumber: erdrOf(),
      submittedAt: new Date(await env.currentTimeMs()).toISOString(),
      petitioner: { iin: PETITIONER, fullName: 'Әбілқасымов Ерлан', locale: 'ru' },
      content: 'Прошу приобщить к материалам дела заключение специалиста о стоимости похищенного имущества, выданное оценочной компанией.',
      accessRequest: false,
      language: 'ru',
      attachments: [],
      bodyCode: BODY,
      officialIin: OFFICIAL,
      translation: { proceedingsLanguage: 'kk', reviewerIin: OFFICIAL },
    };
    const p = await env.client.workflow.start(petitionWorkflow, { taskQueue, workflowId: petitionWorkflowId(petitionId), args: [input] });
    for (let i = 0; i < 100 && !(await p.query(getPetition)).history.some((e) => e.what === 'translation.translator_missing'); i++)
      await new Promise((r) => setTimeout(r, 50));
    await p.executeUpdate(answerPetition, {
      args: [{ result: 'GRANTED', text: 'Заключение приобщено к делу.', materials: [], officialIin: OFFICIAL, responderName: 'Сәрсенбаев Айдос' }],
    });
    const result = await p.result();
    expect(result.translation).toBeUndefined();
    expect(result.history.find((e) => e.what === 'translation.translator_missing')).toMatchObject({ source: '001 ¶7', note: 'ru → kk' });
    // The official it is addressed to is told to arrange the translation.
    expect(told.find((t) => t.dedupeKey === `${p.workflowId}/translator-missing/${OFFICIAL}`)).toMatchObject({ iin: OFFICIAL, kind: 'message' });
  });
});

test('001 ¶7 for a complaint: its translation is reviewed by the prosecutor it is addressed to; decided once approved, the term still from receipt', async () => {
  await withWorker(async () => {
    const complaintId = randomUUID();
    const PROSECUTOR = '800202400022';
    const submittedMs = await env.currentTimeMs();
    const input: ComplaintInput = {
      complaintId,
      erdrNumber: erdrOf(),
      submittedAt: new Date(submittedMs).toISOString(),
      complainant: { iin: PETITIONER, fullName: 'Әбілқасымов Ерлан', locale: 'en' },
      subject: 'INVESTIGATOR_ACTION',
      content: 'The investigator did not tell me of the decision on the case within the term.',
      language: 'en',
      attachments: [],
      bodyCode: BODY,
      addresseeIin: PROSECUTOR,
      translation: { proceedingsLanguage: 'ru', translatorIin: TRANSLATOR, reviewerIin: PROSECUTOR },
    };
    const c = await env.client.workflow.start(complaintWorkflow, { taskQueue, workflowId: complaintWorkflowId(complaintId), args: [input] });
    const child = env.client.workflow.getHandle(translationWorkflowId(complaintId));
    for (let i = 0; i < 100 && !told.some((t) => t.dedupeKey === `${child.workflowId}/assigned/${TRANSLATOR}`); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await child.query(getTranslation)).toMatchObject({
      senderIin: PROSECUTOR,
      targetLanguage: 'ru',
      source: { kind: 'complaint', title: 'Жалоба (en → ru)' },
    });
    const decision = {
      result: 'DISMISSED' as const,
      text: 'Жалоба оставлена без удовлетворения.',
      materials: [],
      prosecutorIin: PROSECUTOR,
      responderName: 'Прокурор Тест',
    };
    await expect(c.executeUpdate(answerComplaint, { args: [decision] })).rejects.toMatchObject({ cause: { type: 'TRANSLATION_PENDING' } });
    await child.executeUpdate(submitTranslation, { args: [submission(1, { language: 'ru' })] });
    await child.executeUpdate(reviewTranslation, { args: [{ decision: 'APPROVE', officialIin: PROSECUTOR }] });
    for (let i = 0; i < 100 && (await c.query(getComplaint)).translation?.status !== 'AGREED'; i++) await new Promise((r) => setTimeout(r, 50));
    await c.executeUpdate(answerComplaint, { args: [decision] });
    const result = await c.result();
    expect(result.translation).toMatchObject({ status: 'AGREED', language: 'ru' });
    expect(Date.parse(result.deadlines[0].dueAt) - submittedMs).toBe(3 * DAY);
    expect(result.history.map((e) => e.what)).toEqual(expect.arrayContaining(['translation.started', 'translation.approved', 'complaint.decided']));
  });
});
