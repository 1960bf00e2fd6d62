// Crime reports (арыз, 000 §3.3–3.4): the citizens' submission and status list, and the officials'
// queue and actions. A submission is checked completely before anything is written (signature
// with revocation, content, dictionaries, attachments); then the talon and the report row are
// written in one statement and the 202 carries the talon. The committed row is the durable
// acceptance: the report starter (platform/report-starter.ts) starts its workflow `report-<talon>`.
// The Idempotency-Key makes a retried submission return the same talon, never a second report.
// The records themselves (the statement, the lookups, the hand-off) are platform/db/report-store.ts.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import express, { Router, type Request } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FileStore } from '../documents/store';
import { checkPlacement, findBody } from '../domain/dictionaries';
import {
  REPORT_STATUS_LABELS,
  REPORT_STATUSES,
  reportDecisionSchema,
  reportSubmissionSchema,
  reportWorkflowId,
  signedReportContent,
  type ReportStatus,
} from '../domain/report';
import type { OfficialRole } from '../domain/roles';
import { RevocationUnavailableError } from '../eds/revocation';
import type { JournallingSignatureService } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { signedContentOf } from '../eds/verify';
import { reportStore, type ReportRow } from '../platform/db/report-store';
import { isUniqueViolation } from '../platform/numbers';
import type { PrismaClient } from '../prisma/generated/client';
import { decideReport, describe, getReport, registerInKui, type ReportState } from '../workflows/report';
import { grantFor, requireRole, requireUser, type AuthenticatedUser } from './auth';
import { HttpError, notFound, parseOr400, zodFields } from './errors';
import { sendMaterialsZip } from './files';
import { requireIdempotencyKey } from './openapi-kit';
import { DECIDING_ROLES, QUEUE_ROLES } from './report/paths';

/** Officials who see and act on a body's reports. */

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The opening of the signed fabula, as the status list shows it (000 §3.4). */
function descriptionOf(row: Pick<ReportRow, 'signedReport'>): string {
  const content = JSON.parse(Buffer.from(signedContentOf(row.signedReport)!).toString('utf8')) as { fabula: string };
  return describe(content.fabula);
}

function bodyView(bodyId: string) {
  const body = findBody(bodyId);
  return body ? { id: body.id, code: body.code, name: body.name } : null;
}

export interface ReportsRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: JournallingSignatureService;
  files: FileStore;
}

