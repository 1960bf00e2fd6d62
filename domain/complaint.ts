// The complaint («шағым», жалоба; 000 §3.2 menu = digest §4.10, CPC ch. 13 art. 105–106): the seed
// lists «шағым беру» and «Бұрын берілген шағымның мәртебесі» but gives no form (digest §11.2), so it
// is modelled like the petition (000 §4.5–4.6): a confirmed participant files it on a case, signed,
// with signed attachments. A complaint about an investigator's action goes to the supervising
// prosecutor (CPC art. 105); one about a prosecutor's action goes to the higher prosecutor (art. 106;
// [I] without a hierarchy of prosecutors here, another prosecutor serving the body). Decided within
// 3 days; 10 days when the check needs materials to be requested (art. 105 part 1).
import { z } from 'zod';
import type { DeadlineRecord } from './deadlines';
import { inThreeLanguages, type LocalisedText } from './notification-templates';
import type { DetourStatus, TranslationDetour } from './translation';
import {
  attachmentList,
  detourStatusSchema,
  erdrNumberField,
  signedSubmissionField,
  SUBMISSION_LANGUAGES,
  submissionEventSchema,
  submissionListColumns,
  submissionMaterialSchema,
  type AttachmentRef,
  type MaterialItem,
  type PetitionEvent,
  type SubmissionLanguage,
} from './petition';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, localisedText, registerNumber } from './contract';

/** One workflow per complaint, its id from the complaint's id (itself derived from the Idempotency-Key). */
export const complaintWorkflowId = (id: string) => `complaint-${id}`;

/** What the complaint is about decides whom it goes to (CPC art. 105, 106). */
export const COMPLAINT_SUBJECTS = ['INVESTIGATOR_ACTION', 'PROSECUTOR_ACTION'] as const;
export type ComplaintSubject = (typeof COMPLAINT_SUBJECTS)[number];

export const COMPLAINT_SUBJECT_LABELS: Record<ComplaintSubject, LocalisedText> = {
  INVESTIGATOR_ACTION: {
    kk: 'Тергеушінің (анықтаушының) әрекетіне шағым',
    ru: 'Жалоба на действия следователя (дознавателя)',
    en: 'Complaint about an investigator’s action',
  },
  PROSECUTOR_ACTION: { kk: 'Прокурордың әрекетіне шағым', ru: 'Жалоба на действия прокурора', en: 'Complaint about a prosecutor’s action' },
};

export const COMPLAINT_CONTENT_MIN = 20;
export const COMPLAINT_CONTENT_MAX = 20_000;

/** The UTF-8 JSON a participant signs (modelled on the petition, 000 §4.5). */
export const signedComplaintContent = z
  .object({
    erdrNumber: erdrNumberField,
    subject: z.enum(COMPLAINT_SUBJECTS),
    language: z.enum(SUBMISSION_LANGUAGES),
    content: z.string().trim().min(COMPLAINT_CONTENT_MIN, `at least ${COMPLAINT_CONTENT_MIN} characters`).max(COMPLAINT_CONTENT_MAX),
    attachments: attachmentList,
  })
  .strict();
export type SignedComplaintContent = z.infer<typeof signedComplaintContent>;

export const complaintSubmission = z
  .object({
    signedComplaint: z
      .string()
      .min(1, 'base64 CMS expected')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected'),
  })
  .strict();

/** Its own statuses («шағымның мәртебесі»). */
export const COMPLAINT_STATUSES = ['UNDER_REVIEW', 'CHECK_EXTENDED', 'ANSWERED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, LocalisedText> = {
  UNDER_REVIEW: { kk: 'Прокурордың қарауында', ru: 'На рассмотрении прокурора', en: 'Under the prosecutor’s review' },
  CHECK_EXTENDED: {
    kk: 'Материалдар сұратылды, мерзім 10 тәулікке ұзартылды',
    ru: 'Истребованы материалы, срок продлён до 10 суток',
    en: 'Materials requested, term extended to 10 days',
  },
  ANSWERED: { kk: 'Шешім қабылданды', ru: 'Решение принято', en: 'Decided' },
};

export const COMPLAINT_RESULTS = ['UPHELD', 'PARTLY_UPHELD', 'DISMISSED'] as const;
export type ComplaintResult = (typeof COMPLAINT_RESULTS)[number];

export const COMPLAINT_RESULT_LABELS: Record<ComplaintResult | 'PENDING', LocalisedText> = {
  UPHELD: { kk: 'Қанағаттандырылды', ru: 'Удовлетворена', en: 'Upheld' },
  PARTLY_UPHELD: { kk: 'Ішінара қанағаттандырылды', ru: 'Удовлетворена частично', en: 'Partly upheld' },
  DISMISSED: { kk: 'Қанағаттандырусыз қалдырылды', ru: 'Оставлена без удовлетворения', en: 'Dismissed' },
  PENDING: { kk: 'Қаралмады', ru: 'Не рассмотрена', en: 'Not yet decided' },
};

