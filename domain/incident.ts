// The emergency log (Авариялық жағдайлар журналы, 002 p.41–43, Annex 7): every situation that delays
// the system's work by more than one hour is recorded, found by the system itself (a workflow that
// watches its health, workflows/health-watch.ts), and the operator adds the causes, the measures
// taken and who was responsible (p.43, A-7). Times in Astana time on output (p.29).
import { z } from 'zod';
import { dateTimeString, localisedText } from './contract';

/** p.41–42: more than one hour. */
export const INCIDENT_THRESHOLD_MS = 60 * 60 * 1000;
/** How often the health watch looks. */
export const HEALTH_WATCH_INTERVAL_MS = 5 * 60 * 1000;
export const HEALTH_WATCH_WORKFLOW_ID = 'health-watch';

/**
 * What the watch measures. REPORT_INTAKE_DELAY: a citizen's accepted report whose process has not
 * started (the outbox, platform/report-starter.ts) — its officers are not told, so the report is
 * neither sent on nor accessible to them (p.41 "sending", p.42 "access").
 */
export const INCIDENT_KINDS = ['REPORT_INTAKE_DELAY'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_KIND_LABELS: Record<IncidentKind, { kk: string; ru: string; en: string }> = {
  REPORT_INTAKE_DELAY: {
    kk: 'Қабылданған арыздарды өңдеудің бір сағаттан астам кідіруі',
    ru: 'Задержка обработки принятых заявлений более одного часа',
    en: 'Accepted reports not processed for over an hour',
  },
};

/** Annex 7: the six scenarios of the emergency log, plus the software situations the form lacks (002 §9 item 17). */
export const A7_SCENARIOS = {
  SERVER_EQUIPMENT_DAMAGE: { kk: 'Серверлік жабдықтың зақымдануы', ru: 'Повреждение серверного оборудования', en: 'Server equipment damage' },
  PREMISES_PARTIAL_DAMAGE: { kk: 'ОА орынжайларының ішінара зақымдануы', ru: 'Частичное повреждение помещений', en: 'Partial damage to the premises' },
  FIRE_ALARM: { kk: 'Өрт дабылы', ru: 'Пожарная тревога', en: 'Fire alarm' },
  AC_FAILURE: { kk: 'Кондиционерлердің істен шығуы', ru: 'Отказ кондиционирования', en: 'Air-conditioning failure' },
  POWER_FAILURE: { kk: 'Электр қуатының өшуі', ru: 'Отключение электропитания', en: 'Power failure' },
  FLOOD: { kk: 'Су басу', ru: 'Затопление', en: 'Flood' },
  SOFTWARE: { kk: 'Бағдарламалық ақау', ru: 'Программный сбой', en: 'Software fault' },
} as const;
export type A7Scenario = keyof typeof A7_SCENARIOS;

/** The operator's part of the entry (p.43). */
export const incidentReportSchema = z
  .object({
    scenario: z.enum(Object.keys(A7_SCENARIOS) as [A7Scenario, ...A7Scenario[]]),
    causes: z.string().trim().min(3).max(4000),
    measures: z.string().trim().min(3).max(4000),
    responsible: z.string().trim().min(3).max(300),
  })
  .strict();
export type IncidentReport = z.infer<typeof incidentReportSchema>;

/** What the health watch sees at one look. */
export interface HealthProbe {
  /** When the oldest accepted report still waiting for its process was accepted (null: none waits). */
  oldestWaitingReportAt: string | null;
  waitingReports: number;
}

/** The delay a probe shows, if it is over the threshold at `now`: its kind and start. */
export function delayOf(probe: HealthProbe, now: number): { kind: IncidentKind; startedAt: string } | null {
  if (probe.oldestWaitingReportAt && now - Date.parse(probe.oldestWaitingReportAt) > INCIDENT_THRESHOLD_MS) {
    return { kind: 'REPORT_INTAKE_DELAY', startedAt: probe.oldestWaitingReportAt };
  }
  return null;
}

/** An entry of the emergency log as the operator reads it (api/incident.ts); times in Astana time. */
export const incidentViewSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    kindLabel: localisedText.nullable(),
    startedAt: dateTimeString,
    detectedAt: dateTimeString,
    endedAt: dateTimeString.nullable(),
    detail: z.unknown(),
    scenario: z.string().nullable(),
    causes: z.string().nullable(),
    measures: z.string().nullable(),
    responsible: z.string().nullable(),
  })
  .meta({ id: 'Incident', description: 'An entry of the emergency log; times in Astana time (UTC+5).' });
