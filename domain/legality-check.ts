// The prosecutor's legality check of officials' queries (тексеру, 002 P8, p.54–56): a prosecutor
// supervising a body issues a resolution on conducting a check (тексеру жүргізу туралы қаулы, p.55),
// signed with EDS and uploaded as a PDF, and asks the Committee operator for the queries the body's
// officials sent in a period and what they obtained (p.54). The operator's answer is made from the
// audit log: every query journal entry with its log index and an RFC 6962 inclusion proof against a
// signed checkpoint, as JSON and as a PDF extract; the operator signs it off within the rule
// `legalityCheck.answer` (a derived term: the Rules set none, digest §8 item 23). The prosecutor
// then records the outcome: no violations, or violations found — each an incident for the
// operator's analysis (p.37) and a proposal to block the official, and the question of liability
// raised (p.56).
import { z } from 'zod';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, localisedText, sha256Hex } from './contract';
import type { DeadlineRecord } from './deadlines';

/** One check per resolution and body (a resolution may name several bodies: one check each). */
export const legalityCheckId = (bodyCode: string, resolutionSha256: string) => `${bodyCode}-${resolutionSha256.slice(0, 24)}`;
export const legalityCheckWorkflowId = (checkId: string) => `legality-check-${checkId}`;
export const isLegalityCheckId = (id: string) => /^\d{6}-[0-9a-f]{24}$/.test(id);

/** At most this many query entries in one answer (the answer is one document; a longer period is split). */
export const ANSWER_ENTRY_LIMIT = 5000;
/** A check covers at most a year (p.54 names no bound; one answer stays readable). */
export const MAX_PERIOD_DAYS = 366;

