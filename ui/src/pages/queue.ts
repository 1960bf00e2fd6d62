// The official's work across processes in one list: the reports queue, the cases, petitions and
// complaints (and translation tasks once their API is served), each with its next deadline. The
// board and the supervisors' view read the same list. A source the user may not read (403) or
// that is not served yet (404) is left out.
import { api, ApiError } from '../api';
import type { Text } from '../i18n';

export type ItemKind = 'report' | 'case' | 'petition' | 'complaint' | 'translation' | 'archive';

export interface QueueEntry {
  kind: ItemKind;
  /** Talon, ERDR number or id: what the official refers to it by. */
  number: string;
  /** The API id of the object (talon, ERDR number, uuid). */
  id: string;
  bodyCode: string | null;
  bodyName: Text | null;
  status: string;
  statusLabel: Text | null;
  dueAt: string | null;
  overdue: boolean;
  raw: Record<string, unknown>;
}

interface Source {
  kind: ItemKind;
  path: string;
  map(item: any): QueueEntry; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const SOURCES: Source[] = [
  {
    kind: 'report',
    path: '/api/v1/officials/reports',
    map: (r) => ({
      kind: 'report',
      number: r.talon,
      id: r.talon,
      bodyCode: r.registeringBody?.code ?? null,
      bodyName: r.registeringBody?.name ?? null,
      status: r.status,
      statusLabel: r.statusLabel,
      dueAt: r.dueAt,
      overdue: r.overdue,
      raw: r,
    }),
  },
  {
    kind: 'case',
    path: '/api/v1/officials/cases',
    map: (c) => ({
      kind: 'case',
      number: c.erdrNumber,
      id: c.erdrNumber,
      bodyCode: c.bodyCode,
      bodyName: null,
      status: c.status ?? '',
      statusLabel: null,
      dueAt: c.nextDeadlineAt,
      overdue: c.overdue,
      raw: c,
    }),
  },
  {
    kind: 'petition',
    path: '/api/v1/officials/petitions',
    map: (p) => ({
      kind: 'petition',
      number: p.erdrNumber,
      id: p.id,
      bodyCode: p.body?.code ?? null,
      bodyName: p.body?.name ?? null,
      status: p.status,
      statusLabel: null,
      dueAt: p.dueAt,
      overdue: p.overdue,
      raw: p,
    }),
  },
  {
    kind: 'complaint',
    path: '/api/v1/officials/complaints',
    map: (p) => ({
      kind: 'complaint',
      number: p.erdrNumber,
      id: p.id,
      bodyCode: p.body?.code ?? null,
      bodyName: p.body?.name ?? null,
      status: p.status,
      statusLabel: null,
      dueAt: p.dueAt,
      overdue: p.overdue,
      raw: p,
    }),
  },
  // Translation tasks (000 §4.7, 001 ¶7) of the bodies, for the officials who send and review them.
  {
    kind: 'translation',
    path: '/api/v1/officials/translations',
    map: (x) => ({
      kind: 'translation',
      number: x.erdrNumber,
      id: x.id,
      bodyCode: x.decidingBody?.code ?? null,
      bodyName: x.decidingBody?.name ?? null,
      status: x.status,
      statusLabel: x.statusLabel ?? null,
      dueAt: x.dueAt,
      overdue: !!x.overdue,
      raw: x,
    }),
  },
  // Archive certificate requests (004 A) with their service term, for the body's archive staff.
  {
    kind: 'archive',
    path: '/api/v1/officials/archive-certificates',
    map: (x) => ({
      kind: 'archive',
      number: x.id.slice(0, 8),
      id: x.id,
      bodyCode: x.bodyCode,
      bodyName: null,
      status: x.status,
      statusLabel: x.statusLabel ?? null,
      dueAt: x.dueAt,
      overdue: Date.parse(x.dueAt) < Date.now(),
      raw: x,
    }),
  },
];

let caseLabels: Promise<Record<string, Text>> | undefined;
const caseStatusLabels = () =>
  (caseLabels ??= api<{ components: { schemas: Record<string, { 'x-enum-labels'?: Record<string, Text> }> } }>('GET', '/api/v1/openapi.json')
    .then((doc) => doc.components.schemas.CaseStatus?.['x-enum-labels'] ?? {})
    .catch(() => ({}) as Record<string, Text>));

/** Soonest deadline first; entries without an open deadline last. */
export const byDeadline = (a: QueueEntry, b: QueueEntry) =>
  (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity) || a.number.localeCompare(b.number);

export async function loadQueue(): Promise<QueueEntry[]> {
  const lists = await Promise.all(
    SOURCES.map(async (s) => {
      try {
        const { items } = await api<{ items: unknown[] }>('GET', s.path);
        return items.map(s.map);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return [];
        throw e;
      }
    }),
  );
  const entries = lists.flat();
  // The case list gives its status as a code; the labels are in the OpenAPI document (x-enum-labels).
  if (entries.some((e) => e.kind === 'case')) {
    const labels = await caseStatusLabels();
    for (const e of entries) if (e.kind === 'case') e.statusLabel = labels[e.status] ?? null;
  }
  // Some lists name the body by code only: take its name from another list that gives it.
  const names = new Map(entries.filter((e) => e.bodyCode && e.bodyName).map((e) => [e.bodyCode!, e.bodyName!]));
  for (const e of entries) if (!e.bodyName && e.bodyCode) e.bodyName = names.get(e.bodyCode) ?? null;
  return entries.sort(byDeadline);
}
