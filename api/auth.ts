// Login with the EDS authentication key (000 §3.2, 002 p.18): the server hands out a single-use
// nonce, the user signs it with NCALayer (or `npm run eds -- sign`), and the signature — checked
// against the NCA trust anchors, with revocation, and for the authentication key purpose — opens
// a session. The first login registers the user. Official roles come from grants the Committee
// operator approved (workflows/account-application.ts) and are enforced on every route.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import express from 'express';
import { z } from 'zod';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { queryRows } from '../platform/db/client';
import type { Role } from '../domain/roles';
import { localeOrKazakh, LOCALES, type Locale } from '../domain/notification-templates';
import { profileGateApplies } from '../domain/profile';
import { ACCOUNT_ERRORS } from '../domain/account';
import type { SignatureService } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { RevocationUnavailableError } from '../eds/revocation';
import { forbidden, HttpError, parseOr400, unauthorised } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { bodyCodeString, dateTimeString, iinString, officialRoleSchema, roleSchema } from '../domain/contract';
import { json, jsonBody, noContent, operation } from './openapi-kit';

export interface RoleGrantView {
  role: Role;
  bodyCode: string;
}

export interface AuthenticatedUser {
  iin: string;
  name: string;
  /** The language the user reads messages in (profile setting; Kazakh by default). */
  locale: Locale;
  roles: Role[];
  grants: RoleGrantView[];
  /** 000 §6: set while a citizen has not saved the profile's mandatory fields; every other service answers 428 until then (api/profile.ts). */
  profileRequired?: boolean;
  /** 002 p.17, p.19: set while an official has not signed the user agreement; every other service answers 428 until then (api/account.ts). */
  agreementRequired?: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthenticatedUser;
  }
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const loginBody = z.object({
  challengeId: z.string().uuid(),
  signature: z
    .string()
    .min(16, 'base64 CMS expected')
    .regex(/^[A-Za-z0-9+/=\s-]+$/, 'base64 CMS expected'),
});

export interface AuthOptions {
  prisma: PrismaClient;
  signatures: SignatureService;
  sessionTtlMinutes: number;
  challengeTtlSeconds: number;
  /** After a successful login (an official's starts the absence clock again, api/account.ts); its failure does not fail the login. */
  onLogin?: (user: AuthenticatedUser) => Promise<void>;
}

/** 002 p.14: what a blocked account's login and tokens get — 403 with the reason, in kk/ru/en. */
export const accountBlocked = (reason?: string | null) =>
  new HttpError(403, 'ACCOUNT_BLOCKED', ACCOUNT_ERRORS.ACCOUNT_BLOCKED.message.en, reason ? { reason } : undefined, ACCOUNT_ERRORS.ACCOUNT_BLOCKED.message);

async function userOf(
  prisma: PrismaClient,
  account: { iin: string; fullName: string; locale: string; profileCompletedAt?: Date | null; agreementSignedAt?: Date | null },
): Promise<AuthenticatedUser> {
  const grants = await prisma.roleGrant.findMany({ where: { iin: account.iin, revokedAt: null }, orderBy: { grantedAt: 'asc' } });
  return authenticatedUser({ ...account, profileSaved: !!account.profileCompletedAt, agreementSigned: !!account.agreementSignedAt }, grants);
}

function authenticatedUser(
  account: { iin: string; fullName: string; locale: string; profileSaved?: boolean; agreementSigned?: boolean },
  grants: { role: string; bodyCode: string }[],
): AuthenticatedUser {
  const official = grants.map((g) => ({ role: g.role as Role, bodyCode: g.bodyCode }));
  const roles: Role[] = ['participant', ...new Set(official.map((g) => g.role))];
  return {
    iin: account.iin,
    name: account.fullName,
    locale: localeOrKazakh(account.locale),
    roles,
    grants: official,
    // 000 §6: only citizens are asked first (domain/profile.ts profileGateApplies); unknown counts as saved.
    ...(account.profileSaved === false && profileGateApplies({ roles }) && { profileRequired: true }),
    // 002 p.17: an official (one holding a role) signs the agreement at the first login.
    ...(account.agreementSigned === false && official.length > 0 && { agreementRequired: true }),
  };
}

