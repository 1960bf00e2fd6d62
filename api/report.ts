// Crime reports (арыз, 000 §3.3–3.4): the citizens' submission and status list, and the officials'
// queue and actions. A submission is checked completely before anything is written (signature
// with revocation, content, dictionaries, attachments); then the talon and the report row are
// written in one statement and the 202 carries the talon. The committed row is the durable
// acceptance: the report starter (platform/report-starter.ts) starts its workflow `report-<talon>`.
// The Idempotency-Key makes a retried submission return the same talon, never a second report.
import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { dueAt } from '../domain/deadlines';
import { caseWorkflowId } from '../domain/ecase';
import { checkPlacement, findBody } from '../domain/dictionaries';
import { REPORT_STATUS_LABELS, REPORT_STATUSES, reportDecisionSchema, reportWorkflowId, signedReportContent, type ReportStatus } from '../domain/report';
import type { OfficialRole } from '../domain/roles';
import { RevocationUnavailableError } from '../eds/revocation';
import { signatureCheckInsert, type JournallingSignatureService, type SignatureCheckEntry } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { signedContentOf } from '../eds/verify';
import type { FileStore } from '../documents/store';
import { queryRows } from '../platform/db/client';
import { startFromOutbox } from '../platform/report-starter';
import { allocationSql, astanaYear, isUniqueViolation, SequenceExhaustedError } from '../platform/numbers';
import { decideReport, describe, getReport, registerInKui, reportWorkflow, type ReportState } from '../workflows/report';
import { HttpError, notFound, parseOr400, zodFields } from './errors';
import { grantFor, requireRole, requireUser, type AuthenticatedUser } from './auth';
import { sendMaterialsZip } from './files';

interface NewReport {
  scopedKey: string;
  requestHash: string;
  applicantIin: string;
  signedReport: Uint8Array;
  regionId: string;
  districtId: string;
  bodyId: string;
  bodyCode: string;
  submittedAt: Date;
  requestId: string;
  /** The verification's journal row, written by the same statement. */
  signatureCheck: SignatureCheckEntry;
  /** Files the report lists: each must be the applicant's upload with that hash. */
  attachments: { id: string; sha256: string }[];
}

/**
 * Allocates the talon (000 §7.8) and writes the report under it, with the journal row of its
 * signature check, in one statement: all or nothing, and the talon sequence is locked only while
 * PostgreSQL runs it. The attachments are checked in the same statement; when one is not the
 * applicant's upload with the signed hash, no talon is taken, only the check is journalled, and
 * `attachmentsOk` is false.
 */
async function insertReportWithTalon(prisma: PrismaClient, r: NewReport) {
  const talonRequest = { kind: 'TALON' as const, year: astanaYear(r.submittedAt), idempotencyKey: `talon/${r.scopedKey}` };
  const status: ReportStatus = 'AWAITING_REGISTRATION';
  // The queue's order and time left; the workflow's timer of the same rule is the deadline itself.
  const due = new Date(dueAt('report.decision', r.submittedAt.getTime()));
  const listed = [...new Map(r.attachments.map((a) => [`${a.id}/${a.sha256}`, a])).values()];
  const attachmentsOk = listed.length
    ? Prisma.sql`(SELECT count(*) = ${listed.length} FROM stored_file WHERE owner_iin = ${r.applicantIin} AND (id, sha256) IN (${Prisma.join(listed.map((a) => Prisma.sql`(${a.id}, ${a.sha256})`))}))`
    : Prisma.sql`true`;
  const [row] = await queryRows<{ talon: string | null; attachments_ok: boolean }>(prisma, Prisma.sql`
    WITH signature_checked AS (${signatureCheckInsert(r.signatureCheck)}),
    attachments AS (SELECT ${attachmentsOk} AS ok),
    ${allocationSql(talonRequest, Prisma.sql`(SELECT ok FROM attachments)`)},
    inserted AS (
      INSERT INTO report (talon, idempotency_key, request_hash, applicant_iin, signed_report, region_id, district_id, body_id, body_code, status, due_at, submitted_at, request_id)
      SELECT number, ${r.scopedKey}, ${r.requestHash}, ${r.applicantIin}, ${r.signedReport}, ${r.regionId}, ${r.districtId}, ${r.bodyId}, ${r.bodyCode}, ${status}, ${due}, ${r.submittedAt}, ${r.requestId}
      FROM allocated
      RETURNING talon)
    SELECT (SELECT talon FROM inserted) AS talon, (SELECT ok FROM attachments) AS attachments_ok`);
  if (!row.attachments_ok) return { attachmentsOk: false as const };
  if (!row.talon) throw new SequenceExhaustedError(talonRequest);
  return { attachmentsOk: true as const, accepted: { talon: row.talon, status } };
}

