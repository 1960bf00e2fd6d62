// Translation tasks (000 §4.7–4.8, §5; 001 ¶7): an official of the case sends a case document to a
// translator who is a confirmed participant of the case; the translator's inbox «Жұмыста» with its
// ERDR filter and the source document's download; the signed translation; the official's review
// (approve «Келісілді» or return with the reason); the completed list (§4.8); the officials' queue
// by due date. The row (translation_task) is the lists' projection, the workflow
// `translation-<id>` the truth. Tasks a petition or complaint needs (001 ¶7) are started by its
// workflow as children and appear here the same way.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import express, { Router, type Request } from 'express';
import type { FileStore } from '../documents/store';
import type { LocalisedText } from '../domain/notification-templates';
import type { OfficialRole } from '../domain/roles';
import {
  dueDateProblem,
  sendForTranslationSchema,
  signedTranslationContent,
  TRANSLATION_REFUSALS,
  TRANSLATION_STATUS_LABELS,
  translationReviewSchema,
  translationSubmissionSchema,
  translationTaskRow,
  translationWorkflowId,
  type TranslationInput,
  type TranslationStatus,
} from '../domain/translation';
import type { SignatureService } from '../eds/service';
import { signedContentOf } from '../eds/verify';
import type { PrismaClient } from '../prisma/generated/client';
import { getTranslation, reviewTranslation, submitTranslation, translationWorkflow } from '../workflows/translation';
import { grantFor, requireRole, requireUser, type AuthenticatedUser } from './auth';
import { bodyView, erdrFilterOf, liveCase, requireOwnUploads, sha256, submissionIdFor, verifiedSubmission } from './case-submissions';
import { HttpError, notFound, parseOr400 } from './errors';
import { contentDisposition, sendStored } from './files';
import { requireIdempotencyKey } from './openapi-kit';
import { TRANSLATION_OFFICIAL_ROLES } from './translation/paths';

export interface TranslationRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
}

const refused = (status: number, code: keyof typeof TRANSLATION_REFUSALS, field?: string) =>
  new HttpError(status, code, TRANSLATION_REFUSALS[code].en, field ? { [field]: TRANSLATION_REFUSALS[code].en } : undefined, TRANSLATION_REFUSALS[code]);

type TaskRow = NonNullable<Awaited<ReturnType<PrismaClient['translationTask']['findUnique']>>>;

