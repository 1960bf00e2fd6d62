// The rules every transition of the case obeys (001), applied by the case workflow's update
// validators: a refused request changes nothing. Re-exported by domain/ecase.ts.
import { bodyByCode } from '../dictionaries';
import { isValidIin } from '../iin';
import { refusal, type Refusal, type RefusalCode } from './refusals';
import {
  ACTING_FOR_ROLES,
  ATTACHABLE_KINDS,
  CASE_FORMATS,
  DEFENDED_ROLES,
  hasDocument,
  PAPER_ORIGINS,
  PARTICIPANT_ROLES,
  SITUATION_GROUNDS,
  SITUATION_WAIT_MS,
  SWITCH_GROUNDS,
  type AttachableKind,
  type CaseFormat,
  type CaseState,
  type CaseStatus,
  type PaperOrigin,
  type ParticipantContact,
  type ParticipantRole,
  type SwitchGround,
} from './state';

// ---------------------------------------------------------------------------------------------
// Requests (the workflow's updates take these)

export interface ResolveFormatRequest {
  format: CaseFormat;
  language?: 'kk' | 'ru';
  officialIin: string;
}
export interface AttachDocumentRequest {
  kind: AttachableKind;
  sha256: string;
  title: string;
  obligationKey?: string;
  officialIin: string;
}
export interface RegisterPaperDocumentRequest {
  id: string;
  title: string;
  origin: PaperOrigin;
  createdAt: string;
  officialIin: string;
}
export interface AddParticipantRequest {
  iin: string;
  fullName: string;
  role: ParticipantRole;
  contact?: ParticipantContact;
  represents?: string;
  officialIin: string;
}
/** 000 §4.9, 001 ¶26: the conducting official opens (or withdraws) case documents to a participant. */
export interface MaterialAccessRequest {
  iin: string;
  documentIds: string[];
  officialIin: string;
}
export interface ConfirmParticipantRequest {
  iin: string;
  officialIin: string;
}
export interface ReportSituationRequest {
  kind?: 'OUTAGE' | 'EMERGENCY';
  startedAt: string;
  officialIin: string;
}
export interface SwitchToPaperRequest {
  ground: SwitchGround;
  reasoning: string;
  urgentActions?: boolean;
  officialIin: string;
}
export interface JoinCasesRequest {
  joinedErdr: string;
  joinedFormat: CaseFormat;
  format: CaseFormat;
  paperMaterials?: { id: string; title: string }[];
  officialIin: string;
}
export interface TransferRequest {
  toBodyCode: string;
  reason: string;
  officialIin: string;
}
export interface SendToCourtRequest {
  court: string;
  byIin: string;
  by: 'official' | 'prosecutor';
}
export interface ReviewTerminationRequest {
  lawful: boolean;
  prosecutorIin: string;
  reasoning?: string;
}

/** Everything the case can be asked to do. */
export type CaseAction =
  | 'resolveFormat'
  | 'assignProsecutor'
  | 'addParticipant'
  | 'confirmParticipant'
  | 'confirmLetterSent'
  | 'attachDocument'
  | 'registerPaperDocument'
  | 'produceInventory'
  | 'reportSituation'
  | 'switchToPaper'
  | 'confirmPrintPackage'
  | 'joinCases'
  | 'completeJoin'
  | 'separate'
  | 'suspend'
  | 'resume'
  | 'transfer'
  | 'acceptTransfer'
  | 'sendToCourt'
  | 'terminate'
  | 'reviewTermination'
  | 'grantMaterialAccess'
  | 'revokeMaterialAccess';

/**
 * ¶19 leaves open which actions stay allowed while the terms are interrupted ("except as the CPC
 * allows"). [I] Kept: resuming, the supervision (¶27), finishing duties already running (scans
 * due, letters due, a switch or a join under way), recording incoming paper (¶14) and the
 * inventory. Everything else waits for the resumption.
 */
