// Zod pieces every process contract (domain/<stem>.ts) shares for its HTTP responses: texts in the
// three languages, register numbers, IINs, date-times, the deadline record, enums with kk/ru/en
// labels. `.meta({ id })` makes a piece one named component of the OpenAPI document
// (api/openapi.ts generates it with zod-openapi); the same schemas check real responses in tests.
// Deterministic (imported by workflows through the process contracts).
import { z } from 'zod';
import { DEADLINE_RULES, type DeadlineRuleId } from './deadlines';
import { OFFICIAL_ROLES, ROLE_LABELS } from './roles';

export interface Labels {
  kk: string;
  ru: string;
  en: string;
}

/** A text in the three languages of the service (Kazakh, Russian, English). */
export const localisedText = z
  .object({ kk: z.string().meta({ description: 'Kazakh' }), ru: z.string().meta({ description: 'Russian' }), en: z.string().meta({ description: 'English' }) })
  .meta({ id: 'LocalisedText', description: 'A text in the three languages of the service.' });

/** A 15-digit register number: talon, KUI number, ERDR number (000 §7.8). */
export const registerNumber = z.string().regex(/^\d{15}$/);
/** Individual identification number (ЖСН / ИИН). */
export const iinString = z
  .string()
  .regex(/^\d{12}$/)
  .meta({ description: 'Individual identification number (ЖСН / ИИН), 12 digits.' });
/** 6-digit code of a criminal-prosecution body. */
export const bodyCodeString = z
  .string()
  .regex(/^\d{6}$/)
  .meta({ description: '6-digit code of the criminal-prosecution body.' });
/** An ISO 8601 date-time as responses carry it (`Date.toISOString()`, or with an offset). */
export const dateTimeString = z.iso.datetime({ offset: true });
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** `| value | kk | ru | en |` rows, for descriptions of enums. */
export const labelsTable = (labels: Record<string, Labels>) =>
  Object.entries(labels)
    .map(([value, l]) => `| \`${value}\` | ${l.kk} | ${l.ru} | ${l.en} |`)
    .join('\n');

/**
 * An enum that is one component of the document, its labels as a kk/ru/en table in the
 * description and as `x-enum-labels` (clients show them without a table of their own).
 */
export function labelledEnum<const T extends readonly [string, ...string[]]>(
  id: string,
  values: T,
  labels: Record<T[number], Labels>,
  lead: string,
  column = 'status',
) {
  return z.enum(values).meta({
    id,
    description: `${lead}\n\n| ${column} | kk | ru | en |\n|---|---|---|---|\n${labelsTable(labels)}`,
    'x-enum-labels': labels,
  });
}

/** A deadline of a process as its `DeadlineBook` reports it (workflows/deadlines.ts). */
export const deadlineRecord = z
  .object({
    key: z.string().meta({ description: 'Unique within the process: the rule plus what it is about.' }),
    rule: z
      .enum(Object.keys(DEADLINE_RULES) as [DeadlineRuleId, ...DeadlineRuleId[]])
      .meta({ description: 'The rule of the deadline policy table (domain/deadlines.ts), with its legal source.' }),
    startedAt: dateTimeString,
    dueAt: dateTimeString,
    state: z.enum(['pending', 'met', 'breached', 'late', 'cancelled']),
    remindedAt: dateTimeString.optional(),
    breachedAt: dateTimeString.optional(),
    completedAt: dateTimeString.optional(),
  })
  .meta({ id: 'Deadline' });

/** Every logged-in person's role, with the kk/ru/en labels. */
export const roleSchema = labelledEnum(
  'Role',
  ['participant', ...OFFICIAL_ROLES],
  ROLE_LABELS,
  'Every logged-in person is a `participant`; official roles are granted per body by the Committee operator.',
  'role',
);
export const officialRoleSchema = z.enum(OFFICIAL_ROLES).meta({ id: 'OfficialRole', description: 'An official role (see `Role` for the labels).' });
