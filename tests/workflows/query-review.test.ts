// The departmental review of queries (002 P7, p.10–12): on the time-skipping server, the 10-day
// marks deadline (reminder at 7 days, the prosecutor told at 10, late marks recorded as late) and
// the unjustified query turned into an incident and a blocking proposal; on the dev server, the
// body's monthly schedule — its next runs on the 1st of each month, and a run it starts reviews the
// month just ended.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DeadlineNotice, DeadlineRecordRow } from '../../activities/deadlines';
import type { UnjustifiedQueryInput } from '../../activities/query-review';
import { DAY } from '../../domain/deadlines';
import { previousMonth, queryReviewScheduleId, type ReviewedQuery, type ReviewPeriod } from '../../domain/query-review';
import { ensureQueryReviewSchedules } from '../../platform/query-review-schedules';
import { getQueryReview, markQueries, queryReviewWorkflow } from '../../workflows/query-review';
import { createDevServerEnv, createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

const taskQueue = 'query-review-test';
const notices: (DeadlineNotice & { scheduledAt: number })[] = [];
const unjustified: UnjustifiedQueryInput[] = [];
const collected: Array<{ bodyCode: string; period: ReviewPeriod }> = [];
const q = (officialIin: string): ReviewedQuery => ({
  index: 7,
  queryId: randomUUID(),
  officialIin,
  answered: true,
  at: '2026-11-12T06:00:00.000Z',
  basis: 'INITIAL_CHECK',
  target: 'PERSON',
  resultCount: 2,
  inOwnBody: null,
});
let queries: ReviewedQuery[] = [];

const activities = {
  async notifyDeadline(n: DeadlineNotice) {
    notices.push({ ...n, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
  },
  async recordDeadline(_r: DeadlineRecordRow) {},
  async collectBodyQueries(input: { bodyCode: string; period: ReviewPeriod }) {
    collected.push(input);
    return queries;
  },
  async recordUnjustifiedQuery(input: UnjustifiedQueryInput) {
    unjustified.push(input);
  },
};

beforeEach(() => {
  notices.length = 0;
  unjustified.length = 0;
  collected.length = 0;
});

test('the month reviewed is the calendar month before, in Astana time', () => {
  // 1 December 00:30 UTC is 05:30 in Astana: November is reviewed.
  expect(previousMonth(new Date('2026-12-01T00:30:00Z'))).toEqual({ label: '2026-11', from: '2026-10-31T19:00:00.000Z', to: '2026-11-30T19:00:00.000Z' });
  // 31 December 20:00 UTC is already 1 January in Astana: December is reviewed.
  expect(previousMonth(new Date('2026-12-31T20:00:00Z')).label).toBe('2026-12');
  expect(previousMonth(new Date('2027-01-15T00:00:00Z')).label).toBe('2026-12');
});

describe('on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('marks not given: reminder at 7 days, the prosecutor told at 10; a late unjustified mark makes an incident and a blocking proposal', async () => {
    queries = [q('900101300011'), q('900101300022')];
    const worker = await workerFor(env, { taskQueue, activities });
    await worker.runUntil(async () => {
      const wallStart = Date.now();
      const period = { label: '2026-11', from: '2026-10-31T19:00:00.000Z', to: '2026-11-30T19:00:00.000Z' };
      const handle = await env.client.workflow.start(queryReviewWorkflow, {
        args: [{ bodyCode: '711303', period }],
        taskQueue,
        workflowId: `query-review-711303-${randomUUID()}`,
      });
      const startedAt = (await handle.describe()).startTime.getTime();
      await env.sleep(11 * DAY);
      expect(notices.map((n) => n.kind)).toEqual(['reminder', 'breach']);
      expect(notices[0].scheduledAt - startedAt).toBeGreaterThanOrEqual(7 * DAY);
      expect(notices[0].scheduledAt - startedAt).toBeLessThan(7 * DAY + 60_000);
      expect(notices[1].scheduledAt - startedAt).toBeGreaterThanOrEqual(10 * DAY);
      expect(notices[1]).toMatchObject({ recipients: ['prosecutor'], source: '002 p.10–11 (term derived)' });
      expect(collected).toEqual([{ bodyCode: '711303', period }]);

      // An unjustified mark without its reason is refused; a query not in the review too.
      await expect(
        handle.executeUpdate(markQueries, { args: [{ marks: [{ queryId: queries[0].queryId, justified: false }], reviewerIin: '800101300033' }] }),
      ).rejects.toThrow();
      await expect(
        handle.executeUpdate(markQueries, { args: [{ marks: [{ queryId: randomUUID(), justified: true }], reviewerIin: '800101300033' }] }),
      ).rejects.toThrow();

      await handle.executeUpdate(markQueries, { args: [{ marks: [{ queryId: queries[0].queryId, justified: true }], reviewerIin: '800101300033' }] });
      expect((await handle.query(getQueryReview)).status).toBe('AWAITING_MARKS');
      await handle.executeUpdate(markQueries, {
        args: [{ marks: [{ queryId: queries[1].queryId, justified: false, note: 'Іспен байланысы жоқ адам туралы сұрау' }], reviewerIin: '800101300033' }],
      });
      const result = await handle.result();
      expect(result.status).toBe('COMPLETED');
      expect(result.deadlines[0]).toMatchObject({ rule: 'queryReview.marks', state: 'late' });
      expect(result.blockingProposals).toEqual([{ queryId: queries[1].queryId, officialIin: '900101300022', reason: 'Іспен байланысы жоқ адам туралы сұрау' }]);
      expect(unjustified).toEqual([
        expect.objectContaining({
          queryId: queries[1].queryId,
          officialIin: '900101300022',
          reviewerIin: '800101300033',
          bodyCode: '711303',
          reviewId: handle.workflowId,
        }),
      ]);
      // Eleven days of workflow time in seconds.
      expect(Date.now() - wallStart).toBeLessThan(10_000);
      await recordHistory('query-review-late-marks', handle);
    });
  });

  test('marks within the term are met; a month without queries completes at once', async () => {
    queries = [q('900101300011')];
    const worker = await workerFor(env, { taskQueue, activities });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(queryReviewWorkflow, {
        args: [{ bodyCode: '711303' }],
        taskQueue,
        workflowId: `query-review-711303-${randomUUID()}`,
      });
      await env.sleep(2 * DAY);
      await handle.executeUpdate(markQueries, { args: [{ marks: [{ queryId: queries[0].queryId, justified: true }], reviewerIin: '800101300033' }] });
      const result = await handle.result();
      expect(result.deadlines[0].state).toBe('met');
      expect(result.period.label).toBe(previousMonth(new Date((await handle.describe()).startTime)).label);
      expect(notices).toEqual([]);

      queries = [];
      const empty = await env.client.workflow.execute(queryReviewWorkflow, {
        args: [{ bodyCode: '711203' }],
        taskQueue,
        workflowId: `query-review-711203-${randomUUID()}`,
      });
      expect(empty).toMatchObject({ status: 'COMPLETED', queries: [], deadlines: [] });
    });
  });
});

