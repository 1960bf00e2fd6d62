// The changed-mobile process (000 §6) on the time-skipping test server: the code goes out, a wrong
// code is counted, the right one confirms; unanswered, the code expires after 5 minutes (a durable
// timer) and is discarded; once settled, no code is taken any more.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MOBILE_CODE_TTL_MS, type MobileCodeOutcome } from '../../domain/profile';
import { confirmMobile, getMobileChange, profileMobileWorkflow } from '../../workflows/profile';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'profile-test';
const sent: { phone: string; requestKey: string }[] = [];
const discarded: string[] = [];
const CODE = '424242';

const activities = {
  async sendMobileCode(input: { phone: string; requestKey: string }) {
    sent.push(input);
    return { expiresAt: new Date(Date.now() + MOBILE_CODE_TTL_MS).toISOString() };
  },
  async checkMobileCode({ code }: { code: string }): Promise<{ outcome: MobileCodeOutcome; attemptsLeft: number }> {
    return code === CODE ? { outcome: 'CONFIRMED', attemptsLeft: 4 } : { outcome: 'WRONG_CODE', attemptsLeft: 4 };
  },
  async discardMobileCode({ requestKey }: { requestKey: string }) {
    discarded.push(requestKey);
  },
  async prefillProfile() {
    return { found: true };
  },
};

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(() => {
  sent.length = 0;
  discarded.length = 0;
});

const start = () =>
  env.client.workflow.start(profileMobileWorkflow, {
    args: [{ iin: '900101300123', phone: '+77051234567', locale: 'kk' }],
    taskQueue,
    workflowId: `profile-${randomUUID()}`,
  });

test('a wrong code is counted, the right one confirms; the code is not discarded', async () => {
  const worker = await workerFor(env, { taskQueue, activities });
  await worker.runUntil(async () => {
    const h = await start();
    // The update waits until the code went out (the validator refuses while sending).
    let status = (await h.query(getMobileChange)).status;
    while (status === 'SENDING') status = (await h.query(getMobileChange)).status;
    expect(status).toBe('CODE_SENT');
    expect(sent).toEqual([{ iin: '900101300123', phone: '+77051234567', locale: 'kk', requestKey: expect.stringMatching(/^profile-.+\/.+$/) }]);
    expect((await h.executeUpdate(confirmMobile, { args: [{ code: '000000' }] })).outcome).toBe('WRONG_CODE');
    expect((await h.executeUpdate(confirmMobile, { args: [{ code: CODE }] })).outcome).toBe('CONFIRMED');
    const done = await h.result();
    expect(done.status).toBe('CONFIRMED');
    expect(discarded).toEqual([]);
    await expect(h.executeUpdate(confirmMobile, { args: [{ code: CODE }] })).rejects.toThrow();
  });
});

test('unanswered, the code expires after 5 minutes and is discarded; a late code is refused by the workflow', async () => {
  const worker = await workerFor(env, { taskQueue, activities });
  await worker.runUntil(async () => {
    const h = await start();
    await env.sleep(MOBILE_CODE_TTL_MS - 60_000);
    expect((await h.query(getMobileChange)).status).toBe('CODE_SENT');
    await env.sleep(2 * 60_000);
    const done = await h.result();
    expect(done.status).toBe('EXPIRED');
    expect(discarded).toEqual([sent[0].requestKey]);
    await recordHistory('profile-mobile-expired', h);
  });
});