export const ALLOWED_WHILE_SUSPENDED: readonly CaseAction[] = [
  'resume',
  'assignProsecutor',
  'confirmLetterSent',
  'registerPaperDocument',
  'produceInventory',
  'reportSituation',
  'confirmPrintPackage',
  'completeJoin',
  'attachDocument',
  'grantMaterialAccess',
  'revokeMaterialAccess',
];

/** Actions that need the case in proceedings (a format resolved, not transferred away, not closed). */
const STATUS_REFUSAL: Partial<Record<CaseStatus, RefusalCode>> = {
  REGISTERED: 'FORMAT_NOT_RESOLVED',
  SUSPENDED: 'CASE_SUSPENDED',
  TRANSFERRED_OUT: 'CASE_INACTIVE_FOR_SENDER',
  TERMINATION_REVIEW: 'AWAITING_PROSECUTOR_REVIEW',
  ARCHIVED: 'CASE_ARCHIVED',
  SENT_TO_COURT: 'CASE_SENT_TO_COURT',
  JOINED_INTO: 'CASE_JOINED_INTO_ANOTHER',
};

/** Whether the status lets the action through; the refusal that names the rule otherwise. */
function statusAllows(s: CaseState, action: CaseAction): RefusalCode | undefined {
  if (s.status === 'IN_PROCEEDINGS') return undefined;
  if (s.status === 'SUSPENDED' && ALLOWED_WHILE_SUSPENDED.includes(action)) return undefined;
  // Before the format decision the case already exists: people and paper can be recorded (¶11).
  if (
    s.status === 'REGISTERED' &&
    [
      'assignProsecutor',
      'addParticipant',
      'confirmParticipant',
      'attachDocument',
      'registerPaperDocument',
      'produceInventory',
      'reportSituation',
      'grantMaterialAccess',
      'revokeMaterialAccess',
    ].includes(action)
  )
    return undefined;
  // A case on its way to another body can still be taken by it (¶21), and supervision goes on.
  if (s.status === 'TRANSFERRED_OUT' && (action === 'acceptTransfer' || action === 'assignProsecutor')) return undefined;
  if (s.status === 'TERMINATION_REVIEW' && action === 'reviewTermination') return undefined;
  return STATUS_REFUSAL[s.status];
}

const SHA256 = /^[0-9a-f]{64}$/;
const ERDR = /^\d{15}$/;

export const openObligation = (s: CaseState, key: string) => s.obligations.find((o) => o.key === key && !o.metAt && !o.cancelledAt);
export const switchPending = (s: CaseState) => s.formatChanges.some((c) => c.to === 'PAPER' && c.from === 'ELECTRONIC' && !c.executedAt);

/** Every field any case request has, each optional and of any type a request gives it. */
type AnyFieldOf<R> = { [K in R extends unknown ? keyof R : never]?: R extends { [P in K]?: infer V } ? V : never };

/**
 * A request as it reaches the update validators: not yet checked, so any of the requests' fields
 * may be missing; the checks below read it field by field.
 */
type UncheckedRequest = AnyFieldOf<
  | ResolveFormatRequest
  | AttachDocumentRequest
  | RegisterPaperDocumentRequest
  | AddParticipantRequest
  | MaterialAccessRequest
  | ConfirmParticipantRequest
  | ReportSituationRequest
  | SwitchToPaperRequest
  | JoinCasesRequest
  | TransferRequest
  | SendToCourtRequest
  | ReviewTerminationRequest
>;

/**
 * The rules of 001 as one function: the refusal for `action` with `request` on the case as it
 * stands at `nowMs`, or undefined when the action is allowed. The workflow's update validators
 * call it, so a refused request changes nothing and leaves no trace in the history.
 */
export function checkAction(s: CaseState, action: CaseAction, request: unknown, nowMs: number): Refusal | undefined {
  const code = checkCode(s, action, (request ?? {}) as UncheckedRequest, nowMs);
  return code ? refusal(code) : undefined;
}

