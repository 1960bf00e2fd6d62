// The translation task's contract (000 §4.7–4.8, §5; 001 ¶7): what the translator signs (a comment,
// the language, at least one file), the review (a return states its reason), the due date an
// official may set, which submissions need translating first, and the deadline rule: a detour's
// translation falls due inside the 3 days the CPC gives for deciding the petition or complaint.
import { DAY, DEADLINE_RULES, HOUR } from '../../domain/deadlines';
import {
  dueDateProblem,
  signedTranslationContent,
  TRANSLATION_COMMENT_MIN,
  TRANSLATION_REFUSALS,
  TRANSLATION_STATUS_LABELS,
  translationDetourFor,
  translationReviewSchema,
} from '../../domain/translation';

const TASK = '2f1c2b9e-1d2a-4c3b-8e4f-1a2b3c4d5e6f';
const file = { id: '3f1c2b9e-1d2a-4c3b-8e4f-1a2b3c4d5e6f', sha256: 'a'.repeat(64) };
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

test('the signed translation: a comment of at least 10 characters, a language of the list, one file or more', () => {
  const ok = { taskId: TASK, comment: 'а'.repeat(TRANSLATION_COMMENT_MIN), language: 'kk', files: [file] };
  expect(signedTranslationContent.safeParse(ok).success).toBe(true);
  expect(Object.keys(fieldsOf(signedTranslationContent.safeParse({ ...ok, comment: 'а'.repeat(TRANSLATION_COMMENT_MIN - 1) })))).toEqual(['comment']);
  expect(Object.keys(fieldsOf(signedTranslationContent.safeParse({ ...ok, files: [] })))).toEqual(['files']);
  expect(Object.keys(fieldsOf(signedTranslationContent.safeParse({ ...ok, language: 'de' })))).toEqual(['language']);
  expect(Object.keys(fieldsOf(signedTranslationContent.safeParse({ ...ok, taskId: 'task-1' })))).toEqual(['taskId']);
  expect(signedTranslationContent.safeParse({ ...ok, extra: 1 }).success).toBe(false);
});

test('the review: approve as it is; a return states its reason and may set a new due date', () => {
  expect(translationReviewSchema.safeParse({ decision: 'APPROVE' }).success).toBe(true);
  expect(Object.keys(fieldsOf(translationReviewSchema.safeParse({ decision: 'RETURN' })))).toEqual(['reason']);
  expect(translationReviewSchema.safeParse({ decision: 'RETURN', reason: 'Терминдер қате аударылған.', dueAt: '2026-12-10T12:00:00+05:00' }).success).toBe(
    true,
  );
  expect(translationReviewSchema.safeParse({ decision: 'MAYBE' }).success).toBe(false);
});

test('the due date an official sets: at least an hour, at most 30 days ahead', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  expect(dueDateProblem('2026-12-03T10:30:00Z', now)).toBe('at least one hour ahead');
  expect(dueDateProblem('2026-12-03T09:00:00Z', now)).toBe('at least one hour ahead');
  expect(dueDateProblem('2027-01-03T10:00:01Z', now)).toBe('at most 30 days ahead');
  expect(dueDateProblem('2026-12-06T10:00:00Z', now)).toBeUndefined();
  expect(dueDateProblem('not a date', now)).toBe('an ISO 8601 date and time');
});

test('001 ¶7: only a submission in another language than the stated language of proceedings needs translating, by a confirmed translator', () => {
  const translator = { iin: '870707400055', role: 'translator', confirmedAt: '2026-12-01T10:00:00Z' };
  const victim = { iin: '900315300127', role: 'victim', confirmedAt: '2026-12-01T10:00:00Z' };
  expect(translationDetourFor({ language: 'kk', participants: [translator, victim] }, 'kk', 'o')).toBeUndefined();
  expect(translationDetourFor({ participants: [translator, victim] }, 'ru', 'o')).toBeUndefined();
  expect(translationDetourFor({ language: 'kk', participants: [victim, translator] }, 'ru', 'o')).toEqual({
    proceedingsLanguage: 'kk',
    translatorIin: translator.iin,
    reviewerIin: 'o',
  });
  expect(translationDetourFor({ language: 'ru', participants: [victim, translator] }, 'en', 'o')).toMatchObject({
    proceedingsLanguage: 'ru',
    translatorIin: translator.iin,
  });
  // A translator not yet confirmed does not count: the detour is noted without one.
  expect(translationDetourFor({ language: 'kk', participants: [{ ...translator, confirmedAt: undefined }] }, 'ru', 'o')).toEqual({
    proceedingsLanguage: 'kk',
    translatorIin: undefined,
    reviewerIin: 'o',
  });
});

test('the rule: reminded a day before; a detour translation falls due before the petition or complaint must be decided', () => {
  const rule = DEADLINE_RULES['translation.submission'];
  expect(rule.limitMs - rule.remindAtMs).toBe(DAY);
  expect(rule.limitMs).toBeLessThan(DEADLINE_RULES['petition.decision'].limitMs);
  expect(rule.limitMs).toBeLessThan(DEADLINE_RULES['complaint.decision'].limitMs);
  expect(rule.limitMs).toBeGreaterThanOrEqual(HOUR);
  expect(rule.source).toContain('001 ¶7');
});

test('statuses and refusals speak Kazakh, Russian and English; «Жұмыста» and «Келісілді» as the seed shows them', () => {
  expect(TRANSLATION_STATUS_LABELS.IN_WORK.kk).toBe('Жұмыста');
  expect(TRANSLATION_STATUS_LABELS.AGREED.kk).toBe('Келісілді');
  for (const text of [...Object.values(TRANSLATION_STATUS_LABELS), ...Object.values(TRANSLATION_REFUSALS)]) {
    expect(Object.keys(text).sort()).toEqual(['en', 'kk', 'ru']);
    expect(new Set(Object.values(text)).size).toBeGreaterThan(1);
  }
});
