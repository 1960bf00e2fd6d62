// The petition («өтінішхат», ходатайство; 000 §3.5–3.6 = digest §4.5–4.6, CPC ch. 13): the contract
// every layer shares — the workflow id, the signed content and its rules, the official's answer,
// the state the workflow keeps, the status and result labels in kk/ru/en. Deterministic and free of
// I/O (the workflow imports it).
import { z } from 'zod';
import type { DeadlineRecord } from './deadlines';
import { inThreeLanguages, type LocalisedText } from './notification-templates';
import type { DetourStatus, TranslationDetour } from './translation';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, labelsTable, localisedText, registerNumber, sha256Hex } from './contract';
import { PARTICIPANT_ROLES } from './ecase/state';

/** One workflow per petition, its id from the petition's id (itself derived from the Idempotency-Key). */
export const petitionWorkflowId = (id: string) => `petition-${id}`;

export const SUBMISSION_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type SubmissionLanguage = (typeof SUBMISSION_LANGUAGES)[number];

/** 000 §4.5 [M:350]: without the access-request tick the content («Мазмұн») has at least 100 characters. */
export const PETITION_CONTENT_MIN = 100;
/** No maximum in the seed; a generous one keeps a signed petition within the request limit. */
export const PETITION_CONTENT_MAX = 20_000;

/**
 * 000 §4.5 [M:343, M:422]: the tick «Қылмыстық іс материалдарына қол жеткізуді сұрау» fills this text
 * in the user's language; the user appends the list of materials. The Russian text is the seed's
 * sample; the Kazakh and English are ours (the seed gives none, digest §11.7).
 */
export const ACCESS_REQUEST_TEMPLATE: LocalisedText = {
  kk: 'Сотқа дейінгі тергеп-тексеру шеңберінде маған қылмыстық істің мына материалдарымен танысуға қол жеткізуді беруіңізді сұраймын: ',
  ru: 'Прошу вас в рамках досудебного расследования предоставить мне доступ к ознакомлению со следующими материалами уголовного дела: ',
  en: 'Within the pre-trial investigation, I ask you to grant me access to familiarise myself with the following criminal case materials: ',
};

/** 000 §7.5: the ERDR-number filter's validation message, as the seed shows it, in three languages. */
export const ERDR_FILTER_MESSAGE: LocalisedText = {
  kk: 'СДТБТ нөмірі 15 саннан тұруы керек',
  ru: 'Номер ЕРДР должен состоять из 15 цифр',
  en: 'The ERDR number must consist of 15 digits',
};

export const CONTENT_TOO_SHORT: LocalisedText = {
  kk: `Өрісті толтыру керек: кем дегенде ${PETITION_CONTENT_MIN} таңба болуы қажет.`,
  ru: `Поле нужно заполнить: не менее ${PETITION_CONTENT_MIN} символов.`,
  en: `The field must be filled: at least ${PETITION_CONTENT_MIN} characters.`,
};

export const ACCESS_LIST_MISSING: LocalisedText = {
  kk: 'Үлгі мәтіннен кейін қажетті материалдардың тізімін жазыңыз.',
  ru: 'После текста шаблона укажите перечень нужных материалов.',
  en: 'Append the list of the materials you ask for after the template text.',
};

