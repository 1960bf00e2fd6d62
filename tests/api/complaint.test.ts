// Complaints through the API on real parts: the citizen, confirmed victim of a supervised case,
// complains about the investigator (CPC art. 105: to the supervising prosecutor); the prosecutor
// finds it in the queue, extends the check to 10 days for materials, then decides it with a signed
// PDF; the citizen reads the decision and downloads it; the case records both steps. A complaint
// about the prosecutor (art. 106) cannot be decided by that prosecutor; a stranger cannot complain.
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, uploadSigned, type CallOptions } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';
import type { DevRole } from '../../eds/dev-pki';

let sys: TestSystem;
type Session = { token: string; user: any };
let citizen: Session;
let citizen2: Session;
let officer: Session;
let investigator: Session;
let prosecutor: Session;

jest.setTimeout(180_000);

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, citizen2, officer, investigator, prosecutor] = await Promise.all(
    (['citizen', 'citizen2', 'registry_officer', 'investigator', 'prosecutor'] as const).map((r) => loginAs(sys.baseUrl, r)),
  );
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);

const upload = (role: DevRole, token: string, bytes: Buffer, name: string) => uploadSigned(sys.baseUrl, role, token, bytes, name);

const complain = async (role: DevRole, token: string, content: object) => {
  const signedComplaint = await signWith(role, 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return call('POST', '/api/v1/complaints', { token, body: { signedComplaint }, headers: { 'Idempotency-Key': randomUUID() } });
};

/** A citizen's report registered in the ERDR, supervised by the prosecutor; the citizen its confirmed victim. */
async function supervisedCaseWithVictim(): Promise<string> {
  const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent()), 'utf8'), true);
  const talon = (await call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport }, headers: { 'Idempotency-Key': randomUUID() } })).body
    .talon;
  expect((await call('POST', `/api/v1/reports/${talon}/kui-registration`, { token: officer.token })).status).toBe(200);
  const erdr = (await call('POST', `/api/v1/reports/${talon}/decision`, { token: investigator.token, body: { kind: 'REGISTER_ERDR' } })).body.erdrNumber;
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.status === 200,
  );
  expect((await call('POST', `/api/v1/cases/${erdr}/supervision`, { token: prosecutor.token })).status).toBe(200);
  expect(
    (
      await call('POST', `/api/v1/cases/${erdr}/participants`, {
        token: investigator.token,
        body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'victim' },
      })
    ).status,
  ).toBe(201);
  expect((await call('POST', `/api/v1/cases/${erdr}/participants/${citizen.user.iin}/confirmation`, { token: investigator.token })).status).toBe(200);
  await waitFor(
    () => sys.db.prisma.caseParticipant.findFirst({ where: { erdrNumber: erdr, iin: citizen.user.iin } }),
    (r) => !!r,
  );
  return erdr;
}

