// The access data of 002 as transcribed (Annexes 1–3, checked against the counts the Rules give)
// and the query decision of §2.6 for every role of this system × every basis.
import { ANNEX_1_ROLES, ANNEX_2_SERVICES, ANNEX_3_ARTICLES, ANNEX_BASIS_ORDER } from '../../domain/query-annexes';
import { astanaTime } from '../../domain/astana-time';
import {
  annex3Allows,
  basisSchema,
  BASIS_LABELS,
  decideQuery,
  QUERY_BASES,
  refusalText,
  roleHasBasis,
  ROLE_TO_ANNEX_1,
  type QueryBasis,
  type StatedBasis,
} from '../../domain/official-query';
import { OFFICIAL_ROLES, type OfficialRole } from '../../domain/roles';

const count = (rows: readonly { cells: string }[], basis: QueryBasis, mark: string) =>
  rows.filter((r) => r.cells[ANNEX_BASIS_ORDER.indexOf(basis)] === mark).length;

test('Annex 1 has 25 roles, and as many per basis as the Rules give (002 §2.3)', () => {
  expect(ANNEX_1_ROLES.map((r) => r.row)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  expect(new Set(ANNEX_1_ROLES.map((r) => r.id)).size).toBe(25);
  const perBasis = Object.fromEntries(QUERY_BASES.map((b) => [b, count(ANNEX_1_ROLES, b, '+')]));
  expect(perBasis).toEqual({ CRIM: 17, ADM_COURT: 1, ADM_KPSSU: 16, CIVIL_COURT: 2, INITIAL_CHECK: 24, ENFORCEMENT: 2, SEARCH_CASE: 4 });
  expect(ANNEX_1_ROLES.filter((r) => roleHasBasis(r.id, 'ENFORCEMENT')).map((r) => r.id)).toEqual(['PROSECUTOR', 'BAILIFF']);
  expect(ANNEX_1_ROLES.filter((r) => !roleHasBasis(r.id, 'INITIAL_CHECK')).map((r) => r.id)).toEqual(['JUDGE']);
});

test('Annex 2 has 79 services with the marks the Rules give per basis (002 §2.4, §7)', () => {
  expect(ANNEX_2_SERVICES.map((s) => s.row)).toEqual(Array.from({ length: 79 }, (_, i) => i + 1));
  expect(Object.fromEntries(QUERY_BASES.map((b) => [b, count(ANNEX_2_SERVICES, b, '+')]))).toEqual({
    CRIM: 59,
    ADM_COURT: 53,
    ADM_KPSSU: 53,
    CIVIL_COURT: 53,
    INITIAL_CHECK: 13,
    ENFORCEMENT: 54,
    SEARCH_CASE: 55,
  });
  expect(count(ANNEX_2_SERVICES, 'CRIM', '3')).toBe(9);
  expect(ANNEX_2_SERVICES.filter((s) => s.cells.includes('M')).map((s) => s.row)).toEqual([6, 27]);
  expect(ANNEX_2_SERVICES.filter((s) => s.cells.includes('T')).map((s) => [s.row, s.cells])).toEqual([[11, '+TTTT++']]);
  expect(ANNEX_2_SERVICES.filter((s) => s.cells === '-------').map((s) => s.row)).toEqual([73, 74, 75, 76, 77, 78, 79]);
});

test('Annex 3 lists 75 provisions of 34 articles, 214–249 without 215 and 240 (002 §2.5)', () => {
  expect(ANNEX_3_ARTICLES).toHaveLength(75);
  const articles = [...new Set(ANNEX_3_ARTICLES.map((a) => a.article))];
  expect(articles).toHaveLength(34);
  expect(articles).not.toContain(215);
  expect(articles).not.toContain(240);
  expect(annex3Allows(214, 1)).toBe(true);
  expect(annex3Allows(215, 1)).toBe(false);
});

const person = { kind: 'PERSON', iin: '900101300011' } as const;
const bases: Record<QueryBasis, StatedBasis> = {
  CRIM: { basis: 'CRIM', erdrNumber: '261711303100001' },
  ADM_COURT: { basis: 'ADM_COURT', caseNumber: '7199-26-00-4/15', recordYear: 2026, court: 'Астана қаласының мамандандырылған әкімшілік соты' },
  ADM_KPSSU: { basis: 'ADM_KPSSU', caseNumber: '261711303000123' },
  CIVIL_COURT: { basis: 'CIVIL_COURT', caseNumber: '7194-26-00-2/88', recordYear: 2026, court: 'Сарыарқа аудандық соты' },
  INITIAL_CHECK: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' },
  ENFORCEMENT: { basis: 'ENFORCEMENT', enforcementNumber: '02-1234-26' },
  SEARCH_CASE: { basis: 'SEARCH_CASE', searchCaseNumber: 'ІІ-2026-77' },
};

// This system's roles × the seven bases, reading a person's records (Annex 2 row 16: every basis).
const EXPECTED: Record<OfficialRole, QueryBasis[]> = {
  prosecutor: ['CRIM', 'ADM_KPSSU', 'CIVIL_COURT', 'INITIAL_CHECK', 'ENFORCEMENT'],
  investigator: ['CRIM', 'ADM_KPSSU', 'INITIAL_CHECK'],
  operator: ['INITIAL_CHECK'],
  registry_officer: [],
  head: [],
  translator: [],
};

test.each(OFFICIAL_ROLES)('%s may query a person under exactly the bases Annex 1 gives its row', (role) => {
  for (const basis of QUERY_BASES) {
    const d = decideQuery({ role, basis: bases[basis], target: person });
    expect([basis, d.allowed]).toEqual([basis, EXPECTED[role].includes(basis)]);
    if (!d.allowed) expect(d.refusal.code).toBe(ROLE_TO_ANNEX_1[role] ? 'BASIS_NOT_FOR_ROLE' : 'ROLE_HAS_NO_QUERIES');
  }
});

test('a case is read only under the criminal-case basis that names it; a report also in the initial check', () => {
  const crim = bases.CRIM;
  expect(decideQuery({ role: 'investigator', basis: crim, target: { kind: 'CASE', erdrNumber: '261711303100001' } })).toMatchObject({
    allowed: true,
    service: 'erdr.case',
  });
  expect(decideQuery({ role: 'investigator', basis: crim, target: { kind: 'CASE', erdrNumber: '261711303100002' } })).toMatchObject({
    allowed: false,
    refusal: { code: 'BASIS_NAMES_ANOTHER_CASE' },
  });
  expect(decideQuery({ role: 'prosecutor', basis: bases.CIVIL_COURT, target: { kind: 'CASE', erdrNumber: '261711303100001' } })).toMatchObject({
    allowed: false,
    refusal: { code: 'SERVICE_NOT_UNDER_BASIS' },
  });
  expect(decideQuery({ role: 'operator', basis: bases.INITIAL_CHECK, target: { kind: 'REPORT', kuiNumber: '261711303000001' } })).toMatchObject({
    allowed: true,
    service: 'erdr.kui',
  });
  expect(decideQuery({ role: 'investigator', basis: bases.ADM_KPSSU, target: { kind: 'REPORT', kuiNumber: '261711303000001' } })).toMatchObject({
    allowed: false,
    refusal: { code: 'SERVICE_NOT_UNDER_BASIS' },
  });
});

test('each basis requires its own identifiers (002 §2.2)', () => {
  for (const b of Object.values(bases)) expect(basisSchema.safeParse(b).success).toBe(true);
  const refused = (v: unknown) => !basisSchema.safeParse(v).success;
  expect(refused({ basis: 'CRIM' })).toBe(true); // neither the ERDR number nor an international request
  expect(refused({ basis: 'CRIM', erdrNumber: '12345' })).toBe(true);
  expect(basisSchema.safeParse({ basis: 'CRIM', erdrNumber: '261711303100001', instructionOutgoingNumber: '3-2/145' }).success).toBe(true);
  expect(
    basisSchema.safeParse({
      basis: 'CRIM',
      internationalRequest: { outgoingNumber: '12/7', requestingBody: 'Генпрокуратура РФ', coverLetterOutgoingNumber: '2-15/99' },
    }).success,
  ).toBe(true);
  expect(refused({ basis: 'CRIM', internationalRequest: { outgoingNumber: '12/7', requestingBody: 'X body' } })).toBe(true);
  expect(refused({ basis: 'ADM_COURT', caseNumber: '7199', court: 'Сот' })).toBe(true); // no year of record (p.25)
  expect(refused({ basis: 'INITIAL_CHECK', justification: 'қысқа' })).toBe(true);
  expect(refused({ basis: 'ENFORCEMENT' })).toBe(true);
  expect(refused({ basis: 'SEARCH_CASE', searchCaseNumber: 'x', extra: 1 })).toBe(true);
});

test('refusals give their reason in Kazakh, Russian and English, naming the Annex 1 row', () => {
  const d = decideQuery({ role: 'investigator', basis: bases.ENFORCEMENT, target: person });
  if (d.allowed) throw new Error('expected a refusal');
  const text = refusalText(d.refusal);
  expect(text.en).toContain('row 4');
  expect(text.kk).toContain(BASIS_LABELS.ENFORCEMENT.kk);
  expect(text.ru).toContain(BASIS_LABELS.ENFORCEMENT.ru);
});

test('times are told in Astana time, UTC+5 (002 p.29)', () => {
  expect(astanaTime(new Date('2026-12-31T20:30:00.000Z'))).toBe('2027-01-01T01:30:00.000+05:00');
});
