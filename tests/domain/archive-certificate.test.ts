// The archive certificate's contract: calendar months for the retentions (A-p.10, A-p.11), the
// order of the provider's steps, and what the signed request and the steps accept.
import {
  addMonths,
  ARCHIVE_STEP_FLOW,
  ARCHIVE_STEPS,
  ARCHIVE_STATUS_LABELS,
  archiveStepSchema,
  signedArchiveRequest,
  STEP_OUT_OF_ORDER,
} from '../../domain/archive-certificate';

test('months are calendar months: the same day later, or the last day of a shorter month', () => {
  expect(new Date(addMonths(Date.parse('2026-12-03T10:00:00Z'), 6)).toISOString()).toBe('2027-06-03T10:00:00.000Z');
  expect(new Date(addMonths(Date.parse('2026-08-31T00:00:00Z'), 6)).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  expect(new Date(addMonths(Date.parse('2028-02-29T00:00:00Z'), 24)).toISOString()).toBe('2030-02-28T00:00:00.000Z');
  expect(new Date(addMonths(Date.parse('2026-01-31T23:59:00Z'), 1)).toISOString()).toBe('2026-02-28T23:59:00.000Z');
});

test('the steps form one chain from receipt to collection, each status labelled in three languages', () => {
  let status = 'RECEIVED';
  for (const step of ARCHIVE_STEPS) {
    expect(ARCHIVE_STEP_FLOW[step].from).toBe(status);
    status = ARCHIVE_STEP_FLOW[step].to;
  }
  expect(status).toBe('COLLECTED');
  for (const label of Object.values(ARCHIVE_STATUS_LABELS)) expect(Object.keys(label).sort()).toEqual(['en', 'kk', 'ru']);
  expect(STEP_OUT_OF_ORDER('sign', 'ASSIGNED').ru).toContain('Передано исполнителю');
});

test('steps: register numbers in Kazakh and Russian letters; unknown steps and fields refused', () => {
  expect(archiveStepSchema.safeParse({ step: 'register', registrationNumber: 'АС-2026/114' }).success).toBe(true);
  expect(archiveStepSchema.safeParse({ step: 'register', registrationNumber: 'ҚҰ № 5' }).success).toBe(true);
  expect(archiveStepSchema.safeParse({ step: 'register', registrationNumber: 'x'.repeat(41) }).success).toBe(false);
  expect(archiveStepSchema.safeParse({ step: 'register', registrationNumber: "1'; DROP" }).success).toBe(false);
  expect(archiveStepSchema.safeParse({ step: 'accept', extra: 1 }).success).toBe(false);
  expect(archiveStepSchema.safeParse({ step: 'burn' }).success).toBe(false);
  expect(archiveStepSchema.safeParse({ step: 'draft', outcome: 'NO_INFORMATION', findings: 'қысқа' }).success).toBe(false);
  expect(archiveStepSchema.parse({ step: 'collect' })).toEqual({ step: 'collect', collectedBy: 'RECIPIENT' });
});

test('the signed request: a 12-digit IIN, a 6-digit body, a subject of substance, nothing unknown', () => {
  const ok = {
    recipientIin: '900315300127',
    recipientName: 'Әбілқасымов Ерлан',
    bodyCode: '711303',
    requested: 'COPIES',
    subject: 'Қаулының көшірмесі, 2003 жыл',
    language: 'kk',
    collectionBranch: 'Астана ХҚКО',
  };
  expect(signedArchiveRequest.safeParse(ok).success).toBe(true);
  expect(signedArchiveRequest.safeParse({ ...ok, recipientIin: '90031530012' }).success).toBe(false);
  expect(signedArchiveRequest.safeParse({ ...ok, subject: 'анықтама' }).success).toBe(false);
  expect(signedArchiveRequest.safeParse({ ...ok, language: 'en' }).success).toBe(false);
  expect(signedArchiveRequest.safeParse({ ...ok, admin: true }).success).toBe(false);
  expect(signedArchiveRequest.safeParse({ ...ok, representative: { iin: '900315300127', name: 'Өкіл', powerOfAttorney: '№ 12 сенімхат' } }).success).toBe(true);
});
