// The archive certificate through the API on real parts (004, Regulation A): the citizen signs the
// request on the portal, the office accepts and registers it, the head assigns an executor, the
// executor drafts, the head signs (the PDF is made: its Kazakh and Russian text is read back), the
// executor envelopes it, the office dispatches it, the State Corporation marks its collection;
// every step's deadline is met and recorded. The State Corporation channel: the operator enters
// the recipient, who must be in the individuals database, and signs; a «no information» reply
// recommends other archives. Refusals: the IIN of the request not the signer's, a step out of
// order or by the wrong role, a stranger reading the request.
import { randomUUID } from 'node:crypto';
import { extractPdfText } from '../../documents/pdf-text';
import type { DevRole } from '../../eds/dev-pki';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, type CallOptions } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { waitFor } from '../helpers/report';

let sys: TestSystem;
type Session = { token: string; user: any };
let citizen: Session;
let citizen2: Session;
let officer: Session;
let investigator: Session;
let head: Session;
let operator: Session;

jest.setTimeout(180_000);

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, citizen2, officer, investigator, head, operator] = await Promise.all(
    (['citizen', 'citizen2', 'registry_officer', 'investigator', 'head', 'operator'] as const).map((r) => loginAs(sys.baseUrl, r)),
  );
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);

const request = (over: object = {}) => ({
  recipientIin: citizen.user.iin,
  recipientName: citizen.user.name,
  bodyCode: '711303',
  requested: 'CERTIFICATE',
  subject: '1998 жылы қозғалған қылмыстық іс бойынша қабылданған шешім туралы архивтік анықтама',
  period: '1997–1999',
  language: 'kk',
  collectionBranch: 'Астана қ. Сарыарқа ауданы бойынша ХҚКО',
  ...over,
});

