// The archive certificate (архивтік анықтама, архивная справка; seed 004, Regulation A): the contract
// every layer shares — the workflow id, the signed request and its rules, the provider's steps, the
// state the workflow keeps, the status labels in kk/ru/en. Deterministic and free of I/O (the
// workflow imports it).
//
// Two intake channels (A-p.1): the eGov portal, where the recipient signs the request with their
// own EDS (A-p.8.2), and the State Corporation «Азаматтарға арналған үкімет», where its operator
// enters the recipient, the individuals database confirms them and the operator signs (A-p.8.1).
// The result is on paper (A-p.2): a certificate and/or copies of archive documents, or a reply that
// nothing was found, recommending other archives (A-p.7.4); it goes to the State Corporation for
// collection (A-p.5.6, A-p.9).
import { z } from 'zod';
import { DAY, type DeadlineRecord } from './deadlines';
import { inThreeLanguages, type LocalisedText } from './notification-templates';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, localisedText, sha256Hex } from './contract';

/** One workflow per request, its id from the request's id (itself derived from the Idempotency-Key). */
export const archiveCertificateWorkflowId = (id: string) => `archive-certificate-${id}`;

export const STATE_SERVICE_CHANNELS = ['PORTAL', 'STATE_CORPORATION'] as const;
export type StateServiceChannel = (typeof STATE_SERVICE_CHANNELS)[number];

/**
 * The Standard's term for the whole service (Order No. 95 of 27 July 2015, outside the seed; digest
 * §7.1): kept here as one value and carried in each request's input, so changing it never alters a
 * running request. Dispatch is due a day before it (A-p.5.6).
 */
export const ARCHIVE_SERVICE_TERM_MS = 15 * DAY;

/** 004 A-p.10: an uncollected result is kept 6 months, then destroyed. */
export const UNCOLLECTED_RESULT_RETENTION_MONTHS = 6;
/** 004 A-p.11: the submitted documents are kept 2 years, then destroyed. */
export const SUBMITTED_DOCUMENTS_RETENTION_MONTHS = 24;

/** Adds calendar months in UTC (a month later on the same day, or the month's last day). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

export const ARCHIVE_REQUESTED = ['CERTIFICATE', 'COPIES', 'CERTIFICATE_AND_COPIES'] as const;
export const ARCHIVE_OUTCOMES = [...ARCHIVE_REQUESTED, 'NO_INFORMATION'] as const;
export type ArchiveOutcome = (typeof ARCHIVE_OUTCOMES)[number];

export const ARCHIVE_OUTCOME_LABELS: Record<ArchiveOutcome, LocalisedText> = {
  CERTIFICATE: { kk: 'Архивтік анықтама', ru: 'Архивная справка', en: 'Archive certificate' },
  COPIES: { kk: 'Архивтік құжаттардың көшірмелері', ru: 'Копии архивных документов', en: 'Copies of archive documents' },
  CERTIFICATE_AND_COPIES: {
    kk: 'Архивтік анықтама және құжаттардың көшірмелері',
    ru: 'Архивная справка и копии документов',
    en: 'Archive certificate and copies',
  },
  NO_INFORMATION: { kk: 'Мәліметтің жоқтығы туралы жауап', ru: 'Ответ об отсутствии сведений', en: 'Reply: no information found' },
};

/** 004 A-p.7.4: where a «no information» reply sends the recipient when the executor names none. */
export const OTHER_ARCHIVES_DEFAULT: LocalisedText = {
  kk: 'Қазақстан Республикасы Ұлттық архиві; облыстардың мемлекеттік архивтері; ІІМ ведомстволық архиві',
  ru: 'Национальный архив Республики Казахстан; государственные архивы областей; ведомственный архив МВД',
  en: 'National Archive of the Republic of Kazakhstan; regional state archives; departmental archive of the Ministry of Internal Affairs',
};

