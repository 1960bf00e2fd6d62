// Administrative-offence information (әкімшілік құқық бұзушылық жасағаны туралы мәлімет; seed 004,
// Regulation B): the contract every layer shares. The service is electronic and fully automatic
// (B-p.2, B-p.5): the portal request signed by the recipient is registered (5 min), its data
// verified (5 min), and the certificate made, signed with the EDS of the provider's authorised
// person and put into the recipient's personal cabinet (5 min) — 15 minutes in all, measured on
// every request. Deterministic and free of I/O (the workflow imports it).
import { z } from 'zod';
import type { DeadlineRecord } from './deadlines';
import { inThreeLanguages, type LocalisedText } from './notification-templates';
import { dateTimeString, deadlineRecord, labelledEnum, localisedText, sha256Hex } from './contract';
import { stateServiceSubmissionSchema } from './archive-certificate';

export const offenceInformationWorkflowId = (id: string) => `offence-information-${id}`;

/** B-p.5 (derived, digest §4.6): the service level the whole request is held to. */
export const OFFENCE_SERVICE_LEVEL_MS = 15 * 60 * 1000;

/** The UTF-8 JSON the recipient signs with the signing key: about themselves only (B-p.6 condition 3). */
export const signedOffenceRequest = z
  .object({
    recipientIin: z.string().regex(/^\d{12}$/, '12 digits'),
    /** The language the certificate comes first in (it carries Kazakh and Russian). */
    language: z.enum(['kk', 'ru']),
  })
  .strict();
export type SignedOffenceRequest = z.infer<typeof signedOffenceRequest>;

export const offenceRequestSubmission = z
  .object({
    signedRequest: z
      .string()
      .min(1, 'base64 CMS expected')
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected'),
  })
  .strict();

export const OFFENCE_STATUSES = ['RECEIVED', 'REGISTERED', 'VERIFIED', 'DELIVERED', 'REJECTED'] as const;
export type OffenceStatus = (typeof OFFENCE_STATUSES)[number];

export const OFFENCE_STATUS_LABELS: Record<OffenceStatus, LocalisedText> = {
  RECEIVED: { kk: 'Қабылданды', ru: 'Принято', en: 'Received' },
  REGISTERED: { kk: 'Тіркелді', ru: 'Зарегистрировано', en: 'Registered' },
  VERIFIED: { kk: 'Деректер тексерілді', ru: 'Данные проверены', en: 'Data verified' },
  DELIVERED: { kk: 'Нәтиже жеке кабинетке жіберілді', ru: 'Результат направлен в личный кабинет', en: 'Result in your personal cabinet' },
  REJECTED: { kk: 'ЭЦҚ расталмады: қызметтен бас тартылды', ru: 'ЭЦП не подтверждена: в услуге отказано', en: 'EDS not confirmed: service refused' },
};

/** The same IIN on the certificate and in the request (B-p.6 conditions 2–3), in three languages. */
export const IIN_MISMATCH: LocalisedText = {
  kk: 'Сұраудағы ЖСН мен ЭЦҚ тіркеу куәлігіндегі ЖСН сәйкес келмейді.',
  ru: 'ИИН в запросе не совпадает с ИИН в регистрационном свидетельстве ЭЦП.',
  en: 'The IIN in the request does not match the IIN of the EDS certificate.',
};

export interface OffenceInformationInput {
  requestId: string;
  receivedAt: string;
  recipient: { iin: string; name: string };
  language: 'kk' | 'ru';
}

export interface OffenceRecordView {
  article: string;
  decidedAt: string;
  bodyName: string;
  penalty: string;
}

export interface OffenceInformationState {
  requestId: string;
  status: OffenceStatus;
  statusLabel: LocalisedText;
  receivedAt: string;
  registeredAt?: string;
  verifiedAt?: string;
  deliveredAt?: string;
  /** How many offences the Committee's records hold for the recipient. */
  offenceCount?: number;
  result?: { sha256: string; signedBy: string };
  /** B-p.5: milliseconds from receipt to the result in the cabinet, and whether within 15 minutes. */
  serviceLevel?: { ms: number; met: boolean };
  rejection?: { reasons: { code: string; message: string }[] };
  deadlines: DeadlineRecord[];
}

