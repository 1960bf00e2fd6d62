// A case lives for years, so its workflow continues as new when its history grows. Forced here
// with a low bound: the new run keeps the whole state, and every open 24-hour duty keeps its clock
// (one reminder, one escalation, completion recorded as late) as if nothing had happened.
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOUR } from '../../domain/deadlines';
import { bodiesOf, districtsOf, regions } from '../../domain/dictionaries';
import { buildIin } from '../../domain/iin';
import type { CaseState } from '../../domain/ecase';
import {
  addParticipant, assignProsecutor, attachDocument, caseWorkflow, confirmLetterSent, getCase, registerPaperDocument, resolveFormat,
  timeline, type CaseInput,
} from '../../workflows/ecase';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

// Many skipped days and several runs of the workflow: give a loaded CI machine room.
jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
const taskQueue = 'ecase-can-test';
const calls: { name: string; input: any; runId: string }[] = [];
let serial = 0;
const sha = (n: number) => n.toString(16).padStart(64, '0');
const doc = (kind: string) => ({ kind, sha256: sha(++serial), title: { kk: `${kind} kk`, ru: `${kind} ru` } });
const recorded = <T>(name: string, answer: (input: any) => T) => async (input: any) => {
  calls.push({ name, input, runId: Context.current().info.workflowExecution?.runId ?? '' });
  return answer(input);
};
const activities = {
  notifyDeadline: recorded('notifyDeadline', () => undefined),
  recordCaseEvent: recorded('recordCaseEvent', () => undefined),
  generateCaseDocuments: recorded('generateCaseDocuments', () => ['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start'].map(doc)),
  deliverProsecutorNotice: recorded('deliverProsecutorNotice', () => doc('prosecutor_notice_format')),
  informParticipant: recorded('informParticipant', () => ({ channels: ['cabinet', 'paper_letter'], letter: doc('participant_letter') })),
  informProsecutor: recorded('informProsecutor', () => undefined),
};

const region = regions().find((r) => r.id === 'kz-ast')!;
const body = bodiesOf(districtsOf(region.id)![0].id)![0];
const OFFICIAL = '850101300011';
const VICTIM = buildIin('1988-07-01', 'female', 12) ?? buildIin('1988-07-02', 'female', 12)!;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const settle = async (h: WorkflowHandle, until: (s: CaseState) => boolean) => {
  for (let i = 0; i < 200; i++) {
    const s = await env.client.withDeadline(Date.now() + 2_000, () => h.query(getCase)).catch(() => undefined);
    if (s && until(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the case did not reach the expected state');
};

test('continue-as-new keeps the whole state, and each open deadline is reminded, breached and completed once', async () => {
  const w = await workerFor(env, { taskQueue, activities });
  await w.runUntil(async () => {
    const t0 = await env.currentTimeMs();
    const input: CaseInput = {
      erdrNumber: `26${body.code}1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      talon: '260000000000077',
      bodyCode: body.code,
      registeredAt: new Date(t0).toISOString(),
      officialIin: OFFICIAL,
      kuiNumber: `26${body.code}0000077`,
      fabula: 'Пәтерден ноутбук ұрланды / Из квартиры похищен ноутбук',
      options: { continueAsNewAfterEvents: 40 },
    };
    const h = await env.client.workflow.start(caseWorkflow, { args: [input], taskQueue, workflowId: `case-${input.erdrNumber}` });
    const firstRunId = h.firstExecutionRunId;
    await settle(h, (s) => s.events.some((e) => e.action === 'documents.generated'));
    await h.executeUpdate(registerPaperDocument, { args: [{ id: 'protocol-1', title: 'Қарау хаттамасы', origin: 'on_site', createdAt: new Date(t0).toISOString(), officialIin: OFFICIAL }] });
    await h.executeUpdate(addParticipant, { args: [{ iin: VICTIM, fullName: 'Жәбірленуші Айгерім', role: 'victim', officialIin: OFFICIAL }] });
    await h.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] });
    // Documents added until the history passes the bound.
    for (let i = 0; i < 6; i++) {
      await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(5000 + i), title: `Хаттама ${i + 1}`, officialIin: OFFICIAL }] });
    }
    const before = await settle(h, (s) => s.runs >= 2 && s.participants[0].letterId !== undefined);
    const openKeys = ['case.prosecutorNotice', 'case.participantsInformed:p1', 'case.paperToPdf:protocol-1'];
    expect(before.obligations.filter((o) => !o.metAt).map((o) => o.key).sort()).toEqual([...openKeys].sort());
    expect(before.documents.filter((d) => d.kind === 'electronic')).toHaveLength(6);
    expect(before.documents.map((d) => d.generatedKind).filter(Boolean)).toEqual(expect.arrayContaining(['kui_registration_report', 'participant_letter']));
    expect(before.events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.registered', 'format.resolved', 'case.continued_as_new']));
    const dueBefore = Object.fromEntries(before.deadlines.map((d) => [d.key, d.dueAt]));

    await env.sleep(30 * HOUR);
    const breached = await h.query(getCase);
    for (const key of openKeys) expect(breached.deadlines.find((d) => d.key === key)).toMatchObject({ state: 'breached', dueAt: dueBefore[key] });

    await h.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: '800202400022', byIin: '700101300033' }] });
    await h.executeUpdate(attachDocument, { args: [{ kind: 'scanned_pdf', sha256: sha(6000), title: 'Хаттама.pdf', obligationKey: 'case.paperToPdf:protocol-1', officialIin: OFFICIAL }] });
    await h.executeUpdate(confirmLetterSent, { args: [{ iin: VICTIM, officialIin: OFFICIAL }] });
    const after = await settle(h, (s) => openKeys.every((k) => s.deadlines.find((d) => d.key === k)?.state === 'late'));

    for (const key of openKeys) {
      const notices = calls.filter((c) => c.name === 'notifyDeadline' && c.input.key === key).map((c) => c.input.kind);
      expect({ key, notices }).toEqual({ key, notices: ['reminder', 'breach', 'late'] });
    }
    // Nothing was lost on the way: the timeline runs from registration to the late completions.
    const tl = await h.query(timeline);
    expect(tl[0].what).toBe('case.registered');
    expect(tl.filter((e) => e.what === 'deadline.late')).toHaveLength(3);
    expect(after.runs).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.map((c) => c.runId)).size).toBeGreaterThanOrEqual(2);

    for (let i = 0; i < 100 && ((await h.describe()).raw.pendingActivities ?? []).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    await recordHistory('ecase-continue-as-new-first-run', env.client.workflow.getHandle(h.workflowId, firstRunId));
    await recordHistory('ecase-continue-as-new-later-run', h);
    await h.terminate();
  });
});
