// An official's information query (сұрау, 002 P4, §3.4): an official reads a case, a report of
// the KUI register or a person only by stating a basis (негіз, 002 §2.2) with the identifiers that
// basis needs; the role must have that basis in Annex 1 and the service must answer under it in
// Annex 2 (domain/query-annexes.ts); every query, refused or answered, and its result size go to
// the audit log (p.39), its times told in Astana time (p.29). The order of checks is 002 §2.6.
import { z } from 'zod';
import type { OfficialRole } from './roles';
import { ANNEX_1_ROLES, ANNEX_2_SERVICES, ANNEX_3_ARTICLES, ANNEX_BASIS_ORDER, type AnnexRole, type ServiceCell } from './query-annexes';

/** The seven bases of 002 §2.2 (column order of Annexes 1 and 2). */
export const QUERY_BASES = ['CRIM', 'ADM_COURT', 'ADM_KPSSU', 'CIVIL_COURT', 'INITIAL_CHECK', 'ENFORCEMENT', 'SEARCH_CASE'] as const;
export type QueryBasis = (typeof QUERY_BASES)[number];

type Labelled = { kk: string; ru: string; en: string; source: string };

export const BASIS_LABELS: Record<QueryBasis, Labelled> = {
  CRIM: { kk: 'Қылмыстық іс', ru: 'Уголовное дело', en: 'Criminal case', source: '002 p.21–22' },
  ADM_COURT: { kk: 'Әкімшілік іс (Сот)', ru: 'Административное дело (суд)', en: 'Administrative case (court)', source: '002 p.25' },
  ADM_KPSSU: { kk: 'Әкімшілік іс (ҚСжАЕК)', ru: 'Административное дело (КПСиСУ)', en: 'Administrative case (Committee)', source: '002 p.23' },
  CIVIL_COURT: { kk: 'Азаматтық іс (сот)', ru: 'Гражданское дело (суд)', en: 'Civil case (court)', source: '002 p.25' },
  INITIAL_CHECK: { kk: 'Бастапқы тексеру', ru: 'Первичная проверка', en: 'Initial check', source: '002 p.20' },
  ENFORCEMENT: {
    kk: 'Атқарушылық іс жүргізу (4-нысан)',
    ru: 'Исполнительное производство (форма 4)',
    en: 'Enforcement proceedings (form 4)',
    source: '002 p.27',
  },
  SEARCH_CASE: { kk: 'Іздестіру ісі', ru: 'Розыскное дело', en: 'Search case', source: '002 p.26' },
};

const caseNumber = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}\-/.]+$/u, 'letters, digits, - / .');
const erdrNumber = z.string().regex(/^\d{15}$/, 'the 15-digit ERDR number');
const recordYear = z.number().int().min(1991).max(2100);
const court = z.string().trim().min(2).max(200);

/** The identifiers each basis needs (002 §2.2), as the request states them. */
export const basisSchema = z.discriminatedUnion('basis', [
  // p.21–22: the ERDR number; executing an instruction adds its outgoing number (p.22 part 1); an
  // international legal-assistance request has no ERDR number but its own three identifiers (part 2).
  z
    .object({
      basis: z.literal('CRIM'),
      erdrNumber: erdrNumber.optional(),
      instructionOutgoingNumber: caseNumber.optional(),
      internationalRequest: z.object({ outgoingNumber: caseNumber, requestingBody: court, coverLetterOutgoingNumber: caseNumber }).strict().optional(),
    })
    .strict()
    .refine((b) => (b.erdrNumber ? !b.internationalRequest : !!b.internationalRequest && !b.instructionOutgoingNumber), {
      message: 'either the ERDR number (with the instruction’s outgoing number when executing one) or the international request (002 p.21–22)',
      path: ['erdrNumber'],
    }),
  z.object({ basis: z.literal('ADM_COURT'), caseNumber, recordYear, court }).strict(),
  z.object({ basis: z.literal('ADM_KPSSU'), caseNumber }).strict(),
  z.object({ basis: z.literal('CIVIL_COURT'), caseNumber, recordYear, court }).strict(),
  // p.20 names no identifier for the initial check (002 §9 item 2); the official states why.
  z.object({ basis: z.literal('INITIAL_CHECK'), justification: z.string().trim().min(10).max(1000) }).strict(),
  z.object({ basis: z.literal('ENFORCEMENT'), enforcementNumber: caseNumber }).strict(),
  z.object({ basis: z.literal('SEARCH_CASE'), searchCaseNumber: caseNumber }).strict(),
]);
export type StatedBasis = z.infer<typeof basisSchema>;

