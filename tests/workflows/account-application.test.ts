// The access application process (002 p.14–16) on the time-skipping test server: the one-day
// decision deadline with its reminder, breach escalation and late completion, approval and the
// reasoned refusal, and the immediate blocking.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { HOUR } from '../../domain/deadlines';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { BlockAccountInput, GrantRoleInput, JournalRefusalInput } from '../../activities/account-application';
import { accountApplicationWorkflow, decideApplication, getApplication, type AccountApplication } from '../../workflows/account-application';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'account-application-test';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const grants: GrantRoleInput[] = [];
const blocks: BlockAccountInput[] = [];
const refusals: JournalRefusalInput[] = [];
const records: DeadlineRecordRow[] = [];

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    // The scheduled time is the server's (skipped) clock: when the workflow asked for the notice.
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async grantRole(input: GrantRoleInput) {
    grants.push(input);
  },
  async blockAccount(input: BlockAccountInput) {
    blocks.push(input);
  },
  async journalRefusal(input: JournalRefusalInput) {
    refusals.push(input);
  },
  async recordDeadline(r: DeadlineRecordRow) {
    records.push(r);
  },
};

const application = (over: Partial<AccountApplication> = {}): AccountApplication => ({
  applicationId: randomUUID(),
  kind: 'REGISTRATION',
  iin: '850615300124',
  fullName: 'Сәрсенбаев Айдос Қанатұлы',
  position: 'тергеуші',
  bodyCode: '191501',
  requestedRole: 'investigator',
  submittedBy: '850615300124',
  ...over,
});

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(() => {
  notices.length = 0;
  grants.length = 0;
  blocks.length = 0;
  refusals.length = 0;
  records.length = 0;
});

async function withWorker<T>(fn: (worker: Worker) => Promise<T>): Promise<T> {
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(fn(worker));
}

test('no decision: reminder at 18 h, breach escalation at 24 h, a decision at 30 h is recorded as late — in seconds of wall time', async () => {
  await withWorker(async () => {
    const wallStart = Date.now();
    const handle = await env.client.workflow.start(accountApplicationWorkflow, {
      args: [application()],
      taskQueue,
      workflowId: `account-application-${randomUUID()}`,
    });
    const startedAt = (await handle.describe()).startTime.getTime();

    await env.sleep(30 * HOUR);
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
    expect(notices[0].scheduledAt - startedAt).toBeGreaterThanOrEqual(18 * HOUR);
    expect(notices[0].scheduledAt - startedAt).toBeLessThan(18 * HOUR + 60_000);
    expect(notices[1].scheduledAt - startedAt).toBeGreaterThanOrEqual(24 * HOUR);
    expect(notices[1].scheduledAt - startedAt).toBeLessThan(24 * HOUR + 60_000);
    expect(notices[1].recipients).toEqual(['head']);
    expect(notices[1].source).toBe('002 p.14');

    const breached = await handle.query(getApplication);
    expect(breached.status).toBe('SUBMITTED');
    expect(breached.deadlines[0].state).toBe('breached');

    await handle.executeUpdate(decideApplication, { args: [{ approve: true, operatorIin: '780101400125' }] });
    const result = await handle.result();
    expect(result.status).toBe('APPROVED');
    expect(result.deadlines[0]).toMatchObject({ rule: 'account.decision', state: 'late' });
    expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach', 'late']);
    // The deadline records (for the statistics) followed it: started, reminded, breached, late.
    expect(records.map((r) => r.state)).toEqual(['pending', 'pending', 'breached', 'late']);
    expect(records.at(-1)).toMatchObject({
      rule: 'account.decision',
      bodyCode: '191501',
      workflowId: handle.workflowId,
      remindedAt: expect.any(String),
      breachedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(grants).toEqual([expect.objectContaining({ role: 'investigator', bodyCode: '191501', grantedBy: '780101400125' })]);
    // 30 hours of workflow time, including a 24-hour timer, in well under five seconds.
    expect(Date.now() - wallStart).toBeLessThan(5000);
    await recordHistory('account-application-late-decision', handle);
  });
});

test('a decision within the day is met, with no reminder', async () => {
  await withWorker(async () => {
    const handle = await env.client.workflow.start(accountApplicationWorkflow, {
      args: [application()],
      taskQueue,
      workflowId: `account-application-${randomUUID()}`,
    });
    await env.sleep(2 * HOUR);
    const signedRefusal = { contentSha256: 'a'.repeat(64), signerIin: '780101400125', signedAt: new Date().toISOString() };
    const refusal = await handle.executeUpdate(decideApplication, {
      args: [{ approve: false, reason: 'Өтінімдегі деректер толық емес / data incomplete (p.46)', signedRefusal, operatorIin: '780101400125' }],
    });
    expect(refusal.status).toBe('REFUSED');
    // The reasoned refusal is journalled with its signature (002 p.14) by the time the update answers.
    expect(refusals).toEqual([
      { applicationId: expect.any(String), reason: 'Өтінімдегі деректер толық емес / data incomplete (p.46)', operatorIin: '780101400125', signedRefusal },
    ]);
    expect(refusal.decision?.signedRefusal).toEqual(signedRefusal);
    const result = await handle.result();
    expect(result.deadlines[0].state).toBe('met');
    expect(notices).toEqual([]);
    expect(grants).toEqual([]);
    await recordHistory('account-application-signed-refusal', handle);
  });
});

test('a refusal without reasons and a second decision are rejected and change nothing', async () => {
  await withWorker(async () => {
    const handle = await env.client.workflow.start(accountApplicationWorkflow, {
      args: [application()],
      taskQueue,
      workflowId: `account-application-${randomUUID()}`,
    });
    const unreasoned = handle.executeUpdate(decideApplication, { args: [{ approve: false, reason: '  ', operatorIin: '780101400125' }] });
    await expect(unreasoned).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await handle.query(getApplication)).status).toBe('SUBMITTED');

    await handle.executeUpdate(decideApplication, { args: [{ approve: true, role: 'prosecutor', operatorIin: '780101400125' }] });
    // Decided means closed: a second decision cannot reach it.
    await expect(handle.executeUpdate(decideApplication, { args: [{ approve: false, reason: 'late change', operatorIin: '780101400125' }] })).rejects.toThrow();
    const result = await handle.result();
    expect(result.status).toBe('APPROVED');
    expect(grants).toHaveLength(1);
    expect(grants[0].role).toBe('prosecutor');
  });
});

test('a blocking application is executed at once, without an operator (p.14, p.16)', async () => {
  await withWorker(async () => {
    const app = application({ kind: 'BLOCKING', reason: 'жұмыстан босатылды / dismissed', requestedRole: undefined });
    const result = await env.client.workflow.execute(accountApplicationWorkflow, { args: [app], taskQueue, workflowId: `account-application-${randomUUID()}` });
    expect(result.status).toBe('BLOCKED');
    expect(blocks).toEqual([{ iin: app.iin, reason: app.reason, applicationId: app.applicationId }]);
  });
});