const ASTANA_OFFSET_MS = 5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The period checked: calendar days in Astana time (p.29), from and to inclusive, and its bounds as instants. */
export interface CheckPeriod {
  /** `YYYY-MM-DD..YYYY-MM-DD` */
  label: string;
  from: string;
  to: string;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

/** The days `from`..`to` (Astana time) as instants: from 00:00 of the first day to 00:00 after the last. */
export function checkPeriod(from: string, to: string): CheckPeriod {
  const start = Date.parse(`${from}T00:00:00Z`) - ASTANA_OFFSET_MS;
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS - ASTANA_OFFSET_MS;
  return { label: `${from}..${to}`, from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** Why a period cannot be checked (null: it can): reversed, longer than a year, or not yet begun. */
export function periodProblem(from: string, to: string, now: Date): string | null {
  const p = checkPeriod(from, to);
  if (Date.parse(p.to) <= Date.parse(p.from)) return 'the period ends before it begins';
  if (Date.parse(p.to) - Date.parse(p.from) > MAX_PERIOD_DAYS * DAY_MS) return `a check covers at most ${MAX_PERIOD_DAYS} days`;
  if (Date.parse(p.from) > now.getTime()) return 'the period has not begun';
  return null;
}

export const openLegalityCheckSchema = z
  .object({
    /** The resolution (p.55): a PDF the prosecutor uploaded with a detached signature (POST /files). */
    resolution: z.object({ fileId: z.string().uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256') }).strict(),
    /** The resolution's registration number. */
    resolutionNumber: z.string().trim().min(1).max(64),
    bodyCode: z.string().regex(/^\d{6}$/, 'a 6-digit body code'),
    period: z.object({ from: isoDate, to: isoDate }).strict(),
  })
  .strict();
export type OpenLegalityCheckRequest = z.infer<typeof openLegalityCheckSchema>;

export const confirmAnswerSchema = z.object({ note: z.string().trim().min(1).max(2000).optional() }).strict();
export type ConfirmAnswerRequest = z.infer<typeof confirmAnswerSchema>;

export const outcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('NO_VIOLATIONS'), description: z.string().trim().min(1).max(4000).optional() }).strict(),
  z
    .object({
      outcome: z.literal('VIOLATIONS_FOUND'),
      description: z.string().trim().min(1).max(4000),
      /** The query entries obtained illegally, by their log index in the answer, each with its reason. */
      violations: z
        .array(z.object({ index: z.number().int().min(0), reason: z.string().trim().min(1).max(1000) }).strict())
        .min(1)
        .max(1000)
        .refine((v) => new Set(v.map((x) => x.index)).size === v.length, 'each entry once'),
    })
    .strict(),
]);
export type OutcomeRequest = z.infer<typeof outcomeSchema>;

export const LEGALITY_CHECK_STATUSES = ['RESOLUTION_REFUSED', 'AWAITING_ANSWER', 'ANSWERED', 'NO_VIOLATIONS', 'VIOLATIONS_FOUND'] as const;
export type LegalityCheckStatus = (typeof LEGALITY_CHECK_STATUSES)[number];

export const LEGALITY_CHECK_STATUS_LABELS: Record<LegalityCheckStatus, { kk: string; ru: string; en: string }> = {
  RESOLUTION_REFUSED: { kk: 'Қаулының қолтаңбасы расталмады', ru: 'Подпись постановления не подтверждена', en: 'Resolution signature not confirmed' },
  AWAITING_ANSWER: { kk: 'Оператордың жауабын күтуде', ru: 'Ожидает ответа оператора', en: 'Awaiting the operator’s answer' },
  ANSWERED: { kk: 'Оператор жауап берді', ru: 'Оператор ответил', en: 'Answered by the operator' },
  NO_VIOLATIONS: { kk: 'Бұзушылық анықталған жоқ', ru: 'Нарушений не выявлено', en: 'No violations found' },
  VIOLATIONS_FOUND: {
    kk: 'Бұзушылықтар анықталды, жауаптылық мәселесі қойылды',
    ru: 'Выявлены нарушения, поставлен вопрос об ответственности',
    en: 'Violations found, liability raised',
  },
};

/** One query of the answer, as the workflow keeps it (the full entry and proof are in the answer's JSON). */
export interface AnsweredQuery {
  index: number;
  queryId: string;
  officialIin: string;
  answered: boolean;
}

/** The operator's answer as prepared from the log (activities/legality-check.ts). */
export interface PreparedAnswer {
  /** The signed checkpoint the proofs are against (C2SP tlog-checkpoint note). */
  checkpoint: string;
  treeSize: number;
  /** The tree's root hash, base64. */
  rootHash: string;
  queries: AnsweredQuery[];
  /** False when the period held more than ANSWER_ENTRY_LIMIT queries: the first ones are answered, a shorter period asks for the rest. */
  complete: boolean;
  jsonSha256: string;
  pdfSha256: string;
  preparedAt: string;
}

export interface LegalityCheckInput {
  checkId: string;
  prosecutorIin: string;
  bodyCode: string;
  resolution: { fileId: string; sha256: string; number: string };
  period: CheckPeriod;
}

export interface LegalityViolation {
  index: number;
  queryId: string;
  officialIin: string;
  reason: string;
}

export interface LegalityCheckState {
  checkId: string;
  prosecutorIin: string;
  bodyCode: string;
  resolution: LegalityCheckInput['resolution'];
  period: CheckPeriod;
  status: LegalityCheckStatus;
  /** Why the resolution was refused (the second signature check). */
  refusal?: { code: string; message: string }[];
  answer?: PreparedAnswer;
  confirmation?: { operatorIin: string; at: string; note?: string };
  outcome?: { outcome: 'NO_VIOLATIONS' | 'VIOLATIONS_FOUND'; description?: string; violations: LegalityViolation[]; at: string };
  deadlines: DeadlineRecord[];
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Responses (api/legality-check.ts answers with these; the OpenAPI document is made from them)

export const legalityCheckStatusSchema = labelledEnum(
  'LegalityCheckStatus',
  LEGALITY_CHECK_STATUSES,
  LEGALITY_CHECK_STATUS_LABELS,
  'Where a prosecutor’s legality check stands (002 P8).',
);

const astanaPeriod = z
  .object({ label: z.string(), from: dateTimeString, to: dateTimeString })
  .meta({ description: 'The days checked (Astana time): from 00:00 of the first to 00:00 after the last.' });

export const legalityCheckSchema = z
  .object({
    checkId: z.string(),
    bodyCode: bodyCodeString,
    prosecutorIin: iinString,
    resolution: z.object({ fileId: z.uuid(), sha256: sha256Hex, number: z.string() }),
    period: astanaPeriod,
    status: legalityCheckStatusSchema,
    statusLabel: localisedText,
    refusal: z.array(z.object({ code: z.string(), message: z.string() })).nullable(),
    answer: z
      .object({
        treeSize: z.number().int().meta({ description: 'Size of the tree of the signed checkpoint the proofs are against.' }),
        rootHash: z.string().meta({ description: 'Its root hash, base64.' }),
        checkpoint: z.string().meta({ description: 'The signed checkpoint (C2SP tlog-checkpoint signed note).' }),
        queries: z.number().int(),
        complete: z.boolean(),
        jsonSha256: sha256Hex,
        pdfSha256: sha256Hex,
        preparedAt: dateTimeString,
        json: z.string(),
        pdf: z.string(),
      })
      .nullable(),
    confirmation: z.object({ operatorIin: iinString, at: dateTimeString, note: z.string().optional() }).nullable(),
    outcome: z
      .object({
        outcome: z.enum(['NO_VIOLATIONS', 'VIOLATIONS_FOUND']),
        description: z.string().optional(),
        violations: z.array(z.object({ index: z.number().int(), queryId: z.string(), officialIin: iinString, reason: z.string() })),
        at: dateTimeString,
      })
      .nullable(),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'LegalityCheck' });

export const legalityCheckListSchema = z.object({
  items: z.array(
    z.object({
      checkId: z.string(),
      bodyCode: bodyCodeString.nullable(),
      status: legalityCheckStatusSchema.nullable(),
      statusLabel: localisedText.nullable(),
      openedAt: dateTimeString,
    }),
  ),
});
