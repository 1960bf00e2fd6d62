// The steps of an electronic criminal case in the audit chain. The case workflow carries only its
// most recent events across continue-as-new; each event is also journalled here as it happens
// (activity recordCaseEvent), so the whole timeline of a case that lives for years stays readable.
// One entry per event: subject = the ERDR number, action = `case.<action>`, actor = who,
// idempotency key `case/<erdr>/<seq>` (a retried activity journals the event once).
import type { CaseEvent } from '../domain/ecase';
import type { PrismaClient } from '../prisma/generated/client';
import type { AuditLog } from './audit';

const keyPrefix = (erdrNumber: string) => `case/${erdrNumber}/`;

export async function journalCaseEvent(audit: AuditLog, erdrNumber: string, event: CaseEvent): Promise<void> {
  await audit.append({
    actor: event.by,
    action: `case.${event.action}`,
    subject: erdrNumber,
    detail: { seq: event.seq, at: event.at, source: event.source, note: event.note },
    idempotencyKey: `${keyPrefix(erdrNumber)}${event.seq}`,
  });
}

/** The journalled events of one case in order of `seq`; with `beforeSeq`, only those before it. */
export async function journalledCaseEvents(prisma: PrismaClient, erdrNumber: string, opts: { beforeSeq?: number } = {}): Promise<CaseEvent[]> {
  const rows = await prisma.auditEvent.findMany({
    where: { subject: erdrNumber, idempotencyKey: { startsWith: keyPrefix(erdrNumber) } },
    select: { actor: true, action: true, detail: true },
  });
  const events: CaseEvent[] = [];
  for (const row of rows) {
    const detail = row.detail as { seq?: number; at?: string; source?: string; note?: string };
    if (typeof detail.seq !== 'number' || typeof detail.at !== 'string') continue;
    if (opts.beforeSeq !== undefined && detail.seq >= opts.beforeSeq) continue;
    events.push({
      seq: detail.seq,
      at: detail.at,
      by: row.actor,
      action: row.action.replace(/^case\./, ''),
      ...(detail.source !== undefined && { source: detail.source }),
      ...(detail.note !== undefined && { note: detail.note }),
    });
  }
  return events.sort((a, b) => a.seq - b.seq);
}

// ---------------------------------------------------------------------------------------------
// Participants' looks at a case through the Public Sector (000 §4.9): every view, download and
// refusal, with who, what, when and on which basis. One entry each: subject = the ERDR number
// entered, action = `access.<what>` (no idempotency key: each look is its own event).

export interface CaseAccessEntry {
  /** IIN of the person who looked. */
  actor: string;
  /** decisions.viewed | decisions.refused | material.downloaded | materials.downloaded_all */
  what: string;
  /** The situations of 000 §4.9 the access rested on, or the refusal's code. */
  basis: string[];
  /** The case documents concerned. */
  documentIds?: string[];
}

export async function journalCaseAccess(audit: AuditLog, erdrNumber: string, entry: CaseAccessEntry): Promise<void> {
  await audit.append({
    actor: entry.actor,
    action: `access.${entry.what}`,
    subject: erdrNumber,
    detail: { basis: entry.basis, ...(entry.documentIds && { documentIds: entry.documentIds }) },
  });
}

/** The journalled looks at one case, newest first (at most `limit`). */
export async function journalledCaseAccess(prisma: PrismaClient, erdrNumber: string, limit = 500): Promise<(CaseAccessEntry & { at: string })[]> {
  const rows = await prisma.auditEvent.findMany({
    where: { subject: erdrNumber, action: { startsWith: 'access.' } },
    orderBy: { id: 'desc' },
    take: limit,
    select: { at: true, actor: true, action: true, detail: true },
  });
  return rows.map((row) => {
    const detail = row.detail as { basis?: string[]; documentIds?: string[] };
    return {
      at: row.at.toISOString(),
      actor: row.actor,
      what: row.action.replace(/^access\./, ''),
      basis: detail.basis ?? [],
      ...(detail.documentIds && { documentIds: detail.documentIds }),
    };
  });
}
