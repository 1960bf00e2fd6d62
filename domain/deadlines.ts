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
