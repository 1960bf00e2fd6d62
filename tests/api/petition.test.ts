// Petitions through the API on real parts (PostgreSQL, the Temporal dev server, the worker with the
// real activities, the file store): a citizen's report becomes a case, the investigator adds the
// citizen as a victim and confirms the status (001 ¶26); the case appears in the citizen's
// available cases (000 §4.5); a stranger's petition is refused (403), a 99-character petition
// without the tick is refused naming the field (400); the citizen asks for access to materials
// (the tick's template in Russian, an attachment signed); the investigator finds it in the queue
// and answers with a DOCX (converted to PDF) granting a case document; the citizen reads the answer
// in the status list (000 §4.6), downloads the materials, and opens the granted document through the case.
import { randomUUID } from 'node:crypto';
import { makeDocx } from '../../documents/make-docx';
import { ACCESS_REQUEST_TEMPLATE, ERDR_FILTER_MESSAGE } from '../../domain/petition';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, downloadFrom, uploadSigned, type CallOptions } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import type { DevRole } from '../../eds/dev-pki';

let sys: TestSystem;
type Session = { token: string; user: any };
let citizen: Session;
let citizen2: Session;
let officer: Session;
let investigator: Session;

jest.setTimeout(180_000);

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, citizen2, officer, investigator] = await Promise.all([
    loginAs(sys.baseUrl, 'citizen'),
    loginAs(sys.baseUrl, 'citizen2'),
    loginAs(sys.baseUrl, 'registry_officer'),
    loginAs(sys.baseUrl, 'investigator'),
  ]);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);
const download = (p: string, token: string) => downloadFrom(sys.baseUrl, p, token);

const upload = (role: DevRole, token: string, bytes: Buffer, name: string) => uploadSigned(sys.baseUrl, role, token, bytes, name);

const petition = async (role: DevRole, token: string, content: object, key = randomUUID()) => {
  const signedPetition = await signWith(role, 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return call('POST', '/api/v1/petitions', { token, body: { signedPetition }, headers: { 'Idempotency-Key': key } });
};

/** A citizen's report registered in the ERDR; the citizen confirmed as the victim of the case. */
async function caseWithConfirmedVictim(): Promise<string> {
  const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent()), 'utf8'), true);
  const accepted = await call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport }, headers: { 'Idempotency-Key': randomUUID() } });
  expect(accepted.status).toBe(202);
  const talon = accepted.body.talon;
  expect((await call('POST', `/api/v1/reports/${talon}/kui-registration`, { token: officer.token })).status).toBe(200);
  const decided = await call('POST', `/api/v1/reports/${talon}/decision`, { token: investigator.token, body: { kind: 'REGISTER_ERDR' } });
  expect(decided.status).toBe(200);
  const erdr = decided.body.erdrNumber;
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.status === 200 && r.body.documents.length === 3,
  );
  const added = await call('POST', `/api/v1/cases/${erdr}/participants`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'victim', contact: { email: `victim.${erdr}@mail.kz`, locale: 'ru' } },
  });
  expect(added.status).toBe(201);
  expect((await call('POST', `/api/v1/cases/${erdr}/participants/${citizen.user.iin}/confirmation`, { token: investigator.token })).status).toBe(200);
  return erdr;
}

