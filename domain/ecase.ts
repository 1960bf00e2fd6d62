// The electronic criminal case («электрондық қылмыстық іс», е-ҚІ; Instruction 001): its formats,
// statuses, participants and documents, the rules every transition obeys with the paragraph each
// rule comes from, and who may see a case (¶30–33). Deterministic and free of I/O: the case
// workflow (workflows/ecase.ts) and the API import the same rules, so a refusal reads the same
// wherever it is given.
import type { DeadlineRecord, DeadlineRuleId } from './deadlines';
import { HOUR } from './deadlines';
import { bodyByCode } from './dictionaries';
import { isValidIin } from './iin';
import type { LocalisedText } from './notification-templates';
import type { Role } from './roles';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** The case workflow's id: its ERDR number, so a repeated start never makes a second case. */
export const caseWorkflowId = (erdr: string) => `case-${erdr}`;

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
  'suspect', 'accused', 'legal_representative', 'defender', 'private_prosecutor', 'civil_defendant', 'victim',
  'civil_plaintiff', 'representative', 'applicant', 'witness', 'expert', 'specialist', 'translator',
  // 000 §4.9 (5): a person the ERDR marks as a figurant of the case.
  'figurant',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** ¶10: those told of the format decision within 24 hours (witnesses, experts, applicants are not). */