/** What is read: a case of the ERDR, a report of the KUI register, or a person's records. */
export const queryTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('CASE'), erdrNumber }).strict(),
  z.object({ kind: z.literal('REPORT'), kuiNumber: z.string().regex(/^\d{15}$/, 'the 15-digit KUI number') }).strict(),
  z.object({ kind: z.literal('PERSON'), iin: z.string().regex(/^\d{12}$/, 'the 12-digit IIN') }).strict(),
]);
export type QueryTarget = z.infer<typeof queryTargetSchema>;

export const officialQueryRequestSchema = z.object({ basis: basisSchema, target: queryTargetSchema }).strict();
export type OfficialQueryRequest = z.infer<typeof officialQueryRequestSchema>;

/**
 * The services of this system an official can query, and where each stands in Annex 2. The ERDR
 * register itself is not a row of Annex 2 (it is the operator's own system the Rules check
 * queries against, p.5): a case is read under the criminal-case basis that names it (p.21), a
 * report of the KUI register under that case or in the initial check that precedes it (p.20)
 * [derived]. A person's records are the «Арнайы есепке алу» special records (Annex 2 row 16).
 */
export const QUERY_SERVICES = {
  CASE: {
    id: 'erdr.case',
    kk: 'СДТБТ: қылмыстық іс',
    ru: 'ЕРДР: уголовное дело',
    en: 'ERDR: criminal case',
    cells: '+------',
    source: '002 p.5, p.21 [derived]',
  },
  REPORT: {
    id: 'erdr.kui',
    kk: 'КУИ кітабы: арыз',
    ru: 'Книга КУИ: заявление',
    en: 'KUI register: report',
    cells: '+---+--',
    source: '002 p.20, p.21 [derived]',
  },
  PERSON: {
    id: 'annex2.16',
    kk: ANNEX_2_SERVICES[15].kk,
    ru: '«Специальные учёты»',
    en: ANNEX_2_SERVICES[15].en,
    cells: ANNEX_2_SERVICES[15].cells,
    source: '002 A-2 row 16',
  },
} as const satisfies Record<QueryTarget['kind'], { id: string; kk: string; ru: string; en: string; cells: string; source: string }>;

/**
 * Which Annex 1 row each official role of this system holds. Investigators here are those of the
 * internal-affairs bodies (the bodies of the dictionaries are police and investigation
 * departments); the Committee operator administers the system (row 2). Registry officers, heads and
 * translators have no row of Annex 1 and send no queries [derived].
 */
export const ROLE_TO_ANNEX_1: Record<OfficialRole, AnnexRole['id'] | null> = {
  prosecutor: 'PROSECUTOR',
  operator: 'SYSTEM_ADMINISTRATOR',
  investigator: 'MVD_INVESTIGATOR',
  registry_officer: null,
  head: null,
  translator: null,
};

/** Annex 1 rows whose officials are internal-affairs (ІІМ) users, for the «Тек ІІМ» cells. */
const MVD_ROWS = new Set([
  'MVD_INVESTIGATOR',
  'MVD_INQUIRY_OFFICER',
  'ADMINISTRATIVE_POLICE',
  'CRIMINAL_POLICE',
  'DISTRICT_INSPECTOR',
  'JUVENILE_POLICE',
  'COUNTER_NARCOTICS',
  'ECONOMIC_CRIME',
  'INTERNAL_AFFAIRS_OPERATIONAL',
  'ORGANIZED_CRIME',
]);

export const annex1Role = (id: string) => ANNEX_1_ROLES.find((r) => r.id === id);
const column = (basis: QueryBasis) => ANNEX_BASIS_ORDER.indexOf(basis);

/** Annex 1: may this Annex 1 role query under the basis? */
export function roleHasBasis(roleId: string, basis: QueryBasis): boolean {
  return annex1Role(roleId)?.cells[column(basis)] === '+';
}

/** Annex 3: is the article (and part) one the МКК services answer for? */
export function annex3Allows(article: number, part?: number): boolean {
  return ANNEX_3_ARTICLES.some((a) => a.article === article && (a.part === null || a.part === part));
}

export type QueryRefusal =
  | { code: 'ROLE_HAS_NO_QUERIES'; role: OfficialRole }
  | { code: 'BASIS_NOT_FOR_ROLE'; annexRole: string; basis: QueryBasis }
  | { code: 'SERVICE_NOT_UNDER_BASIS'; service: string; basis: QueryBasis }
  | { code: 'SERVICE_MVD_ONLY'; service: string; basis: QueryBasis }
  | { code: 'ARTICLE_NOT_IN_ANNEX_3'; service: string }
  | { code: 'BASIS_NAMES_ANOTHER_CASE'; basis: QueryBasis };

