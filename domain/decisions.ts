// Decisions taken in a criminal case and their materials («Қылмыстық іс бойынша қабылданған
// шешімдер туралы мәліметтер және оларға материалдар», 000 §4.9; 001 ¶26): a participant enters a
// 15-digit ERDR number and gets the case's procedural decisions and the documents the official
// opened to them. Deterministic and free of I/O: who may ask (the five situations of 000 §4.9,
// confirmed by the official, A:11), which decisions the case holds, and the refusals in kk/ru/en.
// The case workflow (workflows/ecase.ts) is the truth; the API (api/decisions.ts) reads it.
import { z } from 'zod';
import { ACTING_FOR_ROLES, caseDocumentSchema, caseStatusSchema, DEFENDED_ROLES, type CaseState, type Participant, type ParticipantRole } from './ecase';
import { bodyCodeString, dateTimeString, iinString, localisedText, registerNumber } from './contract';
import { isValidIin } from './iin';
import type { LocalisedText } from './notification-templates';

/** 000 §7.5: the number is entered as 15 digits. */
export const erdrNumberParam = z.object({ erdr: z.string().regex(/^\d{15}$/, 'the 15-digit ERDR number expected') });

// ---------------------------------------------------------------------------------------------
// Who may ask: the five situations of 000 §4.9 [M:592-598]

export const ACCESS_BASES = [
  'APPLICANT', // (1) filed the crime report on which «СТБТ-да тіркеу» was decided
  'VICTIM', // (2) the ERDR holds a victim form for them
  'SUSPECT_OR_ACCUSED', // (3) the ERDR holds a suspect/accused form for them
  'DEFENDER', // (4) lawyer of a suspect/accused, with the ERDR's mark
  'REPRESENTATIVE_OR_FIGURANT', // (5) representative (with the mark) or figurant
] as const;
export type AccessBasis = (typeof ACCESS_BASES)[number];

export const ACCESS_BASIS_LABELS: Record<AccessBasis, LocalisedText> = {
  APPLICANT: {
    kk: 'Арызы СДТБТ-да тіркелген арыз беруші',
    ru: 'Заявитель, по заявлению которого принято решение о регистрации в ЕРДР',
    en: 'Applicant whose report was registered in the ERDR',
  },
  VICTIM: { kk: 'Жәбірленуші', ru: 'Потерпевший', en: 'Victim' },
  SUSPECT_OR_ACCUSED: { kk: 'Күдікті / айыпталушы', ru: 'Подозреваемый / обвиняемый', en: 'Suspect or accused' },
  DEFENDER: { kk: 'Күдіктінің / айыпталушының қорғаушысы', ru: 'Защитник подозреваемого / обвиняемого', en: 'Defender of the suspect or accused' },
  REPRESENTATIVE_OR_FIGURANT: { kk: 'Өкіл немесе фигурант', ru: 'Представитель или фигурант', en: 'Representative or figurant' },
};

/** The situation a participant's status puts them in, if any; `MARK_MISSING` for a defender or representative without the ERDR's mark. */
export function situationOf(p: Participant, all: readonly Participant[]): AccessBasis | 'MARK_MISSING' | undefined {
  const marked = () => !!p.represents && all.some((x) => x.id === p.represents && DEFENDED_ROLES.includes(x.role));
  switch (p.role as ParticipantRole) {
    case 'applicant':
      return 'APPLICANT';
    case 'victim':
      return 'VICTIM';
    case 'suspect':
    case 'accused':
      return 'SUSPECT_OR_ACCUSED';
    case 'defender':
      return marked() ? 'DEFENDER' : 'MARK_MISSING';
    case 'figurant':
      return 'REPRESENTATIVE_OR_FIGURANT';
    default:
      if (ACTING_FOR_ROLES.includes(p.role)) return marked() ? 'REPRESENTATIVE_OR_FIGURANT' : 'MARK_MISSING';
      // Witnesses, experts, specialists, translators, civil parties: not among the five.
      return undefined;
  }
}

