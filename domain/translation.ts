// The translation task («аударма тапсырмасы»; 000 §3.7–3.8 = digest §4.7–4.8 and §5; 001 ¶7; CPC
// art. 30): the contract every layer shares — the workflow id, what the official sends, what the
// translator signs, the review, the state the workflow keeps, the statuses in kk/ru/en and the
// notices. Deterministic and free of I/O (the workflow imports it).
//
// The seed shows two statuses, «Жұмыста» (in work) and «Келісілді» (approved), and the date a
// translation was "sent for checking"; it leaves the return path open (digest §11.23). Here a
// returned translation goes back to «Жұмыста» with the reviewer's reason, and every round stays in
// the history.
import { z } from 'zod';
import type { DeadlineRecord } from './deadlines';
import { inThreeLanguages, type LocalisedText } from './notification-templates';
import {
  attachmentList,
  bodyRefSchema,
  erdrNumberField,
  signedSubmissionField,
  submissionEventSchema,
  type AttachmentRef,
  type MaterialItem,
  type PetitionEvent,
} from './petition';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, localisedText, registerNumber, sha256Hex } from './contract';
export { TRANSLATION_NOTICES } from './translation/notices';

/** One workflow per task: `translation-<id>`. */
export const translationWorkflowId = (id: string) => `translation-${id}`;

/**
 * 000 §4.7 step 7 [M:532]: the language the document was translated into. The seed lists no values
 * (digest §11.21); these are the languages the Public Sector itself speaks (CPC art. 30: Kazakh, with
 * Russian used officially alongside it).
 */
export const TRANSLATION_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

/** The languages a case may be conducted in (CPC art. 30 part 1). */
export const PROCEEDINGS_LANGUAGES = ['kk', 'ru'] as const;
export type ProceedingsLanguage = (typeof PROCEEDINGS_LANGUAGES)[number];

export const LANGUAGE_LABELS: Record<TranslationLanguage, LocalisedText> = {
  kk: { kk: 'Қазақ тілі', ru: 'Казахский язык', en: 'Kazakh' },
  ru: { kk: 'Орыс тілі', ru: 'Русский язык', en: 'Russian' },
  en: { kk: 'Ағылшын тілі', ru: 'Английский язык', en: 'English' },
};

/** 000 §4.7 step 1 [M:498]: «Пікірлер» is mandatory; the minimum is missing from the seed (digest §11.5), so ours. */
export const TRANSLATION_COMMENT_MIN = 10;
export const TRANSLATION_COMMENT_MAX = 2000;
/** The due date an official may set: at least an hour ahead, at most 30 days (the seed gives no term). */
export const DUE_MIN_AHEAD_MS = 60 * 60 * 1000;
export const DUE_MAX_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Where the task stands: «Жұмыста» → sent for checking → «Келісілді»; a return goes back to «Жұмыста». */
export const TRANSLATION_STATUSES = ['IN_WORK', 'SENT_FOR_REVIEW', 'AGREED'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

export const TRANSLATION_STATUS_LABELS: Record<TranslationStatus, LocalisedText> = {
  IN_WORK: { kk: 'Жұмыста', ru: 'В работе', en: 'In work' },
  SENT_FOR_REVIEW: { kk: 'Тексеруге жіберілді', ru: 'Направлено на проверку', en: 'Sent for review' },
  AGREED: { kk: 'Келісілді', ru: 'Согласовано', en: 'Approved' },
};

/** What is to be translated: a document of the case (000 §5 step 1), or a petition or complaint (001 ¶7). */
export type TranslationSource =
  { kind: 'case_document'; documentId: string; sha256: string; title: string } | { kind: 'petition' | 'complaint'; submissionId: string; title: string };

const iin = z.string().regex(/^\d{12}$/, 'a 12-digit IIN');

/** The official sends a case document to a translator of the case, with a due date (000 §5 step 1). */
export const sendForTranslationSchema = z
  .object({
    erdrNumber: erdrNumberField,
    documentId: z.string().regex(/^d\d{1,6}$/, 'a case document id such as d4'),
    translatorIin: iin,
    targetLanguage: z.enum(TRANSLATION_LANGUAGES).optional(),
    dueAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time' }),
    comment: z.string().trim().max(TRANSLATION_COMMENT_MAX).optional(),
  })
  .strict();
export type SendForTranslationRequest = z.infer<typeof sendForTranslationSchema>;

/** The due date lies at least an hour and at most 30 days ahead of `nowMs`; the message, or undefined. */
export function dueDateProblem(dueAt: string, nowMs: number): string | undefined {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return 'an ISO 8601 date and time';
  if (due < nowMs + DUE_MIN_AHEAD_MS) return 'at least one hour ahead';
  if (due > nowMs + DUE_MAX_AHEAD_MS) return 'at most 30 days ahead';
  return undefined;
}

/**
 * The UTF-8 JSON the translator signs with the signing key (000 §4.7 steps 1–8): the task, the
 * comment, the language translated into, the translated files (uploads, each signed, ≤ 10 MB).
 */
export const signedTranslationContent = z
  .object({
    taskId: z.uuid(),
    comment: z.string().trim().min(TRANSLATION_COMMENT_MIN, `at least ${TRANSLATION_COMMENT_MIN} characters`).max(TRANSLATION_COMMENT_MAX),
    language: z.enum(TRANSLATION_LANGUAGES),
    files: attachmentList.refine((files) => files.length > 0, 'at least one translated file'),
  })
  .strict();
export type SignedTranslationContent = z.infer<typeof signedTranslationContent>;

export const translationSubmission = z
  .object({
    signedTranslation: z
      .string()
      .min(1, 'base64 CMS expected')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected'),
  })
  .strict();

/** The review (000 §5 step 4): approve («Келісілді»), or return with the reason and, if wished, a new due date. */
export const translationReviewSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('APPROVE') }).strict(),
  z
    .object({
      decision: z.literal('RETURN'),
      reason: z.string().trim().min(10, 'at least 10 characters').max(TRANSLATION_COMMENT_MAX),
      dueAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time' }).optional(),
    })
    .strict(),
]);
export type TranslationReviewRequest = z.infer<typeof translationReviewSchema>;

