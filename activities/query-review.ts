// The departmental review's side effects (workflows/query-review.ts): the «Есептер» report of a
// body's queries for a month, read from the audit log where every query is journalled (002 p.11,
// p.39), and the record of an unjustified query — the incident for the operator's analysis (p.37)
// and the proposal to block the official (p.12, p.45) — in the same log. Idempotent: reading has no
// effect, and each record carries an idempotency key of the review and the query.
import type { ReviewedQuery, ReviewPeriod } from '../domain/query-review';
import type { AuditLog } from '../platform/audit';
import type { PrismaClient } from '../prisma/generated/client';

/** At most this many queries in one month's review of a body (the workflow keeps them in its state). */
export const REVIEW_QUERY_LIMIT = 2000;

export interface UnjustifiedQueryInput {
  reviewId: string;
  bodyCode: string;
  period: ReviewPeriod;
  queryId: string;
  officialIin: string;
  reviewerIin: string;
  reason: string;
}

export interface QueryReviewActivities {
  collectBodyQueries(input: { bodyCode: string; period: ReviewPeriod }): Promise<ReviewedQuery[]>;
  recordUnjustifiedQuery(input: UnjustifiedQueryInput): Promise<void>;
}

export function createQueryReviewActivities(deps: { prisma: PrismaClient; audit: AuditLog }): QueryReviewActivities {
  return {
    async collectBodyQueries({ bodyCode, period }) {
      const rows = await deps.prisma.$queryRaw<Array<{ leaf_index: bigint; actor: string; action: string; at: Date; detail: Record<string, unknown> }>>`
        SELECT leaf_index, actor, action, at, detail FROM audit_event
        WHERE action IN ('official-query.answered', 'official-query.refused')
          AND at >= ${new Date(period.from)} AND at < ${new Date(period.to)}
          AND detail -> 'bodies' ? ${bodyCode}
        ORDER BY audit_event.leaf_index
        LIMIT ${REVIEW_QUERY_LIMIT}`;
      return rows.map((r) => {
        const d = r.detail as {
          queryId?: string;
          basis?: { basis?: string };
          stated?: { basis?: { basis?: string } };
          target?: { kind?: string };
          resultCount?: number;
          inOwnBody?: boolean | null;
        };
        return {
          index: Number(r.leaf_index),
          queryId: String(d.queryId),
          officialIin: r.actor,
          answered: r.action === 'official-query.answered',
          at: r.at.toISOString(),
          basis: d.basis?.basis ?? d.stated?.basis?.basis ?? null,
          target: d.target?.kind ?? null,
          resultCount: typeof d.resultCount === 'number' ? d.resultCount : null,
          inOwnBody: typeof d.inOwnBody === 'boolean' ? d.inOwnBody : null,
        };
      });
    },

    async recordUnjustifiedQuery(input) {
      const key = `query-review/${input.reviewId}/${input.queryId}`;
      const detail = {
        reviewId: input.reviewId,
        bodyCode: input.bodyCode,
        period: input.period.label,
        queryId: input.queryId,
        officialIin: input.officialIin,
        reason: input.reason,
      };
      // The incident: a violation of the Rules found, for the operator's analysis of its causes (p.37).
      await deps.audit.append({
        actor: input.reviewerIin,
        action: 'incident.unjustified-query',
        subject: `official-query/${input.queryId}`,
        detail,
        idempotencyKey: `${key}/incident`,
      });
      // The responsible official's measure: a proposal to block the official's access (p.12, p.45).
      await deps.audit.append({
        actor: input.reviewerIin,
        action: 'query-review.blocking-proposed',
        subject: `account/${input.officialIin}`,
        detail,
        idempotencyKey: `${key}/blocking`,
      });
    },
  };
}
