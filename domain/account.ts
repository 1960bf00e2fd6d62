// An official's account lifecycle (002 P2, digest §3.2): after an approved registration the account
// waits for the signed user agreement at the first login (p.17, p.19), is then active, and is
// blocked at once — by the body's responsible official or the Committee operator with a reason
// (p.12, p.14, p.16, p.45), or by itself after more than two months without a login (A-6 §3 duty 1)
// — and unblocked by the operator. One long-lived workflow per official, `account-<pseudonym>`,
// keeps the absence timer. The contract of workflows/account.ts, activities/account.ts and
// api/account.ts; deterministic and free of I/O.
import { z } from 'zod';
import { dateTimeString, localisedText, sha256Hex } from './contract';
import { DEADLINE_RULES } from './deadlines';
import type { LocalisedText } from './notification-templates';

/**
 * One workflow per official. The id carries the keyed pseudonym of the IIN (platform/search-pseudonyms.ts),
 * not the IIN: workflow ids are indexed in clear text.
 */
export const accountWorkflowId = (pseudonym: string) => `account-${pseudonym}`;

export const ACCOUNT_STATUSES = ['ACTIVE', 'BLOCKED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, LocalisedText> = {
  ACTIVE: { kk: 'Белсенді', ru: 'Активна', en: 'Active' },
  BLOCKED: { kk: 'Бұғатталған', ru: 'Заблокирована', en: 'Blocked' },
};

/**
 * Who blocked: the body's responsible official (p.12, p.16), the operator (p.14, p.45), the absence
 * rule (A-6 §3), or a blocking access application (A-5 «Бұғаттау», workflows/account-application.ts).
 */
export type BlockSource = 'RESPONSIBLE_OFFICIAL' | 'OPERATOR' | 'ABSENCE' | 'APPLICATION';

export interface BlockEvent {
  kind: 'BLOCKED' | 'UNBLOCKED';
  source: BlockSource | 'OPERATOR';
  reason: string;
  /** IIN of the person who acted; 'system' for the absence rule. */
  by: string;
  at: string;
}

export interface AccountWorkflowInput {
  iin: string;
  /** The body the official serves (for the deadline notices); '' when none. */
  bodyCode: string;
  /** Already blocked in the register when the workflow starts (by an access application), with the reason. */
  blocked?: { reason: string; at: string };
  /** Carried across continue-as-new. */
  restored?: AccountState;
}

export interface AccountState {
  status: AccountStatus;
  /** The last login (or unblocking): the absence clock runs from here. */
  lastSeenAt: string;
  /** When the absence rule blocks the account if no login comes first; absent while blocked. */
  absenceBlockAt?: string;
  events: BlockEvent[];
}

export interface BlockRequest {
  reason: string;
  by: string;
  source: 'RESPONSIBLE_OFFICIAL' | 'OPERATOR';
}

export interface UnblockRequest {
  reason: string;
  by: string;
}

/**
 * A-6 §3 duty 1: an official absent for more than two months has their account blocked. Two months
 * are counted as the policy row's 62 days, longer than any two consecutive calendar months, so no
 * one is blocked before two full months have passed.
 */
export const absenceBlockAtMs = (lastSeenMs: number) => lastSeenMs + DEADLINE_RULES['account.absence'].limitMs;

// PostgreSQL text cannot hold NUL, and no reason needs a control character.
const PLAIN_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** POST /accounts/{iin}/block and /unblock: the reason is mandatory (A-5 «Бұғаттау себебі»). */
export const blockBody = z.object({ reason: z.string().trim().min(5).max(2000).regex(PLAIN_TEXT, 'control characters are not allowed') }).strict();
export const unblockBody = blockBody;

/** A signed document sent as an attached CMS (base64), the content inside it. */
export const signedBody = z
  .object({
    signature: z
      .string()
      .min(16, 'base64 CMS expected')
      .max(200_000)
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected'),
  })
  .strict();

// ── The user agreement ──────────────────────────────────────────────────────────────────

/** The version of the text the official signs; the signed content names it and the text's SHA-256. */
export const AGREEMENT_VERSION = '002-A6-2015';

