// Officials' access applications (002 p.13–16, form A-5): filed by the official (registration,
// transfer) or by the body's responsible official (blocking); decided by the Committee operator
// within one day. Each application is one workflow, `account-application-<id>`.
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { isValidIin } from '../domain/iin';
import { OFFICIAL_ROLES } from '../domain/roles';
import { accountApplicationWorkflow, decideApplication, getApplication } from '../workflows/account-application';
import { HttpError, notFound, parseOr400 } from './errors';
import { requireRole, requireUser } from './auth';

const iin = z.string().refine(isValidIin, 'not a valid IIN');

const applicationBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['REGISTRATION', 'TRANSFER']),
    iin,
    fullName: z.string().trim().min(3).max(200),
    position: z.string().trim().min(2).max(200),
    bodyCode: z.string().regex(/^\d{6}$/, 'a 6-digit body code'),
    requestedRole: z.enum(OFFICIAL_ROLES),
  }),
  z.object({
    kind: z.literal('BLOCKING'),
    iin,
    fullName: z.string().trim().min(3).max(200),
    position: z.string().trim().max(200).default(''),
    bodyCode: z.string().regex(/^\d{6}$/, 'a 6-digit body code'),
    reason: z.string().trim().min(5).max(2000),
  }),
]);

const decisionBody = z.object({
  approve: z.boolean(),
  role: z.enum(OFFICIAL_ROLES).optional(),
  reason: z.string().trim().max(2000).optional(),
});

export const applicationWorkflowId = (applicationId: string) => `account-application-${applicationId}`;

export function accountApplicationsRouter(opts: { client: Client; taskQueue: string }): Router {
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
    if (body.kind === 'BLOCKING' && !user.roles.some((r) => r === 'head' || r === 'operator')) {
      throw new HttpError(403, 'FORBIDDEN', 'A blocking application is filed by the head of the body or the operator (002 p.16)');
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
    const body = parseOr400(decisionBody, req.body);
    const handle = opts.client.workflow.getHandle(applicationWorkflowId(String(req.params.id)));
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