const submit = async (role: DevRole, token: string, content: object, path = '/api/v1/archive-certificates', key = randomUUID()) => {
  const signedRequest = await signWith(role, 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return call('POST', path, { token, body: { signedRequest }, headers: { 'Idempotency-Key': key } });
};

const step = (token: string, id: string, body: object) => call('POST', `/api/v1/archive-certificates/${id}/steps`, { token, body });

async function pdfText(id: string, token: string): Promise<string> {
  const res = await fetch(`${sys.baseUrl}/api/v1/archive-certificates/${id}/result.pdf`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  // Lines wrap where the page ends: the text with its white space folded.
  return (await extractPdfText(new Uint8Array(await res.arrayBuffer()))).replace(/\s+/g, ' ');
}

/** Waits until the workflow's intake (the second signature check) let steps through. */
const intakeDone = (id: string) =>
  waitFor(
    () => call('GET', `/api/v1/archive-certificates/${id}`, { token: officer.token }),
    (r) => r.body?.state?.history?.length >= 1 && r.body.state.deadlines.length >= 2,
  );

test('portal: signed request → every provider step → the signed result as a PDF (kk/ru) → collected; each step met and recorded', async () => {
  const key = randomUUID();
  const accepted = await submit('citizen', citizen.token, request(), undefined, key);
  expect(accepted.status).toBe(202);
  expect(accepted.body).toMatchObject({ status: 'RECEIVED', channel: 'PORTAL' });
  const id = accepted.body.id as string;
  // A retry with the same key is the same request, even signed again a second later (another signing time).
  await new Promise((r) => setTimeout(r, 1100));
  expect((await submit('citizen', citizen.token, request(), undefined, key)).body.id).toBe(id);
  await intakeDone(id);

  // Before acceptance nothing else can be done; the head cannot accept (office work).
  const early = await step(officer.token, id, { step: 'register', registrationNumber: 'АС-114' });
  expect(early.status).toBe(409);
  expect(early.body.error).toMatchObject({ code: 'STEP_OUT_OF_ORDER', localised: { kk: expect.stringContaining('register') } });
  expect((await step(head.token, id, { step: 'accept' })).status).toBe(403);

  expect((await step(officer.token, id, { step: 'accept' })).status).toBe(200);
  expect((await step(officer.token, id, { step: 'register', registrationNumber: 'АС-2026/114' })).status).toBe(200);
  // The executor must serve in the body.
  expect((await step(head.token, id, { step: 'assign', executorIin: citizen2.user.iin })).status).toBe(400);
  expect((await step(head.token, id, { step: 'assign', executorIin: investigator.user.iin })).body.status).toBe('ASSIGNED');
  // Only the assigned executor drafts.
  expect((await step(officer.token, id, { step: 'draft', outcome: 'CERTIFICATE', findings: 'x'.repeat(20) })).status).toBe(409);
  const drafted = await step(investigator.token, id, {
    step: 'draft',
    outcome: 'CERTIFICATE_AND_COPIES',
    pages: 3,
    findings: 'Қылмыстық іс № 98-114 1998 жылғы 12 наурызда қозғалып, 1998 жылғы 30 маусымда тоқтатылды.',
  });
  expect(drafted.body.status).toBe('DRAFTED');
  const signed = await step(head.token, id, { step: 'sign' });
  expect(signed.body).toMatchObject({ status: 'SIGNED', signedBy: { iin: head.user.iin }, result: { outcome: 'CERTIFICATE_AND_COPIES' } });

  // The result: Kazakh first (the request's language), then Russian.
  const text = await pdfText(id, citizen.token);
  expect(text).toContain('АРХИВТІК АНЫҚТАМА ЖӘНЕ ҚҰЖАТТАРДЫҢ КӨШІРМЕЛЕРІ');
  expect(text).toContain('АРХИВНАЯ СПРАВКА И КОПИИ ДОКУМЕНТОВ');
  expect(text).toContain('АС-2026/114');
  expect(text).toContain(citizen.user.iin);
  expect(text).toContain('Қылмыстық іс № 98-114');
  expect(text).toContain(head.user.name);
  expect(text.indexOf('АРХИВТІК АНЫҚТАМА')).toBeLessThan(text.indexOf('АРХИВНАЯ СПРАВКА'));
  // A stranger sees nothing of it, the same 404 as for a request that does not exist.
  expect((await call('GET', `/api/v1/archive-certificates/${id}`, { token: citizen2.token })).status).toBe(404);
  expect((await call('GET', `/api/v1/archive-certificates/${randomUUID()}`, { token: citizen2.token })).status).toBe(404);

  expect((await step(investigator.token, id, { step: 'envelope' })).body.status).toBe('ENVELOPED');
  expect((await step(officer.token, id, { step: 'dispatch', method: 'COURIER_REGISTER', dispatchNumber: 'Т-55' })).body.status).toBe('DISPATCHED');
  // A-p.9: the State Corporation marks the collection.
  expect((await step(operator.token, id, { step: 'collect' })).body.status).toBe('COLLECTED');

  const view = await call('GET', `/api/v1/archive-certificates/${id}`, { token: citizen.token });
  expect(view.body).toMatchObject({ status: 'COLLECTED', hasResult: true, completedAt: expect.any(String) });
  expect(view.body.state.deadlines.map((d: any) => [d.rule, d.state]).sort()).toEqual(
    ['archive.accept', 'archive.assign', 'archive.dispatch', 'archive.draft', 'archive.envelope', 'archive.register', 'archive.sign'].map((r) => [r, 'met']),
  );
  const mine = await call('GET', '/api/v1/archive-certificates', { token: citizen.token });
  expect(mine.body.items.map((i: any) => i.id)).toContain(id);
  // The deadline records the statistics read: one per step, met, in the body.
  const recorded = await waitFor(
    () => sys.db.prisma.deadlineRecord.findMany({ where: { workflowId: `archive-certificate-${id}` } }),
    (rows) => rows.length === 7 && rows.every((r) => r.state === 'met'),
  );
  expect(recorded.map((r) => [r.rule, r.state, r.bodyCode]).sort()).toEqual(
    ['archive.accept', 'archive.assign', 'archive.dispatch', 'archive.draft', 'archive.envelope', 'archive.register', 'archive.sign'].map((r) => [
      r,
      'met',
      '711303',
    ]),
  );
});

test('State Corporation: the operator enters a recipient found in the individuals database and signs; a «no information» reply recommends other archives', async () => {
  const content = request({
    recipientIin: citizen2.user.iin,
    recipientName: citizen2.user.name,
    language: 'ru',
    requested: 'COPIES',
    subject: 'Копии постановления о прекращении уголовного дела 2003 года',
  });
  // Only an operator enters requests at the State Corporation.
  expect((await submit('citizen', citizen.token, content, '/api/v1/archive-certificates/state-corporation')).status).toBe(403);
  // A-p.8.1 process 4: someone not in the individuals database cannot be served.
  const unknownIin = citizen2.user.iin.slice(0, 11) + String((Number(citizen2.user.iin[11]) + 1) % 10);
  const unknown = await submit('operator', operator.token, { ...content, recipientIin: unknownIin }, '/api/v1/archive-certificates/state-corporation');
  expect(unknown.status).toBe(422);
  expect(unknown.body.error).toMatchObject({ code: 'PERSON_NOT_FOUND', localised: { ru: expect.stringContaining('ГБД «Физические лица»') } });

  const accepted = await submit('operator', operator.token, content, '/api/v1/archive-certificates/state-corporation');
  expect(accepted.status).toBe(202);
  expect(accepted.body.channel).toBe('STATE_CORPORATION');
  const id = accepted.body.id as string;
  await intakeDone(id);
  await step(officer.token, id, { step: 'accept' });
  await step(officer.token, id, { step: 'register', registrationNumber: 'АС-2026/115' });
  await step(head.token, id, { step: 'assign', executorIin: officer.user.iin });
  await step(officer.token, id, {
    step: 'draft',
    outcome: 'NO_INFORMATION',
    findings: 'Картотеки за 2000–2005 годы просмотрены полностью.',
    otherArchives: 'Государственный архив города Астаны',
  });
  expect((await step(head.token, id, { step: 'sign' })).status).toBe(200);
  // Russian first (the request's language); the reply recommends the archive the executor named.
  const text = await pdfText(id, citizen2.token);
  expect(text).toContain('ОТВЕТ ОБ ОТСУТСТВИИ СВЕДЕНИЙ');
  expect(text).toContain('МӘЛІМЕТТІҢ ЖОҚТЫҒЫ ТУРАЛЫ ЖАУАП');
  expect(text).toContain('Рекомендуется обратиться в другие архивы');
  expect(text).toContain('Государственный архив города Астаны');
  expect(text.indexOf('ОТВЕТ ОБ ОТСУТСТВИИ')).toBeLessThan(text.indexOf('МӘЛІМЕТТІҢ ЖОҚТЫҒЫ'));
  // The operator who filed it reads it too; the officials' queue of the body lists it.
  expect((await call('GET', `/api/v1/archive-certificates/${id}`, { token: operator.token })).status).toBe(200);
  expect((await call('GET', '/api/v1/officials/archive-certificates', { token: officer.token })).body.items.map((i: any) => i.id)).toContain(id);
});

test("portal refusals: a request about someone else (IIN mismatch), an unknown body, a signature not the caller's", async () => {
  const mismatch = await submit('citizen', citizen.token, request({ recipientIin: citizen2.user.iin }));
  expect(mismatch.status).toBe(422);
  expect(mismatch.body.error).toMatchObject({ code: 'IIN_MISMATCH', localised: { kk: expect.stringContaining('ЖСН') } });
  expect((await submit('citizen', citizen.token, request({ bodyCode: '000000' }))).status).toBe(400);
  // Signed by someone else than the logged-in person.
  const foreign = await submit('citizen2', citizen.token, request());
  expect(foreign.status).toBe(422);
  expect(foreign.body.error.code).toBe('SIGNER_MISMATCH');
});
