// The departmental review of queries (002 P7, workflows/query-review.ts): the head of a body — the
// responsible official of p.9–12 here — lists the reviews of the body, reads the «Есептер» report of
// the month and marks each query justified or unjustified; the supervising prosecutors of the body
// read them too (p.54). Times in Astana time (p.29). Another body's review answers 404, as one
// that does not exist.
import express, { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { astanaTime } from '../domain/astana-time';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  isQueryReviewId,
  marksSchema,
  QUERY_REVIEW_STATUS_LABELS,
  queryReviewListSchema,
  queryReviewViewSchema,
  type QueryReviewState,
  type QueryReviewStatus,
} from '../domain/query-review';
import type { OfficialRole } from '../domain/roles';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { getQueryReview, markQueries } from '../workflows/query-review';
import type { AuthenticatedUser } from './auth';
import { requireRole } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { json, jsonBody, operation } from './openapi-kit';

/** Who reads a body's reviews: its head (who marks) and its prosecutors. */
export const QUERY_REVIEW_READERS: OfficialRole[] = ['head', 'prosecutor'];

const literal = (s: string) => `'${s.replace(/[^0-9A-Za-z_-]/g, '')}'`;
const bodiesOf = (user: AuthenticatedUser, roles: OfficialRole[]) => [
  ...new Set(user.grants.filter((g) => roles.includes(g.role as OfficialRole)).map((g) => g.bodyCode)),
];

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
        items.push({
          reviewId: wf.workflowId,
          bodyCode: wf.typedSearchAttributes.get(Body) ?? null,
          status,
          statusLabel: status ? (QUERY_REVIEW_STATUS_LABELS[status] ?? null) : null,
          startedAt: astanaTime(wf.startTime),
        });
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
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure)
        throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      throw e;
    }
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const reviewIdPath = z.object({
  id: z
    .string()
    .regex(/^query-review-\d{6}-[\w:.-]{1,40}$/)
    .meta({ description: 'The review’s workflow id, `query-review-<body code>-…`.' }),
});

export const queryReviewPaths: ZodOpenApiPathsObject = {
  '/api/v1/officials/query-reviews': {
    get: operation({
      operationId: 'officialsQueryReviews',
      tag: 'Query reviews',
      summary: 'The reviews of my bodies',
      description: '002 p.10–11: the monthly reviews of the bodies the user heads or supervises as prosecutor, each with its status.',
      access: 'user',
      roles: QUERY_REVIEW_READERS,
      responses: { 200: json(queryReviewListSchema, 'The reviews.') },
    }),
  },
  '/api/v1/query-reviews/{id}': {
    get: operation({
      operationId: 'getQueryReview',
      tag: 'Query reviews',
      summary: 'One review: the «Есептер» report of the month and its marks',
      description:
        '002 p.11: every query the body’s officials sent in the month (answered or refused) from the audit log, with its basis, what was read, the result size and whether it is with the official’s own body (p.5). Another body’s review answers 404.',
      access: 'user',
      roles: QUERY_REVIEW_READERS,
      requestParams: { path: reviewIdPath },
      responses: { 200: json(queryReviewViewSchema, 'The review.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/query-reviews/{id}/marks': {
    post: operation({
      operationId: 'markQueryReview',
      tag: 'Query reviews',
      summary: 'Mark queries justified or unjustified',
      description:
        '002 p.10–12: the head of the body marks each query; an unjustified one needs its reason and makes an incident and a proposal to block the official (p.12, p.37), both in the audit log. ' +
        'Due within 10 days of the review’s start (`queryReview.marks`: reminder at 7, the prosecutor told at 10; later marks recorded as late).',
      access: 'user',
      roles: ['head'],
      requestParams: { path: reviewIdPath },
      requestBody: jsonBody(marksSchema, '256 kB'),
      responses: { 200: json(queryReviewViewSchema, 'The review with the marks.') },
      errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'], 409: ['UNKNOWN_QUERY', 'ALREADY_MARKED', 'REVIEW_COMPLETED', 'REASON_REQUIRED'] },
    }),
  },
};
