// Translation tasks through the API on real parts (PostgreSQL, the Temporal dev server, the worker
// with the real activities, the file store): a citizen's report becomes a case; the investigator
// adds the development translator as the case's translator and confirms him (001 ¶26); sends a
// case document for translation with a due date — refused for another body's investigator (404),
// a citizen (403) and a translator who is not a confirmed participant (409); the translator finds
// it in «Жұмыста» (000 §4.7, the ERDR filter), downloads the document, sends a signed DOCX (PDF
// made), the investigator returns it with a reason, the translator sends again, the investigator
// approves («Келісілді»): the completed list (000 §4.8) shows it and the case holds the PDF. Then
// 001 ¶7: the case is conducted in Kazakh, a victim's Russian petition goes to the translator first
// and is decided only once its translation is approved.
import { randomUUID } from 'node:crypto';
import { makeDocx } from '../../documents/make-docx';
import { ERDR_FILTER_MESSAGE } from '../../domain/petition';
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
let otherInvestigator: Session;
let translator: Session;

jest.setTimeout(240_000);

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, citizen2, officer, investigator, otherInvestigator, translator] = await Promise.all([
    loginAs(sys.baseUrl, 'citizen'),
    loginAs(sys.baseUrl, 'citizen2'),
    loginAs(sys.baseUrl, 'registry_officer'),
    loginAs(sys.baseUrl, 'investigator'),
    loginAs(sys.baseUrl, 'investigator_other_body'),
    loginAs(sys.baseUrl, 'translator'),
  ]);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);
const download = (p: string, token: string) => downloadFrom(sys.baseUrl, p, token);

const upload = (role: DevRole, token: string, bytes: Buffer, name: string) => uploadSigned(sys.baseUrl, role, token, bytes, name);

const sendTask = (token: string, body: object, key = randomUUID()) =>
  call('POST', '/api/v1/translations', { token, body, headers: { 'Idempotency-Key': key } });

