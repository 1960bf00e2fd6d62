// A case lives for years, so its workflow continues as new when its history grows. Forced here
// with a low bound: the new run keeps the whole state, and every open 24-hour duty keeps its clock
// (one reminder, one escalation, completion recorded as late) as if nothing had happened. A
// deadline notice on its way when the hand-over is due is delivered first, exactly once; and a new
// run carries only the latest events, every event having been journalled on the way.
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOUR } from '../../domain/deadlines';
import { bodiesOf, districtsOf, regions } from '../../domain/dictionaries';
import { buildIin } from '../../domain/iin';
import type { CaseDocument, CaseEvent, CaseState } from '../../domain/ecase';
import type { DeadlineNotice } from '../../activities/deadlines';
import { searchPseudonymFor } from '../../platform/search-pseudonyms';
import {
  addParticipant,
  assignProsecutor,
  attachDocument,
  caseWorkflow,
  confirmLetterSent,
  getCase,
  registerPaperDocument,
  resolveFormat,
  timeline,
  type CaseInput,
} from '../../workflows/ecase';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';
import { settleCase } from '../helpers/cases';
import { sendCaseUpdate } from '../../api/ecase';

// Many skipped days and several runs of the workflow: give a loaded CI machine room.
jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
const taskQueue = 'ecase-can-test';
const calls: { name: string; input: any; runId: string }[] = [];
let serial = 0;
const sha = (n: number) => n.toString(16).padStart(64, '0');
const doc = (kind: string) => ({ kind, sha256: sha(++serial), title: { kk: `${kind} kk`, ru: `${kind} ru` } });
const recorded =
  <T>(name: string, answer: (input: any) => T) =>
  async (input: any) => {
    calls.push({ name, input, runId: Context.current().info.workflowExecution?.runId ?? '' });
    return answer(input);
  };
const pseudonym = searchPseudonymFor(Buffer.alloc(32, 9));
/** The `case_document` register (platform/case-documents.ts), by ERDR number: the documents outlive every run. */
const register = new Map<string, CaseDocument[]>();
const save = ({ erdrNumber, documents = [] }: { erdrNumber: string; documents?: CaseDocument[] }) => {
  register.set(erdrNumber, [...(register.get(erdrNumber) ?? []), ...documents.filter((d) => !(register.get(erdrNumber) ?? []).some((k) => k.id === d.id))]);
};
const activities = {
  notifyDeadline: recorded('notifyDeadline', () => undefined),
  recordDeadline: recorded('recordDeadline', () => undefined),
  recordCaseEvent: recorded('recordCaseEvent', save),
  saveCaseDocuments: recorded('saveCaseDocuments', save),
  generateCaseDocuments: recorded('generateCaseDocuments', () => ['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start'].map(doc)),
  deliverProsecutorNotice: recorded('deliverProsecutorNotice', () => doc('prosecutor_notice_format')),
  informParticipant: recorded('informParticipant', () => ({ channels: ['cabinet', 'paper_letter'], letter: doc('participant_letter') })),
  informProsecutor: recorded('informProsecutor', () => undefined),
  searchPseudonyms: recorded('searchPseudonyms', ({ iins }) => Object.fromEntries(iins.map((i: string) => [i, pseudonym(i)]))),
};

const region = regions().find((r) => r.id === 'kz-ast')!;
const body = bodiesOf(districtsOf(region.id)![0].id)![0];
const OFFICIAL = '850101300011';
const VICTIM = buildIin('1988-07-01', 'female', 12) ?? buildIin('1988-07-02', 'female', 12)!;

// A test server per test: its clock is shared by everything on it, and one test's waiting case
// must not move time for the next.
beforeEach(async () => {
  calls.length = 0;
  env = await createTimeSkippingEnv();
});
afterEach(async () => {
  await env?.teardown();
});

const caseInput = async (options: CaseInput['options'], over: Partial<CaseInput> = {}): Promise<CaseInput> => {
  const t0 = await env.currentTimeMs();
  return {
    erdrNumber: `26${body.code}1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    talon: '260000000000077',
    bodyCode: body.code,
    registeredAt: new Date(t0).toISOString(),
    officialIin: OFFICIAL,
    kuiNumber: `26${body.code}0000077`,
    fabula: 'Пәтерден ноутбук ұрланды / Из квартиры похищен ноутбук',
    options,
    ...over,
  };
};
const waitUntil = async (what: string, done: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting: ${what}`);
};

const withRegister = (s: CaseState): CaseState => (s.documentCount === undefined ? s : { ...s, documents: register.get(s.erdrNumber) ?? [] });
const settle = async (h: WorkflowHandle, until: (s: CaseState) => boolean) => withRegister(await settleCase(env.client, h, (s) => until(withRegister(s))));