const ERDR = /^\d{15}$/;
export const erdrNumberField = z.string().regex(ERDR, ERDR_FILTER_MESSAGE.en);
const attachmentRef = z.object({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256') }).strict();
export type AttachmentRef = z.infer<typeof attachmentRef>;

/** Files listed by a submission or an answer: uploads (POST /api/v1/files), each signed, ≤ 10 MB. */
export const attachmentList = z.array(attachmentRef).max(20).default([]);

/**
 * The UTF-8 JSON a participant signs with the signing key (the CMS's encapsulated content, 000 §4.5
 * fields 1–7). `language` is the language the petition is written in, kept with it (001 ¶7: one
 * written in another language than the proceedings' is to be translated).
 */
export const signedPetitionContent = z
  .object({
    erdrNumber: erdrNumberField,
    accessRequest: z.boolean().default(false),
    language: z.enum(SUBMISSION_LANGUAGES),
    content: z.string().max(PETITION_CONTENT_MAX),
    attachments: attachmentList,
  })
  .strict()
  .superRefine((p, ctx) => {
    const text = p.content.trim();
    if (!p.accessRequest) {
      if (text.length < PETITION_CONTENT_MIN) ctx.addIssue({ code: 'custom', path: ['content'], message: CONTENT_TOO_SHORT.en });
      return;
    }
    // The tick: the template in the petition's language, then the list the user appended.
    const template = ACCESS_REQUEST_TEMPLATE[p.language].trim();
    if (!text.startsWith(template) || text.slice(template.length).trim().length === 0) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: ACCESS_LIST_MISSING.en });
    }
  });
export type SignedPetitionContent = z.infer<typeof signedPetitionContent>;

/** The request body: the attached CMS over the JSON above, base64. */
export const petitionSubmission = z
  .object({
    signedPetition: z
      .string()
      .min(1, 'base64 CMS expected')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected'),
  })
  .strict();

/** 000 §4.6: «Нәтиже». Only «Не рассмотрено» is in the seed; the others follow CPC art. 99 (digest §12). */
export const PETITION_RESULTS = ['GRANTED', 'PARTLY_GRANTED', 'REFUSED', 'NOT_CONSIDERED'] as const;
export type PetitionResult = (typeof PETITION_RESULTS)[number];

export const PETITION_RESULT_LABELS: Record<PetitionResult, LocalisedText> = {
  GRANTED: { kk: 'Қанағаттандырылды', ru: 'Удовлетворено', en: 'Granted' },
  PARTLY_GRANTED: { kk: 'Ішінара қанағаттандырылды', ru: 'Частично удовлетворено', en: 'Partly granted' },
  REFUSED: { kk: 'Қанағаттандырудан бас тартылды', ru: 'Отказано в удовлетворении', en: 'Refused' },
  NOT_CONSIDERED: { kk: 'Қаралмады', ru: 'Не рассмотрено', en: 'Not considered' },
};

