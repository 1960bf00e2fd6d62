// The officials' side of the electronic criminal case (001): the list of my cases by the next
// deadline (Temporal visibility over the search attributes the case workflow keeps current, the
// officials in them as keyed pseudonyms), the case itself (a workflow query) and its readable
// timeline (the workflow's recent events, the older ones from the audit chain), and the official's
// actions on it (workflow updates). Who may open a case is decided by domain/ecase.ts `canAccess` (¶26, ¶30–33);
// a case the user may not see answers 404, as if it did not exist. The rules of a transition live
// in the workflow's update validators; a refused action answers 409 with the rule's code, its
// paragraph (`source`) and its text in kk/ru/en, and changes nothing.
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { PrismaClient } from '../prisma/generated/client';
import {
  addParticipantBody,
  buildTimeline,
  canAccess,
  CASE_LIST_ROLES,
  caseIinField,
  caseWorkflowId,
  CONDUCTING_ROLES,
  documentsOpenTo,
  erdrPathParam,
  resolveFormatBody,
  type AccessDecision,
  type CaseState,
  type CaseUser,
} from '../domain/ecase';
import type { Role } from '../domain/roles';
import { Body, CaseStatus, ErdrNumber, Format, NextDeadlineAt, Overdue } from '../domain/search-attributes';
import { addParticipant, assignProsecutor, confirmParticipant, getCase, grantMaterialAccess, resolveFormat, revokeMaterialAccess } from '../workflows/ecase';
import { journalledCaseAccess, journalledCaseEvents } from '../platform/case-journal';
import { withCaseDocuments } from '../platform/case-documents';
import { materialAccessBody } from '../domain/decisions';
import type { SearchPseudonym } from '../platform/search-pseudonyms';
import { requireRole, requireUser, type AuthenticatedUser } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import { sendStored } from './files';
import type { FileStore } from '../documents/store';

/** The case documents a participant may read: granted on their petitions or by the official, not withdrawn since (001 ¶26, 000 §4.5, §4.9). */
const grantedTo = (state: CaseState, iin: string) => documentsOpenTo(state, iin);

// The roles and the request bodies are the case's HTTP contract (domain/ecase/contract.ts); the
// OpenAPI paths are in api/ecase/paths.ts.
export { addParticipantBody, CASE_LIST_ROLES, CONDUCTING_ROLES, resolveFormatBody } from '../domain/ecase';
export { ecasePaths } from './ecase/paths';

const erdrParam = erdrPathParam;
const iinField = caseIinField;

/** A refusal of the case workflow: 409 with the rule's code, paragraph and text in three languages. */
class CaseRefusedError extends HttpError {
  constructor(
    code: string,
    message: string,
    localised: { kk: string; ru: string; en: string } | undefined,
    readonly source: string | undefined,
  ) {
    super(409, code, message, undefined, localised);
  }
}

/** How long an action waits for a case handing over to its next run: the run drains in well under a second. */
export const HAND_OVER_RETRY = { attempts: 40, delayMs: 100 };

/** The run that refused an update because it is handing over, or undefined for any other outcome. */
const handingOverRun = (e: unknown): string | undefined => {
  if (!(e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && e.cause.type === 'CASE_HANDING_OVER')) return undefined;
  return (e.cause.details?.[0] as { runId?: string } | undefined)?.runId ?? '';
};

/**
 * Sends an update to a case through `handle` (the workflow id, not a run). While the case continues
 * as new it refuses new updates as CASE_HANDING_OVER, leaving nothing in its history; the update is
 * sent again once the next run has taken over (the refusing run is not asked again: an update
 * reaching it during its last workflow task would fail that task), so the official does not notice.
 * Past the budget the refusal stands (409, "repeat in a few seconds").
 */
export async function sendCaseUpdate<H extends WorkflowHandle, T>(handle: H, send: (handle: H) => Promise<T>, retry = HAND_OVER_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(handle);
    } catch (e) {
      const refusedBy = handingOverRun(e);
      if (refusedBy === undefined) throw e;
      for (;;) {
        if (attempt++ >= retry.attempts) throw e;
        await new Promise((resolve) => setTimeout(resolve, retry.delayMs));
        // The test server may briefly know neither run while continuing as new: ask again.
        const current: string = await handle.describe().then(
          (d) => d.runId,
          () => refusedBy,
        );
        if (current !== refusedBy) break;
      }
    }
  }
}

