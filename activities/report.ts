// Side effects of the crime-report workflow: the second signature check (with revocation) after
// acceptance, KUI and ERDR numbers, the register entry of a new case, and the report's row that
// lists and queues read. Each is idempotent so a retry after a crash changes nothing.
import { ApplicationFailure } from '@temporalio/activity';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { queryRows } from '../platform/db/client';
import type { ReportStatus } from '../domain/report';
import type { AuditLog } from '../platform/audit';
import { allocateNumber, astanaYear } from '../platform/numbers';
import type { SignatureService } from '../eds/service';
import { RevocationUnavailableError } from '../eds/revocation';

export interface ReportProjection {
  talon: string;
  status: ReportStatus;
  bodyId?: string;
  bodyCode?: string;
  kuiNumber?: string;
  erdrNumber?: string;
  overdue?: boolean;
}

export interface ReportActivities {
  verifyStoredReport(input: { talon: string }): Promise<{ valid: boolean; reasons: { code: string; message: string }[] }>;
  allocateRegisterNumber(input: { kind: 'KUI' | 'ERDR'; bodyCode: string; idempotencyKey: string }): Promise<string>;
  registerCase(input: { talon: string; erdrNumber: string; bodyCode: string; officialIin: string }): Promise<void>;
  recordReportState(input: ReportProjection): Promise<void>;
}

export function createReportActivities(deps: { prisma: PrismaClient; audit: AuditLog; signatures: SignatureService }): ReportActivities {
  const { prisma } = deps;
  return {
    async verifyStoredReport({ talon }) {
      const [report] = await queryRows<{ signedReport: Buffer; applicantIin: string }>(
        prisma,
        Prisma.sql`SELECT signed_report AS "signedReport", applicant_iin AS "applicantIin" FROM report WHERE talon = ${talon}`,
      );
      if (!report) throw ApplicationFailure.nonRetryable(`report ${talon} not found`, 'REPORT_MISSING');
      try {
        const verdict = await deps.signatures.verify({ cms: new Uint8Array(report.signedReport), purpose: 'sign' }, { iin: report.applicantIin });
        return { valid: verdict.valid, reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message })) };
      } catch (e) {
        // The revocation services are down: retry (the activity's retry policy), never reject for that.
        if (e instanceof RevocationUnavailableError) throw ApplicationFailure.retryable(e.message, 'REVOCATION_UNAVAILABLE');
        throw e;
      }
    },

    async allocateRegisterNumber({ kind, bodyCode, idempotencyKey }) {
      return allocateNumber(prisma, { kind, bodyCode, year: astanaYear(), idempotencyKey });
    },

    async registerCase({ talon, erdrNumber, bodyCode, officialIin }) {
      await deps.audit.append({
        actor: officialIin,
        action: 'erdr.case-registered',
        subject: erdrNumber,
        detail: { talon, bodyCode },
        idempotencyKey: `erdr-registered/${erdrNumber}`,
      });
    },

    async recordReportState(p) {
      await prisma.report.update({
        where: { talon: p.talon },
        data: {
          status: p.status,
          ...(p.bodyId && { bodyId: p.bodyId }),
          ...(p.bodyCode && { bodyCode: p.bodyCode }),
          ...(p.kuiNumber && { kuiNumber: p.kuiNumber }),
          ...(p.erdrNumber && { erdrNumber: p.erdrNumber }),
          ...(p.overdue !== undefined && { overdue: p.overdue }),
        },
      });
    },
  };
}
