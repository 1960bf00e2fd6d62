// The user profile (000 §6): GET shows it (the certificate's name and IIN, the register's birth date
// and address — asked of the State Database of Individuals once, through the worker — and the
// contact details); PUT saves it («САҚТАУ»; «КҮШІН ЖОЮ» just leaves the form, nothing is kept
// before a save). The first save opens the cabinet: until then every other service answers 428
// PROFILE_REQUIRED (profileGate below). A changed mobile number waits for the SMS code sent to it
// (workflows/profile.ts); notices keep going to the confirmed one meanwhile.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { WorkflowIdConflictPolicy, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/generated/client';
import {
  confirmMobileBody,
  PHONE_MESSAGES,
  PROFILE_ERRORS,
  PROFILE_GATE_EXEMPT,
  PROFILE_STATUS_LABELS,
  profileMobileWorkflowId,
  profilePrefillWorkflowId,
  profileViewSchema,
  saveProfileBody,
  type ProfileErrorCode,
  type ProfileStatus,
} from '../domain/profile';
import { confirmMobile, getMobileChange, profileMobileWorkflow, profilePrefillWorkflow } from '../workflows/profile';
import { requireUser } from './auth';
import { HttpError, parseOr400, zodFields } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, jsonBody, operation } from './openapi-kit';

const profileError = (code: ProfileErrorCode, extra?: Record<string, string>) => {
  const e = PROFILE_ERRORS[code];
  return new HttpError(e.status, code, e.message.en, extra, e.message);
};

/** 000 §6: before the mandatory fields are saved, only logging in, the profile and the dictionaries answer. */
export function profileGate(req: Request, _res: Response, next: NextFunction) {
  if (req.user?.profileRequired && !PROFILE_GATE_EXEMPT.some((re) => re.test(req.path))) throw profileError('PROFILE_REQUIRED');
  next();
}