// ---------------------------------------------------------------------------------------------
// The workflow's contract

export interface TranslationInput {
  taskId: string;
  erdrNumber: string;
  /** «Орган, принявший решение»: the body conducting the case, whose official sent the task. */
  bodyCode: string;
  /** «Жолдаушы»: the official who sent it and reviews the translation. */
  senderIin: string;
  translatorIin: string;
  source: TranslationSource;
  /** The language wanted, when the official named one (the detour asks for the language of proceedings). */
  targetLanguage?: TranslationLanguage;
  sentAt: string;
  dueAt: string;
  comment?: string;
  /** The petition or complaint that needs it (001 ¶7), when the task is its child. */
  parentWorkflowId?: string;
}

/** What the translator sends through the update (the API adds who). */
export interface TranslationSubmissionInput {
  comment: string;
  language: TranslationLanguage;
  files: AttachmentRef[];
  translatorIin: string;
  /** The SHA-256 of the signed CMS kept in translation_submission. */
  signedSha256: string;
}

export interface TranslationReviewInput {
  decision: 'APPROVE' | 'RETURN';
  reason?: string;
  dueAt?: string;
  officialIin: string;
}

export interface TranslationRound {
  n: number;
  /** «Тексеруге жіберілген күні» (000 §4.8): sent for checking. */
  submittedAt: string;
  comment: string;
  language: TranslationLanguage;
  signedSha256: string;
  late: boolean;
  materials: MaterialItem[];
  review?: { decision: 'APPROVE' | 'RETURN'; reason?: string; by: string; at: string };
}

export interface TranslationState {
  taskId: string;
  erdrNumber: string;
  bodyCode: string;
  senderIin: string;
  translatorIin: string;
  source: TranslationSource;
  targetLanguage?: TranslationLanguage;
  status: TranslationStatus;
  statusLabel: LocalisedText;
  sentAt: string;
  /** The due date of the round in work (a return may set a new one). */
  dueAt: string;
  rounds: TranslationRound[];
  /** The case documents the approved translation became (001 ¶7). */
  caseDocuments?: { title: string; sha256: string }[];
  approvedAt?: string;
  parentWorkflowId?: string;
  history: PetitionEvent[];
  deadlines: DeadlineRecord[];
}

/** The deadline record of round `n`: each round has its own due date. */
export const translationDeadlineKey = (n: number) => `translation.submission:${n}`;

/** Told to a petition or complaint by its translation child when the translation is approved. */
export interface TranslationOutcome {
  taskId: string;
  approvedAt: string;
  language: TranslationLanguage;
  rounds: number;
  late: boolean;
}

// ---------------------------------------------------------------------------------------------
// Refusals of the review and the submission (the workflow's validators and the API give the same)

const L = inThreeLanguages;

