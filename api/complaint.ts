// Complaints (шағым, 000 §4.10 «шағым беру», «Бұрын берілген шағымның мәртебесі»; CPC art. 105–106):
// filed and listed like petitions (the helpers and read routes of api/case-submissions.ts), addressed to the
// supervising prosecutor (an investigator's action) or to another prosecutor of the body (a
// prosecutor's action), decided by the prosecutor, who may extend the check to 10 days when
// materials must be requested. The workflow `complaint-<id>` is the truth; the row the projection.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { FileStore } from '../documents/store';
import {
  COMPLAINT_RESULT_LABELS,
  COMPLAINT_STATUS_LABELS,
  complaintAnswerRequestSchema,
  complaintAnswerSchema,
  complaintDetailsSchema,
  complaintExtensionRequestSchema,
  complaintExtensionSchema,
  complaintListItemSchema,
  complaintStateSchema,
  complaintSubmissionSchema,
  complaintWorkflowId,
  signedComplaintContent,
  signedComplaintContentComponent,
  type ComplaintResult,
  type ComplaintStatus,
} from '../domain/complaint';
import { dueAt } from '../domain/deadlines';
import { submissionAcceptedSchema, submissionQueueItemSchema } from '../domain/petition';
import type { OfficialRole } from '../domain/roles';
import { translationDetourFor } from '../domain/translation';
import type { SignatureService } from '../eds/service';
import { signedContentOf } from '../eds/verify';
import type { PrismaClient } from '../prisma/generated/client';
import { answerComplaint, complaintWorkflow, extendComplaintCheck, getComplaint } from '../workflows/complaint';
import { grantFor, requireRole, requireUser } from './auth';
import {
  acceptSubmission,
  addSubmissionReadRoutes,
  confirmedCase,
  erdrFilterQuery,
  listItem,
  NOT_A_PARTICIPANT,
  requireOwnUploads,
  sha256,
  submissionIdFor,
  submissionIdPath,
  submissionMaterialsPaths,
  submissionQueue,
  verifiedSubmission,
  type SubmissionRow,
} from './case-submissions';
import { HttpError, parseOr400 } from './errors';
import { idempotencyKeyHeader, jsonBody, json as jsonResponse, operation, requireIdempotencyKey } from './openapi-kit';

export interface ComplaintRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  files: FileStore;
}

/** Who reads and decides a body's complaints: its prosecutors; its head reads them too. */
const COMPLAINT_READERS: OfficialRole[] = ['prosecutor', 'head'];

/** A status-list row with the complaint's own labels. */
function complaintItem(r: SubmissionRow) {
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
    const key = requireIdempotencyKey(req);
    const { signedComplaint } = parseOr400(complaintSubmissionSchema, req.body);
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signedComplaint, signedComplaintContent);
    const state = await confirmedCase(prisma, client, content.erdrNumber, user.iin);
    if (!state) throw new HttpError(403, 'NOT_A_PARTICIPANT', NOT_A_PARTICIPANT.en, { erdrNumber: NOT_A_PARTICIPANT.en }, NOT_A_PARTICIPANT);
    await requireOwnUploads(prisma, content.attachments, user.iin, 'attachments');

    // CPC art. 105: to the supervising prosecutor; art. 106: about that prosecutor, to another one.
    const aboutProsecutor = content.subject === 'PROSECUTOR_ACTION';
    const addresseeIin = aboutProsecutor ? undefined : state.prosecutorIin;
    const id = submissionIdFor('complaint', user.iin, key);
    const accepted = await acceptSubmission(
      opts,
      {
        id,
        kind: 'complaint',
        scopedKey: `complaint:${user.iin}:${key}`,
        requestHash: sha256(cms),
        erdrNumber: content.erdrNumber,
        filerIin: user.iin,
        cms,
        bodyCode: state.bodyCode,
        addresseeIin: addresseeIin ?? '',
        rule: 'complaint.decision',
        status: 'UNDER_REVIEW' satisfies ComplaintStatus,
      },
      (submittedAt) =>
        client.workflow.start(complaintWorkflow, {
          workflowId: complaintWorkflowId(id),
          taskQueue: opts.taskQueue,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [
            {
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
            },
          ],
        }),
    );
    res.status(202).json({ ...accepted, erdrNumber: content.erdrNumber });
  });

  // 000 §4.10: the status list, a complaint's page (live from its workflow) and its materials.
  const complaintFor = addSubmissionReadRoutes(router, opts, {
    kind: 'complaint',
    noun: 'Complaint',
    readers: COMPLAINT_READERS,
    workflowIdOf: complaintWorkflowId,
    query: getComplaint,
    item: complaintItem,
    extra: (state) => ({ extension: state?.extension ?? null }),
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
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure)
        throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
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

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/complaint.ts)