/** Where a petition stands (000 §4.6 INFER: sent → answered). */
export const PETITION_STATUSES = ['UNDER_CONSIDERATION', 'ANSWERED'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export const PETITION_STATUS_LABELS: Record<PetitionStatus, LocalisedText> = {
  UNDER_CONSIDERATION: { kk: 'Қаралуда', ru: 'На рассмотрении', en: 'Under consideration' },
  ANSWERED: { kk: 'Жауап берілді', ru: 'Дан ответ', en: 'Answered' },
};

/**
 * The official's answer (000 §4.6 [M:417]: answer, responder's full name, date; materials). A grant
 * of an access request names the case documents the petitioner may now read through the case.
 */
export const petitionAnswerSchema = z
  .object({
    result: z.enum(PETITION_RESULTS),
    text: z.string().trim().min(10, 'at least 10 characters').max(PETITION_CONTENT_MAX),
    materials: attachmentList,
    grantedDocumentIds: z
      .array(z.string().regex(/^d\d{1,6}$/, 'a case document id such as d4'))
      .max(200)
      .optional(),
  })
  .strict();
export type PetitionAnswerRequest = z.infer<typeof petitionAnswerSchema>;

// ---------------------------------------------------------------------------------------------
// The workflow's contract

export interface PetitionInput {
  petitionId: string;
  erdrNumber: string;
  submittedAt: string;
  petitioner: { iin: string; fullName: string; locale: SubmissionLanguage };
  content: string;
  accessRequest: boolean;
  language: SubmissionLanguage;
  attachments: AttachmentRef[];
  /** 000 §4.5 [M:392]: routed to the body and the official conducting the case («Өндірісте»). */
  bodyCode: string;
  officialIin: string;
  /** 001 ¶7: written in another language than the case's; a translation task runs first. */
  translation?: TranslationDetour;
}

/** What the official sends through the update (the API adds who answers and their name). */
export interface PetitionAnswerInput extends Omit<PetitionAnswerRequest, 'materials'> {
  materials: AttachmentRef[];
  officialIin: string;
  responderName: string;
}

export interface MaterialItem {
  name: string;
  sha256: string;
  mediaType: string;
  size: number;
  kind: string;
  addedAt: string;
}

export interface PetitionEvent {
  at: string;
  what: string;
  by?: string;
  source?: string;
  note?: string;
}

export interface PetitionState {
  petitionId: string;
  erdrNumber: string;
  status: PetitionStatus;
  statusLabel: LocalisedText;
  /** «Не рассмотрено» until answered (the seed's sample, 000 §4.6). */
  resultLabel: LocalisedText;
  submittedAt: string;
  bodyCode: string;
  officialIin: string;
  accessRequest: boolean;
  language: SubmissionLanguage;
  answer?: { result: PetitionResult; text: string; responderName: string; by: string; at: string; late: boolean; grantedDocumentIds?: string[] };
  materials: MaterialItem[];
  /** 001 ¶7: its translation, when it needed one. */
  translation?: DetourStatus;
  history: PetitionEvent[];
  deadlines: DeadlineRecord[];
}

export const PETITION_DECISION_KEY = 'petition.decision';

// ---------------------------------------------------------------------------------------------
// Notices (001 ¶24: cabinet, e-mail, SMS when opted in), each in the recipient's language

const L = inThreeLanguages;

export const PETITION_NOTICES = {
  /** To the petitioner: received and routed (000 §4.5 fig. 24, the success message). */
  accepted: (erdr: string) => ({
    title: L(`Өтінішхат қабылданды: іс № ${erdr}`, `Ходатайство принято: дело № ${erdr}`, `Petition received: case No. ${erdr}`),
    text: L(
      `№ ${erdr} қылмыстық іс бойынша өтінішхатыңыз істі жүргізуші органға жіберілді. Ол 3 тәулік ішінде қаралады (ҚПК 99-бабы).`,
      `Ваше ходатайство по уголовному делу № ${erdr} направлено органу, в производстве которого находится дело. Оно рассматривается в течение 3 суток (ст. 99 УПК).`,
      `Your petition on criminal case No. ${erdr} was sent to the body conducting the case. It is decided within 3 days (CPC art. 99).`,
    ),
  }),
  /** To the conducting official: a petition to decide. */
  received: (erdr: string) => ({
    title: L(`Жаңа өтінішхат: іс № ${erdr}`, `Новое ходатайство: дело № ${erdr}`, `New petition: case No. ${erdr}`),
    text: L(
      `№ ${erdr} іс бойынша өтінішхат түсті. Шешім қабылдау мерзімі — 3 тәулік (ҚПК 99-бабы).`,
      `По делу № ${erdr} поступило ходатайство. Срок разрешения — 3 суток (ст. 99 УПК).`,
      `A petition on case No. ${erdr} has arrived. It must be decided within 3 days (CPC art. 99).`,
    ),
  }),
  /** To the petitioner: the answer (000 §4.6). */
  answered: (erdr: string, result: PetitionResult) => ({
    title: L(
      `Өтінішхатқа жауап: іс № ${erdr} — ${PETITION_RESULT_LABELS[result].kk}`,
      `Ответ на ходатайство: дело № ${erdr} — ${PETITION_RESULT_LABELS[result].ru}`,
      `Answer to your petition: case No. ${erdr} — ${PETITION_RESULT_LABELS[result].en}`,
    ),
    text: L(
      `№ ${erdr} іс бойынша өтінішхатыңызға жауап берілді. Жауап мәтіні мен материалдар жеке кабинетте.`,
      `На Ваше ходатайство по делу № ${erdr} дан ответ. Текст ответа и материалы — в личном кабинете.`,
      `Your petition on case No. ${erdr} has been answered. The answer and its materials are in your personal account.`,
    ),
  }),
};

// ---------------------------------------------------------------------------------------------
// HTTP contract (api/petition.ts; the pieces a complaint shares are used by api/complaint.ts too):
// the submission and every response, as the document shows them

export const petitionStatusSchema = labelledEnum('PetitionStatus', PETITION_STATUSES, PETITION_STATUS_LABELS, 'Where a petition stands (000 §4.6).');
export const petitionResultSchema = labelledEnum(
  'PetitionResult',
  PETITION_RESULTS,
  PETITION_RESULT_LABELS,
  'The result of a petition (000 §4.6 «Нәтиже»; CPC art. 99).',
  'result',
);

/** The signed content as the document shows it (a component: it travels inside the CMS). */
export const signedPetitionContentComponent = signedPetitionContent.meta({
  id: 'SignedPetitionContent',
  unusedIO: 'input',
  description:
    'The petition as the participant signs it (000 §4.5): the ERDR number of an available case, the access-request tick, the language it is written in, ' +
    `the content (≥ ${PETITION_CONTENT_MIN} characters without the tick; with it, the template in that language followed by the list of materials), attachments uploaded beforehand.`,
});

/** The body of a signed case submission: `field` holds the CMS whose content is `signedContentId`. */
export const signedSubmissionField = (signedContentId: string) =>
  z
    .string()
    .min(1, 'base64 CMS expected')
    .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected')
    .meta({
      contentEncoding: 'base64',
      contentMediaType: 'application/pkcs7-mime',
      contentSchema: { $ref: `#/components/schemas/${signedContentId}` },
      description: `Base64 CMS with attached content; the content is the UTF-8 JSON of \`${signedContentId}\`.`,
    });

export const petitionSubmissionSchema = z
  .object({ signedPetition: signedSubmissionField('SignedPetitionContent') })
  .strict()
  .meta({ id: 'PetitionSubmission' });

/** The 202 of a petition or a complaint (the same answer for a retry with the same key). */
export const submissionAcceptedSchema = z
  .object({
    id: z.uuid(),
    status: z.string().meta({ description: 'The status now (`UNDER_CONSIDERATION` / `UNDER_REVIEW` on first acceptance).' }),
    submittedAt: dateTimeString,
    erdrNumber: registerNumber,
  })
  .meta({ id: 'SubmissionAccepted' });

/** A body by its code and name (the name null for a code the dictionary does not hold). */
export const bodyRefSchema = z.object({ code: bodyCodeString, name: localisedText.nullable() }).meta({ id: 'BodyRef' });

export const petitionAvailableCaseSchema = z
  .object({
    erdrNumber: registerNumber,
    fabula: z.string().nullable().meta({ description: 'The opening of the fabula of the report the case was registered from.' }),
    petitions: z.object({ filed: z.number().int(), considered: z.number().int() }).meta({ description: 'My petitions on the case.' }),
    inProceedings: z
      .object({ body: bodyRefSchema, officialName: z.string().nullable() })
      .meta({ description: '«Өндірісте»: the body and official conducting the case now.' }),
    decidingBody: bodyRefSchema.meta({ description: '«Шешім қабылдаған орган»: the body that registered the case.' }),
    myStatuses: z.array(z.enum(PARTICIPANT_ROLES)),
  })
  .meta({ id: 'PetitionAvailableCase' });

/** The columns of a petition's or a complaint's status list (000 §4.6). */
export const submissionListColumns = {
  id: z.uuid(),
  kind: z.enum(['petition', 'complaint']),
  erdrNumber: registerNumber,
  content: z.string(),
  accessRequest: z.boolean(),
  sentAt: dateTimeString,
  registeringBody: bodyRefSchema,
  answerText: z.string().nullable(),
  responderName: z.string().nullable(),
  answeredAt: dateTimeString.nullable(),
  dueAt: dateTimeString.meta({ description: 'The decision deadline.' }),
  materialCount: z.number().int().optional().meta({ description: 'In the list only.' }),
};

export const petitionListItemSchema = z
  .object({
    ...submissionListColumns,
    status: petitionStatusSchema,
    statusLabel: localisedText.nullable(),
    result: petitionResultSchema.nullable(),
    resultLabel: localisedText.meta({ description: '«Не рассмотрено» until answered.' }),
  })
  .meta({ id: 'PetitionListItem' });

export const submissionMaterialSchema = z
  .object({
    name: z.string(),
    sha256: sha256Hex,
    mediaType: z.string(),
    size: z.number().int(),
    kind: z.string().meta({ description: '`attachment`, `converted_pdf`, `answer`, `answer_pdf`…' }),
    addedAt: dateTimeString,
  })
  .meta({ id: 'SubmissionMaterial' });

export const submissionEventSchema = z
  .object({ at: dateTimeString, what: z.string(), by: z.string().optional(), source: z.string().optional(), note: z.string().optional() })
  .meta({ id: 'SubmissionEvent' });

/** 001 ¶7: the translation a submission in another language than the case's needed (`DetourStatus`). */
export const detourStatusSchema = z
  .object({
    taskId: z.uuid(),
    workflowId: z.string(),
    language: z.string().meta({ description: 'The language of the proceedings it is translated into.' }),
    status: z.string().meta({ description: 'The translation task’s status (`TranslationStatus`), or `FAILED`.' }),
    dueAt: dateTimeString,
    approvedAt: dateTimeString.optional(),
    rounds: z.number().int().optional(),
    late: z.boolean().optional(),
  })
  .meta({ id: 'TranslationDetourStatus' });

const petitionAnswerRecord = z.object({
  result: petitionResultSchema,
  text: z.string(),
  responderName: z.string(),
  by: iinString,
  at: dateTimeString,
  late: z.boolean(),
  grantedDocumentIds: z.array(z.string()).optional(),
});

export const petitionDetailsSchema = petitionListItemSchema
  .omit({ materialCount: true })
  .extend({
    answer: petitionAnswerRecord.nullable(),
    translation: detourStatusSchema.nullable(),
    materials: z.array(submissionMaterialSchema),
    history: z.array(submissionEventSchema),
    deadlines: z.array(deadlineRecord),
  })
  .meta({
    id: 'PetitionDetails',
    description: `A petition live from its workflow.\n\n| result | kk | ru | en |\n|---|---|---|---|\n${labelsTable(PETITION_RESULT_LABELS)}`,
  });

/** The petition as its workflow holds it (`PetitionState`). */
export const petitionStateSchema = z
  .object({
    petitionId: z.uuid(),
    erdrNumber: registerNumber,
    status: petitionStatusSchema,
    statusLabel: localisedText,
    resultLabel: localisedText,
    submittedAt: dateTimeString,
    bodyCode: bodyCodeString,
    officialIin: iinString,
    accessRequest: z.boolean(),
    language: z.enum(SUBMISSION_LANGUAGES),
    answer: petitionAnswerRecord.optional(),
    materials: z.array(submissionMaterialSchema),
    translation: detourStatusSchema.optional(),
    history: z.array(submissionEventSchema),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'PetitionState' });

export const petitionAnswerRequestSchema = petitionAnswerSchema.meta({ id: 'PetitionAnswer', description: 'The official’s answer (000 §4.6).' });

/** A petition or complaint in the officials' queue, the soonest deadline first. */
export const submissionQueueItemSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['petition', 'complaint']),
    erdrNumber: registerNumber,
    status: z.string(),
    body: bodyRefSchema,
    addressedToMe: z.boolean(),
    submittedAt: dateTimeString,
    dueAt: dateTimeString,
    timeLeftMs: z.number().int().meta({ description: 'Negative when overdue.' }),
    overdue: z.boolean(),
  })
  .meta({ id: 'SubmissionQueueItem' });
