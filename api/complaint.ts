// Complaints (шағым, 000 §4.10 «шағым беру», «Бұрын берілген шағымның мәртебесі»; CPC art. 105–106):
// filed and listed like petitions (api/petition.ts, whose helpers this router uses), addressed to the
// supervising prosecutor (an investigator's action) or to another prosecutor of the body (a
// prosecutor's action), decided by the prosecutor, who may extend the check to 10 days when
// materials must be requested. The workflow `complaint-<id>` is the truth; the row the projection.
import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { PrismaClient } from '../prisma/generated/client';
import { dueAt } from '../domain/deadlines';
import {
  COMPLAINT_RESULT_LABELS,
  COMPLAINT_STATUS_LABELS,
  complaintAnswerSchema,
  complaintExtensionSchema,
  complaintSubmission,
  complaintWorkflowId,
  signedComplaintContent,
  type ComplaintResult,
  type ComplaintStatus,
} from '../domain/complaint';
import type { OfficialRole } from '../domain/roles';
import { translationDetourFor } from '../domain/translation';
import type { SignatureService } from '../eds/service';
import { signedContentOf } from '../eds/verify';
import type { FileStore } from '../documents/store';
import { answerComplaint, complaintWorkflow, extendComplaintCheck, getComplaint } from '../workflows/complaint';
import { grantFor, requireRole, requireUser } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { sendMaterialsZip, sendStored } from './files';
import { acceptSubmission, confirmedCase, erdrFilterOf, listItem, materialView, NOT_A_PARTICIPANT, requireOwnUploads, submissionIdFor, submissionQueue, verifiedSubmission } from './petition';

export interface ComplaintRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
}

/** Who reads and decides a body's complaints: its prosecutors; its head reads them too. */
const COMPLAINT_READERS: OfficialRole[] = ['prosecutor', 'head'];

const idempotencyKey = z.string().regex(/^[\w.:-]{8,128}$/, '8–128 characters: letters, digits, . _ : -');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type Row = NonNullable<Awaited<ReturnType<PrismaClient['caseSubmission']['findUnique']>>>;

/** A status-list row with the complaint's own labels. */
function complaintItem(r: Row) {
  const signed = JSON.parse(Buffer.from(signedContentOf(r.signedContent)!).toString('utf8')) as { subject: string };
  return {
    ...listItem(r),
    subject: signed.subject,
    statusLabel: COMPLAINT_STATUS_LABELS[r.status as ComplaintStatus] ?? null,
    resultLabel: COMPLAINT_RESULT_LABELS[(r.result as ComplaintResult | null) ?? 'PENDING'],
  };
}

