// Who may read a case's decisions (000 §4.9), which decisions a case holds, and which documents are
// open to a participant after grants and withdrawals — pure rules, no I/O.
import { caseDecisions, decisionsAccess } from '../../domain/decisions';
import { CASE_STATUS_LABELS, documentsOpenTo, type CaseState, type Participant } from '../../domain/ecase';
import { saveProfileBody } from '../../domain/profile';

const ME = '900101300123';
const p = (id: string, role: Participant['role'], over: Partial<Participant> = {}): Participant => ({
  id,
  iin: ME,
  fullName: 'Тест',
  role,
  contact: {},
  addedAt: '2026-01-01T00:00:00Z',
  addedBy: 'official',
  ...over,
});
const confirmed = { confirmedAt: '2026-01-02T00:00:00Z' };
const suspect = p('p1', 'suspect', { iin: '880202400456', ...confirmed });

const baseCase = (over: Partial<CaseState> = {}): CaseState => ({
  erdrNumber: '261234561000001',
  bodyCode: '711303',
  registeredAt: '2026-01-01T00:00:00Z',
  officialIin: 'OFF1',
  status: 'IN_PROCEEDINGS',
  statusLabel: CASE_STATUS_LABELS.IN_PROCEEDINGS,
  documents: ['d1', 'd2', 'd3'].map((id) => ({
    id,
    kind: 'generated' as const,
    title: id,
    sha256: id.repeat(32).slice(0, 64),
    addedAt: '2026-01-01T00:00:00Z',
    by: 'system',
  })),
  paperDocuments: [],
  participants: [],
  obligations: [],
  formatChanges: [],
  joined: [],
  separated: [],
  transfers: [],
  suspensions: [],
  events: [],
  deadlines: [],
  runs: 1,
  ...over,
});

test('the five situations open the service once confirmed; the refusals say why, the stranger learns nothing', () => {
  const access = (participants: Participant[], report = false) => decisionsAccess(baseCase({ participants }), ME, report);
  expect(access([])).toEqual({ allowed: false, refusal: 'NOT_A_PARTICIPANT' });
  expect(decisionsAccess(undefined, ME, false)).toEqual({ allowed: false, refusal: 'NOT_A_PARTICIPANT' });
  // Only the applicant whose report was registered under the number hears that no case is kept under it.
  expect(decisionsAccess(undefined, ME, true)).toEqual({ allowed: false, refusal: 'NO_SUCH_CASE' });
  expect(access([], true)).toEqual({ allowed: true, bases: ['APPLICANT'] });
  expect(access([p('p1', 'victim')])).toEqual({ allowed: false, refusal: 'STATUS_NOT_CONFIRMED' });
  expect(access([p('p1', 'victim', confirmed)])).toEqual({ allowed: true, bases: ['VICTIM'] });
  expect(access([p('p1', 'accused', confirmed)])).toEqual({ allowed: true, bases: ['SUSPECT_OR_ACCUSED'] });
  expect(access([suspect, p('p2', 'defender', confirmed)])).toEqual({ allowed: false, refusal: 'MARK_MISSING' });
  expect(access([suspect, p('p2', 'defender', { ...confirmed, represents: 'p1' })])).toEqual({ allowed: true, bases: ['DEFENDER'] });
  // A mark naming someone who is no suspect or accused is no mark.
  expect(access([p('p1', 'victim', { iin: '880202400456' }), p('p2', 'representative', { ...confirmed, represents: 'p1' })])).toEqual({
    allowed: false,
    refusal: 'MARK_MISSING',
  });
  expect(access([suspect, p('p2', 'legal_representative', { ...confirmed, represents: 'p1' })])).toEqual({
    allowed: true,
    bases: ['REPRESENTATIVE_OR_FIGURANT'],
  });
  expect(access([p('p1', 'figurant', confirmed)])).toEqual({ allowed: true, bases: ['REPRESENTATIVE_OR_FIGURANT'] });
  expect(access([p('p1', 'witness', confirmed)])).toEqual({ allowed: false, refusal: 'STATUS_NOT_ELIGIBLE' });
  // Unconfirmed is the most telling refusal when there are several.
  expect(access([p('p1', 'witness', confirmed), p('p2', 'victim')])).toEqual({ allowed: false, refusal: 'STATUS_NOT_CONFIRMED' });
});