export const DECISIONS_REFUSALS = {
  // One answer for "no such case" and "not yours": a stranger learns nothing about the number.
  NOT_A_PARTICIPANT: {
    status: 404,
    source: '000 §4.9',
    message: {
      kk: 'Бұл нөмірмен сіз қатысушы болып табылатын қылмыстық іс табылмады.',
      ru: 'Уголовное дело с этим номером, в котором вы являетесь участником, не найдено.',
      en: 'No criminal case with this number lists you as a participant.',
    },
  },
  // Said only to the applicant whose own report was registered under this number: they know it exists.
  NO_SUCH_CASE: {
    status: 404,
    source: '000 §4.9 [M:600]',
    message: {
      kk: 'Бұл нөмірмен электрондық қылмыстық іс әзірге жүргізілмейді.',
      ru: 'Электронное уголовное дело с этим номером пока не ведётся.',
      en: 'No electronic criminal case is kept under this number yet.',
    },
  },
  STATUS_NOT_CONFIRMED: {
    status: 403,
    source: '000 §2.3 [A:11], 001 ¶26',
    message: {
      kk: 'Сіздің іс жүргізу мәртебеңізді сотқа дейінгі тергеп-тексеруді жүргізуші тұлға әлі растаған жоқ.',
      ru: 'Ваш процессуальный статус ещё не подтверждён лицом, осуществляющим досудебное расследование.',
      en: 'The official conducting the investigation has not yet confirmed your procedural status.',
    },
  },
  MARK_MISSING: {
    status: 403,
    source: '000 §4.9 (4), (5)',
    message: {
      kk: 'СДТБТ-да сіздің күдіктінің не айыпталушының қорғаушысы немесе өкілі екеніңіз туралы белгі жоқ.',
      ru: 'В ЕРДР нет отметки о том, что вы защитник или представитель подозреваемого либо обвиняемого.',
      en: 'The ERDR carries no mark that you are the defender or representative of the suspect or accused.',
    },
  },
  STATUS_NOT_ELIGIBLE: {
    status: 403,
    source: '000 §4.9',
    message: {
      kk: 'Сіздің іс жүргізу мәртебеңіз бұл қызметке қол жеткізу құқығын бермейді (арыз беруші, жәбірленуші, күдікті/айыпталушы, олардың қорғаушысы, өкіл немесе фигурант).',
      ru: 'Ваш процессуальный статус не даёт доступа к этой услуге (заявитель, потерпевший, подозреваемый/обвиняемый, их защитник, представитель или фигурант).',
      en: 'Your procedural status does not open this service (applicant, victim, suspect/accused, their defender, representative or figurant).',
    },
  },
  MATERIAL_NOT_GRANTED: {
    status: 404,
    source: '000 §2.3 [A:25], 001 ¶26',
    message: {
      kk: 'Бұл құжатпен танысу құқығы сізге берілмеген.',
      ru: 'Право на ознакомление с этим документом вам не предоставлено.',
      en: 'You have not been granted familiarisation with this document.',
    },
  },
  NO_MATERIALS_GRANTED: {
    status: 404,
    source: '000 §2.3 [A:25], 001 ¶26',
    message: {
      kk: 'Сізге танысуға бірде-бір құжат берілмеген.',
      ru: 'Вам не предоставлено для ознакомления ни одного документа.',
      en: 'No document has been opened to you for familiarisation.',
    },
  },
} as const satisfies Record<string, { status: number; source: string; message: LocalisedText }>;
export type DecisionsRefusalCode = keyof typeof DECISIONS_REFUSALS;

export type AccessVerdict =
  { allowed: true; bases: AccessBasis[] } | { allowed: false; refusal: Exclude<DecisionsRefusalCode, 'MATERIAL_NOT_GRANTED' | 'NO_MATERIALS_GRANTED'> };

/**
 * Whether the person with `iin` may read the case's decisions (000 §4.9): in one of the five
 * situations, and only once the official confirmed the status (A:11). `reportRegistered`: the
 * person's own crime report was registered in the ERDR as this case — situation (1), where the
 * official's registration decision on that very report is the confirmation.
 * The most telling refusal wins: unconfirmed, then a missing mark, then a status not among the five.
 */
export function decisionsAccess(state: Pick<CaseState, 'participants'> | undefined, iin: string, reportRegistered: boolean): AccessVerdict {
  if (!state) return { allowed: false, refusal: reportRegistered ? 'NO_SUCH_CASE' : 'NOT_A_PARTICIPANT' };
  const bases = new Set<AccessBasis>(reportRegistered ? ['APPLICANT'] : []);
  const mine = state.participants.filter((p) => p.iin === iin);
  let unconfirmed = false;
  let markMissing = false;
  for (const p of mine) {
    const situation = situationOf(p, state.participants);
    if (situation === 'MARK_MISSING') markMissing = true;
    else if (situation && p.confirmedAt) bases.add(situation);
    else if (situation) unconfirmed = true;
  }
  if (bases.size > 0) return { allowed: true, bases: ACCESS_BASES.filter((b) => bases.has(b)) };
  if (mine.length === 0) return { allowed: false, refusal: 'NOT_A_PARTICIPANT' };
  if (unconfirmed) return { allowed: false, refusal: 'STATUS_NOT_CONFIRMED' };
  if (markMissing) return { allowed: false, refusal: 'MARK_MISSING' };
  return { allowed: false, refusal: 'STATUS_NOT_ELIGIBLE' };
}

