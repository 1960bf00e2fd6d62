// What a petition and a complaint share over HTTP (and what the other signed submissions reuse):
// the id from the filer's Idempotency-Key, the signed-content check, the ERDR-number filter of the
// status lists, the caller's own uploads, the case and the participant's confirmed status (001 ¶26),
// the one-time acceptance, the list columns (000 §4.6), the routes that read one back (its page,
// its materials) and the officials' queue. api/petition.ts re-exports them.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { Request, Router } from 'express';
import { createHash } from 'node:crypto';
import { z, type ZodType } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { FileStore } from '../documents/store';
import { dueAt, type DeadlineRuleId } from '../domain/deadlines';
import { bodyByCode } from '../domain/dictionaries';
import type { CaseState } from '../domain/ecase';
import type { LocalisedText } from '../domain/notification-templates';
import { ERDR_FILTER_MESSAGE, PETITION_RESULT_LABELS, PETITION_STATUS_LABELS, type AttachmentRef, type PetitionResult } from '../domain/petition';
import type { OfficialRole } from '../domain/roles';
import { RevocationUnavailableError } from '../eds/revocation';
import type { SignatureService } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { signedContentOf } from '../eds/verify';
import { withCaseDocuments } from '../platform/case-documents';
import type { PrismaClient } from '../prisma/generated/client';
import { getCase } from '../workflows/ecase';
import { grantFor, requireUser, type AuthenticatedUser } from './auth';
import { HttpError, notFound, zodFields } from './errors';
import { sendMaterialsZip, sendStored } from './files';
import { download, operation } from './openapi-kit';

/** Officials who see a body's petitions and complaints. */
export const SUBMISSION_QUEUE_ROLES: OfficialRole[] = ['investigator', 'head', 'prosecutor'];

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

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