test('the decisions come from the case’s own record, with the body that took each one', () => {
  const s = baseCase({
    formatChanges: [{ to: 'ELECTRONIC', at: '2026-01-02T00:00:00Z', by: 'OFF1', basis: 'resolution' }],
    suspensions: [{ at: '2026-01-03T00:00:00Z', by: 'OFF1', reason: 'x', resumedAt: '2026-01-04T00:00:00Z', resumedBy: 'OFF1' }],
    transfers: [
      {
        fromBodyCode: '711303',
        toBodyCode: '711203',
        at: '2026-01-05T00:00:00Z',
        by: 'OFF1',
        reason: 'y',
        acceptedAt: '2026-01-06T00:00:00Z',
        acceptedBy: 'OFF2',
      },
    ],
    bodyCode: '711203',
    termination: { at: '2026-01-07T00:00:00Z', by: 'OFF2', grounds: 'z', review: { lawful: true, prosecutorIin: 'PROS', at: '2026-01-08T00:00:00Z' } },
  });
  expect(caseDecisions(s).map((d) => `${d.type} ${d.bodyCode} ${d.byIin}`)).toEqual([
    'REGISTERED_IN_ERDR 711303 OFF1',
    'FORMAT_RESOLVED 711303 OFF1',
    'SUSPENDED 711303 OFF1',
    'RESUMED 711303 OFF1',
    'TRANSFERRED 711303 OFF1',
    'ACCEPTED_BY_JURISDICTION 711203 OFF2',
    'TERMINATED 711203 OFF2',
    'TERMINATION_UPHELD 711203 PROS',
  ]);
});

test('grants and withdrawals apply in order; a withdrawn document granted again is open', () => {
  const g = (documentIds: string[], revoke?: true) => ({
    iin: ME,
    documentIds,
    grantedBy: 'official',
    by: 'OFF1',
    at: '2026-01-01T00:00:00Z',
    ...(revoke && { revoke }),
  });
  const open = (materialAccess: ReturnType<typeof g>[]) => documentsOpenTo(baseCase({ materialAccess }), ME).map((d) => d.id);
  expect(open([])).toEqual([]);
  expect(open([g(['d1', 'd2'])])).toEqual(['d1', 'd2']);
  expect(open([g(['d1', 'd2']), g(['d2'], true)])).toEqual(['d1']);
  expect(open([g(['d1', 'd2']), g(['d2'], true), g(['d2'])])).toEqual(['d1', 'd2']);
  expect(documentsOpenTo(baseCase({ materialAccess: [g(['d1'])] }), '880202400456')).toEqual([]);
});

test('profile fields: phones as people type them become +7…, anything else is refused', () => {
  const ok = (mobile: string, phone?: string) => saveProfileBody.safeParse({ mobile, email: 'a@example.kz', locale: 'kk', ...(phone && { phone }) });
  expect(ok('8 701 234 56 78').data?.mobile).toBe('+77012345678');
  expect(ok('+7 (747) 123-45-67').data?.mobile).toBe('+77471234567');
  expect(ok('7771234567').data?.mobile).toBe('+77771234567');
  expect(ok('+77012345678', '8 7172 55-66-77').data?.phone).toBe('+77172556677');
  for (const bad of ['+77112345678', '+7701234567', '+49 170 1234567', '+7701234567a']) expect(ok(bad).success).toBe(false);
  expect(ok('+77012345678', '+74951234567').success).toBe(false);
});
