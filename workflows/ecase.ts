// The electronic criminal case («электрондық қылмыстық іс», 001), one workflow per ERDR number:
// `case-<erdr>`. It lives as long as the case does — months or years — carrying its whole state
// across continue-as-new, and reads like the Instruction:
//
//   registered in the ERDR ─► ¶11 three documents generated (KUI report, detection report, notice
//     to the prosecutor of the start)
//   ─► ¶10 the official takes it into proceedings and resolves the format:
//        · the prosecutor is notified within 24 h          (case.prosecutorNotice)
//        · participants are told within 24 h (¶24: SMS 1414, e-mail, or a paper letter)
//                                                          (case.participantsInformed:<p>)
//        · electronic: earlier paper documents as PDF within 24 h (case.paperToPdf:<d>)
//   ─► in proceedings: documents (¶12–¶16: electronic, scans within 24 h, media), participants
//      confirmed (¶26: opens the Public Sector), the inventory (¶11)
//   ─► transitions: paper → electronic refused except on joining (¶10, ¶17); electronic → paper by
//      reasoned resolution on a ¶22 ground, executed within 24 h by the print package (¶23);
//      joining (¶17), separation (¶18), suspension and resumption (¶19), transfer by jurisdiction
//      (¶21), court through «Төрелік» (¶29), termination → prosecutor's review → archive or back (¶20)
//   The prosecutor is told of procedural decisions (¶27).
//
// Every 24-hour duty is an obligation with its own DeadlineBook timer: reminder, escalation on
// breach, completion recorded as met or late. The rules themselves (and their refusals in kk/ru/en,
// each naming its paragraph) live in domain/ecase.ts; update validators apply them, so a refused
// request changes nothing and leaves nothing in the history.
//
// A new run carries the whole state but only the latest events: every event is journalled in the
// audit chain as it happens (platform/case-journal.ts), and the timeline endpoint reads the older
// ones from there. The search attributes Official and Prosecutor hold keyed pseudonyms of the
// officials' IINs (platform/search-pseudonyms.ts), asked of an activity: the key stays out of the
// workflow.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities, CaseDocumentRef, CaseSearchActivities, GeneratedDocument } from '../activities/ecase';
import type { DeadlineRuleId } from '../domain/deadlines';
import {
  CASE_STATUS_LABELS,
  checkAction,
  refusal,
  buildTimeline,
  FINAL_CASE_STATUSES,
  INFORMED_OF_FORMAT,
  openObligation,
  switchPending,
  type AddParticipantRequest,
  type AttachDocumentRequest,
  type CaseAction,
  type CaseDocument,
  type Refusal,
  type CaseState,
  type CaseStatus,
  type CaseSubmissionNote,
  type ConfirmParticipantRequest,
  type MaterialAccessGrant,
  type MaterialAccessRequest,
  type JoinCasesRequest,
  type Participant,
  type RegisterPaperDocumentRequest,
  type ReportSituationRequest,
  type ResolveFormatRequest,
  type ReviewTerminationRequest,
  type SendToCourtRequest,
  type SwitchGround,
  type SwitchToPaperRequest,
  type TimelineEntry,
  type TransferRequest,
} from '../domain/ecase';
import { Body, CaseStatus as CaseStatusAttribute, ErdrNumber, Format, Official, Prosecutor } from '../domain/search-attributes';
import { DeadlineBook } from './deadlines';

export interface CaseInput {
  erdrNumber: string;
  talon?: string;
  bodyCode: string;
  registeredAt: string;
  /** The official conducting the case (the one who registered it, until someone else takes it). */
  officialIin: string;
  /** The supervising prosecutor; may be unknown at registration and assigned later (¶27). */
  prosecutorIin?: string;
  kuiNumber?: string;
  kuiRegisteredAt?: string;
  fabula?: string;
  /** ¶18: a case separated from another starts with the documents taken over from it. */
  separatedFrom?: { erdrNumber: string; documents: CaseDocument[] };
  options?: {
    /** Continue as new once the history has this many events (default 10 000); tests set it low. */
    continueAsNewAfterEvents?: number;
    /** How many of the latest events a new run carries (default 500); tests set it low. */
    carriedEvents?: number;
  };
  /** Pseudonyms of the official's and the prosecutor's IINs already known, by IIN (carried across continue-as-new). */
  pseudonyms?: Record<string, string>;
  /** The state carried across continue-as-new; absent on the first run. */
  restored?: CaseState;
}

type By = { officialIin: string };

