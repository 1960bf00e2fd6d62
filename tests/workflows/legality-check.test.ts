// The prosecutor's legality check (002 P8) on the time-skipping server: the operator's answer signed
// off within 3 days is met; not signed off, a reminder at 2 days, operator and prosecutor told at 3,
// and the late sign-off recorded as late; the outcome with violations becomes incidents and
// blocking proposals; a resolution whose signature no longer holds ends the check at once.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { LegalityJournalInput } from '../../activities/legality-check';
import { DAY } from '../../domain/deadlines';
import { checkPeriod, type LegalityCheckInput, type LegalityViolation, type PreparedAnswer } from '../../domain/legality-check';
import { confirmLegalityAnswer, getLegalityCheck, legalityCheckWorkflow, recordLegalityOutcome } from '../../workflows/legality-check';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

const taskQueue = 'legality-check-test';
const PROSECUTOR = '800101300044';
const OPERATOR = '800101300055';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const journal: LegalityJournalInput[] = [];
const violations: LegalityViolation[] = [];
const records: DeadlineRecordRow[] = [];
let resolutionValid = true;

const answer = (): PreparedAnswer => ({
  checkpoint: 'erdr.local/audit-log\n40\nAAAA\n\n— erdr.local/audit-log abc\n',
  treeSize: 40,
  rootHash: 'AAAA',
  queries: [
    { index: 7, queryId: randomUUID(), officialIin: '900101300011', answered: true },
    { index: 12, queryId: randomUUID(), officialIin: '900101300022', answered: false },
  ],
  complete: true,
  jsonSha256: 'a'.repeat(64),
  pdfSha256: 'b'.repeat(64),
  preparedAt: new Date().toISOString(),
});

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async recordDeadline(r: DeadlineRecordRow) {
    records.push(r);
  },
  async verifyLegalityResolution() {
    return resolutionValid ? { valid: true, reasons: [] } : { valid: false, reasons: [{ code: 'CERT_REVOKED', message: 'revoked' }] };
  },
  async prepareLegalityAnswer(_input: LegalityCheckInput) {
    return answer();
  },
  async journalLegalityCheck(input: LegalityJournalInput) {
    journal.push(input);
    return { index: journal.length };
  },
  async recordLegalityViolation(input: { violation: LegalityViolation }) {
    violations.push(input.violation);
  },
};

