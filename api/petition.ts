// Petitions (өтінішхат, 000 §4.5–4.6; CPC ch. 13): the cases a participant may petition on, the
// signed submission, the status list with its ERDR-number filter and materials, and the officials'
// queue and answer. A petition is accepted only from a participant whose procedural status the
// conducting official confirmed (001 ¶26), on that case; its row is the status list's projection
// and its workflow `petition-<id>` the truth. The id comes from the Idempotency-Key, so a retried
// submission answers with the same petition and never starts a second one.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import express, { Router } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { FileStore } from '../documents/store';
import {
  petitionAnswerRequestSchema,
  petitionAnswerSchema,
  petitionAvailableCaseSchema,
  petitionDetailsSchema,
  petitionListItemSchema,
  petitionStateSchema,
  petitionSubmissionSchema,
  petitionWorkflowId,
  signedPetitionContent,
  signedPetitionContentComponent,
  submissionAcceptedSchema,
  submissionQueueItemSchema,
  type PetitionStatus,
} from '../domain/petition';
import type { OfficialRole } from '../domain/roles';
import { translationDetourFor } from '../domain/translation';
import type { SignatureService } from '../eds/service';
import { signedContentOf } from '../eds/verify';
import type { PrismaClient } from '../prisma/generated/client';
import { answerPetition, getPetition, petitionWorkflow } from '../workflows/petition';
import { describe as describeFabula } from '../workflows/report';
import { grantFor, requireRole, requireUser } from './auth';
import {
  acceptSubmission,
  addSubmissionReadRoutes,
  bodyView,
  confirmedCase,
  erdrFilterQuery,
  listItem,
  liveCase,
  NOT_A_PARTICIPANT,
  requireOwnUploads,
  sha256,
  SUBMISSION_QUEUE_ROLES,
  submissionIdFor,
  submissionIdPath,
  submissionMaterialsPaths,
  submissionQueue,
  verifiedSubmission,
} from './case-submissions';
import { HttpError, parseOr400 } from './errors';
import { idempotencyKeyHeader, jsonBody, json as jsonResponse, operation, requireIdempotencyKey } from './openapi-kit';

// The helpers other signed submissions use, where they have always been imported from.
export {
  acceptSubmission,
  bodyView,
  confirmedCase,
  erdrFilterError,
  erdrFilterOf,
  listItem,
  liveCase,
  materialView,
  NOT_A_PARTICIPANT,
  requireOwnUploads,
  SUBMISSION_QUEUE_ROLES,
  submissionIdFor,
  submissionQueue,
  verifiedSubmission,
} from './case-submissions';

export interface PetitionRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
}

/** Those who answer a petition: the conducting official and their head. */
const ANSWERING_ROLES: OfficialRole[] = ['investigator', 'head'];

export function petitionRouter(opts: PetitionRouterOptions): Router {
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '2mb' });

  const nameOf = async (iin: string) => (await prisma.account.findUnique({ where: { iin }, select: { fullName: true } }))?.fullName ?? null;

  // ── 000 §4.5 screen 1: the cases the user may petition on ───────────────────────────────────
  router.get('/petitions/available-cases', requireUser, async (req, res) => {
    const me = req.user!.iin;
    const erdrs = [
      ...new Set((await prisma.caseParticipant.findMany({ where: { iin: me }, orderBy: { confirmedAt: 'desc' }, take: 200 })).map((r) => r.erdrNumber)),
    ];
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
    const key = requireIdempotencyKey(req);
    const { signedPetition } = parseOr400(petitionSubmissionSchema, req.body);
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedPetition, signedPetitionContent);
    // Only on a case where the petitioner's status is confirmed (001 ¶26, 000 §4.5 [M:317]).
    const state = await confirmedCase(prisma, client, content.erdrNumber, user.iin);
    if (!state) throw new HttpError(403, 'NOT_A_PARTICIPANT', NOT_A_PARTICIPANT.en, { erdrNumber: NOT_A_PARTICIPANT.en }, NOT_A_PARTICIPANT);
    await requireOwnUploads(prisma, content.attachments, user.iin, 'attachments');

    const id = submissionIdFor('petition', user.iin, key);
    const accepted = await acceptSubmission(
      opts,
      {
        id,
        kind: 'petition',
        scopedKey: `petition:${user.iin}:${key}`,
        requestHash: sha256(cms),
        erdrNumber: content.erdrNumber,
        filerIin: user.iin,
        cms,
        bodyCode: state.bodyCode,
        addresseeIin: state.officialIin,
        rule: 'petition.decision',
        status: 'UNDER_CONSIDERATION' satisfies PetitionStatus,
      },
      (submittedAt) =>
        client.workflow.start(petitionWorkflow, {
          workflowId: petitionWorkflowId(id),
          taskQueue: opts.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [
            {
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
            },
          ],
        }),
    );
    res.status(202).json({ ...accepted, erdrNumber: content.erdrNumber });
  });

  // ── 000 §4.6: the status list, a petition's page (live from its workflow) and its materials ──
  const petitionFor = addSubmissionReadRoutes(router, opts, {
    kind: 'petition',
    noun: 'Petition',
    readers: SUBMISSION_QUEUE_ROLES,
    workflowIdOf: petitionWorkflowId,
    query: getPetition,
    item: listItem,
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
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure)
        throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      if (e instanceof WorkflowNotFoundError) throw alreadyAnswered();
      throw e;
    }
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/petition.ts)

