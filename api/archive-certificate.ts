// The archive certificate (seed 004, Regulation A): the portal request signed by the recipient,
// the State Corporation request entered and signed by its operator, the request live from its
// workflow, the provider's steps, and the result PDF. The signature is checked here (A-p.8.2
// condition 2: validity, revocation, the IIN of the certificate = the IIN of the request) and again
// by the workflow (condition 3). The request's id comes from the Idempotency-Key, so a retried
// submission answers with the same request and never starts a second workflow.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import express, { Router, type Request } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IndividualsRegistry } from '../adapters';
import type { FileStore } from '../documents/store';
import {
  ARCHIVE_SERVICE_TERM_MS,
  ARCHIVE_STATUS_LABELS,
  ARCHIVE_STEPS,
  archiveCertificateWorkflowId,
  archiveRequestSubmission,
  archiveStepSchema,
  CLOSED,
  IIN_NOT_REQUESTS,
  INDIVIDUALS_UNAVAILABLE,
  NO_RESULT,
  NOT_STAFF,
  PERSON_NOT_IN_REGISTER,
  REPRESENTATIVE_AT_STATE_CORPORATION,
  signedArchiveRequest,
  STEP_OUT_OF_ORDER,
  UNKNOWN_BODY,
  type ArchiveCertificateState,
  type ArchiveStatus,
  type ArchiveStep,
  type StateServiceChannel,
} from '../domain/archive-certificate';
import { bodyByCode } from '../domain/dictionaries';
import type { LocalisedText } from '../domain/notification-templates';
import type { OfficialRole } from '../domain/roles';
import type { SignatureService } from '../eds/service';
import { signedContentOf } from '../eds/verify';
import type { PrismaClient } from '../prisma/generated/client';
import { archiveCertificateWorkflow, archiveStep, getArchiveCertificate } from '../workflows/archive-certificate';
import { ARCHIVE_STAFF_ROLES } from './archive-certificate/paths';
import { grantFor, requireRole, requireUser, type AuthenticatedUser } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { sendStored } from './files';
import { requireIdempotencyKey } from './openapi-kit';
import { submissionIdFor, verifiedSubmission } from './petition';

export interface ArchiveCertificateRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
  /** The State Database of Individuals (ЖТ МДБ), checked on the State Corporation channel (A-p.8.1). */
  individuals?: IndividualsRegistry;
}

/** Who takes each step: by role in the request's body; the executor's steps by the assigned IIN. */
export const ARCHIVE_STEP_ROLES: Record<ArchiveStep, OfficialRole[]> = {
  accept: ['registry_officer'],
  register: ['registry_officer'],
  assign: ['head'],
  draft: ['registry_officer', 'investigator'],
  sign: ['head'],
  envelope: ['registry_officer', 'investigator'],
  dispatch: ['registry_officer'],
  collect: ['operator'],
};

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const stepForbidden = (step: ArchiveStep): LocalisedText => ({
  kk: `«${step}» қадамын бұл органда ${ARCHIVE_STEP_ROLES[step].join(', ')} рөлі бар қызметкер жасайды.`,
  ru: `Шаг «${step}» выполняет сотрудник этого органа с ролью ${ARCHIVE_STEP_ROLES[step].join(', ')}.`,
  en: `The step "${step}" is taken by an official of this body in the role ${ARCHIVE_STEP_ROLES[step].join(', ')}.`,
});

