// The electronic criminal case («электрондық қылмыстық іс», е-ҚІ; Instruction 001): its formats,
// statuses, participants and documents, the rules every transition obeys with the paragraph each
// rule comes from, and who may see a case (¶30–33). Deterministic and free of I/O: the case
// workflow (workflows/ecase.ts) and the API import the same rules, so a refusal reads the same
// wherever it is given.
// The vocabulary and state are in domain/ecase/state.ts, the refusals in refusals.ts, the rules of
// each transition in rules.ts; this file re-exports them, so every import names domain/ecase.
import type { DeadlineRecord } from './deadlines';
import type { Role } from './roles';
import type { CaseDocument, CaseEvent, CaseState } from './ecase/state';

export * from './ecase/state';
export * from './ecase/refusals';
export * from './ecase/rules';
export * from './ecase/contract';

/** The case workflow's id: its ERDR number, so a repeated start never makes a second case. */
export const caseWorkflowId = (erdr: string) => `case-${erdr}`;

// ---------------------------------------------------------------------------------------------
// Access (¶21, ¶26, ¶30–33), for the API

export interface CaseUser {
  iin: string;
  roles: readonly Role[];
  /** The body the official works in (role grants are per body). */
  bodyCode?: string;
  /** ¶30: officials whose proceedings this user supervises as their head. */
  subordinateIins?: readonly string[];
  /** ¶31: ERDR numbers of cases whose investigative or operational group the user belongs to. */
  groupCases?: readonly string[];
  /** ¶33: body codes under the user's departmental control (a region's or the centre's apparatus). */
  controlledBodyCodes?: readonly string[];
  /** ¶30: cases where the user is designated process prosecutor. */
  processProsecutorCases?: readonly string[];
}

export type AccessLevel = 'conduct' | 'supervise' | 'control' | 'public' | 'none';

export interface AccessDecision {
  level: AccessLevel;
  source: string;
}

/**
 * Who may open a case. The conducting official and their heads work in it (¶30); group members
 * too (¶31); the prosecutor only when supervising it or designated process prosecutor (¶30);
 * heads and curators doing departmental control see it (¶33); participants with confirmed status
 * see their part through the Public Sector (¶26). After a transfer by jurisdiction the sending
 * body loses access (¶21). [I] Read versus write for ¶33 is not specified: "control" is read.
 */
export function canAccess(
  user: CaseUser,
  c: Pick<CaseState, 'erdrNumber' | 'bodyCode' | 'officialIin' | 'prosecutorIin' | 'participants' | 'status' | 'transfers'>,
): AccessDecision {
  const has = (r: Role) => user.roles.includes(r);
  if (has('prosecutor') && (user.iin === c.prosecutorIin || user.processProsecutorCases?.includes(c.erdrNumber))) {
    return { level: 'supervise', source: '001 ¶30' };
  }
  const official = has('investigator') || has('head');
  const inCaseBody = user.bodyCode === c.bodyCode;
  const active = c.status !== 'TRANSFERRED_OUT';
  if (official && inCaseBody && active) {
    if (user.iin === c.officialIin) return { level: 'conduct', source: '001 ¶30' };
    if (has('head') && user.subordinateIins?.includes(c.officialIin)) return { level: 'conduct', source: '001 ¶30' };
  }
  if (official && active && user.groupCases?.includes(c.erdrNumber)) return { level: 'conduct', source: '001 ¶31' };
  if (has('head') && user.controlledBodyCodes?.includes(c.bodyCode)) return { level: 'control', source: '001 ¶33' };
  if (c.participants.some((p) => p.iin === user.iin && p.confirmedAt)) return { level: 'public', source: '001 ¶26' };
  // The sending body's people are named here so the API can say why (¶21).
  if (official && c.transfers.some((t) => t.fromBodyCode === user.bodyCode)) return { level: 'none', source: '001 ¶21' };
  return { level: 'none', source: '001 ¶30' };
}

/**
 * The case documents open to the participant with this IIN (000 §4.9, 001 ¶26): the grants and
 * withdrawals of familiarisation in the order the official made them, so a document withdrawn
 * and granted again is open.
 */
export function documentsOpenTo(s: Pick<CaseState, 'documents' | 'materialAccess'>, iin: string): CaseDocument[] {
  const open = new Set<string>();
  for (const g of s.materialAccess ?? []) {
    if (g.iin !== iin) continue;
    for (const id of g.documentIds) {
      if (g.revoke) open.delete(id);
      else open.add(id);
    }
  }
  return s.documents.filter((d) => open.has(d.id));
}

// ---------------------------------------------------------------------------------------------
// The timeline (who did what, when; which deadline was met or missed)

export interface TimelineEntry {
  at: string;
  by: string;
  what: string;
  source?: string;
  note?: string;
  deadline?: { key: string; outcome: 'reminded' | 'breached' | 'met' | 'late' | 'cancelled'; dueAt: string };
}

/** The events and the deadline outcomes in time order. */
export function buildTimeline(events: readonly CaseEvent[], deadlines: readonly DeadlineRecord[]): TimelineEntry[] {
  const entries: TimelineEntry[] = events.map((e) => ({ at: e.at, by: e.by, what: e.action, source: e.source, note: e.note }));
  for (const d of deadlines) {
    const add = (at: string | undefined, outcome: NonNullable<TimelineEntry['deadline']>['outcome']) => {
      if (at) entries.push({ at, by: 'system', what: `deadline.${outcome}`, deadline: { key: d.key, outcome, dueAt: d.dueAt } });
    };
    add(d.remindedAt, 'reminded');
    add(d.breachedAt, 'breached');
    if (d.state === 'met' || d.state === 'late') add(d.completedAt, d.state);
  }
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
