// The statistics' contract: what the query accepts, and CSV as RFC 4180 wants it (a field with a
// comma or a quote quoted, quotes doubled, CRLF line ends, empty for no value).
import { statisticsCsv, statisticsQuerySchema, type DeadlineStatistics } from '../../domain/deadline-statistics';

test('the query: ISO dates or date-times, a 6-digit body, a known rule, json or csv; nothing else', () => {
  expect(statisticsQuerySchema.parse({})).toEqual({ format: 'json' });
  expect(
    statisticsQuerySchema.safeParse({ from: '2026-11-01', to: '2026-12-01T05:00:00+05:00', body: '711303', rule: 'archive.draft', format: 'csv' }).success,
  ).toBe(true);
  for (const bad of [{ from: 'yesterday' }, { body: '7113' }, { rule: 'archive.nothing' }, { format: 'xml' }, { limit: '5' }]) {
    expect(statisticsQuerySchema.safeParse(bad).success).toBe(false);
  }
});

test('CSV: per-body rows then the rows over all bodies (body *), the source quoted, no value empty', () => {
  const row = { rule: 'archive.draft' as const, met: 1, metLate: 0, breached: 0, open: 2, total: 3 };
  const stats: DeadlineStatistics = {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-12-01T00:00:00.000Z',
    bodies: ['711303'],
    rule: null,
    rules: [],
    rows: [{ ...row, bodyCode: '711303', medianMs: 1000, p95Ms: 1900 }],
    byRule: [{ ...row, bodyCode: null, medianMs: null, p95Ms: null }],
  };
  expect(statisticsCsv(stats)).toBe(
    'rule,source,body,met,met_late,breached,open,total,median_ms,p95_ms\r\n' +
      'archive.draft,"004 A-p.5.3, A-p.7.4",711303,1,0,0,2,3,1000,1900\r\n' +
      'archive.draft,"004 A-p.5.3, A-p.7.4",*,1,0,0,2,3,,\r\n',
  );
});
