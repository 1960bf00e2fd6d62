// Administrative-offence information (004, Regulation B) on the time-skipping test server: fully
// automatic, each step within 5 minutes and the whole within 15 (all met, the service time kept);
// a step held up past its 5 minutes (breached, escalated to the operator, completed late) while the
// service level still holds; steps held up past 15 minutes in all (the service level breached and
// escalated, the time measured); the refusal when the second signature check fails.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MINUTE } from '../../domain/deadlines';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { StateServiceProjection } from '../../activities/archive-certificate';
import type { PersonNotice } from '../../activities/notifications';
import { OFFENCE_SERVICE_LEVEL_MS, offenceInformationWorkflowId } from '../../domain/offence-information';
import { offenceInformationWorkflow } from '../../workflows/offence-information';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'offence-information-test';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const records: DeadlineRecordRow[] = [];
const rows: StateServiceProjection[] = [];
const told: PersonNotice[] = [];
/** requestId → how many attempts of a step fail before it works (a part that is down for a while). */
const failing = new Map<string, { register?: number; result?: number }>();
const invalid = new Set<string>();

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async recordDeadline(r: DeadlineRecordRow) {
    records.push(r);
  },
  async verifyStateServiceRequest({ requestId }: { requestId: string }) {
    if (Context.current().info.attempt <= (failing.get(requestId)?.register ?? 0))
      throw ApplicationFailure.retryable('the registration system does not answer');
    return invalid.has(requestId) ? { valid: false, reasons: [{ code: 'IIN_MISMATCH', message: 'mismatch' }] } : { valid: true, reasons: [] };
  },
  async recordStateServiceState(p: StateServiceProjection) {
    rows.push(p);
  },
  async findAdministrativeOffences({ iin }: { iin: string }) {
    return iin === OFFENDER ? [{ article: '610 ч.1', decidedAt: '2025-06-01', bodyName: 'Астана ҚПД', penalty: 'айыппұл 10 АЕК' }] : [];
  },
  async makeOffenceInformation(input: { requestId: string; offences: unknown[] }) {
    if (Context.current().info.attempt <= (failing.get(input.requestId)?.result ?? 0))
      throw ApplicationFailure.retryable('the signing service does not answer');
    return { sha256: 'b'.repeat(64), signedBy: 'ЖАҚСЫЛЫҚОВ ТАЛҒАТ ӘМІРҰЛЫ' };
  },
  async notifyPerson(n: PersonNotice) {
    told.push(n);
    return { channels: ['cabinet'] };
  },
};

const RECIPIENT = '900315300127';
const OFFENDER = '910101300128';

jest.setTimeout(180_000);

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(() => {
  for (const list of [notices, records, rows, told]) list.length = 0;
});

async function run(over: { iin?: string; failing?: { register?: number; result?: number }; invalid?: boolean } = {}) {
  const requestId = randomUUID();
  if (over.failing) failing.set(requestId, over.failing);
  if (over.invalid) invalid.add(requestId);
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(async () => {
    const receivedAt = await env.currentTimeMs();
    const handle = await env.client.workflow.start(offenceInformationWorkflow, {
      taskQueue,
      workflowId: offenceInformationWorkflowId(requestId),
      args: [
        {
          requestId,
          receivedAt: new Date(receivedAt).toISOString(),
          recipient: { iin: over.iin ?? RECIPIENT, name: 'Әбілқасымов Ерлан Серікұлы' },
          language: 'kk',
        },
      ],
    });
    return { handle, receivedAt, result: await handle.result() };
  });
}

const byKey = (result: { deadlines: { key: string; state: string }[] }) => Object.fromEntries(result.deadlines.map((d) => [d.key, d.state]));