const IIN = z.string().regex(/^\d{12}$/, '12 digits');
const text = (min: number, max: number) => z.string().trim().min(min, `at least ${min} characters`).max(max);

/**
 * The UTF-8 JSON signed with the signing key (the CMS's encapsulated content): by the recipient on
 * the portal, by the operator at the State Corporation. The list of documents itself is the
 * Standard's (p.9, outside the seed); what is asked for is described in `subject`.
 */
export const signedArchiveRequest = z
  .object({
    /** Whom the certificate is about (the recipient, A-p.8.2: "regarding himself"). */
    recipientIin: IIN,
    recipientName: text(3, 200),
    /** The Committee's territorial administration whose archive is asked (6-digit body code). */
    bodyCode: z.string().regex(/^\d{6}$/, '6-digit body code'),
    requested: z.enum(ARCHIVE_REQUESTED),
    subject: text(10, 4000),
    /** The years the records are sought in, as the recipient writes them. */
    period: text(1, 100).optional(),
    /** The language of the result (the paper is Kazakh and Russian side by side; this comes first). */
    language: z.enum(['kk', 'ru']),
    /** 004 A-p.9: the State Corporation branch where the result is collected. */
    collectionBranch: text(3, 300),
    /** 004 §5.1: a representative acting under a power of attorney (State Corporation only). */
    representative: z
      .object({ iin: IIN, name: text(3, 200), powerOfAttorney: text(3, 200) })
      .strict()
      .optional(),
  })
  .strict();
export type SignedArchiveRequest = z.infer<typeof signedArchiveRequest>;

