// The user profile («Пайдаланушы профилі», 000 §6 [M:611-639]): after the first login the Public
// Sector asks for the mandatory fields before anything else (the mobile phone, the e-mail and the
// language of messages); the rest comes from the EDS certificate (name, IIN) and the State
// Database of Individuals (birth date, registered address). Phone, mobile, SMS opt-in; update,
// cancel (nothing is saved until «САҚТАУ»), save. A changed mobile counts only once the SMS code
// sent to it from 1414 comes back. Deterministic and free of I/O: the contract of api/profile.ts,
// workflows/profile.ts and activities/profile.ts.
import { z } from 'zod';
import { LOCALES, type LocalisedText } from './notification-templates';
import { dateTimeString, iinString, localisedText } from './contract';

export const profileMobileWorkflowId = (iin: string) => `profile-${iin}`;
export const profilePrefillWorkflowId = (iin: string) => `profile-prefill-${iin}`;

/** A mobile code is good for 5 minutes and 5 tries; then a new one must be asked for. */
export const MOBILE_CODE_TTL_MS = 5 * 60_000;
export const MOBILE_CODE_MAX_ATTEMPTS = 5;
export const MOBILE_CODE_DIGITS = 6;

/** Strips what people type between digits and brings 8… / 7… / 10 digits to +7…. */
function e164Kz(input: string): string {
  const digits = input.replace(/[\s()\-.]/g, '');
  if (/^\+7\d{10}$/.test(digits)) return digits;
  if (/^[78]\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
  if (/^\d{10}$/.test(digits)) return `+7${digits}`;
  return digits;
}

/** Kazakhstan mobile numbers (+7 70X…, 747, 77X), as the SMS gateway takes them (adapters/sms.ts KZ_MOBILE_E164). */
export const KZ_MOBILE = /^\+77(0\d|47|7\d)\d{7}$/;
/** A fixed line: +7 and a 10-digit number with an area code (7XX for Kazakhstan). */
export const KZ_PHONE = /^\+77\d{9}$/;

export const PHONE_MESSAGES = {
  mobile: {
    kk: 'Ұялы телефон нөмірі +7 7XX XXX XX XX түрінде болуы керек',
    ru: 'Номер мобильного телефона должен быть в виде +7 7XX XXX XX XX',
    en: 'The mobile number must look like +7 7XX XXX XX XX',
  },
  phone: {
    kk: 'Телефон нөмірі +7 7XX XXX XX XX түрінде болуы керек',
    ru: 'Номер телефона должен быть в виде +7 7XX XXX XX XX',
    en: 'The phone number must look like +7 7XX XXX XX XX',
  },
  email: { kk: 'Электрондық пошта мекенжайы дұрыс емес', ru: 'Неверный адрес электронной почты', en: 'The e-mail address is not valid' },
} satisfies Record<string, LocalisedText>;

const mobile = z.string().max(40).transform(e164Kz).pipe(z.string().regex(KZ_MOBILE, PHONE_MESSAGES.mobile.en));
const phone = z.string().max(40).transform(e164Kz).pipe(z.string().regex(KZ_PHONE, PHONE_MESSAGES.phone.en));

/** «САҚТАУ» (save): the mandatory fields, and the optional ones (null clears the phone). */
export const saveProfileBody = z
  .object({
    mobile,
    email: z.email(PHONE_MESSAGES.email.en).max(254),
    locale: z.enum(LOCALES),
    phone: phone.nullable().optional(),
    smsOptIn: z.boolean().optional(),
  })
  .strict();
export type SaveProfileRequest = z.infer<typeof saveProfileBody>;

export const confirmMobileBody = z.object({ code: z.string().regex(/^\d{6}$/, 'the 6-digit code from the SMS expected') }).strict();

/** Where the profile stands. */
export const PROFILE_STATUSES = ['INCOMPLETE', 'COMPLETE', 'MOBILE_PENDING'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];
export const PROFILE_STATUS_LABELS: Record<ProfileStatus, LocalisedText> = {
  INCOMPLETE: { kk: 'Міндетті өрістерді толтырыңыз', ru: 'Заполните обязательные поля', en: 'Fill in the mandatory fields' },
  COMPLETE: { kk: 'Профиль сақталды', ru: 'Профиль сохранён', en: 'Profile saved' },
  MOBILE_PENDING: {
    kk: 'Жаңа ұялы нөмір SMS кодымен расталуды күтуде',
    ru: 'Новый мобильный номер ожидает подтверждения SMS-кодом',
    en: 'The new mobile number awaits its SMS code',
  },
};

/** What became of a code entered (activities/profile.ts decides, the workflow and the API tell). */
export const MOBILE_CODE_OUTCOMES = ['CONFIRMED', 'WRONG_CODE', 'EXPIRED', 'TOO_MANY_ATTEMPTS', 'NO_PENDING_CHANGE'] as const;
export type MobileCodeOutcome = (typeof MOBILE_CODE_OUTCOMES)[number];

export const PROFILE_ERRORS = {
  PROFILE_REQUIRED: {
    status: 428,
    message: {
      kk: 'Жалғастыру үшін профильдің міндетті өрістерін толтырыңыз: ұялы телефон, электрондық пошта, хабарлама тілі.',
      ru: 'Чтобы продолжить, заполните обязательные поля профиля: мобильный телефон, электронная почта, язык сообщений.',
      en: 'Fill in the mandatory fields of your profile first: mobile phone, e-mail, language of messages.',
    },
  },
  WRONG_CODE: {
    status: 400,
    message: { kk: 'Код дұрыс емес.', ru: 'Неверный код.', en: 'The code is wrong.' },
  },
  // Refused by the state of the change (409), not rate limiting: 429 belongs to api/abuse.ts.
  EXPIRED: {
    status: 409,
    message: {
      kk: 'Кодтың мерзімі өтті; нөмірді қайта сақтап, жаңа код алыңыз.',
      ru: 'Срок действия кода истёк; сохраните номер снова, чтобы получить новый код.',
      en: 'The code has expired; save the number again to get a new one.',
    },
  },
  TOO_MANY_ATTEMPTS: {
    status: 409,
    message: {
      kk: 'Қате код тым көп рет енгізілді; нөмірді қайта сақтап, жаңа код алыңыз.',
      ru: 'Слишком много неверных попыток; сохраните номер снова, чтобы получить новый код.',
      en: 'Too many wrong codes; save the number again to get a new one.',
    },
  },
  NO_PENDING_CHANGE: {
    status: 409,
    message: {
      kk: 'Расталатын жаңа ұялы нөмір жоқ.',
      ru: 'Нет нового мобильного номера, ожидающего подтверждения.',
      en: 'No new mobile number awaits confirmation.',
    },
  },
} satisfies Record<string, { status: number; message: LocalisedText }>;
export type ProfileErrorCode = keyof typeof PROFILE_ERRORS;

/** The SMS that carries the code, in the person's language (sent from 1414). */
export const mobileCodeSms = (code: string, locale: 'kk' | 'ru' | 'en') =>
  ({
    kk: `ERDR: ұялы нөміріңізді растау коды ${code}. Код 5 минут жарамды. Ешкімге бермеңіз.`,
    ru: `ERDR: код подтверждения мобильного номера ${code}. Код действует 5 минут. Никому его не сообщайте.`,
    en: `ERDR: your mobile confirmation code is ${code}. It is valid for 5 minutes. Do not share it.`,
  })[locale];

/**
 * 000 §6 decides who is asked first: the users of the Public Sector. Officials are registered by
 * the Committee operator on an access application (002 p.13–14) that carries their details, and
 * work in the back office, not the cabinet: the gate does not stop them.
 */
export const profileGateApplies = (user: { roles: readonly string[] }) => user.roles.every((r) => r === 'participant');

/**
 * What stays open before the profile is saved (under /api/v1): logging in and out, the profile
 * itself, and the dictionaries its form and the login page use. Health and the OpenAPI document
 * are outside the gate altogether.
 */
export const PROFILE_GATE_EXEMPT = [
  /^\/auth(\/|$)/,
  /^\/profile(\/|$)/,
  /^\/dictionaries(\/|$)/,
  /^\/system\/links$/,
  /^\/openapi\.json$/,
  // 002 p.13: a future official files their own access application before holding any role; the
  // back office's access process is not a Public Sector service.
  /^\/account-applications(\/|$)/,
];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// HTTP contract (api/profile.ts): the profile as its owner reads it

export const profileViewSchema = z
  .object({
    iin: iinString,
    fullName: z.string(),
    birthDate: z.string().nullable(),
    address: z.string().nullable(),
    mobile: z
      .string()
      .regex(/^\+77\d{9}$/)
      .nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    smsOptIn: z.boolean(),
    locale: z.enum(LOCALES),
    status: z.enum(PROFILE_STATUSES),
    statusLabel: localisedText,
    pendingMobile: z.object({ mobile: z.string(), expiresAt: dateTimeString }).nullable(),
    savedAt: dateTimeString.nullable(),
    register: z.enum(['asked', 'unavailable']).optional(),
  })
  .meta({ id: 'Profile' });
