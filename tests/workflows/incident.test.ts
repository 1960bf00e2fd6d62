// The health watch of the emergency log (002 p.41–43) on the time-skipping server: a delay is not
// an incident until it passes one hour; then one incident is opened, dated from the delay's start,
// and closed when the delay is gone; after a day of looks the watch continues as new, the open
// incident carried over.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOUR, MINUTE } from '../../domain/deadlines';
import { delayOf, type HealthProbe, type IncidentKind } from '../../domain/incident';
import { getHealthWatch, healthWatchWorkflow } from '../../workflows/incident';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
const taskQueue = 'health-watch-test';
let probe: HealthProbe = { oldestWaitingReportAt: null, waitingReports: 0 };
const opened: Array<{ kind: IncidentKind; startedAt: string }> = [];
const closed: Array<{ id: string; endedAt: string }> = [];

const activities = {
  async probeHealth() {
    return probe;
  },
  async openIncident(input: { kind: IncidentKind; startedAt: string }) {
    opened.push({ kind: input.kind, startedAt: input.startedAt });
    return `${input.kind}-${input.startedAt}`;
  },
  async closeIncident(input: { id: string; endedAt: string }) {
    closed.push(input);
  },
};

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a delay is an incident only past one hour (002 p.41)', () => {
  const start = Date.parse('2026-12-03T10:00:00Z');
  const waiting = { oldestWaitingReportAt: new Date(start).toISOString(), waitingReports: 2 };
  expect(delayOf(waiting, start + 59 * MINUTE)).toBeNull();
  expect(delayOf(waiting, start + 61 * MINUTE)).toEqual({ kind: 'REPORT_INTAKE_DELAY', startedAt: waiting.oldestWaitingReportAt });
  expect(delayOf({ oldestWaitingReportAt: null, waitingReports: 0 }, start)).toBeNull();
});

test('reports waiting over an hour open one incident from when they began to wait, closed when the wait is over', async () => {
  const worker = await workerFor(env, { taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(healthWatchWorkflow, {
      args: [{ openIncident: null }],
      taskQueue,
      workflowId: `health-watch-${Date.now()}`,
    });
    const startedAt = (await handle.describe()).startTime;
    probe = { oldestWaitingReportAt: startedAt.toISOString(), waitingReports: 4 };
    await env.sleep(50 * MINUTE);
    expect(opened).toEqual([]);
    await env.sleep(20 * MINUTE);
    expect(opened).toEqual([{ kind: 'REPORT_INTAKE_DELAY', startedAt: startedAt.toISOString() }]);
    await env.sleep(30 * MINUTE);
    expect(opened).toHaveLength(1); // still the same incident
    probe = { oldestWaitingReportAt: null, waitingReports: 0 };
    await env.sleep(6 * MINUTE);
    expect(closed).toEqual([{ id: `REPORT_INTAKE_DELAY-${startedAt.toISOString()}`, endedAt: expect.any(String) }]);
    expect(Date.parse(closed[0].endedAt) - startedAt.getTime()).toBeGreaterThan(HOUR + 40 * MINUTE);
    expect((await handle.query(getHealthWatch)).openIncident).toBeNull();
    await recordHistory('health-watch-incident', handle);

    // A new delay stays open across continue-as-new (a day of looks per run).
    const firstRun = (await handle.describe()).runId;
    probe = { oldestWaitingReportAt: new Date(startedAt.getTime() + 2 * HOUR).toISOString(), waitingReports: 1 };
    await env.sleep(24 * HOUR);
    const later = env.client.workflow.getHandle(handle.workflowId);
    expect((await later.describe()).runId).not.toBe(firstRun);
    expect((await later.query(getHealthWatch)).openIncident).toBe(`REPORT_INTAKE_DELAY-${probe.oldestWaitingReportAt}`);
    expect(opened).toHaveLength(2);
    await later.terminate('test over');
  });
});
