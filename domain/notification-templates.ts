// What citizens are told, and how: the texts of the notices every process sends (001 ¶24: the
// personal cabinet, e-mail, SMS from 1414, a paper letter). One template per kind, each in
// Kazakh, Russian and English, in the formal register ("Сіз", «Вы»).
// Deterministic and free of I/O: workflows may import it, and the same input always gives the
// same text, so a retried activity sends exactly what the first attempt would have sent.
// Notices cross the Temporal boundary as plain data, so each kind's data is checked here too.
import { z } from 'zod';
import { bodyByCode, findBody } from './dictionaries';
import { REPORT_STATUSES, REPORT_STATUS_LABELS } from './report';

export const LOCALES = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

/** A text in the three languages, in the order kk, ru, en. */
export const inThreeLanguages = (kk: string, ru: string, en: string): LocalisedText => ({ kk, ru, en });

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language a stored setting names, Kazakh when it names none we serve. */
export function localeOrKazakh(value: unknown): Locale {
  return isLocale(value) ? value : 'kk';
}

const localised = z.object({ kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) });
/** A text given once for every language (e.g. an official's own words) or per language. */
const anyLocaleText = z.union([z.string().min(1), localised]);
export type TextInAnyLocale = z.infer<typeof anyLocaleText>;

const talon = z.string().min(1);

/** The data of each kind of notice. Extra fields are ignored. */
const DATA = {
  // To the applicant: the report was received and got its talon (000 §3.4).
  'report.accepted': z.object({ talon, bodyId: z.string().min(1) }),
  // To the applicant: the report moved on (registered, transferred, attached to a case, refused).
  'report.status': z.object({
    talon,
    status: z.enum(REPORT_STATUSES),
    kuiNumber: z.string().min(1).nullish(),
    erdrNumber: z.string().min(1).nullish(),
    /** The official's reasons for a refusal, a transfer or an attachment, as written. */
    reason: z.string().nullish(),
    /** The body the report went to on a transfer (id, or its 6-digit code). */
    toBodyId: z.string().min(1).nullish(),
  }),
  // To the applicant: the report could not be accepted (signature or content invalid).
  'report.rejected': z.object({ talon: talon.optional(), reasons: z.array(anyLocaleText).default([]) }),
  // Anything else a process needs to say, written by that process.
  message: z.object({ title: anyLocaleText, text: anyLocaleText, sms: anyLocaleText.optional() }),
};

export type NotificationKind = keyof typeof DATA;
export const NOTIFICATION_KINDS = Object.keys(DATA) as NotificationKind[];
/** The data each kind of notice takes. */
export type NotificationData = { [K in NotificationKind]: z.input<(typeof DATA)[K]> };
type Parsed<K extends NotificationKind> = z.output<(typeof DATA)[K]>;

export interface RenderedNotification {
  /** The e-mail subject and the heading in the cabinet list. */
  title: string;
  /** The e-mail body and the text in the cabinet list. */
  text: string;
  /** At most SMS_MAX_LENGTH characters; no personal data beyond the talon. */
  sms: string;
}

/** The kind is unknown or its data does not fit: the notice cannot be written. */
/**
 * The failure type of a notice refused for good on a channel (a bounced address, a number that
 * cannot take SMS): the cabinet entry stands, and callers go on (workflows/notices.ts).
 */
export const NOTICE_REFUSED = 'NOTICE_REFUSED';

export class NotificationDataError extends Error {
  override readonly name = 'NotificationDataError';
}

/**
 * Kazakh and Russian letters put an SMS into UCS-2 (70 characters a part), so one part is out of
 * reach anyway; 140 characters keep a notice within two parts.
 */
export const SMS_MAX_LENGTH = 140;

/** Appended to e-mails: the sender address takes no replies. */
export const EMAIL_FOOTER: LocalisedText = {
  kk: 'Бұл хабарлама автоматты түрде жіберілді, оған жауап берудің қажеті жоқ. Барлық хабарламалар жеке кабинетіңізде сақталады.',
  ru: 'Это сообщение отправлено автоматически, отвечать на него не нужно. Все уведомления сохраняются в Вашем личном кабинете.',
  en: 'This message was sent automatically; please do not reply to it. All notices are kept in your personal account.',
};