export function reportsRouter(opts: ReportsRouterOptions): Router {
  const { client } = opts;
  const reports = reportStore(opts);
  const router = Router();
  const json = express.json({ limit: '2mb' });

  /**
   * The answer to a submission whose Idempotency-Key was used before: the same talon when it is
   * the same report (a retry), 409 when it is another; undefined when the key is new.
   */
  const acceptedBefore = async (scopedKey: string, requestHash: string) => {
    const previous = await reports.underKey(scopedKey);
    if (!previous) return undefined;
    if (previous.requestHash !== requestHash) throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different report');
    return { talon: previous.talon, status: previous.status };
  };

  // ── Citizens ────────────────────────────────────────────────────────────────────────────────
  router.post('/reports', requireUser, json, async (req, res) => {
    const user = req.user!;
    const scopedKey = `${user.iin}:${requireIdempotencyKey(req)}`;
    const { signedReport } = parseOr400(reportSubmissionSchema, req.body);
    const cms = new Uint8Array(Buffer.from(signedReport.replace(/\s+/g, ''), 'base64'));
    const requestHash = sha256(cms);

    // 1. The signature: the citizen's own signing key, valid now, not revoked. Every check is
    // journalled: with the report when it is accepted, else on its own (reports.withJournalledCheck);
    // the answer is sent only after the check is journalled, whichever way it went.
    let verified;
    try {
      verified = await opts.signatures.verifyUnrecorded({ cms, purpose: 'sign' }, { iin: user.iin });
    } catch (e) {
      if (e instanceof RevocationUnavailableError)
        throw new HttpError(503, 'REVOCATION_UNAVAILABLE', 'The certificate status service does not answer; try again shortly');
      throw e;
    }
    const { verdict } = verified;
    /** Steps 2–3 on a verified signature: the answer to send. */
    const answer = await reports.withJournalledCheck(verified.entry, async (accept): Promise<{ status: number; body: unknown }> => {
      if (!verdict.valid) {
        // A retry of a report accepted earlier keeps its talon even if the certificate has lapsed since.
        const previous = await acceptedBefore(scopedKey, requestHash);
        if (previous) return { status: 202, body: previous };
        return {
          status: 422,
          body: {
            error: {
              code: 'SIGNATURE_INVALID',
              message: 'The report signature was not accepted',
              reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message, localised: REASON_TEXT[r.code] })),
            },
          },
        };
      }
      if (verdict.signers.some((s) => s.identity?.iin !== user.iin))
        throw new HttpError(422, 'SIGNER_MISMATCH', 'The report must be signed by the logged-in applicant');
      const signed = verdict.signedContent;
      if (!signed) throw new HttpError(422, 'CONTENT_NOT_ENCAPSULATED', 'The report must be signed with the content inside the CMS (attached)');

      // 2. The content, exactly as signed.
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(signed).toString('utf8'));
      } catch {
        throw new HttpError(400, 'VALIDATION_FAILED', 'The signed content is not JSON', { '(content)': 'UTF-8 JSON expected' });
      }
      const parsed = signedReportContent.safeParse(raw);
      if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The report has invalid fields', zodFields(parsed.error));
      const content = parsed.data;
      const placement = checkPlacement(content);
      if (!placement.ok) throw new HttpError(400, 'VALIDATION_FAILED', placement.message.en, { [placement.field]: placement.message.en }, placement.message);

      // 3. One statement: the attachments checked, the talon and the report row, or nothing but
      // the journal row. Its commit is the acceptance.
      try {
        const written = await accept({
          scopedKey,
          requestHash,
          applicantIin: user.iin,
          signedReport: cms,
          regionId: content.regionId,
          districtId: content.districtId,
          bodyId: content.bodyId,
          bodyCode: placement.body.code,
          submittedAt: new Date(),
          requestId: String(req.id),
          attachments: content.attachments,
        });
        if (!written.attachmentsOk)
          throw new HttpError(
            400,
            'VALIDATION_FAILED',
            'The report lists files that were not uploaded',
            await reports.refusedAttachments(content.attachments, user.iin),
          );
        return { status: 202, body: written.accepted };
      } catch (e) {
        // The key was used before (a retry, or the same submission sent twice at once): the
        // allocation under the same key refuses a second talon; answer as the first was answered.
        const previous = isUniqueViolation(e) ? await acceptedBefore(scopedKey, requestHash) : undefined;
        if (!previous) throw e;
        return { status: 202, body: previous };
      }
    });
    res.status(answer.status).json(answer.body);
  });

  router.get('/reports', requireUser, async (req, res) => {
    const rows = await reports.ofApplicant(req.user!.iin);
    res.json({
      items: rows.map((r) => ({
        talon: r.talon,
        status: r.status,
        statusLabel: REPORT_STATUS_LABELS[r.status as ReportStatus],
        description: descriptionOf(r),
        registeringBody: bodyView(r.bodyId),
        submittedAt: r.submittedAt.toISOString(),
        kuiNumber: r.kuiNumber,
        erdrNumber: r.erdrNumber,
      })),
    });
  });

  /** The report row of the talon in the path, or null. */
  const rowOfTalon = (req: Request) => reports.byTalon(String(req.params.talon));

  /** The report, if this user may see it: its applicant, or an official of the body it is with. */
  const reportFor = async (req: Request) => {
    const row = await rowOfTalon(req);
    const user = req.user!;
    const official = row && QUEUE_ROLES.some((role) => grantFor(user, role, row.bodyCode));
    if (!row || (row.applicantIin !== user.iin && !official)) throw notFound('Report');
    return row;
  };

  /**
   * The report as its workflow holds it; for the moment between the 202 and the start of its
   * workflow, as it was accepted (the row).
   */
  const liveState = (row: ReportRow): Promise<ReportState> =>
    reports.ifStarted(
      row,
      () => client.workflow.getHandle(reportWorkflowId(row.talon)).query(getReport),
      () => {
        const status = row.status as ReportStatus;
        const submittedAt = row.submittedAt.toISOString();
        return {
          talon: row.talon,
          description: descriptionOf(row),
          status,
          statusLabel: REPORT_STATUS_LABELS[status],
          submittedAt,
          bodyId: row.bodyId,
          bodyCode: row.bodyCode,
          materials: [],
          history: [{ at: submittedAt, status }],
          deadlines: [],
        };
      },
    );

  router.get('/reports/:talon', requireUser, async (req, res) => {
    const row = await reportFor(req);
    const state = await liveState(row);
    const materials = await reports.materials(row.talon);
    res.json({
      talon: state.talon,
      status: state.status,
      statusLabel: state.statusLabel,
      description: state.description,
      registeringBody: bodyView(state.bodyId),
      submittedAt: state.submittedAt,
      kuiNumber: state.kuiNumber ?? null,
      erdrNumber: state.erdrNumber ?? null,
      decision: state.decision ?? null,
      rejectionReasons: state.rejectionReasons ?? null,
      materials: materials.map((m) => ({
        name: m.name,
        sha256: m.sha256,
        mediaType: m.mediaType,
        size: m.size,
        kind: m.kind,
        addedAt: m.addedAt.toISOString(),
        fileId: m.fileId,
      })),
      history: state.history,
      deadlines: state.deadlines,
    });
  });

  router.get('/reports/:talon/materials.zip', requireUser, async (req, res) => {
    const row = await reportFor(req);
    const materials = await reports.materials(row.talon);
    await sendMaterialsZip(
      res,
      materials.map((m) => ({ name: m.name, sha256: m.sha256 })),
      opts.files,
      `${row.talon}.zip`,
    );
  });

  // ── Officials ───────────────────────────────────────────────────────────────────────────────
  const statusFilter = z.array(z.enum(REPORT_STATUSES)).default(['AWAITING_REGISTRATION', 'REGISTERED_KUI', 'TRANSFERRED']);

  router.get('/officials/reports', requireRole(...QUEUE_ROLES), async (req, res) => {
    const user = req.user!;
    const statuses = parseOr400(statusFilter, typeof req.query.status === 'string' ? req.query.status.split(',') : undefined);
    const bodies = [...new Set(user.grants.filter((g) => QUEUE_ROLES.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];
    const rows = await reports.queue(bodies, statuses);
    const now = Date.now();
    res.json({
      items: rows.map((r) => ({
        talon: r.talon,
        status: r.status,
        statusLabel: REPORT_STATUS_LABELS[r.status as ReportStatus],
        registeringBody: bodyView(r.bodyId),
        submittedAt: r.submittedAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        timeLeftMs: r.dueAt.getTime() - now,
        overdue: r.dueAt.getTime() < now,
        kuiNumber: r.kuiNumber,
      })),
    });
  });

  /**
   * Runs an update as the official; rule violations from the workflow become 409s naming the rule.
   * A report accepted but not yet picked up by the report starter is started here first.
   */
  const act = async (row: ReportRow, run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<ReportState>) => {
    const handle = client.workflow.getHandle(reportWorkflowId(row.talon));
    try {
      return await reports.withWorkflow(row, () => run(handle));
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure)
        throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      if (e instanceof WorkflowNotFoundError) throw notFound('Report');
      throw e;
    }
  };

  /**
   * Only officials of the report's body act on it. Whoever may read the report (its applicant, an
   * official of its body) is told why not (403); to an official of another body it does not exist
   * (404), as when reading it, so acting cannot be used to learn which talons exist.
   */
  const requireGrantIn = (user: AuthenticatedUser, roles: OfficialRole[], row: ReportRow) => {
    if (roles.some((r) => grantFor(user, r, row.bodyCode))) return;
    const readsIt = row.applicantIin === user.iin || QUEUE_ROLES.some((r) => grantFor(user, r, row.bodyCode));
    if (!readsIt) throw notFound('Report');
    throw new HttpError(403, 'FORBIDDEN', `Only ${roles.join(', ')} of body ${row.bodyCode} may do this`);
  };

  router.post('/reports/:talon/kui-registration', requireRole('registry_officer'), async (req, res) => {
    const row = await rowOfTalon(req);
    if (!row) throw notFound('Report');
    requireGrantIn(req.user!, ['registry_officer'], row);
    const state = await act(row, (h) => h.executeUpdate(registerInKui, { args: [{ officialIin: req.user!.iin }] }));
    res.json({ talon: state.talon, status: state.status, kuiNumber: state.kuiNumber });
  });

  router.post('/reports/:talon/decision', requireRole(...DECIDING_ROLES), json, async (req, res) => {
    const row = await rowOfTalon(req);
    if (!row) throw notFound('Report');
    requireGrantIn(req.user!, DECIDING_ROLES, row);
    // The body is read only for someone who may act on the report: authorisation answers first.
    const decision = parseOr400(reportDecisionSchema, req.body);
    if (decision.kind === 'TRANSFER' && !findBody(decision.toBodyId))
      throw new HttpError(400, 'VALIDATION_FAILED', 'Unknown body', { toBodyId: 'no such body' });
    if (decision.kind === 'ATTACH_TO_CASE' && !(await reports.caseExists(decision.erdrNumber))) {
      throw new HttpError(
        400,
        'VALIDATION_FAILED',
        'No case has this ERDR number',
        { erdrNumber: 'no such case' },
        {
          kk: 'Бұл ЕРДР нөмірімен іс жоқ.',
          ru: 'Дела с таким номером ЕРДР нет.',
          en: 'No case has this ERDR number.',
        },
      );
    }
    const state = await act(row, (h) => h.executeUpdate(decideReport, { args: [{ ...decision, officialIin: req.user!.iin }] }));
    res.json({
      talon: state.talon,
      status: state.status,
      statusLabel: state.statusLabel,
      kuiNumber: state.kuiNumber,
      erdrNumber: state.erdrNumber,
      decision: state.decision,
    });
  });

  return router;
}

// OpenAPI paths are in api/report/paths.ts, with the roles both use.
export { reportPaths, reportSchemas } from './report/paths';
