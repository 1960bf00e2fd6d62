// Deadline notices (reminder, breach, late completion) sent by workflows/deadlines.ts. Each one is
// written to the tamper-evident audit log and announced to the people the rule names; the workflow
// history records that the notice was sent.
import { Context } from '@temporalio/activity';
import type { DeadlineRecord, DeadlineRuleId, EscalationTarget } from '../domain/deadlines';
import type { AuditLog } from '../platform/audit';
import type { PrismaClient } from '../prisma/generated/client';

export interface DeadlineNotice {
  kind: 'reminder' | 'breach' | 'late';
  workflowId: string;
  workflowType: string;
  /** What the deadline is about, e.g. "access application 7f3…" (no personal data). */
  subject: string;
  body?: string;
  key: string;
  rule: DeadlineRuleId;
  source: string;
  dueAt: string;
  recipients: EscalationTarget[];
  title: { kk: string; ru: string; en: string };
}

/** One deadline as the deadline records table keeps it (prisma `DeadlineRecord`). */
export interface DeadlineRecordRow extends DeadlineRecord {
  workflowId: string;
  workflowType: string;
  bodyCode: string;
}

/** Delivers a notice to the officials in the given roles of a body (mail, cabinet inbox…). */
export type OfficialsNotifier = (n: DeadlineNotice) => Promise<void>;

export function createDeadlineActivities(deps: { audit: AuditLog; notifyOfficials?: OfficialsNotifier; prisma?: PrismaClient }) {
  return {
    /** Upserts the whole record: a retry writes the same row again, so it is idempotent. */
    async recordDeadline(r: DeadlineRecordRow): Promise<void> {
      if (!deps.prisma) throw new Error('recordDeadline needs the database');
      const date = (iso?: string) => (iso ? new Date(iso) : null);
      const row = {
        rule: r.rule,
        bodyCode: r.bodyCode,
        workflowType: r.workflowType,
        state: r.state,
        startedAt: new Date(r.startedAt),
        dueAt: new Date(r.dueAt),
        remindedAt: date(r.remindedAt),
        breachedAt: date(r.breachedAt),
        completedAt: date(r.completedAt),
      };
      await deps.prisma.deadlineRecord.upsert({
        where: { workflowId_key: { workflowId: r.workflowId, key: r.key } },
        create: { workflowId: r.workflowId, key: r.key, ...row },
        update: row,
      });
    },

    async notifyDeadline(n: DeadlineNotice): Promise<void> {
      // Idempotent by construction: the audit entry is keyed by the activity's identity, so a retry
      // after a crash between the write and the completion does not log the notice twice.
      const info = Context.current().info;
      await deps.audit.append({
        actor: 'system',
        action: `deadline.${n.kind}`,
        subject: n.workflowId,
        detail: { key: n.key, rule: n.rule, source: n.source, dueAt: n.dueAt, recipients: n.recipients, body: n.body },
        idempotencyKey: `${n.workflowId}/${info.workflowExecution?.runId}/${info.activityId}`,
      });
      Context.current().log.info('deadline notice', { kind: n.kind, key: n.key, workflowId: n.workflowId, recipients: n.recipients });
      await deps.notifyOfficials?.(n);
    },
  };
}