const CABINET_POINTER: LocalisedText = {
  kk: 'Толығырақ: жеке кабинетте.',
  ru: 'Подробнее — в личном кабинете.',
  en: 'Details in your personal account.',
};

export function renderNotification<K extends NotificationKind>(kind: K, data: NotificationData[K], locale: Locale): RenderedNotification;
export function renderNotification(kind: string, data: unknown, locale: Locale): RenderedNotification;
export function renderNotification(kind: string, data: unknown, locale: Locale): RenderedNotification {
  if (!Object.hasOwn(DATA, kind)) throw new NotificationDataError(`no notification template for kind "${kind}"`);
  const k = kind as NotificationKind;
  const parsed = DATA[k].safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(data)'}: ${i.message}`).join('; ');
    throw new NotificationDataError(`invalid data for a "${kind}" notice: ${problems}`);
  }
  const out = (TEMPLATES[k] as Template<NotificationKind>)(parsed.data as never, localeOrKazakh(locale));
  return { title: out.title, text: out.text, sms: clip(out.sms, SMS_MAX_LENGTH) };
}

type Template<K extends NotificationKind> = (data: Parsed<K>, locale: Locale) => RenderedNotification;

const TEMPLATES: { [K in NotificationKind]: Template<K> } = {
  'report.accepted': ({ talon, bodyId }, l) => {
    const body = bodyName(bodyId, l);
    return pick(l, {
      kk: {
        title: `Арыз қабылданды — талон № ${talon}`,
        text: paragraphs(
          'Құрметті арыз беруші!',
          `Сіздің қылмыстық құқық бұзушылық туралы арызыңыз қабылданды. Талон нөмірі: ${talon}.`,
          `Арызды қарайтын орган: ${body}.`,
          'Арыздың ақпаратты есепке алу кітабында (АЕК) тіркелгені туралы Сізге қосымша хабарланады.',
          'Арыздың қаралу барысын жеке кабинетте бақылай аласыз.',
        ),
        sms: `Арызыңыз қабылданды, талон № ${talon}. ${CABINET_POINTER.kk}`,
      },
      ru: {
        title: `Заявление принято — талон № ${talon}`,
        text: paragraphs(
          'Уважаемый заявитель!',
          `Ваше заявление об уголовном правонарушении принято. Номер талона: ${talon}.`,
          `Орган, рассматривающий заявление: ${body}.`,
          'О регистрации заявления в книге учёта информации (КУИ) Вам будет сообщено дополнительно.',
          'Ход рассмотрения заявления можно отслеживать в личном кабинете.',
        ),
        sms: `Ваше заявление принято, талон № ${talon}. ${CABINET_POINTER.ru}`,
      },
      en: {
        title: `Report accepted — talon No. ${talon}`,
        text: paragraphs(
          'Dear applicant,',
          `Your report of a criminal offence has been accepted. Talon number: ${talon}.`,
          `Body examining the report: ${body}.`,
          'You will be notified separately when the report is registered in the KUI book (book of records of information).',
          'You can follow the progress of the report in your personal account.',
        ),
        sms: `Your report has been accepted, talon No. ${talon}. ${CABINET_POINTER.en}`,
      },
    });
  },

  'report.status': ({ talon, status, kuiNumber, erdrNumber, reason, toBodyId }, l) => {
    const label = REPORT_STATUS_LABELS[status][l];
    const target = toBodyId ? bodyName(toBodyId, l) : undefined;
    const grounds = reason?.trim() || undefined;
    // A refusal can be appealed through the public sector (000 §3.10); say so where it matters.
    const refused = status === 'REFUSED';
    return pick(l, {
      kk: {
        title: `Арыз № ${talon}: ${label}`,
        text: paragraphs(
          'Құрметті арыз беруші!',
          `Талон № ${talon} арызыңыздың мәртебесі өзгерді: ${label}.`,
          kuiNumber && `АЕК нөмірі: ${kuiNumber}.`,
          erdrNumber && `СДТБТ нөмірі: ${erdrNumber}.`,
          target && `Арыз жіберілген орган: ${target}.`,
          grounds && `Негіздеме: ${grounds}`,
          refused && 'Бұл шешімге жеке кабинет арқылы шағым беруге құқығыңыз бар.',
          CABINET_POINTER.kk,
        ),
        sms: `Арыз № ${talon}: ${label}. ${CABINET_POINTER.kk}`,
      },
      ru: {
        title: `Заявление № ${talon}: ${label}`,
        text: paragraphs(
          'Уважаемый заявитель!',
          `Статус Вашего заявления (талон № ${talon}) изменён: ${label}.`,
          kuiNumber && `Номер КУИ: ${kuiNumber}.`,
          erdrNumber && `Номер ЕРДР: ${erdrNumber}.`,
          target && `Орган, которому передано заявление: ${target}.`,
          grounds && `Основание: ${grounds}`,
          refused && 'Вы вправе обжаловать это решение через личный кабинет.',
          CABINET_POINTER.ru,
        ),
        sms: `Заявление № ${talon}: ${label}. ${CABINET_POINTER.ru}`,
      },
      en: {
        title: `Report No. ${talon}: ${label}`,
        text: paragraphs(
          'Dear applicant,',
          `The status of your report (talon No. ${talon}) has changed: ${label}.`,
          kuiNumber && `KUI number: ${kuiNumber}.`,
          erdrNumber && `ERDR number: ${erdrNumber}.`,
          target && `Transferred to: ${target}.`,
          grounds && `Grounds: ${grounds}`,
          refused && 'You have the right to appeal this decision through your personal account.',
          CABINET_POINTER.en,
        ),
        sms: `Report No. ${talon}: ${label}. ${CABINET_POINTER.en}`,
      },
    });
  },

  'report.rejected': ({ talon, reasons }, l) => {
    const list = reasons.map((r) => `— ${inLocale(r, l)}`);
    return pick(l, {
      kk: {
        title: talon ? `Арыз қабылданбады — талон № ${talon}` : 'Арыз қабылданбады',
        text: paragraphs(
          'Құрметті арыз беруші!',
          talon ? `Талон № ${talon} арызыңыз қабылданбады.` : 'Сіздің арызыңыз қабылданбады.',
          list.length > 0 && ['Себептері:', ...list].join('\n'),
          'Кемшіліктерді жойып, арызды қайта беруіңізге болады.',
        ),
        sms: `${talon ? `Талон № ${talon} арызыңыз` : 'Арызыңыз'} қабылданбады. ${CABINET_POINTER.kk}`,
      },
      ru: {
        title: talon ? `Заявление не принято — талон № ${talon}` : 'Заявление не принято',
        text: paragraphs(
          'Уважаемый заявитель!',
          talon ? `Ваше заявление (талон № ${talon}) не принято.` : 'Ваше заявление не принято.',
          list.length > 0 && ['Причины:', ...list].join('\n'),
          'Вы можете устранить недостатки и подать заявление повторно.',
        ),
        sms: `${talon ? `Заявление (талон № ${talon})` : 'Ваше заявление'} не принято. ${CABINET_POINTER.ru}`,
      },
      en: {
        title: talon ? `Report not accepted — talon No. ${talon}` : 'Report not accepted',
        text: paragraphs(
          'Dear applicant,',
          talon ? `Your report (talon No. ${talon}) could not be accepted.` : 'Your report could not be accepted.',
          list.length > 0 && ['Reasons:', ...list].join('\n'),
          'You may correct the shortcomings and submit the report again.',
        ),
        sms: `${talon ? `Your report (talon No. ${talon})` : 'Your report'} was not accepted. ${CABINET_POINTER.en}`,
      },
    });
  },

  message: ({ title, text, sms }, l) => {
    const t = inLocale(title, l);
    return { title: t, text: inLocale(text, l), sms: sms !== undefined ? inLocale(sms, l) : `${t}. ${CABINET_POINTER[l]}` };
  },
};

function pick(locale: Locale, variants: Record<Locale, RenderedNotification>): RenderedNotification {
  return variants[locale];
}

/** Paragraphs of a notice; absent ones (false, null, undefined, '') are left out. */
function paragraphs(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}

function inLocale(text: TextInAnyLocale, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

/** A body's name from the dictionary (by id or 6-digit code), or what was given when unknown. */
function bodyName(idOrCode: string, locale: Locale): string {
  return (findBody(idOrCode) ?? bodyByCode(idOrCode))?.name[locale] ?? idOrCode;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}
