// The monthly departmental review (002 p.11: at least once a month) as one Temporal Schedule per
// body: on the 1st of every month at 00:30 UTC (05:30 in Astana) it starts the review of the month
// just ended (workflows/query-review.ts). A schedule, not a timer loop in one long workflow: each
// month is its own short workflow, and the schedule is visible, pausable and triggerable by hand in
// the Temporal UI. Created for every body with active officials; an existing one is left alone.
// Beside them, the one health watch of the emergency log (002 p.41–43) is started here too.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { HEALTH_WATCH_WORKFLOW_ID } from '../domain/incident';
import { queryReviewScheduleId } from '../domain/query-review';
import type { PrismaClient } from '../prisma/generated/client';

export const QUERY_REVIEW_CALENDAR = { dayOfMonth: 1, hour: 0, minute: 30, comment: '002 p.11: the review of the month just ended' };

/** Creates the missing schedules; returns the ids created. */
export async function ensureQueryReviewSchedules(client: Client, opts: { taskQueue: string; bodyCodes: string[] }): Promise<string[]> {
  const created: string[] = [];
  for (const bodyCode of opts.bodyCodes) {
    const scheduleId = queryReviewScheduleId(bodyCode);
    try {
      await client.schedule.create({
        scheduleId,
        spec: { calendars: [QUERY_REVIEW_CALENDAR] },
        action: {
          type: 'startWorkflow',
          workflowType: 'queryReviewWorkflow',
          args: [{ bodyCode }],
          taskQueue: opts.taskQueue,
          workflowId: `query-review-${bodyCode}`,
        },
        // A month missed while the cluster was down is still reviewed when it is back.
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '31 days' },
      });
      created.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}

/** The bodies whose officials hold an active role: the ones with queries to review. */
export async function bodiesWithOfficials(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.roleGrant.findMany({ where: { revokedAt: null }, select: { bodyCode: true }, distinct: ['bodyCode'] });
  return rows.map((r) => r.bodyCode).sort();
}

/** Starts the health watch of the emergency log (workflows/incident.ts) unless it runs. */
export async function ensureHealthWatch(client: Client, opts: { taskQueue: string }): Promise<void> {
  try {
    await client.workflow.start('healthWatchWorkflow', { workflowId: HEALTH_WATCH_WORKFLOW_ID, taskQueue: opts.taskQueue, args: [{ openIncident: null }] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