/** The prosecutor's answer: result, text, materials (signed uploads). */
export const complaintAnswerSchema = z
  .object({
    result: z.enum(COMPLAINT_RESULTS),
    text: z.string().trim().min(10, 'at least 10 characters').max(COMPLAINT_CONTENT_MAX),
    materials: attachmentList,
  })
  .strict();
export type ComplaintAnswerRequest = z.infer<typeof complaintAnswerSchema>;

/** CPC art. 105 part 1: the check needs materials — the term becomes 10 days, with the reason. */
export const complaintExtensionSchema = z.object({ reason: z.string().trim().min(10, 'at least 10 characters').max(2000) }).strict();

// ---------------------------------------------------------------------------------------------
// The workflow's contract

export interface ComplaintInput {
  complaintId: string;
  erdrNumber: string;
  submittedAt: string;
  complainant: { iin: string; fullName: string; locale: SubmissionLanguage };
  subject: ComplaintSubject;
  content: string;
  language: SubmissionLanguage;
  attachments: AttachmentRef[];
  /** The body whose prosecutors decide (the case's body). */
  bodyCode: string;
  /** The supervising prosecutor (art. 105), when one is assigned; absent: any prosecutor of the body. */
  addresseeIin?: string;
  /** Art. 106: the prosecutor complained about, who must not decide it. */
  excludedIin?: string;
  /** 001 ¶7: written in another language than the case's; a translation task runs first. */
  translation?: TranslationDetour;
}

export interface ComplaintAnswerInput extends Omit<ComplaintAnswerRequest, 'materials'> {
  materials: AttachmentRef[];
  prosecutorIin: string;
  responderName: string;
}

export interface ComplaintState {
  complaintId: string;
  erdrNumber: string;
  subject: ComplaintSubject;
  status: ComplaintStatus;
  statusLabel: LocalisedText;
  resultLabel: LocalisedText;
  submittedAt: string;
  bodyCode: string;
  addresseeIin?: string;
  excludedIin?: string;
  language: SubmissionLanguage;
  extension?: { reason: string; by: string; at: string };
  answer?: { result: ComplaintResult; text: string; responderName: string; by: string; at: string; late: boolean };
  materials: MaterialItem[];
  /** 001 ¶7: its translation, when it needed one. */
  translation?: DetourStatus;
  history: PetitionEvent[];
  deadlines: DeadlineRecord[];
}

export const COMPLAINT_DECISION_KEY = 'complaint.decision';
export const COMPLAINT_EXTENDED_KEY = 'complaint.decisionExtended';

const L = inThreeLanguages;

export const COMPLAINT_NOTICES = {
  accepted: (erdr: string) => ({
    title: L(`Шағым қабылданды: іс № ${erdr}`, `Жалоба принята: дело № ${erdr}`, `Complaint received: case No. ${erdr}`),
    text: L(
      `№ ${erdr} іс бойынша шағымыңыз прокурорға жіберілді. Ол 3 тәулік ішінде, материалдар сұратылса 10 тәулік ішінде қаралады (ҚПК 105–106-баптары).`,
      `Ваша жалоба по делу № ${erdr} направлена прокурору. Она рассматривается в течение 3 суток, при истребовании материалов — до 10 суток (ст. 105–106 УПК).`,
      `Your complaint on case No. ${erdr} was sent to the prosecutor. It is decided within 3 days, or 10 days when materials must be requested (CPC art. 105–106).`,
    ),
  }),
  received: (erdr: string) => ({
    title: L(`Жаңа шағым: іс № ${erdr}`, `Новая жалоба: дело № ${erdr}`, `New complaint: case No. ${erdr}`),
    text: L(
      `№ ${erdr} іс бойынша шағым түсті. Шешім қабылдау мерзімі — 3 тәулік (ҚПК 105-бабы).`,
      `По делу № ${erdr} поступила жалоба. Срок рассмотрения — 3 суток (ст. 105 УПК).`,
      `A complaint on case No. ${erdr} has arrived. It must be decided within 3 days (CPC art. 105).`,
    ),
  }),
  extended: (erdr: string) => ({
    title: L(`Шағымды қарау мерзімі ұзартылды: іс № ${erdr}`, `Срок рассмотрения жалобы продлён: дело № ${erdr}`, `Complaint term extended: case No. ${erdr}`),
    text: L(
      'Тексеру үшін материалдар сұратылды; шағым 10 тәулік ішінде қаралады (ҚПК 105-бабы).',
      'Для проверки истребованы материалы; жалоба будет рассмотрена в течение 10 суток (ст. 105 УПК).',
      'Materials were requested for the check; the complaint will be decided within 10 days (CPC art. 105).',
    ),
  }),
  answered: (erdr: string, result: ComplaintResult) => ({
    title: L(
      `Шағым бойынша шешім: іс № ${erdr} — ${COMPLAINT_RESULT_LABELS[result].kk}`,
      `Решение по жалобе: дело № ${erdr} — ${COMPLAINT_RESULT_LABELS[result].ru}`,
      `Decision on your complaint: case No. ${erdr} — ${COMPLAINT_RESULT_LABELS[result].en}`,
    ),
    text: L(
      'Шешім мәтіні мен материалдар жеке кабинетте.',
      'Текст решения и материалы — в личном кабинете.',
      'The decision and its materials are in your personal account.',
    ),
  }),
};

