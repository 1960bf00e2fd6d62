// «Қылмыстық іс бойынша қабылданған шешімдер туралы мәліметтер және оларға материалдар» (000 §4.9,
// 001 ¶26): a participant enters a 15-digit ERDR number and gets the case's procedural decisions
// (type, date, deciding body, official) and the documents the official opened to them, each to
// download or all as one ZIP. The Public Sector asks the ERDR — here, the case workflow — at each
// request, so refreshing is asking again [M:600, M:604].
//
// Access: one of the five situations of 000 §4.9 and the official's confirmation (A:11); materials
// only once the official granted familiarisation with them (A:25). Every view, download and refusal
// is journalled in the audit chain (platform/case-journal.ts) with who, what, when and the basis.
// A number that is no case and a case that does not list the caller answer the same 404, so a
// stranger cannot tell whether the case exists; only a participant hears "not yet confirmed".
import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { PrismaClient } from '../prisma/generated/client';
import { documentsOpenTo, type CaseDocument, type CaseState } from '../domain/ecase';
import {
  ACCESS_BASIS_LABELS,
  caseDecisions,
  caseDecisionsSchema,
  decisionsAccess,
  DECISIONS_REFUSALS,
  erdrNumberParam,
  type AccessBasis,
  type DecisionsRefusalCode,
} from '../domain/decisions';
import { ERDR_FILTER_MESSAGE } from '../domain/petition';
import type { AuditLog } from '../platform/audit';
import { journalCaseAccess } from '../platform/case-journal';
import type { FileStore } from '../documents/store';
import { requireUser } from './auth';
import { HttpError } from './errors';
import { sendMaterialsZip, sendStored } from './files';
import { download, json, operation, pathParam } from './openapi-kit';
import { bodyView, liveCase } from './petition';

export interface DecisionsRouterOptions {
  prisma: PrismaClient;
  client: Client;
  audit: AuditLog;
  files: FileStore;
}

const refusalError = (code: DecisionsRefusalCode) => {
  const r = DECISIONS_REFUSALS[code];
  return new HttpError(r.status, code, `${r.message.en} (${r.source})`, undefined, r.message);
};

const titleOf = (d: CaseDocument) => (typeof d.title === 'string' ? d.title : d.title.ru);

