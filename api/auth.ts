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
import { localeOrKazakh, type Locale } from '../domain/notification-templates';
import { profileGateApplies } from '../domain/profile';
import type { SignatureService } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { RevocationUnavailableError } from '../eds/revocation';
import { forbidden, HttpError, parseOr400, unauthorised } from './errors';

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
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthenticatedUser;
  }
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const loginBody = z.object({
  challengeId: z.string().uuid(),
  signature: z.string().min(16, 'base64 CMS expected').regex(/^[A-Za-z0-9+/=\s-]+$/, 'base64 CMS expected'),
});

export interface AuthOptions {
  prisma: PrismaClient;
  signatures: SignatureService;
  sessionTtlMinutes: number;
  challengeTtlSeconds: number;
}

async function userOf(prisma: PrismaClient, account: { iin: string; fullName: string; locale: string; profileCompletedAt?: Date | null }): Promise<AuthenticatedUser> {
  const grants = await prisma.roleGrant.findMany({ where: { iin: account.iin, revokedAt: null }, orderBy: { grantedAt: 'asc' } });
  return authenticatedUser({ ...account, profileSaved: !!account.profileCompletedAt }, grants);
}

function authenticatedUser(account: { iin: string; fullName: string; locale: string; profileSaved?: boolean }, grants: { role: string; bodyCode: string }[]): AuthenticatedUser {
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
    if (account.status === 'BLOCKED') throw forbidden('This account is blocked (002 p.14)');
    const token = randomBytes(32).toString('base64url');
    await prisma.session.create({
      data: { tokenHash: sha256(token), iin, expiresAt: new Date(Date.now() + opts.sessionTtlMinutes * 60_000) },
    });
    res.json({ token, user: await userOf(prisma, account) });
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
 * The user of a live session of an active account, or undefined. One query: every API request
 * asks it.
 */
export async function userForToken(prisma: PrismaClient, token: string): Promise<AuthenticatedUser | undefined> {
  const [row] = await queryRows<{ iin: string; full_name: string; locale: string; profile_saved?: boolean; grants: { role: string; bodyCode: string }[] }>(prisma, Prisma.sql`
    SELECT a.iin, a.full_name, a.locale, a.profile_completed_at IS NOT NULL AS profile_saved,
      COALESCE((SELECT json_agg(json_build_object('role', g.role, 'bodyCode', g.body_code) ORDER BY g.granted_at)
                FROM role_grant g WHERE g.iin = a.iin AND g.revoked_at IS NULL), '[]'::json) AS grants
    FROM session s JOIN account a ON a.iin = s.iin
    WHERE s.token_hash = ${sha256(token)} AND s.revoked_at IS NULL AND s.expires_at > now() AND a.status = 'ACTIVE'`);
  return row && authenticatedUser({ iin: row.iin, fullName: row.full_name, locale: row.locale, profileSaved: row.profile_saved }, row.grants);
}

/** Reads the bearer token, if any, and sets `req.user` for a live session of an active account. */
export function authenticate(prisma: PrismaClient) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (token) req.user = await userForToken(prisma, token);
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