/** The translator signs the translation of the task and sends it. */
async function translate(taskId: string, comment: string, fileName: string) {
  const file = await upload('translator', translator.token, makeDocx([`Аударма / Перевод: ${comment}`]), fileName);
  const content = { taskId, comment, language: 'kk', files: [file] };
  const signedTranslation = await signWith('translator', 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return call('POST', `/api/v1/translations/${taskId}/submission`, { token: translator.token, body: { signedTranslation } });
}

/** A citizen's report registered in the ERDR; the citizen its confirmed victim, the development translator its confirmed translator. */
async function caseWithTranslator(): Promise<string> {
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
  for (const [who, role] of [
    [citizen, 'victim'],
    [translator, 'translator'],
  ] as const) {
    const added = await call('POST', `/api/v1/cases/${erdr}/participants`, {
      token: investigator.token,
      body: { iin: who.user.iin, fullName: who.user.name, role, contact: { email: `${role}.${erdr}@mail.kz`, locale: 'kk' } },
    });
    expect(added.status).toBe(201);
    expect((await call('POST', `/api/v1/cases/${erdr}/participants/${who.user.iin}/confirmation`, { token: investigator.token })).status).toBe(200);
  }
  await waitFor(
    () => sys.db.prisma.caseParticipant.count({ where: { erdrNumber: erdr } }),
    (n) => n === 2,
  );
  return erdr;
}

test('a case document translated: sent with a due date, «Жұмыста», returned with a reason, sent again, approved into the case; refusals for strangers', async () => {
  const erdr = await caseWithTranslator();
  const caseNow = await call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token });
  const document = caseNow.body.documents[1];
  const dueAt = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  const request = { erdrNumber: erdr, documentId: document.id, translatorIin: translator.user.iin, targetLanguage: 'kk', dueAt };

  // Refusals: another body's investigator does not learn of the case; a citizen holds no official role;
  // the translator must be a confirmed participant; the due date must lie ahead.
  expect((await sendTask(otherInvestigator.token, request)).status).toBe(404);
  expect((await sendTask(citizen.token, request)).status).toBe(403);
  const notParticipant = await sendTask(investigator.token, { ...request, translatorIin: citizen2.user.iin });
  expect(notParticipant.status).toBe(409);
  expect(notParticipant.body.error).toMatchObject({ code: 'TRANSLATOR_NOT_PARTICIPANT', localised: { kk: expect.any(String), ru: expect.any(String) } });
  const past = await sendTask(investigator.token, { ...request, dueAt: new Date(Date.now() - 3600_000).toISOString() });
  expect(past.status).toBe(400);
  expect(Object.keys(past.body.error.fields)).toEqual(['dueAt']);
  expect((await sendTask(investigator.token, { ...request, documentId: 'd99' })).body.error.code).toBe('NO_SUCH_DOCUMENT');

  const key = randomUUID();
  const sent = await sendTask(investigator.token, request, key);
  expect(sent.status).toBe(201);
  expect(sent.body).toMatchObject({
    erdrNumber: erdr,
    status: 'IN_WORK',
    statusLabel: { kk: 'Жұмыста' },
    documentName: document.title.ru,
    dueAt,
    sender: { name: investigator.user.name },
  });
  const id = sent.body.id;
  // A retry with the same key is the same task.
  expect((await sendTask(investigator.token, request, key)).body.id).toBe(id);

  // 000 §4.7: the translator's inbox with its columns; the ERDR filter and its message.
  const inbox = await waitFor(
    () => call('GET', `/api/v1/translations?erdrNumber=${erdr}`, { token: translator.token }),
    (r) => r.body.items?.length === 1,
  );
  expect(inbox.body.items[0]).toMatchObject({
    id,
    erdrNumber: erdr,
    sender: { name: investigator.user.name },
    decidingBody: { code: DEV_OFFICIALS_BODY },
    documentName: document.title.ru,
    statusLabel: { kk: 'Жұмыста' },
  });
  expect(inbox.body.items[0].sentAt).toEqual(expect.any(String));
  const badFilter = await call('GET', '/api/v1/translations?erdrNumber=2271110310', { token: translator.token });
  expect(badFilter.status).toBe(400);
  expect(badFilter.body.error.localised.kk).toBe(ERDR_FILTER_MESSAGE.kk);
  expect((await call('GET', '/api/v1/translations', { token: citizen2.token })).body.items).toEqual([]);

  // «Жүктеу»: the document itself, to the translator and the body's officials only.
  const source = await download(`/api/v1/translations/${id}/source`, translator.token);
  expect(source.status).toBe(200);
  expect(source.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect((await download(`/api/v1/translations/${id}/source`, citizen2.token)).status).toBe(404);
  expect((await call('GET', `/api/v1/translations/${id}`, { token: otherInvestigator.token })).status).toBe(404);

  // The officials' queue, the soonest due first.
  const queue = await call('GET', '/api/v1/officials/translations', { token: investigator.token });
  expect(queue.body.items.find((t: any) => t.id === id)).toMatchObject({
    sentByMe: true,
    awaitingMyReview: false,
    overdue: false,
    translator: { name: translator.user.name },
  });
  expect((await call('GET', '/api/v1/officials/translations', { token: translator.token })).status).toBe(403);

  // Round 1: only the translator sends it; a comment is mandatory; then it goes for checking.
  expect((await call('POST', `/api/v1/translations/${id}/submission`, { token: citizen.token, body: { signedTranslation: 'AAAA' } })).status).toBe(404);
  const noComment = await call('POST', `/api/v1/translations/${id}/submission`, {
    token: translator.token,
    body: {
      signedTranslation: await signWith(
        'translator',
        'sign',
        Buffer.from(JSON.stringify({ taskId: id, comment: '', language: 'kk', files: [] }), 'utf8'),
        true,
      ),
    },
  });
  expect(noComment.status).toBe(400);
  expect(Object.keys(noComment.body.error.fields).sort()).toEqual(['comment', 'files']);
  const first = await translate(id, 'Бірінші нұсқа, терминдер тексерілді.', 'аударма-1.docx');
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ status: 'SENT_FOR_REVIEW', rounds: [{ n: 1, language: 'kk', late: false }] });
  expect(first.body.rounds[0].materials.map((m: any) => m.kind).sort()).toEqual(['translation', 'translation_pdf']);
  expect((await call('GET', '/api/v1/translations', { token: translator.token })).body.items.map((t: any) => t.id)).not.toContain(id);

  // The review: only the sender (or the head); a return needs its reason; back in «Жұмыста» with it.
  const awaiting = await call('GET', '/api/v1/officials/translations', { token: investigator.token });
  expect(awaiting.body.items.find((t: any) => t.id === id)).toMatchObject({ status: 'SENT_FOR_REVIEW', awaitingMyReview: true });
  expect((await call('POST', `/api/v1/translations/${id}/review`, { token: otherInvestigator.token, body: { decision: 'APPROVE' } })).status).toBe(404);
  expect((await call('POST', `/api/v1/translations/${id}/review`, { token: investigator.token, body: { decision: 'RETURN' } })).status).toBe(400);
  const reason = 'Процессуалдық терминдер қате аударылған, 2-бетті қайта қараңыз.';
  const returned = await call('POST', `/api/v1/translations/${id}/review`, { token: investigator.token, body: { decision: 'RETURN', reason } });
  expect(returned.status).toBe(200);
  expect(returned.body).toMatchObject({ status: 'IN_WORK', rounds: [{ n: 1, review: { decision: 'RETURN', reason } }] });
  const back = await waitFor(
    () => call('GET', '/api/v1/translations', { token: translator.token }),
    (r) => r.body.items.some((t: any) => t.id === id),
  );
  expect(back.body.items.find((t: any) => t.id === id)).toMatchObject({ status: 'IN_WORK', returnReason: reason, rounds: 1 });

  // Round 2, approved: «Келісілді» in the completed list; the PDF in the case's documents.
  expect((await translate(id, 'Екінші нұсқа, ескертулер ескерілді.', 'аударма-2.docx')).status).toBe(200);
  const approved = await call('POST', `/api/v1/translations/${id}/review`, { token: investigator.token, body: { decision: 'APPROVE' } });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ status: 'AGREED', statusLabel: { kk: 'Келісілді' } });
  expect((await call('POST', `/api/v1/translations/${id}/review`, { token: investigator.token, body: { decision: 'APPROVE' } })).status).toBe(409);
  const completed = await waitFor(
    () => call('GET', `/api/v1/translations/completed?erdrNumber=${erdr}`, { token: translator.token }),
    (r) => r.body.items[0]?.status === 'AGREED',
  );
  const done = completed.body.items[0];
  expect(done).toMatchObject({
    id,
    erdrNumber: erdr,
    documentName: document.title.ru,
    sender: { name: investigator.user.name },
    decidingBody: { code: DEV_OFFICIALS_BODY },
    statusLabel: { kk: 'Келісілді' },
    rounds: 2,
  });
  expect(done.submittedForReviewAt).toEqual(expect.any(String));
  expect(done.materials.map((m: any) => m.round)).toEqual([1, 1, 2, 2]);
  const pdf = done.materials.find((m: any) => m.round === 2 && m.kind === 'translation_pdf');
  const got = await download(`/api/v1/translations/${id}/materials/${pdf.sha256}`, translator.token);
  expect(got.bytes.subarray(0, 5).toString()).toBe('%PDF-');

  const details = await call('GET', `/api/v1/translations/${id}`, { token: investigator.token });
  expect(details.body.rounds.map((r: any) => r.review.decision)).toEqual(['RETURN', 'APPROVE']);
  expect(details.body.deadlines.map((d: any) => [d.key, d.state])).toEqual([
    ['translation.submission:1', 'met'],
    ['translation.submission:2', 'met'],
  ]);
  const inCase = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.documents.some((d: any) => d.translationOf),
  );
  expect(inCase.body.documents.find((d: any) => d.translationOf)).toMatchObject({
    kind: 'electronic',
    sha256: pdf.sha256,
    language: 'kk',
    translationOf: `translation-${id}`,
  });
  // The translator and the investigator were told (cabinet).
  const told = await waitFor(
    () => call('GET', '/api/v1/notifications', { token: translator.token }),
    (r) => r.body.items.filter((n: any) => n.subject === erdr).length >= 3,
  );
  expect(told.body.items.filter((n: any) => n.subject === erdr).length).toBeGreaterThanOrEqual(3);
});