export type QueryDecision = { allowed: true; annexRole: string; service: string; truncated: boolean } | { allowed: false; refusal: QueryRefusal };

/**
 * 002 §2.6 steps 3–5 for one role: role × basis (Annex 1), service × basis (Annex 2, with its
 * «Тек ІІМ», truncated and Annex 3 cells), and the basis naming what is read (the identifiers
 * themselves were checked by basisSchema). `article` is the criminal case's article, when known.
 */
export function decideQuery(opts: {
  role: OfficialRole;
  basis: StatedBasis;
  target: QueryTarget;
  article?: { article: number; part?: number };
}): QueryDecision {
  const annexRole = ROLE_TO_ANNEX_1[opts.role];
  if (!annexRole) return { allowed: false, refusal: { code: 'ROLE_HAS_NO_QUERIES', role: opts.role } };
  const basis = opts.basis.basis;
  if (!roleHasBasis(annexRole, basis)) return { allowed: false, refusal: { code: 'BASIS_NOT_FOR_ROLE', annexRole, basis } };
  const service = QUERY_SERVICES[opts.target.kind];
  const cell = service.cells[column(basis)] as ServiceCell;
  if (cell === '-') return { allowed: false, refusal: { code: 'SERVICE_NOT_UNDER_BASIS', service: service.id, basis } };
  if (cell === 'M' && !MVD_ROWS.has(annexRole)) return { allowed: false, refusal: { code: 'SERVICE_MVD_ONLY', service: service.id, basis } };
  if (cell === '3' && !(opts.article && annex3Allows(opts.article.article, opts.article.part)))
    return { allowed: false, refusal: { code: 'ARTICLE_NOT_IN_ANNEX_3', service: service.id } };
  // The case read under a criminal-case basis is the case the basis names (p.21; p.5 checks the
  // materials behind the query against that case).
  if (opts.target.kind === 'CASE' && opts.basis.basis === 'CRIM' && opts.basis.erdrNumber !== opts.target.erdrNumber) {
    return { allowed: false, refusal: { code: 'BASIS_NAMES_ANOTHER_CASE', basis } };
  }
  return { allowed: true, annexRole, service: service.id, truncated: cell === 'T' };
}

/** The reason of a refusal for the 403, in Kazakh, Russian and English. */
export function refusalText(r: QueryRefusal): { kk: string; ru: string; en: string } {
  switch (r.code) {
    case 'ROLE_HAS_NO_QUERIES':
      return {
        kk: 'Сіздің рөліңіз ҚАО ААЖ-ға сұрау жібере алмайды (1-қосымша)',
        ru: 'Ваша роль не может направлять запросы (приложение 1)',
        en: 'Your role sends no information queries (002 Annex 1)',
      };
    case 'BASIS_NOT_FOR_ROLE': {
      const role = annex1Role(r.annexRole)!;
      const b = BASIS_LABELS[r.basis];
      return {
        kk: `«${role.kk}» рөлі «${b.kk}» негізі бойынша сұрау жібере алмайды (1-қосымша, ${role.row}-жол)`,
        ru: `Роль «${role.en}» не может направлять запросы по основанию «${b.ru}» (приложение 1, строка ${role.row})`,
        en: `The role “${role.en}” may not query under the basis “${b.en}” (002 Annex 1, row ${role.row})`,
      };
    }
    case 'SERVICE_NOT_UNDER_BASIS':
      return {
        kk: `Бұл сервис «${BASIS_LABELS[r.basis].kk}» негізі бойынша жауап бермейді (2-қосымша)`,
        ru: `Этот сервис не отвечает по основанию «${BASIS_LABELS[r.basis].ru}» (приложение 2)`,
        en: `This service does not answer under the basis “${BASIS_LABELS[r.basis].en}” (002 Annex 2)`,
      };
    case 'SERVICE_MVD_ONLY':
      return {
        kk: 'Бұл негіз бойынша сервис тек ІІМ пайдаланушыларына қолжетімді (2-қосымша)',
        ru: 'По этому основанию сервис доступен только пользователям МВД (приложение 2)',
        en: 'Under this basis the service is for internal-affairs (MVD) users only (002 Annex 2)',
      };
    case 'ARTICLE_NOT_IN_ANNEX_3':
      return {
        kk: 'Сервис тек 3-қосымшадағы баптар бойынша қолжетімді',
        ru: 'Сервис доступен только по статьям приложения 3',
        en: 'The service answers only for the articles of 002 Annex 3',
      };
    case 'BASIS_NAMES_ANOTHER_CASE':
      return {
        kk: 'Негізде басқа қылмыстық іс көрсетілген',
        ru: 'В основании указано другое уголовное дело',
        en: 'The basis names another criminal case (002 p.21)',
      };
  }
}