export function translationRouter(opts: TranslationRouterOptions): Router {
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '2mb' });

  const names = async (iins: string[]) => {
    const rows = await prisma.account.findMany({ where: { iin: { in: [...new Set(iins)] } }, select: { iin: true, fullName: true } });
    return new Map(rows.map((r) => [r.iin, r.fullName]));
  };

  /** One row of the inbox or the completed list (000 §4.7, §4.8 columns). */
  const rowView = (r: TaskRow, senders: Map<string, string>) => ({
    id: r.id,
    erdrNumber: r.erdrNumber,
    // «Жолдаушы»: blank in every sample of the seed; here the sender's full name.
    sender: { name: senders.get(r.senderIin) ?? null },
    sentAt: r.sentAt.toISOString(),
    decidingBody: bodyView(r.bodyCode),
    documentName: r.documentName,
    sourceKind: r.sourceKind,
    targetLanguage: r.targetLanguage,
    status: r.status,
    statusLabel: TRANSLATION_STATUS_LABELS[r.status as TranslationStatus] ?? null,
    dueAt: r.dueAt.toISOString(),
    overdue: r.overdue || (r.status === 'IN_WORK' && r.dueAt.getTime() < Date.now()),
    rounds: r.rounds,
    returnReason: r.returnReason,
    language: r.language,
    submittedForReviewAt: r.submittedAt?.toISOString() ?? null,
    approvedAt: r.approvedAt?.toISOString() ?? null,
  });

  /** The task, if this user may see it: its translator, or an official of the body it belongs to; 404 otherwise. */
  const taskFor = async (req: Request) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.translationTask.findUnique({ where: { id } }) : null;
    const user = req.user!;
    if (!row || (row.translatorIin !== user.iin && !TRANSLATION_OFFICIAL_ROLES.some((r) => grantFor(user, r, row.bodyCode))))
      throw notFound('Translation task');
    return row;
  };

  const listFor = async (user: AuthenticatedUser, statuses: TranslationStatus[], erdr: string | undefined, order: 'sentAt' | 'submittedAt') => {
    const rows = await prisma.translationTask.findMany({
      where: { translatorIin: user.iin, status: { in: statuses }, ...(erdr && { erdrNumber: erdr }) },
      orderBy: { [order]: 'desc' },
      take: 200,
    });
    const senders = await names(rows.map((r) => r.senderIin));
    return rows.map((r) => rowView(r, senders));
  };

  // ── 000 §5 step 1: the official sends a case document to a translator of the case ─────────────
  router.post('/translations', requireRole(...TRANSLATION_OFFICIAL_ROLES), json, async (req, res) => {
    const user = req.user!;
    const key = requireIdempotencyKey(req);
    const request = parseOr400(sendForTranslationSchema, req.body);
    const state = await liveCase(client, request.erdrNumber, prisma);
    // Strangers to the case learn nothing of it; its body's other officials are told who may.
    if (!state || !TRANSLATION_OFFICIAL_ROLES.some((r) => grantFor(user, r, state.bodyCode))) throw notFound('Case');
    const mayAct = state.officialIin === user.iin || state.prosecutorIin === user.iin || !!grantFor(user, 'head', state.bodyCode);
    if (!mayAct) throw new HttpError(403, 'FORBIDDEN', TRANSLATION_REFUSALS.NOT_OF_THE_CASE.en, undefined, TRANSLATION_REFUSALS.NOT_OF_THE_CASE);
    const problem = dueDateProblem(request.dueAt, Date.now());
    if (problem) throw new HttpError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { dueAt: problem });
    const doc = state.documents.find((d) => d.id === request.documentId);
    if (!doc) throw refused(400, 'NO_SUCH_DOCUMENT', 'documentId');
    // 000 §5 step 1: the translator is a participant of the case, confirmed (001 ¶26).
    const confirmed = await prisma.caseParticipant.findFirst({ where: { erdrNumber: state.erdrNumber, iin: request.translatorIin, role: 'translator' } });
    if (!confirmed || !state.participants.some((p) => p.iin === request.translatorIin && p.role === 'translator' && p.confirmedAt)) {
      throw refused(409, 'TRANSLATOR_NOT_PARTICIPANT', 'translatorIin');
    }

    const id = submissionIdFor('translation', user.iin, key);
    const scopedKey = `translation:${user.iin}:${key}`;
    const previous = await prisma.translationTask.findUnique({ where: { idempotencyKey: scopedKey } });
    if (
      previous &&
      (previous.sourceRef !== request.documentId || previous.translatorIin !== request.translatorIin || previous.erdrNumber !== request.erdrNumber)
    ) {
      throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different task');
    }
    const title = typeof doc.title === 'string' ? doc.title : doc.title.ru;
    const input: TranslationInput = {
      taskId: id,
      erdrNumber: state.erdrNumber,
      bodyCode: state.bodyCode,
      senderIin: previous?.senderIin ?? user.iin,
      translatorIin: request.translatorIin,
      source: { kind: 'case_document', documentId: doc.id, sha256: doc.sha256, title },
      targetLanguage: request.targetLanguage,
      sentAt: (previous?.sentAt ?? new Date()).toISOString(),
      dueAt: (previous?.dueAt ?? new Date(request.dueAt)).toISOString(),
      comment: request.comment,
    };
    if (!previous) await prisma.translationTask.createMany({ data: [translationTaskRow(input, scopedKey)], skipDuplicates: true });
    // Started here, or by the retry of a request whose start did not get through: never twice.
    try {
      await client.workflow.start(translationWorkflow, {
        workflowId: translationWorkflowId(id),
        taskQueue: opts.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
    const row = await prisma.translationTask.findUniqueOrThrow({ where: { id } });
    res.status(201).json(rowView(row, await names([row.senderIin])));
  });

  // ── 000 §4.7: the translator's inbox «Жұмыста»; refresh is reading it again ────────────────────
  router.get('/translations', requireUser, async (req, res) => {
    const erdr = erdrFilterOf(req);
    res.json({ items: await listFor(req.user!, ['IN_WORK'], erdr, 'sentAt') });
  });

  // ── 000 §4.8: «Орындалған тапсырмалар» — sent for checking, and approved ───────────────────────
  router.get('/translations/completed', requireUser, async (req, res) => {
    const erdr = erdrFilterOf(req);
    const items = await listFor(req.user!, ['SENT_FOR_REVIEW', 'AGREED'], erdr, 'submittedAt');
    const materials = await prisma.translationMaterial.findMany({ where: { taskId: { in: items.map((i) => i.id) } }, orderBy: { id: 'asc' } });
    res.json({ items: items.map((i) => ({ ...i, materials: materials.filter((m) => m.taskId === i.id).map(materialView) })) });
  });

  // One task, live from its workflow.
  router.get('/translations/:id', requireUser, async (req, res) => {
    const row = await taskFor(req);
    const state = await client.workflow
      .getHandle(translationWorkflowId(row.id))
      .query(getTranslation)
      .catch((e) => {
        if (e instanceof WorkflowNotFoundError) return undefined;
        throw e;
      });
    const senders = await names([row.senderIin]);
    const materials = await prisma.translationMaterial.findMany({ where: { taskId: row.id }, orderBy: { id: 'asc' } });
    res.json({
      ...rowView(row, senders),
      ...(state && { status: state.status, statusLabel: state.statusLabel, dueAt: state.dueAt }),
      rounds: state?.rounds ?? [],
      caseDocuments: state?.caseDocuments ?? [],
      materials: materials.map(materialView),
      history: state?.history ?? [],
      deadlines: state?.deadlines ?? [],
    });
  });

  // «Жүктеу»: the document to translate.
  router.get('/translations/:id/source', requireUser, async (req, res) => {
    const row = await taskFor(req);
    if (row.sourceKind === 'case_document' && row.sourceSha256) {
      const stored = await prisma.storedFile.findFirst({ where: { sha256: row.sourceSha256 }, select: { mediaType: true, name: true } });
      await sendStored(res, opts.files, row.sourceSha256, stored?.mediaType ?? 'application/pdf', stored?.name ?? `${row.documentName.slice(0, 80)}.pdf`);
      return;
    }
    // 001 ¶7: a petition or complaint — its text as the filer signed it.
    const submission = await prisma.caseSubmission.findUnique({ where: { id: row.sourceRef } });
    const signed = submission && signedContentOf(submission.signedContent);
    if (!signed) throw notFound('Source document');
    const { content } = JSON.parse(Buffer.from(signed).toString('utf8')) as { content: string };
    const text = Buffer.from(`${row.documentName}\n${row.erdrNumber}\n\n${content}\n`, 'utf8');
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', String(text.length));
    res.setHeader('Content-Disposition', contentDisposition(`${row.documentName}.txt`));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(text);
  });

  router.get('/translations/:id/materials/:sha256', requireUser, async (req, res) => {
    const row = await taskFor(req);
    const sha = String(req.params.sha256);
    const m = /^[0-9a-f]{64}$/.test(sha) ? await prisma.translationMaterial.findFirst({ where: { taskId: row.id, sha256: sha } }) : null;
    if (!m) throw notFound('Material');
    await sendStored(res, opts.files, m.sha256, m.mediaType, m.name);
  });

  // ── 000 §4.7 steps 1–10: «Аударманы жіберу», signed ─────────────────────────────────────────────
  router.post('/translations/:id/submission', requireUser, json, async (req, res) => {
    const row = await taskFor(req);
    const user = req.user!;
    if (row.translatorIin !== user.iin) throw refused(403, 'NOT_THE_TRANSLATOR');
    const { signedTranslation } = parseOr400(translationSubmissionSchema, req.body);
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedTranslation, signedTranslationContent);
    if (content.taskId !== row.id)
      throw new HttpError(400, 'VALIDATION_FAILED', 'The signed translation names another task', { taskId: 'must be the task of the path' });
    // Still a confirmed participant of the case (001 ¶26).
    if (!(await prisma.caseParticipant.findFirst({ where: { erdrNumber: row.erdrNumber, iin: user.iin, role: 'translator' } })))
      throw refused(403, 'TRANSLATOR_NOT_PARTICIPANT');
    await requireOwnUploads(prisma, content.files, user.iin, 'files');
    const signedSha256 = sha256(cms);
    await prisma.translationSubmission.createMany({
      data: [{ taskId: row.id, sha256: signedSha256, signedContent: new Uint8Array(cms), signerIin: user.iin }],
      skipDuplicates: true,
    });
    // The update's id is the signature's hash: the same signed translation sent again is answered as the first time.
    const state = await act(row, (h) =>
      h.executeUpdate(submitTranslation, {
        updateId: `submit-${signedSha256}`,
        args: [{ comment: content.comment, language: content.language, files: content.files, translatorIin: user.iin, signedSha256 }],
      }),
    );
    res.json(state);
  });

  // ── 000 §5 step 4: the review ──────────────────────────────────────────────────────────────────
  router.post('/translations/:id/review', requireRole(...TRANSLATION_OFFICIAL_ROLES), json, async (req, res) => {
    const row = await taskFor(req);
    const user = req.user!;
    if (row.senderIin !== user.iin && !grantFor(user, 'head', row.bodyCode)) throw refused(403, 'NOT_THE_REVIEWER');
    const review = parseOr400(translationReviewSchema, req.body);
    if (review.decision === 'RETURN' && review.dueAt) {
      const problem = dueDateProblem(review.dueAt, Date.now());
      if (problem) throw new HttpError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { dueAt: problem });
    }
    const state = await act(row, (h) => h.executeUpdate(reviewTranslation, { args: [{ ...review, officialIin: user.iin }] }));
    res.json(state);
  });

  // ── Officials: the bodies' open translation tasks, the soonest due first ───────────────────────
  router.get('/officials/translations', requireRole(...TRANSLATION_OFFICIAL_ROLES), async (req, res) => {
    const user = req.user!;
    const bodies = [...new Set(user.grants.filter((g) => TRANSLATION_OFFICIAL_ROLES.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];
    const rows = await prisma.translationTask.findMany({
      where: { bodyCode: { in: bodies }, status: { not: 'AGREED' } },
      orderBy: { dueAt: 'asc' },
      take: 500,
    });
    const people = await names(rows.flatMap((r) => [r.senderIin, r.translatorIin]));
    const now = Date.now();
    res.json({
      items: rows.map((r) => ({
        ...rowView(r, people),
        translator: { name: people.get(r.translatorIin) ?? null },
        sentByMe: r.senderIin === user.iin,
        awaitingMyReview: r.status === 'SENT_FOR_REVIEW' && r.senderIin === user.iin,
        timeLeftMs: r.dueAt.getTime() - now,
      })),
    });
  });

  /** Runs an update on the task's workflow; a refusal of the workflow is a 409 with its code and kk/ru/en text. */
  async function act<T>(row: TaskRow, run: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    try {
      return await run(client.workflow.getHandle(translationWorkflowId(row.id)));
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
        const code = e.cause.type ?? 'REJECTED';
        const localised = (TRANSLATION_REFUSALS as Record<string, LocalisedText>)[code];
        throw new HttpError(409, code, e.cause.message, undefined, localised);
      }
      // An approved task's workflow has ended: nothing is left to send or review.
      if (e instanceof WorkflowNotFoundError) throw refused(409, row.status === 'AGREED' ? 'NOT_IN_WORK' : 'NOTHING_TO_REVIEW');
      throw e;
    }
  }

  return router;
}

function materialView(m: { round: number; name: string; sha256: string; mediaType: string; size: number; kind: string; addedAt: Date }) {
  return { round: m.round, name: m.name, sha256: m.sha256, mediaType: m.mediaType, size: m.size, kind: m.kind, addedAt: m.addedAt.toISOString() };
}

// OpenAPI paths are in api/translation/paths.ts.
export { TRANSLATION_OFFICIAL_ROLES, translationPaths, translationSchemas } from './translation/paths';
