// Officials' information queries (002 P4, domain/official-query.ts): an official reads a case of
// the ERDR, a report of the KUI register or a person's records only by stating a basis with its
// identifiers. The role must have the basis (Annex 1) and the service must answer under it
// (Annex 2); otherwise 403 with the reason in kk/ru/en. Every query — answered or refused — is
// journalled in the audit log with its result size before the answer goes out (p.39: all queries
// are logged; p.53: kept permanently), and the answer names its log entry, so the official can
// later ask for its inclusion proof. Times are in Astana time (p.29).
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import { astanaTime } from '../domain/astana-time';
import {
  decideQuery,
  officialQueryRequestSchema,
  QUERY_BASES,
  QUERY_SERVICES,
  refusalText,
  roleHasBasis,
  ROLE_TO_ANNEX_1,
  type OfficialQueryRequest,
  type QueryDecision,
  type QueryRefusal,
} from '../domain/official-query';
import { OFFICIAL_ROLES, type OfficialRole } from '../domain/roles';
import type { MerkleAuditLog } from '../platform/audit';
import type { PrismaClient } from '../prisma/generated/client';
import { requireRole } from './auth';
import { HttpError, parseOr400 } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { dateTimeString } from '../domain/contract';
import { json, jsonBody, operation } from './openapi-kit';

const requestSchema = officialQueryRequestSchema.extend({
  /** Which of the official's roles the query is sent in; by default the first that may send it. */
  role: z.enum(OFFICIAL_ROLES).optional(),
});

/** Just the role and the basis named, read before the whole request is validated. */
const lenientRequest = z.object({ basis: z.object({ basis: z.enum(QUERY_BASES) }).passthrough(), role: z.enum(OFFICIAL_ROLES).optional() }).passthrough();

type Result = Record<string, unknown>;

/** Reads what the query asks for from the ERDR's own records. */
async function read(prisma: PrismaClient, target: OfficialQueryRequest['target']): Promise<{ results: Result[]; bodyCodes: string[] }> {
  switch (target.kind) {
    case 'CASE': {
      const reports = await prisma.report.findMany({
        where: { erdrNumber: target.erdrNumber },
        select: { talon: true, kuiNumber: true, erdrNumber: true, bodyCode: true, status: true, submittedAt: true },
      });
      const participants = await prisma.caseParticipant.findMany({ where: { erdrNumber: target.erdrNumber }, select: { role: true, confirmedAt: true } });
      return {
        results: reports.map((r) => ({
          erdrNumber: r.erdrNumber,
          kuiNumber: r.kuiNumber,
          talon: r.talon,
          bodyCode: r.bodyCode,
          status: r.status,
          reportedAt: astanaTime(r.submittedAt),
          participants: participants.map((p) => ({ role: p.role, confirmedAt: astanaTime(p.confirmedAt) })),
        })),
        bodyCodes: reports.map((r) => r.bodyCode),
      };
    }
    case 'REPORT': {
      const reports = await prisma.report.findMany({
        where: { kuiNumber: target.kuiNumber },
        select: { talon: true, kuiNumber: true, erdrNumber: true, bodyCode: true, status: true, submittedAt: true, dueAt: true },
      });
      return {
        results: reports.map((r) => ({
          kuiNumber: r.kuiNumber,
          talon: r.talon,
          erdrNumber: r.erdrNumber,
          bodyCode: r.bodyCode,
          status: r.status,
          reportedAt: astanaTime(r.submittedAt),
          decisionDueAt: astanaTime(r.dueAt),
        })),
        bodyCodes: reports.map((r) => r.bodyCode),
      };
    }
    case 'PERSON': {
      const [reports, cases] = await Promise.all([
        prisma.report.findMany({
          where: { applicantIin: target.iin },
          select: { talon: true, kuiNumber: true, erdrNumber: true, bodyCode: true, status: true, submittedAt: true },
          orderBy: { submittedAt: 'asc' },
        }),
        prisma.caseParticipant.findMany({ where: { iin: target.iin }, select: { erdrNumber: true, role: true, confirmedAt: true } }),
      ]);
      return {
        results: [
          ...reports.map((r) => ({
            record: 'REPORT_FILED',
            talon: r.talon,
            kuiNumber: r.kuiNumber,
            erdrNumber: r.erdrNumber,
            bodyCode: r.bodyCode,
            status: r.status,
            at: astanaTime(r.submittedAt),
          })),
          ...cases.map((c) => ({ record: 'CASE_PARTICIPANT', erdrNumber: c.erdrNumber, role: c.role, at: astanaTime(c.confirmedAt) })),
        ],
        bodyCodes: [],
      };
    }
  }
}

