// The crime report (арыз, 000 §3.3–3.4): what the citizen signs, and the statuses it goes through.
// Deterministic (imported by workflows).
import { z } from 'zod';
import type { ReportDecision } from './report-status';

export * from './report-status';

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

export const reportDecisionSchema: z.ZodType<ReportDecision> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('REGISTER_ERDR') }),
  z.object({ kind: z.literal('TRANSFER'), toBodyId: z.string().min(1), reason: z.string().trim().min(10).max(2000) }),
  z.object({ kind: z.literal('ATTACH_TO_CASE'), erdrNumber: z.string().regex(/^\d{15}$/, '15 digits'), reason: z.string().trim().min(10).max(2000) }),
  z.object({ kind: z.literal('REFUSE'), reason: z.string().trim().min(10).max(2000) }),
]);