export const resolveFormat = defineUpdate<CaseState, [ResolveFormatRequest]>('resolveFormat');
export const assignProsecutor = defineUpdate<CaseState, [{ prosecutorIin: string; byIin: string }]>('assignProsecutor');
export const addParticipant = defineUpdate<CaseState, [AddParticipantRequest]>('addParticipant');
export const confirmParticipant = defineUpdate<CaseState, [ConfirmParticipantRequest]>('confirmParticipant');
export const confirmLetterSent = defineUpdate<CaseState, [ConfirmParticipantRequest]>('confirmLetterSent');
export const attachDocument = defineUpdate<CaseState, [AttachDocumentRequest]>('attachDocument');
export const registerPaperDocument = defineUpdate<CaseState, [RegisterPaperDocumentRequest]>('registerPaperDocument');
export const produceInventory = defineUpdate<NonNullable<CaseState['inventory']>, [By]>('produceInventory');
export const reportSituation = defineUpdate<CaseState, [ReportSituationRequest]>('reportSituation');
export const switchToPaper = defineUpdate<CaseState, [SwitchToPaperRequest]>('switchToPaper');
export const confirmPrintPackage = defineUpdate<CaseState, [By]>('confirmPrintPackage');
export const joinCases = defineUpdate<CaseState, [JoinCasesRequest]>('joinCases');
export const completeJoin = defineUpdate<CaseState, [{ joinedErdr: string } & By]>('completeJoin');
export const separateCase = defineUpdate<{ erdrNumber: string; workflowId: string }, [{ reason: string; documentIds?: string[] } & By]>('separateCase');
export const suspendCase = defineUpdate<CaseState, [{ reason: string } & By]>('suspendCase');
export const resumeCase = defineUpdate<CaseState, [By]>('resumeCase');
export const transferCase = defineUpdate<CaseState, [TransferRequest]>('transferCase');
export const acceptTransfer = defineUpdate<CaseState, [By]>('acceptTransfer');
export const sendToCourt = defineUpdate<CaseState, [SendToCourtRequest]>('sendToCourt');
export const terminateCase = defineUpdate<CaseState, [{ grounds: string } & By]>('terminateCase');
export const reviewTermination = defineUpdate<CaseState, [ReviewTerminationRequest]>('reviewTermination');
/** From the case this one was joined into (¶17). */
export const joinedInto = defineSignal<[{ leadErdr: string }]>('joinedInto');
/** From a petition or complaint of this case (000 §4.5, 001 ¶3.10): recorded in the case. */
export const submissionRecorded = defineSignal<[CaseSubmissionNote]>('submissionRecorded');
/** From a petition whose access request was granted (000 §4.5, 001 ¶26): the documents the participant may read. */
export const materialsAccessGranted = defineSignal<[Omit<MaterialAccessGrant, 'at'>]>('materialsAccessGranted');
/** 000 §4.9, 001 ¶26: the conducting official opens chosen documents to a participant for familiarisation, or withdraws them. */
export const grantMaterialAccess = defineUpdate<CaseState, [MaterialAccessRequest]>('grantMaterialAccess');
export const revokeMaterialAccess = defineUpdate<CaseState, [MaterialAccessRequest]>('revokeMaterialAccess');
/** From a translation task whose translation was approved (000 §5, 001 ¶7): its files join the case's documents. */
export const translationApproved = defineSignal<[{ taskWorkflowId: string; documents: { title: string; sha256: string }[]; language: string; by: string }]>('translationApproved');
export const getCase = defineQuery<CaseState>('getCase');
export const timeline = defineQuery<TimelineEntry[]>('timeline');

const DEFAULT_CONTINUE_AS_NEW_AFTER = 10_000;
/** The older events stay in the audit chain (platform/case-journal.ts), so a run carries only these many. */
export const DEFAULT_CARRIED_EVENTS = 500;

// Document generation and database steps.
const acts = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
// Notices must not be lost: they retry for up to a day.
const notices = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 minutes' },
});
// A pure computation in the worker, retried like the database steps.
const search = proxyActivities<CaseSearchActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
// The court's system answers the official waiting on the update: give up after a few minutes and say so.
const court = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