const input = (): LegalityCheckInput => {
  const checkId = `711303-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  return {
    checkId,
    prosecutorIin: PROSECUTOR,
    bodyCode: '711303',
    resolution: { fileId: randomUUID(), sha256: 'c'.repeat(64), number: '2-0317-26' },
    period: checkPeriod('2026-11-01', '2026-11-30'),
  };
};

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(() => {
  notices.length = 0;
  journal.length = 0;
  violations.length = 0;
  records.length = 0;
  resolutionValid = true;
});

test('answer signed off on time: the deadline is met, nobody is reminded; no violations ends the check', async () => {
  const worker = await workerFor(env, { taskQueue, activities });
  await worker.runUntil(async () => {
    const args = input();
    const handle = await env.client.workflow.start(legalityCheckWorkflow, { args: [args], taskQueue, workflowId: `legality-check-${args.checkId}` });
    // The outcome cannot come before the answer.
    await expect(handle.executeUpdate(recordLegalityOutcome, { args: [{ outcome: 'NO_VIOLATIONS', prosecutorIin: PROSECUTOR }] })).rejects.toThrow();
    await env.sleep(1 * DAY);
    const answered = await handle.executeUpdate(confirmLegalityAnswer, { args: [{ operatorIin: OPERATOR, note: 'Журналдан үзінді' }] });
    expect(answered.confirmation).toMatchObject({ operatorIin: OPERATOR, note: 'Журналдан үзінді' });
    expect(answered.status).toBe('ANSWERED');
    await expect(handle.executeUpdate(confirmLegalityAnswer, { args: [{ operatorIin: OPERATOR }] })).rejects.toThrow(/update/i);
    // Only the prosecutor who opened the check records the outcome.
    await expect(handle.executeUpdate(recordLegalityOutcome, { args: [{ outcome: 'NO_VIOLATIONS', prosecutorIin: '800101300099' }] })).rejects.toThrow();
    const done = await handle.executeUpdate(recordLegalityOutcome, { args: [{ outcome: 'NO_VIOLATIONS', prosecutorIin: PROSECUTOR }] });
    expect(done.outcome).toMatchObject({ outcome: 'NO_VIOLATIONS', violations: [] });
    const result = await handle.result();
    expect(result.status).toBe('NO_VIOLATIONS');
    expect(result.deadlines).toEqual([expect.objectContaining({ rule: 'legalityCheck.answer', state: 'met' })]);
    expect(notices).toEqual([]);
    expect(journal.map((j) => j.action)).toEqual([
      'legality-check.opened',
      'legality-check.requested',
      'legality-check.answered',
      'legality-check.no-violations',
    ]);
    expect(journal.map((j) => j.step)).toEqual(['opened', 'requested', 'answered', 'outcome']);
    // The deadline records the statistics read: started, then met.
    expect(records.map((r) => r.state)).toEqual(['pending', 'met']);
    expect(records[0]).toMatchObject({ workflowType: 'legalityCheckWorkflow', bodyCode: '711303', rule: 'legalityCheck.answer' });
  });
});

test('answer late: reminder at 2 days, operator and prosecutor told at 3; violations become incidents and blocking proposals', async () => {
  const worker = await workerFor(env, { taskQueue, activities });
  await worker.runUntil(async () => {
    const wallStart = Date.now();
    const args = input();
    const handle = await env.client.workflow.start(legalityCheckWorkflow, { args: [args], taskQueue, workflowId: `legality-check-${args.checkId}` });
    const startedAt = (await handle.describe()).startTime.getTime();
    await env.sleep(4 * DAY);
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
    expect(notices[0].scheduledAt - startedAt).toBeGreaterThanOrEqual(2 * DAY);
    expect(notices[0].scheduledAt - startedAt).toBeLessThan(2 * DAY + 60_000);
    expect(notices[0]).toMatchObject({ recipients: ['operator'], body: '711303' });
    expect(notices[1].scheduledAt - startedAt).toBeGreaterThanOrEqual(3 * DAY);
    expect(notices[1]).toMatchObject({ recipients: ['operator', 'prosecutor'], source: '002 p.54 (term assumed: the Rules set none)' });
    const waiting = await handle.query(getLegalityCheck);
    expect(waiting).toMatchObject({ status: 'AWAITING_ANSWER', deadlines: [expect.objectContaining({ state: 'breached' })] });

    await handle.executeUpdate(confirmLegalityAnswer, { args: [{ operatorIin: OPERATOR }] });
    const { queries } = (await handle.query(getLegalityCheck)).answer!;
    // An entry that is not in the answer is refused.
    await expect(
      handle.executeUpdate(recordLegalityOutcome, {
        args: [{ outcome: 'VIOLATIONS_FOUND', description: 'x', violations: [{ index: 99, reason: 'x' }], prosecutorIin: PROSECUTOR }],
      }),
    ).rejects.toThrow();
    await handle.executeUpdate(recordLegalityOutcome, {
      args: [
        {
          outcome: 'VIOLATIONS_FOUND',
          description: 'Қызметтік қажеттіліксіз алынған мәліметтер',
          violations: [{ index: 12, reason: 'Іспен байланысы жоқ адам туралы' }],
          prosecutorIin: PROSECUTOR,
        },
      ],
    });
    const result = await handle.result();
    expect(result.status).toBe('VIOLATIONS_FOUND');
    expect(result.deadlines[0]).toMatchObject({ rule: 'legalityCheck.answer', state: 'late' });
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach', 'late']);
    expect(violations).toEqual([{ index: 12, queryId: queries[1].queryId, officialIin: '900101300022', reason: 'Іспен байланысы жоқ адам туралы' }]);
    expect(result.outcome).toMatchObject({ outcome: 'VIOLATIONS_FOUND', violations });
    expect(journal.at(-1)).toMatchObject({
      action: 'legality-check.liability-raised',
      actor: PROSECUTOR,
      detail: expect.objectContaining({ violations: [12], source: '002 p.56' }),
    });
    // Four days of workflow time in seconds.
    expect(Date.now() - wallStart).toBeLessThan(15_000);
    await recordHistory('legality-check-late-answer-violations', handle);
  });
});

test('a resolution whose signature no longer holds ends the check: refused, journalled, nothing requested', async () => {
  resolutionValid = false;
  const worker = await workerFor(env, { taskQueue, activities });
  await worker.runUntil(async () => {
    const args = input();
    const result = await env.client.workflow.execute(legalityCheckWorkflow, { args: [args], taskQueue, workflowId: `legality-check-${args.checkId}` });
    expect(result).toMatchObject({ status: 'RESOLUTION_REFUSED', refusal: [{ code: 'CERT_REVOKED' }], deadlines: [] });
    expect(journal.map((j) => j.action)).toEqual(['legality-check.resolution-refused']);
    expect(notices).toEqual([]);
  });
});