export function officialQueryRouter(opts: { prisma: PrismaClient; audit: MerkleAuditLog }): Router {
  const { prisma, audit } = opts;
  const router = Router();
  const json = express.json({ limit: '100kb' });

  router.post('/official-queries', requireRole(...OFFICIAL_ROLES), json, async (req, res) => {
    const user = req.user!;
    const queryId = randomUUID();
    const at = new Date();
    const refuse = async (role: OfficialRole, refusal: QueryRefusal, stated: unknown): Promise<never> => {
      // A refused query is journalled too: the review and the prosecutor see attempts as well (p.39).
      await audit.append({
        actor: user.iin,
        action: 'official-query.refused',
        subject: `official-query/${queryId}`,
        detail: { queryId, at: at.toISOString(), role, bodies: user.grants.filter((g) => g.role === role).map((g) => g.bodyCode), stated, refusal },
      });
      const text = refusalText(refusal);
      throw new HttpError(403, refusal.code, text.en, undefined, text);
    };

    // Who may ask is decided before what is asked is read in full, so a malformed request does not
    // turn a refusal into a 400: first the roles (Annex 1 has a row for them?), then the basis named.
    const lenient = lenientRequest.safeParse(req.body);
    const namedRole = lenient.success ? lenient.data.role : undefined;
    if (namedRole && !user.roles.includes(namedRole)) throw new HttpError(403, 'FORBIDDEN', `You do not hold the role ${namedRole}`);
    const roles = OFFICIAL_ROLES.filter((r) => user.roles.includes(r) && (!namedRole || r === namedRole));
    const querying = roles.filter((r) => ROLE_TO_ANNEX_1[r]);
    if (!querying.length) return refuse(roles[0], { code: 'ROLE_HAS_NO_QUERIES', role: roles[0] }, lenient.success ? lenient.data : null);
    const basisName = lenient.success ? lenient.data.basis.basis : undefined;
    if (basisName && !querying.some((r) => roleHasBasis(ROLE_TO_ANNEX_1[r]!, basisName))) {
      return refuse(
        querying[0],
        { code: 'BASIS_NOT_FOR_ROLE', annexRole: ROLE_TO_ANNEX_1[querying[0]]!, basis: basisName },
        lenient.success ? lenient.data : null,
      );
    }

    const body = parseOr400(requestSchema, req.body);
    const decisions = querying.map((role) => ({ role, decision: decideQuery({ role, basis: body.basis, target: body.target }) }));
    const chosen = decisions.find((d) => d.decision.allowed) ?? decisions[0];
    const decision: QueryDecision = chosen.decision;
    if (!decision.allowed) return refuse(chosen.role, decision.refusal, body);
    const bodies = user.grants.filter((g) => g.role === chosen.role).map((g) => g.bodyCode);
    const journal = {
      queryId,
      at: at.toISOString(),
      role: chosen.role,
      bodies,
      basis: body.basis,
      target: body.target,
      service: QUERY_SERVICES[body.target.kind].id,
    };

    const { results, bodyCodes } = await read(prisma, body.target);
    // p.5: whether what was read is in the official's own body's proceedings, kept for the review.
    const inOwnBody = bodyCodes.length ? bodyCodes.some((c) => bodies.includes(c)) : null;
    const entry = await audit.append({
      actor: user.iin,
      action: 'official-query.answered',
      subject: `official-query/${queryId}`,
      detail: { ...journal, annexRole: decision.annexRole, resultCount: results.length, inOwnBody },
    });
    const service = QUERY_SERVICES[body.target.kind];
    res.json({
      queryId,
      at: astanaTime(at),
      role: chosen.role,
      basis: body.basis,
      target: body.target,
      service: { id: service.id, kk: service.kk, ru: service.ru, en: service.en, source: service.source },
      resultCount: results.length,
      results,
      journal: { index: entry.index, leafHash: Buffer.from(entry.hash, 'hex').toString('base64') },
    });
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const QUERY_REFUSALS = [
  'ROLE_HAS_NO_QUERIES',
  'BASIS_NOT_FOR_ROLE',
  'SERVICE_NOT_UNDER_BASIS',
  'SERVICE_MVD_ONLY',
  'ARTICLE_NOT_IN_ANNEX_3',
  'BASIS_NAMES_ANOTHER_CASE',
];

const queryAnswer = z.object({
  queryId: z.uuid(),
  at: dateTimeString.meta({ description: 'ISO 8601, Astana time.' }),
  role: z.enum(OFFICIAL_ROLES),
  basis: requestSchema.shape.basis,
  target: requestSchema.shape.target,
  service: z.object({ id: z.string(), kk: z.string(), ru: z.string(), en: z.string(), source: z.string() }),
  resultCount: z.number().int(),
  results: z.array(z.record(z.string(), z.unknown())),
  journal: z.object({ index: z.number().int(), leafHash: z.string().meta({ contentEncoding: 'base64' }) }),
});

export const officialQueryPaths: ZodOpenApiPathsObject = {
  '/api/v1/official-queries': {
    post: operation({
      operationId: 'officialQuery',
      tag: 'Official queries',
      summary: 'Query a case, a report or a person, stating the basis',
      description:
        '002 P4: the basis (one of the seven of §2.2) with its identifiers, and what is read. The role must have the basis in Annex 1 and the ' +
        'service must answer under it in Annex 2, else 403 with the reason (`localised`, kk/ru/en) and the refusal’s code. Every query, answered ' +
        'or refused, is journalled in the audit log with its result size before the answer; `journal.index` is its entry (for an inclusion proof). ' +
        'Times in Astana time (UTC+5, p.29).',
      access: 'user',
      roles: [...OFFICIAL_ROLES],
      requestBody: jsonBody(requestSchema, '100 kB'),
      responses: { 200: json(queryAnswer, 'The answer, journalled.') },
      errors: { 400: ['VALIDATION_FAILED'], 403: QUERY_REFUSALS },
    }),
  },
};
