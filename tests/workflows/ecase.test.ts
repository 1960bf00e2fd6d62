// The electronic criminal case workflow on the time-skipping server, activities replaced by
// recorders: every 24-hour rule of 001 (met in time; reminded, breached with escalation, completed
// late), each forbidden transition with the rule it names, and the other transitions.
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOUR } from '../../domain/deadlines';
import { bodiesOf, districtsOf, regions } from '../../domain/dictionaries';
import { buildIin } from '../../domain/iin';
import { canAccess, type CaseState } from '../../domain/ecase';
import type { DeadlineNotice } from '../../activities/deadlines';
import {
  acceptTransfer, addParticipant, assignProsecutor, attachDocument, caseWorkflow, completeJoin, confirmLetterSent,
  confirmParticipant, confirmPrintPackage, getCase, joinCases, produceInventory, registerPaperDocument, reportSituation,
  resolveFormat, resumeCase, reviewTermination, sendToCourt, separateCase, suspendCase, switchToPaper, terminateCase,
  timeline, transferCase, type CaseInput,
} from '../../workflows/ecase';
import { searchPseudonymFor } from '../../platform/search-pseudonyms';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';
import { settleCase } from '../helpers/cases';
import { waitFor } from '../helpers/report';

let env: TestWorkflowEnvironment;
// A task queue per scenario: a scenario that fails cannot leave a worker or tasks behind for the next.
let taskQueue = 'ecase-test';
let scenarios = 0;
const calls: { name: string; input: any; at: number }[] = [];
let serial = 0;
const pseudonym = searchPseudonymFor(Buffer.alloc(32, 9));

const sha = (n: number) => n.toString(16).padStart(64, '0');
const doc = (kind: string) => ({ kind, sha256: sha(++serial), title: { kk: `${kind} kk`, ru: `${kind} ru` } });
const recorded = <T>(name: string, answer: (input: any) => T) => async (input: any) => {
  calls.push({ name, input, at: Context.current().info.currentAttemptScheduledTimestampMs });
  return answer(input);
};
const activities = {
  notifyDeadline: recorded('notifyDeadline', () => undefined),
  recordDeadline: recorded('recordDeadline', () => undefined),
  recordCaseEvent: recorded('recordCaseEvent', () => undefined),
  recordConfirmedParticipant: recorded('recordConfirmedParticipant', () => undefined),
  generateCaseDocuments: recorded('generateCaseDocuments', () => ['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start'].map(doc)),
  deliverProsecutorNotice: recorded('deliverProsecutorNotice', () => doc('prosecutor_notice_format')),
  informParticipant: recorded('informParticipant', ({ participant }) =>
    participant.contact.email || participant.contact.phone ? { channels: ['cabinet', 'email'] } : { channels: ['cabinet', 'paper_letter'], letter: doc('participant_letter') }),
  informProsecutor: recorded('informProsecutor', () => undefined),
  notifyReceivingBody: recorded('notifyReceivingBody', () => 2),
  produceInventory: recorded('produceInventory', ({ documents }) => ({ ...doc('case_inventory'), documentCount: documents.length })),
  producePrintPackage: recorded('producePrintPackage', ({ documents }) => ({ sha256: sha(++serial), documentCount: documents.length, originalsRequested: [] })),
  allocateSeparatedCaseNumber: recorded('allocateSeparatedCaseNumber', ({ bodyCode }) => `26${bodyCode}1${String(++serial).padStart(6, '0')}`),
  submitCaseToCourt: recorded('submitCaseToCourt', () => ({ receiptNumber: 'T-2026-0001', receivedAt: '2026-12-01T10:00:00Z', coverLetters: [doc('court_cover_letter')] })),
  searchPseudonyms: recorded('searchPseudonyms', ({ iins }) => Object.fromEntries(iins.map((i: string) => [i, pseudonym(i)]))),
};

