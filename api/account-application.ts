// Officials' access applications (002 p.13–16, form A-5): filed by the official (registration,
// transfer) or by the body's responsible official (blocking); decided by the Committee operator
// within one day. Each application is one workflow, `account-application-<id>`.
import { createHash, randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { PrismaClient } from '../prisma/generated/client';
import { isValidIin } from '../domain/iin';
import { ACCOUNT_ERRORS, refusalContent, type SignedRefusal } from '../domain/account';
import type { SignatureService } from '../eds/service';
import { OFFICIAL_ROLES, type OfficialRole } from '../domain/roles';
import { accountApplicationWorkflow, decideApplication, getApplication } from '../workflows/account-application';
import { HttpError, notFound, parseOr400 } from './errors';
import { grantFor, requireRole, requireUser } from './auth';
import { verifiedSubmission } from './petition';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, officialRoleSchema } from '../domain/contract';
import { json, jsonBody, operation } from './openapi-kit';

const iin = z.string().refine(isValidIin, 'not a valid IIN');
// PostgreSQL text cannot hold NUL, and no name or reason needs a control character: an approved
// application carrying one failed in its grantRole activity for ever, and the operator's request
// waiting on that update never got an answer.
const PLAIN_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const plain = 'control characters are not allowed';

const applicationBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['REGISTRATION', 'TRANSFER']),
    iin,
    fullName: z.string().trim().min(3).max(200).regex(PLAIN_TEXT, plain),
    position: z.string().trim().min(2).max(200).regex(PLAIN_TEXT, plain),
    bodyCode: z.string().regex(/^\d{6}$/, 'a 6-digit body code'),
    requestedRole: z.enum(OFFICIAL_ROLES),
  }),
  z.object({
    kind: z.literal('BLOCKING'),
    iin,
    fullName: z.string().trim().min(3).max(200).regex(PLAIN_TEXT, plain),
    position: z.string().trim().max(200).regex(PLAIN_TEXT, plain).default(''),
    bodyCode: z.string().regex(/^\d{6}$/, 'a 6-digit body code'),
    reason: z.string().trim().min(5).max(2000).regex(PLAIN_TEXT, plain),
  }),
]);

const decisionBody = z.object({
  approve: z.boolean(),
  role: z.enum(OFFICIAL_ROLES).optional(),
  reason: z.string().trim().max(2000).regex(PLAIN_TEXT, plain).optional(),
  /**
   * A refusal: attached CMS by the refusing operator's signing key over the UTF-8 JSON
   * `{ document: 'access-application-refusal', applicationId, reason }` (domain/account.ts
   * refusalContent) — the reasoned refusal signed with EDS (002 p.14). Its reason is the refusal's.
   */
  signature: z
    .string()
    .min(16)
    .max(200_000)
    .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 CMS expected')
    .optional(),
});

export const applicationWorkflowId = (applicationId: string) => `account-application-${applicationId}`;

/** The staff of a body, whom its head may block; the prosecutors supervising it and the Committee's operators are not. */
const BODY_STAFF: OfficialRole[] = ['registry_officer', 'investigator', 'head', 'translator'];

