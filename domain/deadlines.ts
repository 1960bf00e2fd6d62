// The deadline policy: one table, each rule with its legal source, its limit, when to remind and
// whom to escalate to on breach. Workflows never hard-code a duration; they name a rule here and
// `workflows/deadlines.ts` turns it into a durable timer. Deterministic code only (imported by
// workflows).

export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;
export const DAY = 24 * HOUR;

/** Who is told when a deadline passes. */
export type EscalationTarget = 'prosecutor' | 'head' | 'operator' | 'official';

export interface DeadlineRule {
  /** Where the rule comes from (seed paragraph or statute). */
  source: string;
  /** Time allowed from the moment the clock starts. */
  limitMs: number;
  /** When the reminder goes out, measured from the start (omitted: no reminder). */
  remindAtMs?: number;
  /** Who is reminded before the limit. */
  remind: EscalationTarget[];
  /** Who is told on breach. */
  escalateTo: EscalationTarget[];
  title: { kk: string; ru: string; en: string };
}

export const DEADLINE_RULES = {
  // 002 p.14: the operator decides an access application within one day of receipt.
  'account.decision': {
    source: '002 p.14',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['operator'],
    escalateTo: ['head'],
    title: {
      kk: 'Өтінім бойынша шешім (бір тәулік)',
      ru: 'Решение по заявке (одни сутки)',
      en: 'Decision on an access application (one day)',
    },
  },
  // 002 A-6 §3 duty 1: an account unused for more than two months is blocked (workflows/account.ts).
  // 62 days: longer than any two consecutive calendar months.
  'account.absence': {
    source: '002 A-6 §3',
    limitMs: 62 * DAY,
    remind: [],
    escalateTo: ['head'],
    title: {
      kk: 'Жұмыста 2 айдан астам болмау: есепке алу жазбасы бұғатталады',
      ru: 'Отсутствие более 2 месяцев: учётная запись блокируется',
      en: 'Absent for more than two months: the account is blocked',
    },
  },
  // CPC (outside the seeds): a report is registered and decided immediately, within 24 hours.
  'report.decision': {
    source: 'CPC art. 181 (outside the seeds); MISSION deadline table',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['official', 'head'],
    escalateTo: ['prosecutor', 'head'],
    title: {
      kk: 'Арыз бойынша шешім (24 сағат)',
      ru: 'Решение по заявлению (24 часа)',
      en: 'Decision on a crime report (24 hours)',
    },
  },
  // CPC art. 99 (outside the seeds): a petition is decided within three days.
  'petition.decision': {
    source: 'CPC art. 99 (outside the seeds)',
    limitMs: 3 * DAY,
    remindAtMs: 2 * DAY,
    remind: ['official'],
    escalateTo: ['prosecutor', 'head'],
    title: {
      kk: 'Өтінішхат бойынша шешім (3 тәулік)',
      ru: 'Решение по ходатайству (3 суток)',
      en: 'Decision on a petition (3 days)',
    },
  },
  // CPC art. 105–106 (ch. 13, outside the seeds): a complaint is decided within three days.
  'complaint.decision': {
    source: 'CPC art. 105–106 (outside the seeds)',
    limitMs: 3 * DAY,
    remindAtMs: 2 * DAY,
    remind: ['prosecutor'],
    escalateTo: ['head'],
    title: {
      kk: 'Шағым бойынша шешім (3 тәулік)',
      ru: 'Решение по жалобе (3 суток)',
      en: 'Decision on a complaint (3 days)',
    },
  },
  // 002 p.10–11: the responsible official reviews the subordinates' queries at least monthly; the
  // Rules set no term for the marks, so a monthly review is marked within 10 days [derived].
  'queryReview.marks': {
    source: '002 p.10–11 (term derived)',
    limitMs: 10 * DAY,
    remindAtMs: 7 * DAY,
    remind: ['head'],
    escalateTo: ['prosecutor'],
    title: {
      kk: 'Сұраулардың негізділігін ведомстволық бақылау (10 тәулік)',
      ru: 'Ведомственный контроль обоснованности запросов (10 суток)',
      en: 'Departmental review of the queries (10 days)',
    },
  },
  // 002 p.54: the operator answers the prosecutor's request for a body's queries. The Rules set no
  // term (digest §8 item 23); 3 days is an assumption: the answer is compiled from the audit log
  // at once, the operator only checks and signs it off, and p.14 gives the same operator one day
  // for an access application — three allow for a weekend and a long period to look through.
  'legalityCheck.answer': {
    source: '002 p.54 (term assumed: the Rules set none)',
    limitMs: 3 * DAY,
    remindAtMs: 2 * DAY,
    remind: ['operator'],
    escalateTo: ['operator', 'prosecutor'],
    title: {
      kk: 'Прокурордың тексеруі: оператордың сұраулар туралы жауабы (3 тәулік)',
      ru: 'Прокурорская проверка: ответ оператора о запросах (3 суток)',
      en: 'Prosecutor’s legality check: the operator’s answer on the queries (3 days)',
    },
  },
  // CPC art. 105 part 1: when the check needs materials to be requested, up to ten days from receipt.
  'complaint.decisionExtended': {
    source: 'CPC art. 105 part 1 (outside the seeds)',
    limitMs: 10 * DAY,
    remindAtMs: 8 * DAY,
    remind: ['prosecutor'],
    escalateTo: ['head'],
    title: {
      kk: 'Шағым бойынша шешім, материалдар сұратылғанда (10 тәулік)',
      ru: 'Решение по жалобе при истребовании материалов (10 суток)',
      en: 'Decision on a complaint when materials are requested (10 days)',
    },
  },
  // 000 §5: the official sets the translation's due date when sending it (the seed gives no term);
  // `limitMs` is the term when none is set: a translation a petition or complaint needs (001 ¶7)
  // is due in 2 days, inside the 3 days the CPC gives for deciding it (art. 99, 105). The
  // reminder goes a day before the due date, whatever date was set.
  'translation.submission': {
    source: '000 §5; 001 ¶7; CPC art. 30 (outside the seeds)',
    limitMs: 2 * DAY,
    remindAtMs: DAY,
    remind: ['official'],
    escalateTo: ['official', 'head'],
    title: {
      kk: 'Аударма мерзімі (лауазымды тұлға белгілеген)',
      ru: 'Срок перевода (установлен должностным лицом)',
      en: 'Translation due date (set by the official)',
    },
  },
  // 001 ¶10: the prosecutor is notified of the format resolution within 24 hours.
  'case.prosecutorNotice': {
    source: '001 ¶10',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['official'],
    escalateTo: ['head', 'prosecutor'],
    title: {
      kk: 'Прокурорды іс жүргізу форматы туралы хабардар ету (24 сағат)',
      ru: 'Уведомление прокурора о формате производства (24 часа)',
      en: 'Prosecutor notified of the case format (24 hours)',
    },
  },
  // 001 ¶10: participants are told of the format within 24 hours.
  'case.participantsInformed': {
    source: '001 ¶10',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['official'],
    escalateTo: ['head', 'prosecutor'],
    title: {
      kk: 'Қатысушыларды формат туралы хабардар ету (24 сағат)',
      ru: 'Уведомление участников о формате (24 часа)',
      en: 'Participants informed of the case format (24 hours)',
    },
  },
  // 001 ¶11, ¶14, ¶16: paper documents scanned to PDF and attached within 24 hours.
  'case.paperToPdf': {
    source: '001 ¶11, ¶14, ¶16',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['official'],
    escalateTo: ['head', 'prosecutor'],
    title: {
      kk: 'Қағаз құжатты PDF түрінде қосу (24 сағат)',
      ru: 'Приобщение бумажного документа в PDF (24 часа)',
      en: 'Paper document attached as PDF (24 hours)',
    },
  },
  // 001 ¶17: joined electronic cases are merged in the module within 24 hours.
  'case.join': {
    source: '001 ¶17',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['official'],
    escalateTo: ['head', 'prosecutor'],
    title: {
      kk: 'Істерді біріктіру (24 сағат)',
      ru: 'Соединение дел (24 часа)',
      en: 'Cases joined in the module (24 hours)',
    },
  },
  // 001 ¶22: a switch from electronic to paper format is executed within 24 hours.
  'case.switchToPaper': {
    source: '001 ¶22',
    limitMs: DAY,
    remindAtMs: 18 * HOUR,
    remind: ['official'],
    escalateTo: ['head', 'prosecutor'],
    title: {
      kk: 'Қағаз форматқа ауысу (24 сағат)',
      ru: 'Переход на бумажный формат (24 часа)',
      en: 'Switch to paper format executed (24 hours)',
    },
  },
  // 004 A-p.5.1, A-p.7.1: the office employee accepts the package within 30 minutes of its arrival.
  'archive.accept': {
    source: '004 A-p.5.1, A-p.7.1',
    limitMs: 30 * MINUTE,
    remind: [],
    escalateTo: ['head'],
    title: {
      kk: 'Архивтік анықтама: құжаттарды қабылдау (30 минут)',
      ru: 'Архивная справка: приём документов (30 минут)',
      en: 'Archive certificate: documents accepted (30 minutes)',
    },
  },
  // 004 A-p.5.1, A-p.7.2: registered and passed to the head within 2 h 30 of arrival (30 min + 2 h).
  'archive.register': {
    source: '004 A-p.5.1, A-p.7.2',
    limitMs: 2 * HOUR + 30 * MINUTE,
    remindAtMs: 2 * HOUR,
    remind: ['official'],
    escalateTo: ['head'],
    title: {
      kk: 'Архивтік анықтама: тіркеу (2 сағат 30 минут)',
      ru: 'Архивная справка: регистрация (2 часа 30 минут)',
      en: 'Archive certificate: registered (2 h 30 min)',
    },
  },
  // 004 A-p.5.2, A-p.7.3: the head reviews and assigns the executor within 2 hours.
  'archive.assign': {
    source: '004 A-p.5.2, A-p.7.3',
    limitMs: 2 * HOUR,
    remindAtMs: 90 * MINUTE,
    remind: ['head'],
    escalateTo: ['head', 'operator'],
    title: {
      kk: 'Архивтік анықтама: орындаушыны тағайындау (2 сағат)',
      ru: 'Архивная справка: назначение исполнителя (2 часа)',
      en: 'Archive certificate: executor assigned (2 hours)',
    },
  },
  // 004 A-p.5.3, A-p.7.4: the executor searches the card indexes and drafts within 8 calendar days.
  'archive.draft': {
    source: '004 A-p.5.3, A-p.7.4',
    limitMs: 8 * DAY,
    remindAtMs: 6 * DAY,
    remind: ['official'],
    escalateTo: ['head'],
    title: {
      kk: 'Архивтік анықтама: іздеу және жоба дайындау (8 күнтізбелік күн)',
      ru: 'Архивная справка: поиск и подготовка проекта (8 календарных дней)',
      en: 'Archive certificate: search and draft (8 calendar days)',
    },
  },
  // 004 A-p.5.4: the head (or the authorised person, A-p.6.2) signs within 2 hours.
  'archive.sign': {
    source: '004 A-p.5.4, A-p.6.2',
    limitMs: 2 * HOUR,
    remindAtMs: 90 * MINUTE,
    remind: ['head'],
    escalateTo: ['head', 'operator'],
    title: {
      kk: 'Архивтік анықтама: басшының қол қоюы (2 сағат)',
      ru: 'Архивная справка: подписание руководителем (2 часа)',
      en: 'Archive certificate: signed by the head (2 hours)',
    },
  },
  // 004 A-p.5.5, A-p.7.5: the executor envelopes the result and hands it to the office within 2 hours of signing.
  'archive.envelope': {
    source: '004 A-p.5.5, A-p.7.5',
    limitMs: 2 * HOUR,
    remindAtMs: 90 * MINUTE,
    remind: ['official'],
    escalateTo: ['head'],
    title: {
      kk: 'Архивтік анықтама: конвертке салу және кеңсеге беру (2 сағат)',
      ru: 'Архивная справка: упаковка в конверт и передача в канцелярию (2 часа)',
      en: 'Archive certificate: enveloped and handed to the office (2 hours)',
    },
  },
  // 004 A-p.5.6: dispatched to the State Corporation at least one day before the Standard's term.
  // The term itself is the Standard's (No. 95 of 2015, outside the seed, digest §7.1): the workflow
  // passes the actual due time (term − 24 h); this limit is that of the default term.
  'archive.dispatch': {
    source: '004 A-p.5.6',
    limitMs: 15 * DAY - DAY,
    remindAtMs: 12 * DAY,
    remind: ['official'],
    escalateTo: ['head', 'operator'],
    title: {
      kk: 'Архивтік анықтама: Мемлекеттік корпорацияға жіберу (мерзімнен бір тәулік бұрын)',
      ru: 'Архивная справка: отправка в Госкорпорацию (не позднее суток до срока)',
      en: 'Archive certificate: dispatched to the State Corporation (a day before the term)',
    },
  },
  // 004 B-p.5: the request is registered and processed in the provider's system within 5 minutes.
  'offence.register': {
    source: '004 B-p.5',
    limitMs: 5 * MINUTE,
    remind: [],
    escalateTo: ['operator'],
    title: {
      kk: 'Әкімшілік құқық бұзушылық туралы мәлімет: тіркеу (5 минут)',
      ru: 'Сведения об административном правонарушении: регистрация (5 минут)',
      en: 'Administrative-offence information: registered (5 minutes)',
    },
  },
  // 004 B-p.5: the data is verified within 5 minutes.
  'offence.verify': {
    source: '004 B-p.5',
    limitMs: 5 * MINUTE,
    remind: [],
    escalateTo: ['operator'],
    title: {
      kk: 'Әкімшілік құқық бұзушылық туралы мәлімет: тексеру (5 минут)',
      ru: 'Сведения об административном правонарушении: проверка (5 минут)',
      en: 'Administrative-offence information: verified (5 minutes)',
    },
  },
  // 004 B-p.5: the result is made, signed and sent to the personal cabinet within 5 minutes.
  'offence.result': {
    source: '004 B-p.5',
    limitMs: 5 * MINUTE,
    remind: [],
    escalateTo: ['operator'],
    title: {
      kk: 'Әкімшілік құқық бұзушылық туралы мәлімет: нәтижені жеке кабинетке жіберу (5 минут)',
      ru: 'Сведения об административном правонарушении: результат в личный кабинет (5 минут)',
      en: 'Administrative-offence information: result in the cabinet (5 minutes)',
    },
  },
  // 004 B-p.5 (derived, digest §4.6): the whole service within 15 minutes, measured on every request.
  'offence.service': {
    source: '004 B-p.5 (3 × 5 min)',
    limitMs: 15 * MINUTE,
    remind: [],
    escalateTo: ['operator', 'head'],
    title: {
      kk: 'Әкімшілік құқық бұзушылық туралы мәлімет: қызмет көрсету деңгейі (15 минут)',
      ru: 'Сведения об административном правонарушении: уровень обслуживания (15 минут)',
      en: 'Administrative-offence information: service level (15 minutes)',
    },
  },
} as const satisfies Record<string, DeadlineRule>;

export type DeadlineRuleId = keyof typeof DEADLINE_RULES;

/** How a tracked deadline ended, or where it stands. */
export type DeadlineState = 'pending' | 'met' | 'breached' | 'late' | 'cancelled';

/** One tracked deadline as workflows keep it in state, show it in queries and carry it across continue-as-new. */
export interface DeadlineRecord {
  /** Unique within the workflow: the rule id plus what it is about, e.g. `case.paperToPdf:doc-17`. */
  key: string;
  rule: DeadlineRuleId;
  startedAt: string; // ISO 8601
  dueAt: string;
  state: DeadlineState;
  remindedAt?: string;
  breachedAt?: string;
  completedAt?: string;
}

export function dueAt(rule: DeadlineRuleId, startedAtMs: number): number {
  return startedAtMs + DEADLINE_RULES[rule].limitMs;
}
