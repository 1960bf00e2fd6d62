// What API tests of reports and cases share: a valid report's signed content (a burglary in
// Saryarka district, Astana, reported to the development officials' body) and polling for state
// that workflows reach asynchronously.
import { bodyByCode } from '../../domain/dictionaries';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';

export const reportBody = bodyByCode(DEV_OFFICIALS_BODY)!;

export const reportContent = (over: Record<string, unknown> = {}) => ({
  offenceAt: '2026-11-22T23:10:00+05:00',
  fabula: 'Кеше түнде Сарыарқа ауданында менің пәтеріме бөгде адамдар кіріп, ноутбук пен құжаттарды ұрлады.',
  regionId: reportBody.regionId,
  districtId: reportBody.districtId,
  bodyId: reportBody.id,
  applicant: { address: 'Астана қ., Сарыарқа ауданы, Сейфуллин к. 10, 5-пәтер', email: 'erlan.abilkassymov@mail.kz', phone: '+77011234567' },
  falseReportWarningAccepted: true,
  attachments: [],
  ...over,
});

/** Polls `fn` until `ok` holds or `ms` pass; returns the last value either way (the test asserts on it). */
export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}
