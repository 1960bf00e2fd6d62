// The health watch's side effects (workflows/health-watch.ts): looking at the report outbox, and
// writing the emergency log (002 p.41–43) — the row, and its opening and closing in the audit log
// (p.41: recorded in the Log journal). Idempotent: an incident's id is its kind and start.
import type { HealthProbe, IncidentKind } from '../domain/incident';
import type { AuditLog } from '../platform/audit';
import type { PrismaClient } from '../prisma/generated/client';

export interface IncidentActivities {
  probeHealth(): Promise<HealthProbe>;
  openIncident(input: { kind: IncidentKind; startedAt: string; detail: Record<string, unknown> }): Promise<string>;
  closeIncident(input: { id: string; endedAt: string }): Promise<void>;
}

export const incidentId = (kind: IncidentKind, startedAt: string) => `${kind}-${startedAt}`;

export function createIncidentActivities(deps: { prisma: PrismaClient; audit: AuditLog }): IncidentActivities {
  return {
    async probeHealth() {
      const waiting = await deps.prisma.report.aggregate({ where: { workflowStartedAt: null }, _min: { submittedAt: true }, _count: true });
      return { oldestWaitingReportAt: waiting._min.submittedAt?.toISOString() ?? null, waitingReports: waiting._count };
    },

    async openIncident({ kind, startedAt, detail }) {
      const id = incidentId(kind, startedAt);
      await deps.prisma.incident.upsert({ where: { id }, create: { id, kind, startedAt: new Date(startedAt), detail: detail as object }, update: {} });
      await deps.audit.append({
        actor: 'health-watch',
        action: 'incident.opened',
        subject: `incident/${id}`,
        detail: { kind, startedAt, ...detail },
        idempotencyKey: `incident/${id}/opened`,
      });
      return id;
    },

    async closeIncident({ id, endedAt }) {
      await deps.prisma.incident.updateMany({ where: { id, endedAt: null }, data: { endedAt: new Date(endedAt) } });
      await deps.audit.append({
        actor: 'health-watch',
        action: 'incident.closed',
        subject: `incident/${id}`,
        detail: { endedAt },
        idempotencyKey: `incident/${id}/closed`,
      });
    },
  };
}