export function authRouter(opts: AuthOptions): Router {
  const { prisma } = opts;
  const router = Router();
  const json = express.json({ limit: '256kb' });

  router.post('/auth/challenge', async (_req, res) => {
    const nonce = randomBytes(32);
    const challenge = await prisma.authChallenge.create({
      data: { id: randomUUID(), nonce: new Uint8Array(nonce), expiresAt: new Date(Date.now() + opts.challengeTtlSeconds * 1000) },
    });
    res.status(201).json({ challengeId: challenge.id, nonce: nonce.toString('base64'), expiresAt: challenge.expiresAt.toISOString() });
  });

  router.post('/auth/login', json, async (req, res) => {
    const body = parseOr400(loginBody, req.body);
    // Single use: the challenge is spent by the first attempt, successful or not.
    const spent = await prisma.authChallenge.updateManyAndReturn({
      where: { id: body.challengeId, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (spent.length === 0) {
      throw new HttpError(401, 'CHALLENGE_INVALID', 'The login challenge is unknown, used or expired; ask for a new one', undefined, {
        kk: 'Кіру сұрауы жарамсыз немесе мерзімі өткен; жаңасын сұраңыз',
        ru: 'Запрос на вход недействителен или истёк; запросите новый',
        en: 'The login challenge is unknown, used or expired; ask for a new one',
      });
    }
    const nonce = Buffer.from(spent[0].nonce);
    let verdict;
    try {
      verdict = await opts.signatures.verify({ cms: body.signature.replace(/\s+/g, ''), content: new Uint8Array(nonce), purpose: 'auth' });
    } catch (e) {
      if (e instanceof RevocationUnavailableError) {
        throw new HttpError(503, 'REVOCATION_UNAVAILABLE', 'The certificate status service does not answer; try again shortly');
      }
      throw e;
    }
    if (!verdict.valid || verdict.contentSha256 !== sha256(nonce)) {
      const reasons = verdict.reasons.map((r) => ({ code: r.code, message: r.message, localised: REASON_TEXT[r.code] }));
      res.status(401).json({ error: { code: 'SIGNATURE_INVALID', message: 'The login signature was not accepted', reasons } });
      return;
    }
    const identity = verdict.signers[0].identity!;
    const iin = identity.iin!;
    // 000 §3.2: the first login registers the user; the profile is completed later.
    const account = await prisma.account.upsert({
      where: { iin },
      create: { iin, fullName: identity.fullName, email: identity.email ?? null },
      update: {},
    });
    if (account.status === 'BLOCKED') throw accountBlocked(account.blockedReason);
    const token = randomBytes(32).toString('base64url');
    await prisma.session.create({
      data: { tokenHash: sha256(token), iin, expiresAt: new Date(Date.now() + opts.sessionTtlMinutes * 60_000) },
    });
    const user = await userOf(prisma, account);
    await opts.onLogin?.(user).catch((e: unknown) => req.log?.warn({ err: e }, 'after-login step failed'));
    res.json({ token, user });
  });

  router.post('/auth/logout', requireUser, async (req, res) => {
    await prisma.session.updateMany({ where: { tokenHash: sha256(bearer(req)!) }, data: { revokedAt: new Date() } });
    res.status(204).end();
  });

  router.get('/auth/me', requireUser, (req, res) => {
    res.json({ user: req.user });
  });

  return router;
}

const bearer = (req: Request): string | undefined => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

/**
 * The user of a live session of an active account; `blocked` (with the reason) for a session of a
 * blocked account — blocking ended it, and its holder is told why (002 p.14); else undefined.
 * One query: every API request asks it.
 */
async function sessionFor(prisma: PrismaClient, token: string): Promise<{ user?: AuthenticatedUser; blocked?: { reason: string | null } } | undefined> {
  const [row] = await queryRows<{
    iin: string;
    full_name: string;
    locale: string;
    status: string;
    blocked_reason: string | null;
    profile_saved?: boolean;
    agreement_signed?: boolean;
    grants: { role: string; bodyCode: string }[];
  }>(
    prisma,
    Prisma.sql`
    SELECT a.iin, a.full_name, a.locale, a.status, a.blocked_reason, a.profile_completed_at IS NOT NULL AS profile_saved,
      a.agreement_signed_at IS NOT NULL AS agreement_signed,
      COALESCE((SELECT json_agg(json_build_object('role', g.role, 'bodyCode', g.body_code) ORDER BY g.granted_at)
                FROM role_grant g WHERE g.iin = a.iin AND g.revoked_at IS NULL), '[]'::json) AS grants
    FROM session s JOIN account a ON a.iin = s.iin
    WHERE s.token_hash = ${sha256(token)} AND s.expires_at > now() AND (s.revoked_at IS NULL OR a.status = 'BLOCKED')`,
  );
  if (!row) return undefined;
  if (row.status === 'BLOCKED') return { blocked: { reason: row.blocked_reason ?? null } };
  return {
    user: authenticatedUser(
      { iin: row.iin, fullName: row.full_name, locale: row.locale, profileSaved: row.profile_saved, agreementSigned: row.agreement_signed },
      row.grants,
    ),
  };
}

/** The user of a live session of an active account, or undefined. */
export async function userForToken(prisma: PrismaClient, token: string): Promise<AuthenticatedUser | undefined> {
  return (await sessionFor(prisma, token))?.user;
}

/**
 * Reads the bearer token, if any, and sets `req.user` for a live session of an active account. A
 * token of a blocked account is refused at once with 403 ACCOUNT_BLOCKED (002 p.14 «дереу»).
 */
export function authenticate(prisma: PrismaClient) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearer(req);
    const session = token ? await sessionFor(prisma, token) : undefined;
    if (session?.blocked) throw accountBlocked(session.blocked.reason);
    req.user = session?.user;
    next();
  };
}

export function requireUser(req: Request, _res: Response, next: NextFunction) {
  if (!req.user) throw unauthorised();
  next();
}

/** Allows users holding any of the roles (in any body); check the body with `grantFor`. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) throw unauthorised();
    if (!roles.some((r) => req.user!.roles.includes(r))) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    next();
  };
}

/** The user's grant of `role` in the body, if any: officials act only for the body they serve. */
export function grantFor(user: AuthenticatedUser, role: Role, bodyCode: string): RoleGrantView | undefined {
  return user.grants.find((g) => g.role === role && g.bodyCode === bodyCode);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const authChallengeSchema = z
  .object({
    challengeId: z.uuid(),
    nonce: z.string().meta({ contentEncoding: 'base64', description: '32 random bytes. Sign these bytes (not their base64 text).' }),
    expiresAt: dateTimeString,
  })
  .meta({ id: 'AuthChallenge' });
const loginRequestSchema = loginBody.meta({ id: 'LoginRequest' });
const userSchema = z
  .object({
    iin: iinString,
    name: z.string(),
    locale: z.enum(LOCALES).meta({ description: 'The language messages are sent in (profile setting; Kazakh by default).' }),
    roles: z.array(roleSchema).meta({ description: '`participant` and every official role held in any body.' }),
    grants: z.array(z.object({ role: officialRoleSchema, bodyCode: bodyCodeString })).meta({ description: 'Official roles and the body each is held in.' }),
    profileRequired: z
      .boolean()
      .optional()
      .meta({ description: '000 §6: a citizen who has not saved the profile’s mandatory fields; other services answer 428 until then.' }),
    agreementRequired: z
      .boolean()
      .optional()
      .meta({ description: '002 p.17, p.19: an official who has not signed the user agreement; other services answer 428 until then.' }),
  })
  .meta({ id: 'User' });
const loginResultSchema = z
  .object({ token: z.string().meta({ description: 'The session token for `Authorization: Bearer`.' }), user: userSchema })
  .meta({ id: 'LoginResult' });

export const authPaths: ZodOpenApiPathsObject = {
  '/api/v1/auth/challenge': {
    post: operation({
      operationId: 'authChallenge',
      tag: 'Authentication',
      summary: 'Start an EDS login',
      description: 'Hands out a single-use random nonce to be signed with the EDS authentication key (000 §3.2, 002 p.18). No body.',
      access: 'public',
      responses: { 201: json(authChallengeSchema, 'The challenge.') },
    }),
  },
  '/api/v1/auth/login': {
    post: operation({
      operationId: 'authLogin',
      tag: 'Authentication',
      summary: 'Log in with the signed nonce',
      description:
        'Checks the CMS signature over the challenge nonce against the NCA trust anchors, with revocation (CRL/OCSP) and for the ' +
        'authentication key purpose, and opens a session. The challenge is spent by the first attempt, successful or not. ' +
        'The first login registers the person (role `participant`); official roles come from approved access applications.',
      access: 'public',
      requestBody: jsonBody(loginRequestSchema, '256 kB'),
      responses: { 200: json(loginResultSchema, 'Logged in.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        401: ['CHALLENGE_INVALID', 'SIGNATURE_INVALID'],
        403: ['FORBIDDEN', 'ACCOUNT_BLOCKED'],
        413: ['PAYLOAD_TOO_LARGE'],
        503: ['REVOCATION_UNAVAILABLE'],
      },
    }),
  },
  '/api/v1/auth/logout': {
    post: operation({
      operationId: 'authLogout',
      tag: 'Authentication',
      summary: 'End the session',
      description: 'Revokes the session token of the request.',
      access: 'user',
      responses: { 204: noContent },
    }),
  },
  '/api/v1/auth/me': {
    get: operation({
      operationId: 'authMe',
      tag: 'Authentication',
      summary: 'Who am I',
      description: 'The logged-in person with their roles and the bodies they serve.',
      access: 'user',
      responses: { 200: json(z.object({ user: userSchema }), 'The user.') },
    }),
  },
};