export function decisionsRouter({ prisma, client, audit, files }: DecisionsRouterOptions): Router {
  const router = Router();

  /**
   * The case and the caller's bases, or the refusal — journalled either way. The case workflow is
   * asked first for everyone, so the answer does not depend on who asks before it is decided.
   */
  const openCase = async (req: Request): Promise<{ erdr: string; state: CaseState; bases: AccessBasis[] }> => {
    const parsed = erdrNumberParam.safeParse(req.params);
    if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', ERDR_FILTER_MESSAGE.en, { erdr: ERDR_FILTER_MESSAGE.en }, ERDR_FILTER_MESSAGE);
    const erdr = parsed.data.erdr;
    const iin = req.user!.iin;
    const [state, report] = await Promise.all([
      liveCase(client, erdr, prisma),
      // Situation (1): the caller's own report, on which «СТБТ-да тіркеу» was decided as this case.
      prisma.report.findFirst({ where: { applicantIin: iin, erdrNumber: erdr, status: 'REGISTERED_ERDR' }, select: { talon: true } }),
    ]);
    const verdict = decisionsAccess(state, iin, !!report);
    if (!verdict.allowed) {
      await journalCaseAccess(audit, erdr, { actor: iin, what: 'decisions.refused', basis: [verdict.refusal] });
      throw refusalError(verdict.refusal);
    }
    return { erdr, state: state!, bases: verdict.bases };
  };

  const nameOf = async (iin: string) => (await prisma.account.findUnique({ where: { iin }, select: { fullName: true } }))?.fullName ?? null;

  // The decisions and the materials opened to the caller (fig. 43).
  router.get('/decisions/:erdr', requireUser, async (req, res) => {
    const { erdr, state, bases } = await openCase(req);
    const iin = req.user!.iin;
    const materials = documentsOpenTo(state, iin);
    // Journalled before anything is shown: a look that cannot be recorded is not given.
    await journalCaseAccess(audit, erdr, { actor: iin, what: 'decisions.viewed', basis: bases, documentIds: materials.map((d) => d.id) });
    const names = new Map<string, string | null>();
    const decisions = [];
    for (const d of caseDecisions(state)) {
      if (!names.has(d.byIin)) names.set(d.byIin, d.byIin === 'system' ? null : await nameOf(d.byIin));
      // Officials are named, never identified by IIN, to a participant.
      decisions.push({
        type: d.type,
        label: d.label,
        at: d.at,
        decidingBody: bodyView(d.bodyCode),
        officialName: names.get(d.byIin) ?? null,
        source: d.source,
        ...(d.detail !== undefined && { detail: d.detail }),
      });
    }
    res.json({
      erdrNumber: erdr,
      status: state.status,
      statusLabel: state.statusLabel,
      bases: bases.map((b) => ({ code: b, label: ACCESS_BASIS_LABELS[b] })),
      decisions,
      materials: materials.map((d) => ({ id: d.id, title: d.title, kind: d.kind, addedAt: d.addedAt, sha256: d.sha256 })),
      retrievedAt: new Date().toISOString(),
    });
  });

  // One document opened to the caller.
  router.get('/decisions/:erdr/materials/:documentId', requireUser, async (req, res) => {
    const { erdr, state, bases } = await openCase(req);
    const iin = req.user!.iin;
    const doc = documentsOpenTo(state, iin).find((d) => d.id === String(req.params.documentId));
    if (!doc) throw refusalError('MATERIAL_NOT_GRANTED');
    await journalCaseAccess(audit, erdr, { actor: iin, what: 'material.downloaded', basis: bases, documentIds: [doc.id] });
    const stored = await prisma.storedFile.findFirst({ where: { sha256: doc.sha256 }, select: { mediaType: true, name: true } });
    await sendStored(res, files, doc.sha256, stored?.mediaType ?? 'application/pdf', stored?.name ?? `${titleOf(doc).slice(0, 80)}.pdf`);
  });

  // «СКАЧАТЬ ВСЕ» (000 §7.4): every document opened to the caller in one ZIP.
  router.get('/decisions/:erdr/materials.zip', requireUser, async (req, res) => {
    const { erdr, state, bases } = await openCase(req);
    const iin = req.user!.iin;
    const docs = documentsOpenTo(state, iin);
    if (docs.length === 0) throw refusalError('NO_MATERIALS_GRANTED');
    await journalCaseAccess(audit, erdr, { actor: iin, what: 'materials.downloaded_all', basis: bases, documentIds: docs.map((d) => d.id) });
    const stored = await prisma.storedFile.findMany({ where: { sha256: { in: docs.map((d) => d.sha256) } }, select: { sha256: true, name: true } });
    const fileName = new Map(stored.map((s) => [s.sha256, s.name]));
    await sendMaterialsZip(
      res,
      docs.map((d) => ({ name: fileName.get(d.sha256) ?? `${d.id} ${titleOf(d).slice(0, 80)}.pdf`, sha256: d.sha256 })),
      files,
      `case-${erdr}-materials.zip`,
    );
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI

const ACCESS_CODES = ['NOT_A_PARTICIPANT', 'NO_SUCH_CASE'];
const FORBIDDEN_CODES = ['STATUS_NOT_CONFIRMED', 'MARK_MISSING', 'STATUS_NOT_ELIGIBLE'];
const WHO =
  'Open in the five situations of 000 §4.9 — the applicant whose report was registered in the ERDR as this case, a victim, a suspect or accused, ' +
  'their defender with the ERDR’s mark, a representative (with the mark) or figurant — once the official confirmed the status (A:11). ' +
  'A number of no case and a case that does not list the caller answer the same 404 `NOT_A_PARTICIPANT` (only the applicant whose report was registered under the number hears 404 `NO_SUCH_CASE` while no electronic case is kept); a participant hears why else: ' +
  '403 `STATUS_NOT_CONFIRMED`, `MARK_MISSING`, `STATUS_NOT_ELIGIBLE`. Every look is journalled (who, what, when, basis).';
// 000 §7.5: the number is entered as 15 digits (a 400 says so in kk/ru/en).
const erdrPath = z.object({ erdr: erdrNumberParam.shape.erdr.meta({ description: 'The 15-digit ERDR number of the case.' }) });
const errorsWith = (notFound: string[] = []) => ({ 400: ['VALIDATION_FAILED'], 403: FORBIDDEN_CODES, 404: [...ACCESS_CODES, ...notFound] });

export const decisionsPaths: ZodOpenApiPathsObject = {
  '/api/v1/decisions/{erdr}': {
    get: operation({
      operationId: 'getCaseDecisions',
      tag: 'Decisions',
      summary: 'Decisions taken in a case and the materials opened to me',
      description: `000 §4.9 (fig. 43): the case’s procedural decisions (type, date, deciding body, official) and the documents the official opened to the caller for familiarisation. Asking again refreshes. ${WHO}`,
      access: 'user',
      requestParams: { path: erdrPath },
      responses: { 200: json(caseDecisionsSchema, 'The decisions and the materials.') },
      errors: errorsWith(),
    }),
  },
  '/api/v1/decisions/{erdr}/materials/{documentId}': {
    get: operation({
      operationId: 'downloadCaseDecisionMaterial',
      tag: 'Decisions',
      summary: 'Download one material opened to me',
      description: `One document the official granted familiarisation with (A:25); 404 \`MATERIAL_NOT_GRANTED\` for any other. ${WHO}`,
      access: 'user',
      requestParams: { path: erdrPath.extend({ documentId: pathParam(z.string(), 'The case document id (`d1`, `d2`…).') }) },
      responses: { 200: download('application/octet-stream', 'The document (usually a PDF).') },
      errors: errorsWith(['MATERIAL_NOT_GRANTED']),
    }),
  },
  '/api/v1/decisions/{erdr}/materials.zip': {
    get: operation({
      operationId: 'downloadCaseDecisionMaterials',
      tag: 'Decisions',
      summary: 'Download all materials opened to me (ZIP)',
      description: `«СКАЧАТЬ ВСЕ» (000 §7.4): every document opened to the caller in one ZIP; 404 \`NO_MATERIALS_GRANTED\` when none is. ${WHO}`,
      access: 'user',
      requestParams: { path: erdrPath },
      responses: { 200: download('application/zip', 'The archive.') },
      errors: errorsWith(['NO_MATERIALS_GRANTED']),
    }),
  },
};
