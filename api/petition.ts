// Petitions (өтінішхат, 000 §4.5–4.6; CPC ch. 13): the cases a participant may petition on, the
// signed submission, the status list with its ERDR-number filter and materials, and the officials'
// queue and answer. A petition is accepted only from a participant whose procedural status the
// conducting official confirmed (001 ¶26), on that case; its row is the status list's projection
// and its workflow `petition-<id>` the truth. The id comes from the Idempotency-Key, so a retried
// submission answers with the same petition and never starts a second one.
import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z, type ZodType } from 'zod';
import type { PrismaClient } from '../prisma/generated/client';
import { dueAt, type DeadlineRuleId } from '../domain/deadlines';
import type { CaseState } from '../domain/ecase';
import { bodyByCode } from '../domain/dictionaries';
import { describe as describeFabula } from '../workflows/report';
import {
  ERDR_FILTER_MESSAGE,
  PETITION_RESULT_LABELS,
  PETITION_STATUS_LABELS,
  petitionAnswerSchema,
  petitionSubmission,
  petitionWorkflowId,
  signedPetitionContent,
  type AttachmentRef,
  type PetitionResult,
  type PetitionStatus,
} from '../domain/petition';
import type { OfficialRole } from '../domain/roles';
import { translationDetourFor } from '../domain/translation';
import type { LocalisedText } from '../domain/notification-templates';
import { RevocationUnavailableError } from '../eds/revocation';
import type { SignatureService } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { signedContentOf } from '../eds/verify';
import type { FileStore } from '../documents/store';
import { getCase } from '../workflows/ecase';
import { answerPetition, getPetition, petitionWorkflow } from '../workflows/petition';
import { grantFor, requireRole, requireUser, type AuthenticatedUser } from './auth';
import { HttpError, notFound, parseOr400, zodFields } from './errors';
import { sendMaterialsZip, sendStored } from './files';

export interface PetitionRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
}

/** Officials who see a body's petitions and complaints; those who answer a petition (the conducting official, their head). */
export const SUBMISSION_QUEUE_ROLES: OfficialRole[] = ['investigator', 'head', 'prosecutor'];
const ANSWERING_ROLES: OfficialRole[] = ['investigator', 'head'];