describe('on the dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });

  test('each body gets one monthly schedule (the 1st, 00:30 UTC); a run it starts reviews the month just ended', async () => {
    queries = [];
    const created = await ensureQueryReviewSchedules(env.client, { taskQueue, bodyCodes: ['711303', '711203'] });
    expect(created).toEqual([queryReviewScheduleId('711303'), queryReviewScheduleId('711203')]);
    // Again: nothing new.
    expect(await ensureQueryReviewSchedules(env.client, { taskQueue, bodyCodes: ['711303'] })).toEqual([]);

    const schedule = env.client.schedule.getHandle(queryReviewScheduleId('711303'));
    const described = await schedule.describe();
    const next = described.info.nextActionTimes.slice(0, 3);
    expect(next).toHaveLength(3);
    for (const t of next) expect([t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()]).toEqual([1, 0, 30]);
    expect(new Set(next.map((t) => t.getUTCMonth())).size).toBe(3);

    const worker = await workerFor(env, { taskQueue, activities });
    await worker.runUntil(async () => {
      await schedule.trigger();
      let runs: string[] = [];
      for (let i = 0; i < 100 && !runs.length; i++) {
        runs = (await schedule.describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
        if (!runs.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(runs[0]).toMatch(/^query-review-711303-/);
      const result = await env.client.workflow.getHandle(runs[0]).result();
      expect(result).toMatchObject({ bodyCode: '711303', status: 'COMPLETED' });
      expect(result.period.label).toBe(previousMonth(new Date()).label);
    });
    await schedule.delete();
    await env.client.schedule.getHandle(queryReviewScheduleId('711203')).delete();
  });
});
