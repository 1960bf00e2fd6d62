// Deadline statistics for supervisors (heads, prosecutors): GET /api/v1/statistics/deadlines, as
// JSON for the supervisors' page and its chart, or as CSV. Computed in one SQL statement from the
// deadline records (written by every DeadlineBook that records, workflows/deadlines.ts): counts by
// outcome and the median and 95th percentile of the time to act, per rule and body and per rule
// over all the bodies asked (GROUPING SETS), on the indexes of migration 20261203113000.
import { Router } from 'express';
import { z } from 'zod';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { DEADLINE_RULES, type DeadlineRuleId } from '../domain/deadlines';
import {
  CENTRAL_BODY,
  PERIOD_TOO_LONG,
  STATISTICS_DEFAULT_PERIOD_MS,
  STATISTICS_MAX_PERIOD_MS,
  CSV_COLUMNS,
  deadlineStatisticsSchema,
  statisticsCsv,
  statisticsQuerySchema,
  type DeadlineStatistics,
  type DeadlineStatisticsRow,
} from '../domain/deadline-statistics';
import type { LocalisedText } from '../domain/notification-templates';
import type { OfficialRole } from '../domain/roles';
import { requireRole } from './auth';
import { HttpError, parseOr400 } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from './openapi-kit';

/** Who reads the statistics: the supervisors. */
export const STATISTICS_ROLES: OfficialRole[] = ['head', 'prosecutor'];

const NOT_YOUR_BODY: LocalisedText = {
  kk: 'Бұл органның статистикасын көруге құқығыңыз жоқ.',
  ru: 'У вас нет права просматривать статистику этого органа.',
  en: 'You may not read the statistics of this body.',
};

interface StatisticsSqlRow {
  rule: string;
  body_code: string | null;
  all_bodies: number;
  met: bigint;
  met_late: bigint;
  breached: bigint;
  open: bigint;
  total: bigint;
  median_ms: number | null;
  p95_ms: number | null;
}

/** The statistics of deadlines whose clock started in [from, to), in the given bodies, of one rule or all. */
export async function computeDeadlineStatistics(
  prisma: PrismaClient,
  q: { from: Date; to: Date; bodies: string[]; rule?: DeadlineRuleId },
): Promise<DeadlineStatistics> {
  const ruleFilter = q.rule ? Prisma.sql`AND rule = ${q.rule}` : Prisma.empty;
  const ms = Prisma.sql`extract(epoch FROM completed_at - started_at) * 1000`;
  const rows = await prisma.$queryRaw<StatisticsSqlRow[]>`
    SELECT rule, body_code, GROUPING(body_code)::int AS all_bodies,
           count(*) FILTER (WHERE state = 'met') AS met,
           count(*) FILTER (WHERE state = 'late') AS met_late,
           count(*) FILTER (WHERE state = 'breached') AS breached,
           count(*) FILTER (WHERE state = 'pending') AS open,
           count(*) FILTER (WHERE state <> 'cancelled') AS total,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}) FILTER (WHERE state IN ('met', 'late')) AS median_ms,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${ms}) FILTER (WHERE state IN ('met', 'late')) AS p95_ms
    FROM deadline_record
    WHERE started_at >= ${q.from} AND started_at < ${q.to} AND body_code = ANY(${q.bodies}::text[]) ${ruleFilter}
    GROUP BY GROUPING SETS ((rule, body_code), (rule))
    ORDER BY rule, all_bodies, body_code`;
  const known = rows.filter((r) => r.rule in DEADLINE_RULES);
  const view = (r: StatisticsSqlRow): DeadlineStatisticsRow => ({
    rule: r.rule as DeadlineRuleId,
    bodyCode: r.all_bodies ? null : r.body_code,
    met: Number(r.met),
    metLate: Number(r.met_late),
    breached: Number(r.breached),
    open: Number(r.open),
    total: Number(r.total),
    medianMs: r.median_ms === null ? null : Math.round(Number(r.median_ms)),
    p95Ms: r.p95_ms === null ? null : Math.round(Number(r.p95_ms)),
  });
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    bodies: q.bodies,
    rule: q.rule ?? null,
    byRule: known.filter((r) => r.all_bodies).map(view),
    rows: known.filter((r) => !r.all_bodies).map(view),
    rules: (Object.keys(DEADLINE_RULES) as DeadlineRuleId[]).map((rule) => ({
      rule,
      source: DEADLINE_RULES[rule].source,
      limitMs: DEADLINE_RULES[rule].limitMs,
      title: DEADLINE_RULES[rule].title,
    })),
  };
}

