// The departmental review of officials' queries (ведомстволық бақылау, 002 P7, p.9–12): at least
// once a month the body's responsible official goes through the «Есептер» report of the queries
// its officials sent and marks each justified or unjustified; an unjustified one leads to a
// proposal to block the official's access and to an incident for the operator (p.12, p.37, p.45).
// A Temporal Schedule per body starts the review of the month just ended
// (platform/query-review-schedules.ts); the marks are due within the rule `queryReview.marks`.
// The responsible official here is the head of the body (p.9: appointed by the head) [derived].
import { z } from 'zod';
import type { DeadlineRecord } from './deadlines';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, localisedText } from './contract';

export const queryReviewScheduleId = (bodyCode: string) => `query-review-schedule-${bodyCode}`;
/** Started by hand (or in tests) for a body and month; the schedule appends its own time to this prefix. */
export const queryReviewWorkflowId = (bodyCode: string, period: string) => `query-review-${bodyCode}-${period}`;
export const isQueryReviewId = (id: string) => /^query-review-\d{6}-[\w:.-]{1,40}$/.test(id);

/** The month reviewed, in Astana time (UTC+5, p.29): `YYYY-MM` and its bounds as instants. */
export interface ReviewPeriod {
  label: string;
  from: string;
  to: string;
}

const ASTANA_OFFSET_MS = 5 * 60 * 60 * 1000;

/** The calendar month (Astana time) before the one `at` falls in. */
export function previousMonth(at: Date): ReviewPeriod {
  const local = new Date(at.getTime() + ASTANA_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth(); // this month, 0-based; the reviewed one is month - 1
  const start = Date.UTC(year, month - 1, 1) - ASTANA_OFFSET_MS;
  const end = Date.UTC(year, month, 1) - ASTANA_OFFSET_MS;
  const d = new Date(start + ASTANA_OFFSET_MS);
  return {
    label: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  };
}

/** One query of the body's officials in the «Есептер» report, as journalled in the audit log. */
export interface ReviewedQuery {
  /** The audit log entry (leaf index) of the query. */
  index: number;
  queryId: string;
  officialIin: string;
  answered: boolean;
  at: string;
  basis: string | null;
  target: string | null;
  resultCount: number | null;
  /** p.5: what was read is with the official's own body (null when nothing was read). */
  inOwnBody: boolean | null;
}

export interface QueryMark {
  queryId: string;
  justified: boolean;
  note?: string;
  by: string;
  at: string;
}

export type QueryReviewStatus = 'AWAITING_MARKS' | 'COMPLETED';

export const QUERY_REVIEW_STATUS_LABELS: Record<QueryReviewStatus, { kk: string; ru: string; en: string }> = {
  AWAITING_MARKS: { kk: 'Белгілерді күтуде', ru: 'Ожидает отметок', en: 'Awaiting marks' },
  COMPLETED: { kk: 'Бақылау аяқталды', ru: 'Контроль завершён', en: 'Review completed' },
};

export interface QueryReviewInput {
  bodyCode: string;
  /** Default: the month before the workflow started (the schedule starts it on the 1st). */
  period?: ReviewPeriod;
}

export interface QueryReviewState {
  bodyCode: string;
  period: ReviewPeriod;
  status: QueryReviewStatus;
  queries: ReviewedQuery[];
  marks: QueryMark[];
  /** The officials proposed for blocking, one per unjustified query (p.12). */
  blockingProposals: { queryId: string; officialIin: string; reason: string }[];
  deadlines: DeadlineRecord[];
}

/** The responsible official's marks (update `markQueries`). */
export const marksSchema = z
  .object({
    marks: z
      .array(
        z
          .object({ queryId: z.string().uuid(), justified: z.boolean(), note: z.string().trim().min(1).max(1000).optional() })
          .strict()
          .refine((m) => m.justified || !!m.note, { message: 'an unjustified query needs its reason (002 p.12)', path: ['note'] }),
      )
      .min(1)
      .max(1000),
  })
  .strict();
export type MarksRequest = z.infer<typeof marksSchema>;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// HTTP contract (api/query-review.ts): the review as the official reads it, times in Astana time

const queryReviewStatus = z.enum(['AWAITING_MARKS', 'COMPLETED']);

export const queryReviewViewSchema = z
  .object({
    reviewId: z.string(),
    bodyCode: bodyCodeString,
    period: z.object({ label: z.string(), from: dateTimeString, to: dateTimeString }),
    status: queryReviewStatus,
    statusLabel: localisedText,
    queries: z
      .array(
        z.object({
          index: z.number().int(),
          queryId: z.string(),
          officialIin: iinString,
          answered: z.boolean(),
          at: dateTimeString,
          basis: z.string().nullable(),
          target: z.string().nullable(),
          resultCount: z.number().int().nullable(),
          inOwnBody: z.boolean().nullable(),
          mark: z.object({ queryId: z.string(), justified: z.boolean(), note: z.string().optional(), by: iinString, at: dateTimeString }).nullable(),
        }),
      )
      .meta({ description: 'The queries of the «Есептер» report with their marks (null until marked); `at` in Astana time.' }),
    blockingProposals: z.array(z.object({ queryId: z.string(), officialIin: iinString, reason: z.string() })),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'QueryReview', description: 'A month’s review of a body’s queries; times in Astana time (UTC+5).' });

export const queryReviewListSchema = z.object({
  items: z.array(
    z.object({
      reviewId: z.string(),
      bodyCode: bodyCodeString.nullable(),
      status: queryReviewStatus.nullable(),
      statusLabel: localisedText.nullable(),
      startedAt: dateTimeString,
    }),
  ),
});