export function complaintRouter(opts: ComplaintRouterOptions): Router {
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '2mb' });

  router.post('/complaints', requireUser, json, async (req, res) => {
    const user = req.user!;
    const key = idempotencyKey.safeParse(req.header('Idempotency-Key'));
    if (!key.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is required', { 'Idempotency-Key': key.error.issues[0].message });
    const { signedComplaint } = parseOr400(complaintSubmission, req.body);
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedComplaint, signedComplaintContent);
    const state = await confirmedCase(prisma, client, content.erdrNumber, user.iin);
    if (!state) throw new HttpError(403, 'NOT_A_PARTICIPANT', NOT_A_PARTICIPANT.en, { erdrNumber: NOT_A_PARTICIPANT.en }, NOT_A_PARTICIPANT);
    await requireOwnUploads(prisma, content.attachments, user.iin, 'attachments');

    // CPC art. 105: to the supervising prosecutor; art. 106: about that prosecutor, to another one.
    const aboutProsecutor = content.subject === 'PROSECUTOR_ACTION';
    const addresseeIin = aboutProsecutor ? undefined : state.prosecutorIin;
    const id = submissionIdFor('complaint', user.iin, key.data);
    const accepted = await acceptSubmission(
      opts,
      {
        id, kind: 'complaint', scopedKey: `complaint:${user.iin}:${key.data}`, requestHash: sha256(cms), erdrNumber: content.erdrNumber, filerIin: user.iin, cms,
        bodyCode: state.bodyCode, addresseeIin: addresseeIin ?? '', rule: 'complaint.decision', status: 'UNDER_REVIEW' satisfies ComplaintStatus,
      },
      (submittedAt) =>
        client.workflow.start(complaintWorkflow, {
          workflowId: complaintWorkflowId(id),
          taskQueue: opts.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{
            complaintId: id,
            erdrNumber: content.erdrNumber,
            submittedAt: submittedAt.toISOString(),
            complainant: { iin: user.iin, fullName: user.name, locale: user.locale },
            subject: content.subject,
            content: content.content,
            language: content.language,
            attachments: content.attachments,
            bodyCode: state.bodyCode,
            addresseeIin,
            excludedIin: aboutProsecutor ? state.prosecutorIin : undefined,
            // 001 ¶7: in another language than the case's, translated first (reviewed by the addressee, else the conducting official).
            translation: translationDetourFor(state, content.language, addresseeIin ?? state.officialIin),
          }],
        }),
    );
    res.status(202).json({ ...accepted, erdrNumber: content.erdrNumber });
  });

  router.get('/complaints', requireUser, async (req, res) => {
    const erdr = erdrFilterOf(req);
    const rows = await prisma.caseSubmission.findMany({
      where: { filerIin: req.user!.iin, kind: 'complaint', ...(erdr && { erdrNumber: erdr }) },
      orderBy: { submittedAt: 'desc' },
      take: 200,
      include: { _count: { select: { materials: true } } },
    });
    res.json({ items: rows.map((r) => ({ ...complaintItem(r), materialCount: r._count.materials })) });
  });

  /** The complaint, if this user may see it: its complainant, or a prosecutor or the head of its body. */
  const complaintFor = async (req: Request) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.caseSubmission.findUnique({ where: { id } }) : null;
    const user = req.user!;
    if (!row || row.kind !== 'complaint') throw notFound('Complaint');
    if (row.filerIin !== user.iin && !COMPLAINT_READERS.some((r) => grantFor(user, r, row.bodyCode))) throw notFound('Complaint');
    return row;
  };

  router.get('/complaints/:id', requireUser, async (req, res) => {
    const row = await complaintFor(req);
    // A complaint whose workflow did not start yet (the filer's retry starts it) is shown as its row.
    const state = await client.workflow.getHandle(complaintWorkflowId(row.id)).query(getComplaint).catch((e) => {
      if (e instanceof WorkflowNotFoundError) return undefined;
      throw e;
    });
    const materials = await prisma.caseSubmissionMaterial.findMany({ where: { submissionId: row.id }, orderBy: { id: 'asc' } });
    res.json({
      ...complaintItem(row),
      ...(state && { status: state.status, statusLabel: state.statusLabel, resultLabel: state.resultLabel }),
      extension: state?.extension ?? null,
      answer: state?.answer ?? null,
      // 001 ¶7: its translation, when it was written in another language than the case's.
      translation: state?.translation ?? null,
      materials: materials.map(materialView),
      history: state?.history ?? [],
      deadlines: state?.deadlines ?? [],
    });
  });

  router.get('/complaints/:id/materials.zip', requireUser, async (req, res) => {
    const row = await complaintFor(req);
    const materials = await prisma.caseSubmissionMaterial.findMany({ where: { submissionId: row.id }, orderBy: { id: 'asc' } });
    await sendMaterialsZip(res, materials.map((m) => ({ name: m.name, sha256: m.sha256 })), opts.files, `complaint-${row.erdrNumber}.zip`);
  });

  router.get('/complaints/:id/materials/:sha256', requireUser, async (req, res) => {
    const row = await complaintFor(req);
    // Only a SHA-256 reaches the database: a NUL byte in the path made PostgreSQL fail the query (500).
    const sha = String(req.params.sha256);
    const m = /^[0-9a-f]{64}$/.test(sha) ? await prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: row.id, sha256: sha } }) : null;
    if (!m) throw notFound('Material');
    await sendStored(res, opts.files, m.sha256, m.mediaType, m.name);
  });

  // ── Prosecutors ───────────────────────────────────────────────────────────────────────────
  router.get('/officials/complaints', requireRole(...COMPLAINT_READERS), async (req, res) => {
    res.json({ items: await submissionQueue(prisma, req.user!, ['complaint']) });
  });

  /** A prosecutor of the complaint's body, and the addressee when it has one (403 for others who read it). */
  const decidingRow = async (req: Request) => {
    const row = await complaintFor(req);
    const user = req.user!;
    if (!grantFor(user, 'prosecutor', row.bodyCode) || (row.addresseeIin && row.addresseeIin !== user.iin)) {
      throw new HttpError(403, 'FORBIDDEN', 'Only the prosecutor the complaint is addressed to decides it', undefined, {
        kk: 'Шағымды ол жолданған прокурор шешеді.',
        ru: 'Жалобу разрешает прокурор, которому она адресована.',
        en: 'Only the prosecutor the complaint is addressed to decides it.',
      });
    }
    if (row.answeredAt) throw new HttpError(409, 'ALREADY_ANSWERED', 'The complaint is already decided');
    return row;
  };

  const update = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      if (e instanceof WorkflowNotFoundError) throw new HttpError(409, 'ALREADY_ANSWERED', 'The complaint is already decided');
      throw e;
    }
  };

  router.post('/complaints/:id/answer', requireRole('prosecutor'), json, async (req, res) => {
    const row = await decidingRow(req);
    const user = req.user!;
    const answer = parseOr400(complaintAnswerSchema, req.body);
    await requireOwnUploads(prisma, answer.materials, user.iin, 'materials');
    const handle = client.workflow.getHandle(complaintWorkflowId(row.id));
    res.json(await update(() => handle.executeUpdate(answerComplaint, { args: [{ ...answer, prosecutorIin: user.iin, responderName: user.name }] })));
  });

  router.post('/complaints/:id/extension', requireRole('prosecutor'), json, async (req, res) => {
    const row = await decidingRow(req);
    const { reason } = parseOr400(complaintExtensionSchema, req.body);
    const handle = client.workflow.getHandle(complaintWorkflowId(row.id));
    const state = await update(() => handle.executeUpdate(extendComplaintCheck, { args: [{ reason, prosecutorIin: req.user!.iin }] }));
    // The queue orders by the row's deadline: now 10 days from receipt (CPC art. 105 part 1).
    await prisma.caseSubmission.update({ where: { id: row.id }, data: { dueAt: new Date(dueAt('complaint.decisionExtended', row.submittedAt.getTime())) } });
    res.json(state);
  });

  return router;
}
