// Deadline statistics (legal statistics is the Committee's own trade): for every rule of the
// deadline policy (domain/deadlines.ts), per body and period — met, met late, breached and still
// open, open, and the median and 95th percentile of the time taken to act. The contract shared by
// the API, its OpenAPI entry and the benchmark. Deterministic.
import { z } from 'zod';
import { DAY, DEADLINE_RULES, type DeadlineRuleId } from './deadlines';
import type { LocalisedText } from './notification-templates';
import { dateTimeString, localisedText } from './contract';

/** The body of the Committee's central services (offence information): no territorial body, every supervisor sees it. */
export const CENTRAL_BODY = '';

/** The longest period one request may ask for: the statistics are yearly at most. */
export const STATISTICS_MAX_PERIOD_MS = 366 * DAY;
/** Without `from`: the last 30 days. */
export const STATISTICS_DEFAULT_PERIOD_MS = 30 * DAY;

const RULE_IDS = Object.keys(DEADLINE_RULES) as [DeadlineRuleId, ...DeadlineRuleId[]];

export const PERIOD_TOO_LONG: LocalisedText = {
  kk: 'Кезең бір жылдан аспауы және басталу күні аяқталу күнінен бұрын болуы керек.',
  ru: 'Период должен быть не длиннее года, а начало — раньше конца.',
  en: 'The period must be at most a year long and start before it ends.',
};

export const statisticsQuerySchema = z
  .object({
    /** Deadlines whose clock started in [from, to), ISO 8601. */
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    body: z
      .string()
      .regex(/^\d{6}$/, '6-digit body code')
      .optional(),
    rule: z.enum(RULE_IDS).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export type StatisticsQuery = z.infer<typeof statisticsQuerySchema>;

/** One line of the statistics: a rule in one body ('' is the Committee's central services), or in all the bodies asked (`bodyCode: null`). */
export interface DeadlineStatisticsRow {
  rule: DeadlineRuleId;
  bodyCode: string | null;
  /** Completed before the limit. */
  met: number;
  /** Completed after the limit (breached, escalated, then done). */
  metLate: number;
  /** Past the limit and escalated, still not done. */
  breached: number;
  /** Running, within the limit. */
  open: number;
  total: number;
  /** Of the completed ones (met and met late): the time from the clock's start to the act, ms. */
  medianMs: number | null;
  p95Ms: number | null;
}

export interface DeadlineStatistics {
  from: string;
  to: string;
  bodies: string[];
  rule: DeadlineRuleId | null;
  /** Per rule over all the bodies asked: what a chart of the rules draws. */
  byRule: DeadlineStatisticsRow[];
  /** Per rule and body. */
  rows: DeadlineStatisticsRow[];
  /** Every rule of the policy with its source and title, whether or not it has records. */
  rules: { rule: DeadlineRuleId; source: string; limitMs: number; title: LocalisedText }[];
}

export const CSV_COLUMNS = ['rule', 'source', 'body', 'met', 'met_late', 'breached', 'open', 'total', 'median_ms', 'p95_ms'] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The per-body rows as CSV (CRLF line ends, a header line); the rows over all bodies have body `*`. */
export function statisticsCsv(stats: DeadlineStatistics): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of [...stats.rows, ...stats.byRule]) {
    lines.push(
      [r.rule, DEADLINE_RULES[r.rule].source, r.bodyCode ?? '*', r.met, r.metLate, r.breached, r.open, r.total, r.medianMs, r.p95Ms].map(csvField).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// HTTP contract (api/deadline-statistics.ts)

const statisticsRow = z.object({
  rule: z.enum(RULE_IDS),
  bodyCode: z.string().nullable(),
  met: z.number().int(),
  metLate: z.number().int(),
  breached: z.number().int(),
  open: z.number().int(),
  total: z.number().int(),
  medianMs: z.number().nullable(),
  p95Ms: z.number().nullable(),
});

export const deadlineStatisticsSchema = z
  .object({
    from: dateTimeString,
    to: dateTimeString,
    bodies: z.array(z.string()),
    rule: z.enum(RULE_IDS).nullable(),
    byRule: z.array(statisticsRow).meta({ description: 'Per rule over all the bodies asked.' }),
    rows: z.array(statisticsRow).meta({ description: 'Per rule and body.' }),
    rules: z.array(z.object({ rule: z.enum(RULE_IDS), source: z.string(), limitMs: z.number().int(), title: localisedText })),
  })
  .meta({ id: 'DeadlineStatistics' });