test('all steps at once: registered, verified, delivered; each 5-minute step and the 15-minute service level met, the time kept', async () => {
  const { handle, result } = await run({ iin: OFFENDER });
  expect(result).toMatchObject({
    status: 'DELIVERED',
    offenceCount: 1,
    result: { sha256: 'b'.repeat(64), signedBy: 'ЖАҚСЫЛЫҚОВ ТАЛҒАТ ӘМІРҰЛЫ' },
    serviceLevel: { met: true },
  });
  expect(byKey(result)).toEqual({ 'offence.service': 'met', 'offence.register': 'met', 'offence.verify': 'met', 'offence.result': 'met' });
  expect(result.serviceLevel!.ms).toBeLessThan(MINUTE);
  expect(notices).toEqual([]);
  expect(rows.map((r) => r.status)).toEqual(['REGISTERED', 'VERIFIED', 'DELIVERED']);
  expect(rows.at(-1)).toMatchObject({ serviceMs: result.serviceLevel!.ms, completedAt: result.deliveredAt });
  expect(told).toEqual([expect.objectContaining({ iin: OFFENDER, dedupeKey: `${handle.workflowId}/delivered`, kind: 'message' })]);
  // The records table gets every deadline, met, with no body (the Committee's central service).
  const last = new Map(records.map((r) => [r.key, r]));
  expect([...last.values()].map((r) => [r.rule, r.state, r.bodyCode])).toEqual(
    expect.arrayContaining([
      ['offence.service', 'met', ''],
      ['offence.register', 'met', ''],
      ['offence.verify', 'met', ''],
      ['offence.result', 'met', ''],
    ]),
  );
});

test('registration held up past 5 minutes: breached and escalated to the operator, completed late; the 15 minutes still held', async () => {
  // Backoff 1 s, 2 s … capped at 1 min: 10 failed attempts take about 5 min 3 s.
  const { handle, receivedAt, result } = await run({ failing: { register: 10 } });
  expect(byKey(result)).toEqual({ 'offence.service': 'met', 'offence.register': 'late', 'offence.verify': 'met', 'offence.result': 'met' });
  const breach = notices.find((n) => n.kind === 'breach')!;
  expect(breach).toMatchObject({ rule: 'offence.register', recipients: ['operator'], source: '004 B-p.5' });
  expect(Math.abs(breach.scheduledAt - (receivedAt + 5 * MINUTE))).toBeLessThan(5_000);
  expect(notices.map((n) => n.kind)).toEqual(['breach', 'late']);
  expect(result.serviceLevel!.ms).toBeGreaterThan(5 * MINUTE);
  expect(result.serviceLevel!.met).toBe(true);
  await recordHistory('offence-information-late-registration', handle);
});

test('held up past 15 minutes in all: the service level breached and escalated, the measured time over the limit', async () => {
  // About 5 min for the registration, then about 11 min for the certificate.
  const { receivedAt, result } = await run({ failing: { register: 10, result: 16 } });
  expect(result.status).toBe('DELIVERED');
  expect(byKey(result)).toEqual({ 'offence.service': 'late', 'offence.register': 'late', 'offence.verify': 'met', 'offence.result': 'late' });
  const serviceBreach = notices.find((n) => n.rule === 'offence.service' && n.kind === 'breach')!;
  expect(serviceBreach.recipients).toEqual(['operator', 'head']);
  expect(Math.abs(serviceBreach.scheduledAt - (receivedAt + OFFENCE_SERVICE_LEVEL_MS))).toBeLessThan(5_000);
  expect(result.serviceLevel).toMatchObject({ met: false });
  expect(result.serviceLevel!.ms).toBeGreaterThan(OFFENCE_SERVICE_LEVEL_MS);
  expect(rows.at(-1)).toMatchObject({ status: 'DELIVERED', serviceMs: result.serviceLevel!.ms });
});

test('the second signature check fails: refused, the recipient told, the service closed', async () => {
  const { handle, result } = await run({ invalid: true });
  expect(result.status).toBe('REJECTED');
  expect(result.rejection?.reasons[0].code).toBe('IIN_MISMATCH');
  expect(byKey(result)).toEqual({ 'offence.service': 'met', 'offence.register': 'met' });
  expect(told).toEqual([expect.objectContaining({ dedupeKey: `${handle.workflowId}/rejected` })]);
  expect(rows.map((r) => r.status)).toEqual(['REJECTED']);
});
