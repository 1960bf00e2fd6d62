// Administrative-offence information (seed 004, Regulation B): the recipient's request signed on
// the portal about themselves, the request live from its workflow with the measured service time,
// and the certificate — the PDF and the authorised person's detached signature over it.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { FileStore } from '../documents/store';
import { stateServiceAcceptedSchema } from '../domain/archive-certificate';
import { CENTRAL_BODY } from '../domain/deadline-statistics';
import {
  IIN_MISMATCH,
  OFFENCE_SERVICE_LEVEL_MS,
  OFFENCE_STATUS_LABELS,
  offenceInformationDetailsSchema,
  offenceInformationWorkflowId,
  offenceRequestSubmission,
  offenceRequestSubmissionSchema,
  signedOffenceRequest,
  signedOffenceRequestComponent,
  type OffenceInformationState,
  type OffenceStatus,
} from '../domain/offence-information';
import type { SignatureService } from '../eds/service';
import type { PrismaClient } from '../prisma/generated/client';
import { getOffenceInformation, offenceInformationWorkflow } from '../workflows/offence-information';
import { acceptStateServiceRequest, STATE_SERVICE_SUBMISSION_ERRORS } from './archive-certificate';
import { requireUser } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { sendStored } from './files';
import { download, idempotencyKeyHeader, jsonBody, json as jsonResponse, operation, requireIdempotencyKey } from './openapi-kit';
import { submissionIdFor, verifiedSubmission } from './petition';

export interface OffenceInformationRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
}

const NOT_READY = {
  kk: 'Анықтама әлі дайын емес.',
  ru: 'Справка ещё не готова.',
  en: 'The certificate is not ready yet.',
};

export function offenceInformationRouter(opts: OffenceInformationRouterOptions): Router {
  const { prisma, client } = opts;
  const router = Router();
  const json = express.json({ limit: '256kb' });

  router.post('/offence-information', requireUser, json, async (req, res) => {
    const user = req.user!;
    const key = requireIdempotencyKey(req);
    const { signedRequest } = parseOr400(offenceRequestSubmission, req.body);
    // B-p.6 conditions 2–3: the certificate valid, not revoked, and its IIN the one in the request.
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedRequest, signedOffenceRequest);
    if (content.recipientIin !== user.iin) throw new HttpError(422, 'IIN_MISMATCH', IIN_MISMATCH.en, { recipientIin: IIN_MISMATCH.en }, IIN_MISMATCH);
    const id = submissionIdFor('offence-information', user.iin, key);
    const accepted = await acceptStateServiceRequest(
      { prisma },
      {
        id,
        service: 'offence_information',
        channel: 'PORTAL',
        scopedKey: `offence-information:${user.iin}:${key}`,
        cms,
        recipientIin: user.iin,
        submittedByIin: user.iin,
        bodyCode: CENTRAL_BODY,
        dueMs: OFFENCE_SERVICE_LEVEL_MS,
      },
      (receivedAt) =>
        client.workflow.start(offenceInformationWorkflow, {
          workflowId: offenceInformationWorkflowId(id),
          taskQueue: opts.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ requestId: id, receivedAt: receivedAt.toISOString(), recipient: { iin: user.iin, name: user.name }, language: content.language }],
        }),
    );
    res.status(202).json(accepted);
  });

  /** Only the recipient reads their request; anyone else gets the 404 of a request that does not exist. */
  const requestFor = async (req: Request) => {
    const id = String(req.params.id);
    const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.stateServiceRequest.findUnique({ where: { id } }) : null;
    if (!row || row.service !== 'offence_information' || row.recipientIin !== req.user!.iin) throw notFound('Offence information request');
    return row;
  };

  router.get('/offence-information/:id', requireUser, async (req, res) => {
    const row = await requestFor(req);
    let state: OffenceInformationState | undefined;
    try {
      state = await client.workflow.getHandle(offenceInformationWorkflowId(row.id)).query(getOffenceInformation);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
    // The status and the service time from the workflow when it answers (its row is written just after).
    const serviceMs = state?.serviceLevel?.ms ?? row.serviceMs;
    res.json({
      id: row.id,
      status: state?.status ?? row.status,
      statusLabel: OFFENCE_STATUS_LABELS[(state?.status ?? row.status) as OffenceStatus] ?? null,
      receivedAt: row.receivedAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
      // B-p.5: the time from request to cabinet, and whether it was within 15 minutes.
      serviceLevel: serviceMs === null ? null : { ms: serviceMs, limitMs: OFFENCE_SERVICE_LEVEL_MS, met: serviceMs <= OFFENCE_SERVICE_LEVEL_MS },
      resultSha256: row.resultSha256,
      // The authorised person's detached CMS over the PDF, base64.
      resultSignature: row.resultSignature ? Buffer.from(row.resultSignature).toString('base64') : null,
      state: state ?? null,
    });
  });

  router.get('/offence-information/:id/result.pdf', requireUser, async (req, res) => {
    const row = await requestFor(req);
    if (!row.resultSha256) throw new HttpError(404, 'NOT_FOUND', NOT_READY.en, undefined, NOT_READY);
    await sendStored(res, opts.files, row.resultSha256, 'application/pdf', `offence-information-${row.id}.pdf`);
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/offence-information.ts)

const requestIdPath = z.object({ id: z.uuid().meta({ description: 'The request id returned on filing.' }) });

/** Components only reachable from inside a schema (the content the CMS carries), not from a route. */
export const offenceInformationSchemas = { SignedOffenceRequest: signedOffenceRequestComponent };

export const offenceInformationPaths: ZodOpenApiPathsObject = {
  '/api/v1/offence-information': {
    post: operation({
      operationId: 'submitOffenceInformationRequest',
      tag: 'State services',
      summary: 'Ask for administrative-offence information',
      description:
        'The recipient signs the UTF-8 JSON of `SignedOffenceRequest` about themselves (004 B-p.6 conditions 2–3; 422 `IIN_MISMATCH` otherwise). Fully automatic ' +
        '(`offence-information-<id>`): registered, verified, and the certificate signed with the authorised person’s EDS and put into the cabinet, 5 minutes each, ' +
        '15 minutes in all (B-p.5), the time measured on every request. The `Idempotency-Key` makes retries safe: the same key answers with the same request.',
      access: 'user',
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody(offenceRequestSubmissionSchema, '256 KB'),
      responses: { 202: jsonResponse(stateServiceAcceptedSchema, 'Accepted (or accepted before, for a retry).') },
      errors: STATE_SERVICE_SUBMISSION_ERRORS,
    }),
  },
  '/api/v1/offence-information/{id}': {
    get: operation({
      operationId: 'getOffenceInformation',
      tag: 'State services',
      summary: 'My offence-information request and its service time',
      description:
        'Status, the measured service time against the 15 minutes (B-p.5), the certificate’s SHA-256 and the authorised person’s detached CMS over it (base64). Only for the recipient; 404 for anyone else.',
      access: 'user',
      requestParams: { path: requestIdPath },
      responses: { 200: jsonResponse(offenceInformationDetailsSchema, 'The request.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/offence-information/{id}/result.pdf': {
    get: operation({
      operationId: 'downloadOffenceInformation',
      tag: 'State services',
      summary: 'The certificate as a PDF (Kazakh and Russian)',
      description: 'The certificate the provider’s system made; its signature is `resultSignature` of the request. 404 until it is made.',
      access: 'user',
      requestParams: { path: requestIdPath },
      responses: { 200: download('application/pdf', 'The PDF.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
};