test('a confirmed victim petitions for access to materials; the investigator answers with materials; the victim downloads them and opens the granted document', async () => {
  const erdr = await caseWithConfirmedVictim();

  // 000 §4.5 screen 1: the case is available to the victim, with its columns.
  const available = await waitFor(
    () => call('GET', '/api/v1/petitions/available-cases', { token: citizen.token }),
    (r) => r.body?.items?.some((c: any) => c.erdrNumber === erdr),
  );
  const row = available.body.items.find((c: any) => c.erdrNumber === erdr);
  expect(row).toMatchObject({
    erdrNumber: erdr,
    petitions: { filed: 0, considered: 0 },
    inProceedings: { body: { code: DEV_OFFICIALS_BODY }, officialName: investigator.user.name },
    decidingBody: { code: DEV_OFFICIALS_BODY },
    myStatuses: ['victim'],
  });
  expect(row.fabula).toContain('Сарыарқа');
  // Not to a stranger.
  expect((await call('GET', '/api/v1/petitions/available-cases', { token: citizen2.token })).body.items.map((c: any) => c.erdrNumber)).not.toContain(erdr);

  const long = 'Прошу допросить в качестве свидетеля соседа, который видел посторонних у подъезда в ночь кражи; его данные есть в деле.';
  // A non-participant: 403. A 99-character petition without the tick: 400 naming the field.
  const stranger = await petition('citizen2', citizen2.token, { erdrNumber: erdr, language: 'ru', content: long });
  expect(stranger.status).toBe(403);
  expect(stranger.body.error).toMatchObject({ code: 'NOT_A_PARTICIPANT', localised: { kk: expect.any(String), ru: expect.any(String) } });
  const short = await petition('citizen', citizen.token, { erdrNumber: erdr, language: 'ru', content: 'я'.repeat(99) });
  expect(short.status).toBe(400);
  expect(Object.keys(short.body.error.fields)).toEqual(['content']);
  // The tick with the template but nothing appended is refused too.
  expect(
    (await petition('citizen', citizen.token, { erdrNumber: erdr, language: 'ru', accessRequest: true, content: ACCESS_REQUEST_TEMPLATE.ru })).status,
  ).toBe(400);

  // The tick: the Russian template plus the list; a signed attachment.
  const scan = await upload('citizen', citizen.token, Buffer.from('%PDF-1.4\n% доверенность\n%%EOF\n'), 'доверенность.pdf');
  const content = {
    erdrNumber: erdr,
    language: 'ru',
    accessRequest: true,
    content: `${ACCESS_REQUEST_TEMPLATE.ru}протокол осмотра места происшествия`,
    attachments: [scan],
  };
  const key = randomUUID();
  const filed = await petition('citizen', citizen.token, content, key);
  expect(filed.status).toBe(202);
  expect(filed.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'UNDER_CONSIDERATION', erdrNumber: erdr });
  const id = filed.body.id;
  // A retry with the same key is the same petition.
  expect((await petition('citizen', citizen.token, content, key)).body.id).toBe(id);

  // 000 §4.6: the status list, «Не рассмотрено» until answered; the ERDR filter's message in three languages.
  const listed = await call('GET', `/api/v1/petitions?erdrNumber=${erdr}`, { token: citizen.token });
  expect(listed.body.items).toEqual([
    expect.objectContaining({
      id,
      erdrNumber: erdr,
      content: content.content,
      resultLabel: expect.objectContaining({ ru: 'Не рассмотрено' }),
      answerText: null,
      responderName: null,
    }),
  ]);
  const badFilter = await call('GET', '/api/v1/petitions?erdrNumber=12345', { token: citizen.token });
  expect(badFilter.status).toBe(400);
  expect(badFilter.body.error).toMatchObject({ fields: { erdrNumber: ERDR_FILTER_MESSAGE.en }, localised: { kk: 'СДТБТ нөмірі 15 саннан тұруы керек' } });
  expect((await call('GET', `/api/v1/petitions/${id}`, { token: citizen2.token })).status).toBe(404);

  // The investigator's queue, the soonest deadline first; the petition reached them with its 3-day clock.
  const queue = await call('GET', '/api/v1/officials/petitions', { token: investigator.token });
  const queued = queue.body.items.find((p: any) => p.id === id);
  expect(queued).toMatchObject({ kind: 'petition', erdrNumber: erdr, addressedToMe: true, overdue: false });
  expect(Date.parse(queued.dueAt) - Date.parse(filed.body.submittedAt)).toBe(3 * 24 * 3600 * 1000);
  expect((await call('GET', '/api/v1/officials/petitions', { token: citizen.token })).status).toBe(403);

  // The answer: text, responder, a DOCX the investigator signed (converted to PDF), a case document granted.
  const caseNow = await call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token });
  const granted = caseNow.body.documents[0].id;
  const docx = makeDocx(['Хаттама көшірмесі / Копия протокола осмотра']);
  const reply = await upload('investigator', investigator.token, docx, 'жауап.docx');
  const invalid = await call('POST', `/api/v1/petitions/${id}/answer`, { token: investigator.token, body: { result: 'MAYBE', text: '' } });
  expect(invalid.status).toBe(400);
  expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['result', 'text']);
  expect(
    (await call('POST', `/api/v1/petitions/${id}/answer`, { token: citizen.token, body: { result: 'GRANTED', text: 'Удовлетворено полностью.' } })).status,
  ).toBe(403);
  const answered = await call('POST', `/api/v1/petitions/${id}/answer`, {
    token: investigator.token,
    body: { result: 'GRANTED', text: 'Ходатайство удовлетворено: доступ к протоколу предоставлен.', materials: [reply], grantedDocumentIds: [granted] },
  });
  expect(answered.status).toBe(200);
  expect(answered.body).toMatchObject({ status: 'ANSWERED', answer: { result: 'GRANTED', responderName: investigator.user.name, late: false } });
  expect(
    (await call('POST', `/api/v1/petitions/${id}/answer`, { token: investigator.token, body: { result: 'REFUSED', text: 'Передумал, отказано.' } })).status,
  ).toBe(409);

  // The petitioner sees the answer and downloads the materials (the DOCX and its PDF).
  const mine = await call('GET', `/api/v1/petitions/${id}`, { token: citizen.token });
  expect(mine.body).toMatchObject({
    status: 'ANSWERED',
    result: 'GRANTED',
    resultLabel: { ru: 'Удовлетворено' },
    responderName: investigator.user.name,
    answerText: expect.stringContaining('удовлетворено'),
  });
  expect(mine.body.materials.map((m: any) => m.kind).sort()).toEqual(['answer', 'answer_pdf', 'attachment']);
  const pdf = mine.body.materials.find((m: any) => m.kind === 'answer_pdf');
  const got = await download(`/api/v1/petitions/${id}/materials/${pdf.sha256}`, citizen.token);
  expect(got.status).toBe(200);
  expect(got.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const zip = await download(`/api/v1/petitions/${id}/materials.zip`, citizen.token);
  expect(zip.type).toBe('application/zip');
  expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
  expect((await download(`/api/v1/petitions/${id}/materials.zip`, citizen2.token)).status).toBe(404);

  // The case recorded the petition and its answer, and opened the granted document to the victim.
  const recorded = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.events.some((e: any) => e.action === 'materials.access_granted'),
  );
  expect(recorded.body.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['petition.filed', 'petition.answered', 'materials.access_granted']));
  const publicView = await call('GET', `/api/v1/cases/${erdr}`, { token: citizen.token });
  expect(publicView.body.grantedDocuments.map((d: any) => d.id)).toEqual([granted]);
  const opened = await download(`/api/v1/cases/${erdr}/documents/${granted}`, citizen.token);
  expect(opened.status).toBe(200);
  expect(opened.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const notGranted = caseNow.body.documents[1].id;
  expect((await download(`/api/v1/cases/${erdr}/documents/${notGranted}`, citizen.token)).status).toBe(404);

  // The available cases count it: one filed, one considered; the victim was told (cabinet).
  const counted = await call('GET', '/api/v1/petitions/available-cases', { token: citizen.token });
  expect(counted.body.items.find((c: any) => c.erdrNumber === erdr).petitions).toEqual({ filed: 1, considered: 1 });
  const inbox = await waitFor(
    () => call('GET', '/api/v1/notifications', { token: citizen.token }),
    (r) => r.body.items.filter((n: any) => n.subject === erdr).length >= 2,
  );
  expect(inbox.body.items.filter((n: any) => n.subject === erdr).length).toBeGreaterThanOrEqual(2);
});