test('continue-as-new keeps the whole state, and each open deadline is reminded, breached and completed once', async () => {
  const w = await workerFor(env, { taskQueue, activities });
  await w.runUntil(async () => {
    const input = await caseInput({ continueAsNewAfterEvents: 40 });
    const t0 = Date.parse(input.registeredAt);
    const h = await env.client.workflow.start(caseWorkflow, { args: [input], taskQueue, workflowId: `case-${input.erdrNumber}` });
    const firstRunId = h.firstExecutionRunId;
    await settle(h, (s) => s.events.some((e) => e.action === 'documents.generated'));
    await sendCaseUpdate(h, (c) =>
      c.executeUpdate(registerPaperDocument, {
        args: [{ id: 'protocol-1', title: 'Қарау хаттамасы', origin: 'on_site', createdAt: new Date(t0).toISOString(), officialIin: OFFICIAL }],
      }),
    );
    await sendCaseUpdate(h, (c) =>
      c.executeUpdate(addParticipant, { args: [{ iin: VICTIM, fullName: 'Жәбірленуші Айгерім', role: 'victim', officialIin: OFFICIAL }] }),
    );
    await sendCaseUpdate(h, (c) => c.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] }));
    // Documents added until the history passes the bound.
    for (let i = 0; i < 6; i++) {
      await sendCaseUpdate(h, (c) =>
        c.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(5000 + i), title: `Хаттама ${i + 1}`, officialIin: OFFICIAL }] }),
      );
    }
    const before = await settle(h, (s) => s.runs >= 2 && s.participants[0].letterId !== undefined);
    const openKeys = ['case.prosecutorNotice', 'case.participantsInformed:p1', 'case.paperToPdf:protocol-1'];
    expect(
      before.obligations
        .filter((o) => !o.metAt)
        .map((o) => o.key)
        .sort(),
    ).toEqual([...openKeys].sort());
    expect(before.documents.filter((d) => d.kind === 'electronic')).toHaveLength(6);
    expect(before.documents.map((d) => d.generatedKind).filter(Boolean)).toEqual(expect.arrayContaining(['kui_registration_report', 'participant_letter']));
    expect(before.events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.registered', 'format.resolved', 'case.continued_as_new']));
    const dueBefore = Object.fromEntries(before.deadlines.map((d) => [d.key, d.dueAt]));

    await env.sleep(30 * HOUR);
    const breached = await h.query(getCase);
    for (const key of openKeys) expect(breached.deadlines.find((d) => d.key === key)).toMatchObject({ state: 'breached', dueAt: dueBefore[key] });

    await sendCaseUpdate(h, (c) => c.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: '800202400022', byIin: '700101300033' }] }));
    await sendCaseUpdate(h, (c) =>
      c.executeUpdate(attachDocument, {
        args: [{ kind: 'scanned_pdf', sha256: sha(6000), title: 'Хаттама.pdf', obligationKey: 'case.paperToPdf:protocol-1', officialIin: OFFICIAL }],
      }),
    );
    await sendCaseUpdate(h, (c) => c.executeUpdate(confirmLetterSent, { args: [{ iin: VICTIM, officialIin: OFFICIAL }] }));
    const after = await settle(h, (s) => openKeys.every((k) => s.deadlines.find((d) => d.key === k)?.state === 'late'));

    // A completion is recorded first, then its late notice goes out.
    await waitUntil('the late notices', () =>
      openKeys.every((key) => calls.some((c) => c.name === 'notifyDeadline' && c.input.key === key && c.input.kind === 'late')),
    );
    for (const key of openKeys) {
      const notices = calls.filter((c) => c.name === 'notifyDeadline' && c.input.key === key).map((c) => c.input.kind);
      expect({ key, notices }).toEqual({ key, notices: ['reminder', 'breach', 'late'] });
    }
    // Each duty's deadline record (what the supervisors' statistics read) was written by both runs
    // as it changed: opened by the first, reminded, breached and completed late by later ones.
    for (const key of openKeys) {
      const written = calls.filter((c) => c.name === 'recordDeadline' && c.input.key === key);
      expect(written.map((c) => c.input.state)).toEqual(['pending', 'pending', 'breached', 'late']);
      expect(written.at(-1)!.input).toMatchObject({
        workflowType: 'caseWorkflow',
        bodyCode: body.code,
        remindedAt: expect.any(String),
        completedAt: expect.any(String),
      });
      expect(new Set(written.map((c) => c.runId)).size).toBeGreaterThanOrEqual(2);
    }
    // Nothing was lost on the way: the timeline runs from registration to the late completions.
    const tl = await h.query(timeline);
    expect(tl[0].what).toBe('case.registered');
    expect(tl.filter((e) => e.what === 'deadline.late')).toHaveLength(3);
    expect(after.runs).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.map((c) => c.runId)).size).toBeGreaterThanOrEqual(2);

    for (let i = 0; i < 100 && ((await h.describe()).raw.pendingActivities ?? []).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    // Recorded with the deadline records and the hand-over's closed door; the histories recorded
    // before them (ecase-continue-as-new-first-run, -later-run) stay, and replay as well.
    await recordHistory('ecase-deadline-records-continue-as-new-first-run', env.client.workflow.getHandle(h.workflowId, firstRunId));
    await recordHistory('ecase-deadline-records-continue-as-new-later-run', h);
    // And the run that first wrote deadline records, which continued as new in its turn.
    const recordingRun = calls.find((c) => c.name === 'recordDeadline')!.runId;
    expect(recordingRun).not.toBe((await h.describe()).runId);
    await recordHistory('ecase-deadline-records-continue-as-new-recording-run', env.client.workflow.getHandle(h.workflowId, recordingRun));
    await h.terminate();
  });
});

