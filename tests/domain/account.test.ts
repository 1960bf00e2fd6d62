// The account contract (domain/account.ts): the absence rule never blocks before two full calendar
// months (A-6 §3), what the agreement gate leaves open (p.17, p.19), and the signed contents.
import { absenceBlockAtMs, ACCOUNT_ERRORS, AGREEMENT_GATE_EXEMPT, AGREEMENT_TEXT, agreementContent, refusalContent } from '../../domain/account';
import { DAY } from '../../domain/deadlines';

/** The same wall-clock moment two calendar months later (Astana has no daylight saving: UTC does). */
const twoCalendarMonthsLater = (ms: number) => {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes());
};

test('the absence rule blocks only after more than two calendar months, for a login on any day of four years (leap year included)', () => {
  let earliestMargin = Infinity;
  for (let ms = Date.UTC(2024, 0, 1, 9); ms < Date.UTC(2028, 0, 1); ms += DAY) {
    const margin = absenceBlockAtMs(ms) - twoCalendarMonthsLater(ms);
    expect(margin).toBeGreaterThanOrEqual(0);
    earliestMargin = Math.min(earliestMargin, margin);
  }
  // July–August and December–January are 62 days: there the block comes the moment two months are over.
  expect(earliestMargin).toBe(0);
  // And never much later than the rule: at most three days past two months (February).
  expect(absenceBlockAtMs(Date.UTC(2025, 0, 1)) - twoCalendarMonthsLater(Date.UTC(2025, 0, 1))).toBe(3 * DAY);
});

test('before the agreement is signed only logging in and out, the agreement, the dictionaries and access applications stay open', () => {
  const open = (p: string) => AGREEMENT_GATE_EXEMPT.some((re) => re.test(p));
  for (const p of [
    '/auth/login',
    '/auth/logout',
    '/auth/me',
    '/account/agreement',
    '/dictionaries/regions',
    '/account-applications',
    '/account-applications/x',
  ])
    expect([p, open(p)]).toEqual([p, true]);
  for (const p of ['/notifications', '/cases', '/reports', '/accounts/850615300124/block', '/account/agreementx', '/profile', '/official-queries'])
    expect([p, open(p)]).toEqual([p, false]);
});

test('the signed agreement names its version, the text hash, the IIN and the tick — nothing else', () => {
  const good = { document: 'user-agreement', version: 'v', textSha256: 'a'.repeat(64), iin: '850615300124', accepted: true };
  expect(agreementContent.safeParse(good).success).toBe(true);
  expect(agreementContent.safeParse({ ...good, accepted: false }).success).toBe(false);
  expect(agreementContent.safeParse({ ...good, extra: 1 }).success).toBe(false);
  expect(agreementContent.safeParse({ ...good, textSha256: 'A'.repeat(64) }).success).toBe(false);
  // The duty the absence rule enforces is in the text the official signs, in each language.
  expect(AGREEMENT_TEXT.kk).toContain('2 айдан астам');
  expect(AGREEMENT_TEXT.ru).toContain('более 2 месяцев');
  expect(AGREEMENT_TEXT.en).toContain('more than 2 months');
});

test('a refusal states reasons: at least five characters, no control characters', () => {
  const good = { document: 'access-application-refusal', applicationId: '7f0c1d2e-3b4a-4c5d-8e6f-708192a3b4c5', reason: 'Деректер толық емес' };
  expect(refusalContent.safeParse(good).success).toBe(true);
  expect(refusalContent.safeParse({ ...good, reason: '   no ' }).success).toBe(false);
  expect(refusalContent.safeParse({ ...good, reason: 'bad\u0000reason' }).success).toBe(false);
  expect(refusalContent.safeParse({ ...good, applicationId: 'nope' }).success).toBe(false);
});

test('every account error has its status and a distinct message in Kazakh, Russian and English', () => {
  expect(ACCOUNT_ERRORS.AGREEMENT_REQUIRED.status).toBe(428);
  expect(ACCOUNT_ERRORS.ACCOUNT_BLOCKED.status).toBe(403);
  for (const [code, e] of Object.entries(ACCOUNT_ERRORS)) {
    const { kk, ru, en } = e.message;
    expect([code, new Set([kk, ru, en]).size]).toEqual([code, 3]);
  }
});