test('a complaint about the investigator goes to the supervising prosecutor, who extends the check and decides it with materials', async () => {
  const erdr = await supervisedCaseWithVictim();
  const text = 'Тергеуші менің өтінішхатымды заңда белгіленген мерзімде қарамады және жауап бермеді.';

  expect((await complain('citizen2', citizen2.token, { erdrNumber: erdr, subject: 'INVESTIGATOR_ACTION', language: 'kk', content: text })).status).toBe(403);
  const bad = await complain('citizen', citizen.token, { erdrNumber: erdr, subject: 'JUDGE_ACTION', language: 'kk', content: 'қысқа' });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['content', 'subject']);

  const filed = await complain('citizen', citizen.token, { erdrNumber: erdr, subject: 'INVESTIGATOR_ACTION', language: 'kk', content: text });
  expect(filed.status).toBe(202);
  const id = filed.body.id;
  const listed = await call('GET', `/api/v1/complaints?erdrNumber=${erdr}`, { token: citizen.token });
  expect(listed.body.items).toEqual([
    expect.objectContaining({
      id,
      subject: 'INVESTIGATOR_ACTION',
      statusLabel: expect.objectContaining({ kk: 'Прокурордың қарауында' }),
      resultLabel: expect.objectContaining({ ru: 'Не рассмотрена' }),
    }),
  ]);
  expect((await call('GET', '/api/v1/complaints?erdrNumber=1', { token: citizen.token })).body.error.localised.ru).toBe(
    'Номер ЕРДР должен состоять из 15 цифр',
  );

  // The prosecutor's queue; the investigator complained about neither reads nor decides it.
  const queue = await call('GET', '/api/v1/officials/complaints', { token: prosecutor.token });
  expect(queue.body.items.find((c: any) => c.id === id)).toMatchObject({ kind: 'complaint', addressedToMe: true });
  expect((await call('GET', `/api/v1/complaints/${id}`, { token: investigator.token })).status).toBe(404);
  expect(
    (await call('POST', `/api/v1/complaints/${id}/answer`, { token: investigator.token, body: { result: 'UPHELD', text: 'Шағым қанағаттандырылды.' } })).status,
  ).toBe(403);

  // CPC art. 105 part 1: materials requested — 10 days from receipt.
  const extended = await call('POST', `/api/v1/complaints/${id}/extension`, {
    token: prosecutor.token,
    body: { reason: 'Тергеушіден іс материалдары сұратылды.' },
  });
  expect(extended.status).toBe(200);
  expect(extended.body.status).toBe('CHECK_EXTENDED');
  const requeued = (await call('GET', '/api/v1/officials/complaints', { token: prosecutor.token })).body.items.find((c: any) => c.id === id);
  expect(Date.parse(requeued.dueAt) - Date.parse(filed.body.submittedAt)).toBe(10 * 24 * 3600 * 1000);

  const doc = await PDFDocument.create();
  doc.addPage().drawText('Prosecutor decision');
  const decisionPdf = await upload('prosecutor', prosecutor.token, Buffer.from(await doc.save()), 'шешім.pdf');
  const decided = await call('POST', `/api/v1/complaints/${id}/answer`, {
    token: prosecutor.token,
    body: { result: 'UPHELD', text: 'Шағым қанағаттандырылды, тергеушіге нұсқау берілді.', materials: [decisionPdf] },
  });
  expect(decided.status).toBe(200);
  expect(decided.body.answer).toMatchObject({ result: 'UPHELD', responderName: prosecutor.user.name, late: false });

  const mine = await call('GET', `/api/v1/complaints/${id}`, { token: citizen.token });
  expect(mine.body).toMatchObject({ status: 'ANSWERED', result: 'UPHELD', resultLabel: { ru: 'Удовлетворена' }, responderName: prosecutor.user.name });
  const res = await fetch(`${sys.baseUrl}/api/v1/complaints/${id}/materials/${decisionPdf.sha256}`, { headers: { Authorization: `Bearer ${citizen.token}` } });
  expect(res.status).toBe(200);
  expect(
    Buffer.from(await res.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  const recorded = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.events.some((e: any) => e.action === 'complaint.decided'),
  );
  expect(recorded.body.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['complaint.filed', 'complaint.decided']));

  // About the prosecutor (art. 106): the supervising prosecutor cannot decide it.
  const aboutProsecutor = await complain('citizen', citizen.token, {
    erdrNumber: erdr,
    subject: 'PROSECUTOR_ACTION',
    language: 'kk',
    content: 'Прокурор менің шағымымды негізсіз қанағаттандырусыз қалдырды.',
  });
  expect(aboutProsecutor.status).toBe(202);
  const own = await call('POST', `/api/v1/complaints/${aboutProsecutor.body.id}/answer`, {
    token: prosecutor.token,
    body: { result: 'DISMISSED', text: 'Негізсіз шағым, қанағаттандырусыз қалдырылды.' },
  });
  expect(own.status).toBe(409);
  expect(own.body.error.code).toBe('OWN_ACTION');
});