export async function caseWorkflow(input: CaseInput): Promise<CaseState> {
  const now = () => new Date().toISOString();
  const state: CaseState = input.restored ? { ...input.restored, runs: input.restored.runs + 1 } : initialState(input);
  const erdr = state.erdrNumber;
  const deadlines = new DeadlineBook({ subject: `case ${erdr}`, body: state.bodyCode }, input.restored?.deadlines ?? []);
  const snapshot = (): CaseState => ({ ...state, deadlines: deadlines.list() });
  setHandler(getCase, snapshot);
  setHandler(timeline, () => buildTimeline(state.events, deadlines.list()));

  // Search attributes are indexed in clear text: Official and Prosecutor hold keyed pseudonyms of
  // the IINs. Runs that began before kept the IINs there, and replay so.
  const pseudonymous = patched('case-search-pseudonyms');
  const pseudonyms: Record<string, string> = { ...input.pseudonyms };
  /** What the search attribute holds for an IIN; undefined while its pseudonym is being asked for. */
  const searchValue = (iin: string): string | undefined => (pseudonymous ? pseudonyms[iin] : iin);
  const publish = () => {
    const official = searchValue(state.officialIin);
    const prosecutor = state.prosecutorIin === undefined ? null : searchValue(state.prosecutorIin);
    // A value not yet known is left out, so the attribute keeps the one published before.
    upsertSearchAttributes([
      { key: ErdrNumber, value: erdr },
      { key: Body, value: state.bodyCode },
      ...(official === undefined ? [] : [{ key: Official, value: official }]),
      ...(prosecutor === undefined ? [] : [{ key: Prosecutor, value: prosecutor }]),
      { key: Format, value: state.format ?? null },
      { key: CaseStatusAttribute, value: state.status },
    ]);
  };
  publish();

  // ---------------------------------------------------------------------------------------------
  // Bookkeeping: the event log, background work, obligations

  /** One step of the case: kept in state for the timeline, and appended to the audit chain. */
  const record = (action: string, by: string, source?: string, note?: string) => {
    const event = { seq: (state.events.at(-1)?.seq ?? 0) + 1, at: now(), by, action, source, note };
    state.events.push(event);
    inBackground(() => acts.recordCaseEvent({ erdrNumber: erdr, event }));
  };

  // Activities started from handlers and left running; continue-as-new waits for them.
  let running = 0;
  const inBackground = (work: () => Promise<unknown>) => {
    running++;
    void work()
      .catch((err) => log.warn('case background step failed', { erdr, error: (err as Error).message }))
      .finally(() => running--);
  };

  /** Asks for the pseudonyms of the official and prosecutor not known yet, then publishes them. */
  const learnPseudonyms = () => {
    if (!pseudonymous) return;
    const unknown = [...new Set([state.officialIin, state.prosecutorIin])].filter((iin): iin is string => !!iin && pseudonyms[iin] === undefined);
    if (unknown.length === 0) return;
    inBackground(async () => {
      Object.assign(pseudonyms, await search.searchPseudonyms({ iins: unknown }));
      publish();
    });
  };
  learnPseudonyms();
  /** The pseudonyms a new run (or a separated case) starts with: those of today's official and prosecutor. */
  const currentPseudonyms = () =>
    Object.fromEntries([state.officialIin, state.prosecutorIin].filter((iin): iin is string => !!iin && pseudonyms[iin] !== undefined).map((iin) => [iin, pseudonyms[iin]]));

  const moveTo = (status: CaseStatus) => {
    state.status = status;
    state.statusLabel = CASE_STATUS_LABELS[status];
    publish();
  };

  /** A duty with a 24-hour clock (domain/deadlines.ts): tracked until met, late if after the limit. */
  const oblige = (key: string, rule: DeadlineRuleId, about: string, startedAtMs = Date.now()) => {
    // Once per key: a second tracker would send every reminder twice.
    if (state.obligations.some((o) => o.key === key)) return;
    state.obligations.push({ key, rule, about, startedAt: new Date(startedAtMs).toISOString() });
    track(key);
  };
  const track = (key: string) => {
    const o = state.obligations.find((x) => x.key === key)!;
    void deadlines.track(key, o.rule, () => !!(o.metAt || o.cancelledAt), Date.parse(o.startedAt));
  };
  const meet = (key: string, by: string) => {
    const o = openObligation(state, key);
    if (!o) return;
    o.metAt = now();
    o.metBy = by;
  };
  const cancelObligation = (key: string) => {
    const o = openObligation(state, key);
    if (!o) return;
    o.cancelledAt = now();
    deadlines.cancel(key);
  };

  const details = () => ({
    erdrNumber: erdr,
    bodyCode: state.bodyCode,
    registeredAt: state.registeredAt,
    officialIin: state.officialIin,
    prosecutorIin: state.prosecutorIin,
    fabula: input.fabula,
  });

  const addGenerated = (doc: GeneratedDocument, by = 'system'): CaseDocument => {
    const added: CaseDocument = { id: `d${state.documents.length + 1}`, kind: 'generated', generatedKind: doc.kind, title: { ...doc.title, en: doc.title.ru }, sha256: doc.sha256, addedAt: now(), by };
    state.documents.push(added);
    return added;
  };

  /** ¶27: the supervising prosecutor learns of each procedural decision (when one is assigned). */
  const tellProsecutor = (decision: string, note?: string) => {
    const prosecutorIin = state.prosecutorIin;
    if (!prosecutorIin) return;
    const seq = state.events.at(-1)?.seq ?? 0;
    inBackground(() => notices.informProsecutor({ erdrNumber: erdr, prosecutorIin, decision, note, dedupeKey: `case-${erdr}/decision/${seq}` }));
  };

  // ---------------------------------------------------------------------------------------------
  // The duties behind the obligations; each can be restarted after continue-as-new

  /** ¶10: the notice of the format goes to the supervising prosecutor as soon as one is known. */
  const deliverProsecutorNotice = async () => {
    await condition(() => !!state.prosecutorIin || !openObligation(state, 'case.prosecutorNotice'));
    if (!openObligation(state, 'case.prosecutorNotice')) return;
    const resolution = state.formatChanges.find((c) => c.basis === 'resolution')!;
    inBackground(async () => {
      const notice = await notices.deliverProsecutorNotice({
        ...details(),
        prosecutorIin: state.prosecutorIin!,
        format: resolution.to,
        resolutionAt: resolution.at,
        dedupeKey: `case-${erdr}/prosecutor-notice`,
      });
      addGenerated(notice);
      meet('case.prosecutorNotice', 'system');
      record('prosecutor.notified', 'system', '001 ¶10');
    });
  };

  /** ¶10, ¶24: a participant with one of the listed statuses is told the format. */
  const inform = (p: Participant) => {
    const key = `case.participantsInformed:${p.id}`;
    oblige(key, 'case.participantsInformed', `${p.role} ${p.id}`);
    if (p.letterId) return; // a letter is printed already; the official confirms its posting
    const format = state.format!;
    const resolutionAt = state.formatChanges.at(-1)!.at;
    inBackground(async () => {
      try {
        const result = await notices.informParticipant({ ...details(), participant: p, format, resolutionAt, dedupeKey: `case-${erdr}/informed/${p.id}` });
        p.channels = result.channels;
        if (result.letter) {
          p.letterId = addGenerated(result.letter).id;
          record('participant.letter_prepared', 'system', '001 ¶24', p.id);
        } else {
          p.informedAt = now();
          meet(key, 'system');
          record('participant.informed', 'system', '001 ¶10, ¶24', `${p.id}: ${result.channels.join(', ')}`);
        }
      } catch (err) {
        // The obligation stays open: its breach reaches the head and the prosecutor.
        record('participant.notice_failed', 'system', '001 ¶24', `${p.id}: ${(err as Error).message}`);
      }
    });
  };

  /** ¶23: the print package of all documents; PDFs of paper documents give way to the originals. */
  const preparePrintPackage = (ground: SwitchGround | 'joining', resolutionAt: string) => {
    const scans = new Set(state.paperDocuments.map((d) => d.scanId).filter(Boolean));
    const documents = state.documents.map((d) => ({ ...refOf(d), scanOfPaper: scans.has(d.id) }));
    inBackground(async () => {
      const pkg = await acts.producePrintPackage({ ...details(), ground, resolutionAt, documents });
      state.printPackage = { ...pkg, producedAt: now() };
      record('format.print_package_produced', 'system', '001 ¶23', `${pkg.documentCount}`);
    });
  };

  /** Electronic → paper (¶22, ¶17 ¶4): the format changes with the resolution; executing it is a 24-hour duty. */
  const goOverToPaper = (by: string, basis: SwitchGround | 'joining', reasoning?: string, urgentActions?: boolean) => {
    const at = now();
    state.formatChanges.push({ from: 'ELECTRONIC', to: 'PAPER', at, by, basis, reasoning, urgentActions });
    state.format = 'PAPER';
    publish();
    // Scans are no longer due: the paper originals stay in the case (¶23).
    for (const o of state.obligations.filter((x) => x.rule === 'case.paperToPdf')) cancelObligation(o.key);
    oblige(`case.switchToPaper:${state.formatChanges.length}`, 'case.switchToPaper', basis);
    preparePrintPackage(basis, at);
  };

  const scansDue = (startedAtMs: number) => {
    for (const d of state.paperDocuments) {
      if (!d.scanId) oblige(`case.paperToPdf:${d.id}`, 'case.paperToPdf', d.title, startedAtMs);
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Officials act through updates; the validators apply the rules of domain/ecase.ts

  let busyWith: string | undefined;
  const rules = (action: CaseAction) => ({
    validator: (request: unknown) => {
      if (busyWith) refuse(refusal('ACTION_IN_PROGRESS'));
      const refused = checkAction(state, action, request, Date.now());
      if (refused) refuse(refused);
    },
  });
  /** Serialises the transitions that wait on an outside system, so two cannot interleave. */
  const exclusively = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    busyWith = name;
    try {
      return await work();
    } finally {
      busyWith = undefined;
    }
  };

  // ¶10: the format, chosen by the assigned official when taking the case into proceedings.
  setHandler(
    resolveFormat,
    async ({ format, language, officialIin }) => {
      state.format = format;
      // CPC art. 30: the language of proceedings, stated with it (requests recorded before carry none).
      if (language) state.language = language;
      state.formatChanges.push({ to: format, at: now(), by: officialIin, basis: 'resolution' });
      moveTo('IN_PROCEEDINGS');
      record('format.resolved', officialIin, '001 ¶10', format);
      oblige('case.prosecutorNotice', 'case.prosecutorNotice', 'format notice');
      void deliverProsecutorNotice();
      for (const p of state.participants) if (INFORMED_OF_FORMAT.includes(p.role)) inform(p);
      // ¶11: paper made before the electronic choice goes into the case as PDF within 24 hours.
      if (format === 'ELECTRONIC') scansDue(Date.now());
      return snapshot();
    },
    rules('resolveFormat'),
  );

  setHandler(
    assignProsecutor,
    async ({ prosecutorIin, byIin }) => {
      state.prosecutorIin = prosecutorIin;
      publish();
      learnPseudonyms();
      record('prosecutor.assigned', byIin, '001 ¶27');
      return snapshot();
    },
    rules('assignProsecutor'),
  );

  // ¶26: participants with their procedural status; those of ¶10 are told the format.
  setHandler(
    addParticipant,
    async ({ iin, fullName, role, contact, represents, officialIin }) => {
      // The mark (000 §4.9) only adds a field to the state: histories without it replay the same commands.
      const p: Participant = { id: `p${state.participants.length + 1}`, iin, fullName, role, contact: contact ?? {}, ...(represents && { represents }), addedAt: now(), addedBy: officialIin };
      state.participants.push(p);
      record('participant.added', officialIin, '001 ¶26', `${p.id}: ${role}`);
      if (state.format && INFORMED_OF_FORMAT.includes(role)) inform(p);
      return snapshot();
    },
    rules('addParticipant'),
  );

  setHandler(
    confirmParticipant,
    async ({ iin, officialIin }) => {
      // 000 §4.5: the Public Sector lists a participant's cases from a projection; cases confirmed before it replay without.
      const projected = patched('case-participant-projection');
      for (const p of state.participants.filter((x) => x.iin === iin && !x.confirmedAt)) {
        p.confirmedAt = now();
        p.confirmedBy = officialIin;
        record('participant.confirmed', officialIin, '001 ¶26', p.id);
        const confirmed = { erdrNumber: erdr, participantId: p.id, iin: p.iin, role: p.role, confirmedAt: p.confirmedAt };
        if (projected) inBackground(() => acts.recordConfirmedParticipant(confirmed));
      }
      return snapshot();
    },
    rules('confirmParticipant'),
  );

  // ¶24: the paper letter was posted; the participant counts as told.
  setHandler(
    confirmLetterSent,
    async ({ iin, officialIin }) => {
      for (const p of state.participants.filter((x) => x.iin === iin && x.letterId)) {
        const key = `case.participantsInformed:${p.id}`;
        if (!openObligation(state, key)) continue;
        p.informedAt = now();
        meet(key, officialIin);
        record('participant.letter_sent', officialIin, '001 ¶24', p.id);
      }
      return snapshot();
    },
    rules('confirmLetterSent'),
  );

  // ¶12–¶16: electronic documents, PDF scans (meeting their paper document's obligation), media.
  setHandler(
    attachDocument,
    async ({ kind, sha256, title, obligationKey, officialIin }) => {
      const doc: CaseDocument = { id: `d${state.documents.length + 1}`, kind, title, sha256, addedAt: now(), by: officialIin };
      if (obligationKey) {
        const paperId = obligationKey.slice('case.paperToPdf:'.length);
        const paper = state.paperDocuments.find((d) => d.id === paperId);
        if (paper) paper.scanId = doc.id;
        doc.scanOf = paperId;
        meet(obligationKey, officialIin);
      }
      state.documents.push(doc);
      record('document.attached', officialIin, kind === 'media' ? '001 ¶13' : kind === 'scanned_pdf' ? '001 ¶14, ¶16' : '001 ¶12', `${doc.id}: ${kind}`);
      return snapshot();
    },
    rules('attachDocument'),
  );

  // ¶14, ¶16: a paper document (on-site protocol, received, sent); on an electronic case its scan is due in 24 hours.
  setHandler(
    registerPaperDocument,
    async ({ id, title, origin, createdAt, officialIin }) => {
      state.paperDocuments.push({ id, title, origin, createdAt, registeredAt: now() });
      record('paper.registered', officialIin, origin === 'outgoing' ? '001 ¶16' : '001 ¶14', `${id}: ${origin}`);
      if (state.format === 'ELECTRONIC') oblige(`case.paperToPdf:${id}`, 'case.paperToPdf', title, Date.parse(createdAt));
      return snapshot();
    },
    rules('registerPaperDocument'),
  );

  // ¶11: the inventory lists every document with its SHA-256.
  setHandler(
    produceInventory,
    async ({ officialIin }) => {
      const made = await acts.produceInventory({ ...details(), documents: state.documents.map(refOf), issuedAt: now() });
      state.inventory = { sha256: made.sha256, producedAt: now(), documentCount: made.documentCount };
      record('inventory.produced', officialIin, '001 ¶11', `${made.documentCount}`);
      return state.inventory;
    },
    rules('produceInventory'),
  );

  // ¶22: an abnormal or emergency situation; its onset starts the 24-hour wait.
  setHandler(
    reportSituation,
    async ({ kind, startedAt, officialIin }) => {
      state.situation = { kind: kind ?? 'OUTAGE', startedAt, reportedAt: now(), by: officialIin };
      record('situation.reported', officialIin, '001 ¶22', `${state.situation.kind} since ${startedAt}`);
      return snapshot();
    },
    rules('reportSituation'),
  );

  // ¶22: electronic → paper by a reasoned resolution; ¶23: executed within 24 hours.
  setHandler(
    switchToPaper,
    async ({ ground, reasoning, urgentActions, officialIin }) => {
      record('format.switch_to_paper', officialIin, '001 ¶22', `${ground}${urgentActions ? ' (urgent actions)' : ''}: ${reasoning}`);
      goOverToPaper(officialIin, ground, reasoning, urgentActions);
      tellProsecutor('switch to paper format', ground);
      return snapshot();
    },
    rules('switchToPaper'),
  );

  setHandler(
    confirmPrintPackage,
    async ({ officialIin }) => {
      const change = state.formatChanges.at(-1)!;
      change.executedAt = now();
      meet(`case.switchToPaper:${state.formatChanges.length}`, officialIin);
      record('format.switch_executed', officialIin, '001 ¶23');
      return snapshot();
    },
    rules('confirmPrintPackage'),
  );

  // ¶17: joining; the joined case's format decided in the same resolution; carried out within 24 hours.
  setHandler(
    joinCases,
    async ({ joinedErdr, joinedFormat, format, paperMaterials, officialIin }) => {
      state.joined.push({ erdrNumber: joinedErdr, format, at: now(), by: officialIin });
      record('cases.joined', officialIin, '001 ¶17', `${joinedErdr} (${joinedFormat}) → ${format}`);
      oblige(`case.join:${joinedErdr}`, 'case.join', joinedErdr);
      if (format === 'ELECTRONIC') {
        if (state.format === 'PAPER') {
          // The one way from paper to electronic (¶10 ¶4): this case's paper goes to PDF as well.
          state.formatChanges.push({ from: 'PAPER', to: 'ELECTRONIC', at: now(), by: officialIin, basis: 'joining' });
          state.format = 'ELECTRONIC';
          publish();
          record('format.changed_on_joining', officialIin, '001 ¶17', 'PAPER → ELECTRONIC');
        }
        for (const m of paperMaterials ?? []) {
          state.paperDocuments.push({ id: `${joinedErdr}/${m.id}`, title: m.title, origin: 'joined_case', createdAt: now(), registeredAt: now() });
        }
        scansDue(Date.now());
      } else if (state.format === 'ELECTRONIC') {
        goOverToPaper(officialIin, 'joining');
      }
      // The joined case learns it now lives on inside this one; it may predate this system.
      try {
        await getExternalWorkflowHandle(`case-${joinedErdr}`).signal(joinedInto, { leadErdr: erdr });
      } catch (err) {
        record('cases.joined_case_not_reached', 'system', '001 ¶17', `${joinedErdr}: ${(err as Error).message}`);
      }
      tellProsecutor('joining of cases', joinedErdr);
      return snapshot();
    },
    rules('joinCases'),
  );

  setHandler(
    completeJoin,
    async ({ joinedErdr, officialIin }) => {
      state.joined.find((j) => j.erdrNumber === joinedErdr && !j.completedAt)!.completedAt = now();
      meet(`case.join:${joinedErdr}`, officialIin);
      record('cases.join_completed', officialIin, '001 ¶17', joinedErdr);
      return snapshot();
    },
    rules('completeJoin'),
  );

  // 001 ¶3.10: petitions and complaints run as their own workflows; the case records them.
  setHandler(submissionRecorded, ({ action, by, source, note }) => record(action, by, source, note));

  // 001 ¶26: a granted access request opens the listed documents to the participant through the case.
  setHandler(materialsAccessGranted, (grant) => {
    const known = grant.documentIds.filter((id) => state.documents.some((d) => d.id === id));
    (state.materialAccess ??= []).push({ ...grant, documentIds: known, at: now() });
    record('materials.access_granted', grant.by, '001 ¶26', `${grant.grantedBy}: ${known.join(', ')}`);
  });

  // 000 §4.9, 001 ¶26: familiarisation granted or withdrawn by the official, per document or set.
  // New handlers only: runs recorded before them replay unchanged.
  setHandler(
    grantMaterialAccess,
    async ({ iin, documentIds, officialIin }) => {
      (state.materialAccess ??= []).push({ iin, documentIds: [...new Set(documentIds)], grantedBy: 'official', by: officialIin, at: now() });
      const ids = state.participants.filter((p) => p.iin === iin).map((p) => p.id).join(', ');
      record('materials.access_granted', officialIin, '000 §4.9, 001 ¶26', `${ids}: ${documentIds.join(', ')}`);
      return snapshot();
    },
    rules('grantMaterialAccess'),
  );

  setHandler(
    revokeMaterialAccess,
    async ({ iin, documentIds, officialIin }) => {
      (state.materialAccess ??= []).push({ iin, documentIds: [...new Set(documentIds)], revoke: true, grantedBy: 'official', by: officialIin, at: now() });
      const ids = state.participants.filter((p) => p.iin === iin).map((p) => p.id).join(', ');
      record('materials.access_revoked', officialIin, '000 §4.9, 001 ¶26', `${ids}: ${documentIds.join(', ')}`);
      return snapshot();
    },
    rules('revokeMaterialAccess'),
  );

  // 001 ¶7: an approved translation enters the case as an electronic document. A signal that reached
  // a run of the code before this handler was left unhandled there, and replays so.
  setHandler(translationApproved, ({ taskWorkflowId, documents, language, by }) => {
    if (!patched('case-translation-documents')) return;
    const ids = documents.map(({ title, sha256 }) => {
      const doc: CaseDocument = { id: `d${state.documents.length + 1}`, kind: 'electronic', title, sha256, addedAt: now(), by, translationOf: taskWorkflowId, language };
      state.documents.push(doc);
      return doc.id;
    });
    record('document.translation_attached', by, '001 ¶7', `${taskWorkflowId}: ${ids.join(', ')} (${language})`);
  });

  setHandler(joinedInto, ({ leadErdr }) => {
    if (FINAL_CASE_STATUSES.includes(state.status)) return;
    state.joinedInto = { erdrNumber: leadErdr, at: now() };
    record('case.joined_into', 'system', '001 ¶17', leadErdr);
    moveTo('JOINED_INTO');
  });

  // ¶18: separated materials get a new ERDR number and their own case workflow.
  setHandler(
    separateCase,
    async ({ reason, documentIds, officialIin }) =>
      exclusively('separate', async () => {
        const n = state.separated.length + 1;
        const newErdr = await acts.allocateSeparatedCaseNumber({ bodyCode: state.bodyCode, idempotencyKey: `case-${erdr}/separate-${n}` });
        const documents = state.documents.filter((d) => !documentIds || documentIds.includes(d.id));
        const workflowId = `case-${newErdr}`;
        await startChild(caseWorkflow, {
          workflowId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [{
            erdrNumber: newErdr,
            bodyCode: state.bodyCode,
            registeredAt: now(),
            officialIin: state.officialIin,
            prosecutorIin: state.prosecutorIin,
            fabula: input.fabula,
            separatedFrom: { erdrNumber: erdr, documents },
            options: input.options,
            ...(pseudonymous && { pseudonyms: currentPseudonyms() }),
          }],
        });
        state.separated.push({ erdrNumber: newErdr, at: now(), by: officialIin, documentIds: documents.map((d) => d.id) });
        record('case.separated', officialIin, '001 ¶18', `${newErdr}: ${reason}`);
        tellProsecutor('separation of a case', newErdr);
        return { erdrNumber: newErdr, workflowId };
      }),
    rules('separate'),
  );

  // ¶19: interruption of the terms restricts actions until the resumption.
  setHandler(
    suspendCase,
    async ({ reason, officialIin }) => {
      state.suspensions.push({ at: now(), by: officialIin, reason });
      moveTo('SUSPENDED');
      record('case.suspended', officialIin, '001 ¶19', reason);
      tellProsecutor('interruption of terms', reason);
      return snapshot();
    },
    rules('suspend'),
  );

  setHandler(
    resumeCase,
    async ({ officialIin }) => {
      const s = state.suspensions.at(-1)!;
      s.resumedAt = now();
      s.resumedBy = officialIin;
      moveTo('IN_PROCEEDINGS');
      record('case.resumed', officialIin, '001 ¶19');
      tellProsecutor('resumption');
      return snapshot();
    },
    rules('resume'),
  );

  // ¶21: sent by jurisdiction: inactive for the sender, the receiving body told; it takes the case.
  setHandler(
    transferCase,
    async ({ toBodyCode, reason, officialIin }) => {
      const fromBodyCode = state.bodyCode;
      state.transfers.push({ fromBodyCode, toBodyCode, at: now(), by: officialIin, reason });
      state.bodyCode = toBodyCode;
      moveTo('TRANSFERRED_OUT');
      record('case.transferred', officialIin, '001 ¶21', `${fromBodyCode} → ${toBodyCode}: ${reason}`);
      const n = state.transfers.length;
      inBackground(() => notices.notifyReceivingBody({ erdrNumber: erdr, fromBodyCode, toBodyCode, dedupeKey: `case-${erdr}/transfer-${n}` }));
      tellProsecutor('transfer by jurisdiction', toBodyCode);
      return snapshot();
    },
    rules('transfer'),
  );

  setHandler(
    acceptTransfer,
    async ({ officialIin }) => {
      const t = state.transfers.at(-1)!;
      t.acceptedAt = now();
      t.acceptedBy = officialIin;
      state.officialIin = officialIin;
      moveTo('IN_PROCEEDINGS');
      learnPseudonyms();
      record('case.accepted_by_jurisdiction', officialIin, '001 ¶21', state.bodyCode);
      return snapshot();
    },
    rules('acceptTransfer'),
  );

  // ¶29: to court through «Төрелік», with the cover letter generated (¶11).
  setHandler(
    sendToCourt,
    async ({ court: courtName, byIin, by }) =>
      exclusively('sendToCourt', async () => {
        // The last event's number: unique even when older events are no longer carried.
        const n = state.events.at(-1)?.seq ?? 0;
        const receipt = await court.submitCaseToCourt({
          ...details(),
          court: courtName,
          documents: state.documents.map(refOf),
          requestId: `case-${erdr}/court-${n}`,
          issuedAt: now(),
        });
        const letters = receipt.coverLetters.map((l) => addGenerated(l, byIin).id);
        state.court = { court: courtName, at: now(), by: byIin, receiptNumber: receipt.receiptNumber, receivedAt: receipt.receivedAt, coverLetters: letters };
        record('case.sent_to_court', byIin, '001 ¶29', `${courtName}: ${receipt.receiptNumber}`);
        if (by === 'official') tellProsecutor('sent to court', courtName);
        moveTo('SENT_TO_COURT');
        return snapshot();
      }),
    rules('sendToCourt'),
  );

  // ¶20: termination goes to the prosecutor, who studies its legality.
  setHandler(
    terminateCase,
    async ({ grounds, officialIin }) => {
      state.termination = { at: now(), by: officialIin, grounds };
      moveTo('TERMINATION_REVIEW');
      record('case.terminated', officialIin, '001 ¶20', grounds);
      tellProsecutor('termination: legality review required', grounds);
      return snapshot();
    },
    rules('terminate'),
  );

  setHandler(
    reviewTermination,
    async ({ lawful, prosecutorIin, reasoning }) => {
      state.termination!.review = { lawful, prosecutorIin, at: now(), reasoning };
      if (lawful) {
        // Archived automatically, with the status it ended in.
        state.archive = { at: now(), status: 'TERMINATED' };
        record('termination.upheld', prosecutorIin, '001 ¶20', reasoning);
        moveTo('ARCHIVED');
        record('case.archived', 'system', '001 ¶20', 'TERMINATED');
      } else {
        record('termination.cancelled', prosecutorIin, '001 ¶20', reasoning);
        moveTo('IN_PROCEEDINGS');
      }
      return snapshot();
    },
    rules('reviewTermination'),
  );

  // ---------------------------------------------------------------------------------------------
  // The case's life

  if (!input.restored) {
    if (input.separatedFrom) {
      // ¶18: the separated materials come with the case.
      for (const d of input.separatedFrom.documents) state.documents.push({ ...d, id: `d${state.documents.length + 1}` });
      record('case.registered_by_separation', state.officialIin, '001 ¶18', input.separatedFrom.erdrNumber);
    } else {
      record('case.registered', state.officialIin, '001 ¶11', input.talon);
      // ¶11: the three first documents, before the format decision.
      const generated = await acts.generateCaseDocuments({ ...details(), talon: input.talon, kuiNumber: input.kuiNumber, kuiRegisteredAt: input.kuiRegisteredAt });
      for (const doc of generated) addGenerated(doc);
      record('documents.generated', 'system', '001 ¶11', generated.map((d) => d.kind).join(', '));
    }
  } else {
    // A new run: every open duty resumes its clock where it stood, and its work where it stopped.
    for (const o of state.obligations.filter((x) => !x.metAt && !x.cancelledAt)) {
      track(o.key);
      if (o.rule === 'case.prosecutorNotice') void deliverProsecutorNotice();
      if (o.rule === 'case.participantsInformed') {
        const p = state.participants.find((x) => o.key === `case.participantsInformed:${x.id}`);
        if (p && !p.letterId) inform(p);
      }
      if (o.rule === 'case.switchToPaper') {
        const change = state.formatChanges.at(-1)!;
        if (!state.printPackage || Date.parse(state.printPackage.producedAt) < Date.parse(change.at)) preparePrintPackage(change.basis as SwitchGround | 'joining', change.at);
      }
    }
  }

  const bound = input.options?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= bound;
  await condition(() => FINAL_CASE_STATUSES.includes(state.status) || historyTooLong());
  // A deadline notice on its way is lost when the run ends, and its record (reminded, breached)
  // keeps the next run from sending it again: wait for it. Runs that ended before did not.
  const waitsForNotices = patched('case-ends-after-deadline-notices');
  const noticesDelivered = () => !waitsForNotices || deadlines.idle();

  if (FINAL_CASE_STATUSES.includes(state.status)) {
    // Duties still open no longer apply to a closed case.
    for (const o of state.obligations.filter((x) => !x.metAt && !x.cancelledAt)) cancelObligation(o.key);
    await condition(() => allHandlersFinished() && running === 0 && noticesDelivered());
    return snapshot();
  }
  // Hand over at a quiet moment: no update half-done, no activity of ours in flight, no notice on its way.
  const quiet = () => allHandlersFinished() && running === 0 && !busyWith && noticesDelivered();
  await condition(quiet);
  record('case.continued_as_new', 'system', undefined, `run ${state.runs + 1}`);
  // The hand-over's own entry is journalled; an update or a deadline that came meanwhile finishes too.
  await condition(() => (waitsForNotices ? quiet() : running === 0));
  // Only the latest events travel on; all of them are in the audit chain (recordCaseEvent).
  const carried = Math.max(1, input.options?.carriedEvents ?? DEFAULT_CARRIED_EVENTS);
  return continueAsNew<typeof caseWorkflow>({
    ...input,
    ...(pseudonymous && { pseudonyms: currentPseudonyms() }),
    restored: { ...snapshot(), events: state.events.slice(-carried) },
  });
}

function initialState(input: CaseInput): CaseState {
  return {
    erdrNumber: input.erdrNumber,
    talon: input.talon,
    bodyCode: input.bodyCode,
    registeredAt: input.registeredAt,
    officialIin: input.officialIin,
    prosecutorIin: input.prosecutorIin,
    status: 'REGISTERED',
    statusLabel: CASE_STATUS_LABELS.REGISTERED,
    documents: [],
    paperDocuments: [],
    participants: [],
    obligations: [],
    formatChanges: [],
    joined: [],
    separated: [],
    separatedFrom: input.separatedFrom?.erdrNumber,
    transfers: [],
    suspensions: [],
    events: [],
    deadlines: [],
    runs: 1,
  };
}

function refOf(d: CaseDocument): CaseDocumentRef {
  const title = typeof d.title === 'string' ? d.title : `${d.title.kk} / ${d.title.ru}`;
  return { title, kind: d.kind === 'generated' ? (d.generatedKind ?? 'generated') : d.kind, addedAt: d.addedAt, sha256: d.sha256 };
}

/** A refusal as the update's failure: the English text as message, every language and the rule in the details. */
function refuse(r: Refusal): never {
  const text = `${r.message.en} (${r.source})`;
  throw ApplicationFailure.nonRetryable(text, r.code, { code: r.code, source: r.source, message: r.message });
}