test('001 ¶7: a Russian petition on a case conducted in Kazakh goes to the translator first; it is answered once the translation is approved', async () => {
  const erdr = await caseWithTranslator();
  // CPC art. 30: the language of proceedings, stated when the case is taken into proceedings.
  const resolved = await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'ELECTRONIC', language: 'kk' } });
  expect(resolved.status).toBe(200);
  expect(resolved.body.language).toBe('kk');

  const content = {
    erdrNumber: erdr,
    language: 'ru',
    content: 'Прошу допросить в качестве свидетеля соседа, который видел посторонних у подъезда в ночь кражи; его данные есть в материалах дела.',
  };
  const signedPetition = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  const filed = await call('POST', '/api/v1/petitions', { token: citizen.token, body: { signedPetition }, headers: { 'Idempotency-Key': randomUUID() } });
  expect(filed.status).toBe(202);
  const id = filed.body.id;

  // The child task is in the translator's inbox; its document is the petition's text.
  const inbox = await waitFor(
    () => call('GET', `/api/v1/translations?erdrNumber=${erdr}`, { token: translator.token }),
    (r) => r.body.items?.some((t: any) => t.id === id),
  );
  expect(inbox.body.items.find((t: any) => t.id === id)).toMatchObject({
    sourceKind: 'petition',
    documentName: 'Өтінішхат (ru → kk)',
    targetLanguage: 'kk',
    sender: { name: investigator.user.name },
  });
  const source = await download(`/api/v1/translations/${id}/source`, translator.token);
  expect(source.type).toMatch(/^text\/plain/);
  expect(source.bytes.toString('utf8')).toContain(content.content);

  const pending = await call('GET', `/api/v1/petitions/${id}`, { token: citizen.token });
  expect(pending.body.history.map((e: any) => e.what)).toContain('translation.started');
  expect(pending.body.translation).toMatchObject({ workflowId: `translation-${id}`, language: 'kk', status: 'IN_WORK' });
  const early = await call('POST', `/api/v1/petitions/${id}/answer`, {
    token: investigator.token,
    body: { result: 'GRANTED', text: 'Ходатайство удовлетворено, свидетель будет допрошен.' },
  });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('TRANSLATION_PENDING');

  expect((await translate(id, 'Өтінішхат қазақ тіліне аударылды.', 'өтінішхат-аударма.docx')).status).toBe(200);
  expect((await call('POST', `/api/v1/translations/${id}/review`, { token: investigator.token, body: { decision: 'APPROVE' } })).status).toBe(200);
  const translated = await waitFor(
    () => call('GET', `/api/v1/petitions/${id}`, { token: investigator.token }),
    (r) => r.body.history?.some((e: any) => e.what === 'translation.approved'),
  );
  // The decision clock stays 3 days from the filing (CPC art. 99 part 2).
  expect(Date.parse(translated.body.deadlines[0].dueAt) - Date.parse(filed.body.submittedAt)).toBe(3 * 24 * 3600 * 1000);
  const answered = await call('POST', `/api/v1/petitions/${id}/answer`, {
    token: investigator.token,
    body: { result: 'GRANTED', text: 'Ходатайство удовлетворено, свидетель будет допрошен.' },
  });
  expect(answered.status).toBe(200);
  expect(answered.body.translation).toMatchObject({ status: 'AGREED', language: 'kk', rounds: 1 });
  const order = answered.body.history.map((e: any) => e.what);
  expect(order.indexOf('translation.approved')).toBeLessThan(order.indexOf('petition.answered'));
  // The translated petition is in the case (001 ¶7).
  const inCase = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.documents.some((d: any) => d.translationOf === `translation-${id}`),
  );
  expect(inCase.body.events.map((e: any) => e.action)).toEqual(
    expect.arrayContaining(['petition.filed', 'document.translation_attached', 'petition.answered']),
  );
});