export const OFFENCE_DEADLINE_KEYS = {
  register: 'offence.register',
  verify: 'offence.verify',
  result: 'offence.result',
  service: 'offence.service',
} as const;

const L = inThreeLanguages;

export const OFFENCE_NOTICES = {
  delivered: () => ({
    title: L(
      'Әкімшілік құқық бұзушылық туралы анықтама дайын',
      'Справка об административных правонарушениях готова',
      'Your administrative-offence certificate is ready',
    ),
    text: L(
      'Анықтамаға уәкілетті тұлғаның ЭЦҚ-сы қойылды; оны жеке кабинеттен жүктеп алыңыз.',
      'Справка подписана ЭЦП уполномоченного лица; скачайте её в личном кабинете.',
      "The certificate is signed with the authorised person's EDS; download it from your personal cabinet.",
    ),
  }),
  rejected: () => ({
    title: L('Қызметтен бас тартылды: ЭЦҚ расталмады', 'Отказ в услуге: ЭЦП не подтверждена', 'Service refused: EDS not confirmed'),
    text: L(
      'ЭЦҚ тіркеу куәлігінің жарамдылық мерзімі өткен, ол кері қайтарылған немесе ЖСН сәйкес келмейді (004 B-6).',
      'Срок действия регистрационного свидетельства ЭЦП истёк, оно отозвано или ИИН не совпадает (004 Б-6).',
      'The EDS certificate has expired, is revoked, or its IIN does not match (004 B-p.6).',
    ),
  }),
};

// ---------------------------------------------------------------------------------------------
// HTTP contract (api/offence-information.ts): the submission and every response, as the document shows them

export const offenceStatusSchema = labelledEnum(
  'OffenceInformationStatus',
  OFFENCE_STATUSES,
  OFFENCE_STATUS_LABELS,
  'Where an administrative-offence information request stands (004 Regulation B).',
);

/** The signed request as the document shows it (a component: it travels inside the CMS). */
export const signedOffenceRequestComponent = signedOffenceRequest.meta({
  id: 'SignedOffenceRequest',
  unusedIO: 'input',
  description: 'The offence-information request as the recipient signs it (004 B-p.6): about themselves.',
});

export const offenceRequestSubmissionSchema = stateServiceSubmissionSchema('SignedOffenceRequest').meta({ id: 'OffenceInformationSubmission' });

/** The request as its workflow holds it (`OffenceInformationState`). */
export const offenceInformationStateSchema = z
  .object({
    requestId: z.uuid(),
    status: offenceStatusSchema,
    statusLabel: localisedText,
    receivedAt: dateTimeString,
    registeredAt: dateTimeString.optional(),
    verifiedAt: dateTimeString.optional(),
    deliveredAt: dateTimeString.optional(),
    offenceCount: z.number().int().optional().meta({ description: 'How many offences the Committee’s records hold for the recipient.' }),
    result: z.object({ sha256: sha256Hex, signedBy: z.string() }).optional(),
    serviceLevel: z.object({ ms: z.number().int(), met: z.boolean() }).optional(),
    rejection: z.object({ reasons: z.array(z.object({ code: z.string(), message: z.string() })) }).optional(),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'OffenceInformationState' });

export const offenceInformationDetailsSchema = z
  .object({
    id: z.uuid(),
    status: offenceStatusSchema,
    statusLabel: localisedText.nullable(),
    receivedAt: dateTimeString,
    completedAt: dateTimeString.nullable(),
    serviceLevel: z
      .object({ ms: z.number().int(), limitMs: z.number().int(), met: z.boolean() })
      .nullable()
      .meta({ description: 'B-p.5: the time from request to cabinet against the 15 minutes; null until delivered.' }),
    resultSha256: sha256Hex.nullable(),
    resultSignature: z.string().nullable().meta({ contentEncoding: 'base64', description: 'Detached CMS over the PDF by the authorised person, base64.' }),
    state: offenceInformationStateSchema.nullable(),
  })
  .meta({ id: 'OffenceInformationDetails' });