// ---------------------------------------------------------------------------------------------
// HTTP contract (api/complaint.ts): the submission and every response, as the document shows them

export const complaintStatusSchema = labelledEnum(
  'ComplaintStatus',
  COMPLAINT_STATUSES,
  COMPLAINT_STATUS_LABELS,
  'Where a complaint stands («шағымның мәртебесі»).',
);
export const complaintResultSchema = labelledEnum(
  'ComplaintResult',
  COMPLAINT_RESULTS,
  { UPHELD: COMPLAINT_RESULT_LABELS.UPHELD, PARTLY_UPHELD: COMPLAINT_RESULT_LABELS.PARTLY_UPHELD, DISMISSED: COMPLAINT_RESULT_LABELS.DISMISSED },
  'The prosecutor’s decision on a complaint (CPC art. 105–106); `resultLabel` is «Қаралмады» until decided.',
  'result',
);
export const complaintSubjectSchema = labelledEnum(
  'ComplaintSubject',
  COMPLAINT_SUBJECTS,
  COMPLAINT_SUBJECT_LABELS,
  'Whose action the complaint is about: it decides whom it goes to (CPC art. 105, 106).',
  'subject',
);

/** The signed content as the document shows it (a component: it travels inside the CMS). */
export const signedComplaintContentComponent = signedComplaintContent.meta({
  id: 'SignedComplaintContent',
  unusedIO: 'input',
  description:
    'The complaint as the participant signs it: the case, what it is about (whose action), its language, the content, attachments uploaded beforehand.',
});

export const complaintSubmissionSchema = z
  .object({ signedComplaint: signedSubmissionField('SignedComplaintContent') })
  .strict()
  .meta({ id: 'ComplaintSubmission' });

export const complaintListItemSchema = z
  .object({
    ...submissionListColumns,
    subject: complaintSubjectSchema,
    status: complaintStatusSchema,
    statusLabel: localisedText.nullable(),
    result: complaintResultSchema.nullable(),
    resultLabel: localisedText,
  })
  .meta({ id: 'ComplaintListItem', description: 'A complaint in the status list: the petition list’s columns plus `subject`.' });

const complaintExtensionRecord = z.object({ reason: z.string(), by: iinString, at: dateTimeString });
const complaintAnswerRecord = z.object({
  result: complaintResultSchema,
  text: z.string(),
  responderName: z.string(),
  by: iinString,
  at: dateTimeString,
  late: z.boolean(),
});

export const complaintDetailsSchema = complaintListItemSchema
  .omit({ materialCount: true })
  .extend({
    extension: complaintExtensionRecord.nullable(),
    answer: complaintAnswerRecord.nullable(),
    translation: detourStatusSchema.nullable(),
    materials: z.array(submissionMaterialSchema),
    history: z.array(submissionEventSchema),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'ComplaintDetails' });

/** The complaint as its workflow holds it (`ComplaintState`). */
export const complaintStateSchema = z
  .object({
    complaintId: z.uuid(),
    erdrNumber: registerNumber,
    subject: complaintSubjectSchema,
    status: complaintStatusSchema,
    statusLabel: localisedText,
    resultLabel: localisedText,
    submittedAt: dateTimeString,
    bodyCode: bodyCodeString,
    addresseeIin: iinString.optional(),
    excludedIin: iinString.optional(),
    language: z.enum(SUBMISSION_LANGUAGES),
    extension: complaintExtensionRecord.optional(),
    answer: complaintAnswerRecord.optional(),
    materials: z.array(submissionMaterialSchema),
    translation: detourStatusSchema.optional(),
    history: z.array(submissionEventSchema),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'ComplaintState' });

export const complaintAnswerRequestSchema = complaintAnswerSchema.meta({ id: 'ComplaintAnswer', description: 'The prosecutor’s decision.' });
export const complaintExtensionRequestSchema = complaintExtensionSchema.meta({
  id: 'ComplaintExtension',
  description: 'Why materials are requested (CPC art. 105 part 1).',
});