test('a deadline reminder still on its way when continue-as-new is due is delivered once, and the next run does not send it again', async () => {
  // The mail relay is slow: the reminder's first attempt hangs until released, then times out;
  // only its retry gets through. Had the run handed over meanwhile, the retry would never come.
  let reminderStarted!: () => void;
  const started = new Promise<void>((resolve) => (reminderStarted = resolve));
  let releaseRelay!: () => void;
  const relayReleased = new Promise<void>((resolve) => (releaseRelay = resolve));
  const delivered: { kind: string; key: string; runId: string }[] = [];
  const slowRelay = async (n: DeadlineNotice) => {
    const info = Context.current().info;
    calls.push({ name: 'notifyDeadline', input: n, runId: info.workflowExecution?.runId ?? '' });
    if (n.kind === 'reminder' && info.attempt === 1) {
      reminderStarted();
      await relayReleased;
      throw new Error('the mail relay timed out');
    }
    delivered.push({ kind: n.kind, key: n.key, runId: info.workflowExecution?.runId ?? '' });
  };

  const w = await workerFor(env, { taskQueue, activities: { ...activities, notifyDeadline: slowRelay } });
  await w.runUntil(async () => {
    // A failing expectation must not leave the first attempt hanging: the worker could not shut down.
    try {
      const bound = 80;
      // No prosecutor yet: the ¶10 notice stays due, and its reminder comes at 18 h.
      const input = await caseInput({ continueAsNewAfterEvents: bound });
      const h = await env.client.workflow.start(caseWorkflow, { args: [input], taskQueue, workflowId: `case-${input.erdrNumber}` });
      const firstRunId = h.firstExecutionRunId;
      await settle(h, (s) => s.events.some((e) => e.action === 'documents.generated'));
      await h.executeUpdate(resolveFormat, { args: [{ format: 'PAPER', officialIin: OFFICIAL }] });
      expect((await h.describe()).historyLength).toBeLessThan(bound);

      // The sleep cannot end while the reminder hangs (an activity at work holds the test server's
      // clock), so it is awaited after the relay is released.
      const slept = env.sleep(18 * HOUR + 60_000);
      await started;
      // While the reminder hangs, the history passes the bound: continue-as-new is due.
      const firstRun = env.client.workflow.getHandle(h.workflowId, firstRunId);
      for (let i = 0; ; i++) {
        const d = await firstRun.describe();
        if (d.historyLength >= bound + 5 || d.status.name !== 'RUNNING') break;
        await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(7000 + i), title: `Хаттама ${i + 1}`, officialIin: OFFICIAL }] });
      }
      // The run waits for the notice instead of handing over.
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await firstRun.describe()).status.name).toBe('RUNNING');

      releaseRelay();
      await slept;
      const next = await settle(h, (s) => s.runs === 2);
      expect(next.deadlines.find((d) => d.key === 'case.prosecutorNotice')).toMatchObject({ state: 'pending', remindedAt: expect.any(String) });
      expect(delivered).toEqual([{ kind: 'reminder', key: 'case.prosecutorNotice', runId: firstRunId }]);

      // The next run escalates at 24 h but does not remind again.
      await env.sleep(7 * HOUR);
      await settle(h, (s) => s.deadlines.find((d) => d.key === 'case.prosecutorNotice')?.state === 'breached');
      await waitUntil('the breach notice', () => delivered.some((d) => d.kind === 'breach'));
      expect(delivered.map((d) => d.kind)).toEqual(['reminder', 'breach']);
      expect(delivered[1].runId).not.toBe(firstRunId);
      expect(calls.filter((c) => c.name === 'notifyDeadline' && c.input.kind === 'reminder').map((c) => c.runId)).toEqual([firstRunId, firstRunId]);

      await waitUntil('no activity left running', async () => ((await h.describe()).raw.pendingActivities ?? []).length === 0);
      await recordHistory('ecase-continue-as-new-after-notice', env.client.workflow.getHandle(h.workflowId, firstRunId));
      await h.terminate();
    } finally {
      releaseRelay();
    }
  });
});

