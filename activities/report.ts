// Side effects of the crime-report workflow: the intake (the second signature check, with
// revocation, then the materials stored and the registry officers told), KUI and ERDR numbers, the
// register entry of a new case, and the report's row that lists and queues read. Each is idempotent
// so a retry after a crash changes nothing.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import type { ReportStatus } from '../domain/report';
import type { AuditLog } from '../platform/audit';
import { allocateNumber, astanaYear } from '../platform/numbers';
import type { SignatureService } from '../eds/service';
import { RevocationUnavailableError } from '../eds/revocation';
import type { AttachReportMaterialsInput, MaterialActivities, MaterialView } from './materials';
import type { OfficialsNotice } from './officials';

export interface ReportProjection {
  talon: string;
  status: ReportStatus;
  bodyId?: string;
  bodyCode?: string;
  kuiNumber?: string;
  erdrNumber?: string;
  overdue?: boolean;
}

export interface SignatureCheck {
  valid: boolean;
  reasons: { code: string; message: string }[];
}

export interface ReportIntakeInput extends AttachReportMaterialsInput {
  /** The registry officers' notice, sent once the materials are stored. */
  officers: OfficialsNotice;
}

export interface ReportActivities {
  verifyStoredReport(input: { talon: string }): Promise<SignatureCheck>;
  /** The intake in one step: nothing is stored and nobody told when the signature fails the re-check. */
  acceptReport(input: ReportIntakeInput): Promise<SignatureCheck & { materials: MaterialView[] }>;
  allocateRegisterNumber(input: { kind: 'KUI' | 'ERDR'; bodyCode: string; idempotencyKey: string }): Promise<string>;
  registerCase(input: { talon: string; erdrNumber: string; bodyCode: string; officialIin: string }): Promise<void>;
  recordReportState(input: ReportProjection): Promise<void>;
}

/** The steps of a report's intake, in order; retrying the whole is safe because each step is. */
export interface ReportIntakeSteps extends MaterialActivities {
  verifyStoredReport: ReportActivities['verifyStoredReport'];
  notifyOfficials(notice: OfficialsNotice): Promise<void>;
}

export function reportIntake(steps: ReportIntakeSteps): ReportActivities['acceptReport'] {
  return async ({ talon, attachments, officers }) => {
    const check = await steps.verifyStoredReport({ talon });
    if (!check.valid) return { ...check, materials: [] };
    const materials = await steps.attachReportMaterials({ talon, attachments });
    await steps.notifyOfficials(officers);
    return { ...check, materials };
  };
}

export function createReportActivities(
  deps: { prisma: PrismaClient; audit: AuditLog; signatures: SignatureService } & Omit<ReportIntakeSteps, 'verifyStoredReport'>,
): ReportActivities {
  const { prisma } = deps;
  const activities: ReportActivities = {
    acceptReport: (input) => reportIntake({ ...deps, verifyStoredReport: activities.verifyStoredReport })(input),

    async verifyStoredReport({ talon }) {
      const report = await prisma.report.findUnique({ where: { talon } });
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
  return activities;
}