export const TRANSLATION_REFUSALS = {
  NOT_IN_WORK: L(
    'Тапсырма «Жұмыста» күйінде емес: аударма жіберілген немесе келісілген.',
    'Задание не в работе: перевод уже направлен или согласован.',
    'The task is not in work: the translation was already sent or approved.',
  ),
  NOTHING_TO_REVIEW: L('Тексерілетін аударма жоқ.', 'Нет перевода, ожидающего проверки.', 'There is no translation awaiting review.'),
  NOT_THE_TRANSLATOR: L(
    'Бұл тапсырма басқа аудармашыға берілген.',
    'Это задание поручено другому переводчику.',
    'This task is assigned to another translator.',
  ),
  TRANSLATOR_NOT_PARTICIPANT: L(
    'Аудармашы бұл іске расталған қатысушы емес.',
    'Переводчик не является подтверждённым участником этого дела.',
    'The translator is not a confirmed participant of this case.',
  ),
  NOT_THE_REVIEWER: L(
    'Аударманы тапсырманы жіберген лауазымды тұлға немесе оның басшысы тексереді.',
    'Перевод проверяет направившее задание должностное лицо или его руководитель.',
    'The translation is reviewed by the official who sent the task, or their head.',
  ),
  NO_SUCH_DOCUMENT: L('Істе мұндай құжат жоқ.', 'В деле нет такого документа.', 'The case has no such document.'),
  NOT_OF_THE_CASE: L(
    'Аударуға істі жүргізуші тұлға, оның басшысы немесе қадағалаушы прокурор жібереді.',
    'На перевод направляет лицо, ведущее дело, его руководитель или надзирающий прокурор.',
    'Documents are sent for translation by the official conducting the case, their head, or the supervising prosecutor.',
  ),
  TRANSLATION_PENDING: L(
    'Өтініш іс жүргізу тілінде емес: аударма келісілгенге дейін шешім қабылданбайды (001 ¶7).',
    'Обращение подано не на языке производства: решение принимается после согласования перевода (001 ¶7).',
    'The submission is not in the language of proceedings: it is decided once its translation is approved (001 ¶7).',
  ),
};

/** The title of a petition or complaint as the document to translate (001 ¶7). */
export const SUBMISSION_SOURCE_TITLE: Record<'petition' | 'complaint', LocalisedText> = {
  petition: L('Өтінішхат', 'Ходатайство', 'Petition'),
  complaint: L('Шағым', 'Жалоба', 'Complaint'),
};

/** The task's row (the inbox's projection) as it starts, written by the API or by the workflow of a child task. */
export function translationTaskRow(input: TranslationInput, idempotencyKey: string) {
  const source = input.source;
  return {
    id: input.taskId,
    idempotencyKey,
    erdrNumber: input.erdrNumber,
    bodyCode: input.bodyCode,
    senderIin: input.senderIin,
    translatorIin: input.translatorIin,
    sourceKind: source.kind,
    sourceRef: source.kind === 'case_document' ? source.documentId : source.submissionId,
    sourceSha256: source.kind === 'case_document' ? source.sha256 : null,
    documentName: source.title,
    targetLanguage: input.targetLanguage ?? null,
    parentWorkflowId: input.parentWorkflowId ?? null,
    status: 'IN_WORK' satisfies TranslationStatus,
    dueAt: new Date(input.dueAt),
    sentAt: new Date(input.sentAt),
  };
}

// ---------------------------------------------------------------------------------------------
// 001 ¶7: a petition or complaint written in another language than the proceedings' is translated

/** What the API gives a petition or complaint that needs translating. */
export interface TranslationDetour {
  proceedingsLanguage: ProceedingsLanguage;
  /** A confirmed translator of the case; absent when the case has none yet (noted, not translated here). */
  translatorIin?: string;
  /** Who reviews the translation: the official the submission is addressed to. */
  reviewerIin: string;
}

/** The translation as the petition or complaint shows it in its status. */
export interface DetourStatus {
  taskId: string;
  workflowId: string;
  language: ProceedingsLanguage;
  status: TranslationStatus | 'FAILED';
  dueAt: string;
  approvedAt?: string;
  rounds?: number;
  late?: boolean;
}

/**
 * 001 ¶7, CPC art. 30: the detour a submission in `language` needs on this case, or undefined when
 * it is in the language of proceedings (or the case has not stated one).
 */
export function translationDetourFor(
  c: { language?: ProceedingsLanguage; participants: { iin: string; role: string; confirmedAt?: string }[] },
  language: string,
  reviewerIin: string,
): TranslationDetour | undefined {
  if (!c.language || c.language === language) return undefined;
  const translator = c.participants.find((p) => p.role === 'translator' && p.confirmedAt);
  return { proceedingsLanguage: c.language, translatorIin: translator?.iin, reviewerIin };
}

// ---------------------------------------------------------------------------------------------
// HTTP contract (api/translation.ts): the bodies and every response, as the document shows them

export const translationStatusSchema = labelledEnum(
  'TranslationStatus',
  TRANSLATION_STATUSES,
  TRANSLATION_STATUS_LABELS,
  'Where a translation task stands (000 §4.7–4.8).',
);
const language = z.enum(TRANSLATION_LANGUAGES);
/** A title as the case holds it: one text, or kk/ru/en. */
const title = z.union([z.string(), localisedText]);