const region = regions().find((r) => r.id === 'kz-ast')!;
const body = bodiesOf(districtsOf(region.id)![0].id)![0];
const otherBody = bodiesOf(districtsOf(region.id)![1].id)![0];
const OFFICIAL = '850101300011';
const PROSECUTOR = '800202400022';
const iin = (n: number) => buildIin('1990-03-15', n % 2 ? 'male' : 'female', n) ?? buildIin('1990-03-16', 'male', n)!;
const erdrOf = () => `26${body.code}1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

jest.setTimeout(120_000);

/**
 * Each scenario on a test server and worker of its own: a time-skipping server's clock is shared
 * by everything on it, so a workflow left waiting by one scenario must not move time for the next.
 */
const scenario = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    taskQueue = `ecase-test-${++scenarios}`;
    env = await createTimeSkippingEnv();
    try {
      const worker = await workerFor(env, { taskQueue, activities });
      await worker.runUntil(fn());
    } finally {
      await env.teardown();
    }
  });
beforeEach(() => {
  calls.length = 0;
});

async function start(over: Partial<CaseInput> = {}): Promise<WorkflowHandle<typeof caseWorkflow>> {
  const input: CaseInput = {
    erdrNumber: erdrOf(),
    talon: '260000000000001',
    bodyCode: body.code,
    registeredAt: new Date(await env.currentTimeMs()).toISOString(),
    officialIin: OFFICIAL,
    prosecutorIin: PROSECUTOR,
    kuiNumber: `26${body.code}0000001`,
    fabula: 'Көліктен сөмке ұрланды / Из автомобиля похищена сумка',
    ...over,
  };
  const h = await env.client.workflow.start(caseWorkflow, { args: [input], taskQueue, workflowId: `case-${input.erdrNumber}` });
  // The ¶11 documents come first, as they do in life: an official acts on a registered case.
  await settle(h, (s) => s.events.some((e) => e.action === 'documents.generated'));
  return h;
}
const electronic = (h: WorkflowHandle) => h.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] });
const paper = (h: WorkflowHandle) => h.executeUpdate(resolveFormat, { args: [{ format: 'PAPER', officialIin: OFFICIAL }] });
const deadline = async (h: WorkflowHandle, key: string) => (await h.query(getCase)).deadlines.find((d) => d.key === key);
const noticesFor = (erdr: string, key: string) =>
  calls.filter((c) => c.name === 'notifyDeadline' && c.input.workflowId === `case-${erdr}` && c.input.key === key).map((c) => c.input as DeadlineNotice);
const settle = (h: WorkflowHandle, until: (s: CaseState) => boolean) => settleCase(env.client, h, until);

/**
 * Ends a test's cases once their background activities are done. An activity task left without a
 * worker would hold the time-skipping server's clock still for every later test.
 */
async function finish(...handles: WorkflowHandle[]) {
  for (const h of handles) {
    for (let i = 0; i < 100; i++) {
      const d = await h.describe();
      if (d.status.name !== 'RUNNING' || (d.raw.pendingActivities ?? []).length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if ((await h.describe()).status.name === 'RUNNING') await h.terminate();
  }
}

/** The case's search attributes by name, once `until` holds (they follow the pseudonyms' activity). */
async function searchAttributesOnce(h: WorkflowHandle, until: (a: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const a = Object.fromEntries((await h.describe()).typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    if (until(a)) return a;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the search attributes did not reach the expected values');
}

/** The update is refused with `code`; its message names the rule and it comes in kk, ru and en. */
async function refused(p: Promise<unknown>, code: string, source: string) {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe(code);
  expect(cause.message).toContain(source);
  const detail = cause.details?.[0] as { source: string; message: { kk: string; ru: string; en: string } };
  expect(detail.source).toContain(source);
  expect(detail.message.kk.length).toBeGreaterThan(5);
  expect(detail.message.ru.length).toBeGreaterThan(5);
  expect(detail.message.en).toBe(cause.message.replace(/ \(001 .*\)$/, ''));
}

/**
 * Outcome of a 24-hour rule: notices at 18 h and 24 h after the start, then late on completion.
 * The late notice is an activity that may still be on its way when the state says late.
 */
async function expectLate(erdr: string, key: string, t0: number) {
  const n = await waitFor(async () => noticesFor(erdr, key), (notices) => notices.length >= 3, 10_000);
  expect(n.map((x) => x.kind)).toEqual(['reminder', 'breach', 'late']);
  expect(n[1].recipients).toEqual(['head', 'prosecutor']);
  const at = calls.filter((c) => c.name === 'notifyDeadline' && c.input.workflowId === `case-${erdr}` && c.input.key === key).map((c) => c.at - t0);
  expect(at[0]).toBeGreaterThanOrEqual(18 * HOUR);
  expect(at[0]).toBeLessThan(18 * HOUR + 60_000);
  expect(at[1]).toBeGreaterThanOrEqual(24 * HOUR);
  expect(at[1]).toBeLessThan(24 * HOUR + 60_000);
}

scenario('start: the three ¶11 documents are generated and the case waits for its format', async () => {
  const h = await start();
  const s = await settle(h, (x) => x.documents.length === 3);
  expect(s.status).toBe('REGISTERED');
  expect(s.documents.map((d) => d.generatedKind)).toEqual(['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start']);
  expect(calls.find((c) => c.name === 'generateCaseDocuments')!.input).toMatchObject({ erdrNumber: s.erdrNumber, kuiNumber: `26${body.code}0000001`, talon: '260000000000001' });
  // The officials appear in the search attributes by their keyed pseudonyms, never by IIN.
  const attributes = await searchAttributesOnce(h, (a) => a.Official !== undefined && a.Prosecutor !== undefined);
  expect(attributes).toMatchObject({ ErdrNumber: s.erdrNumber, Body: body.code, CaseStatus: 'REGISTERED', Official: pseudonym(OFFICIAL), Prosecutor: pseudonym(PROSECUTOR) });
  expect(JSON.stringify(attributes)).not.toContain(OFFICIAL);
  expect(JSON.stringify(attributes)).not.toContain(PROSECUTOR);
  await finish(h);
});

scenario('¶10 prosecutor notice: delivered at once when a prosecutor is known; otherwise reminded, breached, and late when assigned at 30 h', async () => {
  const inTime = await start();
  const late = await start({ prosecutorIin: undefined });
  const t0 = await env.currentTimeMs();
  await electronic(inTime);
  await electronic(late);
  await settle(inTime, (s) => s.obligations.find((o) => o.key === 'case.prosecutorNotice')?.metAt !== undefined);
  await env.sleep(30 * HOUR);
  expect((await deadline(inTime, 'case.prosecutorNotice'))!.state).toBe('met');
  expect(noticesFor((await inTime.query(getCase)).erdrNumber, 'case.prosecutorNotice')).toEqual([]);
  expect((await deadline(late, 'case.prosecutorNotice'))!.state).toBe('breached');

  await late.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: PROSECUTOR, byIin: '700101300033' }] });
  const s = await settle(late, (x) => x.deadlines.find((d) => d.key === 'case.prosecutorNotice')?.state === 'late');
  await expectLate(s.erdrNumber, 'case.prosecutorNotice', t0);
  expect(calls.find((c) => c.name === 'deliverProsecutorNotice' && c.input.erdrNumber === s.erdrNumber)!.input).toMatchObject({ prosecutorIin: PROSECUTOR, format: 'ELECTRONIC' });
  expect(s.documents.at(-1)!.generatedKind).toBe('prosecutor_notice_format');
  const tl = await late.query(timeline);
  expect(tl.map((e) => e.what)).toEqual(expect.arrayContaining(['format.resolved', 'deadline.reminded', 'deadline.breached', 'prosecutor.assigned', 'deadline.late']));
  await finish(inTime, late);
});

scenario('¶10, ¶24 participants: e-mail tells at once; without phone and e-mail a paper letter, reminded, breached, late when posted', async () => {
  const h = await start();
  await h.executeUpdate(addParticipant, { args: [{ iin: iin(1), fullName: 'Сейітов Арман', role: 'victim', contact: { email: 'arman@example.kz' }, officialIin: OFFICIAL }] });
  await h.executeUpdate(addParticipant, { args: [{ iin: iin(2), fullName: 'Бекова Айгүл', role: 'suspect', officialIin: OFFICIAL }] });
  await h.executeUpdate(addParticipant, { args: [{ iin: iin(3), fullName: 'Куәгер Болат', role: 'witness', contact: { phone: '+77010000000' }, officialIin: OFFICIAL }] });
  const t0 = await env.currentTimeMs();
  await electronic(h);
  const s = await settle(h, (x) => x.participants[0].informedAt !== undefined && x.participants[1].letterId !== undefined);
  expect(s.participants[0].channels).toEqual(['cabinet', 'email']);
  expect(s.participants[1].channels).toEqual(['cabinet', 'paper_letter']);
  // ¶10 lists who is told; a witness is not.
  expect(s.obligations.map((o) => o.key)).not.toContain('case.participantsInformed:p3');
  expect(calls.filter((c) => c.name === 'informParticipant').map((c) => c.input.participant.id).sort()).toEqual(['p1', 'p2']);

  await env.sleep(30 * HOUR);
  await h.executeUpdate(confirmLetterSent, { args: [{ iin: iin(2), officialIin: OFFICIAL }] });
  const done = await settle(h, (x) => x.deadlines.find((d) => d.key === 'case.participantsInformed:p2')?.state === 'late');
  expect(done.deadlines.find((d) => d.key === 'case.participantsInformed:p1')!.state).toBe('met');
  await expectLate(done.erdrNumber, 'case.participantsInformed:p2', t0);
  expect(noticesFor(done.erdrNumber, 'case.participantsInformed:p1')).toEqual([]);

  // ¶26: confirmation opens the Public Sector.
  const confirmed = await h.executeUpdate(confirmParticipant, { args: [{ iin: iin(1), officialIin: OFFICIAL }] });
  expect(confirmed.participants[0].confirmedAt).toBeDefined();
  expect(confirmed.participants[1].confirmedAt).toBeUndefined();
  await finish(h);
});

scenario('¶11, ¶14 paper to PDF: earlier paper on an electronic resolution and a new on-site protocol; one scanned in time, one late', async () => {
  const h = await start();
  await h.executeUpdate(registerPaperDocument, { args: [{ id: 'protocol-1', title: 'Оқиға орнын қарау хаттамасы', origin: 'on_site', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }] });
  // Before the format decision no scan is due yet.
  expect((await h.query(getCase)).obligations).toEqual([]);
  const t0 = await env.currentTimeMs();
  await electronic(h);
  await h.executeUpdate(registerPaperDocument, { args: [{ id: 'motion-1', title: 'Өтінішхат', origin: 'incoming', createdAt: new Date(t0).toISOString(), officialIin: OFFICIAL }] });
  const s0 = await h.query(getCase);
  expect(s0.obligations.filter((o) => o.rule === 'case.paperToPdf').map((o) => o.key)).toEqual(['case.paperToPdf:protocol-1', 'case.paperToPdf:motion-1']);

  await h.executeUpdate(attachDocument, { args: [{ kind: 'scanned_pdf', sha256: sha(9001), title: 'Өтінішхат.pdf', obligationKey: 'case.paperToPdf:motion-1', officialIin: OFFICIAL }] });
  await env.sleep(30 * HOUR);
  await h.executeUpdate(attachDocument, { args: [{ kind: 'scanned_pdf', sha256: sha(9002), title: 'Хаттама.pdf', obligationKey: 'case.paperToPdf:protocol-1', officialIin: OFFICIAL }] });
  const s = await settle(h, (x) => x.deadlines.find((d) => d.key === 'case.paperToPdf:protocol-1')?.state === 'late');
  expect(s.deadlines.find((d) => d.key === 'case.paperToPdf:motion-1')!.state).toBe('met');
  await expectLate(s.erdrNumber, 'case.paperToPdf:protocol-1', t0);
  expect(s.paperDocuments.every((d) => d.scanId)).toBe(true);
  expect(s.documents.find((d) => d.scanOf === 'protocol-1')!.sha256).toBe(sha(9002));

  // ¶11: the inventory lists every document with its hash.
  const inventory = await h.executeUpdate(produceInventory, { args: [{ officialIin: OFFICIAL }] });
  expect(inventory.documentCount).toBe(s.documents.length);
  const listed = calls.find((c) => c.name === 'produceInventory')!.input.documents.map((d: { sha256: string }) => d.sha256);
  expect(listed).toEqual(s.documents.map((d) => d.sha256));
  await finish(h);
});

scenario('¶17 joining: done in time with a paper case made electronic; another breached and completed late; the joined case closes', async () => {
  const absorbed = await start();
  await electronic(absorbed);
  const absorbedErdr = (await absorbed.query(getCase)).erdrNumber;
  const lead = await start();
  await paper(lead);
  const slow = await start();
  await electronic(slow);
  // The one way from paper to electronic: the joining resolution decides it (¶10 ¶4, ¶17).
  const joined = await lead.executeUpdate(joinCases, {
    args: [{ joinedErdr: absorbedErdr, joinedFormat: 'ELECTRONIC', format: 'ELECTRONIC', paperMaterials: [{ id: 'm1', title: 'Жауап алу хаттамасы' }], officialIin: OFFICIAL }],
  });
  expect(joined.format).toBe('ELECTRONIC');
  expect(joined.formatChanges.at(-1)).toMatchObject({ from: 'PAPER', to: 'ELECTRONIC', basis: 'joining' });
  expect(joined.obligations.map((o) => o.key)).toEqual(expect.arrayContaining([`case.join:${absorbedErdr}`, `case.paperToPdf:${absorbedErdr}/m1`]));
  await lead.executeUpdate(completeJoin, { args: [{ joinedErdr: absorbedErdr, officialIin: OFFICIAL }] });
  expect((await absorbed.result()).status).toBe('JOINED_INTO');

  // The clock of the slow join starts at its resolution; awaiting a result above lets the test
  // server skip time, so it is read here, just before.
  const t0 = await env.currentTimeMs();
  await slow.executeUpdate(joinCases, { args: [{ joinedErdr: '261111111000001', joinedFormat: 'ELECTRONIC', format: 'ELECTRONIC', officialIin: OFFICIAL }] });
  await env.sleep(30 * HOUR);
  await slow.executeUpdate(completeJoin, { args: [{ joinedErdr: '261111111000001', officialIin: OFFICIAL }] });
  const s = await settle(slow, (x) => x.deadlines.find((d) => d.key === 'case.join:261111111000001')?.state === 'late');
  await expectLate(s.erdrNumber, 'case.join:261111111000001', t0);
  expect((await deadline(lead, `case.join:${absorbedErdr}`))!.state).toBe('met');
  // The paper materials of the joined case were not scanned: that one is breached.
  expect((await deadline(lead, `case.paperToPdf:${absorbedErdr}/m1`))!.state).toBe('breached');
  expect(calls.some((c) => c.name === 'informProsecutor' && c.input.decision === 'joining of cases')).toBe(true);
  await finish(lead, slow);
});

scenario('¶22–23 switch to paper: a foreign-state ground executed in time; an outage switch after 24 h executed late; urgent at once', async () => {
  const foreign = await start();
  await electronic(foreign);
  await foreign.executeUpdate(registerPaperDocument, { args: [{ id: 'r1', title: 'Қолхат', origin: 'incoming', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }] });
  const switched = await foreign.executeUpdate(switchToPaper, { args: [{ ground: 'FOREIGN_STATE', reasoning: 'Материалдар Қырғыз Республикасына жіберіледі', officialIin: OFFICIAL }] });
  expect(switched.format).toBe('PAPER');
  // Scans are no longer due once the case is on paper.
  expect(switched.obligations.find((o) => o.key === 'case.paperToPdf:r1')!.cancelledAt).toBeDefined();
  await settle(foreign, (x) => x.printPackage !== undefined);
  const executed = await foreign.executeUpdate(confirmPrintPackage, { args: [{ officialIin: OFFICIAL }] });
  expect(executed.formatChanges.at(-1)!.executedAt).toBeDefined();

  const outage = await start();
  await electronic(outage);
  const onset = await env.currentTimeMs();
  await outage.executeUpdate(reportSituation, { args: [{ kind: 'OUTAGE', startedAt: new Date(onset).toISOString(), officialIin: OFFICIAL }] });
  const urgent = await start();
  await electronic(urgent);
  await urgent.executeUpdate(reportSituation, { args: [{ kind: 'EMERGENCY', startedAt: new Date(onset).toISOString(), officialIin: OFFICIAL }] });
  const atOnce = await urgent.executeUpdate(switchToPaper, { args: [{ ground: 'EMERGENCY', reasoning: 'Кезек күттірмейтін тінту қажет', urgentActions: true, officialIin: OFFICIAL }] });
  expect(atOnce.formatChanges.at(-1)).toMatchObject({ basis: 'EMERGENCY', urgentActions: true });

  await env.sleep(25 * HOUR);
  const t0 = await env.currentTimeMs();
  await outage.executeUpdate(switchToPaper, { args: [{ ground: 'OUTAGE', reasoning: 'Модульге қосылу 25 сағат бойы жоқ', officialIin: OFFICIAL }] });
  const key = 'case.switchToPaper:2';
  await env.sleep(30 * HOUR);
  await outage.executeUpdate(confirmPrintPackage, { args: [{ officialIin: OFFICIAL }] });
  const s = await settle(outage, (x) => x.deadlines.find((d) => d.key === key)?.state === 'late');
  await expectLate(s.erdrNumber, key, t0);
  expect((await deadline(foreign, 'case.switchToPaper:2'))!.state).toBe('met');
  expect(calls.find((c) => c.name === 'producePrintPackage' && c.input.erdrNumber === s.erdrNumber)!.input.ground).toBe('OUTAGE');
  await finish(foreign, outage, urgent);
});

scenario('forbidden transitions are refused, each naming its rule', async () => {
  const h = await start();
  await refused(h.executeUpdate(switchToPaper, { args: [{ ground: 'STATE_SECRETS', reasoning: 'x', officialIin: OFFICIAL }] }), 'FORMAT_NOT_RESOLVED', '001 ¶10');
  await refused(h.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: '111111111111' }] }), 'NOT_ASSIGNED_OFFICIAL', '001 ¶10');
  await electronic(h);
  await refused(h.executeUpdate(resolveFormat, { args: [{ format: 'PAPER', officialIin: OFFICIAL }] }), 'SWITCH_NEEDS_REASONED_RESOLUTION', '001 ¶22');
  await refused(h.executeUpdate(switchToPaper, { args: [{ ground: 'BAD_WEATHER' as never, reasoning: 'x', officialIin: OFFICIAL }] }), 'SWITCH_GROUND_NOT_LISTED', '001 ¶22');
  await refused(h.executeUpdate(switchToPaper, { args: [{ ground: 'STATE_SECRETS', reasoning: ' ', officialIin: OFFICIAL }] }), 'REASONED_RESOLUTION_REQUIRED', '001 ¶22');
  await refused(h.executeUpdate(switchToPaper, { args: [{ ground: 'OUTAGE', reasoning: 'Жарық жоқ', officialIin: OFFICIAL }] }), 'NO_SITUATION_REPORTED', '001 ¶22');
  const onset = new Date((await env.currentTimeMs()) - 2 * HOUR).toISOString();
  await h.executeUpdate(reportSituation, { args: [{ kind: 'OUTAGE', startedAt: onset, officialIin: OFFICIAL }] });
  await refused(h.executeUpdate(switchToPaper, { args: [{ ground: 'OUTAGE', reasoning: 'Жарық жоқ', officialIin: OFFICIAL }] }), 'SITUATION_UNDER_24H', '001 ¶22');
  await refused(h.executeUpdate(confirmPrintPackage, { args: [{ officialIin: OFFICIAL }] }), 'NO_SWITCH_PENDING', '001 ¶23');
  await refused(h.executeUpdate(joinCases, { args: [{ joinedErdr: (await h.query(getCase)).erdrNumber, joinedFormat: 'PAPER', format: 'ELECTRONIC', officialIin: OFFICIAL }] }), 'JOIN_WITH_ITSELF', '001 ¶17');
  await refused(h.executeUpdate(attachDocument, { args: [{ kind: 'scanned_pdf', sha256: sha(1), title: 'x', obligationKey: 'case.paperToPdf:none', officialIin: OFFICIAL }] }), 'UNKNOWN_OBLIGATION', '001 ¶11');
  await h.executeUpdate(registerPaperDocument, { args: [{ id: 'p1', title: 'Хат', origin: 'outgoing', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }] });
  await refused(h.executeUpdate(attachDocument, { args: [{ kind: 'media', sha256: sha(2), title: 'video.mp4', obligationKey: 'case.paperToPdf:p1', officialIin: OFFICIAL }] }), 'OBLIGATION_NEEDS_SCAN', '001 ¶14');
  await refused(h.executeUpdate(sendToCourt, { args: [{ court: 'Астана қ. аудандық соты', byIin: OFFICIAL, by: 'official' }] }), 'UNSCANNED_PAPER', '001 ¶6');
  await refused(h.executeUpdate(addParticipant, { args: [{ iin: '123', fullName: 'X', role: 'victim', officialIin: OFFICIAL }] }), 'INVALID_IIN', '001 ¶26');
  await refused(h.executeUpdate(addParticipant, { args: [{ iin: iin(5), fullName: 'X', role: 'judge' as never, officialIin: OFFICIAL }] }), 'UNKNOWN_ROLE', '001 ¶10');
  await refused(h.executeUpdate(resumeCase, { args: [{ officialIin: OFFICIAL }] }), 'NOT_SUSPENDED', '001 ¶19');
  await refused(h.executeUpdate(transferCase, { args: [{ toBodyCode: body.code, reason: 'x', officialIin: OFFICIAL }] }), 'SAME_BODY', '001 ¶21');
  await refused(h.executeUpdate(transferCase, { args: [{ toBodyCode: '000000', reason: 'x', officialIin: OFFICIAL }] }), 'UNKNOWN_BODY', '001 ¶21');

  // On paper: no way back to electronic but joining; no second switch; no «Төрелік».
  const p = await start();
  await paper(p);
  await refused(p.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] }), 'PAPER_TO_ELECTRONIC_FORBIDDEN', '001 ¶10, ¶17');
  await refused(p.executeUpdate(switchToPaper, { args: [{ ground: 'STATE_SECRETS', reasoning: 'x', officialIin: OFFICIAL }] }), 'ALREADY_PAPER', '001 ¶22');
  await refused(p.executeUpdate(sendToCourt, { args: [{ court: 'Сот', byIin: OFFICIAL, by: 'official' }] }), 'COURT_NEEDS_ELECTRONIC', '001 ¶29');
  await refused(p.executeUpdate(reviewTermination, { args: [{ lawful: true, prosecutorIin: PROSECUTOR }] }), 'NO_TERMINATION_PENDING', '001 ¶20');
  await p.executeUpdate(terminateCase, { args: [{ grounds: 'ҚПК 35-б. 1-б. 2) т.', officialIin: OFFICIAL }] });
  await refused(p.executeUpdate(reviewTermination, { args: [{ lawful: true, prosecutorIin: '700101300099' }] }), 'NOT_SUPERVISING_PROSECUTOR', '001 ¶20, ¶30');
  await refused(p.executeUpdate(addParticipant, { args: [{ iin: iin(6), fullName: 'X', role: 'victim', officialIin: OFFICIAL }] }), 'AWAITING_PROSECUTOR_REVIEW', '001 ¶20');
  // Nothing refused left a trace: the history has only the accepted steps.
  expect((await p.query(getCase)).events.map((e) => e.action).filter((a) => a !== 'prosecutor.notified')).toEqual(['case.registered', 'documents.generated', 'format.resolved', 'case.terminated']);
  await finish(h, p);
});

scenario('suspension restricts actions until resumption (¶19); transfer makes the case inactive for the sender (¶21)', async () => {
  const h = await start();
  await electronic(h);
  await h.executeUpdate(suspendCase, { args: [{ reason: 'Күдікті іздестіруде', officialIin: OFFICIAL }] });
  await refused(h.executeUpdate(addParticipant, { args: [{ iin: iin(7), fullName: 'X', role: 'victim', officialIin: OFFICIAL }] }), 'CASE_SUSPENDED', '001 ¶19');
  await refused(h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(3), title: 'Қаулы', officialIin: OFFICIAL }] }), 'CASE_SUSPENDED', '001 ¶19');
  await refused(h.executeUpdate(terminateCase, { args: [{ grounds: 'x', officialIin: OFFICIAL }] }), 'CASE_SUSPENDED', '001 ¶19');
  await refused(h.executeUpdate(suspendCase, { args: [{ reason: 'x', officialIin: OFFICIAL }] }), 'CASE_SUSPENDED', '001 ¶19');
  // A motion that arrives on paper is still recorded (¶14).
  await h.executeUpdate(registerPaperDocument, { args: [{ id: 'm1', title: 'Өтінішхат', origin: 'incoming', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }] });
  const resumed = await h.executeUpdate(resumeCase, { args: [{ officialIin: OFFICIAL }] });
  expect(resumed.status).toBe('IN_PROCEEDINGS');
  expect(resumed.suspensions[0].resumedAt).toBeDefined();
  await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(4), title: 'Қаулы', officialIin: OFFICIAL }] });

  const moved = await h.executeUpdate(transferCase, { args: [{ toBodyCode: otherBody.code, reason: 'Тергеулігі бойынша', officialIin: OFFICIAL }] });
  expect(moved).toMatchObject({ status: 'TRANSFERRED_OUT', bodyCode: otherBody.code });
  await refused(h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(5), title: 'Қаулы', officialIin: OFFICIAL }] }), 'CASE_INACTIVE_FOR_SENDER', '001 ¶21');
  await settle(h, () => calls.some((c) => c.name === 'notifyReceivingBody'));
  expect(calls.find((c) => c.name === 'notifyReceivingBody')!.input).toMatchObject({ fromBodyCode: body.code, toBodyCode: otherBody.code });
  const desc = await h.describe();
  expect(desc.typedSearchAttributes.getAll().find((p) => p.key.name === 'Body')!.value).toBe(otherBody.code);
  const accepted = await h.executeUpdate(acceptTransfer, { args: [{ officialIin: '860101300044' }] });
  expect(accepted).toMatchObject({ status: 'IN_PROCEEDINGS', officialIin: '860101300044' });
  // The receiving official's list finds the case: the attribute now holds their pseudonym.
  await searchAttributesOnce(h, (a) => a.Official === pseudonym('860101300044'));
  expect(calls.filter((c) => c.name === 'informProsecutor').map((c) => c.input.decision)).toEqual(
    expect.arrayContaining(['interruption of terms', 'resumption', 'transfer by jurisdiction']),
  );
  await finish(h);
});

scenario('separation (¶18) starts the new case under its own ERDR number; sending to court (¶29) closes the case', async () => {
  const h = await start();
  await electronic(h);
  const withMedia = await h.executeUpdate(attachDocument, { args: [{ kind: 'media', sha256: sha(6), title: 'Бейнежазба', officialIin: OFFICIAL }] });
  const mediaId = withMedia.documents.find((d) => d.sha256 === sha(6))!.id;
  const { erdrNumber, workflowId } = await h.executeUpdate(separateCase, { args: [{ reason: 'Басқа эпизод', documentIds: [mediaId], officialIin: OFFICIAL }] });
  expect(erdrNumber).toMatch(new RegExp(`^26${body.code}1\\d{6}$`));
  expect(workflowId).toBe(`case-${erdrNumber}`);
  const child = env.client.workflow.getHandle(workflowId);
  const separated = await settle(child, (s) => s.events.length > 0);
  expect(separated).toMatchObject({ erdrNumber, separatedFrom: (await h.query(getCase)).erdrNumber, status: 'REGISTERED' });
  expect(separated.documents.map((d) => d.sha256)).toEqual([sha(6)]);
  expect(separated.documents[0].title).toBe('Бейнежазба');
  // The separated case starts with its officials' pseudonyms, without asking again.
  expect(await searchAttributesOnce(child, (a) => a.Official !== undefined)).toMatchObject({ Official: pseudonym(OFFICIAL), Prosecutor: pseudonym(PROSECUTOR) });
  expect(calls.filter((c) => c.name === 'searchPseudonyms')).toHaveLength(1);

  await settle(h, (x) => x.documents.length === 5);
  const sent = await h.executeUpdate(sendToCourt, { args: [{ court: 'Астана қ. Сарыарқа аудандық соты', byIin: PROSECUTOR, by: 'prosecutor' }] });
  expect(sent.status).toBe('SENT_TO_COURT');
  expect(sent.court).toMatchObject({ receiptNumber: 'T-2026-0001' });
  expect(calls.find((c) => c.name === 'submitCaseToCourt')!.input.documents).toHaveLength(5);
  expect((await h.result()).status).toBe('SENT_TO_COURT');
  await finish(child);
});

scenario('termination: the prosecutor finds it lawful → archived with its status (¶20)', async () => {
  const h = await start({ prosecutorIin: undefined });
  await h.executeUpdate(addParticipant, { args: [{ iin: iin(8), fullName: 'Жәбірленуші', role: 'victim', contact: { email: 'v@example.kz' }, officialIin: OFFICIAL }] });
  await electronic(h);
  await h.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: PROSECUTOR, byIin: '700101300033' }] });
  await settle(h, (s) => s.obligations.every((o) => o.metAt));
  await h.executeUpdate(confirmParticipant, { args: [{ iin: iin(8), officialIin: OFFICIAL }] });
  await h.executeUpdate(terminateCase, { args: [{ grounds: 'Қылмыс құрамы жоқ', officialIin: OFFICIAL }] });
  await settle(h, () => calls.some((c) => c.name === 'informProsecutor' && /termination/.test(c.input.decision)));
  await h.executeUpdate(reviewTermination, { args: [{ lawful: true, prosecutorIin: PROSECUTOR, reasoning: 'Заңды' }] });
  const result = await h.result();
  expect(result).toMatchObject({ status: 'ARCHIVED', archive: { status: 'TERMINATED' } });
  expect(result.events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.terminated', 'termination.upheld', 'case.archived']));
  await recordHistory('ecase-lifecycle-archived', h);
});

scenario('termination cancelled by the prosecutor → back in proceedings (¶20)', async () => {
  const h = await start();
  await electronic(h);
  await h.executeUpdate(terminateCase, { args: [{ grounds: 'Тоқтату', officialIin: OFFICIAL }] });
  const back = await h.executeUpdate(reviewTermination, { args: [{ lawful: false, prosecutorIin: PROSECUTOR, reasoning: 'Дәлелдемелер толық жиналмаған' }] });
  expect(back.status).toBe('IN_PROCEEDINGS');
  expect(back.termination!.review).toMatchObject({ lawful: false });
  await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(7), title: 'Тапсырма', officialIin: OFFICIAL }] });
  await finish(h);
});

test('access (¶21, ¶26, ¶30–33): conductor and heads, group, supervising prosecutor only, controllers, confirmed participants', () => {
  const c = {
    erdrNumber: '267111031000001', bodyCode: body.code, officialIin: OFFICIAL, prosecutorIin: PROSECUTOR, status: 'IN_PROCEEDINGS' as const, transfers: [],
    participants: [{ id: 'p1', iin: iin(1), fullName: 'X', role: 'victim' as const, contact: {}, addedAt: '', addedBy: OFFICIAL, confirmedAt: '2026-01-01T00:00:00Z' },
      { id: 'p2', iin: iin(2), fullName: 'Y', role: 'suspect' as const, contact: {}, addedAt: '', addedBy: OFFICIAL }],
  };
  expect(canAccess({ iin: OFFICIAL, roles: ['investigator'], bodyCode: body.code }, c)).toEqual({ level: 'conduct', source: '001 ¶30' });
  expect(canAccess({ iin: '1', roles: ['head'], bodyCode: body.code, subordinateIins: [OFFICIAL] }, c).level).toBe('conduct');
  expect(canAccess({ iin: '2', roles: ['investigator'], bodyCode: otherBody.code, groupCases: [c.erdrNumber] }, c)).toEqual({ level: 'conduct', source: '001 ¶31' });
  expect(canAccess({ iin: PROSECUTOR, roles: ['prosecutor'] }, c).level).toBe('supervise');
  expect(canAccess({ iin: '3', roles: ['prosecutor'] }, c)).toEqual({ level: 'none', source: '001 ¶30' });
  expect(canAccess({ iin: '4', roles: ['head'], bodyCode: '710000', controlledBodyCodes: [body.code] }, c)).toEqual({ level: 'control', source: '001 ¶33' });
  expect(canAccess({ iin: iin(1), roles: ['participant'] }, c)).toEqual({ level: 'public', source: '001 ¶26' });
  expect(canAccess({ iin: iin(2), roles: ['participant'] }, c).level).toBe('none'); // not yet confirmed
  const moved = { ...c, bodyCode: otherBody.code, status: 'TRANSFERRED_OUT' as const, transfers: [{ fromBodyCode: body.code, toBodyCode: otherBody.code, at: '', by: OFFICIAL, reason: '' }] };
  expect(canAccess({ iin: OFFICIAL, roles: ['investigator'], bodyCode: body.code }, moved)).toEqual({ level: 'none', source: '001 ¶21' });
});