const complaintIdPath = submissionIdPath('complaint');
const decideErrors = { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 413: ['PAYLOAD_TOO_LARGE'] } as const;

/** Components only reachable from inside a schema (the content the CMS carries), not from a route. */
export const complaintSchemas = { SignedComplaintContent: signedComplaintContentComponent };

export const complaintPaths: ZodOpenApiPathsObject = {
  '/api/v1/complaints': {
    post: operation({
      operationId: 'submitComplaint',
      tag: 'Complaints',
      summary: 'File a signed complaint',
      description:
        'Like a petition: the confirmed participant signs the UTF-8 JSON of `SignedComplaintContent`, content attached. About an investigator’s action ' +
        'it goes to the supervising prosecutor (CPC art. 105), about a prosecutor’s action to another prosecutor of the body (art. 106). Decided within 3 days, ' +
        '10 when the prosecutor requests materials. The `Idempotency-Key` makes retries safe.',
      access: 'user',
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody(complaintSubmissionSchema, '2 MB'),
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
      operationId: 'listMyComplaints',
      tag: 'Complaints',
      summary: 'My complaints and their decisions',
      description: '«Бұрын берілген шағымның мәртебесі»: the columns of the petition list plus `subject`; newest first, at most 200.',
      access: 'user',
      requestParams: { query: erdrFilterQuery('000 §7.5: only this case’s complaints.') },
      responses: { 200: jsonResponse(z.object({ items: z.array(complaintListItemSchema) }), 'The complaints.') },
      errors: { 400: ['VALIDATION_FAILED'] },
    }),
  },
  '/api/v1/complaints/{id}': {
    get: operation({
      operationId: 'getComplaint',
      tag: 'Complaints',
      summary: 'A complaint, live from its workflow (refresh)',
      description:
        'With its extension, decision, materials, history and deadlines. For the complainant and the prosecutors and head of the body it is with; 404 for anyone else.',
      access: 'user',
      requestParams: { path: complaintIdPath },
      responses: { 200: jsonResponse(complaintDetailsSchema, 'The complaint.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  ...submissionMaterialsPaths('complaint', 'Complaints', 'Attachments, the decision’s materials and their PDFs.'),
  '/api/v1/complaints/{id}/extension': {
    post: operation({
      operationId: 'extendComplaintCheck',
      tag: 'Complaints',
      summary: 'Extend the check to 10 days (materials requested)',
      description:
        'CPC art. 105 part 1: within the 3 days the prosecutor may request materials; the term becomes 10 days from receipt. Only the addressed prosecutor (any prosecutor of the body when none is addressed).',
      access: 'user',
      roles: ['prosecutor'],
      requestParams: { path: complaintIdPath },
      requestBody: jsonBody(complaintExtensionRequestSchema, '2 MB'),
      responses: { 200: jsonResponse(complaintStateSchema, 'Extended; the complaint as it now stands.') },
      errors: { ...decideErrors, 409: ['ALREADY_ANSWERED', 'ALREADY_EXTENDED', 'TERM_PASSED', 'OWN_ACTION', 'REASON_REQUIRED'] },
    }),
  },
  '/api/v1/complaints/{id}/answer': {
    post: operation({
      operationId: 'answerComplaint',
      tag: 'Complaints',
      summary: 'Decide a complaint',
      description:
        'Result, text and materials (the prosecutor’s signed uploads); the responder’s name and the date are recorded; late when past the term. A prosecutor never decides a complaint about themselves (409 `OWN_ACTION`, art. 106).',
      access: 'user',
      roles: ['prosecutor'],
      requestParams: { path: complaintIdPath },
      requestBody: jsonBody(complaintAnswerRequestSchema, '2 MB'),
      responses: { 200: jsonResponse(complaintStateSchema, 'Decided; the complaint as it now stands.') },
      errors: { ...decideErrors, 409: ['ALREADY_ANSWERED', 'OWN_ACTION', 'UNKNOWN_RESULT', 'ANSWER_TEXT_REQUIRED'] },
    }),
  },
  '/api/v1/officials/complaints': {
    get: operation({
      operationId: 'officialsComplaintQueue',
      tag: 'Complaints',
      summary: 'Open complaints of my bodies, the soonest deadline first',
      description: 'Complaints not yet decided in the bodies where the prosecutor or head holds a role, by their 3- or 10-day term, at most 500.',
      access: 'user',
      roles: COMPLAINT_READERS,
      responses: { 200: jsonResponse(z.object({ items: z.array(submissionQueueItemSchema) }), 'The queue.') },
    }),
  },
};