/** Stores a verified request once (its row is the status lists' projection) and starts its workflow once. */
export async function acceptStateServiceRequest(
  deps: { prisma: PrismaClient },
  row: {
    id: string;
    service: string;
    channel: StateServiceChannel;
    scopedKey: string;
    cms: Uint8Array;
    recipientIin: string;
    submittedByIin: string;
    bodyCode: string;
    dueMs: number;
  },
  start: (receivedAt: Date) => Promise<unknown>,
): Promise<{ id: string; status: string; receivedAt: string; dueAt: string }> {
  // The same request is the same signed content: a retry signed again (a new signing time) is not another request.
  const requestHash = sha256(signedContentOf(row.cms) ?? row.cms);
  const previous = await deps.prisma.stateServiceRequest.findUnique({ where: { idempotencyKey: row.scopedKey } });
  if (previous && previous.requestHash !== requestHash)
    throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
  const receivedAt = previous?.receivedAt ?? new Date();
  if (!previous) {
    await deps.prisma.stateServiceRequest.createMany({
      data: [
        {
          id: row.id,
          service: row.service,
          channel: row.channel,
          idempotencyKey: row.scopedKey,
          requestHash,
          recipientIin: row.recipientIin,
          submittedByIin: row.submittedByIin,
          bodyCode: row.bodyCode,
          signedContent: new Uint8Array(row.cms),
          status: 'RECEIVED',
          receivedAt,
          dueAt: new Date(receivedAt.getTime() + row.dueMs),
        },
      ],
      skipDuplicates: true,
    });
  }
  // Started here, or by the retry of a request whose start did not get through: never twice.
  try {
    await start(receivedAt);
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  const current = await deps.prisma.stateServiceRequest.findUniqueOrThrow({ where: { id: row.id }, select: { status: true, dueAt: true } });
  return { id: row.id, status: current.status, receivedAt: receivedAt.toISOString(), dueAt: current.dueAt.toISOString() };
}

export function archiveCertificateRouter(opts: ArchiveCertificateRouterOptions): Router {
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '2mb' });

  const submit = async (req: Request, channel: StateServiceChannel) => {
    const user = req.user!;
    const key = requireIdempotencyKey(req);
    const { signedRequest } = parseOr400(archiveRequestSubmission, req.body);
    // Condition 2 of A-p.8.2: the certificate valid, not revoked, its IIN the signer's.
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedRequest, signedArchiveRequest);
    if (!bodyByCode(content.bodyCode)) throw new HttpError(400, 'VALIDATION_FAILED', UNKNOWN_BODY.en, { bodyCode: UNKNOWN_BODY.en }, UNKNOWN_BODY);
    if (channel === 'PORTAL') {
      // On the portal the recipient asks about himself: the request's IIN is the certificate's.
      if (content.recipientIin !== user.iin)
        throw new HttpError(422, 'IIN_MISMATCH', IIN_NOT_REQUESTS.en, { recipientIin: IIN_NOT_REQUESTS.en }, IIN_NOT_REQUESTS);
      if (content.representative)
        throw new HttpError(
          400,
          'VALIDATION_FAILED',
          REPRESENTATIVE_AT_STATE_CORPORATION.en,
          { representative: REPRESENTATIVE_AT_STATE_CORPORATION.en },
          REPRESENTATIVE_AT_STATE_CORPORATION,
        );
    } else {
      // A-p.8.1 process 3–4: the recipient (and the representative) must be in the individuals database.
      if (!opts.individuals)
        throw new HttpError(503, 'INDIVIDUALS_UNAVAILABLE', 'The State Database of Individuals is not connected', undefined, INDIVIDUALS_UNAVAILABLE);
      for (const [field, iin] of [
        ['recipientIin', content.recipientIin],
        ['representative.iin', content.representative?.iin],
      ] as const) {
        if (!iin) continue;
        let person;
        try {
          person = await opts.individuals.findByIin(iin);
        } catch {
          throw new HttpError(503, 'INDIVIDUALS_UNAVAILABLE', INDIVIDUALS_UNAVAILABLE.en, undefined, INDIVIDUALS_UNAVAILABLE);
        }
        if (!person) throw new HttpError(422, 'PERSON_NOT_FOUND', PERSON_NOT_IN_REGISTER.en, { [field]: PERSON_NOT_IN_REGISTER.en }, PERSON_NOT_IN_REGISTER);
      }
    }
    const id = submissionIdFor('archive-certificate', user.iin, key);
    const accepted = await acceptStateServiceRequest(
      { prisma },
      {
        id,
        service: 'archive_certificate',
        channel,
        scopedKey: `archive-certificate:${user.iin}:${key}`,
        cms,
        recipientIin: content.recipientIin,
        submittedByIin: user.iin,
        bodyCode: content.bodyCode,
        dueMs: ARCHIVE_SERVICE_TERM_MS,
      },
      (receivedAt) =>
        client.workflow.start(archiveCertificateWorkflow, {
          workflowId: archiveCertificateWorkflowId(id),
          taskQueue: opts.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [
            {
              requestId: id,
              channel,
              receivedAt: receivedAt.toISOString(),
              serviceDueAt: new Date(receivedAt.getTime() + ARCHIVE_SERVICE_TERM_MS).toISOString(),
              request: content,
              submittedByIin: user.iin,
            },
          ],
        }),
    );
    return { ...accepted, channel };
  };

  // ── Intake: the portal (A-p.8.2) and the State Corporation (A-p.8.1) ──────────────────────
  router.post('/archive-certificates', requireUser, json, async (req, res) => {
    res.status(202).json(await submit(req, 'PORTAL'));
  });
  router.post('/archive-certificates/state-corporation', requireRole('operator'), json, async (req, res) => {
    res.status(202).json(await submit(req, 'STATE_CORPORATION'));
  });

  // ── Reading ─────────────────────────────────────────────────────────────────────────────
  router.get('/archive-certificates', requireUser, async (req, res) => {
    const me = req.user!.iin;
    const rows = await prisma.stateServiceRequest.findMany({
      where: { service: 'archive_certificate', OR: [{ recipientIin: me }, { submittedByIin: me }] },
      orderBy: { receivedAt: 'desc' },
      take: 200,
    });
    res.json({ items: rows.map(listItem) });
  });

  router.get('/officials/archive-certificates', requireRole(...ARCHIVE_STAFF_ROLES), async (req, res) => {
    const bodies = [...new Set(req.user!.grants.filter((g) => ARCHIVE_STAFF_ROLES.includes(g.role as OfficialRole)).map((g) => g.bodyCode))];
    const rows = await prisma.stateServiceRequest.findMany({
      where: { service: 'archive_certificate', bodyCode: { in: bodies }, completedAt: null },
      orderBy: { dueAt: 'asc' },
      take: 500,
    });
    res.json({ items: rows.map(listItem) });
  });

  /** The request, if this user may see it: its recipient, whoever filed it, the staff of its body. */
  const requestFor = async (req: Request) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.stateServiceRequest.findUnique({ where: { id } }) : null;
    if (!row || row.service !== 'archive_certificate' || !mayRead(req.user!, row)) throw notFound('Archive certificate request');
    return row;
  };

  router.get('/archive-certificates/:id', requireUser, async (req, res) => {
    const row = await requestFor(req);
    const state = await liveState(client, row.id);
    res.json({ ...listItem(row), ...(state && { state }) });
  });

  router.get('/archive-certificates/:id/result.pdf', requireUser, async (req, res) => {
    const row = await requestFor(req);
    if (!row.resultSha256) throw new HttpError(404, 'NOT_FOUND', NO_RESULT.en, undefined, NO_RESULT);
    await sendStored(res, opts.files, row.resultSha256, 'application/pdf', `archive-certificate-${row.id}.pdf`);
  });

  // ── The provider's steps (A-p.5, A-p.7, A-p.9) ─────────────────────────────────────────
  router.post('/archive-certificates/:id/steps', requireRole(...ARCHIVE_STAFF_ROLES, 'operator'), json, async (req, res) => {
    const row = await requestFor(req);
    const user = req.user!;
    // Who may take the step is decided by its name alone, before the rest of the body is read:
    // a refused caller gets the same 403 whatever else the body holds.
    const named = z.object({ step: z.enum(ARCHIVE_STEPS) }).safeParse(req.body);
    if (named.success) {
      const name = named.data.step;
      const allowed = name === 'collect' ? user.roles.includes('operator') : ARCHIVE_STEP_ROLES[name].some((r) => grantFor(user, r, row.bodyCode));
      if (!allowed) throw new HttpError(403, 'FORBIDDEN', stepForbidden(name).en, undefined, stepForbidden(name));
    }
    const step = parseOr400(archiveStepSchema, req.body);
    if (step.step === 'assign') {
      // A-p.5.2: the executor is one of the body's staff.
      const staff = await prisma.roleGrant.findFirst({
        where: { iin: step.executorIin, bodyCode: row.bodyCode, revokedAt: null, role: { in: ['registry_officer', 'investigator'] } },
      });
      if (!staff) throw new HttpError(400, 'VALIDATION_FAILED', NOT_STAFF.en, { executorIin: NOT_STAFF.en }, NOT_STAFF);
    }
    try {
      const state = await client.workflow
        .getHandle(archiveCertificateWorkflowId(row.id))
        .executeUpdate(archiveStep, { args: [{ ...step, byIin: user.iin, byName: user.name }] });
      res.json(state);
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
        const code = e.cause.type ?? 'REJECTED';
        const localised =
          code === 'STEP_OUT_OF_ORDER' ? STEP_OUT_OF_ORDER(step.step, (await liveState(client, row.id))?.status ?? (row.status as ArchiveStatus)) : undefined;
        throw new HttpError(409, code, e.cause.message, undefined, localised);
      }
      if (e instanceof WorkflowNotFoundError) throw new HttpError(409, 'STEP_OUT_OF_ORDER', CLOSED.en, undefined, CLOSED);
      throw e;
    }
  });

  return router;
}

