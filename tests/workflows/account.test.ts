// An official's account lifecycle (002 P2) on the time-skipping test server: more than two months
// without a login blocks the account (A-6 §3 duty 1) by its durable timer, a login starts the
// clock again, a block by a person is done when the update answers, and unblocking restarts it.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DAY } from '../../domain/deadlines';
import type { BlockOfficialInput, UnblockOfficialInput } from '../../activities/account';
import { accountWorkflow, blockAccount, getAccount, recordBlocked, recordPresence, unblockAccount } from '../../workflows/account';
import { accountWorkflowId } from '../../domain/account';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'account-test';
const blocks: (BlockOfficialInput & { atMs: number })[] = [];
const unblocks: UnblockOfficialInput[] = [];
/** What the register says: a block made by an access application meanwhile. */
let registerBlocked = false;

const activities = {
  async blockOfficial(input: BlockOfficialInput) {
    const atMs = await env.currentTimeMs();
    blocks.push({ ...input, atMs });
    return { blockedAt: new Date(atMs).toISOString(), already: registerBlocked };
  },
  async unblockOfficial(input: UnblockOfficialInput) {
    unblocks.push(input);
  },
};

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
const started: { terminate(reason?: string): Promise<unknown> }[] = [];
afterEach(async () => {
  // The lifecycle never ends by itself: stop each test's official so its timers do not run into the next test.
  await Promise.all(started.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});
beforeEach(() => {
  blocks.length = 0;
  unblocks.length = 0;
  registerBlocked = false;
});

async function start() {
  const handle = await env.client.workflow.start(accountWorkflow, {
    args: [{ iin: '850615300124', bodyCode: '711303' }],
    taskQueue,
    workflowId: accountWorkflowId(randomUUID()),
  });
  started.push(handle);
  return handle;
}

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await workerFor(env, { taskQueue, activities });
  return worker.runUntil(fn());
}

test('no login for more than two months: the account is blocked by its timer at 62 days, not before — in seconds of wall time', async () => {
  await withWorker(async () => {
    const wallStart = Date.now();
    const handle = await start();
    const startedAt = (await handle.describe()).startTime.getTime();
    const first = await handle.query(getAccount);
    expect(first.status).toBe('ACTIVE');
    expect(Date.parse(first.absenceBlockAt!) - Date.parse(first.lastSeenAt)).toBe(62 * DAY);

    // Two calendar months are at most 62 days: at 61 days nothing has happened.
    await env.sleep(61 * DAY);
    expect(blocks).toEqual([]);
    expect((await handle.query(getAccount)).status).toBe('ACTIVE');

    await env.sleep(2 * DAY);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ iin: '850615300124', source: 'ABSENCE', by: 'system' });
    expect(blocks[0].atMs - startedAt).toBeGreaterThanOrEqual(62 * DAY);
    expect(blocks[0].atMs - startedAt).toBeLessThan(62 * DAY + 60_000);
    const blocked = await handle.query(getAccount);
    expect(blocked.status).toBe('BLOCKED');
    expect(blocked.absenceBlockAt).toBeUndefined();
    expect(blocked.events).toEqual([expect.objectContaining({ kind: 'BLOCKED', source: 'ABSENCE' })]);
    // A blocked account stays blocked: no second block however long it waits.
    await env.sleep(100 * DAY);
    expect(blocks).toHaveLength(1);
    expect(Date.now() - wallStart).toBeLessThan(10_000);
    await recordHistory('account-absence-blocked', handle);
  });
});

test('a login starts the clock again: logins every 50 days keep the account active for a year', async () => {
  await withWorker(async () => {
    const handle = await start();
    for (let i = 0; i < 7; i++) {
      await env.sleep(50 * DAY);
      await handle.signal(recordPresence, { at: new Date(await env.currentTimeMs()).toISOString() });
    }
    await env.sleep(61 * DAY);
    expect(blocks).toEqual([]);
    const state = await handle.query(getAccount);
    expect(state.status).toBe('ACTIVE');
    // The clock runs from the last login.
    expect(Date.parse(state.absenceBlockAt!) - Date.parse(state.lastSeenAt)).toBe(62 * DAY);
    await env.sleep(2 * DAY);
    expect(blocks.map((b) => b.source)).toEqual(['ABSENCE']);
  });
});

test('a block by a person is done when the update answers; a second is refused; unblocking restarts the clock', async () => {
  await withWorker(async () => {
    const handle = await start();
    await env.sleep(10 * DAY);
    const blocked = await handle.executeUpdate(blockAccount, {
      args: [{ reason: 'Жұмыстан босатылды / dismissed', by: '780101400125', source: 'RESPONSIBLE_OFFICIAL' }],
    });
    // The activity has run by the time the update answers: the register is blocked.
    expect(blocks).toEqual([expect.objectContaining({ source: 'RESPONSIBLE_OFFICIAL', reason: 'Жұмыстан босатылды / dismissed', by: '780101400125' })]);
    expect(blocked.status).toBe('BLOCKED');

    const again = handle.executeUpdate(blockAccount, { args: [{ reason: 'once more please', by: '780101400125', source: 'OPERATOR' }] });
    await expect(again).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(again).rejects.toMatchObject({ cause: { type: 'ALREADY_BLOCKED' } });
    expect(blocks).toHaveLength(1);

    await env.sleep(100 * DAY);
    const unblocked = await handle.executeUpdate(unblockAccount, { args: [{ reason: 'Қайта қабылданды / reinstated', by: '760101400111' }] });
    expect(unblocked.status).toBe('ACTIVE');
    expect(unblocks).toEqual([expect.objectContaining({ reason: 'Қайта қабылданды / reinstated', by: '760101400111' })]);
    expect(Date.parse(unblocked.absenceBlockAt!) - (await env.currentTimeMs())).toBeGreaterThan(61 * DAY);
    await expect(handle.executeUpdate(unblockAccount, { args: [{ reason: 'twice over', by: '760101400111' }] })).rejects.toMatchObject({
      cause: { type: 'NOT_BLOCKED' },
    });

    // 62 days from the unblocking, not from the last login, the absence rule blocks again.
    await env.sleep(63 * DAY);
    expect(blocks.map((b) => b.source)).toEqual(['RESPONSIBLE_OFFICIAL', 'ABSENCE']);
    expect((await handle.query(getAccount)).events.map((e) => e.kind)).toEqual(['BLOCKED', 'UNBLOCKED', 'BLOCKED']);
  });
});

test('a block an access application made is taken from the register: the clock stops, and the operator can unblock', async () => {
  await withWorker(async () => {
    const handle = await start();
    await handle.signal(recordBlocked, { reason: 'dismissed (A-5)', at: new Date(await env.currentTimeMs()).toISOString() });
    await env.sleep(200 * DAY);
    expect(blocks).toEqual([]);
    expect((await handle.query(getAccount)).status).toBe('BLOCKED');
    await handle.executeUpdate(unblockAccount, { args: [{ reason: 'reinstated by the operator', by: '760101400111' }] });
    expect((await handle.query(getAccount)).status).toBe('ACTIVE');
  });
});

test('the timer finding the register already blocked journals nothing new and records the application as the cause', async () => {
  await withWorker(async () => {
    const handle = await start();
    registerBlocked = true;
    await env.sleep(63 * DAY);
    const state = await handle.query(getAccount);
    expect(state.status).toBe('BLOCKED');
    expect(state.events).toEqual([expect.objectContaining({ kind: 'BLOCKED', source: 'APPLICATION' })]);
  });
});
