// The departmental review of queries (002 P7, workflows/query-review.ts): the head of a body — the
// responsible official of p.9–12 here — lists the reviews of the body, reads the «Есептер» report of
// the month and marks each query justified or unjustified; the supervising prosecutors of the body
// read them too (p.54). Times in Astana time (p.29). Another body's review answers 404, as one
// that does not exist.
import express, { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { astanaTime } from '../domain/astana-time';
import { isQueryReviewId, marksSchema, QUERY_REVIEW_STATUS_LABELS, type QueryReviewState, type QueryReviewStatus } from '../domain/query-review';
import type { OfficialRole } from '../domain/roles';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { getQueryReview, markQueries } from '../workflows/query-review';
import type { AuthenticatedUser } from './auth';
import { requireRole } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';

/** Who reads a body's reviews: its head (who marks) and its prosecutors. */
export const QUERY_REVIEW_READERS: OfficialRole[] = ['head', 'prosecutor'];

const literal = (s: string) => `'${s.replace(/[^0-9A-Za-z_-]/g, '')}'`;
const bodiesOf = (user: AuthenticatedUser, roles: OfficialRole[]) => [...new Set(user.grants.filter((g) => roles.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];

/** The state as the official reads it: times in Astana time, the status labelled. */
function view(id: string, s: QueryReviewState) {
  return {
    reviewId: id,
    bodyCode: s.bodyCode,
    period: { label: s.period.label, from: astanaTime(new Date(s.period.from)), to: astanaTime(new Date(s.period.to)) },
    status: s.status,
    statusLabel: QUERY_REVIEW_STATUS_LABELS[s.status],
    queries: s.queries.map((q) => ({ ...q, at: astanaTime(new Date(q.at)), mark: s.marks.find((m) => m.queryId === q.queryId) ?? null })),
    blockingProposals: s.blockingProposals,
    deadlines: s.deadlines,
  };
}

export function queryReviewRouter(opts: { client: Client }): Router {
  const { client } = opts;
  const router = Router();
  const json = express.json({ limit: '256kb' });

  /** The review if the user may see it (one of their bodies as head or prosecutor), else 404. */
  async function reviewFor(user: AuthenticatedUser, id: string, roles: OfficialRole[]) {
    if (!isQueryReviewId(id)) throw notFound('Review');
    const handle = client.workflow.getHandle(id);
    const state = await handle.query(getQueryReview).catch((e) => {
      if (e instanceof WorkflowNotFoundError) throw notFound('Review');
      throw e;
    });
    if (!bodiesOf(user, roles).includes(state.bodyCode)) throw notFound('Review');
    return { handle, state };
  }

  router.get('/officials/query-reviews', requireRole(...QUERY_REVIEW_READERS), async (req, res) => {
    const bodies = bodiesOf(req.user!, QUERY_REVIEW_READERS);
    const items: { reviewId: string; bodyCode: string | null; status: string | null; statusLabel: unknown; startedAt: string }[] = [];
    if (bodies.length) {
      const query = `WorkflowType = 'queryReviewWorkflow' AND Body IN (${bodies.map(literal).join(', ')})`;
      for await (const wf of client.workflow.list({ query })) {
        const status = (wf.typedSearchAttributes.get(ProcessStatus) ?? null) as QueryReviewStatus | null;
        items.push({ reviewId: wf.workflowId, bodyCode: wf.typedSearchAttributes.get(Body) ?? null, status, statusLabel: status ? QUERY_REVIEW_STATUS_LABELS[status] ?? null : null, startedAt: astanaTime(wf.startTime) });
        if (items.length >= 500) break;
      }
    }
    res.json({ items });
  });

  router.get('/query-reviews/:id', requireRole(...QUERY_REVIEW_READERS), async (req, res) => {
    const id = String(req.params.id);
    const { state } = await reviewFor(req.user!, id, QUERY_REVIEW_READERS);
    res.json(view(id, state));
  });

  router.post('/query-reviews/:id/marks', requireRole('head'), json, async (req, res) => {
    const id = String(req.params.id);
    const { handle, state } = await reviewFor(req.user!, id, ['head']);
    const body = parseOr400(marksSchema, req.body);
    if (state.status === 'COMPLETED') throw new HttpError(409, 'REVIEW_COMPLETED', 'The review is completed');
    try {
      const state = await handle.executeUpdate(markQueries, { args: [{ ...body, reviewerIin: req.user!.iin }] });
      res.json(view(id, state));
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('Review');
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      throw e;
    }
  });

  return router;
}