/** The A-6 agreement, in short (digest §5.2): subject, duties, sanctions, the operator's rights. */
export const AGREEMENT_TEXT: LocalisedText = {
  kk: [
    'ЖҮЙЕНІ ПАЙДАЛАНУ ҚҰҚЫҚТАРЫ ТУРАЛЫ КЕЛІСІМ',
    '1. Пайдаланушы Жүйеге тек ҰКО ЭЦҚ арқылы кіреді және сұрауларды тек өз іс жүргізуіндегі істер мен материалдар шегінде, қызметтік мақсатта жібереді.',
    '2. Пайдаланушы: 2 айдан астам жұмыста болмаған жағдайда есепке алу жазбасын бұғаттауды сұрайды; алынған ақпараттың құпиялылығын сақтайды; Жүйені заңды бұзу үшін пайдаланбайды; Интернетке қосылған компьютерден пайдаланбайды; ЭЦҚ құралдарын басқа тұлғаларға бермейді.',
    '3. Бұзушылық үшін: қолжетімділікті уақытша тоқтату немесе толық жабу, есепке алу жазбасын жою, заңға сәйкес жауапкершілік.',
    '4. Оператор дұрыс емес, толық емес немесе өзекті емес деректер бойынша тіркемеуге және қызметтік емес мақсатта алынған ақпарат үшін қолжетімділікті бұғаттауға құқылы.',
    'V — Келісіммен таныстым және келісемін.',
  ].join('\n'),
  ru: [
    'СОГЛАШЕНИЕ О ПРАВАХ ИСПОЛЬЗОВАНИЯ СИСТЕМЫ',
    '1. Пользователь входит в Систему только по ЭЦП НУЦ и направляет запросы только в служебных целях, в пределах дел и материалов своего производства.',
    '2. Пользователь: при отсутствии на работе более 2 месяцев просит заблокировать учётную запись; сохраняет конфиденциальность полученной информации; не использует Систему для нарушения закона; не работает с компьютера, подключённого к Интернету; не передаёт средства ЭЦП другим лицам.',
    '3. За нарушение: временное приостановление или полное закрытие доступа, удаление учётной записи, ответственность по закону.',
    '4. Оператор вправе не регистрировать по неверным, неполным или неактуальным данным и блокировать доступ за информацию, полученную в неслужебных целях.',
    'V — С соглашением ознакомлен и согласен.',
  ].join('\n'),
  en: [
    'AGREEMENT ON THE RIGHTS TO USE THE SYSTEM',
    '1. The user logs in only with an NCA EDS and sends queries only for official purposes, within the cases and materials of their own proceedings.',
    '2. The user: asks for the account to be blocked when absent from work for more than 2 months; keeps the information obtained confidential; does not use the System to break the law; does not use it from a computer connected to the Internet; does not hand the EDS tools to anyone.',
    '3. For a breach: temporary suspension or full closure of access, deletion of the account, liability under the law.',
    '4. The operator may refuse registration on inaccurate, incomplete or outdated data, and block access for information obtained for non-official purposes.',
    'V — I have read the agreement and agree.',
  ].join('\n'),
};

/**
 * What the official signs (attached CMS, UTF-8 JSON): the agreement's version and the SHA-256 of
 * its three texts joined (api/account.ts agreementTextSha256), their own IIN, and the tick.
 */
export const agreementContent = z
  .object({
    document: z.literal('user-agreement'),
    version: z.string().max(64),
    textSha256: z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256'),
    iin: z.string().regex(/^\d{12}$/),
    accepted: z.literal(true),
  })
  .strict();
export type AgreementContent = z.infer<typeof agreementContent>;

/**
 * 002 p.17, p.19: until the agreement is signed an official reaches only logging in and out, the
 * agreement itself, the dictionaries, and their own access applications (under /api/v1).
 */
export const AGREEMENT_GATE_EXEMPT = [
  /^\/auth(\/|$)/,
  /^\/account\/agreement$/,
  /^\/dictionaries(\/|$)/,
  /^\/system\/links$/,
  /^\/openapi\.json$/,
  /^\/account-applications(\/|$)/,
];

// ── The operator's reasoned refusal (002 p.14) ────────────────────────────────────────────────

/** What the refusing operator signs (attached CMS, UTF-8 JSON): the application and the reasons. */
export const refusalContent = z
  .object({
    document: z.literal('access-application-refusal'),
    applicationId: z.uuid(),
    reason: z.string().trim().min(5).max(2000).regex(PLAIN_TEXT, 'control characters are not allowed'),
  })
  .strict();
export type RefusalContent = z.infer<typeof refusalContent>;