// ---------------------------------------------------------------------------------------------
// The decisions a case holds (001 ¶10, ¶17–¶22, ¶29: each procedural decision the case records)

export const DECISION_TYPES = [
  'REGISTERED_IN_ERDR',
  'FORMAT_RESOLVED',
  'FORMAT_CHANGED',
  'SUSPENDED',
  'RESUMED',
  'TRANSFERRED',
  'ACCEPTED_BY_JURISDICTION',
  'JOINED',
  'SEPARATED',
  'TERMINATED',
  'TERMINATION_UPHELD',
  'TERMINATION_CANCELLED',
  'SENT_TO_COURT',
] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export const DECISION_TYPE_LABELS: Record<DecisionType, LocalisedText> = {
  REGISTERED_IN_ERDR: { kk: 'СДТБТ-да тіркеу', ru: 'Регистрация в ЕРДР', en: 'Registration in the ERDR' },
  FORMAT_RESOLVED: { kk: 'Іс жүргізу форматы туралы қаулы', ru: 'Постановление о формате производства', en: 'Resolution on the format of proceedings' },
  FORMAT_CHANGED: { kk: 'Іс жүргізу форматын өзгерту', ru: 'Изменение формата производства', en: 'Change of the format of proceedings' },
  SUSPENDED: { kk: 'Мерзімдерді үзу', ru: 'Прерывание сроков', en: 'Interruption of the terms' },
  RESUMED: { kk: 'Іс жүргізуді қайта бастау', ru: 'Возобновление производства', en: 'Resumption of proceedings' },
  TRANSFERRED: { kk: 'Тергеулігі бойынша жіберу', ru: 'Направление по подследственности', en: 'Transfer by jurisdiction' },
  ACCEPTED_BY_JURISDICTION: { kk: 'Істі өз өндірісіне қабылдау', ru: 'Принятие дела к своему производству', en: 'Case taken into proceedings' },
  JOINED: { kk: 'Істерді біріктіру', ru: 'Соединение уголовных дел', en: 'Joining of cases' },
  SEPARATED: { kk: 'Істі бөліп шығару', ru: 'Выделение уголовного дела', en: 'Separation of a case' },
  TERMINATED: { kk: 'Істі тоқтату', ru: 'Прекращение уголовного дела', en: 'Termination of the case' },
  TERMINATION_UPHELD: {
    kk: 'Прокурор тоқтатуды заңды деп таныды',
    ru: 'Прокурор признал прекращение законным',
    en: 'Termination found lawful by the prosecutor',
  },
  TERMINATION_CANCELLED: {
    kk: 'Прокурор тоқтату туралы қаулыны бұзды',
    ru: 'Прокурор отменил постановление о прекращении',
    en: 'Termination cancelled by the prosecutor',
  },
  SENT_TO_COURT: { kk: 'Сотқа жіберу', ru: 'Направление в суд', en: 'Sent to court' },
};

export interface CaseDecision {
  type: DecisionType;
  label: LocalisedText;
  at: string;
  /** The deciding body (000 §4.9: «Шешім қабылдаған орган»). */
  bodyCode: string;
  /** IIN of the deciding official; the API shows the name instead, never the IIN. */
  byIin: string;
  source: string;
  /** What was decided, where the decision names it (the format, the receiving body, the court…). */
  detail?: string;
}

/**
 * Every procedural decision of the case, oldest first, from the case's own record of them (the
 * state's lists, which survive continue-as-new whole — unlike the latest-events window).
 */
