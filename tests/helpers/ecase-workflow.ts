// The harness of the electronic criminal case workflow's tests (tests/workflows/ecase*.test.ts):
// each scenario on a time-skipping server and worker of its own, activities replaced by recorders,
// and the checks the scenarios share (a refusal naming its rule, a 24-hour rule breached and late).
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOUR } from '../../domain/deadlines';
import { bodiesOf, districtsOf, regions } from '../../domain/dictionaries';
import { buildIin } from '../../domain/iin';
import { documentRef, type CaseDocument, type CaseState } from '../../domain/ecase';
import type { DeadlineNotice } from '../../activities/deadlines';
import { caseWorkflow, getCase, resolveFormat, type CaseInput } from '../../workflows/ecase';
import { searchPseudonymFor } from '../../platform/search-pseudonyms';
import { createTimeSkippingEnv, workerFor } from './temporal';
import { settleCase } from './cases';
import { waitFor } from './report';

export let env: TestWorkflowEnvironment;
// A task queue per scenario: a scenario that fails cannot leave a worker or tasks behind for the next.
let taskQueue = 'ecase-test';
let scenarios = 0;
export const calls: { name: string; input: any; at: number }[] = [];
let serial = 0;
export const pseudonym = searchPseudonymFor(Buffer.alloc(32, 9));

export const sha = (n: number) => n.toString(16).padStart(64, '0');
export const doc = (kind: string) => ({ kind, sha256: sha(++serial), title: { kk: `${kind} kk`, ru: `${kind} ru` } });
const recorded =
  <T>(name: string, answer: (input: any) => T) =>
  async (input: any) => {
    calls.push({ name, input, at: Context.current().info.currentAttemptScheduledTimestampMs });
    return answer(input);
  };
/** The `case_document` register as the activities keep it (platform/case-documents.ts), by ERDR number. */
export const register = new Map<string, CaseDocument[]>();
const save = (erdr: string, documents: CaseDocument[] = []) => {
  const kept = register.get(erdr) ?? [];
  for (const d of documents) if (!kept.some((k) => k.id === d.id)) kept.push(d);
  register.set(erdr, kept);
};
/** The case as the API shows it: documents from the register when the run keeps them there. */
export const withRegister = (s: CaseState): CaseState =>
  s.documentCount === undefined
    ? s
    : { ...s, documents: [...(register.get(s.erdrNumber) ?? [])].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1))) };
/** An activity not given the documents reads them from the register: recorded in its input, as if given. */
const fromRegister = (input: any, ref: (d: CaseDocument) => object = documentRef) => (input.documents ??= (register.get(input.erdrNumber) ?? []).map(ref));
const activities = {
  notifyDeadline: recorded('notifyDeadline', () => undefined),
  recordDeadline: recorded('recordDeadline', () => undefined),
  recordCaseEvent: recorded('recordCaseEvent', ({ erdrNumber, documents }) => save(erdrNumber, documents)),
  saveCaseDocuments: recorded('saveCaseDocuments', ({ erdrNumber, documents }) => save(erdrNumber, documents)),
  copyCaseDocuments: recorded('copyCaseDocuments', ({ fromErdrNumber, toErdrNumber, documentIds }) => {
    const taken = (register.get(fromErdrNumber) ?? []).filter((d) => documentIds.includes(d.id));
    save(
      toErdrNumber,
      taken.map((d, i) => ({ ...d, id: `d${i + 1}` })),
    );
    return taken.length;
  }),
  recordConfirmedParticipant: recorded('recordConfirmedParticipant', () => undefined),
  generateCaseDocuments: recorded('generateCaseDocuments', () => ['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start'].map(doc)),
  deliverProsecutorNotice: recorded('deliverProsecutorNotice', () => doc('prosecutor_notice_format')),
  informParticipant: recorded('informParticipant', ({ participant }) =>
    participant.contact.email || participant.contact.phone
      ? { channels: ['cabinet', 'email'] }
      : { channels: ['cabinet', 'paper_letter'], letter: doc('participant_letter') },
  ),
  informProsecutor: recorded('informProsecutor', () => undefined),
  notifyReceivingBody: recorded('notifyReceivingBody', () => 2),
  produceInventory: recorded('produceInventory', (input) => ({ ...doc('case_inventory'), documentCount: fromRegister(input).length })),
  producePrintPackage: recorded('producePrintPackage', (input) => ({
    sha256: sha(++serial),
    documentCount: fromRegister(input, (d) => ({ ...documentRef(d), scanOfPaper: !!d.scanOf })).length,
    originalsRequested: [],
  })),
  allocateSeparatedCaseNumber: recorded('allocateSeparatedCaseNumber', ({ bodyCode }) => `26${bodyCode}1${String(++serial).padStart(6, '0')}`),
  submitCaseToCourt: recorded('submitCaseToCourt', (input) => {
    fromRegister(input);
    return { receiptNumber: 'T-2026-0001', receivedAt: '2026-12-01T10:00:00Z', coverLetters: [doc('court_cover_letter')] };
  }),
  searchPseudonyms: recorded('searchPseudonyms', ({ iins }) => Object.fromEntries(iins.map((i: string) => [i, pseudonym(i)]))),
};