type RequestRow = NonNullable<Awaited<ReturnType<PrismaClient['stateServiceRequest']['findUnique']>>>;

/** Results the State Corporation holds for collection (A-p.5.6, A-p.9): its operators hand them out. */
const AT_STATE_CORPORATION = ['DISPATCHED', 'COLLECTED'];

function mayRead(user: AuthenticatedUser, row: RequestRow): boolean {
  return (
    row.recipientIin === user.iin ||
    row.submittedByIin === user.iin ||
    ARCHIVE_STAFF_ROLES.some((r) => grantFor(user, r, row.bodyCode)) ||
    (user.roles.includes('operator') && AT_STATE_CORPORATION.includes(row.status))
  );
}

async function liveState(client: Client, id: string): Promise<ArchiveCertificateState | undefined> {
  try {
    return await client.workflow.getHandle(archiveCertificateWorkflowId(id)).query(getArchiveCertificate);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return undefined;
    throw e;
  }
}

function listItem(r: RequestRow) {
  return {
    id: r.id,
    channel: r.channel,
    bodyCode: r.bodyCode,
    status: r.status,
    statusLabel: ARCHIVE_STATUS_LABELS[r.status as ArchiveStatus] ?? null,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    hasResult: !!r.resultSha256,
  };
}

// OpenAPI paths are in api/archive-certificate/paths.ts.
export { ARCHIVE_STAFF_ROLES, archiveCertificatePaths, archiveCertificateSchemas, STATE_SERVICE_SUBMISSION_ERRORS } from './archive-certificate/paths';
