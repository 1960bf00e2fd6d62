// The emergency log (002 p.41–43, Annex 7) over the whole system: the health watch's activities
// against the real tables (a report waiting over an hour opens an incident, in the audit log too),
// and the operator's routes — the list in Astana time, causes and measures, the A-7 CSV.
import { createIncidentActivities } from '../../activities/incident';
import { callApi } from '../helpers/api';
import { loginAs } from '../helpers/pki';
import { startTestSystem, type TestSystem } from '../helpers/system';

let sys: TestSystem;
let operator: string;
let head: string;

beforeAll(async () => {
  // No worker: nothing starts the waiting report this test puts in the outbox.
  sys = await startTestSystem({ inProcessWorker: false });
  operator = (await loginAs(sys.baseUrl, 'operator')).token;
  head = (await loginAs(sys.baseUrl, 'head')).token;
}, 180_000);

afterAll(async () => {
  await sys?.stop();
});

test('a report waiting over an hour is found, opened as an incident, reported by the operator and exported in the A-7 form', async () => {
  const activities = createIncidentActivities({ prisma: sys.db.prisma, audit: sys.db.audit });
  const waitingSince = new Date(Date.now() - 2 * 60 * 60_000);
  await sys.db.prisma.report.create({
    data: {
      talon: '261711303900777',
      idempotencyKey: 'incident-test',
      requestHash: 'x',
      applicantIin: '900101300011',
      signedReport: Buffer.from('cms'),
      regionId: 'kz-ast',
      districtId: 'kz-ast-03',
      bodyId: 'b',
      bodyCode: '711303',
      status: 'ACCEPTED',
      dueAt: new Date(),
      submittedAt: waitingSince,
    },
  });
  const probe = await activities.probeHealth();
  expect(probe).toMatchObject({ oldestWaitingReportAt: waitingSince.toISOString(), waitingReports: expect.any(Number) });
  const id = await activities.openIncident({
    kind: 'REPORT_INTAKE_DELAY',
    startedAt: probe.oldestWaitingReportAt!,
    detail: { waitingReports: probe.waitingReports },
  });
  expect(await activities.openIncident({ kind: 'REPORT_INTAKE_DELAY', startedAt: probe.oldestWaitingReportAt!, detail: {} })).toBe(id); // a retried activity: once
  expect(await sys.db.prisma.auditEvent.count({ where: { action: 'incident.opened', subject: `incident/${id}` } })).toBe(1);

  const list = await callApi(sys.baseUrl, 'GET', '/api/v1/incidents', { token: operator });
  expect(list.status).toBe(200);
  const entry = list.body.items.find((i: { id: string }) => i.id === id);
  expect(entry).toMatchObject({
    kind: 'REPORT_INTAKE_DELAY',
    endedAt: null,
    kindLabel: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
  });
  expect(entry.startedAt).toMatch(/\+05:00$/);
  expect((await callApi(sys.baseUrl, 'GET', '/api/v1/incidents', { token: head })).status).toBe(403);

  const bad = await callApi(sys.baseUrl, 'POST', `/api/v1/incidents/${encodeURIComponent(id)}/report`, {
    token: operator,
    body: { scenario: 'METEOR', causes: 'x', measures: 'y', responsible: 'z' },
  });
  expect(bad.status).toBe(400);
  const reported = await callApi(sys.baseUrl, 'POST', `/api/v1/incidents/${encodeURIComponent(id)}/report`, {
    token: operator,
    body: { scenario: 'SOFTWARE', causes: 'Жұмысшы процесі тоқтап қалды', measures: '=Қайта іске қосылды', responsible: 'Кезекші оператор Ә. Сейітов' },
  });
  expect(reported).toMatchObject({ status: 200, body: { scenario: 'SOFTWARE', causes: 'Жұмысшы процесі тоқтап қалды' } });

  await activities.closeIncident({ id, endedAt: new Date().toISOString() });
  const res = await fetch(`${sys.baseUrl}/api/v1/incidents/a7.csv`, { headers: { Authorization: `Bearer ${operator}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const text = await res.text();
  const lines = text
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toContain('Себептері / Причины / Causes');
  const row = lines.find((l) => l.includes('Жұмысшы процесі тоқтап қалды'))!;
  expect(row).toContain('"Бағдарламалық ақау"');
  // A formula-looking cell is defused for spreadsheets.
  expect(row).toContain(`"'=Қайта іске қосылды"`);
  expect(row).toMatch(/"\d{4}-\d\d-\d\dT[\d:.]+\+05:00","\d{4}-\d\d-\d\dT[\d:.]+\+05:00"$/);
  expect(
    (
      await callApi(sys.baseUrl, 'POST', '/api/v1/incidents/NO-SUCH/report', {
        token: operator,
        body: { scenario: 'SOFTWARE', causes: 'abc', measures: 'abc', responsible: 'abc' },
      })
    ).status,
  ).toBe(404);
  // A NUL byte in the id names no incident either (it once reached PostgreSQL and answered 500).
  expect(
    (
      await callApi(sys.baseUrl, 'POST', '/api/v1/incidents/%00/report', {
        token: operator,
        body: { scenario: 'SOFTWARE', causes: 'abc', measures: 'abc', responsible: 'abc' },
      })
    ).status,
  ).toBe(404);
});