export const erdrFilterError = () =>
  new HttpError(400, 'VALIDATION_FAILED', ERDR_FILTER_MESSAGE.en, { erdrNumber: ERDR_FILTER_MESSAGE.en }, ERDR_FILTER_MESSAGE);

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
export async function verifiedSubmission<T>(
  signatures: SignatureService,
  user: AuthenticatedUser,
  base64: string,
  schema: ZodType<T>,
): Promise<{ content: T; cms: Uint8Array }> {
  const cms = new Uint8Array(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
  let verdict;
  try {
    verdict = await signatures.verify({ cms, purpose: 'sign' }, { iin: user.iin });
  } catch (e) {
    if (e instanceof RevocationUnavailableError)
      throw new HttpError(
        503,
        'REVOCATION_UNAVAILABLE',
        'The certificate status service does not answer; try again shortly',
        undefined,
        REASON_TEXT.REVOCATION_UNAVAILABLE,
      );
    throw e;
  }
  if (!verdict.valid) {
    const reason = verdict.reasons[0];
    throw new HttpError(
      422,
      'SIGNATURE_INVALID',
      'The signature was not accepted',
      reason ? { signature: reason.message } : undefined,
      reason ? REASON_TEXT[reason.code] : undefined,
    );
  }
  if (verdict.signers.some((s) => s.identity?.iin !== user.iin))
    throw new HttpError(422, 'SIGNER_MISMATCH', 'The submission must be signed by the logged-in person');
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

/** The case as its workflow holds it, or undefined when there is none; with `prisma`, its documents from the register. */
export async function liveCase(client: Client, erdr: string, prisma?: PrismaClient): Promise<CaseState | undefined> {
  try {
    const state = await client.workflow.getHandle(`case-${erdr}`).query(getCase);
    return prisma ? await withCaseDocuments(prisma, state) : state;
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return undefined;
    throw e;
  }
}

/** 001 ¶26: the case, when this person's procedural status in it is confirmed (the case workflow decides). */
export async function confirmedCase(prisma: PrismaClient, client: Client, erdr: string, iin: string): Promise<CaseState | undefined> {
  const projected = await prisma.caseParticipant.findFirst({ where: { erdrNumber: erdr, iin }, select: { iin: true } });
  if (!projected) return undefined;
  const state = await liveCase(client, erdr, prisma);
  return state?.participants.some((p) => p.iin === iin && p.confirmedAt) ? state : undefined;
}

/** Accepts a signed submission once: the row (the status list's projection) and its workflow. */
export async function acceptSubmission(
  deps: { prisma: PrismaClient; client: Client; taskQueue: string },
  row: {
    id: string;
    kind: 'petition' | 'complaint';
    scopedKey: string;
    requestHash: string;
    erdrNumber: string;
    filerIin: string;
    cms: Uint8Array;
    bodyCode: string;
    addresseeIin: string;
    rule: DeadlineRuleId;
    limitMs?: number;
    status: string;
  },
  start: (submittedAt: Date) => Promise<unknown>,
): Promise<{ id: string; status: string; submittedAt: string }> {
  const previous = await deps.prisma.caseSubmission.findUnique({ where: { idempotencyKey: row.scopedKey } });
  if (previous && previous.requestHash !== row.requestHash)
    throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different submission');
  const submittedAt = previous?.submittedAt ?? new Date();
  if (!previous) {
    const due = new Date(row.limitMs ? submittedAt.getTime() + row.limitMs : dueAt(row.rule, submittedAt.getTime()));
    await deps.prisma.caseSubmission.createMany({
      data: [
        {
          id: row.id,
          kind: row.kind,
          idempotencyKey: row.scopedKey,
          requestHash: row.requestHash,
          erdrNumber: row.erdrNumber,
          filerIin: row.filerIin,
          signedContent: new Uint8Array(row.cms),
          bodyCode: row.bodyCode,
          addresseeIin: row.addresseeIin,
          status: row.status,
          dueAt: due,
          submittedAt,
        },
      ],
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

/** A petition's or a complaint's row (`case_submission`). */
export type SubmissionRow = NonNullable<Awaited<ReturnType<PrismaClient['caseSubmission']['findUnique']>>>;

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
  const rows = await prisma.caseSubmission.findMany({
    where: { bodyCode: { in: bodies }, kind: { in: kinds }, answeredAt: null },
    orderBy: { dueAt: 'asc' },
    take: 500,
  });
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

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Reading a petition or a complaint back: the same routes, told apart by a SubmissionReading

/** What the workflow of a petition or a complaint answers to its query, as far as its page shows it. */
interface SubmissionLiveState {
  status: string;
  statusLabel: unknown;
  resultLabel: unknown;
  answer?: unknown;
  translation?: unknown;
  history: unknown[];
  deadlines: unknown[];
}

/** What sets a kind of submission apart when it is read back; the routes are the same. */
export interface SubmissionReading<S extends SubmissionLiveState> {
  kind: 'petition' | 'complaint';
  /** The name a 404 gives. */
  noun: string;
  /** Officials of the submission's body who may read it, besides its filer. */
  readers: readonly OfficialRole[];
  workflowIdOf: (id: string) => string;
  query: QueryDefinition<S>;
  /** One row of the filer's status list. */
  item: (row: SubmissionRow) => object;
  /** What the submission's own workflow adds to its page besides the common fields. */
  extra?: (state: S | undefined) => object;
}

/**
 * The filer's status list (000 §4.6, with its ERDR-number filter), one submission live from its
 * workflow (the row's refresh, «Жаңарту»), and its materials one by one or as a ZIP. Returns the
 * lookup of a submission the caller may read, for the routes of its own.
 */
export function addSubmissionReadRoutes<S extends SubmissionLiveState>(
  router: Router,
  deps: { prisma: PrismaClient; client: Client; files: FileStore },
  reading: SubmissionReading<S>,
): (req: Request) => Promise<SubmissionRow> {
  const { prisma, client, files } = deps;
  const { kind, noun } = reading;
  const materialsOf = (row: SubmissionRow) => prisma.caseSubmissionMaterial.findMany({ where: { submissionId: row.id }, orderBy: { id: 'asc' } });

  router.get(`/${kind}s`, requireUser, async (req, res) => {
    const erdr = erdrFilterOf(req);
    const rows = await prisma.caseSubmission.findMany({
      where: { filerIin: req.user!.iin, kind, ...(erdr && { erdrNumber: erdr }) },
      orderBy: { submittedAt: 'desc' },
      take: 200,
      include: { _count: { select: { materials: true } } },
    });
    res.json({ items: rows.map((r) => ({ ...reading.item(r), materialCount: r._count.materials })) });
  });

  /** The submission, if this user may see it: its filer, or one of its readers in the body it is with. */
  const submissionFor = async (req: Request) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.caseSubmission.findUnique({ where: { id } }) : null;
    const user = req.user!;
    if (!row || row.kind !== kind) throw notFound(noun);
    if (row.filerIin !== user.iin && !reading.readers.some((r) => grantFor(user, r, row.bodyCode))) throw notFound(noun);
    return row;
  };

  router.get(`/${kind}s/:id`, requireUser, async (req, res) => {
    const row = await submissionFor(req);
    // A submission whose workflow did not start yet (the filer's retry starts it) is shown as its row.
    const state = await client.workflow
      .getHandle(reading.workflowIdOf(row.id))
      .query(reading.query)
      .catch((e) => {
        if (e instanceof WorkflowNotFoundError) return undefined;
        throw e;
      });
    const materials = await materialsOf(row);
    res.json({
      ...reading.item(row),
      ...(state && { status: state.status, statusLabel: state.statusLabel, resultLabel: state.resultLabel }),
      ...reading.extra?.(state),
      answer: state?.answer ?? null,
      // 001 ¶7: its translation, when it was written in another language than the case's.
      translation: state?.translation ?? null,
      materials: materials.map(materialView),
      history: state?.history ?? [],
      deadlines: state?.deadlines ?? [],
    });
  });

  router.get(`/${kind}s/:id/materials.zip`, requireUser, async (req, res) => {
    const row = await submissionFor(req);
    const materials = await materialsOf(row);
    await sendMaterialsZip(
      res,
      materials.map((m) => ({ name: m.name, sha256: m.sha256 })),
      files,
      `${kind}-${row.erdrNumber}.zip`,
    );
  });

  router.get(`/${kind}s/:id/materials/:sha256`, requireUser, async (req, res) => {
    const row = await submissionFor(req);
    // Only a SHA-256 reaches the database: a NUL byte in the path made PostgreSQL fail the query (500).
    const sha = String(req.params.sha256);
    const m = /^[0-9a-f]{64}$/.test(sha) ? await prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: row.id, sha256: sha } }) : null;
    if (!m) throw notFound('Material');
    await sendStored(res, files, m.sha256, m.mediaType, m.name);
  });

  return submissionFor;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI pieces of both: the path id, the ERDR-number filter and the two material downloads

export const submissionIdPath = (kind: 'petition' | 'complaint') => z.object({ id: z.uuid().meta({ description: `The ${kind} id returned on filing.` }) });

/** 000 §7.5: the optional ERDR-number filter of a status list (checked by `erdrFilterOf`). */
export const erdrFilterQuery = (description: string) =>
  z.object({
    erdrNumber: z
      .string()
      .optional()
      .meta({ description: `${description} Exactly 15 digits, else 400 with «${ERDR_FILTER_MESSAGE.kk}» (kk/ru/en in \`localised\`).` }),
  });

/** The two material downloads a petition or a complaint offers (000 §4.6: one file, or all as a ZIP). */
export function submissionMaterialsPaths(kind: 'petition' | 'complaint', tag: string, zipContents: string): ZodOpenApiPathsObject {
  const Kind = kind[0].toUpperCase() + kind.slice(1);
  const id = submissionIdPath(kind);
  return {
    [`/api/v1/${kind}s/{id}/materials.zip`]: {
      get: operation({
        operationId: `download${Kind}Materials`,
        tag,
        summary: `Download all materials of a ${kind} (ZIP)`,
        description: `${zipContents} Same readers as the ${kind}.`,
        access: 'user',
        requestParams: { path: id },
        responses: { 200: download('application/zip', 'The archive.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    [`/api/v1/${kind}s/{id}/materials/{sha256}`]: {
      get: operation({
        operationId: `download${Kind}Material`,
        tag,
        summary: `Download one material of a ${kind}`,
        description: `One material by its SHA-256. Same readers as the ${kind}.`,
        access: 'user',
        requestParams: {
          path: id.extend({
            sha256: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .meta({ description: 'The material’s SHA-256.' }),
          }),
        },
        responses: { 200: download('application/octet-stream', 'The file.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
  };
}
