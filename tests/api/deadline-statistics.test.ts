// Deadline statistics against a hand-computed fixture: deadline records of two rules in the body of
// the development officials (711303), in another body (711203) and in the Committee's central
// services (''), some outside the period or cancelled. The counts, the median and the 95th
// percentile (linear interpolation, as percentile_cont) were worked out by hand below; the JSON
// and the CSV must give exactly those. Only supervisors read it, and only for their bodies.
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, type CallOptions } from '../helpers/api';
import { loginAs } from '../helpers/pki';
import { DEADLINE_RULES } from '../../domain/deadlines';

let sys: TestSystem;
type Session = { token: string; user: any };
let head: Session;
let prosecutor: Session;
let investigator: Session;

jest.setTimeout(120_000);

const DAY = 86_400_000;
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

beforeAll(async () => {
  sys = await startTestSystem();
  [head, prosecutor, investigator] = await Promise.all((['head', 'prosecutor', 'investigator'] as const).map((r) => loginAs(sys.baseUrl, r)));
  const row = (workflowId: string, rule: string, bodyCode: string, startedAt: string, state: string, tookMs?: number, breached = false) => ({
    workflowId,
    key: rule,
    rule,
    bodyCode,
    workflowType: 'fixture',
    state,
    startedAt: at(startedAt),
    dueAt: at(startedAt, DEADLINE_RULES[rule as keyof typeof DEADLINE_RULES].limitMs),
    breachedAt: breached ? at(startedAt, DEADLINE_RULES[rule as keyof typeof DEADLINE_RULES].limitMs) : null,
    completedAt: tookMs === undefined ? null : at(startedAt, tookMs),
  });
  await sys.db.prisma.deadlineRecord.createMany({
    data: [
      // archive.draft in 711303: done in 1, 3, 5 days (met) and 9 days (late); one breached and still open; one open; one cancelled.
      row('a1', 'archive.draft', '711303', '2026-11-02T00:00:00Z', 'met', 1 * DAY),
      row('a2', 'archive.draft', '711303', '2026-11-03T00:00:00Z', 'met', 3 * DAY),
      row('a3', 'archive.draft', '711303', '2026-11-04T00:00:00Z', 'met', 5 * DAY),
      row('a4', 'archive.draft', '711303', '2026-11-05T00:00:00Z', 'late', 9 * DAY, true),
      row('a5', 'archive.draft', '711303', '2026-11-06T00:00:00Z', 'breached', undefined, true),
      row('a6', 'archive.draft', '711303', '2026-11-28T00:00:00Z', 'pending'),
      row('a7', 'archive.draft', '711303', '2026-11-07T00:00:00Z', 'cancelled'),
      // Outside the period [2026-11-01, 2026-12-01).
      row('a8', 'archive.draft', '711303', '2026-10-31T23:59:59Z', 'met', DAY),
      row('a9', 'archive.draft', '711303', '2026-12-01T00:00:00Z', 'met', DAY),
      // Another body: not the head's.
      row('b1', 'archive.draft', '711203', '2026-11-02T00:00:00Z', 'met', 2 * DAY),
      // The central service level: 1 min, 2 min (met), 20 min (late).
      row('c1', 'offence.service', '', '2026-11-10T00:00:00Z', 'met', 60_000),
      row('c2', 'offence.service', '', '2026-11-11T00:00:00Z', 'met', 120_000),
      row('c3', 'offence.service', '', '2026-11-12T00:00:00Z', 'late', 1_200_000, true),
    ],
  });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);
const PERIOD = 'from=2026-11-01&to=2026-12-01';

// Worked by hand. archive.draft in 711303: completed in [1, 3, 5, 9] days → median between the 2nd
// and 3rd = 4 days = 345 600 000 ms; p95 at position 0.95 × 3 = 2.85: 5 d + 0.85 × (9 d − 5 d) =
// 8.4 days = 725 760 000 ms. offence.service: [60 000, 120 000, 1 200 000] → median 120 000; p95 at
// 0.95 × 2 = 1.9: 120 000 + 0.9 × 1 080 000 = 1 092 000.
const DRAFT_711303 = { rule: 'archive.draft', met: 3, metLate: 1, breached: 1, open: 1, total: 6, medianMs: 345_600_000, p95Ms: 725_760_000 };
const SERVICE_CENTRAL = { rule: 'offence.service', met: 2, metLate: 1, breached: 0, open: 0, total: 3, medianMs: 120_000, p95Ms: 1_092_000 };

test('JSON: per rule and body, and per rule over the bodies the head supervises (and the central services), as computed by hand', async () => {
  const res = await call('GET', `/api/v1/statistics/deadlines?${PERIOD}`, { token: head.token });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', bodies: ['711303', ''], rule: null });
  expect(res.body.rows).toEqual([
    { ...DRAFT_711303, bodyCode: '711303' },
    { ...SERVICE_CENTRAL, bodyCode: '' },
  ]);
  expect(res.body.byRule).toEqual([
    { ...DRAFT_711303, bodyCode: null },
    { ...SERVICE_CENTRAL, bodyCode: null },
  ]);
  // Every rule of the policy is described, with or without records (the chart's legend).
  expect(res.body.rules.map((r: any) => r.rule)).toEqual(Object.keys(DEADLINE_RULES));
  expect(res.body.rules.find((r: any) => r.rule === 'archive.draft')).toMatchObject({
    source: '004 A-p.5.3, A-p.7.4',
    limitMs: 8 * DAY,
    title: { kk: expect.any(String) },
  });
});

test('one body and one rule; the prosecutor reads them too', async () => {
  const res = await call('GET', `/api/v1/statistics/deadlines?${PERIOD}&body=711303&rule=archive.draft`, { token: prosecutor.token });
  expect(res.status).toBe(200);
  expect(res.body.rows).toEqual([{ ...DRAFT_711303, bodyCode: '711303' }]);
  expect(res.body.byRule).toEqual([{ ...DRAFT_711303, bodyCode: null }]);
  const none = await call('GET', `/api/v1/statistics/deadlines?${PERIOD}&body=711303&rule=archive.sign`, { token: head.token });
  expect(none.body.rows).toEqual([]);
});

test('CSV: the same numbers, a header line, CRLF, the source quoted', async () => {
  const res = await fetch(`${sys.baseUrl}/api/v1/statistics/deadlines?${PERIOD}&body=711303&format=csv`, {
    headers: { Authorization: `Bearer ${head.token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(await res.text()).toBe(
    'rule,source,body,met,met_late,breached,open,total,median_ms,p95_ms\r\n' +
      'archive.draft,"004 A-p.5.3, A-p.7.4",711303,3,1,1,1,6,345600000,725760000\r\n' +
      'archive.draft,"004 A-p.5.3, A-p.7.4",*,3,1,1,1,6,345600000,725760000\r\n',
  );
});

test('only supervisors, only their bodies; a bad period or rule is a 400', async () => {
  expect((await call('GET', `/api/v1/statistics/deadlines?${PERIOD}`)).status).toBe(401);
  expect((await call('GET', `/api/v1/statistics/deadlines?${PERIOD}`, { token: investigator.token })).status).toBe(403);
  const other = await call('GET', `/api/v1/statistics/deadlines?${PERIOD}&body=711203`, { token: head.token });
  expect(other.status).toBe(403);
  expect(other.body.error.localised.kk).toBeDefined();
  const backwards = await call('GET', '/api/v1/statistics/deadlines?from=2026-12-01&to=2026-11-01', { token: head.token });
  expect(backwards.status).toBe(400);
  expect(backwards.body.error.localised.ru).toContain('не длиннее года');
  expect((await call('GET', '/api/v1/statistics/deadlines?from=2024-01-01&to=2026-01-01', { token: head.token })).status).toBe(400);
  expect((await call('GET', `/api/v1/statistics/deadlines?${PERIOD}&rule=no.such`, { token: head.token })).body.error.fields.rule).toBeDefined();
});