export function deadlineStatisticsRouter(opts: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get('/statistics/deadlines', requireRole(...STATISTICS_ROLES), async (req, res) => {
    const q = parseOr400(statisticsQuerySchema, req.query);
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - STATISTICS_DEFAULT_PERIOD_MS);
    if (!(from < to) || to.getTime() - from.getTime() > STATISTICS_MAX_PERIOD_MS) {
      throw new HttpError(400, 'VALIDATION_FAILED', PERIOD_TOO_LONG.en, { from: PERIOD_TOO_LONG.en }, PERIOD_TOO_LONG);
    }
    // A supervisor reads the bodies they supervise, and the Committee's central services.
    const mine = [...new Set(req.user!.grants.filter((g) => STATISTICS_ROLES.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];
    if (q.body && !mine.includes(q.body)) throw new HttpError(403, 'FORBIDDEN', NOT_YOUR_BODY.en, undefined, NOT_YOUR_BODY);
    const stats = await computeDeadlineStatistics(opts.prisma, { from, to, bodies: q.body ? [q.body] : [...mine, CENTRAL_BODY], rule: q.rule });
    if (q.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="deadline-statistics-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`,
      );
      res.send(statisticsCsv(stats));
      return;
    }
    res.json(stats);
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const q = statisticsQuerySchema.shape;
export const deadlineStatisticsPaths: ZodOpenApiPathsObject = {
  '/api/v1/statistics/deadlines': {
    get: operation({
      operationId: 'deadlineStatistics',
      tag: 'Statistics',
      summary: 'Deadline statistics per rule, body and period',
      description:
        'For every rule of the deadline policy (domain/deadlines.ts): met, met late, breached (escalated, still open), open, and the median and 95th percentile of the ' +
        'time to act (ms), of the deadlines whose clock started in [from, to) (default: the last 30 days; at most a year). Per rule and body (`rows`) and per rule over ' +
        "the bodies asked (`byRule`, what the supervisors' chart draws); without `body`, every body where the caller is head or prosecutor, and the Committee's central " +
        `services (body \`""\`). \`format=csv\` gives the same as CSV (columns ${CSV_COLUMNS.join(', ')}; body \`*\` for all bodies asked).`,
      access: 'user',
      roles: STATISTICS_ROLES,
      requestParams: {
        query: z.object({
          from: q.from.meta({ description: 'Start of the period (ISO 8601 date or date-time), inclusive.' }),
          to: q.to.meta({ description: 'End of the period, exclusive (default: now).' }),
          body: q.body.meta({ description: 'One body (6 digits) the caller supervises (403 otherwise).' }),
          rule: q.rule.meta({ description: 'One rule of the deadline policy.' }),
          format: q.format.meta({ description: '`json` (default) or `csv`.' }),
        }),
      },
      responses: {
        200: {
          description: 'The statistics.',
          content: {
            'application/json': { schema: deadlineStatisticsSchema },
            'text/csv': { schema: { type: 'string', description: `CSV with a header line: ${CSV_COLUMNS.join(',')}.` } },
          },
        },
      },
      errors: { 400: ['VALIDATION_FAILED'], 403: ['FORBIDDEN'] },
    }),
  },
};