function checkCode(s: CaseState, action: CaseAction, q: UncheckedRequest, nowMs: number): RefusalCode | undefined {
  // Format decisions have their own, more telling refusals than the status.
  if (action === 'resolveFormat') {
    if (s.format === 'PAPER' && q.format === 'ELECTRONIC') return 'PAPER_TO_ELECTRONIC_FORBIDDEN';
    if (s.format === 'ELECTRONIC' && q.format === 'PAPER') return 'SWITCH_NEEDS_REASONED_RESOLUTION';
    if (s.format) return 'FORMAT_ALREADY_RESOLVED';
    if (s.status !== 'REGISTERED') return STATUS_REFUSAL[s.status] ?? 'FORMAT_ALREADY_RESOLVED';
    if (!(CASE_FORMATS as readonly unknown[]).includes(q.format)) return 'FORMAT_NOT_RESOLVED';
    if (q.officialIin !== s.officialIin) return 'NOT_ASSIGNED_OFFICIAL';
    return undefined;
  }
  if (action === 'switchToPaper') {
    if (s.format === 'PAPER') return switchPending(s) ? 'SWITCH_IN_PROGRESS' : 'ALREADY_PAPER';
  }
  const byStatus = statusAllows(s, action);
  if (byStatus) return byStatus;

  switch (action) {
    case 'addParticipant':
      if (!(PARTICIPANT_ROLES as readonly unknown[]).includes(q.role)) return 'UNKNOWN_ROLE';
      if (!isValidIin(String(q.iin ?? ''))) return 'INVALID_IIN';
      if (s.participants.some((p) => p.iin === q.iin && p.role === q.role)) return 'PARTICIPANT_EXISTS';
      // 000 §4.9 (4), (5): the mark names a suspect or accused of this case, and only a defender or representative carries one.
      if (q.represents !== undefined) {
        if (!(ACTING_FOR_ROLES as readonly unknown[]).includes(q.role)) return 'MARK_NOT_APPLICABLE';
        if (!s.participants.some((p) => p.id === q.represents && DEFENDED_ROLES.includes(p.role))) return 'MARK_NAMES_NO_SUSPECT';
      }
      return undefined;
    case 'confirmParticipant':
      return s.participants.some((p) => p.iin === q.iin) ? undefined : 'UNKNOWN_PARTICIPANT';
    case 'grantMaterialAccess':
    case 'revokeMaterialAccess': {
      if (!s.participants.some((p) => p.iin === q.iin)) return 'UNKNOWN_PARTICIPANT';
      const ids: unknown[] = Array.isArray(q.documentIds) ? q.documentIds : [];
      if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || !hasDocument(s, id))) return 'UNKNOWN_DOCUMENT';
      return undefined;
    }
    case 'confirmLetterSent': {
      const p = s.participants.filter((x) => x.iin === q.iin);
      if (p.length === 0) return 'UNKNOWN_PARTICIPANT';
      return p.some((x) => x.letterId && openObligation(s, `case.participantsInformed:${x.id}`)) ? undefined : 'NO_LETTER_DUE';
    }
    case 'attachDocument': {
      if (!(ATTACHABLE_KINDS as readonly unknown[]).includes(q.kind) || !SHA256.test(String(q.sha256 ?? '')) || !String(q.title ?? '').trim())
        return 'INVALID_DOCUMENT';
      if (q.obligationKey) {
        const o = openObligation(s, q.obligationKey);
        if (!o || o.rule !== 'case.paperToPdf') return 'UNKNOWN_OBLIGATION';
        if (q.kind !== 'scanned_pdf') return 'OBLIGATION_NEEDS_SCAN';
      } else if (s.status === 'SUSPENDED') {
        // While suspended, only a scan that finishes a running duty may be added (¶19).
        return 'CASE_SUSPENDED';
      }
      return undefined;
    }
    case 'registerPaperDocument':
      if (
        !String(q.id ?? '').trim() ||
        !String(q.title ?? '').trim() ||
        !(PAPER_ORIGINS as readonly unknown[]).includes(q.origin) ||
        Number.isNaN(Date.parse(q.createdAt ?? ''))
      )
        return 'INVALID_DOCUMENT';
      if (s.paperDocuments.some((d) => d.id === q.id)) return 'PAPER_DOCUMENT_EXISTS';
      // While suspended, only what reaches the official on paper is still recorded (¶14, ¶19).
      if (s.status === 'SUSPENDED' && q.origin !== 'incoming') return 'CASE_SUSPENDED';
      return undefined;
    case 'switchToPaper': {
      if (!(SWITCH_GROUNDS as readonly unknown[]).includes(q.ground)) return 'SWITCH_GROUND_NOT_LISTED';
      if (!String(q.reasoning ?? '').trim()) return 'REASONED_RESOLUTION_REQUIRED';
      if ((SITUATION_GROUNDS as readonly unknown[]).includes(q.ground)) {
        if (!s.situation) return 'NO_SITUATION_REPORTED';
        const lasted = nowMs - Date.parse(s.situation.startedAt);
        if (lasted < SITUATION_WAIT_MS && !q.urgentActions) return 'SITUATION_UNDER_24H';
      }
      return undefined;
    }
    case 'confirmPrintPackage':
      if (!switchPending(s)) return 'NO_SWITCH_PENDING';
      return s.printPackage && Date.parse(s.printPackage.producedAt) >= Date.parse(s.formatChanges.at(-1)!.at) ? undefined : 'PRINT_PACKAGE_NOT_READY';
    case 'joinCases':
      if (!ERDR.test(String(q.joinedErdr ?? ''))) return 'INVALID_ERDR_NUMBER';
      if (q.joinedErdr === s.erdrNumber) return 'JOIN_WITH_ITSELF';
      if (s.joined.some((j) => j.erdrNumber === q.joinedErdr)) return 'ALREADY_JOINED';
      if (!(CASE_FORMATS as readonly unknown[]).includes(q.format) || !(CASE_FORMATS as readonly unknown[]).includes(q.joinedFormat))
        return 'FORMAT_NOT_RESOLVED';
      if (switchPending(s)) return 'SWITCH_IN_PROGRESS';
      return undefined;
    case 'completeJoin':
      return s.joined.some((j) => j.erdrNumber === q.joinedErdr && !j.completedAt) ? undefined : 'NO_SUCH_JOIN';
    case 'reportSituation': {
      const at = Date.parse(q.startedAt ?? '');
      return Number.isNaN(at) || at > nowMs ? 'INVALID_TIME' : undefined;
    }
    case 'resume':
      return s.status === 'SUSPENDED' ? undefined : 'NOT_SUSPENDED';
    case 'transfer':
      if (!bodyByCode(String(q.toBodyCode ?? ''))) return 'UNKNOWN_BODY';
      if (q.toBodyCode === s.bodyCode) return 'SAME_BODY';
      return undefined;
    case 'acceptTransfer':
      return s.status === 'TRANSFERRED_OUT' ? undefined : 'NOT_TRANSFERRED';
    case 'sendToCourt':
      if (s.format !== 'ELECTRONIC') return 'COURT_NEEDS_ELECTRONIC';
      if (s.paperDocuments.some((d) => !d.scanId)) return 'UNSCANNED_PAPER';
      return undefined;
    case 'reviewTermination':
      if (s.status !== 'TERMINATION_REVIEW') return 'NO_TERMINATION_PENDING';
      return q.prosecutorIin && q.prosecutorIin === s.prosecutorIin ? undefined : 'NOT_SUPERVISING_PROSECUTOR';
    default:
      return undefined;
  }
}
