// Officials' access applications (002 p.13–16, form A-5): filed by the official (registration,
// transfer) or by the body's responsible official (blocking); decided by the Committee operator
// within one day. Each application is one workflow, `account-application-<id>`.
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { PrismaClient } from '../prisma/generated/client';
import { isValidIin } from '../domain/iin';
import { OFFICIAL_ROLES, type OfficialRole } from '../domain/roles';
import { accountApplicationWorkflow, decideApplication, getApplication } from '../workflows/account-application';
import { HttpError, notFound, parseOr400 } from './errors';
import { grantFor, requireRole, requireUser } from './auth';

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
});

export const applicationWorkflowId = (applicationId: string) => `account-application-${applicationId}`;

/** The staff of a body, whom its head may block; the prosecutors supervising it and the Committee's operators are not. */
const BODY_STAFF: OfficialRole[] = ['registry_officer', 'investigator', 'head', 'translator'];

export function accountApplicationsRouter(opts: { client: Client; taskQueue: string; prisma: PrismaClient }): Router {
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
    const body = parseOr400(decisionBody, req.body);
    try {
      const state = await handle.executeUpdate(decideApplication, { args: [{ ...body, operatorIin: req.user!.iin }] });
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
