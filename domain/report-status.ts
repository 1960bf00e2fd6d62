// The statuses of a crime report and the decisions on it, without the validation schemas (which
// live in domain/reports.ts): workflows import this file, and every new workflow would otherwise
// pay for building the zod schemas on its first task.
export const REPORT_STATUSES = [
  'AWAITING_REGISTRATION',
  'REGISTERED_KUI',
  'REGISTERED_ERDR',
  'TRANSFERRED',
  'ATTACHED_TO_CASE',
  'REFUSED',
  'REJECTED',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses after which nothing more happens to the report itself. */
export const FINAL_REPORT_STATUSES: readonly ReportStatus[] = ['REGISTERED_ERDR', 'ATTACHED_TO_CASE', 'REFUSED', 'REJECTED'];

export const REPORT_STATUS_LABELS: Record<ReportStatus, { kk: string; ru: string; en: string }> = {
  AWAITING_REGISTRATION: { kk: 'Тіркеуді күту', ru: 'Ожидает регистрации', en: 'Awaiting registration' },
  REGISTERED_KUI: { kk: 'АЕК-ге тіркелді', ru: 'Зарегистрировано в КУИ', en: 'Registered in the KUI book' },
  REGISTERED_ERDR: { kk: 'СДТБТ-да тіркелді', ru: 'Зарегистрировано в ЕРДР', en: 'Registered in the ERDR' },
  TRANSFERRED: { kk: 'Тергеулігі бойынша жіберілді', ru: 'Передано по подследственности', en: 'Transferred by jurisdiction' },
  ATTACHED_TO_CASE: { kk: 'Қылмыстық іске қосылды', ru: 'Приобщено к уголовному делу', en: 'Attached to a criminal case' },
  REFUSED: { kk: 'Тіркеуден бас тартылды', ru: 'Отказано в регистрации', en: 'Registration refused' },
  REJECTED: { kk: 'Қабылданбады (қолтаңба немесе мазмұн жарамсыз)', ru: 'Не принято (подпись или содержание недействительны)', en: 'Rejected (signature or content invalid)' },
};

/** An official's decision on a report registered in the KUI book. */
export type ReportDecision =
  | { kind: 'REGISTER_ERDR' }
  | { kind: 'TRANSFER'; toBodyId: string; reason: string }
  | { kind: 'ATTACH_TO_CASE'; erdrNumber: string; reason: string }
  | { kind: 'REFUSE'; reason: string };

