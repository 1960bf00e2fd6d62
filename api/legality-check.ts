// The prosecutor's legality check (002 P8, workflows/legality-check.ts). A prosecutor supervising a
// body — one holding the prosecutor's role in it — opens a check on a signed resolution (p.55)
// naming the body and a period; the Committee operator reads the answer made from the audit log and
// signs it off (p.54); the prosecutor who opened it records the outcome (p.56). The body's
// prosecutors and the operators read the checks; to anyone else a check does not exist (404).
// Times in Astana time (p.29). Reading the answer is journalled: it names officials and what they read.
import express, { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { PrismaClient } from '../prisma/generated/client';
import { astanaTime } from '../domain/astana-time';
import { bodyByCode } from '../domain/dictionaries';
import {
  checkPeriod,
  confirmAnswerSchema,
  isLegalityCheckId,
  LEGALITY_CHECK_STATUS_LABELS,
  legalityCheckListSchema,
  legalityCheckSchema,
  legalityCheckId,
  legalityCheckWorkflowId,
  openLegalityCheckSchema,
  outcomeSchema,
  periodProblem,
  type LegalityCheckState,
  type LegalityCheckStatus,
} from '../domain/legality-check';
import type { OfficialRole } from '../domain/roles';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { MEDIA_TYPES } from '../documents/media-type';
import type { FileStore } from '../documents/store';
import type { AuditLog } from '../platform/audit';
import { confirmLegalityAnswer, getLegalityCheck, legalityCheckWorkflow, recordLegalityOutcome } from '../workflows/legality-check';
import type { AuthenticatedUser } from './auth';
import { requireRole } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { sendStored } from './files';
import { download, json, jsonBody, operation } from './openapi-kit';

/** Who reads checks: the body's prosecutors, and the Committee's operators, who answer them (p.54). */
export const LEGALITY_CHECK_READERS: OfficialRole[] = ['prosecutor', 'operator'];

const literal = (s: string) => `'${s.replace(/[^0-9A-Za-z_-]/g, '')}'`;
const prosecutorBodies = (user: AuthenticatedUser) => [...new Set(user.grants.filter((g) => g.role === 'prosecutor').map((g) => g.bodyCode))];

const refused = (status: number, code: string, text: { kk: string; ru: string; en: string }, fields?: Record<string, string>) =>
  new HttpError(status, code, text.en, fields, text);

const NOT_SUPERVISING = {
  kk: 'Тексеруді тек осы органды қадағалайтын прокурор ашады (54-тармақ).',
  ru: 'Проверку открывает только прокурор, надзирающий за этим органом (п. 54).',
  en: 'Only a prosecutor supervising this body opens a check on it (p.54).',
};
const RESOLUTION_NOT_ACCEPTED = {
  kk: 'Тексеру жүргізу туралы қаулы — сіз ЭЦҚ-мен қол қойып жүктеген PDF файл болуы керек (55-тармақ).',
  ru: 'Постановление о проведении проверки должно быть PDF-файлом, загруженным и подписанным вашей ЭЦП (п. 55).',
  en: 'The resolution on conducting the check must be a PDF you uploaded signed with your EDS (p.55).',
};

/** The state as its readers see it: times in Astana time, the status labelled, links to the answer. */
function view(s: LegalityCheckState) {
  return {
    checkId: s.checkId,
    bodyCode: s.bodyCode,
    prosecutorIin: s.prosecutorIin,
    resolution: s.resolution,
    period: { label: s.period.label, from: astanaTime(new Date(s.period.from)), to: astanaTime(new Date(s.period.to)) },
    status: s.status,
    statusLabel: LEGALITY_CHECK_STATUS_LABELS[s.status],
    refusal: s.refusal ?? null,
    answer: s.answer
      ? {
          treeSize: s.answer.treeSize,
          rootHash: s.answer.rootHash,
          checkpoint: s.answer.checkpoint,
          queries: s.answer.queries.length,
          complete: s.answer.complete,
          jsonSha256: s.answer.jsonSha256,
          pdfSha256: s.answer.pdfSha256,
          preparedAt: astanaTime(new Date(s.answer.preparedAt)),
          json: `/api/v1/legality-checks/${s.checkId}/answer`,
          pdf: `/api/v1/legality-checks/${s.checkId}/answer.pdf`,
        }
      : null,
    confirmation: s.confirmation ? { ...s.confirmation, at: astanaTime(new Date(s.confirmation.at)) } : null,
    outcome: s.outcome ? { ...s.outcome, at: astanaTime(new Date(s.outcome.at)) } : null,
    deadlines: s.deadlines,
  };
}

export function legalityCheckRouter(opts: { client: Client; prisma: PrismaClient; audit: AuditLog; files: FileStore; taskQueue: string }): Router {
  const { client, prisma, audit, files } = opts;
  const router = Router();
  const parseJson = express.json({ limit: '64kb' });

  /** The check if the user may read it (an operator, or a prosecutor of its body), else 404. */
  async function checkFor(user: AuthenticatedUser, id: string) {
    if (!isLegalityCheckId(id)) throw notFound('Check');
    const handle = client.workflow.getHandle(legalityCheckWorkflowId(id));
    const state = await handle.query(getLegalityCheck).catch((e) => {
      if (e instanceof WorkflowNotFoundError) throw notFound('Check');
      throw e;
    });
    if (!user.roles.includes('operator') && !prosecutorBodies(user).includes(state.bodyCode)) throw notFound('Check');
    return { handle, state };
  }

  /** Runs an update; a refusal of the workflow's validator is a 409 with its code. */
  async function update<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('Check');
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure)
        throw new HttpError(409, e.cause.type ?? 'REJECTED', e.cause.message);
      throw e;
    }
  }

  router.post('/legality-checks', requireRole('prosecutor'), parseJson, async (req, res) => {
    const user = req.user!;
    const body = parseOr400(openLegalityCheckSchema, req.body);
    if (!bodyByCode(body.bodyCode)) throw new HttpError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { bodyCode: 'no such body' });
    if (!prosecutorBodies(user).includes(body.bodyCode)) throw refused(403, 'NOT_SUPERVISING_BODY', NOT_SUPERVISING);
    const problem = periodProblem(body.period.from, body.period.to, new Date());
    if (problem) throw new HttpError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { period: problem });
    const file = await prisma.storedFile.findUnique({ where: { id: body.resolution.fileId } });
    if (!file || file.sha256 !== body.resolution.sha256 || file.ownerIin !== user.iin || file.mediaType !== MEDIA_TYPES.pdf.mediaType) {
      throw refused(422, 'RESOLUTION_NOT_ACCEPTED', RESOLUTION_NOT_ACCEPTED, { resolution: 'a PDF you uploaded with your signature' });
    }

    const checkId = legalityCheckId(body.bodyCode, body.resolution.sha256);
    const handle = client.workflow.getHandle(legalityCheckWorkflowId(checkId));
    const input = {
      checkId,
      prosecutorIin: user.iin,
      bodyCode: body.bodyCode,
      resolution: { ...body.resolution, number: body.resolutionNumber },
      period: checkPeriod(body.period.from, body.period.to),
    };
    let status = 201;
    try {
      await client.workflow.start(legalityCheckWorkflow, {
        workflowId: handle.workflowId,
        taskQueue: opts.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      status = 200;
    }
    const state = await handle.query(getLegalityCheck);
    // The same resolution for the same body is the same check: a retry gets it back; another period is a conflict.
    if (status === 200 && (state.prosecutorIin !== user.iin || state.period.label !== input.period.label)) {
      throw new HttpError(409, 'CHECK_EXISTS', 'This resolution already opened a check of this body', undefined, {
        kk: 'Бұл қаулы бойынша осы органды тексеру ашылған.',
        ru: 'По этому постановлению проверка этого органа уже открыта.',
        en: 'This resolution already opened a check of this body.',
      });
    }
    res.status(status).json(view(state));
  });

  router.get('/legality-checks', requireRole(...LEGALITY_CHECK_READERS), async (req, res) => {
    const user = req.user!;
    const bodies = prosecutorBodies(user);
    const items: { checkId: string; bodyCode: string | null; status: string | null; statusLabel: unknown; openedAt: string }[] = [];
    if (user.roles.includes('operator') || bodies.length) {
      const scope = user.roles.includes('operator') ? '' : ` AND Body IN (${bodies.map(literal).join(', ')})`;
      for await (const wf of client.workflow.list({ query: `WorkflowType = 'legalityCheckWorkflow'${scope}` })) {
        const status = (wf.typedSearchAttributes.get(ProcessStatus) ?? null) as LegalityCheckStatus | null;
        items.push({
          checkId: wf.workflowId.replace(/^legality-check-/, ''),
          bodyCode: wf.typedSearchAttributes.get(Body) ?? null,
          status,
          statusLabel: status ? (LEGALITY_CHECK_STATUS_LABELS[status] ?? null) : null,
          openedAt: astanaTime(wf.startTime),
        });
        if (items.length >= 500) break;
      }
    }
    res.json({ items });
  });

  router.get('/legality-checks/:id', requireRole(...LEGALITY_CHECK_READERS), async (req, res) => {
    const { state } = await checkFor(req.user!, String(req.params.id));
    res.json(view(state));
  });

  // The answer itself, JSON (with the proofs) or the PDF extract. It names officials: each read is journalled.
  const sendAnswer = (format: 'json' | 'pdf') => async (req: express.Request, res: express.Response) => {
    const { state } = await checkFor(req.user!, String(req.params.id));
    if (!state.answer) throw notFound('Answer');
    const sha256 = format === 'json' ? state.answer.jsonSha256 : state.answer.pdfSha256;
    await audit.append({
      actor: req.user!.iin,
      action: 'legality-check.answer-read',
      subject: `legality-check/${state.checkId}`,
      detail: { checkId: state.checkId, format, sha256 },
    });
    await sendStored(res, files, sha256, format === 'json' ? 'application/json' : MEDIA_TYPES.pdf.mediaType, `legality-check-${state.checkId}.${format}`);
  };
  router.get('/legality-checks/:id/answer', requireRole(...LEGALITY_CHECK_READERS), sendAnswer('json'));
  router.get('/legality-checks/:id/answer.pdf', requireRole(...LEGALITY_CHECK_READERS), sendAnswer('pdf'));

  // p.54: the operator signs off the answer made from the log.
  router.post('/legality-checks/:id/answer', requireRole('operator'), parseJson, async (req, res) => {
    const { handle } = await checkFor(req.user!, String(req.params.id));
    const body = parseOr400(confirmAnswerSchema, req.body ?? {});
    const state = await update(() => handle.executeUpdate(confirmLegalityAnswer, { args: [{ ...body, operatorIin: req.user!.iin }] }));
    res.json(view(state));
  });

  // p.56: the outcome, by the prosecutor who opened the check.
  router.post('/legality-checks/:id/outcome', requireRole('prosecutor'), parseJson, async (req, res) => {
    const { handle, state: before } = await checkFor(req.user!, String(req.params.id));
    const body = parseOr400(outcomeSchema, req.body);
    if (before.prosecutorIin !== req.user!.iin) {
      throw refused(403, 'NOT_CHECK_PROSECUTOR', {
        kk: 'Тексерудің нәтижесін оны ашқан прокурор жазады.',
        ru: 'Итог проверки записывает прокурор, открывший её.',
        en: 'The outcome is recorded by the prosecutor who opened the check.',
      });
    }
    const state = await update(() => handle.executeUpdate(recordLegalityOutcome, { args: [{ ...body, prosecutorIin: req.user!.iin }] }));
    res.json(view(state));
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/legality-check.ts).

const checkPath = z.object({
  id: z
    .string()
    .regex(/^\d{6}-[0-9a-f]{24}$/)
    .meta({ description: 'The check: the body code and the first 24 hex digits of the resolution’s SHA-256.' }),
});
const TAG = 'Legality checks';
const READ_ERRORS = { 404: ['NOT_FOUND'] } as const;

export const legalityCheckPaths: ZodOpenApiPathsObject = {
  '/api/v1/legality-checks': {
    post: operation({
      operationId: 'openLegalityCheck',
      tag: TAG,
      summary: 'Open a legality check of a body’s queries',
      description:
        'The prosecutor supervising the body (holding the prosecutor’s role in it) names the body, the period (Astana dates, at most 366 days) and the ' +
        'resolution on conducting the check (002 p.55): a PDF uploaded with `POST /api/v1/files` and signed with the prosecutor’s signing key. ' +
        'The workflow `legality-check-<id>` checks the signature again with revocation, journals the request to the operator (p.54) and makes the answer ' +
        'from the audit log. The same resolution for the same body is the same check: a retry answers 200 with it.',
      access: 'user',
      roles: ['prosecutor'],
      requestBody: jsonBody(openLegalityCheckSchema, '64 kB'),
      responses: { 201: json(legalityCheckSchema, 'Opened.'), 200: json(legalityCheckSchema, 'Opened before with this resolution (a retry).') },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['NOT_SUPERVISING_BODY'], 409: ['CHECK_EXISTS'], 422: ['RESOLUTION_NOT_ACCEPTED'] },
    }),
    get: operation({
      operationId: 'listLegalityChecks',
      tag: TAG,
      summary: 'Legality checks',
      description: 'The checks of the bodies the prosecutor supervises; for an operator, all checks (newest first, at most 500).',
      access: 'user',
      roles: LEGALITY_CHECK_READERS,
      responses: { 200: json(legalityCheckListSchema, 'The checks.') },
    }),
  },
  '/api/v1/legality-checks/{id}': {
    get: operation({
      operationId: 'getLegalityCheck',
      tag: TAG,
      summary: 'A legality check',
      description:
        'Its status, the answer’s checkpoint and hashes, the confirmation, the outcome and the answer’s deadline. Prosecutors of the body and operators; to others, 404.',
      access: 'user',
      roles: LEGALITY_CHECK_READERS,
      requestParams: { path: checkPath },
      responses: { 200: json(legalityCheckSchema, 'The check.') },
      errors: READ_ERRORS,
    }),
  },
  '/api/v1/legality-checks/{id}/answer': {
    get: operation({
      operationId: 'downloadLegalityAnswer',
      tag: TAG,
      summary: 'The answer from the audit log (JSON, with inclusion proofs)',
      description:
        'Every query journal entry of the body’s officials in the period: its log index, time (Astana), official, action, detail, the exact leaf bytes ' +
        '(base64), the leaf hash and the RFC 6962 inclusion proof (RFC 9162 order) against the signed checkpoint the document carries. The read is journalled.',
      access: 'user',
      roles: LEGALITY_CHECK_READERS,
      requestParams: { path: checkPath },
      responses: { 200: download('application/json', 'The answer `legality-check-<id>.json`.') },
      errors: READ_ERRORS,
    }),
    post: operation({
      operationId: 'confirmLegalityAnswer',
      tag: TAG,
      summary: 'The operator signs off the answer (p.54)',
      description:
        'Gives the answer made from the log to the prosecutor, within the rule `legalityCheck.answer` (3 days, assumed: the Rules set no term). Any Committee operator.',
      access: 'user',
      roles: ['operator'],
      requestParams: { path: checkPath },
      requestBody: jsonBody(confirmAnswerSchema, '64 kB'),
      responses: { 200: json(legalityCheckSchema, 'Answered.') },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 404: ['NOT_FOUND'], 409: ['ANSWER_NOT_READY', 'ALREADY_ANSWERED'] },
    }),
  },
  '/api/v1/legality-checks/{id}/answer.pdf': {
    get: operation({
      operationId: 'downloadLegalityAnswerPdf',
      tag: TAG,
      summary: 'The answer as a PDF extract',
      description: 'The request, the checkpoint and one row per query entry with its log index and leaf hash (kk/ru). The read is journalled.',
      access: 'user',
      roles: LEGALITY_CHECK_READERS,
      requestParams: { path: checkPath },
      responses: { 200: download('application/pdf', 'The extract `legality-check-<id>.pdf`.') },
      errors: READ_ERRORS,
    }),
  },
  '/api/v1/legality-checks/{id}/outcome': {
    post: operation({
      operationId: 'recordLegalityOutcome',
      tag: TAG,
      summary: 'The outcome of the check (p.56)',
      description:
        'By the prosecutor who opened the check, once answered: `NO_VIOLATIONS`, or `VIOLATIONS_FOUND` with a description and the entries (log index, reason) ' +
        'obtained illegally — each journalled as an incident for the operator (p.37) and a proposal to block the official (p.45), liability raised (p.56).',
      access: 'user',
      roles: ['prosecutor'],
      requestParams: { path: checkPath },
      requestBody: jsonBody(outcomeSchema, '64 kB'),
      responses: { 200: json(legalityCheckSchema, 'Recorded.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        403: ['NOT_CHECK_PROSECUTOR'],
        404: ['NOT_FOUND'],
        409: ['NOT_ANSWERED', 'OUTCOME_RECORDED', 'UNKNOWN_ENTRY'],
      },
    }),
  },
};