export const INFORMED_OF_FORMAT: readonly ParticipantRole[] = [
  'suspect', 'accused', 'legal_representative', 'defender', 'private_prosecutor', 'civil_defendant', 'victim',
  'civil_plaintiff', 'representative',
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
  documents: CaseDocument[];
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

// ---------------------------------------------------------------------------------------------
// Refusals: every rule a request can break, with its paragraph and its text in three languages

export interface Refusal {
  code: string;
  source: string;
  message: LocalisedText;
}

const R = (source: string, kk: string, ru: string, en: string) => ({ source, message: { kk, ru, en } });

export const REFUSALS = {
  NOT_ASSIGNED_OFFICIAL: R('001 ¶10',
    'Форматты тек сотқа дейінгі тергеп-тексеру тапсырылған тұлға істі өз өндірісіне алу кезінде таңдайды.',
    'Формат выбирает только лицо, которому поручено досудебное расследование, при принятии дела к своему производству.',
    'Only the official to whom the investigation is assigned chooses the format, when taking the case into proceedings.'),
  FORMAT_ALREADY_RESOLVED: R('001 ¶10',
    'Іс жүргізу форматы бұрын айқындалған.',
    'Формат производства уже определён.',
    'The format of the proceedings has already been resolved.'),
  PAPER_TO_ELECTRONIC_FORBIDDEN: R('001 ¶10, ¶17',
    'Қағаз форматтан электрондық форматқа ауысуға істерді біріктіру жағдайынан басқа кезде жол берілмейді.',
    'Переход с бумажного формата на электронный не допускается, за исключением соединения уголовных дел.',
    'Changing from paper to electronic format is not allowed, except when criminal cases are joined.'),
  SWITCH_NEEDS_REASONED_RESOLUTION: R('001 ¶22',
    'Электрондық форматтан қағаз форматқа тек ¶22-де көрсетілген негіздер бойынша уәжді қаулымен ауысады.',
    'Переход с электронного формата на бумажный — только мотивированным постановлением по основаниям ¶22.',
    'Electronic to paper happens only by a reasoned resolution on a ground listed in ¶22.'),
  FORMAT_NOT_RESOLVED: R('001 ¶10',
    'Іс әлі өндіріске алынбаған: алдымен іс жүргізу форматы туралы қаулы шығарылуы тиіс.',
    'Дело ещё не принято к производству: сначала выносится постановление о формате производства.',
    'The case is not yet in proceedings: the format resolution comes first.'),
  SWITCH_GROUND_NOT_LISTED: R('001 ¶22',
    'Қағаз форматқа ауысу негізі ¶22 тізбесінде жоқ (шет мемлекет, мемлекеттік құпия, штаттан тыс не төтенше жағдай).',
    'Основание перехода на бумажный формат не предусмотрено ¶22 (иностранное государство, государственные секреты, нештатная или чрезвычайная ситуация).',
    'The ground is not one listed in ¶22 (foreign state, state secrets, abnormal or emergency situation).'),
  REASONED_RESOLUTION_REQUIRED: R('001 ¶22',
    'Форматты өзгерту уәжді қаулымен ресімделеді: уәждер көрсетілмеген.',
    'Изменение формата оформляется мотивированным постановлением: мотивы не указаны.',
    'A change of format needs a reasoned resolution: no reasons were given.'),
  NO_SITUATION_REPORTED: R('001 ¶22',
    'Штаттан тыс немесе төтенше жағдай тіркелмеген.',
    'Нештатная или чрезвычайная ситуация не зафиксирована.',
    'No abnormal or emergency situation has been reported.'),
  SITUATION_UNDER_24H: R('001 ¶22',
    'Жағдай басталғаннан бері 24 сағат өтпеді; кезек күттірмейтін әрекеттер қажет болғанда ғана бірден ауысуға болады.',
    'С начала ситуации не прошло 24 часов; сразу перейти можно только при необходимости неотложных действий.',
    'The situation has not lasted 24 hours; switching at once is allowed only when urgent actions are needed.'),
  ALREADY_PAPER: R('001 ¶22',
    'Іс қағаз форматта жүргізілуде.',
    'Дело уже ведётся в бумажном формате.',
    'The case is already conducted on paper.'),
  SWITCH_IN_PROGRESS: R('001 ¶23',
    'Қағаз форматқа ауысу орындалуда.',
    'Переход на бумажный формат уже выполняется.',
    'A switch to paper is already being executed.'),
  PRINT_PACKAGE_NOT_READY: R('001 ¶23',
    'Барлық құжаттардың басып шығару топтамасы әлі дайын емес.',
    'Пакет печати всех документов ещё не подготовлен.',
    'The print package of all documents is not ready yet.'),
  NO_SWITCH_PENDING: R('001 ¶23',
    'Орындалатын қағаз форматқа ауысу жоқ.',
    'Нет перехода на бумажный формат, ожидающего исполнения.',
    'There is no switch to paper awaiting execution.'),
  CASE_SUSPENDED: R('001 ¶19',
    'Тергеп-тексеру мерзімдері үзілген: ҚПК рұқсат еткеннен басқа әрекеттер шектелген.',
    'Сроки расследования прерваны: действия ограничены, кроме разрешённых УПК.',
    'The investigation terms are interrupted: actions are restricted except those the CPC allows.'),
  NOT_SUSPENDED: R('001 ¶19',
    'Мерзімдер үзілмеген.',
    'Сроки не прерваны.',
    'The terms are not interrupted.'),
  CASE_INACTIVE_FOR_SENDER: R('001 ¶21',
    'Іс тергеулігі бойынша жіберілді және жіберуші орган үшін қолжетімсіз.',
    'Дело направлено по подследственности и недоступно направившему органу.',
    'The case was sent by jurisdiction and is inactive for the sending body.'),
  NOT_TRANSFERRED: R('001 ¶21',
    'Іс тергеулігі бойынша жіберілмеген.',
    'Дело не направлялось по подследственности.',
    'The case has not been sent by jurisdiction.'),
  SAME_BODY: R('001 ¶21',
    'Іс осы органның өндірісінде.',
    'Дело уже в производстве этого органа.',
    'The case is already with this body.'),
  UNKNOWN_BODY: R('001 ¶21',
    'Қабылдаушы орган анықтамалықта жоқ.',
    'Принимающий орган отсутствует в справочнике.',
    'The receiving body is not in the dictionary.'),
  AWAITING_PROSECUTOR_REVIEW: R('001 ¶20',
    'Іс тоқтатылды және прокурордың заңдылықты тексеруінде.',
    'Дело прекращено и находится на проверке законности у прокурора.',
    'The case is terminated and awaits the prosecutor’s legality review.'),
  NO_TERMINATION_PENDING: R('001 ¶20',
    'Тексерілетін тоқтату туралы шешім жоқ.',
    'Нет решения о прекращении, ожидающего проверки.',
    'There is no termination awaiting review.'),
  CASE_ARCHIVED: R('001 ¶20',
    'Іс мұрағатталды.',
    'Дело архивировано.',
    'The case is archived.'),
  NOT_SUPERVISING_PROSECUTOR: R('001 ¶20, ¶30',
    'Тоқтатудың заңдылығын істі қадағалайтын прокурор тексереді.',
    'Законность прекращения проверяет надзирающий по делу прокурор.',
    'The legality of a termination is reviewed by the prosecutor supervising the case.'),
  CASE_SENT_TO_COURT: R('001 ¶29',
    'Іс сотқа жіберілді.',
    'Дело направлено в суд.',
    'The case has been sent to court.'),
  COURT_NEEDS_ELECTRONIC: R('001 ¶29',
    '«Төрелік» арқылы тек электрондық қылмыстық іс жіберіледі.',
    'Через «Төрелік» направляется только электронное уголовное дело.',
    'Only an electronic case is sent through «Төрелік».'),
  UNSCANNED_PAPER: R('001 ¶6, ¶14, ¶16',
    'Қағаз құжаттардың PDF көшірмелері әлі қосылмаған.',
    'PDF-копии бумажных документов ещё не приобщены.',
    'Paper documents still lack their PDF copies in the case.'),
  CASE_JOINED_INTO_ANOTHER: R('001 ¶17',
    'Іс басқа іспен біріктірілді.',
    'Дело соединено с другим делом.',
    'The case has been joined into another case.'),
  JOIN_WITH_ITSELF: R('001 ¶17',
    'Істі өзімен біріктіруге болмайды.',
    'Нельзя соединить дело с самим собой.',
    'A case cannot be joined with itself.'),
  ALREADY_JOINED: R('001 ¶17',
    'Бұл іс бұрын біріктірілген.',
    'Это дело уже соединено.',
    'That case has already been joined.'),
  NO_SUCH_JOIN: R('001 ¶17',
    'Мұндай біріктіру туралы қаулы жоқ немесе ол орындалды.',
    'Такого постановления о соединении нет или оно уже исполнено.',
    'There is no such joining resolution, or it has been carried out.'),
  INVALID_ERDR_NUMBER: R('001 ¶3.1',
    'СДТБТ нөмірі 15 цифрдан тұрады.',
    'Номер ЕРДР состоит из 15 цифр.',
    'An ERDR number has 15 digits.'),
  UNKNOWN_ROLE: R('001 ¶10, ¶26',
    'Мұндай процестік мәртебе жоқ.',
    'Такого процессуального статуса нет.',
    'There is no such procedural status.'),
  INVALID_IIN: R('001 ¶26',
    'ЖСН дұрыс емес.',
    'ИИН указан неверно.',
    'The IIN is not valid.'),
  PARTICIPANT_EXISTS: R('001 ¶26',
    'Бұл тұлға осы мәртебемен қосылған.',
    'Это лицо уже добавлено с этим статусом.',
    'This person already takes part with this status.'),
  UNKNOWN_PARTICIPANT: R('001 ¶26',
    'Іске мұндай қатысушы жоқ.',
    'Такого участника в деле нет.',
    'There is no such participant in the case.'),
  MARK_NOT_APPLICABLE: R('000 §4.9',
    'Белгі тек күдіктінің не айыпталушының қорғаушысына немесе өкіліне қойылады.',
    'Отметка ставится только защитнику или представителю подозреваемого либо обвиняемого.',
    'Only a defender or representative of a suspect or accused carries the mark.'),
  MARK_NAMES_NO_SUSPECT: R('000 §4.9',
    'Белгіде осы істің күдіктісі не айыпталушысы көрсетілуі тиіс.',
    'В отметке должен быть указан подозреваемый или обвиняемый по этому делу.',
    'The mark must name a suspect or accused of this case.'),
  UNKNOWN_DOCUMENT: R('000 §4.9, 001 ¶26',
    'Істе мұндай құжат жоқ немесе құжаттар таңдалмаған.',
    'Таких документов в деле нет или документы не выбраны.',
    'No documents were chosen, or the case has no such document.'),
  NO_LETTER_DUE: R('001 ¶24',
    'Бұл қатысушыға қағаз хат дайындалмаған.',
    'Бумажное письмо этому участнику не готовилось.',
    'No paper letter was prepared for this participant.'),
  UNKNOWN_OBLIGATION: R('001 ¶11, ¶14, ¶16',
    'Мұндай ашық міндеттеме жоқ.',
    'Такой открытой обязанности нет.',
    'There is no such open obligation.'),
  OBLIGATION_NEEDS_SCAN: R('001 ¶14',
    'Қағаз құжат міндеттемесі тек оның PDF көшірмесімен орындалады.',
    'Обязанность по бумажному документу исполняется только его PDF-копией.',
    'A paper document’s obligation is met only by its PDF scan.'),
  INVALID_DOCUMENT: R('001 ¶3.6, ¶13',
    'Құжат түрі, атауы немесе SHA-256 хэші дұрыс емес.',
    'Неверный вид документа, название или хэш SHA-256.',
    'The document kind, title or SHA-256 hash is not valid.'),
  PAPER_DOCUMENT_EXISTS: R('001 ¶14',
    'Мұндай нөмірлі қағаз құжат тіркелген.',
    'Бумажный документ с таким номером уже зарегистрирован.',
    'A paper document with this id is already registered.'),
  INVALID_TIME: R('001 ¶22',
    'Жағдайдың басталу уақыты дұрыс емес немесе болашақта.',
    'Время начала ситуации неверно или находится в будущем.',
    'The onset time is not valid or lies in the future.'),
  ACTION_IN_PROGRESS: R('001 ¶8',
    'Осы іс бойынша басқа процестік шешім ресімделуде.',
    'По делу оформляется другое процессуальное решение.',
    'Another procedural decision on this case is being recorded.'),
} satisfies Record<string, { source: string; message: LocalisedText }>;

export type RefusalCode = keyof typeof REFUSALS;

export function refusal(code: RefusalCode): Refusal {
  return { code, ...REFUSALS[code] };
}

// ---------------------------------------------------------------------------------------------
// Requests (the workflow's updates take these)

export interface ResolveFormatRequest { format: CaseFormat; language?: 'kk' | 'ru'; officialIin: string }
export interface AttachDocumentRequest { kind: AttachableKind; sha256: string; title: string; obligationKey?: string; officialIin: string }
export interface RegisterPaperDocumentRequest { id: string; title: string; origin: PaperOrigin; createdAt: string; officialIin: string }
export interface AddParticipantRequest { iin: string; fullName: string; role: ParticipantRole; contact?: ParticipantContact; represents?: string; officialIin: string }
/** 000 §4.9, 001 ¶26: the conducting official opens (or withdraws) case documents to a participant. */
export interface MaterialAccessRequest { iin: string; documentIds: string[]; officialIin: string }
export interface ConfirmParticipantRequest { iin: string; officialIin: string }
export interface ReportSituationRequest { kind?: 'OUTAGE' | 'EMERGENCY'; startedAt: string; officialIin: string }
export interface SwitchToPaperRequest { ground: SwitchGround; reasoning: string; urgentActions?: boolean; officialIin: string }
export interface JoinCasesRequest { joinedErdr: string; joinedFormat: CaseFormat; format: CaseFormat; paperMaterials?: { id: string; title: string }[]; officialIin: string }
export interface TransferRequest { toBodyCode: string; reason: string; officialIin: string }
export interface SendToCourtRequest { court: string; byIin: string; by: 'official' | 'prosecutor' }
export interface ReviewTerminationRequest { lawful: boolean; prosecutorIin: string; reasoning?: string }

/** Everything the case can be asked to do. */
export type CaseAction =
  | 'resolveFormat' | 'assignProsecutor' | 'addParticipant' | 'confirmParticipant' | 'confirmLetterSent'
  | 'attachDocument' | 'registerPaperDocument' | 'produceInventory' | 'reportSituation' | 'switchToPaper'
  | 'confirmPrintPackage' | 'joinCases' | 'completeJoin' | 'separate' | 'suspend' | 'resume' | 'transfer'
  | 'acceptTransfer' | 'sendToCourt' | 'terminate' | 'reviewTermination' | 'grantMaterialAccess' | 'revokeMaterialAccess';

/**
 * ¶19 leaves open which actions stay allowed while the terms are interrupted ("except as the CPC
 * allows"). [I] Kept: resuming, the supervision (¶27), finishing duties already running (scans
 * due, letters due, a switch or a join under way), recording incoming paper (¶14) and the
 * inventory. Everything else waits for the resumption.
 */
export const ALLOWED_WHILE_SUSPENDED: readonly CaseAction[] = [
  'resume', 'assignProsecutor', 'confirmLetterSent', 'registerPaperDocument', 'produceInventory', 'reportSituation',
  'confirmPrintPackage', 'completeJoin', 'attachDocument', 'grantMaterialAccess', 'revokeMaterialAccess',
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
  if (s.status === 'REGISTERED' && ['assignProsecutor', 'addParticipant', 'confirmParticipant', 'attachDocument', 'registerPaperDocument', 'produceInventory', 'reportSituation', 'grantMaterialAccess', 'revokeMaterialAccess'].includes(action)) return undefined;
  // A case on its way to another body can still be taken by it (¶21), and supervision goes on.
  if (s.status === 'TRANSFERRED_OUT' && (action === 'acceptTransfer' || action === 'assignProsecutor')) return undefined;
  if (s.status === 'TERMINATION_REVIEW' && action === 'reviewTermination') return undefined;
  return STATUS_REFUSAL[s.status];
}

const SHA256 = /^[0-9a-f]{64}$/;
const ERDR = /^\d{15}$/;

export const openObligation = (s: CaseState, key: string) => s.obligations.find((o) => o.key === key && !o.metAt && !o.cancelledAt);
export const switchPending = (s: CaseState) => s.formatChanges.some((c) => c.to === 'PAPER' && c.from === 'ELECTRONIC' && !c.executedAt);

/**
 * The rules of 001 as one function: the refusal for `action` with `request` on the case as it
 * stands at `nowMs`, or undefined when the action is allowed. The workflow's update validators
 * call it, so a refused request changes nothing and leaves no trace in the history.
 */
export function checkAction(s: CaseState, action: CaseAction, request: any, nowMs: number): Refusal | undefined {
  const code = checkCode(s, action, request ?? {}, nowMs);
  return code ? refusal(code) : undefined;
}

function checkCode(s: CaseState, action: CaseAction, q: any, nowMs: number): RefusalCode | undefined {
  // Format decisions have their own, more telling refusals than the status.
  if (action === 'resolveFormat') {
    if (s.format === 'PAPER' && q.format === 'ELECTRONIC') return 'PAPER_TO_ELECTRONIC_FORBIDDEN';
    if (s.format === 'ELECTRONIC' && q.format === 'PAPER') return 'SWITCH_NEEDS_REASONED_RESOLUTION';
    if (s.format) return 'FORMAT_ALREADY_RESOLVED';
    if (s.status !== 'REGISTERED') return STATUS_REFUSAL[s.status] ?? 'FORMAT_ALREADY_RESOLVED';
    if (!(CASE_FORMATS as readonly string[]).includes(q.format)) return 'FORMAT_NOT_RESOLVED';
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
      if (!(PARTICIPANT_ROLES as readonly string[]).includes(q.role)) return 'UNKNOWN_ROLE';
      if (!isValidIin(String(q.iin ?? ''))) return 'INVALID_IIN';
      if (s.participants.some((p) => p.iin === q.iin && p.role === q.role)) return 'PARTICIPANT_EXISTS';
      // 000 §4.9 (4), (5): the mark names a suspect or accused of this case, and only a defender or representative carries one.
      if (q.represents !== undefined) {
        if (!ACTING_FOR_ROLES.includes(q.role)) return 'MARK_NOT_APPLICABLE';
        if (!s.participants.some((p) => p.id === q.represents && DEFENDED_ROLES.includes(p.role))) return 'MARK_NAMES_NO_SUSPECT';
      }
      return undefined;
    case 'confirmParticipant':
      return s.participants.some((p) => p.iin === q.iin) ? undefined : 'UNKNOWN_PARTICIPANT';
    case 'grantMaterialAccess':
    case 'revokeMaterialAccess': {
      if (!s.participants.some((p) => p.iin === q.iin)) return 'UNKNOWN_PARTICIPANT';
      const ids: unknown[] = Array.isArray(q.documentIds) ? q.documentIds : [];
      if (ids.length === 0 || ids.some((id) => !s.documents.some((d) => d.id === id))) return 'UNKNOWN_DOCUMENT';
      return undefined;
    }
    case 'confirmLetterSent': {
      const p = s.participants.filter((x) => x.iin === q.iin);
      if (p.length === 0) return 'UNKNOWN_PARTICIPANT';
      return p.some((x) => x.letterId && openObligation(s, `case.participantsInformed:${x.id}`)) ? undefined : 'NO_LETTER_DUE';
    }
    case 'attachDocument': {
      if (!(ATTACHABLE_KINDS as readonly string[]).includes(q.kind) || !SHA256.test(String(q.sha256 ?? '')) || !String(q.title ?? '').trim()) return 'INVALID_DOCUMENT';
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
      if (!String(q.id ?? '').trim() || !String(q.title ?? '').trim() || !(PAPER_ORIGINS as readonly string[]).includes(q.origin) || Number.isNaN(Date.parse(q.createdAt))) return 'INVALID_DOCUMENT';
      if (s.paperDocuments.some((d) => d.id === q.id)) return 'PAPER_DOCUMENT_EXISTS';
      // While suspended, only what reaches the official on paper is still recorded (¶14, ¶19).
      if (s.status === 'SUSPENDED' && q.origin !== 'incoming') return 'CASE_SUSPENDED';
      return undefined;
    case 'switchToPaper': {
      if (!(SWITCH_GROUNDS as readonly string[]).includes(q.ground)) return 'SWITCH_GROUND_NOT_LISTED';
      if (!String(q.reasoning ?? '').trim()) return 'REASONED_RESOLUTION_REQUIRED';
      if (SITUATION_GROUNDS.includes(q.ground)) {
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
      if (!(CASE_FORMATS as readonly string[]).includes(q.format) || !(CASE_FORMATS as readonly string[]).includes(q.joinedFormat)) return 'FORMAT_NOT_RESOLVED';
      if (switchPending(s)) return 'SWITCH_IN_PROGRESS';
      return undefined;
    case 'completeJoin':
      return s.joined.some((j) => j.erdrNumber === q.joinedErdr && !j.completedAt) ? undefined : 'NO_SUCH_JOIN';
    case 'reportSituation': {
      const at = Date.parse(q.startedAt);
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

// ---------------------------------------------------------------------------------------------
// Access (¶21, ¶26, ¶30–33), for the API

export interface CaseUser {
  iin: string;
  roles: readonly Role[];
  /** The body the official works in (role grants are per body). */
  bodyCode?: string;
  /** ¶30: officials whose proceedings this user supervises as their head. */
  subordinateIins?: readonly string[];
  /** ¶31: ERDR numbers of cases whose investigative or operational group the user belongs to. */
  groupCases?: readonly string[];
  /** ¶33: body codes under the user's departmental control (a region's or the centre's apparatus). */
  controlledBodyCodes?: readonly string[];
  /** ¶30: cases where the user is designated process prosecutor. */
  processProsecutorCases?: readonly string[];
}

export type AccessLevel = 'conduct' | 'supervise' | 'control' | 'public' | 'none';

export interface AccessDecision {
  level: AccessLevel;
  source: string;
}

/**
 * Who may open a case. The conducting official and their heads work in it (¶30); group members
 * too (¶31); the prosecutor only when supervising it or designated process prosecutor (¶30);
 * heads and curators doing departmental control see it (¶33); participants with confirmed status
 * see their part through the Public Sector (¶26). After a transfer by jurisdiction the sending
 * body loses access (¶21). [I] Read versus write for ¶33 is not specified: "control" is read.
 */
export function canAccess(user: CaseUser, c: Pick<CaseState, 'erdrNumber' | 'bodyCode' | 'officialIin' | 'prosecutorIin' | 'participants' | 'status' | 'transfers'>): AccessDecision {
  const has = (r: Role) => user.roles.includes(r);
  if (has('prosecutor') && (user.iin === c.prosecutorIin || user.processProsecutorCases?.includes(c.erdrNumber))) {
    return { level: 'supervise', source: '001 ¶30' };
  }
  const official = has('investigator') || has('head');
  const inCaseBody = user.bodyCode === c.bodyCode;
  const active = c.status !== 'TRANSFERRED_OUT';
  if (official && inCaseBody && active) {
    if (user.iin === c.officialIin) return { level: 'conduct', source: '001 ¶30' };
    if (has('head') && user.subordinateIins?.includes(c.officialIin)) return { level: 'conduct', source: '001 ¶30' };
  }
  if (official && active && user.groupCases?.includes(c.erdrNumber)) return { level: 'conduct', source: '001 ¶31' };
  if (has('head') && user.controlledBodyCodes?.includes(c.bodyCode)) return { level: 'control', source: '001 ¶33' };
  if (c.participants.some((p) => p.iin === user.iin && p.confirmedAt)) return { level: 'public', source: '001 ¶26' };
  // The sending body's people are named here so the API can say why (¶21).
  if (official && c.transfers.some((t) => t.fromBodyCode === user.bodyCode)) return { level: 'none', source: '001 ¶21' };
  return { level: 'none', source: '001 ¶30' };
}

/**
 * The case documents open to the participant with this IIN (000 §4.9, 001 ¶26): the grants and
 * withdrawals of familiarisation in the order the official made them, so a document withdrawn
 * and granted again is open.
 */
export function documentsOpenTo(s: Pick<CaseState, 'documents' | 'materialAccess'>, iin: string): CaseDocument[] {
  const open = new Set<string>();
  for (const g of s.materialAccess ?? []) {
    if (g.iin !== iin) continue;
    for (const id of g.documentIds) (g.revoke ? open.delete(id) : open.add(id));
  }
  return s.documents.filter((d) => open.has(d.id));
}

// ---------------------------------------------------------------------------------------------
// The timeline (who did what, when; which deadline was met or missed)

export interface TimelineEntry {
  at: string;
  by: string;
  what: string;
  source?: string;
  note?: string;
  deadline?: { key: string; outcome: 'reminded' | 'breached' | 'met' | 'late' | 'cancelled'; dueAt: string };
}

/** The events and the deadline outcomes in time order. */
export function buildTimeline(events: readonly CaseEvent[], deadlines: readonly DeadlineRecord[]): TimelineEntry[] {
  const entries: TimelineEntry[] = events.map((e) => ({ at: e.at, by: e.by, what: e.action, source: e.source, note: e.note }));
  for (const d of deadlines) {
    const add = (at: string | undefined, outcome: NonNullable<TimelineEntry['deadline']>['outcome']) => {
      if (at) entries.push({ at, by: 'system', what: `deadline.${outcome}`, deadline: { key: d.key, outcome, dueAt: d.dueAt } });
    };
    add(d.remindedAt, 'reminded');
    add(d.breachedAt, 'breached');
    if (d.state === 'met' || d.state === 'late') add(d.completedAt, d.state);
  }
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
