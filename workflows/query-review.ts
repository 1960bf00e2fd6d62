// The departmental review of a body's queries for one month (002 P7, domain/query-review.ts). The
// schedule of the body starts it on the 1st; it reads the «Есептер» report of the month from the
// audit log, waits for the head's marks within `queryReview.marks` (reminder, then the supervising
// prosecutor told; late marks are still taken and recorded as late), and for every query marked
// unjustified records the incident and the blocking proposal (p.12, p.37).
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { QueryReviewActivities } from '../activities/query-review';
import { previousMonth, type MarksRequest, type QueryReviewInput, type QueryReviewState, type QueryReviewStatus } from '../domain/query-review';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { DeadlineBook } from './deadlines';

export const markQueries = defineUpdate<QueryReviewState, [MarksRequest & { reviewerIin: string }]>('markQueries');
export const getQueryReview = defineQuery<QueryReviewState>('getQueryReview');

const { collectBodyQueries, recordUnjustifiedQuery } = proxyActivities<QueryReviewActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function queryReviewWorkflow(input: QueryReviewInput): Promise<QueryReviewState> {
  // Workflow time is deterministic: the month before the one the run started in (Astana time).
  const period = input.period ?? previousMonth(new Date());
  const deadlines = new DeadlineBook({ subject: `query review ${input.bodyCode} ${period.label}`, body: input.bodyCode, record: true });
  const state: QueryReviewState = { bodyCode: input.bodyCode, period, status: 'AWAITING_MARKS', queries: [], marks: [], blockingProposals: [], deadlines: [] };
  const snapshot = (): QueryReviewState => ({ ...state, deadlines: deadlines.list() });
  const setStatus = (status: QueryReviewStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
  };
  upsertSearchAttributes([
    { key: Body, value: input.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);
  setHandler(getQueryReview, snapshot);

  state.queries = await collectBodyQueries({ bodyCode: input.bodyCode, period });
  const unmarked = () => state.queries.filter((q) => !state.marks.some((m) => m.queryId === q.queryId));

  setHandler(
    markQueries,
    async ({ marks, reviewerIin }) => {
      const at = new Date().toISOString();
      for (const mark of marks) {
        state.marks.push({ queryId: mark.queryId, justified: mark.justified, ...(mark.note && { note: mark.note }), by: reviewerIin, at });
        if (mark.justified) continue;
        const query = state.queries.find((q) => q.queryId === mark.queryId)!;
        await recordUnjustifiedQuery({
          reviewId: workflowInfo().workflowId,
          bodyCode: input.bodyCode,
          period,
          queryId: query.queryId,
          officialIin: query.officialIin,
          reviewerIin,
          reason: mark.note ?? '',
        });
        state.blockingProposals.push({ queryId: query.queryId, officialIin: query.officialIin, reason: mark.note ?? '' });
      }
      return snapshot();
    },
    {
      validator: ({ marks }) => {
        if (state.status === 'COMPLETED') throw ApplicationFailure.nonRetryable('the review is completed', 'REVIEW_COMPLETED');
        for (const mark of marks) {
          if (!state.queries.some((q) => q.queryId === mark.queryId))
            throw ApplicationFailure.nonRetryable(`query ${mark.queryId} is not in this review`, 'UNKNOWN_QUERY');
          if (state.marks.some((m) => m.queryId === mark.queryId))
            throw ApplicationFailure.nonRetryable(`query ${mark.queryId} is already marked`, 'ALREADY_MARKED');
          if (!mark.justified && !mark.note?.trim())
            throw ApplicationFailure.nonRetryable('an unjustified query needs its reason (002 p.12)', 'REASON_REQUIRED');
        }
      },
    },
  );

  // Nothing sent this month: nothing to mark.
  if (state.queries.length) await deadlines.track('queryReview.marks', 'queryReview.marks', () => unmarked().length === 0);
  setStatus('COMPLETED');
  await condition(allHandlersFinished);
  return snapshot();
}