test('a new run carries only the latest events; every event was journalled, so the whole timeline can be told', async () => {
  const w = await workerFor(env, { taskQueue, activities });
  await w.runUntil(async () => {
    const carried = 3;
    const input = await caseInput({ continueAsNewAfterEvents: 100, carriedEvents: carried });
    const h = await env.client.workflow.start(caseWorkflow, { args: [input], taskQueue, workflowId: `case-${input.erdrNumber}` });
    await settle(h, (s) => s.events.some((e) => e.action === 'documents.generated'));
    await h.executeUpdate(resolveFormat, { args: [{ format: 'PAPER', officialIin: OFFICIAL }] });
    // Documents back to back, as fast as the client sends them, until the history passes the bound:
    // the run closes its door to new updates, drains those it accepted and hands over; the refused
    // ones are sent again by the API's update helper and land in the new run.
    let runs = 1;
    for (let i = 0; runs === 1; i++) {
      if (i === 60) throw new Error('the case did not continue as new');
      const sent = await sendCaseUpdate(h, (c) =>
        c.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(8000 + i), title: `Хаттама ${i + 1}`, officialIin: OFFICIAL }] }),
      );
      runs = sent.runs;
    }
    // The hand-over went through at once. An update reaching the server during the hand-over's own
    // workflow task still fails that task once (UNHANDLED_COMMAND, retried at once); the retry
    // refuses it and continues as new. Accepted there, it failed the retry as well, and the next.
    const firstHistory = await env.client.workflow.getHandle(h.workflowId, h.firstExecutionRunId).fetchHistory();
    const failedTasks = firstHistory.events!.filter((e) => e.workflowTaskFailedEventAttributes);
    expect(failedTasks.length).toBeLessThanOrEqual(1);
    expect(firstHistory.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    // Numbering goes on in the new run, without a gap.
    const after = await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(8100), title: 'Қорытынды', officialIin: OFFICIAL }] });
    expect(after.runs).toBe(2);
    const total = after.events.at(-1)!.seq;
    const first = after.events[0].seq;
    expect(after.events.map((e) => e.seq)).toEqual(Array.from({ length: total - first + 1 }, (_, i) => first + i));
    // Carried: only the last `carried` events of the first run.
    const firstRun = calls.filter((c) => c.name === 'recordCaseEvent' && c.runId === h.firstExecutionRunId).map((c) => c.input.event as CaseEvent);
    const lastOfFirstRun = Math.max(...firstRun.map((e) => e.seq));
    expect(lastOfFirstRun).toBeGreaterThan(carried + 5);
    const carriedOver = after.events.filter((e) => e.seq <= lastOfFirstRun);
    expect(carriedOver.map((e) => e.seq)).toEqual([lastOfFirstRun - 2, lastOfFirstRun - 1, lastOfFirstRun]);
    // The first run journalled its hand-over once. Documents attached while that entry was being
    // journalled still land in the first run, after it, so on a slow machine the hand-over need
    // not be among the last three.
    expect(firstRun.filter((e) => e.action === 'case.continued_as_new')).toHaveLength(1);

    // Every event reached the journal once, numbered without a gap: what the timeline endpoint reads.
    await waitUntil('the last event journalled', () => calls.some((c) => c.name === 'recordCaseEvent' && c.input.event.seq === total));
    const journalled = new Map<number, CaseEvent>();
    for (const c of calls.filter((x) => x.name === 'recordCaseEvent')) journalled.set(c.input.event.seq, c.input.event);
    expect([...journalled.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(journalled.get(1)!.action).toBe('case.registered');
    // The workflow's own timeline tells the carried window only.
    expect((await h.query(timeline)).filter((e) => !e.deadline).map((e) => e.what)).toEqual(after.events.map((e) => e.action));

    await waitUntil('no activity left running', async () => ((await h.describe()).raw.pendingActivities ?? []).length === 0);
    await h.terminate();
  });
});
