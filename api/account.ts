// An official's account (002 P2): the user agreement signed at the first login (p.17, p.19) — until
// then every other service answers 428 AGREEMENT_REQUIRED (agreementGate below, as the citizens'
// profile gate in api/profile.ts) — and blocking and unblocking, which go through the official's
// lifecycle workflow `account-<pseudonym>` (workflows/account.ts) and answer once done: the next
// request with any of the official's tokens is refused (api/auth.ts authenticate).
import { createHash } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { WorkflowIdConflictPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { PrismaClient } from '../prisma/generated/client';
import { iinString } from '../domain/contract';
import {
  ACCOUNT_ERRORS,
  AGREEMENT_GATE_EXEMPT,
  AGREEMENT_TEXT,
  AGREEMENT_VERSION,
  accountWorkflowId,
  agreementContent,
  agreementSignedView,
  agreementView,
  accountStateView,
  blockBody,
  signedBody,
  unblockBody,
  type AccountErrorCode,
  type AgreementContent,
} from '../domain/account';
import { isValidIin } from '../domain/iin';
import type { OfficialRole } from '../domain/roles';
import type { SignatureService } from '../eds/service';
import type { AuditLog } from '../platform/audit';
import { accountWorkflow, blockAccount, getAccount, recordBlocked, recordPresence, unblockAccount } from '../workflows/account';
import { requireRole, requireUser, type AuthenticatedUser } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { verifiedSubmission } from './petition';
import { json, jsonBody, operation } from './openapi-kit';

export const accountError = (code: AccountErrorCode, fields?: Record<string, string>) => {
  const e = ACCOUNT_ERRORS[code];
  return new HttpError(e.status, code, e.message.en, fields, e.message);
};

/** 002 p.17, p.19: an official who has not signed the agreement reaches only what AGREEMENT_GATE_EXEMPT lists. */
export function agreementGate(req: Request, _res: Response, next: NextFunction) {
  if (req.user?.agreementRequired && !AGREEMENT_GATE_EXEMPT.some((re) => re.test(req.path))) throw accountError('AGREEMENT_REQUIRED');
  next();
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** The SHA-256 the signed content names: the three texts of the current version, joined. */
export const agreementTextSha256 = () => sha256([AGREEMENT_VERSION, AGREEMENT_TEXT.kk, AGREEMENT_TEXT.ru, AGREEMENT_TEXT.en].join('\n\n'));

/** What the official signs (attached CMS): the client signs exactly this JSON. */
export const agreementToSign = (iin: string): AgreementContent => ({
  document: 'user-agreement',
  version: AGREEMENT_VERSION,
  textSha256: agreementTextSha256(),
  iin,
  accepted: true,
});

/** The staff of a body, whom its head may block (as api/account-application.ts BODY_STAFF). */
const BODY_STAFF: OfficialRole[] = ['registry_officer', 'investigator', 'head', 'translator'];

export interface AccountRouterOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: SignatureService;
  audit: AuditLog;
  /** The keyed pseudonym of an IIN (platform/search-pseudonyms.ts): the workflow id carries it, not the IIN. */
  pseudonym: (iin: string) => string;
}

/**
 * The official's lifecycle workflow, started if it is not running (the body is the first grant's),
 * and told of a block an access application made meanwhile, so that it answers from the register's
 * state. Undefined when there is no such account.
 */
async function lifecycleOf(opts: AccountRouterOptions, iin: string) {
  const account = await opts.prisma.account.findUnique({ where: { iin }, select: { status: true, blockedAt: true, blockedReason: true } });
  if (!account) return undefined;
  const grant = await opts.prisma.roleGrant.findFirst({ where: { iin, revokedAt: null }, orderBy: { grantedAt: 'asc' }, select: { bodyCode: true } });
  const blocked = account.status === 'BLOCKED' ? { reason: account.blockedReason ?? '', at: (account.blockedAt ?? new Date()).toISOString() } : undefined;
  const handle = await opts.client.workflow.start(accountWorkflow, {
    workflowId: accountWorkflowId(opts.pseudonym(iin)),
    taskQueue: opts.taskQueue,
    args: [{ iin, bodyCode: grant?.bodyCode ?? '', blocked }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  if (blocked && (await handle.query(getAccount)).status === 'ACTIVE') await handle.signal(recordBlocked, blocked);
  return handle;
}

/**
 * After an official's login: the absence clock (A-6 §3) starts again. Signal-with-start, so the
 * first login of an official starts the workflow. Citizens have no such clock.
 */
export function recordOfficialLogin(opts: Pick<AccountRouterOptions, 'client' | 'taskQueue' | 'pseudonym'>) {
  return async (user: AuthenticatedUser) => {
    if (user.grants.length === 0) return;
    await opts.client.workflow.signalWithStart(accountWorkflow, {
      workflowId: accountWorkflowId(opts.pseudonym(user.iin)),
      taskQueue: opts.taskQueue,
      args: [{ iin: user.iin, bodyCode: user.grants[0].bodyCode }],
      signal: recordPresence,
      signalArgs: [{ at: new Date().toISOString() }],
    });
  };
}

/** The workflow's refusal (ALREADY_BLOCKED, NOT_BLOCKED, BUSY) as a 409; anything else is a fault. */
function updateRefused(e: unknown): never {
  if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
    const code = e.cause.type ?? 'REJECTED';
    if (code in ACCOUNT_ERRORS) throw accountError(code as AccountErrorCode);
    throw new HttpError(409, code, e.cause.message);
  }
  throw e;
}

export function accountRouter(opts: AccountRouterOptions): Router {
  const { prisma } = opts;
  const router = Router();
  const json = express.json({ limit: '256kb' });

  router.get('/account/agreement', requireUser, async (req, res) => {
    const user = req.user!;
    const account = await prisma.account.findUniqueOrThrow({ where: { iin: user.iin }, select: { agreementSignedAt: true } });
    res.json({
      version: AGREEMENT_VERSION,
      text: AGREEMENT_TEXT,
      textSha256: agreementTextSha256(),
      toSign: agreementToSign(user.iin),
      signedAt: account.agreementSignedAt?.toISOString() ?? null,
    });
  });

  router.post('/account/agreement', requireUser, json, async (req, res) => {
    const user = req.user!;
    const { signature } = parseOr400(signedBody, req.body);
    if (user.grants.length === 0) throw accountError('NOT_AN_OFFICIAL');
    const { content, cms } = await verifiedSubmission(opts.signatures, user, signature, agreementContent);
    const expected = agreementToSign(user.iin);
    if (content.version !== expected.version || content.textSha256 !== expected.textSha256 || content.iin !== user.iin) {
      throw accountError('AGREEMENT_MISMATCH', { '(content)': `sign ${JSON.stringify(expected)}` });
    }
    // p.17: the signed agreement and the date of signing are kept; signing again changes nothing.
    const signedAt = await prisma.$transaction(async (tx) => {
      const row = await tx.accountAgreement.upsert({
        where: { iin_version: { iin: user.iin, version: AGREEMENT_VERSION } },
        create: { iin: user.iin, version: AGREEMENT_VERSION, contentSha256: sha256(cms), cms: new Uint8Array(cms) },
        update: {},
      });
      await tx.account.updateMany({ where: { iin: user.iin, agreementSignedAt: null }, data: { agreementSignedAt: row.signedAt } });
      return row.signedAt;
    });
    await opts.audit.append({
      actor: user.iin,
      action: 'account.agreement-signed',
      subject: user.iin,
      detail: { version: AGREEMENT_VERSION, contentSha256: sha256(cms) },
      idempotencyKey: `agreement/${user.iin}/${AGREEMENT_VERSION}`,
    });
    res.status(201).json({ version: AGREEMENT_VERSION, signedAt: signedAt.toISOString() });
  });

  // p.12, p.16: the head of the body the official serves blocks its staff; p.14, p.45: the operator anyone.
  router.post('/accounts/:iin/block', requireRole('head', 'operator'), json, async (req, res) => {
    const iin = String(req.params.iin);
    const user = req.user!;
    const staffOfTheirBody = async () =>
      (await prisma.roleGrant.count({
        where: { iin, revokedAt: null, role: { in: BODY_STAFF }, bodyCode: { in: user.grants.filter((g) => g.role === 'head').map((g) => g.bodyCode) } },
      })) > 0;
    const operator = user.roles.includes('operator');
    // Someone else's official, or no official at all: as if there were none.
    if (!isValidIin(iin) || iin === user.iin || !(operator || (await staffOfTheirBody()))) throw notFound('Account');
    const { reason } = parseOr400(blockBody, req.body);
    const handle = await lifecycleOf(opts, iin);
    if (!handle) throw notFound('Account');
    const source = operator ? 'OPERATOR' : 'RESPONSIBLE_OFFICIAL';
    const state = await handle.executeUpdate(blockAccount, { args: [{ reason, by: user.iin, source }] }).catch(updateRefused);
    res.json(view(state));
  });

  // The rules name no unblocking procedure (digest §3.2): the Committee operator, who blocks, lifts it.
  router.post('/accounts/:iin/unblock', requireRole('operator'), json, async (req, res) => {
    const iin = String(req.params.iin);
    if (!isValidIin(iin) || iin === req.user!.iin) throw notFound('Account');
    const { reason } = parseOr400(unblockBody, req.body);
    const handle = await lifecycleOf(opts, iin);
    if (!handle) throw notFound('Account');
    const state = await handle.executeUpdate(unblockAccount, { args: [{ reason, by: req.user!.iin }] }).catch(updateRefused);
    res.json(view(state));
  });

  return router;
}

const view = (state: { status: string; lastSeenAt: string; absenceBlockAt?: string; events: unknown[] }) => ({
  status: state.status,
  lastSeenAt: state.lastSeenAt,
  absenceBlockAt: state.absenceBlockAt ?? null,
  events: state.events,
});

// ── OpenAPI ────────────────────────────────────────────────────────────────────────────────────

const iinPath = z.object({ iin: iinString.meta({ description: 'The official’s IIN.' }) });

export const accountPaths: ZodOpenApiPathsObject = {
  '/api/v1/account/agreement': {
    get: operation({
      operationId: 'getUserAgreement',
      tag: 'Accounts',
      summary: 'The user agreement (002 A-6) and what to sign',
      description:
        'The agreement text (kk/ru/en), its version and SHA-256, the JSON to sign, and when the user signed it (null: not yet). Open before the agreement is signed.',
      access: 'user',
      responses: { 200: json(agreementView, 'The agreement.') },
    }),
    post: operation({
      operationId: 'signUserAgreement',
      tag: 'Accounts',
      summary: 'Sign the user agreement at the first login (002 p.17)',
      description:
        'An official (a user holding a role) signs `toSign` of GET with the **signing** key, content attached. Until then every other operation except logging in and out, ' +
        'the dictionaries and access applications answers 428 `AGREEMENT_REQUIRED` (p.19). Kept with the date of signing and journalled; signing again changes nothing.',
      access: 'user',
      requestBody: jsonBody(signedBody.meta({ id: 'SignedDocument' }), '256 kB'),
      responses: { 201: json(agreementSignedView, 'Signed and kept.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        409: ['NOT_AN_OFFICIAL'],
        413: ['PAYLOAD_TOO_LARGE'],
        422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED', 'AGREEMENT_MISMATCH'],
        503: ['REVOCATION_UNAVAILABLE'],
      },
    }),
  },
  '/api/v1/accounts/{iin}/block': {
    post: operation({
      operationId: 'blockAccount',
      tag: 'Accounts',
      summary: 'Block an official’s account at once (002 p.12, p.14, p.16)',
      description:
        'By the `head` of a body the official serves (registry officer, investigator, head, translator) or by the Committee `operator`, with a reason. ' +
        'Answers once the account is blocked and its sessions ended: the official’s next request answers 403 `ACCOUNT_BLOCKED` with the reason (kk/ru/en). ' +
        'Journalled. An official who is not the head’s staff, or no such official: 404.',
      access: 'user',
      roles: ['head', 'operator'],
      requestParams: { path: iinPath },
      requestBody: jsonBody(blockBody.meta({ id: 'AccountBlockRequest' }), '256 kB'),
      responses: { 200: json(accountStateView, 'Blocked.') },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 404: ['NOT_FOUND'], 409: ['ALREADY_BLOCKED', 'BUSY'], 413: ['PAYLOAD_TOO_LARGE'] },
    }),
  },
  '/api/v1/accounts/{iin}/unblock': {
    post: operation({
      operationId: 'unblockAccount',
      tag: 'Accounts',
      summary: 'Unblock an official’s account',
      description:
        'By the Committee `operator`, with a reason (the rules name no procedure; the operator, who blocks, lifts it). The ended sessions stay ended; the official logs in again. ' +
        'The absence clock (more than two months, A-6 §3) starts again from now. Journalled.',
      access: 'user',
      roles: ['operator'],
      requestParams: { path: iinPath },
      requestBody: jsonBody(unblockBody.meta({ id: 'AccountUnblockRequest' }), '256 kB'),
      responses: { 200: json(accountStateView, 'Unblocked.') },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 404: ['NOT_FOUND'], 409: ['NOT_BLOCKED', 'BUSY'], 413: ['PAYLOAD_TOO_LARGE'] },
    }),
  },
};