const submission = z.object({ signedReport: z.string().min(1, 'base64 CMS expected').regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected') });
const idempotencyKey = z.string().regex(/^[\w.:-]{8,128}$/, '8–128 characters: letters, digits, . _ : -');

/** Officials who see and act on a body's reports. */
const QUEUE_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head', 'prosecutor'];
const DECIDING_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head'];

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type ReportRow = NonNullable<Awaited<ReturnType<PrismaClient['report']['findUnique']>>>;

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
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '2mb' });

  /**
   * The answer to a submission whose Idempotency-Key was used before: the same talon when it is
   * the same report (a retry), 409 when it is another; undefined when the key is new.
   */
  const acceptedBefore = async (scopedKey: string, requestHash: string) => {
    const previous = await prisma.report.findUnique({ where: { idempotencyKey: scopedKey }, select: { talon: true, status: true, requestHash: true } });
    if (!previous) return undefined;
    if (previous.requestHash !== requestHash) throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different report');
    return { talon: previous.talon, status: previous.status };
  };

  /** Why the listed attachments were refused, per field: not the applicant's upload, or another hash. */
  const attachmentsRefused = async (attachments: { id: string; sha256: string }[], applicantIin: string) => {
    const files = await prisma.storedFile.findMany({ where: { id: { in: attachments.map((a) => a.id) } }, select: { id: true, ownerIin: true, sha256: true } });
    const fields: Record<string, string> = {};
    attachments.forEach((a, i) => {
      const f = files.find((x) => x.id === a.id);
      if (!f || f.ownerIin !== applicantIin) fields[`attachments.${i}.id`] = 'no such uploaded file';
      else if (f.sha256 !== a.sha256) fields[`attachments.${i}.sha256`] = 'does not match the uploaded file';
    });
    return new HttpError(400, 'VALIDATION_FAILED', 'The report lists files that were not uploaded', fields);
  };

  // ── Citizens ────────────────────────────────────────────────────────────────────────────────
  router.post('/reports', requireUser, json, async (req, res) => {
    const user = req.user!;
    const keyCheck = idempotencyKey.safeParse(req.header('Idempotency-Key'));
    if (!keyCheck.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is required', { 'Idempotency-Key': keyCheck.error.issues[0].message });
    const scopedKey = `${user.iin}:${keyCheck.data}`;
    const { signedReport } = parseOr400(submission, req.body);
    const cms = new Uint8Array(Buffer.from(signedReport.replace(/\s+/g, ''), 'base64'));
    const requestHash = sha256(cms);

    // 1. The signature: the citizen's own signing key, valid now, not revoked. Every check is
    // journalled: with the report when it is accepted, else on its own (see `finally`).
    let verified;
    try {
      verified = await opts.signatures.verifyUnrecorded({ cms, purpose: 'sign' }, { iin: user.iin });
    } catch (e) {
      if (e instanceof RevocationUnavailableError) throw new HttpError(503, 'REVOCATION_UNAVAILABLE', 'The certificate status service does not answer; try again shortly');
      throw e;
    }
    const { verdict } = verified;
    // The answer is sent only after the check is journalled, whichever way it went.
    let unjournalled: SignatureCheckEntry | undefined = verified.entry;
    /** Steps 2–3 on a verified signature: the answer to send. */
    const decide = async (): Promise<{ status: number; body: unknown }> => {
      if (!verdict.valid) {
        // A retry of a report accepted earlier keeps its talon even if the certificate has lapsed since.
        const previous = await acceptedBefore(scopedKey, requestHash);
        if (previous) return { status: 202, body: previous };
        return {
          status: 422,
          body: { error: { code: 'SIGNATURE_INVALID', message: 'The report signature was not accepted', reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message, localised: REASON_TEXT[r.code] })) } },
        };
      }
      if (verdict.signers.some((s) => s.identity?.iin !== user.iin)) throw new HttpError(422, 'SIGNER_MISMATCH', 'The report must be signed by the logged-in applicant');
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
        const written = await insertReportWithTalon(prisma, {
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
          signatureCheck: verified.entry,
          attachments: content.attachments,
        });
        unjournalled = undefined;
        if (!written.attachmentsOk) throw await attachmentsRefused(content.attachments, user.iin);
        return { status: 202, body: written.accepted };
      } catch (e) {
        // The key was used before (a retry, or the same submission sent twice at once): the
        // allocation under the same key refuses a second talon; answer as the first was answered.
        const previous = isUniqueViolation(e) ? await acceptedBefore(scopedKey, requestHash) : undefined;
        if (!previous) throw e;
        return { status: 202, body: previous };
      }
    };
    let answer: { status: number; body: unknown };
    try {
      answer = await decide();
    } finally {
      if (unjournalled) await opts.signatures.record(unjournalled);
    }
    res.status(answer.status).json(answer.body);
  });

  router.get('/reports', requireUser, async (req, res) => {
    const rows = await prisma.report.findMany({ where: { applicantIin: req.user!.iin }, orderBy: { submittedAt: 'desc' }, take: 200 });
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

  /**
   * The report row of the talon in the path, or null. Anything but 15 digits is no talon: it never
   * reaches the database (a NUL byte in it made PostgreSQL fail the query, a 500).
   */
  const rowOfTalon = (req: Request) => {
    const talon = String(req.params.talon);
    return /^\d{15}$/.test(talon) ? prisma.report.findUnique({ where: { talon } }) : Promise.resolve(null);
  };

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
  const liveState = async (row: ReportRow): Promise<ReportState> => {
    try {
      return await client.workflow.getHandle(reportWorkflowId(row.talon)).query(getReport);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError) || row.workflowStartedAt) throw e;
      const status = row.status as ReportStatus;
      const submittedAt = row.submittedAt.toISOString();
      return {
        talon: row.talon, description: descriptionOf(row), status, statusLabel: REPORT_STATUS_LABELS[status], submittedAt, bodyId: row.bodyId, bodyCode: row.bodyCode,
        materials: [], history: [{ at: submittedAt, status }], deadlines: [],
      };
    }
  };

  router.get('/reports/:talon', requireUser, async (req, res) => {
    const row = await reportFor(req);
    const state = await liveState(row);
    const materials = await prisma.reportMaterial.findMany({ where: { talon: row.talon }, orderBy: { id: 'asc' } });
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
      materials: materials.map((m) => ({ name: m.name, sha256: m.sha256, mediaType: m.mediaType, size: m.size, kind: m.kind, addedAt: m.addedAt.toISOString(), fileId: m.fileId })),
      history: state.history,
      deadlines: state.deadlines,
    });
  });

  router.get('/reports/:talon/materials.zip', requireUser, async (req, res) => {
    const row = await reportFor(req);
    const materials = await prisma.reportMaterial.findMany({ where: { talon: row.talon }, orderBy: { id: 'asc' } });
    await sendMaterialsZip(res, materials.map((m) => ({ name: m.name, sha256: m.sha256 })), opts.files, `${row.talon}.zip`);
  });

  // ── Officials ───────────────────────────────────────────────────────────────────────────────
  const statusFilter = z.array(z.enum(REPORT_STATUSES)).default(['AWAITING_REGISTRATION', 'REGISTERED_KUI', 'TRANSFERRED']);

  router.get('/officials/reports', requireRole(...QUEUE_ROLES), async (req, res) => {
    const user = req.user!;
    const statuses = parseOr400(statusFilter, typeof req.query.status === 'string' ? req.query.status.split(',') : undefined);
    const bodies = [...new Set(user.grants.filter((g) => QUEUE_ROLES.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];
    const rows = await prisma.report.findMany({ where: { bodyCode: { in: bodies }, status: { in: statuses } }, orderBy: { dueAt: 'asc' }, take: 500 });
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
      try {
        return await run(handle);
      } catch (e) {
        if (!(e instanceof WorkflowNotFoundError) || row.workflowStartedAt) throw e;
        await startFromOutbox({ prisma, client, taskQueue: opts.taskQueue }, { talon: row.talon, limit: 1 });
        return await run(handle);
      }
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
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

  /** A report is attached only to a case the register holds (its workflow exists, open or closed). */
  const caseExists = async (erdr: string) => {
    try {
      await client.workflow.getHandle(caseWorkflowId(erdr)).describe();
      return true;
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return false;
      throw e;
    }
  };

  router.post('/reports/:talon/decision', requireRole(...DECIDING_ROLES), json, async (req, res) => {
    const row = await rowOfTalon(req);
    if (!row) throw notFound('Report');
    requireGrantIn(req.user!, DECIDING_ROLES, row);
    // The body is read only for someone who may act on the report: authorisation answers first.
    const decision = parseOr400(reportDecisionSchema, req.body);
    if (decision.kind === 'TRANSFER' && !findBody(decision.toBodyId)) throw new HttpError(400, 'VALIDATION_FAILED', 'Unknown body', { toBodyId: 'no such body' });
    if (decision.kind === 'ATTACH_TO_CASE' && !(await caseExists(decision.erdrNumber))) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'No case has this ERDR number', { erdrNumber: 'no such case' }, {
        kk: 'Бұл ЕРДР нөмірімен іс жоқ.',
        ru: 'Дела с таким номером ЕРДР нет.',
        en: 'No case has this ERDR number.',
      });
    }
    const state = await act(row, (h) => h.executeUpdate(decideReport, { args: [{ ...decision, officialIin: req.user!.iin }] }));
    res.json({ talon: state.talon, status: state.status, statusLabel: state.statusLabel, kuiNumber: state.kuiNumber, erdrNumber: state.erdrNumber, decision: state.decision });
  });

  return router;
}