const idempotencyKey = z.string().regex(/^[\w.:-]{8,128}$/, '8–128 characters: letters, digits, . _ : -');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A UUID-shaped id from the filer and their Idempotency-Key: the business key of the workflow. */
export const submissionIdFor = (kind: string, iin: string, key: string) => {
  const h = sha256(`${kind}:${iin}:${key}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export const NOT_A_PARTICIPANT: LocalisedText = {
  kk: 'Бұл іс бойынша Сіздің процестік мәртебеңіз расталмаған: өтініш беруге болмайды.',
  ru: 'Ваш процессуальный статус по этому делу не подтверждён: подать обращение нельзя.',
  en: 'Your procedural status in this case is not confirmed: you cannot file on it.',
};

export const erdrFilterError = () => new HttpError(400, 'VALIDATION_FAILED', ERDR_FILTER_MESSAGE.en, { erdrNumber: ERDR_FILTER_MESSAGE.en }, ERDR_FILTER_MESSAGE);

/** 000 §7.5: the optional ERDR-number filter of a list, exactly 15 digits. */
export function erdrFilterOf(req: Request): string | undefined {
  const raw = req.query.erdrNumber;
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{15}$/.test(raw)) throw erdrFilterError();
  return raw;
}

export const bodyView = (code: string) => {
  const b = bodyByCode(code);
  return { code, name: b?.name ?? null };
};

/**
 * The signed submission: the signer's own signing key, valid now, with the content inside the CMS,
 * parsed against `schema` (400 naming each invalid field).
 */
export async function verifiedSubmission<T>(signatures: SignatureService, user: AuthenticatedUser, base64: string, schema: ZodType<T>): Promise<{ content: T; cms: Uint8Array }> {
  const cms = new Uint8Array(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
  let verdict;
  try {
    verdict = await signatures.verify({ cms, purpose: 'sign' }, { iin: user.iin });
  } catch (e) {
    if (e instanceof RevocationUnavailableError) throw new HttpError(503, 'REVOCATION_UNAVAILABLE', 'The certificate status service does not answer; try again shortly', undefined, REASON_TEXT.REVOCATION_UNAVAILABLE);
    throw e;
  }
  if (!verdict.valid) {
    const reason = verdict.reasons[0];
    throw new HttpError(422, 'SIGNATURE_INVALID', 'The signature was not accepted', reason ? { signature: reason.message } : undefined, reason ? REASON_TEXT[reason.code] : undefined);
  }
  if (verdict.signers.some((s) => s.identity?.iin !== user.iin)) throw new HttpError(422, 'SIGNER_MISMATCH', 'The submission must be signed by the logged-in person');
  const signed = verdict.signedContent ?? signedContentOf(cms);
  if (!signed) throw new HttpError(422, 'CONTENT_NOT_ENCAPSULATED', 'Sign with the content inside the CMS (attached)');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(signed).toString('utf8'));
  } catch {
    throw new HttpError(400, 'VALIDATION_FAILED', 'The signed content is not JSON', { '(content)': 'UTF-8 JSON expected' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The submission has invalid fields', zodFields(parsed.error));
  return { content: parsed.data, cms };
}

/** Files listed must be this person's uploads with exactly those hashes (400 naming each one otherwise). */
export async function requireOwnUploads(prisma: PrismaClient, files: AttachmentRef[], iin: string, field: string): Promise<void> {
  if (files.length === 0) return;
  const rows = await prisma.storedFile.findMany({ where: { id: { in: files.map((a) => a.id) } }, select: { id: true, ownerIin: true, sha256: true } });
  const fields: Record<string, string> = {};
  files.forEach((a, i) => {
    const f = rows.find((x) => x.id === a.id);
    if (!f || f.ownerIin !== iin) fields[`${field}.${i}.id`] = 'no such uploaded file';
    else if (f.sha256 !== a.sha256) fields[`${field}.${i}.sha256`] = 'does not match the uploaded file';
  });
  if (Object.keys(fields).length) throw new HttpError(400, 'VALIDATION_FAILED', 'Files were listed that were not uploaded', fields);
}

/** The case as its workflow holds it, or undefined when there is none. */
export async function liveCase(client: Client, erdr: string): Promise<CaseState | undefined> {
  try {
    return await client.workflow.getHandle(`case-${erdr}`).query(getCase);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return undefined;
    throw e;
  }
}

/** 001 ¶26: the case, when this person's procedural status in it is confirmed (the case workflow decides). */
export async function confirmedCase(prisma: PrismaClient, client: Client, erdr: string, iin: string): Promise<CaseState | undefined> {
  const projected = await prisma.caseParticipant.findFirst({ where: { erdrNumber: erdr, iin }, select: { iin: true } });
  if (!projected) return undefined;
  const state = await liveCase(client, erdr);
  return state?.participants.some((p) => p.iin === iin && p.confirmedAt) ? state : undefined;
}

/** Accepts a signed submission once: the row (the status list's projection) and its workflow. */
export async function acceptSubmission(
  deps: { prisma: PrismaClient; client: Client; taskQueue: string },
  row: { id: string; kind: 'petition' | 'complaint'; scopedKey: string; requestHash: string; erdrNumber: string; filerIin: string; cms: Uint8Array; bodyCode: string; addresseeIin: string; rule: DeadlineRuleId; limitMs?: number; status: string },
  start: (submittedAt: Date) => Promise<unknown>,
): Promise<{ id: string; status: string; submittedAt: string }> {
  const previous = await deps.prisma.caseSubmission.findUnique({ where: { idempotencyKey: row.scopedKey } });
  if (previous && previous.requestHash !== row.requestHash) throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different submission');
  const submittedAt = previous?.submittedAt ?? new Date();
  if (!previous) {
    const due = new Date(row.limitMs ? submittedAt.getTime() + row.limitMs : dueAt(row.rule, submittedAt.getTime()));
    await deps.prisma.caseSubmission.createMany({
      data: [{
        id: row.id, kind: row.kind, idempotencyKey: row.scopedKey, requestHash: row.requestHash, erdrNumber: row.erdrNumber, filerIin: row.filerIin,
        signedContent: new Uint8Array(row.cms), bodyCode: row.bodyCode, addresseeIin: row.addresseeIin, status: row.status, dueAt: due, submittedAt,
      }],
      skipDuplicates: true,
    });
  }
  // Started here, or by the retry of a submission whose start did not get through: never twice.
  try {
    await start(submittedAt);
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  const current = await deps.prisma.caseSubmission.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
  return { id: row.id, status: current.status, submittedAt: submittedAt.toISOString() };
}

export function petitionRouter(opts: PetitionRouterOptions): Router {
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '2mb' });

  const nameOf = async (iin: string) => (await prisma.account.findUnique({ where: { iin }, select: { fullName: true } }))?.fullName ?? null;

  // ── 000 §4.5 screen 1: the cases the user may petition on ───────────────────────────────────
  router.get('/petitions/available-cases', requireUser, async (req, res) => {
    const me = req.user!.iin;
    const erdrs = [...new Set((await prisma.caseParticipant.findMany({ where: { iin: me }, orderBy: { confirmedAt: 'desc' }, take: 200 })).map((r) => r.erdrNumber))];
    const items = [];
    for (const erdr of erdrs) {
      const state = await liveCase(client, erdr);
      if (!state?.participants.some((p) => p.iin === me && p.confirmedAt)) continue;
      const report = state.talon ? await prisma.report.findUnique({ where: { talon: state.talon }, select: { signedReport: true } }) : null;
      const fabula = report ? (JSON.parse(Buffer.from(signedContentOf(report.signedReport)!).toString('utf8')) as { fabula: string }).fabula : null;
      const mine = await prisma.caseSubmission.groupBy({ by: ['status'], where: { erdrNumber: erdr, filerIin: me, kind: 'petition' }, _count: true });
      items.push({
        erdrNumber: erdr,
        fabula: fabula && describeFabula(fabula),
        petitions: { filed: mine.reduce((n, g) => n + g._count, 0), considered: mine.filter((g) => g.status === 'ANSWERED').reduce((n, g) => n + g._count, 0) },
        // «Өндірісте»: the body and the official conducting the case now.
        inProceedings: { body: bodyView(state.bodyCode), officialName: await nameOf(state.officialIin) },
        // «Шешім қабылдаған орган»: the body that registered the case (before any transfer).
        decidingBody: bodyView(state.transfers[0]?.fromBodyCode ?? state.bodyCode),
        myStatuses: state.participants.filter((p) => p.iin === me && p.confirmedAt).map((p) => p.role),
      });
    }
    res.json({ items });
  });

  // ── 000 §4.5 screen 2: filing ─────────────────────────────────────────────────────────────
  router.post('/petitions', requireUser, json, async (req, res) => {
    const user = req.user!;
    const key = idempotencyKey.safeParse(req.header('Idempotency-Key'));
    if (!key.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is required', { 'Idempotency-Key': key.error.issues[0].message });
    const { signedPetition } = parseOr400(petitionSubmission, req.body);
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedPetition, signedPetitionContent);
    // Only on a case where the petitioner's status is confirmed (001 ¶26, 000 §4.5 [M:317]).
    const state = await confirmedCase(prisma, client, content.erdrNumber, user.iin);
    if (!state) throw new HttpError(403, 'NOT_A_PARTICIPANT', NOT_A_PARTICIPANT.en, { erdrNumber: NOT_A_PARTICIPANT.en }, NOT_A_PARTICIPANT);
    await requireOwnUploads(prisma, content.attachments, user.iin, 'attachments');

    const id = submissionIdFor('petition', user.iin, key.data);
    const accepted = await acceptSubmission(
      opts,
      {
        id, kind: 'petition', scopedKey: `petition:${user.iin}:${key.data}`, requestHash: sha256(cms), erdrNumber: content.erdrNumber, filerIin: user.iin, cms,
        bodyCode: state.bodyCode, addresseeIin: state.officialIin, rule: 'petition.decision', status: 'UNDER_CONSIDERATION' satisfies PetitionStatus,
      },
      (submittedAt) =>
        client.workflow.start(petitionWorkflow, {
          workflowId: petitionWorkflowId(id),
          taskQueue: opts.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{
            petitionId: id,
            erdrNumber: content.erdrNumber,
            submittedAt: submittedAt.toISOString(),
            petitioner: { iin: user.iin, fullName: user.name, locale: user.locale },
            content: content.content,
            accessRequest: content.accessRequest,
            language: content.language,
            attachments: content.attachments,
            bodyCode: state.bodyCode,
            officialIin: state.officialIin,
            // 001 ¶7: in another language than the case's, translated first (reviewed by the conducting official).
            translation: translationDetourFor(state, content.language, state.officialIin),
          }],
        }),
    );
    res.status(202).json({ ...accepted, erdrNumber: content.erdrNumber });
  });

  // ── 000 §4.6: the status list ─────────────────────────────────────────────────────────────
  router.get('/petitions', requireUser, async (req, res) => {
    const erdr = erdrFilterOf(req);
    const rows = await prisma.caseSubmission.findMany({
      where: { filerIin: req.user!.iin, kind: 'petition', ...(erdr && { erdrNumber: erdr }) },
      orderBy: { submittedAt: 'desc' },
      take: 200,
      include: { _count: { select: { materials: true } } },
    });
    res.json({ items: rows.map((r) => ({ ...listItem(r), materialCount: r._count.materials })) });
  });

  /** The petition, if this user may see it: its petitioner, or an official of the body it is with. */
  const petitionFor = async (req: Request) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.caseSubmission.findUnique({ where: { id } }) : null;
    const user = req.user!;
    if (!row || row.kind !== 'petition') throw notFound('Petition');
    if (row.filerIin !== user.iin && !SUBMISSION_QUEUE_ROLES.some((r) => grantFor(user, r, row.bodyCode))) throw notFound('Petition');
    return row;
  };

  // The row's refresh (Жаңарту): live from the workflow.
  router.get('/petitions/:id', requireUser, async (req, res) => {
    const row = await petitionFor(req);
    // A petition whose workflow did not start yet (the filer's retry starts it) is shown as its row.
    const state = await client.workflow.getHandle(petitionWorkflowId(row.id)).query(getPetition).catch((e) => {
      if (e instanceof WorkflowNotFoundError) return undefined;
      throw e;
    });
    const materials = await prisma.caseSubmissionMaterial.findMany({ where: { submissionId: row.id }, orderBy: { id: 'asc' } });
    const item = listItem(row);
    res.json({
      ...item,
      ...(state && { status: state.status, statusLabel: state.statusLabel, resultLabel: state.resultLabel }),
      answer: state?.answer ?? null,
      // 001 ¶7: its translation, when it was written in another language than the case's.
      translation: state?.translation ?? null,
      materials: materials.map(materialView),
      history: state?.history ?? [],
      deadlines: state?.deadlines ?? [],
    });
  });

  router.get('/petitions/:id/materials.zip', requireUser, async (req, res) => {
    const row = await petitionFor(req);
    const materials = await prisma.caseSubmissionMaterial.findMany({ where: { submissionId: row.id }, orderBy: { id: 'asc' } });
    await sendMaterialsZip(res, materials.map((m) => ({ name: m.name, sha256: m.sha256 })), opts.files, `petition-${row.erdrNumber}.zip`);
  });

  router.get('/petitions/:id/materials/:sha256', requireUser, async (req, res) => {
    const row = await petitionFor(req);
    // Only a SHA-256 reaches the database: a NUL byte in the path made PostgreSQL fail the query (500).
    const sha = String(req.params.sha256);
    const m = /^[0-9a-f]{64}$/.test(sha) ? await prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: row.id, sha256: sha } }) : null;
    if (!m) throw notFound('Material');
    await sendStored(res, opts.files, m.sha256, m.mediaType, m.name);
  });

  // ── Officials ─────────────────────────────────────────────────────────────────────────────
  router.get('/officials/petitions', requireRole(...SUBMISSION_QUEUE_ROLES), async (req, res) => {
    res.json({ items: await submissionQueue(prisma, req.user!, ['petition']) });
  });

  router.post('/petitions/:id/answer', requireRole(...ANSWERING_ROLES), json, async (req, res) => {
    const row = await petitionFor(req);
    const user = req.user!;
    // 000 §4.5 [M:392]: the official it was routed to answers, or the head of their body.
    if (row.addresseeIin !== user.iin && !grantFor(user, 'head', row.bodyCode)) {
      throw new HttpError(403, 'FORBIDDEN', 'Only the official conducting the case, or their head, answers the petition', undefined, {
        kk: 'Өтінішхатқа істі жүргізуші тұлға немесе оның басшысы жауап береді.',
        ru: 'На ходатайство отвечает лицо, в производстве которого находится дело, или его руководитель.',
        en: 'Only the official conducting the case, or their head, answers the petition.',
      });
    }
    const answer = parseOr400(petitionAnswerSchema, req.body);
    await requireOwnUploads(prisma, answer.materials, user.iin, 'materials');
    // An answered petition's workflow has ended: the second answer is refused as the workflow would refuse it.
    const alreadyAnswered = () => new HttpError(409, 'ALREADY_ANSWERED', 'The petition is already answered');
    if (row.answeredAt) throw alreadyAnswered();
    try {
      const state = await client.workflow
        .getHandle(petitionWorkflowId(row.id))
        .executeUpdate(answerPetition, { args: [{ ...answer, officialIin: user.iin, responderName: user.name }] });
      res.json(state);
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      if (e instanceof WorkflowNotFoundError) throw alreadyAnswered();
      throw e;
    }
  });

  return router;
}

type SubmissionRow = NonNullable<Awaited<ReturnType<PrismaClient['caseSubmission']['findUnique']>>>;

/** One row of a status list (000 §4.6 columns): ERDR number, content, date sent, body, result, answer, responder, date. */
export function listItem(r: SubmissionRow) {
  const content = JSON.parse(Buffer.from(signedContentOf(r.signedContent)!).toString('utf8')) as { content: string; accessRequest?: boolean };
  const result = r.result as PetitionResult | null;
  return {
    id: r.id,
    kind: r.kind,
    erdrNumber: r.erdrNumber,
    content: content.content,
    accessRequest: content.accessRequest ?? false,
    sentAt: r.submittedAt.toISOString(),
    registeringBody: bodyView(r.bodyCode),
    status: r.status,
    statusLabel: (PETITION_STATUS_LABELS as Record<string, LocalisedText>)[r.status] ?? null,
    result,
    // The seed's sample shows «Не рассмотрено» until there is an answer.
    resultLabel: PETITION_RESULT_LABELS[result ?? 'NOT_CONSIDERED'],
    answerText: r.answerText,
    responderName: r.responderName,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    dueAt: r.dueAt.toISOString(),
  };
}

export function materialView(m: { name: string; sha256: string; mediaType: string; size: number; kind: string; addedAt: Date }) {
  return { name: m.name, sha256: m.sha256, mediaType: m.mediaType, size: m.size, kind: m.kind, addedAt: m.addedAt.toISOString() };
}

/** The officials' queue of petitions and complaints still open in their bodies, the soonest deadline first. */
export async function submissionQueue(prisma: PrismaClient, user: AuthenticatedUser, kinds: string[]) {
  const bodies = [...new Set(user.grants.filter((g) => SUBMISSION_QUEUE_ROLES.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];
  const rows = await prisma.caseSubmission.findMany({ where: { bodyCode: { in: bodies }, kind: { in: kinds }, answeredAt: null }, orderBy: { dueAt: 'asc' }, take: 500 });
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    erdrNumber: r.erdrNumber,
    status: r.status,
    body: bodyView(r.bodyCode),
    addressedToMe: r.addresseeIin === user.iin,
    submittedAt: r.submittedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    timeLeftMs: r.dueAt.getTime() - now,
    overdue: r.dueAt.getTime() < now,
  }));
}