export function accountApplicationsRouter(opts: { client: Client; taskQueue: string; prisma: PrismaClient; signatures: SignatureService }): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });

  router.post('/account-applications', requireUser, json, async (req, res) => {
    const body = parseOr400(applicationBody, req.body);
    const user = req.user!;
    // Registration and transfer are filed by the official themself (p.13, p.15); blocking by an
    // official of the body (p.16) or the operator.
    if (body.kind !== 'BLOCKING' && body.iin !== user.iin) {
      throw new HttpError(403, 'FORBIDDEN', 'An official files their own registration or transfer application (002 p.13, p.15)');
    }
    // A blocking is executed at once and closes the whole account, so a head may block only the
    // staff of the body they head; anyone else's account (another body's, a prosecutor's, the
    // operator's, a citizen's) is refused.
    const headOfTheirBody = async () =>
      !!grantFor(user, 'head', body.bodyCode) &&
      (await opts.prisma.roleGrant.count({ where: { iin: body.iin, bodyCode: body.bodyCode, role: { in: BODY_STAFF }, revokedAt: null } })) > 0;
    if (body.kind === 'BLOCKING' && !user.roles.includes('operator') && !(await headOfTheirBody())) {
      throw new HttpError(403, 'FORBIDDEN', 'A blocking application is filed by the head of the body the official serves, or the operator (002 p.16)');
    }
    const applicationId = randomUUID();
    await opts.client.workflow.start(accountApplicationWorkflow, {
      workflowId: applicationWorkflowId(applicationId),
      taskQueue: opts.taskQueue,
      args: [{ applicationId, submittedBy: user.iin, ...body }],
    });
    res.status(202).json({ applicationId, status: body.kind === 'BLOCKING' ? 'BLOCKING' : 'SUBMITTED' });
  });

  router.get('/account-applications/:id', requireUser, async (req, res) => {
    const handle = opts.client.workflow.getHandle(applicationWorkflowId(String(req.params.id)));
    const state = await handle.query(getApplication).catch((e) => {
      if (e instanceof WorkflowNotFoundError) throw notFound('Application');
      throw e;
    });
    const user = req.user!;
    if (!user.roles.includes('operator') && state.application.iin !== user.iin && state.application.submittedBy !== user.iin) throw notFound('Application');
    res.json(state);
  });

  router.post('/account-applications/:id/decision', requireRole('operator'), json, async (req, res) => {
    const handle = opts.client.workflow.getHandle(applicationWorkflowId(String(req.params.id)));
    // Four eyes: an operator never decides an application about or filed by themselves, which
    // would let them grant themselves any role. Checked before the body is read.
    const { application } = await handle.query(getApplication).catch((e) => {
      if (e instanceof WorkflowNotFoundError) throw notFound('Application');
      throw e;
    });
    if (application.iin === req.user!.iin || application.submittedBy === req.user!.iin) {
      throw new HttpError(403, 'FORBIDDEN', 'Another operator decides an application about or filed by you (002 p.14)');
    }
    const { signature, ...body } = parseOr400(decisionBody, req.body);
    // 002 p.14: the refusal is reasoned and signed with the operator's EDS; the reason is the signed one.
    let signedRefusal: SignedRefusal | undefined;
    if (!body.approve) {
      if (!signature) throw new HttpError(409, 'REASON_REQUIRED', 'A refusal carries its reasons signed with the refusing operator’s EDS (002 p.14)');
      const { content, cms } = await verifiedSubmission(opts.signatures, req.user!, signature, refusalContent);
      if (content.applicationId !== String(req.params.id)) {
        throw new HttpError(422, 'REFUSAL_MISMATCH', ACCOUNT_ERRORS.REFUSAL_MISMATCH.message.en, undefined, ACCOUNT_ERRORS.REFUSAL_MISMATCH.message);
      }
      body.reason = content.reason;
      signedRefusal = { contentSha256: createHash('sha256').update(cms).digest('hex'), signerIin: req.user!.iin, signedAt: new Date().toISOString() };
    }
    try {
      const state = await handle.executeUpdate(decideApplication, { args: [{ ...body, ...(signedRefusal && { signedRefusal }), operatorIin: req.user!.iin }] });
      res.json(state);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('Application');
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
        throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      }
      throw e;
    }
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const applicationState = z
  .object({
    application: z.object({
      applicationId: z.uuid(),
      kind: z.enum(['REGISTRATION', 'TRANSFER', 'BLOCKING']),
      iin: iinString,
      fullName: z.string(),
      position: z.string(),
      bodyCode: bodyCodeString,
      requestedRole: officialRoleSchema.optional(),
      reason: z.string().optional(),
      submittedBy: iinString,
    }),
    status: z.enum(['SUBMITTED', 'APPROVED', 'REFUSED', 'BLOCKED']),
    decision: z
      .object({
        approve: z.boolean(),
        role: officialRoleSchema.optional(),
        reason: z.string().optional(),
        signedRefusal: z
          .object({ contentSha256: z.string(), signerIin: iinString, signedAt: dateTimeString })
          .optional()
          .meta({ description: 'The EDS signature of a refusal (002 p.14).' }),
        operatorIin: iinString,
        decidedAt: dateTimeString,
      })
      .optional(),
    deadlines: z.array(deadlineRecord),
  })
  .meta({ id: 'AccountApplicationState' });
const applicationIdPath = z.object({ id: z.uuid().meta({ description: 'The application id returned on filing.' }) });

export const accountApplicationPaths: ZodOpenApiPathsObject = {
  '/api/v1/account-applications': {
    post: operation({
      operationId: 'fileAccountApplication',
      tag: 'Account applications',
      summary: 'File an access application (form A-5)',
      description:
        'Starts the workflow `account-application-<id>`; the Committee operator decides within one day (002 p.13–16). ' +
        '`REGISTRATION` and `TRANSFER` are filed by the official themself (the `iin` must be the user’s own); ' +
        '`BLOCKING` is filed by the operator, or by the `head` of the body (`bodyCode`) whose staff the official is — not a prosecutor or operator granted there (002 p.16); otherwise 403.',
      access: 'user',
      requestBody: jsonBody(
        applicationBody.meta({
          id: 'AccountApplicationRequest',
          description: 'Form A-5. `REGISTRATION`/`TRANSFER` name the requested role; `BLOCKING` names the reason.',
        }),
        '64 kB',
      ),
      responses: {
        202: json(
          z.object({ applicationId: z.uuid(), status: z.enum(['SUBMITTED', 'BLOCKING']) }).meta({ id: 'AccountApplicationAccepted' }),
          'Filed; the decision follows.',
        ),
      },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 413: ['PAYLOAD_TOO_LARGE'] },
    }),
  },
  '/api/v1/account-applications/{id}': {
    get: operation({
      operationId: 'getAccountApplication',
      tag: 'Account applications',
      summary: 'An access application and its state',
      description: 'Visible to the official it is about, to whoever filed it, and to operators; to anyone else it does not exist (404).',
      access: 'user',
      requestParams: { path: applicationIdPath },
      responses: { 200: json(applicationState, 'The application.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/account-applications/{id}/decision': {
    post: operation({
      operationId: 'decideAccountApplication',
      tag: 'Account applications',
      summary: 'Decide an access application',
      description:
        'The Committee operator approves (determining the role, by default the requested one) or refuses with reasons (002 p.14). ' +
        'A refusal carries `signature`: the operator’s **signing** key over the UTF-8 JSON `{ "document": "access-application-refusal", "applicationId", "reason" }`, ' +
        'content attached; the signed reason is the refusal’s, the signature is verified and journalled (without it: 409 `REASON_REQUIRED`). ' +
        'Never an application about or filed by the operator themself (403: another operator decides it). ' +
        'Rule violations answer 409 with the rule’s code.',
      access: 'user',
      roles: ['operator'],
      requestParams: { path: applicationIdPath },
      requestBody: jsonBody(decisionBody.meta({ id: 'OperatorDecisionRequest' }), '64 kB'),
      responses: { 200: json(applicationState, 'Decided.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        404: ['NOT_FOUND'],
        409: ['ALREADY_DECIDED', 'REASON_REQUIRED', 'ROLE_REQUIRED'],
        413: ['PAYLOAD_TOO_LARGE'],
        422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED', 'REFUSAL_MISMATCH'],
        503: ['REVOCATION_UNAVAILABLE'],
      },
    }),
  },
};
