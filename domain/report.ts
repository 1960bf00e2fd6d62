// The crime report (арыз, 000 §3.3–3.4): what the citizen signs, and the statuses it goes through.
// Deterministic (imported by workflows).
import { z } from 'zod';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, localisedText, registerNumber, sha256Hex } from './contract';

export const REPORT_STATUSES = [
  'AWAITING_REGISTRATION',
  'REGISTERED_KUI',
  'REGISTERED_ERDR',
  'TRANSFERRED',
  'ATTACHED_TO_CASE',
  'REFUSED',
  'REJECTED',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses after which nothing more happens to the report itself. */
export const FINAL_REPORT_STATUSES: readonly ReportStatus[] = ['REGISTERED_ERDR', 'ATTACHED_TO_CASE', 'REFUSED', 'REJECTED'];

export const REPORT_STATUS_LABELS: Record<ReportStatus, { kk: string; ru: string; en: string }> = {
  AWAITING_REGISTRATION: { kk: 'Тіркеуді күту', ru: 'Ожидает регистрации', en: 'Awaiting registration' },
  REGISTERED_KUI: { kk: 'АЕК-ге тіркелді', ru: 'Зарегистрировано в КУИ', en: 'Registered in the KUI book' },
  REGISTERED_ERDR: { kk: 'СДТБТ-да тіркелді', ru: 'Зарегистрировано в ЕРДР', en: 'Registered in the ERDR' },
  TRANSFERRED: { kk: 'Тергеулігі бойынша жіберілді', ru: 'Передано по подследственности', en: 'Transferred by jurisdiction' },
  ATTACHED_TO_CASE: { kk: 'Қылмыстық іске қосылды', ru: 'Приобщено к уголовному делу', en: 'Attached to a criminal case' },
  REFUSED: { kk: 'Тіркеуден бас тартылды', ru: 'Отказано в регистрации', en: 'Registration refused' },
  REJECTED: {
    kk: 'Қабылданбады (қолтаңба немесе мазмұн жарамсыз)',
    ru: 'Не принято (подпись или содержание недействительны)',
    en: 'Rejected (signature or content invalid)',
  },
};

/** An official's decision on a report registered in the KUI book. */
export type ReportDecision =
  | { kind: 'REGISTER_ERDR' }
  | { kind: 'TRANSFER'; toBodyId: string; reason: string }
  | { kind: 'ATTACH_TO_CASE'; erdrNumber: string; reason: string }
  | { kind: 'REFUSE'; reason: string };

/** One workflow per talon: its id is derived from the talon, so it can never be started twice. */
export const reportWorkflowId = (talon: string) => `report-${talon}`;

/** 000 §3.3: the fabula (statement of facts) is 10 to 2000 characters. */
export const FABULA_MIN = 10;
export const FABULA_MAX = 2000;

const KZ_PHONE = /^\+7\d{10}$/;

/** The UTF-8 JSON a citizen signs (the encapsulated content of the CMS). Stored exactly as signed. */
export const signedReportContent = z
  .object({
    offenceAt: z.string().datetime({ offset: true, message: 'an ISO 8601 date-time with offset is expected' }),
    fabula: z.string().trim().min(FABULA_MIN, `at least ${FABULA_MIN} characters`).max(FABULA_MAX, `at most ${FABULA_MAX} characters`),
    regionId: z.string().min(1),
    districtId: z.string().min(1),
    bodyId: z.string().min(1),
    applicant: z.object({
      address: z.string().trim().min(5).max(500),
      email: z.string().trim().email(),
      phone: z.string().trim().regex(KZ_PHONE, 'a Kazakhstan number in the form +7XXXXXXXXXX'),
    }),
    // Criminal Code art. 419: the applicant must confirm the warning on knowingly false reports.
    falseReportWarningAccepted: z.literal(true, { message: 'the art. 419 warning must be accepted' }),
    attachments: z
      .array(z.object({ id: z.string().uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256') }))
      .max(20)
      .default([]),
  })
  .strict();

export type SignedReportContent = z.infer<typeof signedReportContent>;

// The decision by kind; the recorded decision (in responses) adds who took it, when, and whether late.
const decisionKinds = {
  REGISTER_ERDR: z.object({ kind: z.literal('REGISTER_ERDR') }),
  TRANSFER: z.object({ kind: z.literal('TRANSFER'), toBodyId: z.string().min(1), reason: z.string().trim().min(10).max(2000) }),
  ATTACH_TO_CASE: z.object({
    kind: z.literal('ATTACH_TO_CASE'),
    erdrNumber: z.string().regex(/^\d{15}$/, '15 digits'),
    reason: z.string().trim().min(10).max(2000),
  }),
  REFUSE: z.object({ kind: z.literal('REFUSE'), reason: z.string().trim().min(10).max(2000) }),
};

export const reportDecisionSchema: z.ZodType<ReportDecision> = z
  .discriminatedUnion('kind', [decisionKinds.REGISTER_ERDR, decisionKinds.TRANSFER, decisionKinds.ATTACH_TO_CASE, decisionKinds.REFUSE])
  .meta({ id: 'ReportDecision', description: 'An official’s decision on a report registered in the KUI book, by `kind`.' });

// ─────────────────────────────────────────────────────────────────────────────────────────────
// HTTP contract (api/report.ts): the submission and every response, as the document shows them

export const reportStatusSchema = labelledEnum(
  'ReportStatus',
  REPORT_STATUSES,
  REPORT_STATUS_LABELS,
  'Status of a crime report; responses carry the label as `statusLabel`.',
);

/** The signed content as the document shows it (a component: it travels inside the CMS). */
export const signedReportContentComponent = signedReportContent.meta({
  id: 'SignedReportContent',
  unusedIO: 'input', // as the citizen writes it
  description:
    'The crime report as the citizen signs it: UTF-8 JSON, the encapsulated content of the CMS in `ReportSubmission.signedReport`. ' +
    'Stored exactly as signed. `regionId` → `districtId` → `bodyId` come from the dictionaries; `attachments` are files uploaded ' +
    'beforehand (POST /api/v1/files) with their SHA-256; `falseReportWarningAccepted` confirms the Criminal Code art. 419 warning.',
});

export const reportSubmissionSchema = z
  .object({
    signedReport: z
      .string()
      .min(1, 'base64 CMS expected')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected')
      .meta({
        contentEncoding: 'base64',
        contentMediaType: 'application/pkcs7-mime',
        contentSchema: { $ref: '#/components/schemas/SignedReportContent' },
        description: 'Base64 CMS with attached content; the content is the UTF-8 JSON of `SignedReportContent`.',
      }),
  })
  .meta({ id: 'ReportSubmission' });

export const reportAcceptedSchema = z
  .object({ talon: registerNumber.meta({ description: 'The talon: the number the applicant keeps.' }), status: reportStatusSchema })
  .meta({ id: 'ReportAccepted' });

const registeringBody = z.object({ id: z.string(), code: bodyCodeString, name: localisedText }).nullable();

export const reportListItemSchema = z
  .object({
    talon: registerNumber,
    status: reportStatusSchema,
    statusLabel: localisedText,
    description: z.string().meta({ description: 'The opening of the fabula.' }),
    registeringBody,
    submittedAt: dateTimeString,
    kuiNumber: registerNumber.nullable(),
    erdrNumber: registerNumber.nullable(),
  })
  .meta({ id: 'ReportListItem' });

const recorded = { by: iinString, at: dateTimeString, late: z.boolean().meta({ description: 'Taken after the deadline.' }) };
export const recordedDecisionSchema = z
  .discriminatedUnion('kind', [
    decisionKinds.REGISTER_ERDR.extend(recorded),
    decisionKinds.TRANSFER.extend(recorded),
    decisionKinds.ATTACH_TO_CASE.extend(recorded),
    decisionKinds.REFUSE.extend(recorded),
  ])
  .meta({ id: 'RecordedDecision', description: 'The decision as recorded: by whom, when, and whether after the deadline.' });

export const reportDetailsSchema = z
  .object({
    talon: registerNumber,
    status: reportStatusSchema,
    statusLabel: localisedText,
    description: z.string(),
    registeringBody,
    submittedAt: dateTimeString,
    kuiNumber: registerNumber.nullable(),
    erdrNumber: registerNumber.nullable(),
    decision: recordedDecisionSchema.nullable(),
    rejectionReasons: z.array(z.object({ code: z.string(), message: z.string() })).nullable(),
    materials: z.array(
      z.object({
        name: z.string(),
        sha256: sha256Hex,
        mediaType: z.string(),
        size: z.number().int(),
        kind: z.enum(['attachment', 'converted_pdf', 'official_document']),
        addedAt: dateTimeString,
        fileId: z.uuid().nullable(),
      }),
    ),
    history: z.array(z.object({ at: dateTimeString, status: reportStatusSchema, by: iinString.optional(), note: z.string().optional() })),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'ReportDetails' });

export const reportQueueItemSchema = z
  .object({
    talon: registerNumber,
    status: reportStatusSchema,
    statusLabel: localisedText,
    registeringBody,
    submittedAt: dateTimeString,
    dueAt: dateTimeString.meta({ description: 'The 24-hour registration deadline.' }),
    timeLeftMs: z.number().int().meta({ description: 'Negative when overdue.' }),
    overdue: z.boolean(),
    kuiNumber: registerNumber.nullable(),
  })
  .meta({ id: 'QueueItem' });

export const kuiRegistrationSchema = z.object({ talon: registerNumber, status: reportStatusSchema, kuiNumber: registerNumber }).meta({ id: 'KuiRegistration' });

export const reportDecisionResultSchema = z
  .object({
    talon: registerNumber,
    status: reportStatusSchema,
    statusLabel: localisedText,
    kuiNumber: registerNumber,
    erdrNumber: registerNumber.optional(),
    decision: recordedDecisionSchema.optional(),
  })
  .meta({ id: 'ReportDecisionResult' });
