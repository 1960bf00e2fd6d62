// The petition's and the complaint's signed content (000 §4.5, [M:343, M:350]): the access-request
// tick's template in each language plus the list; at least 100 characters without the tick; the
// 15-digit ERDR number with the seed's message; a complaint names whose action it is about.
import { signedComplaintContent } from '../../domain/complaint';
import { ACCESS_REQUEST_TEMPLATE, ERDR_FILTER_MESSAGE, PETITION_CONTENT_MIN, signedPetitionContent, SUBMISSION_LANGUAGES } from '../../domain/petition';

const ERDR = '267113031000042';
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

test.each(SUBMISSION_LANGUAGES)('the tick in %s: its template plus the list is accepted; the bare template or another language is not', (language) => {
  const template = ACCESS_REQUEST_TEMPLATE[language];
  expect(signedPetitionContent.safeParse({ erdrNumber: ERDR, language, accessRequest: true, content: `${template}хаттама` }).success).toBe(true);
  expect(fieldsOf(signedPetitionContent.safeParse({ erdrNumber: ERDR, language, accessRequest: true, content: template }))).toHaveProperty('content');
  const other = SUBMISSION_LANGUAGES.find((l) => l !== language)!;
  expect(
    signedPetitionContent.safeParse({ erdrNumber: ERDR, language, accessRequest: true, content: `${ACCESS_REQUEST_TEMPLATE[other]}хаттама` }).success,
  ).toBe(false);
});

test('without the tick: 99 characters are refused naming `content`, 100 are accepted', () => {
  const short = signedPetitionContent.safeParse({ erdrNumber: ERDR, language: 'kk', content: 'а'.repeat(PETITION_CONTENT_MIN - 1) });
  expect(fieldsOf(short)).toEqual({ content: expect.stringContaining('100') });
  expect(signedPetitionContent.safeParse({ erdrNumber: ERDR, language: 'kk', content: 'а'.repeat(PETITION_CONTENT_MIN) }).success).toBe(true);
});

test('the ERDR number has 15 digits, with the seed’s message; unknown fields are refused', () => {
  expect(fieldsOf(signedPetitionContent.safeParse({ erdrNumber: '23711303', language: 'ru', content: 'я'.repeat(120) }))).toEqual({
    erdrNumber: ERDR_FILTER_MESSAGE.en,
  });
  expect(ERDR_FILTER_MESSAGE.kk).toBe('СДТБТ нөмірі 15 саннан тұруы керек');
  expect(signedPetitionContent.safeParse({ erdrNumber: ERDR, language: 'ru', content: 'я'.repeat(120), bodyId: 'x' }).success).toBe(false);
});

test('a complaint names whose action it is about (CPC art. 105–106)', () => {
  const base = { erdrNumber: ERDR, language: 'kk', content: 'Тергеуші өтінішхатымды мерзімінде қарамады.' };
  expect(signedComplaintContent.safeParse({ ...base, subject: 'INVESTIGATOR_ACTION' }).success).toBe(true);
  expect(signedComplaintContent.safeParse({ ...base, subject: 'PROSECUTOR_ACTION' }).success).toBe(true);
  expect(fieldsOf(signedComplaintContent.safeParse({ ...base, subject: 'JUDGE_ACTION' }))).toHaveProperty('subject');
});