/** The verified signature a refusal carries into the application's record. */
export interface SignedRefusal {
  contentSha256: string;
  signerIin: string;
  signedAt: string;
}

// ── Errors ────────────────────────────────────────────────────────────────────────────────────

export const ACCOUNT_ERRORS = {
  AGREEMENT_REQUIRED: {
    status: 428,
    message: {
      kk: 'Жүйені пайдалану үшін алдымен пайдаланушы келісіміне ЭЦҚ-мен қол қойыңыз (GET /api/v1/account/agreement).',
      ru: 'Чтобы пользоваться Системой, сначала подпишите соглашение пользователя ЭЦП (GET /api/v1/account/agreement).',
      en: 'Sign the user agreement with your EDS before using the System (GET /api/v1/account/agreement).',
    },
  },
  ACCOUNT_BLOCKED: {
    status: 403,
    message: {
      kk: 'Есепке алу жазбасы бұғатталған; бұғаттауды Комитет операторы ғана алып тастай алады.',
      ru: 'Учётная запись заблокирована; снять блокировку может только оператор Комитета.',
      en: 'The account is blocked; only the Committee operator can lift the block.',
    },
  },
  NOT_AN_OFFICIAL: {
    status: 409,
    message: {
      kk: 'Келісімге Жүйеде рөлі бар лауазымды тұлға ғана қол қояды.',
      ru: 'Соглашение подписывает только должностное лицо, имеющее роль в Системе.',
      en: 'Only an official holding a role in the System signs the agreement.',
    },
  },
  AGREEMENT_MISMATCH: {
    status: 422,
    message: {
      kk: 'Қол қойылған мазмұн келісімнің қазіргі мәтініне немесе сіздің ЖСН-ға сәйкес келмейді.',
      ru: 'Подписанное содержимое не соответствует текущему тексту соглашения или вашему ИИН.',
      en: 'The signed content does not match the current agreement text or your IIN.',
    },
  },
  ALREADY_BLOCKED: {
    status: 409,
    message: { kk: 'Есепке алу жазбасы бұғатталған.', ru: 'Учётная запись уже заблокирована.', en: 'The account is already blocked.' },
  },
  NOT_BLOCKED: {
    status: 409,
    message: { kk: 'Есепке алу жазбасы бұғатталмаған.', ru: 'Учётная запись не заблокирована.', en: 'The account is not blocked.' },
  },
  REFUSAL_MISMATCH: {
    status: 422,
    message: {
      kk: 'Қол қойылған бас тарту басқа өтінімге қатысты.',
      ru: 'Подписанный отказ относится к другой заявке.',
      en: 'The signed refusal is about another application.',
    },
  },
} satisfies Record<string, { status: number; message: LocalisedText }>;
export type AccountErrorCode = keyof typeof ACCOUNT_ERRORS;

// ── Responses (api/account.ts; the OpenAPI document and the response checks of the tests use them) ──

export const blockEventSchema = z
  .object({
    kind: z.enum(['BLOCKED', 'UNBLOCKED']),
    source: z.enum(['RESPONSIBLE_OFFICIAL', 'OPERATOR', 'ABSENCE', 'APPLICATION']),
    reason: z.string(),
    by: z.string().meta({ description: 'IIN of whoever acted; `system` for the absence rule, `application` for a blocking access application.' }),
    at: dateTimeString,
  })
  .meta({ id: 'AccountBlockEvent' });

export const accountStateView = z
  .object({
    status: z.enum(ACCOUNT_STATUSES),
    lastSeenAt: dateTimeString.meta({ description: 'The last login or unblocking: the absence clock runs from here.' }),
    absenceBlockAt: dateTimeString
      .nullable()
      .meta({ description: 'When the absence rule blocks the account if no login comes first (A-6 §3); null while blocked.' }),
    events: z.array(blockEventSchema),
  })
  .meta({ id: 'AccountState' });

export const agreementView = z
  .object({
    version: z.string(),
    text: localisedText,
    textSha256: sha256Hex,
    toSign: agreementContent.meta({ description: 'Sign exactly this JSON (UTF-8), attached, with the signing key.' }),
    signedAt: dateTimeString.nullable(),
  })
  .meta({ id: 'UserAgreement' });

export const agreementSignedView = z.object({ version: z.string(), signedAt: dateTimeString }).meta({ id: 'UserAgreementSigned' });