// What the official sends (000 §5 step 1): the case, its document, the translator (a confirmed participant), the language wanted, the due date.
export const sendForTranslationRequestSchema = sendForTranslationSchema.meta({
  id: 'SendForTranslation',
  description: 'What the official sends (000 §5 step 1).',
});
export const signedTranslationContentComponent = signedTranslationContent.meta({
  id: 'SignedTranslationContent',
  unusedIO: 'input',
  description: 'The translation as the translator signs it (000 §4.7): the task, the comment («Пікірлер», mandatory), the language translated into, the files.',
});
export const translationSubmissionSchema = z
  .object({ signedTranslation: signedSubmissionField('SignedTranslationContent') })
  .strict()
  .meta({ id: 'TranslationSubmission' });
export const translationReviewRequestSchema = translationReviewSchema.meta({ id: 'TranslationReview', description: 'The review (000 §5 step 4).' });

export const translationMaterialSchema = z
  .object({
    round: z.number().int(),
    name: z.string(),
    sha256: sha256Hex,
    mediaType: z.string(),
    size: z.number().int(),
    kind: z.string(),
    addedAt: dateTimeString,
  })
  .meta({ id: 'TranslationMaterial', description: 'A file of a round: the DOCX and its PDF.' });

/** The columns of the inbox, the completed list and the queue (000 §4.7, §4.8). */
const taskColumns = {
  id: z.uuid(),
  erdrNumber: registerNumber,
  sender: z.object({ name: z.string().nullable() }).meta({ description: '«Жолдаушы»: the official who sent the task.' }),
  sentAt: dateTimeString,
  decidingBody: bodyRefSchema,
  documentName: z.string(),
  sourceKind: z.enum(['case_document', 'petition', 'complaint']),
  targetLanguage: language.nullable(),
  status: translationStatusSchema,
  statusLabel: localisedText.nullable(),
  dueAt: dateTimeString,
  overdue: z.boolean(),
  returnReason: z.string().nullable(),
  language: language.nullable().meta({ description: 'The language translated into, once sent.' }),
  submittedForReviewAt: dateTimeString.nullable(),
  approvedAt: dateTimeString.nullable(),
};

export const translationTaskItemSchema = z
  .object({
    ...taskColumns,
    rounds: z.number().int().meta({ description: 'Rounds sent so far.' }),
    materials: z.array(translationMaterialSchema).optional().meta({ description: 'In the completed list: the files to download.' }),
  })
  .meta({ id: 'TranslationTaskItem' });

export const translationQueueItemSchema = translationTaskItemSchema
  .extend({
    translator: z.object({ name: z.string().nullable() }),
    sentByMe: z.boolean(),
    awaitingMyReview: z.boolean(),
    timeLeftMs: z.number().int().meta({ description: 'Negative when overdue.' }),
  })
  .meta({ id: 'TranslationQueueItem' });

const roundSchema = z.object({
  n: z.number().int(),
  submittedAt: dateTimeString,
  comment: z.string(),
  language,
  signedSha256: sha256Hex,
  late: z.boolean(),
  materials: z.array(translationMaterialSchema.omit({ round: true })),
  review: z.object({ decision: z.enum(['APPROVE', 'RETURN']), reason: z.string().optional(), by: iinString, at: dateTimeString }).optional(),
});
const caseDocuments = z.array(z.object({ title, sha256: sha256Hex })).meta({ description: 'The case documents the approved translation became (001 ¶7).' });

export const translationDetailsSchema = z
  .object({
    ...taskColumns,
    rounds: z.array(roundSchema),
    caseDocuments,
    materials: z.array(translationMaterialSchema),
    history: z.array(submissionEventSchema),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'TranslationTaskDetails', description: 'A task live from its workflow: every round with its review, the files, the history and the due dates.' });

/** The task as its workflow holds it (`TranslationState`). */
export const translationStateSchema = z
  .object({
    taskId: z.uuid(),
    erdrNumber: registerNumber,
    bodyCode: bodyCodeString,
    senderIin: iinString,
    translatorIin: iinString,
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('case_document'), documentId: z.string(), sha256: sha256Hex, title }),
      z.object({ kind: z.enum(['petition', 'complaint']), submissionId: z.uuid(), title }),
    ]),
    targetLanguage: language.optional(),
    status: translationStatusSchema,
    statusLabel: localisedText,
    sentAt: dateTimeString,
    dueAt: dateTimeString,
    rounds: z.array(roundSchema),
    caseDocuments: caseDocuments.optional(),
    approvedAt: dateTimeString.optional(),
    parentWorkflowId: z.string().optional(),
    history: z.array(submissionEventSchema),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'TranslationState' });
