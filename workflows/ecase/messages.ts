// The case workflow's input and messages: what the API and other workflows send it, and what it
// answers. Names are part of the running workflows' histories: never rename one.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AddParticipantRequest,
  AttachDocumentRequest,
  CaseDocument,
  CaseState,
  CaseSubmissionNote,
  ConfirmParticipantRequest,
  JoinCasesRequest,
  MaterialAccessGrant,
  MaterialAccessRequest,
  RegisterPaperDocumentRequest,
  ReportSituationRequest,
  ResolveFormatRequest,
  ReviewTerminationRequest,
  SendToCourtRequest,
  SwitchToPaperRequest,
  TimelineEntry,
  TransferRequest,
} from '../../domain/ecase';

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
  separatedFrom?: {
    erdrNumber: string;
    documents: CaseDocument[];
    /** From a case keeping its register in the database: the documents to copy from it (documents then empty). */
    documentIds?: string[];
  };
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

export type By = { officialIin: string };

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
export const translationApproved =
  defineSignal<[{ taskWorkflowId: string; documents: { title: string; sha256: string }[]; language: string; by: string }]>('translationApproved');
export const getCase = defineQuery<CaseState>('getCase');
export const timeline = defineQuery<TimelineEntry[]>('timeline');

export const DEFAULT_CONTINUE_AS_NEW_AFTER = 10_000;
/** The older events stay in the audit chain (platform/case-journal.ts), so a run carries only these many. */
export const DEFAULT_CARRIED_EVENTS = 500;
