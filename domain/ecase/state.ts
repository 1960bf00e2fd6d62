// The electronic criminal case's vocabulary and state (001): formats, statuses, participants,
// documents, obligations and the state the case workflow keeps. Re-exported by domain/ecase.ts.
import type { DeadlineRecord, DeadlineRuleId } from '../deadlines';
import { HOUR } from '../deadlines';
import type { LocalisedText } from '../notification-templates';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** ¶10: a case is conducted in electronic or in paper format. */
export const CASE_FORMATS = ['ELECTRONIC', 'PAPER'] as const;
export type CaseFormat = (typeof CASE_FORMATS)[number];

/**
 * Where the case stands. The Instruction names only "archived" (¶20) and "inactive" for the
 * sending body (¶21); the others follow from the transitions it describes.
 */
export const CASE_STATUSES = [
  'REGISTERED', // in the ERDR, the three ¶11 documents generated, format not yet chosen
  'IN_PROCEEDINGS', // taken into proceedings, format resolved (¶10)
  'SUSPENDED', // terms interrupted (¶19): actions restricted
  'TRANSFERRED_OUT', // sent by jurisdiction (¶21): inactive for the sender until the receiver takes it
  'TERMINATION_REVIEW', // terminated, the prosecutor studies legality (¶20)
  'ARCHIVED', // terminated lawfully, stored with its status (¶20)
  'SENT_TO_COURT', // sent through «Төрелік» (¶29)
  'JOINED_INTO', // joined into another case (¶17)
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which the case workflow ends. */
export const FINAL_CASE_STATUSES: readonly CaseStatus[] = ['ARCHIVED', 'SENT_TO_COURT', 'JOINED_INTO'];

export const CASE_STATUS_LABELS: Record<CaseStatus, LocalisedText> = {
  REGISTERED: { kk: 'СДТБТ-де тіркелді', ru: 'Зарегистрировано в ЕРДР', en: 'Registered in the ERDR' },
  IN_PROCEEDINGS: { kk: 'Іс жүргізуде', ru: 'В производстве', en: 'In proceedings' },
  SUSPENDED: { kk: 'Мерзімдер үзілді', ru: 'Сроки прерваны', en: 'Suspended (terms interrupted)' },
  TRANSFERRED_OUT: { kk: 'Тергеулігі бойынша жіберілді', ru: 'Направлено по подследственности', en: 'Transferred by jurisdiction' },
  TERMINATION_REVIEW: { kk: 'Тоқтатылды, прокурордың тексеруінде', ru: 'Прекращено, на проверке прокурора', en: 'Terminated, under prosecutor review' },
  ARCHIVED: { kk: 'Мұрағатталды', ru: 'Архивировано', en: 'Archived' },
  SENT_TO_COURT: { kk: 'Сотқа жіберілді', ru: 'Направлено в суд', en: 'Sent to court' },
  JOINED_INTO: { kk: 'Басқа іспен біріктірілді', ru: 'Соединено с другим делом', en: 'Joined into another case' },
};

/** Procedural statuses of participants (¶10, ¶26; CPC chapters on participants). */
export const PARTICIPANT_ROLES = [
  'suspect',
  'accused',
  'legal_representative',
  'defender',
  'private_prosecutor',
  'civil_defendant',
  'victim',
  'civil_plaintiff',
  'representative',
  'applicant',
  'witness',
  'expert',
  'specialist',
  'translator',
  // 000 §4.9 (5): a person the ERDR marks as a figurant of the case.
  'figurant',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** ¶10: those told of the format decision within 24 hours (witnesses, experts, applicants are not). */
export const INFORMED_OF_FORMAT: readonly ParticipantRole[] = [
  'suspect',
  'accused',
  'legal_representative',
  'defender',
  'private_prosecutor',
  'civil_defendant',
  'victim',
  'civil_plaintiff',
  'representative',
];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, LocalisedText> = {
  suspect: { kk: 'Күдікті', ru: 'Подозреваемый', en: 'Suspect' },
  accused: { kk: 'Айыпталушы', ru: 'Обвиняемый', en: 'Accused' },
  legal_representative: { kk: 'Заңды өкіл', ru: 'Законный представитель', en: 'Legal representative' },
  defender: { kk: 'Қорғаушы', ru: 'Защитник', en: 'Defender' },
  private_prosecutor: { kk: 'Жеке айыптаушы', ru: 'Частный обвинитель', en: 'Private prosecutor' },
  civil_defendant: { kk: 'Азаматтық жауапкер', ru: 'Гражданский ответчик', en: 'Civil defendant' },
  victim: { kk: 'Жәбірленуші', ru: 'Потерпевший', en: 'Victim' },
  civil_plaintiff: { kk: 'Азаматтық талапкер', ru: 'Гражданский истец', en: 'Civil plaintiff' },
  representative: { kk: 'Өкіл', ru: 'Представитель', en: 'Representative' },
  applicant: { kk: 'Арыз беруші', ru: 'Заявитель', en: 'Applicant' },
  witness: { kk: 'Куә', ru: 'Свидетель', en: 'Witness' },
  expert: { kk: 'Сарапшы', ru: 'Эксперт', en: 'Expert' },
  specialist: { kk: 'Маман', ru: 'Специалист', en: 'Specialist' },
  translator: { kk: 'Аудармашы', ru: 'Переводчик', en: 'Translator' },
  figurant: { kk: 'Фигурант', ru: 'Фигурант', en: 'Figurant' },
};

/** 000 §4.9 (4), (5): statuses that act for a suspect or accused and need the ERDR's mark saying whose. */
export const ACTING_FOR_ROLES: readonly ParticipantRole[] = ['defender', 'representative', 'legal_representative'];
/** Whom the mark of a defender or representative may name (000 §4.9: the suspect or accused). */
export const DEFENDED_ROLES: readonly ParticipantRole[] = ['suspect', 'accused'];

/**
 * ¶22: grounds for leaving the electronic format. The first two are case-based (a foreign state,
 * state secrets); the last two are discretionary and wait 24 hours from the onset of the situation
 * unless urgent actions are needed.
 */
export const SWITCH_GROUNDS = ['FOREIGN_STATE', 'STATE_SECRETS', 'OUTAGE', 'EMERGENCY'] as const;
export type SwitchGround = (typeof SWITCH_GROUNDS)[number];
export const SITUATION_GROUNDS: readonly SwitchGround[] = ['OUTAGE', 'EMERGENCY'];
/** ¶22 ¶1: a discretionary switch only after the situation has lasted this long. */
export const SITUATION_WAIT_MS = 24 * HOUR;

/** The three documents generated on registration, before the format decision (¶11). */
export const GENERATED_DOCUMENT_KINDS = ['kui_registration_report', 'offence_detection_report', 'prosecutor_start_notice'] as const;
export type GeneratedDocumentKind = (typeof GENERATED_DOCUMENT_KINDS)[number];

/** Kinds of document in the case: the generated ones, EDS-signed electronic ones (¶12), PDF scans (¶14, ¶16), media (¶13). */
export const ATTACHABLE_KINDS = ['electronic', 'scanned_pdf', 'media'] as const;
export type AttachableKind = (typeof ATTACHABLE_KINDS)[number];
export type CaseDocumentKind = AttachableKind | 'generated';

/** Where a paper document came from: an on-site action (¶14), received (¶14), sent out (¶16). */
export const PAPER_ORIGINS = ['on_site', 'incoming', 'outgoing', 'joined_case'] as const;
export type PaperOrigin = (typeof PAPER_ORIGINS)[number];

// ---------------------------------------------------------------------------------------------
// State

/** A document as the inventory, the print package and the court see it (activities/ecase.ts CaseDocumentRef). */
export function documentRef(d: CaseDocument): { title: string; kind: string; addedAt: string; sha256: string } {
  const title = typeof d.title === 'string' ? d.title : `${d.title.kk} / ${d.title.ru}`;
  return { title, kind: d.kind === 'generated' ? (d.generatedKind ?? 'generated') : d.kind, addedAt: d.addedAt, sha256: d.sha256 };
}

/** Whether the case has a document with this id: in its state, or numbered within its register's count. */
export function hasDocument(s: Pick<CaseState, 'documents' | 'documentCount'>, id: string): boolean {
  if (s.documentCount === undefined) return s.documents.some((d) => d.id === id);
  const n = /^d(\d+)$/.exec(id);
  return !!n && Number(n[1]) >= 1 && Number(n[1]) <= s.documentCount;
}

export interface CaseDocument {
  id: string;
  kind: CaseDocumentKind;
  /** For generated documents, which one (¶11) or which letter. */
  generatedKind?: string;
  title: LocalisedText | string;
  sha256: string;
  addedAt: string;
  by: string;
  /** The paper document this is the scan of (¶14, ¶16). */
  scanOf?: string;
  /** 001 ¶7: an approved translation — the task's workflow id, and the language it is in. */
  translationOf?: string;
  language?: string;
}

export interface PaperDocument {
  id: string;
  title: string;
  origin: PaperOrigin;
  /** Creation, receipt or sending: where the 24-hour clock starts (¶14, ¶16). */
  createdAt: string;
  registeredAt: string;
  /** The PDF scan, once attached. */
  scanId?: string;
}

export interface ParticipantContact {
  email?: string;
  phone?: string;
  smsOptIn?: boolean;
  locale?: 'kk' | 'ru' | 'en';
  /** For a paper letter (¶24), one line per element. */
  postalAddress?: string[];
}

export interface Participant {
  /** `p1`, `p2`…: obligations and logs name this, never the IIN. */
  id: string;
  iin: string;
  fullName: string;
  role: ParticipantRole;
  contact: ParticipantContact;
  /**
   * 000 §4.9 (4), (5): the ERDR's mark on a defender or representative — the id of the suspect or
   * accused (`p1`…) they act for.
   */
  represents?: string;
  addedAt: string;
  addedBy: string;
  /** ¶26: confirmed by the official; opens the Public Sector to the participant. */
  confirmedAt?: string;
  confirmedBy?: string;
  /** ¶10, ¶24: told of the format, and how. */
  informedAt?: string;
  channels?: string[];
  /** ¶24: a paper letter was prepared (no phone, no e-mail) and awaits posting. */
  letterId?: string;
}

export interface Obligation {
  /** The DeadlineBook key: `case.paperToPdf:d3`, `case.participantsInformed:p2`… */
  key: string;
  rule: DeadlineRuleId;
  /** What it is about, for people. */
  about: string;
  startedAt: string;
  metAt?: string;
  metBy?: string;
  /** No longer applies (e.g. scans due when the case went over to paper). */
  cancelledAt?: string;
}

export interface FormatChange {
  from?: CaseFormat;
  to: CaseFormat;
  at: string;
  by: string;
  /** ¶10 resolution, ¶17 joining, ¶22 ground. */
  basis: 'resolution' | 'joining' | SwitchGround;
  reasoning?: string;
  urgentActions?: boolean;
  /** ¶23: when the print package was confirmed (electronic → paper). */
  executedAt?: string;
}

export interface MaterialAccessGrant {
  iin: string;
  documentIds: string[];
  /** 000 §4.9: the official withdrew familiarisation with these documents (a later grant opens them again). */
  revoke?: true;
  /** The workflow id of the petition whose answer granted it. */
  grantedBy: string;
  by: string;
  at: string;
}

/** A petition or complaint of this case, told to the case so its record shows it (001 ¶3.10). */
export interface CaseSubmissionNote {
  action: string;
  by: string;
  source: string;
  note?: string;
}

export interface CaseEvent {
  seq: number;
  at: string;
  /** IIN of the official or prosecutor, or `system`. */
  by: string;
  action: string;
  /** The Instruction paragraph the step follows. */
  source?: string;
  note?: string;
}

export interface CaseState {
  erdrNumber: string;
  talon?: string;
  bodyCode: string;
  registeredAt: string;
  officialIin: string;
  prosecutorIin?: string;
  format?: CaseFormat;
  /** CPC art. 30: the language of proceedings, set when the case is taken into proceedings (absent: not stated). */
  language?: 'kk' | 'ru';
  status: CaseStatus;
  statusLabel: LocalisedText;
  /** The documents, in runs begun before the register (platform/case-documents.ts); empty in later runs. */
  documents: CaseDocument[];
  /**
   * How many documents the case has, when they live in the `case_document` register instead of
   * `documents` (ids `d1`…`d<count>`): the state stays small however many there are.
   */
  documentCount?: number;
  paperDocuments: PaperDocument[];
  participants: Participant[];
  obligations: Obligation[];
  formatChanges: FormatChange[];
  /** ¶22: the abnormal or emergency situation under way, if any. */
  situation?: { kind: 'OUTAGE' | 'EMERGENCY'; startedAt: string; reportedAt: string; by: string };
  /** ¶23: the print package of all documents, once produced. */
  printPackage?: { sha256: string; producedAt: string; documentCount: number; originalsRequested: string[] };
  inventory?: { sha256: string; producedAt: string; documentCount: number };
  joined: { erdrNumber: string; format: CaseFormat; at: string; by: string; completedAt?: string }[];
  joinedInto?: { erdrNumber: string; at: string };
  separated: { erdrNumber: string; at: string; by: string; documentIds: string[] }[];
  separatedFrom?: string;
  transfers: { fromBodyCode: string; toBodyCode: string; at: string; by: string; reason: string; acceptedAt?: string; acceptedBy?: string }[];
  suspensions: { at: string; by: string; reason: string; resumedAt?: string; resumedBy?: string }[];
  termination?: { at: string; by: string; grounds: string; review?: { lawful: boolean; prosecutorIin: string; at: string; reasoning?: string } };
  archive?: { at: string; status: 'TERMINATED' };
  court?: { court: string; at: string; by: string; receiptNumber: string; receivedAt: string; coverLetters: string[] };
  events: CaseEvent[];
  /** ¶26, CPC art. 99: case documents a participant may read, granted by answering their petition (000 §4.5). */
  materialAccess?: MaterialAccessGrant[];
  /** Filled in by the workflow's queries (DeadlineBook). */
  deadlines: DeadlineRecord[];
  /** How many runs (continue-as-new) the case has lived through. */
  runs: number;
}