export function caseDecisions(s: CaseState): CaseDecision[] {
  // The body a decision was taken in: the registering body, then each accepted transfer's receiver.
  const firstBody = s.transfers[0]?.fromBodyCode ?? s.bodyCode;
  const bodyAt = (at: string) => {
    let body = firstBody;
    for (const t of s.transfers) if (t.acceptedAt && Date.parse(t.acceptedAt) <= Date.parse(at)) body = t.toBodyCode;
    return body;
  };
  const registeredBy =
    s.events.find((e) => e.action === 'case.registered' || e.action === 'case.registered_by_separation')?.by ?? s.transfers[0]?.by ?? s.officialIin;
  const out: CaseDecision[] = [
    {
      type: 'REGISTERED_IN_ERDR',
      label: DECISION_TYPE_LABELS.REGISTERED_IN_ERDR,
      at: s.registeredAt,
      bodyCode: firstBody,
      byIin: registeredBy,
      source: '001 ¶11',
      ...(s.separatedFrom && { detail: s.separatedFrom }),
    },
  ];
  const add = (type: DecisionType, at: string, byIin: string, source: string, detail?: string, bodyCode = bodyAt(at)) =>
    out.push({ type, label: DECISION_TYPE_LABELS[type], at, bodyCode, byIin, source, ...(detail !== undefined && { detail }) });

  for (const c of s.formatChanges) {
    if (c.basis === 'resolution') add('FORMAT_RESOLVED', c.at, c.by, '001 ¶10', c.to);
    else add('FORMAT_CHANGED', c.at, c.by, c.basis === 'joining' ? '001 ¶17' : '001 ¶22', `${c.from ?? ''} → ${c.to}`);
  }
  for (const x of s.suspensions) {
    add('SUSPENDED', x.at, x.by, '001 ¶19');
    if (x.resumedAt) add('RESUMED', x.resumedAt, x.resumedBy ?? s.officialIin, '001 ¶19');
  }
  for (const t of s.transfers) {
    add('TRANSFERRED', t.at, t.by, '001 ¶21', t.toBodyCode, t.fromBodyCode);
    if (t.acceptedAt) add('ACCEPTED_BY_JURISDICTION', t.acceptedAt, t.acceptedBy ?? s.officialIin, '001 ¶21', undefined, t.toBodyCode);
  }
  for (const j of s.joined) add('JOINED', j.at, j.by, '001 ¶17', j.erdrNumber);
  for (const x of s.separated) add('SEPARATED', x.at, x.by, '001 ¶18', x.erdrNumber);
  if (s.termination) {
    add('TERMINATED', s.termination.at, s.termination.by, '001 ¶20');
    const r = s.termination.review;
    if (r) add(r.lawful ? 'TERMINATION_UPHELD' : 'TERMINATION_CANCELLED', r.at, r.prosecutorIin, '001 ¶20');
  }
  if (s.court) add('SENT_TO_COURT', s.court.at, s.court.by, '001 ¶29', s.court.court);
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

// ---------------------------------------------------------------------------------------------
// The officials' side: familiarisation granted or withdrawn (000 §4.9, A:25)

export const materialAccessBody = z
  .object({
    iin: z.string().refine(isValidIin, 'the participant’s valid 12-digit IIN expected'),
    documentIds: z
      .array(z.string().regex(/^d\d{1,6}$/, 'a case document id such as d1 expected'))
      .min(1)
      .max(500),
  })
  .strict()
  .meta({ id: 'MaterialAccess', description: 'A participant (by IIN) and the case documents (`d1`…) to open or close.' });

/** What the audit chain records of each look at a case through this service (who, what, when, basis). */
export const ACCESS_JOURNAL_ACTIONS = ['decisions.viewed', 'decisions.refused', 'material.downloaded', 'materials.downloaded_all'] as const;
export type AccessJournalAction = (typeof ACCESS_JOURNAL_ACTIONS)[number];

// ---------------------------------------------------------------------------------------------
// The HTTP answers (api/decisions.ts, and the officials' grants and journal in api/ecase.ts)

/** 000 §4.9 (fig. 43): the decisions of a case and the documents opened to the caller. */
export const caseDecisionsSchema = z
  .object({
    erdrNumber: registerNumber,
    status: caseStatusSchema,
    statusLabel: localisedText,
    bases: z.array(z.object({ code: z.enum(ACCESS_BASES), label: localisedText })).meta({ description: 'The situations of 000 §4.9 the caller is in.' }),
    decisions: z
      .array(
        z.object({
          type: z.enum(DECISION_TYPES),
          label: localisedText,
          at: dateTimeString,
          decidingBody: z.object({ code: bodyCodeString, name: localisedText.nullable() }).meta({ description: '«Шешім қабылдаған орган».' }),
          officialName: z.string().nullable().meta({ description: 'Officials are named, never identified by IIN, to a participant.' }),
          source: z.string().meta({ description: 'The paragraph of 001 the decision follows.' }),
          detail: z.string().optional(),
        }),
      )
      .meta({ description: 'Oldest first.' }),
    materials: z.array(caseDocumentSchema.pick({ id: true, title: true, kind: true, addedAt: true, sha256: true })),
    retrievedAt: dateTimeString,
  })
  .meta({ id: 'CaseDecisions', description: '000 §4.9: the decisions of a case and the documents opened to the caller.' });

/** After a grant or a withdrawal: what the participant may now read. */
export const materialAccessResultSchema = z
  .object({ erdrNumber: registerNumber, iin: iinString, openDocumentIds: z.array(z.string()) })
  .meta({ id: 'MaterialAccessResult' });

/** One look at a case through the Public Sector, as the access journal shows it. */
export const caseAccessEntrySchema = z
  .object({
    at: dateTimeString,
    actor: iinString,
    actorName: z.string().nullable(),
    what: z.enum(ACCESS_JOURNAL_ACTIONS),
    basis: z.array(z.string()).meta({ description: 'The situations of 000 §4.9, or the refusal’s code.' }),
    documentIds: z.array(z.string()).optional(),
  })
  .meta({ id: 'CaseAccessEntry' });