const petitionIdPath = submissionIdPath('petition');

/** Components only reachable from inside a schema (the content the CMS carries), not from a route. */
export const petitionSchemas = { SignedPetitionContent: signedPetitionContentComponent };

export const petitionPaths: ZodOpenApiPathsObject = {
  '/api/v1/petitions/available-cases': {
    get: operation({
      operationId: 'petitionAvailableCases',
      tag: 'Petitions',
      summary: 'The cases I may petition on',
      description:
        '000 §4.5 screen 1: the cases where the user holds a procedural status the conducting official confirmed (001 ¶26): ERDR number, ' +
        'fabula, my petitions filed and considered, the body and official conducting the case now («Өндірісте»), the body that decided (registered it).',
      access: 'user',
      responses: { 200: jsonResponse(z.object({ items: z.array(petitionAvailableCaseSchema) }), 'The cases.') },
    }),
  },
  '/api/v1/petitions': {
    post: operation({
      operationId: 'submitPetition',
      tag: 'Petitions',
      summary: 'File a signed petition',
      description:
        'The participant signs the UTF-8 JSON of `SignedPetitionContent` with their signing key, content attached, and sends it in base64. ' +
        'Only on a case where their status is confirmed (403 `NOT_A_PARTICIPANT` otherwise). Without the access-request tick the content has ' +
        'at least 100 characters; with it, the template in the petition’s language followed by the list of materials. Attachments are ' +
        'the filer’s uploads (POST /api/v1/files, signed, ≤ 10 MB, DOCX converted to PDF). Routed to the body and official conducting the case; ' +
        'decided within 3 days (CPC art. 99). The `Idempotency-Key` makes retries safe: the same key answers with the same petition.',
      access: 'user',
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody(petitionSubmissionSchema, '2 MB'),
      responses: { 202: jsonResponse(submissionAcceptedSchema, 'Accepted (or accepted before, for a retry).') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        403: ['NOT_A_PARTICIPANT'],
        409: ['IDEMPOTENCY_KEY_REUSED'],
        413: ['PAYLOAD_TOO_LARGE'],
        422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED'],
        503: ['REVOCATION_UNAVAILABLE'],
      },
    }),
    get: operation({
      operationId: 'listMyPetitions',
      tag: 'Petitions',
      summary: 'My petitions and their answers',
      description:
        '000 §4.6: ERDR number, content, date sent, body, result («Не рассмотрено» until answered), answer, responder, answer date; newest first, at most 200.',
      access: 'user',
      requestParams: { query: erdrFilterQuery('000 §7.5: only this case’s petitions.') },
      responses: { 200: jsonResponse(z.object({ items: z.array(petitionListItemSchema) }), 'The petitions.') },
      errors: { 400: ['VALIDATION_FAILED'] },
    }),
  },
  '/api/v1/petitions/{id}': {
    get: operation({
      operationId: 'getPetition',
      tag: 'Petitions',
      summary: 'A petition, live from its workflow (refresh)',
      description:
        'The row refreshed from the workflow `petition-<id>`: status, answer, materials, history, the 3-day deadline. For the petitioner and the officials of the body it is with; 404 for anyone else.',
      access: 'user',
      requestParams: { path: petitionIdPath },
      responses: { 200: jsonResponse(petitionDetailsSchema, 'The petition.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  ...submissionMaterialsPaths('petition', 'Petitions', 'The attachments, the answer materials and their PDFs in one ZIP («СКАЧАТЬ ВСЕ»).'),
  '/api/v1/petitions/{id}/answer': {
    post: operation({
      operationId: 'answerPetition',
      tag: 'Petitions',
      summary: 'Answer a petition',
      description:
        '000 §4.6: result, text, materials (the official’s own signed uploads); the responder’s full name and the date are recorded. ' +
        'A granted access request names the case documents (`grantedDocumentIds`) the petitioner may then open through the case (001 ¶26). ' +
        'Only the official the petition was routed to, or the head of their body (403 for other officials of the body, 404 for strangers). ' +
        'An answer after 3 days is taken and recorded as late.',
      access: 'user',
      roles: ANSWERING_ROLES,
      requestParams: { path: petitionIdPath },
      requestBody: jsonBody(petitionAnswerRequestSchema, '2 MB'),
      responses: { 200: jsonResponse(petitionStateSchema, 'Answered; the petition as it now stands.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        403: ['FORBIDDEN'],
        404: ['NOT_FOUND'],
        409: ['ALREADY_ANSWERED', 'UNKNOWN_RESULT', 'ANSWER_TEXT_REQUIRED'],
        413: ['PAYLOAD_TOO_LARGE'],
      },
    }),
  },
  '/api/v1/officials/petitions': {
    get: operation({
      operationId: 'officialsPetitionQueue',
      tag: 'Petitions',
      summary: 'Open petitions of my bodies, the soonest deadline first',
      description:
        'Petitions not yet answered in the bodies where the official holds a role, ordered by the 3-day deadline (CPC art. 99), with the time left, at most 500.',
      access: 'user',
      roles: SUBMISSION_QUEUE_ROLES,
      responses: { 200: jsonResponse(z.object({ items: z.array(submissionQueueItemSchema) }), 'The queue.') },
    }),
  },
};
