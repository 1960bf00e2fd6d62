// The legality check's contract (002 P8): the period in Astana days, the check's id from the
// resolution and the body, the requests the prosecutor and the operator send, and the deadline row
// of the operator's answer with its source (a term the Rules do not give, so marked as assumed).
import { DAY, DEADLINE_RULES } from '../../domain/deadlines';
import {
  checkPeriod,
  confirmAnswerSchema,
  isLegalityCheckId,
  legalityCheckId,
  legalityCheckWorkflowId,
  openLegalityCheckSchema,
  outcomeSchema,
  periodProblem,
} from '../../domain/legality-check';

const sha = '3f'.repeat(32);

test('the period is whole days in Astana time (UTC+5), both ends included', () => {
  expect(checkPeriod('2026-11-01', '2026-11-30')).toEqual({
    label: '2026-11-01..2026-11-30',
    from: '2026-10-31T19:00:00.000Z',
    to: '2026-11-30T19:00:00.000Z',
  });
  // One day: 24 hours from Astana midnight.
  const one = checkPeriod('2026-02-28', '2026-02-28');
  expect(Date.parse(one.to) - Date.parse(one.from)).toBe(DAY);
});

test('a period reversed, longer than a year or not yet begun cannot be checked', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  expect(periodProblem('2026-11-01', '2026-11-30', now)).toBeNull();
  expect(periodProblem('2026-12-01', '2026-12-03', now)).toBeNull(); // up to today is fine
  expect(periodProblem('2026-11-30', '2026-11-01', now)).toMatch(/ends before/);
  expect(periodProblem('2025-01-01', '2026-11-30', now)).toMatch(/366 days/);
  expect(periodProblem('2025-12-01', '2026-11-30', now)).toBeNull(); // 365 days
  // 4 December begins at 19:00 UTC on 3 December in Astana.
  expect(periodProblem('2026-12-04', '2026-12-05', now)).toMatch(/not begun/);
  expect(periodProblem('2026-12-04', '2026-12-05', new Date('2026-12-03T19:00:00Z'))).toBeNull();
});

test('one check per resolution and body; the workflow id carries it', () => {
  const id = legalityCheckId('711303', sha);
  expect(id).toBe(`711303-${sha.slice(0, 24)}`);
  expect(isLegalityCheckId(id)).toBe(true);
  expect(legalityCheckWorkflowId(id)).toBe(`legality-check-${id}`);
  expect(legalityCheckId('711203', sha)).not.toBe(id);
  for (const bad of ['711303', `711303-${sha}`, `71130-${sha.slice(0, 24)}`, `711303-${'G'.repeat(24)}`, '../etc']) expect(isLegalityCheckId(bad)).toBe(false);
});

test('opening needs the resolution file and its hash, its number, a body and real calendar dates', () => {
  const ok = {
    resolution: { fileId: '6f1c1a55-8d7e-4a84-9d0c-3c1b8f2b7a10', sha256: sha },
    resolutionNumber: '2-0317-26',
    bodyCode: '711303',
    period: { from: '2026-11-01', to: '2026-11-30' },
  };
  expect(openLegalityCheckSchema.safeParse(ok).success).toBe(true);
  expect(openLegalityCheckSchema.safeParse({ ...ok, period: { from: '2026-02-30', to: '2026-03-01' } }).success).toBe(false);
  expect(openLegalityCheckSchema.safeParse({ ...ok, resolutionNumber: '  ' }).success).toBe(false);
  expect(openLegalityCheckSchema.safeParse({ ...ok, bodyCode: '7113' }).success).toBe(false);
  expect(openLegalityCheckSchema.safeParse({ ...ok, resolution: { fileId: ok.resolution.fileId, sha256: sha.toUpperCase() } }).success).toBe(false);
  expect(openLegalityCheckSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  expect(confirmAnswerSchema.safeParse({}).success).toBe(true);
  expect(confirmAnswerSchema.safeParse({ note: '' }).success).toBe(false);
});

test('violations found need a description and each entry once with its reason; none found needs nothing more', () => {
  expect(outcomeSchema.safeParse({ outcome: 'NO_VIOLATIONS' }).success).toBe(true);
  expect(outcomeSchema.safeParse({ outcome: 'VIOLATIONS_FOUND', description: 'd', violations: [{ index: 4, reason: 'r' }] }).success).toBe(true);
  expect(outcomeSchema.safeParse({ outcome: 'VIOLATIONS_FOUND', violations: [{ index: 4, reason: 'r' }] }).success).toBe(false);
  expect(outcomeSchema.safeParse({ outcome: 'VIOLATIONS_FOUND', description: 'd', violations: [] }).success).toBe(false);
  expect(
    outcomeSchema.safeParse({
      outcome: 'VIOLATIONS_FOUND',
      description: 'd',
      violations: [
        { index: 4, reason: 'r' },
        { index: 4, reason: 's' },
      ],
    }).success,
  ).toBe(false);
  expect(outcomeSchema.safeParse({ outcome: 'VIOLATIONS_FOUND', description: 'd', violations: [{ index: -1, reason: 'r' }] }).success).toBe(false);
});

test('the operator’s answer is due in 3 days, reminded at 2, its term marked as assumed with its paragraph', () => {
  const rule = DEADLINE_RULES['legalityCheck.answer'];
  expect(rule).toMatchObject({ limitMs: 3 * DAY, remindAtMs: 2 * DAY, remind: ['operator'], escalateTo: ['operator', 'prosecutor'] });
  expect(rule.source).toMatch(/^002 p\.54 .*assumed/);
  expect(rule.title.kk && rule.title.ru && rule.title.en).toBeTruthy();
});