export interface CasesRouterOptions {
  prisma: PrismaClient;
  client: Client;
  /** The keyed pseudonym the case workflow publishes for an official's IIN (platform/search-pseudonyms.ts). */
  searchPseudonym: SearchPseudonym;
  /** Where the case's documents are kept (to download them). */
  files?: FileStore;
}

/** A value for a visibility query string literal: only digits reach it, but quote it safely anyway. */
const literal = (s: string) => `'${s.replace(/[^0-9A-Za-z_-]/g, '')}'`;

export function casesRouter({ prisma, client, searchPseudonym, files }: CasesRouterOptions): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });

  const bodiesWhere = (user: AuthenticatedUser, role: Role) => [...new Set(user.grants.filter((g) => g.role === role).map((g) => g.bodyCode))];

  /** The user as canAccess sees them for a case of `bodyCode`: the roles held in that body (a prosecutor's anywhere). */
  const caseUserFor = async (user: AuthenticatedUser, bodyCode: string): Promise<CaseUser> => {
    const here = user.grants.filter((g) => g.bodyCode === bodyCode).map((g) => g.role);
    const roles = [...new Set<Role>(['participant', ...here, ...(user.roles.includes('prosecutor') ? (['prosecutor'] as Role[]) : [])])];
    let subordinateIins: string[] | undefined;
    if (here.includes('head')) {
      // ¶30: the head supervises the proceedings of the officials of the body they head.
      const officials = await prisma.roleGrant.findMany({
        where: { bodyCode, revokedAt: null, role: { in: ['investigator', 'registry_officer', 'head'] } },
        select: { iin: true },
      });
      subordinateIins = officials.map((o) => o.iin);
    }
    return { iin: user.iin, roles, bodyCode: here.length ? bodyCode : user.grants[0]?.bodyCode, subordinateIins };
  };

  /** The case and what this user may do with it; 404 when there is no case or nothing to see. */
  /** The case's live state from its workflow; 404 when there is no such case. */
  const queryCase = async (erdr: string): Promise<CaseState> => {
    try {
      // The documents come from the case's register (platform/case-documents.ts).
      return await withCaseDocuments(prisma, await client.workflow.getHandle(caseWorkflowId(erdr)).query(getCase));
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('Case');
      throw e;
    }
  };

  const caseFor = async (req: Request): Promise<{ erdr: string; state: CaseState; access: AccessDecision }> => {
    const { erdr } = parseOr400(erdrParam, req.params);
    const state = await queryCase(erdr);
    const access = canAccess(await caseUserFor(req.user!, state.bodyCode), state);
    if (access.level === 'none') throw notFound('Case');
    return { erdr, state, access };
  };

  /** Only the official conducting the case (or their head) acts on it; others who see it are told why not. */
  const conductedCase = async (req: Request) => {
    const found = await caseFor(req);
    if (found.access.level !== 'conduct') {
      throw new HttpError(403, 'FORBIDDEN', `Only the official conducting the case acts on it (${found.access.source})`, undefined, {
        kk: 'Іс бойынша әрекетті тек оны жүргізуші тұлға жасайды.',
        ru: 'Действия по делу совершает только лицо, в производстве которого оно находится.',
        en: 'Only the official conducting the case acts on it.',
      });
    }
    return found;
  };

  /** Runs an update; a refusal by the case's rules becomes a 409 naming the rule. */
  const act = async <T>(erdr: string, run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> => {
    try {
      return await sendCaseUpdate(client.workflow.getHandle(caseWorkflowId(erdr)), run);
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
        const detail = e.cause.details?.[0] as { code?: string; source?: string; message?: { kk: string; ru: string; en: string } } | undefined;
        throw new CaseRefusedError(e.cause.type ?? detail?.code ?? 'REJECTED', e.cause.message, detail?.message, detail?.source);
      }
      if (e instanceof WorkflowNotFoundError) throw notFound('Case');
      throw e;
    }
  };

  /** A refusal by the case's rules carries the rule's paragraph (`error.source`), which api/errors.ts does not write. */
  const withSource = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (e) {
      if (!(e instanceof CaseRefusedError)) throw e;
      res
        .status(409)
        .json({ error: { code: e.code, message: e.message, ...(e.localised && { localised: e.localised }), ...(e.source && { source: e.source }) } });
    }
  };

  // ── My cases ────────────────────────────────────────────────────────────────────────────────
  router.get('/officials/cases', requireRole(...CASE_LIST_ROLES), async (req, res) => {
    const user = req.user!;
    // Cases hold the official's pseudonym, never the IIN (not even in a query the server may log).
    const me = literal(searchPseudonym(user.iin));
    const who: string[] = [];
    if (user.roles.includes('investigator') || user.roles.includes('head')) who.push(`Official = ${me}`);
    if (user.roles.includes('prosecutor')) who.push(`Prosecutor = ${me}`);
    const headed = bodiesWhere(user, 'head');
    if (headed.length) who.push(`Body IN (${headed.map(literal).join(', ')})`);
    const query = `WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running' AND (${who.join(' OR ')})`;

    const items: {
      erdrNumber: string;
      status: string | null;
      format: string | null;
      bodyCode: string | null;
      nextDeadlineAt: string | null;
      overdue: boolean;
    }[] = [];
    for await (const wf of client.workflow.list({ query })) {
      const sa = wf.typedSearchAttributes;
      const next = sa.get(NextDeadlineAt);
      items.push({
        erdrNumber: sa.get(ErdrNumber) ?? wf.workflowId.replace(/^case-/, ''),
        status: sa.get(CaseStatus) ?? null,
        format: sa.get(Format) ?? null,
        bodyCode: sa.get(Body) ?? null,
        nextDeadlineAt: next ? next.toISOString() : null,
        overdue: sa.get(Overdue) ?? false,
      });
      if (items.length >= 1000) break;
    }
    // Soonest deadline first, cases without an open deadline last. Sorted here: not every
    // visibility store supports ORDER BY on a custom attribute.
    const key = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
    items.sort((a, b) => key(a.nextDeadlineAt) - key(b.nextDeadlineAt) || a.erdrNumber.localeCompare(b.erdrNumber));
    res.json({ items });
  });

  // ── One case ────────────────────────────────────────────────────────────────────────────────
  router.get('/cases/:erdr', requireUser, async (req, res) => {
    const { state, access } = await caseFor(req);
    if (access.level === 'public') {
      // ¶26: a confirmed participant sees the case and their own part of it, not the officials' working record.
      const me = state.participants.filter((p) => p.iin === req.user!.iin);
      res.json({
        access: access.level,
        erdrNumber: state.erdrNumber,
        bodyCode: state.bodyCode,
        registeredAt: state.registeredAt,
        format: state.format ?? null,
        status: state.status,
        statusLabel: state.statusLabel,
        participants: me.map(({ id, fullName, role, confirmedAt, informedAt }) => ({ id, fullName, role, confirmedAt, informedAt })),
        // 000 §4.5, ¶26: the documents opened to the participant by a granted petition.
        grantedDocuments: grantedTo(state, req.user!.iin).map(({ id, title, kind, sha256, addedAt }) => ({ id, title, kind, sha256, addedAt })),
      });
      return;
    }
    res.json({ access: access.level, accessSource: access.source, ...state });
  });

  // A document of the case: for those who work in it, and for a participant it was granted to (¶26).
  router.get('/cases/:erdr/documents/:documentId', requireUser, async (req, res) => {
    const { state, access } = await caseFor(req);
    const id = String(req.params.documentId);
    const visible = access.level === 'public' ? grantedTo(state, req.user!.iin) : state.documents;
    const doc = visible.find((d) => d.id === id);
    if (!doc || !files) throw notFound('Document');
    const stored = await prisma.storedFile.findFirst({ where: { sha256: doc.sha256 }, select: { mediaType: true, name: true } });
    const title = typeof doc.title === 'string' ? doc.title : doc.title.ru;
    await sendStored(res, files, doc.sha256, stored?.mediaType ?? 'application/pdf', stored?.name ?? `${title.slice(0, 80)}.pdf`);
  });

  router.get('/cases/:erdr/timeline', requireUser, async (req, res) => {
    const { erdr, state, access } = await caseFor(req);
    if (access.level === 'public') throw notFound('Case timeline');
    // The workflow carries only its latest events across continue-as-new; every event is in the
    // audit chain as well, so the ones before the first carried are read from there.
    const firstCarried = state.events[0]?.seq ?? 1;
    const older = firstCarried > 1 ? await journalledCaseEvents(prisma, erdr, { beforeSeq: firstCarried }) : [];
    res.json({ erdrNumber: erdr, entries: buildTimeline([...older, ...state.events], state.deadlines) });
  });

  // ── The conducting official's actions ─────────────────────────────────────────────────────
  router.post(
    '/cases/:erdr/format',
    requireRole(...CONDUCTING_ROLES),
    json,
    withSource(async (req, res) => {
      // Who may act decides before what was sent is checked: a stranger learns nothing from a 400.
      const { erdr } = await conductedCase(req);
      const { format, language } = parseOr400(resolveFormatBody, req.body);
      const state = await withCaseDocuments(
        prisma,
        await act(erdr, (h) => h.executeUpdate(resolveFormat, { args: [{ format, language, officialIin: req.user!.iin }] })),
      );
      res.json(state);
    }),
  );

  router.post(
    '/cases/:erdr/participants',
    requireRole(...CONDUCTING_ROLES),
    json,
    withSource(async (req, res) => {
      const { erdr } = await conductedCase(req);
      const body = parseOr400(addParticipantBody, req.body);
      const state = await withCaseDocuments(
        prisma,
        await act(erdr, (h) => h.executeUpdate(addParticipant, { args: [{ ...body, officialIin: req.user!.iin }] })),
      );
      res.status(201).json(state);
    }),
  );

  router.post(
    '/cases/:erdr/participants/:iin/confirmation',
    requireRole(...CONDUCTING_ROLES),
    withSource(async (req, res) => {
      const { iin } = parseOr400(z.object({ erdr: erdrParam.shape.erdr, iin: iinField }), req.params);
      const { erdr } = await conductedCase(req);
      const state = await withCaseDocuments(
        prisma,
        await act(erdr, (h) => h.executeUpdate(confirmParticipant, { args: [{ iin, officialIin: req.user!.iin }] })),
      );
      res.json(state);
    }),
  );

  // ── Familiarisation with materials (000 §4.9, A:25; 001 ¶26) ─────────────────────────────
  // Grants belong to the case's state (beside those made by answering petitions), so the case
  // workflow takes them as updates: its validators refuse an unknown participant or document, and
  // the grant is in the case's record and timeline like every other step.
  const materialAccessRoute = (update: typeof grantMaterialAccess) =>
    withSource(async (req, res) => {
      const { erdr } = await conductedCase(req);
      const body = parseOr400(materialAccessBody, req.body);
      const state = await withCaseDocuments(prisma, await act(erdr, (h) => h.executeUpdate(update, { args: [{ ...body, officialIin: req.user!.iin }] })));
      res.json({ erdrNumber: erdr, iin: body.iin, openDocumentIds: documentsOpenTo(state, body.iin).map((d) => d.id) });
    });
  router.post('/cases/:erdr/material-access', requireRole(...CONDUCTING_ROLES), json, materialAccessRoute(grantMaterialAccess));
  router.post('/cases/:erdr/material-access/revocation', requireRole(...CONDUCTING_ROLES), json, materialAccessRoute(revokeMaterialAccess));

  // Who looked at what through the Public Sector (000 §4.9): for those who work in or oversee the case.
  router.get('/cases/:erdr/access-journal', requireUser, async (req, res) => {
    const { erdr, state, access } = await caseFor(req);
    if (access.level === 'public') throw notFound('Case access journal');
    const names = new Map(state.participants.map((p) => [p.iin, p.fullName]));
    const entries = (await journalledCaseAccess(prisma, erdr)).map((e) => ({ ...e, actorName: names.get(e.actor) ?? null }));
    res.json({ erdrNumber: erdr, entries });
  });

  // ── Supervision (¶27) ─────────────────────────────────────────────────────────────────────
  // A prosecutor serving the case's body takes it under supervision: from then on they receive
  // the format notice (¶10) and every procedural decision (¶27), and see the case (¶30).
  router.post(
    '/cases/:erdr/supervision',
    requireRole('prosecutor'),
    withSource(async (req, res) => {
      const { erdr } = parseOr400(erdrParam, req.params);
      const state = await queryCase(erdr);
      const user = req.user!;
      if (!user.grants.some((g) => g.role === 'prosecutor' && g.bodyCode === state.bodyCode)) throw notFound('Case');
      if (state.prosecutorIin && state.prosecutorIin !== user.iin) {
        throw new CaseRefusedError(
          'ALREADY_SUPERVISED',
          'Another prosecutor already supervises this case',
          {
            kk: 'Бұл істі басқа прокурор қадағалайды.',
            ru: 'Надзор по этому делу осуществляет другой прокурор.',
            en: 'Another prosecutor already supervises this case.',
          },
          '001 ¶27',
        );
      }
      const updated = await withCaseDocuments(
        prisma,
        await act(erdr, (h) => h.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: user.iin, byIin: user.iin }] })),
      );
      res.json(updated);
    }),
  );

  return router;
}