const region = regions().find((r) => r.id === 'kz-ast')!;
export const body = bodiesOf(districtsOf(region.id)![0].id)![0];
export const otherBody = bodiesOf(districtsOf(region.id)![1].id)![0];
export const OFFICIAL = '850101300011';
export const PROSECUTOR = '800202400022';
export const iin = (n: number) => buildIin('1990-03-15', n % 2 ? 'male' : 'female', n) ?? buildIin('1990-03-16', 'male', n)!;
export const erdrOf = () => `26${body.code}1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

jest.setTimeout(120_000);

/**
 * Each scenario on a test server and worker of its own: a time-skipping server's clock is shared
 * by everything on it, so a workflow left waiting by one scenario must not move time for the next.
 */
export const scenario = (name: string, fn: () => Promise<void>) =>
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

export async function start(over: Partial<CaseInput> = {}): Promise<WorkflowHandle<typeof caseWorkflow>> {
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
export const electronic = (h: WorkflowHandle) => h.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] });
export const paper = (h: WorkflowHandle) => h.executeUpdate(resolveFormat, { args: [{ format: 'PAPER', officialIin: OFFICIAL }] });
export const deadline = async (h: WorkflowHandle, key: string) => (await h.query(getCase)).deadlines.find((d) => d.key === key);
export const noticesFor = (erdr: string, key: string) =>
  calls.filter((c) => c.name === 'notifyDeadline' && c.input.workflowId === `case-${erdr}` && c.input.key === key).map((c) => c.input as DeadlineNotice);
export const settle = async (h: WorkflowHandle, until: (s: CaseState) => boolean) =>
  withRegister(await settleCase(env.client, h, (s) => until(withRegister(s))));

/**
 * Ends a test's cases once their background activities are done. An activity task left without a
 * worker would hold the time-skipping server's clock still for every later test.
 */
export async function finish(...handles: WorkflowHandle[]) {
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
export async function searchAttributesOnce(h: WorkflowHandle, until: (a: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const a = Object.fromEntries((await h.describe()).typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    if (until(a)) return a;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the search attributes did not reach the expected values');
}

/** The update is refused with `code`; its message names the rule and it comes in kk, ru and en. */
export async function refused(p: Promise<unknown>, code: string, source: string) {
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
export async function expectLate(erdr: string, key: string, t0: number) {
  const n = await waitFor(
    async () => noticesFor(erdr, key),
    (notices) => notices.length >= 3,
    10_000,
  );
  expect(n.map((x) => x.kind)).toEqual(['reminder', 'breach', 'late']);
  expect(n[1].recipients).toEqual(['head', 'prosecutor']);
  const at = calls.filter((c) => c.name === 'notifyDeadline' && c.input.workflowId === `case-${erdr}` && c.input.key === key).map((c) => c.at - t0);
  expect(at[0]).toBeGreaterThanOrEqual(18 * HOUR);
  expect(at[0]).toBeLessThan(18 * HOUR + 60_000);
  expect(at[1]).toBeGreaterThanOrEqual(24 * HOUR);
  expect(at[1]).toBeLessThan(24 * HOUR + 60_000);
}
