// Side effects of the Committee's state services (seed 004): the second signature check of a
// request (A-p.8.2 condition 3, B-p.6), the request's row (the status lists' projection), the
// archive result PDF, and the destruction of uncollected results and submitted documents when
// their retention ends (A-p.10, A-p.11), each journalled in the audit chain. Shared with the
// offence-information service (activities/offence-information.ts adds its own). Every activity is
// idempotent: a retry after a crash finds the work done and changes nothing.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import type { AuditLog } from '../platform/audit';
import type { FileStore } from '../documents/store';
import type { SignatureService } from '../eds/service';
import { RevocationUnavailableError } from '../eds/revocation';
import { signedContentOf } from '../eds/verify';
import { bodyByCode } from '../domain/dictionaries';
import { renderArchiveResult } from '../documents/state-service-documents';
import type { ArchiveDraft } from '../domain/archive-certificate';

export interface StateServiceProjection {
  requestId: string;
  status: string;
  resultSha256?: string | null;
  completedAt?: string;
  serviceMs?: number;
}

export interface MakeArchiveResultInput {
  requestId: string;
  registrationNumber: string;
  draft: ArchiveDraft;
  signatory: { name: string };
  issuedAt: string;
}

export interface StateServiceActivities {
  /** Condition 3 of A-p.8.2 / B-p.6: the signature again, with revocation, and the IINs. */
  verifyStateServiceRequest(input: { requestId: string }): Promise<{ valid: boolean; reasons: { code: string; message: string }[] }>;
  recordStateServiceState(p: StateServiceProjection): Promise<void>;
  makeArchiveResult(input: MakeArchiveResultInput): Promise<{ sha256: string }>;
  /** A-p.10: the uncollected result destroyed; the reference to it is dropped. */
  destroyUncollectedResult(input: { requestId: string }): Promise<void>;
  /** A-p.11: the submitted documents destroyed; the signed request is emptied. */
  destroySubmittedDocuments(input: { requestId: string }): Promise<void>;
}

export function createStateServiceActivities(deps: {
  prisma: PrismaClient;
  audit: AuditLog;
  files: FileStore;
  signatures: SignatureService;
}): StateServiceActivities {
  const { prisma } = deps;
  const requestOf = async (id: string) => {
    const row = await prisma.stateServiceRequest.findUnique({ where: { id } });
    if (!row) throw ApplicationFailure.nonRetryable(`state service request ${id} not found`, 'REQUEST_MISSING');
    return row;
  };

  return {
    async verifyStateServiceRequest({ requestId }) {
      const row = await requestOf(requestId);
      if (!row.signedContent) return { valid: false, reasons: [{ code: 'DOCUMENTS_DESTROYED', message: 'the submitted documents were destroyed' }] };
      let verdict;
      try {
        verdict = await deps.signatures.verify({ cms: new Uint8Array(row.signedContent), purpose: 'sign' }, { iin: row.submittedByIin });
      } catch (e) {
        // The revocation services are down: retry (the activity's retry policy), never refuse for that.
        if (e instanceof RevocationUnavailableError) throw ApplicationFailure.retryable(e.message, 'REVOCATION_UNAVAILABLE');
        throw e;
      }
      const reasons: { code: string; message: string }[] = verdict.reasons.map((r) => ({ code: r.code, message: r.message }));
      // The IIN in the certificate must be the signer's on record; on the portal, also the recipient's in the request.
      if (verdict.signers.some((s) => s.identity?.iin !== row.submittedByIin))
        reasons.push({ code: 'IIN_MISMATCH', message: "the certificate IIN is not the submitter's" });
      const content = signedContentOf(new Uint8Array(row.signedContent));
      const recipient = content && (JSON.parse(Buffer.from(content).toString('utf8')) as { recipientIin?: string }).recipientIin;
      if (recipient !== row.recipientIin || (row.channel === 'PORTAL' && recipient !== row.submittedByIin)) {
        reasons.push({ code: 'IIN_MISMATCH', message: "the IIN in the request is not the certificate's" });
      }
      return { valid: verdict.valid && reasons.length === 0, reasons };
    },

    async recordStateServiceState(p) {
      await prisma.stateServiceRequest.update({
        where: { id: p.requestId },
        data: {
          status: p.status,
          ...(p.resultSha256 !== undefined && { resultSha256: p.resultSha256 }),
          ...(p.completedAt && { completedAt: new Date(p.completedAt) }),
          ...(p.serviceMs !== undefined && { serviceMs: p.serviceMs }),
        },
      });
    },

    async makeArchiveResult({ requestId, registrationNumber, draft, signatory, issuedAt }) {
      const row = await requestOf(requestId);
      const content = JSON.parse(Buffer.from(signedContentOf(new Uint8Array(row.signedContent!))!).toString('utf8')) as {
        recipientName: string;
        subject: string;
        period?: string;
        language: 'kk' | 'ru';
      };
      const body = bodyByCode(row.bodyCode);
      const pdf = await renderArchiveResult({
        requestId,
        registrationNumber,
        language: content.language,
        outcome: draft.outcome,
        recipient: { iin: row.recipientIin, name: content.recipientName },
        subject: content.subject,
        period: content.period,
        findings: draft.findings,
        otherArchives: draft.otherArchives,
        pages: draft.pages,
        provider: { code: row.bodyCode, name: body ? body.name.ru : row.bodyCode },
        signatory,
        issuedAt,
      });
      const stored = await deps.files.put(pdf);
      await prisma.stateServiceRequest.update({ where: { id: requestId }, data: { resultSha256: stored.sha256 } });
      return { sha256: stored.sha256 };
    },

    async destroyUncollectedResult({ requestId }) {
      const row = await requestOf(requestId);
      await deps.audit.append({
        actor: 'system',
        action: 'state-service.result-destroyed',
        subject: requestId,
        detail: { service: row.service, resultSha256: row.resultSha256, source: '004 A-p.10' },
        idempotencyKey: `state-service/${requestId}/result-destroyed`,
      });
      await prisma.stateServiceRequest.update({ where: { id: requestId }, data: { resultSha256: null, status: 'RESULT_DESTROYED' } });
    },

    async destroySubmittedDocuments({ requestId }) {
      const row = await requestOf(requestId);
      await deps.audit.append({
        actor: 'system',
        action: 'state-service.documents-destroyed',
        subject: requestId,
        detail: { service: row.service, requestHash: row.requestHash, source: '004 A-p.11' },
        idempotencyKey: `state-service/${requestId}/documents-destroyed`,
      });
      await prisma.stateServiceRequest.update({ where: { id: requestId }, data: { signedContent: null } });
    },
  };
}