/** The request body of both channels: the attached CMS over the JSON above, base64. */
export const archiveRequestSubmission = z
  .object({
    signedRequest: z
      .string()
      .min(1, 'base64 CMS expected')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// The provider's steps (A-p.5, A-p.7), each by its role, each against its own deadline

export const ARCHIVE_STEPS = ['accept', 'register', 'assign', 'draft', 'sign', 'envelope', 'dispatch', 'collect'] as const;
export type ArchiveStep = (typeof ARCHIVE_STEPS)[number];

/** A number in an office register, in Latin, Kazakh or Russian letters (e.g. «АС-2026/114»). */
const REGISTER_NUMBER = /^[0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі№/. -]{1,40}$/;

export const archiveStepSchema = z.discriminatedUnion('step', [
  // A-p.7.1: the office employee accepts the package.
  z.object({ step: z.literal('accept') }).strict(),
  // A-p.5.1: registered in the provider's information system under its number.
  z
    .object({
      step: z.literal('register'),
      registrationNumber: z.string().trim().regex(REGISTER_NUMBER, 'the office register number: up to 40 letters, digits, spaces, № / . -'),
    })
    .strict(),
  // A-p.5.2: the head assigns the executor.
  z.object({ step: z.literal('assign'), executorIin: IIN }).strict(),
  // A-p.5.3, A-p.7.4: the executor searches the card indexes and drafts the result.
  z
    .object({
      step: z.literal('draft'),
      outcome: z.enum(ARCHIVE_OUTCOMES),
      findings: text(10, 4000),
      otherArchives: text(3, 1000).optional(),
      pages: z.number().int().min(0).max(500).optional(),
    })
    .strict(),
  // A-p.5.4: the head (or the authorised person) signs.
  z.object({ step: z.literal('sign') }).strict(),
  // A-p.5.5: enveloped and handed to the office.
  z.object({ step: z.literal('envelope') }).strict(),
  // A-p.5.6: sent to the State Corporation by courier under a register, or by post.
  z
    .object({
      step: z.literal('dispatch'),
      method: z.enum(['COURIER_REGISTER', 'POST']),
      dispatchNumber: z.string().trim().regex(REGISTER_NUMBER, 'up to 40 letters, digits, spaces, № / . -'),
    })
    .strict(),
  // A-p.9: the State Corporation marks that the recipient collected the result.
  z.object({ step: z.literal('collect'), collectedBy: z.enum(['RECIPIENT', 'REPRESENTATIVE']).default('RECIPIENT') }).strict(),
]);
export type ArchiveStepRequest = z.infer<typeof archiveStepSchema>;
/** What the API sends through the update: the step plus who took it. */
export type ArchiveStepInput = ArchiveStepRequest & { byIin: string; byName: string };

export const ARCHIVE_STATUSES = [
  'RECEIVED',
  'ACCEPTED',
  'REGISTERED',
  'ASSIGNED',
  'DRAFTED',
  'SIGNED',
  'ENVELOPED',
  'DISPATCHED',
  'COLLECTED',
  'RESULT_DESTROYED',
  'REJECTED',
] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

export const ARCHIVE_STATUS_LABELS: Record<ArchiveStatus, LocalisedText> = {
  RECEIVED: { kk: 'Көрсетілетін қызметті берушіге түсті', ru: 'Поступило услугодателю', en: 'Received by the provider' },
  ACCEPTED: { kk: 'Құжаттар қабылданды', ru: 'Документы приняты', en: 'Documents accepted' },
  REGISTERED: { kk: 'Тіркелді', ru: 'Зарегистрировано', en: 'Registered' },
  ASSIGNED: { kk: 'Орындаушыға берілді', ru: 'Передано исполнителю', en: 'Assigned to an executor' },
  DRAFTED: { kk: 'Жоба дайындалды', ru: 'Проект подготовлен', en: 'Drafted' },
  SIGNED: { kk: 'Басшы қол қойды', ru: 'Подписано руководителем', en: 'Signed by the head' },
  ENVELOPED: { kk: 'Кеңсеге берілді', ru: 'Передано в канцелярию', en: 'Handed to the office' },
  DISPATCHED: { kk: 'Мемлекеттік корпорацияға жіберілді', ru: 'Направлено в Госкорпорацию', en: 'Sent to the State Corporation' },
  COLLECTED: { kk: 'Алушыға берілді', ru: 'Выдано получателю', en: 'Collected' },
  RESULT_DESTROYED: { kk: 'Алынбаған нәтиже жойылды', ru: 'Невостребованный результат уничтожен', en: 'Uncollected result destroyed' },
  REJECTED: { kk: 'ЭЦҚ расталмады: қызметтен бас тартылды', ru: 'ЭЦП не подтверждена: в услуге отказано', en: 'EDS not confirmed: service refused' },
};

/** Which status each step needs before it, and which it leads to. */
export const ARCHIVE_STEP_FLOW: Record<ArchiveStep, { from: ArchiveStatus; to: ArchiveStatus }> = {
  accept: { from: 'RECEIVED', to: 'ACCEPTED' },
  register: { from: 'ACCEPTED', to: 'REGISTERED' },
  assign: { from: 'REGISTERED', to: 'ASSIGNED' },
  draft: { from: 'ASSIGNED', to: 'DRAFTED' },
  sign: { from: 'DRAFTED', to: 'SIGNED' },
  envelope: { from: 'SIGNED', to: 'ENVELOPED' },
  dispatch: { from: 'ENVELOPED', to: 'DISPATCHED' },
  collect: { from: 'DISPATCHED', to: 'COLLECTED' },
};

/** A step taken out of its order (409), in the user's language. */
export const STEP_OUT_OF_ORDER = (step: ArchiveStep, status: ArchiveStatus): LocalisedText => ({
  kk: `«${step}» қадамы қазір мүмкін емес: өтініш «${ARCHIVE_STATUS_LABELS[status].kk}» күйінде.`,
  ru: `Шаг «${step}» сейчас невозможен: запрос в состоянии «${ARCHIVE_STATUS_LABELS[status].ru}».`,
  en: `The step "${step}" is not possible now: the request is "${ARCHIVE_STATUS_LABELS[status].en}".`,
});

// Refusals of the HTTP intake and steps (api/archive-certificate.ts), in kk/ru/en

export const IIN_NOT_REQUESTS: LocalisedText = {
  kk: 'Сұраудағы ЖСН мен ЭЦҚ тіркеу куәлігіндегі ЖСН сәйкес келмейді: қызметтен бас тартылды.',
  ru: 'ИИН в запросе не совпадает с ИИН в регистрационном свидетельстве ЭЦП: в услуге отказано.',
  en: 'The IIN in the request does not match the IIN of the EDS certificate: the service is refused.',
};

/** 004 A-p.8.1 process 4: the recipient (or representative) is not in the State Database of Individuals. */
export const PERSON_NOT_IN_REGISTER: LocalisedText = {
  kk: 'Алушының (өкілдің) деректері «Жеке тұлғалар» МДБ-да жоқ: деректерді алу мүмкін емес.',
  ru: 'Данные получателя (представителя) отсутствуют в ГБД «Физические лица»: получить данные невозможно.',
  en: 'The recipient (or representative) is not in the State Database of Individuals: the data cannot be obtained.',
};

export const INDIVIDUALS_UNAVAILABLE: LocalisedText = {
  kk: '«Жеке тұлғалар» МДБ жауап бермейді; сәлден соң қайталаңыз.',
  ru: 'ГБД «Физические лица» не отвечает; повторите чуть позже.',
  en: 'The State Database of Individuals does not answer; try again shortly.',
};

export const NO_RESULT: LocalisedText = {
  kk: 'Нәтиже әлі дайын емес немесе сақтау мерзімі өткен соң жойылған.',
  ru: 'Результат ещё не готов или уничтожен по истечении срока хранения.',
  en: 'There is no result yet, or it was destroyed when its retention ended.',
};

export const NOT_STAFF: LocalisedText = {
  kk: 'Орындаушы осы органның қызметкері болуы керек.',
  ru: 'Исполнитель должен быть сотрудником этого органа.',
  en: 'The executor must be an official of this body.',
};

export const CLOSED: LocalisedText = {
  kk: 'Өтініш жабылған.',
  ru: 'Запрос закрыт.',
  en: 'The request is closed.',
};

export const REPRESENTATIVE_AT_STATE_CORPORATION: LocalisedText = {
  kk: 'Сенімхат бойынша өкіл Мемлекеттік корпорация арқылы жүгінеді.',
  ru: 'Представитель по доверенности обращается через Госкорпорацию.',
  en: 'A representative under a power of attorney applies through the State Corporation.',
};

export const UNKNOWN_BODY: LocalisedText = {
  kk: 'Мұндай кодпен орган жоқ.',
  ru: 'Органа с таким кодом нет.',
  en: 'There is no body with this code.',
};

// ---------------------------------------------------------------------------------------------
// The workflow's contract

export interface ArchiveCertificateInput {
  requestId: string;
  channel: StateServiceChannel;
  receivedAt: string;
  /** The Standard's term as it stood when the request came in (ARCHIVE_SERVICE_TERM_MS). */
  serviceDueAt: string;
  request: SignedArchiveRequest;
  /** Who signed: the recipient (portal) or the State Corporation operator. */
  submittedByIin: string;
}

export interface ArchiveEvent {
  at: string;
  what: string;
  by?: string;
  source: string;
  note?: string;
}

export interface ArchiveDraft {
  outcome: ArchiveOutcome;
  findings: string;
  otherArchives?: string;
  pages?: number;
}

export interface ArchiveCertificateState {
  requestId: string;
  channel: StateServiceChannel;
  status: ArchiveStatus;
  statusLabel: LocalisedText;
  bodyCode: string;
  receivedAt: string;
  serviceDueAt: string;
  registrationNumber?: string;
  executorIin?: string;
  draft?: ArchiveDraft;
  signedBy?: { iin: string; name: string; at: string };
  /** The result PDF (kk/ru) in the file store. */
  result?: { sha256: string; outcome: ArchiveOutcome; at: string };
  dispatch?: { method: 'COURIER_REGISTER' | 'POST'; dispatchNumber: string; at: string };
  collectedAt?: string;
  resultDestroyedAt?: string;
  documentsDestroyedAt?: string;
  rejection?: { reasons: { code: string; message: string }[] };
  history: ArchiveEvent[];
  deadlines: DeadlineRecord[];
}

/** The deadline keys of one request: one per step (A-p.5, A-p.7). */
export const ARCHIVE_DEADLINE_KEYS = {
  accept: 'archive.accept',
  register: 'archive.register',
  assign: 'archive.assign',
  draft: 'archive.draft',
  sign: 'archive.sign',
  envelope: 'archive.envelope',
  dispatch: 'archive.dispatch',
} as const;

// ---------------------------------------------------------------------------------------------
// Notices to the recipient (and the officials), each in the reader's language

const L = inThreeLanguages;

export const ARCHIVE_NOTICES = {
  accepted: (id: string, due: string) => ({
    title: L('Архивтік анықтамаға өтініш қабылданды', 'Запрос на архивную справку принят', 'Archive certificate request received'),
    text: L(
      `Өтініш ${id} Комитетке түсті. Нәтиже ${due} дейін Мемлекеттік корпорацияға жіберіледі.`,
      `Запрос ${id} поступил в Комитет. Результат будет направлен в Госкорпорацию до ${due}.`,
      `Request ${id} reached the Committee. The result will be sent to the State Corporation by ${due}.`,
    ),
  }),
  rejected: () => ({
    title: L('Қызметтен бас тартылды: ЭЦҚ расталмады', 'Отказ в услуге: ЭЦП не подтверждена', 'Service refused: EDS not confirmed'),
    text: L(
      'ЭЦҚ тіркеу куәлігінің жарамдылық мерзімі өткен, ол кері қайтарылған немесе ЖСН сәйкес келмейді (004 A-8.2).',
      'Срок действия регистрационного свидетельства ЭЦП истёк, оно отозвано или ИИН не совпадает (004 А-8.2).',
      'The EDS certificate has expired, is revoked, or its IIN does not match (004 A-p.8.2).',
    ),
  }),
  dispatched: (branch: string) => ({
    title: L('Архивтік анықтама дайын', 'Архивная справка готова', 'Your archive certificate is ready'),
    text: L(
      `Нәтиже Мемлекеттік корпорацияға жіберілді: ${branch}. Оны 6 ай ішінде алыңыз.`,
      `Результат направлен в Госкорпорацию: ${branch}. Получите его в течение 6 месяцев.`,
      `The result was sent to the State Corporation: ${branch}. Collect it within 6 months.`,
    ),
  }),
};

// ---------------------------------------------------------------------------------------------
// HTTP contract (api/archive-certificate.ts; the submission and acceptance are shared with
// api/offence-information.ts): the bodies and every response, as the document shows them

export const archiveStatusSchema = labelledEnum(
  'ArchiveStatus',
  ARCHIVE_STATUSES,
  ARCHIVE_STATUS_LABELS,
  'Where an archive certificate request stands (004 Regulation A).',
);
export const stateServiceChannelSchema = z
  .enum(STATE_SERVICE_CHANNELS)
  .meta({ id: 'StateServiceChannel', description: 'The eGov portal, or the State Corporation «Азаматтарға арналған үкімет» (A-p.1).' });

/** The signed request as the document shows it (a component: it travels inside the CMS). */
export const signedArchiveRequestComponent = signedArchiveRequest.meta({
  id: 'SignedArchiveRequest',
  unusedIO: 'input',
  description:
    'The archive certificate request as signed (004 A-p.8): the recipient, the body whose archive is asked, what is asked, the State Corporation branch of collection; ' +
    'a representative under a power of attorney only at the State Corporation.',
});

/** The body of a state-service submission: the attached CMS, its content named by `contentSchema`. */
export const stateServiceSubmissionSchema = (signedContentId: string) =>
  archiveRequestSubmission.extend({
    signedRequest: archiveRequestSubmission.shape.signedRequest.meta({
      contentEncoding: 'base64',
      contentMediaType: 'application/pkcs7-mime',
      contentSchema: { $ref: `#/components/schemas/${signedContentId}` },
      description: `Attached CMS (signing key) over the UTF-8 JSON of \`${signedContentId}\`, base64.`,
    }),
  });

export const archiveRequestSubmissionSchema = stateServiceSubmissionSchema('SignedArchiveRequest').meta({ id: 'ArchiveRequestSubmission' });

/** The 202 of a state-service submission (the same answer for a retry with the same key). */
export const stateServiceAcceptedSchema = z
  .object({
    id: z.uuid(),
    status: z.string().meta({ description: 'The status of the request now (`RECEIVED` on first acceptance).' }),
    receivedAt: dateTimeString,
    dueAt: dateTimeString.meta({ description: 'The service term.' }),
    channel: stateServiceChannelSchema.optional().meta({ description: 'Archive certificates only.' }),
  })
  .meta({ id: 'StateServiceAccepted' });

export const archiveRequestItemSchema = z
  .object({
    id: z.uuid(),
    channel: stateServiceChannelSchema,
    bodyCode: bodyCodeString,
    status: archiveStatusSchema,
    statusLabel: localisedText.nullable(),
    receivedAt: dateTimeString,
    dueAt: dateTimeString,
    completedAt: dateTimeString.nullable(),
    hasResult: z.boolean().meta({ description: 'The result PDF is there to download.' }),
  })
  .meta({ id: 'ArchiveRequestItem' });

const archiveOutcomeSchema = z.enum(ARCHIVE_OUTCOMES);
const refusalReasons = z.object({ reasons: z.array(z.object({ code: z.string(), message: z.string() })) });

/** The request as its workflow holds it (`ArchiveCertificateState`). */
export const archiveRequestStateSchema = z
  .object({
    requestId: z.uuid(),
    channel: stateServiceChannelSchema,
    status: archiveStatusSchema,
    statusLabel: localisedText,
    bodyCode: bodyCodeString,
    receivedAt: dateTimeString,
    serviceDueAt: dateTimeString,
    registrationNumber: z.string().optional(),
    executorIin: iinString.optional(),
    draft: z
      .object({ outcome: archiveOutcomeSchema, findings: z.string(), otherArchives: z.string().optional(), pages: z.number().int().optional() })
      .optional(),
    signedBy: z.object({ iin: iinString, name: z.string(), at: dateTimeString }).optional(),
    result: z.object({ sha256: sha256Hex, outcome: archiveOutcomeSchema, at: dateTimeString }).optional(),
    dispatch: z.object({ method: z.enum(['COURIER_REGISTER', 'POST']), dispatchNumber: z.string(), at: dateTimeString }).optional(),
    collectedAt: dateTimeString.optional(),
    resultDestroyedAt: dateTimeString.optional(),
    documentsDestroyedAt: dateTimeString.optional(),
    rejection: refusalReasons.optional(),
    history: z.array(z.object({ at: dateTimeString, what: z.string(), by: z.string().optional(), source: z.string(), note: z.string().optional() })),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'ArchiveRequestState', description: 'The request as its workflow holds it: steps taken, every step’s deadline, the result, the retention.' });

export const archiveRequestDetailsSchema = archiveRequestItemSchema
  .extend({ state: archiveRequestStateSchema.optional().meta({ description: 'Absent in the moment before its workflow starts.' }) })
  .meta({ id: 'ArchiveRequestDetails' });

export const archiveStepRequestSchema = archiveStepSchema.meta({ id: 'ArchiveStep', description: 'One step of the provider (004 A-p.5, A-p.7, A-p.9).' });
