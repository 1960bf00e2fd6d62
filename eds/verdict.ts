// The verdict of a signature or login check: plain JSON, stable machine codes, and the wording
// people see (kk/ru/en) kept apart from the technical message.
import type { CertificateSummary } from './certificate';
import type { CertificateIdentity } from './identity';
import type { RevocationStatus } from './revocation';

export type Purpose = 'sign' | 'auth';

export const REASON_CODES = [
  'MALFORMED',
  'SIGNATURE_INVALID',
  'CONTENT_MISMATCH',
  'SIGNER_CERTIFICATE_MISSING',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'UNTRUSTED_CHAIN',
  'CHAIN_INCOMPLETE',
  'WRONG_KEY_PURPOSE',
  'ALGORITHM_NOT_SUPPORTED',
  'REVOCATION_UNAVAILABLE',
  'TIMESTAMP_INVALID',
  'IIN_INVALID',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface VerdictReason {
  code: ReasonCode;
  message: string;
  /** Index of the signer the reason is about, when it is about one. */
  signer?: number;
}

export interface SignerVerdict {
  identity: CertificateIdentity | null;
  certificate: CertificateSummary | null;
  /** Subjects from the signer's certificate up to the root. */
  chain: string[];
  signingTime?: string;
  /** 'timestamp' when an RFC 3161 token vouches for the time, 'signed_attribute' when only the signer claims it. */
  signingTimeSource?: 'timestamp' | 'signed_attribute';
  revocation: RevocationStatus;
}

export interface Verdict {
  valid: boolean;
  purpose: Purpose;
  signers: SignerVerdict[];
  contentSha256: string | null;
  reasons: VerdictReason[];
  checkedAt: string;
  /**
   * The content carried inside an attached signature, as read while verifying (so that a caller
   * need not parse the CMS again); absent for a detached one. Not part of the journalled verdict.
   */
  signedContent?: Uint8Array;
}

/** What a citizen or official is told, per reason, in Kazakh, Russian and English. */
export const REASON_TEXT: Record<ReasonCode, { kk: string; ru: string; en: string }> = {
  MALFORMED: { kk: 'Қолтаңба оқылмады.', ru: 'Подпись не удалось прочитать.', en: 'The signature could not be read.' },
  SIGNATURE_INVALID: { kk: 'Қолтаңба жарамсыз.', ru: 'Подпись недействительна.', en: 'The signature is not valid.' },
  CONTENT_MISMATCH: {
    kk: 'Құжат қол қойылғаннан кейін өзгертілген.',
    ru: 'Документ изменён после подписания.',
    en: 'The document was changed after it was signed.',
  },
  SIGNER_CERTIFICATE_MISSING: { kk: 'Қол қоюшының сертификаты жоқ.', ru: 'Нет сертификата подписавшего.', en: "The signer's certificate is missing." },
  CERT_EXPIRED: { kk: 'Сертификаттың мерзімі өткен.', ru: 'Срок действия сертификата истёк.', en: 'The certificate has expired.' },
  CERT_NOT_YET_VALID: { kk: 'Сертификат әлі күшіне енбеген.', ru: 'Сертификат ещё не действует.', en: 'The certificate is not yet valid.' },
  CERT_REVOKED: { kk: 'Сертификат кері қайтарылған.', ru: 'Сертификат отозван.', en: 'The certificate has been revoked.' },
  UNTRUSTED_CHAIN: {
    kk: 'Сертификатты сенімді куәландырушы орталық бермеген.',
    ru: 'Сертификат выдан недоверенным удостоверяющим центром.',
    en: 'The certificate was not issued by a trusted certification authority.',
  },
  CHAIN_INCOMPLETE: { kk: 'Сертификаттар тізбегі толық емес.', ru: 'Цепочка сертификатов неполна.', en: 'The certificate chain is incomplete.' },
  WRONG_KEY_PURPOSE: {
    kk: 'Бұл кілт осы әрекетке арналмаған (аутентификация және қол қою кілттері бөлек).',
    ru: 'Ключ не предназначен для этого действия (ключи для входа и для подписи разные).',
    en: 'This key is not meant for this action (login and signing keys are separate).',
  },
  ALGORITHM_NOT_SUPPORTED: {
    kk: 'Бұл алгоритм (мысалы, ГОСТ) қолдау көрсетілмейді; RSA кілтін пайдаланыңыз.',
    ru: 'Этот алгоритм (например, ГОСТ) не поддерживается; используйте ключ RSA.',
    en: 'This algorithm (e.g. GOST) is not supported; please use an RSA key.',
  },
  REVOCATION_UNAVAILABLE: {
    kk: 'Сертификаттың күйін тексеру мүмкін болмады.',
    ru: 'Не удалось проверить статус сертификата.',
    en: 'The certificate status could not be checked.',
  },
  TIMESTAMP_INVALID: { kk: 'Уақыт белгісі жарамсыз.', ru: 'Метка времени недействительна.', en: 'The timestamp is not valid.' },
  IIN_INVALID: { kk: 'Сертификаттағы ЖСН дұрыс емес.', ru: 'ИИН в сертификате неверен.', en: 'The IIN in the certificate is not valid.' },
};