export function profileRouter(opts: { prisma: PrismaClient; client: Client; taskQueue: string }): Router {
  const { prisma, client, taskQueue } = opts;
  const router = Router();
  const json = express.json({ limit: '16kb' });

  const view = async (iin: string) => {
    const a = await prisma.account.findUniqueOrThrow({ where: { iin } });
    const pending = await prisma.mobileConfirmation.findUnique({ where: { iin } });
    const pendingMobile = pending?.sentAt && pending.expiresAt > new Date() ? { mobile: pending.phone, expiresAt: pending.expiresAt.toISOString() } : null;
    const status: ProfileStatus = !a.profileCompletedAt ? 'INCOMPLETE' : pendingMobile ? 'MOBILE_PENDING' : 'COMPLETE';
    return {
      iin: a.iin,
      // From the EDS certificate.
      fullName: a.fullName,
      // From the State Database of Individuals.
      birthDate: a.birthDate,
      address: a.address,
      // The person's own.
      mobile: a.phone,
      phone: a.homePhone,
      email: a.email,
      smsOptIn: a.smsOptIn,
      locale: a.locale,
      status,
      statusLabel: PROFILE_STATUS_LABELS[status],
      pendingMobile,
      savedAt: a.profileCompletedAt?.toISOString() ?? null,
    };
  };

  router.get('/profile', requireUser, async (req, res) => {
    const iin = req.user!.iin;
    const account = await prisma.account.findUniqueOrThrow({ where: { iin }, select: { prefilledAt: true } });
    let register: 'asked' | 'unavailable' = 'asked';
    if (!account.prefilledAt) {
      try {
        await client.workflow.execute(profilePrefillWorkflow, {
          workflowId: profilePrefillWorkflowId(iin),
          taskQueue,
          args: [{ iin }],
          // Two tabs opening the profile at once ask the register once.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowExecutionTimeout: '1 minute',
        });
      } catch (e) {
        // The form still opens with what the certificate gives; the register is asked again next time.
        req.log?.warn({ err: e }, 'profile prefill from the individuals register failed');
        register = 'unavailable';
      }
    }
    res.json({ ...(await view(iin)), register });
  });

  router.put('/profile', requireUser, json, async (req, res) => {
    const parsed = saveProfileBody.safeParse(req.body);
    if (!parsed.success) {
      const fields = zodFields(parsed.error);
      const first = Object.keys(fields).find((k): k is keyof typeof PHONE_MESSAGES => k in PHONE_MESSAGES);
      throw new HttpError(400, 'VALIDATION_FAILED', 'The profile has invalid fields', fields, first ? PHONE_MESSAGES[first] : undefined);
    }
    const body = parsed.data;
    const iin = req.user!.iin;
    const account = await prisma.account.findUniqueOrThrow({ where: { iin } });
    // The first mobile is taken as entered with the mandatory fields; a later change waits for its code.
    const changesMobile = account.phone !== null && account.phone !== body.mobile;
    await prisma.account.update({
      where: { iin },
      data: {
        email: body.email,
        locale: body.locale,
        ...(account.phone === null && { phone: body.mobile }),
        ...(body.phone !== undefined && { homePhone: body.phone }),
        ...(body.smsOptIn !== undefined && { smsOptIn: body.smsOptIn }),
        ...(!account.profileCompletedAt && { profileCompletedAt: new Date() }),
      },
    });
    if (changesMobile) {
      // A newer change replaces one still waiting for its code.
      await client.workflow.start(profileMobileWorkflow, {
        workflowId: profileMobileWorkflowId(iin),
        taskQueue,
        args: [{ iin, phone: body.mobile, locale: body.locale }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING,
      });
      // Answer once the code is on its way, so the form can ask for it.
      const handle = client.workflow.getHandle(profileMobileWorkflowId(iin));
      for (let i = 0; i < 100; i++) {
        const s = await handle.query(getMobileChange);
        if (s.status !== 'SENDING') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } else if (account.phone === body.mobile) {
      // Saving the confirmed number again cancels a change still waiting for its code.
      await cancelMobileChange(iin);
    }
    res.json(await view(iin));
  });

  const cancelMobileChange = async (iin: string) => {
    await prisma.mobileConfirmation.deleteMany({ where: { iin } });
    try {
      await client.workflow.getHandle(profileMobileWorkflowId(iin)).terminate('mobile change cancelled');
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
  };

  // «КҮШІН ЖОЮ» for a changed mobile: the code no longer counts, the confirmed number stays.
  router.delete('/profile/mobile-change', requireUser, async (req, res) => {
    await cancelMobileChange(req.user!.iin);
    res.json(await view(req.user!.iin));
  });

  router.post('/profile/mobile-confirmation', requireUser, json, async (req, res) => {
    const { code } = parseOr400(confirmMobileBody, req.body);
    const iin = req.user!.iin;
    const handle = client.workflow.getHandle(profileMobileWorkflowId(iin));
    let checked;
    try {
      checked = await handle.executeUpdate(confirmMobile, { args: [{ code }] });
    } catch (e) {
      // Refused by the workflow, or no change running (none yet, finished, cancelled): anything else is a fault.
      const running =
        e instanceof WorkflowNotFoundError
          ? false
          : await handle.describe().then(
              (d) => d.status.name === 'RUNNING',
              () => false,
            );
      if (!(e instanceof WorkflowUpdateFailedError) && running) throw e;
      // Not waiting for a code (any more): say why, from the last change's record when there is one.
      const last = await handle.query(getMobileChange).catch(() => undefined);
      if (last?.status === 'EXPIRED') throw profileError('EXPIRED');
      if (last?.status === 'TOO_MANY_ATTEMPTS') throw profileError('TOO_MANY_ATTEMPTS');
      throw profileError('NO_PENDING_CHANGE');
    }
    if (checked.outcome === 'CONFIRMED') {
      res.json(await view(iin));
      return;
    }
    throw profileError(checked.outcome, checked.outcome === 'WRONG_CODE' ? { attemptsLeft: String(checked.attemptsLeft) } : undefined);
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const profileAnswer = json(profileViewSchema, 'The profile.');

export const profilePaths: ZodOpenApiPathsObject = {
  '/api/v1/profile': {
    get: operation({
      operationId: 'getProfile',
      tag: 'Profile',
      summary: 'My profile',
      description:
        '000 §6: the name and IIN from the certificate, the birth date and registered address from the State Database of Individuals (asked once; ' +
        '`register: unavailable` when it did not answer, asked again next time), and the contact details. Open before the profile is saved.',
      access: 'user',
      responses: { 200: json(profileViewSchema, 'The profile, prefilled.') },
    }),
    put: operation({
      operationId: 'saveProfile',
      tag: 'Profile',
      summary: 'Save my profile («САҚТАУ»)',
      description:
        '000 §6: the mandatory fields (mobile +7 7XX…, e-mail, language of messages) and the optional fixed-line phone and SMS consent. The first save opens the other services. ' +
        'The first mobile is taken as entered; a changed one waits for the 6-digit code sent to it by SMS from 1414 (`pendingMobile`; 5 minutes, 5 tries), notices keep going to the confirmed one.',
      access: 'user',
      requestBody: jsonBody(
        saveProfileBody.meta({ id: 'SaveProfile', description: 'The profile’s fields (000 §6); phone numbers as people type them, kept as +7…' }),
        '16 KB',
      ),
      responses: { 200: profileAnswer },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 413: ['PAYLOAD_TOO_LARGE'] },
    }),
  },
  '/api/v1/profile/mobile-confirmation': {
    post: operation({
      operationId: 'confirmProfileMobile',
      tag: 'Profile',
      summary: 'Confirm a changed mobile number with the SMS code',
      description:
        'The code sent to the new number. A wrong one answers 400 `WRONG_CODE` with the tries left (`fields.attemptsLeft`); the fifth wrong one spends the code (409 `TOO_MANY_ATTEMPTS`); after 5 minutes it is refused (409 `EXPIRED`): save the number again for a new one.',
      access: 'user',
      requestBody: jsonBody(confirmMobileBody.meta({ id: 'ConfirmMobile', description: 'The 6-digit code from the SMS.' }), '16 KB'),
      responses: { 200: profileAnswer },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST', 'WRONG_CODE'],
        409: ['NO_PENDING_CHANGE', 'EXPIRED', 'TOO_MANY_ATTEMPTS'],
        413: ['PAYLOAD_TOO_LARGE'],
      },
    }),
  },
  '/api/v1/profile/mobile-change': {
    delete: operation({
      operationId: 'cancelProfileMobileChange',
      tag: 'Profile',
      summary: 'Cancel a changed mobile number still waiting for its code («КҮШІН ЖОЮ»)',
      description: 'The code no longer counts; the confirmed number stays.',
      access: 'user',
      responses: { 200: profileAnswer },
    }),
  },
};
