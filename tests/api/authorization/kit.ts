// What the rows of the authorisation matrix (tests/api/authorization-matrix.test.ts, one file per
// process in this folder) share: the callers, the system under test and the citizen's objects
// every row is asked about, and the requests that make them. The test starts the system
// (setSystem) and makes the objects in its beforeAll.
import { randomUUID } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { buildIin } from '../../../domain/iin';
import type { OfficialRole } from '../../../domain/roles';
import type { DevRole } from '../../../eds/dev-pki';
import { DEV_OFFICIALS_BODY } from '../../../platform/trust';
import { signWith } from '../../helpers/pki';
import { reportContent, waitFor } from '../../helpers/report';
import type { TestSystem } from '../../helpers/system';

// ── The callers ───────────────────────────────────────────────────────────────────────────────

export const ACTORS = [
  'anonymous',
  'citizen', // the owner of every object below
  'citizen2',
  'registry_officer', // the officials of body 711303, the body the citizen's reports are with
  'investigator', // conducts the case (registered it in the ERDR)
  'head',
  'prosecutor', // supervises the case
  'translator',
  'operator',
  'investigator_other_body', // body 711203
  'registry_officer_other_body',
] as const;

export type Actor = (typeof ACTORS)[number];

export type Person = Exclude<Actor, 'anonymous'> & DevRole;

/** 2xx: let through (any success); 409: let through, then refused by a rule of the process. */
export type Outcome = '2xx' | 401 | 403 | 404 | 409;

// ── The system, the callers and the citizen's objects ───────────────────────────────────────

export let sys: TestSystem;
/** The system under test, started by the test's beforeAll. */
export function setSystem(started: TestSystem): void {
  sys = started;
}
export const sessions = {} as Record<Person, { token: string; iin: string; name: string }>;
export const tokenOf = (a: Actor) => (a === 'anonymous' ? undefined : sessions[a].token);
/** Who signs and whose identity goes into a body; anonymous claims to be the citizen. */
export const signerOf = (a: Actor): Person => (a === 'anonymous' ? 'citizen' : a);

export interface Official {
  iin: string;
  fullName: string;
  bodyCode: string;
}

export interface Objects {
  /** The citizen's report awaiting registration; it lists his two files. */
  talon: string;
  /** His report registered in the KUI book, awaiting the decision. */
  kuiTalon: string;
  /** His DOCX, listed in `talon`, converted to PDF at intake. */
  fileId: string;
  /** The case opened from his report. */
  erdr: string;
  /** A participant of that case not yet confirmed. */
  participantIin: string;
  /** His access application. */
  applicationId: string;
  /** A notice in his cabinet. */
  notificationId: string;
  /** Officials whom a blocking application is about: of body 711303, of body 711203, and a prosecutor supervising 711303. */
  blockable: Official;
  blockableElsewhere: Official;
  blockableProsecutor: Official;
  /** The operator's own access application. */
  operatorsApplicationId: string;
  /** Officials of 711303 a caller blocks, or (blocked already) unblocks, through the account routes. */
  blockTarget?: Official;
  unblockTarget?: Official;
  /** A session of the caller's own, for logging out. */
  session?: string;
  /** His petition on the case (he is its confirmed victim), and the SHA-256 of its attachment. */
  petitionId: string;
  petitionSha: string;
  /** His complaint about the investigator (to the supervising prosecutor), and the SHA-256 of its attachment. */
  complaintId: string;
  complaintSha: string;
  /** A task on the second case, sent for translation and translated (awaiting review), and its file. */
  translationErdr: string;
  translationTaskId: string;
  translationFile: { id: string; sha256: string };
  /** His archive certificate request, signed by the head (the result PDF made), awaiting the envelope. */
  archiveId: string;
  /** His offence-information request, delivered. */
  offenceId: string;
  /** A departmental review of body 711303 holding a query of its investigator (002 P7). */
  reviewId?: string;
  /** An entry of the emergency log (002 p.41–43). */
  incidentId?: string;
  /** A legality check of body 711303 by its prosecutor, answered from the log (002 P8), and a resolution of his not yet used. */
  legalityCheckId?: string;
  legalityResolution?: { id: string; sha256: string };
}

export const shared = {} as Objects;
/** Ids that name nothing: a stranger must get exactly what these get. */
export const missing = {} as Objects;

export interface Probe {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token?: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  body: any;
}

export async function send(p: Probe): Promise<Answer> {
  const headers: Record<string, string> = { ...p.headers, ...(p.token && { Authorization: `Bearer ${p.token}` }) };
  let body: string | FormData | undefined;
  if (p.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(p.json);
  } else body = p.form;
  const res = await fetch(sys.baseUrl + p.path, { method: p.method, headers, body });
  const raw = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(raw.toString('utf8')) : null };
}

export const get = (a: Actor, path: string): Probe => ({ method: 'GET', path, token: tokenOf(a) });
export const post = (a: Actor, path: string, json?: unknown): Probe => ({ method: 'POST', path, token: tokenOf(a), json });

/** Succeeds or fails the set-up, saying what answered. */
export async function expectOk(p: Probe, what: string): Promise<Answer> {
  const r = await send(p);
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

let iinSerial = 100;
/** A valid IIN no development person has. */
export function nextIin(): string {
  for (;;) {
    const iin = buildIin('1977-07-07', iinSerial % 2 ? 'male' : 'female', iinSerial++);
    if (iin) return iin;
  }
}

export const pdfBytes = async (text: string) => {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return Buffer.from(await doc.save());
};

export async function uploadProbe(a: Actor, bytes: Buffer, name: string): Promise<Probe> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  form.append('signature', await signWith(signerOf(a), 'sign', bytes));
  return { method: 'POST', path: '/api/v1/files', token: tokenOf(a), form };
}

export async function reportProbe(a: Actor, content = reportContent()): Promise<Probe> {
  const signedReport = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, '/api/v1/reports', { signedReport }), headers: { 'Idempotency-Key': randomUUID() } };
}

/** A report of the citizen, accepted and awaiting registration. */
export async function newReport(content = reportContent()): Promise<string> {
  return (await expectOk(await reportProbe('citizen', content), 'the citizen reports')).body.talon;
}

export async function kuiRegistered(): Promise<string> {
  const talon = await newReport();
  await expectOk(post('registry_officer', `/api/v1/reports/${talon}/kui-registration`), 'KUI registration');
  return talon;
}

/** A case opened from the citizen's report, conducted by the investigator (who registered it in the ERDR). */
export async function newCase(): Promise<string> {
  const talon = await kuiRegistered();
  const erdr = (await expectOk(post('investigator', `/api/v1/reports/${talon}/decision`, { kind: 'REGISTER_ERDR' }), 'ERDR registration')).body
    .erdrNumber as string;
  const opened = await waitFor(
    () => send(get('investigator', `/api/v1/cases/${erdr}`)),
    (r) => r.status === 200,
    60_000,
  );
  if (opened.status !== 200) throw new Error(`case ${erdr} did not open: ${opened.status}`);
  return erdr;
}

export const witness = () => ({ iin: nextIin(), fullName: 'Куәгер Тест Тестұлы', role: 'witness' });

export async function caseWithParticipant(): Promise<Partial<Objects>> {
  const erdr = await newCase();
  const w = witness();
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants`, w), 'a witness added');
  return { erdr, participantIin: w.iin };
}

/** A case whose ¶11 documents are generated, with a witness not yet confirmed (familiarisation is granted with d1). */
export async function caseWithDocumentsAndParticipant(): Promise<Partial<Objects>> {
  const made = await caseWithParticipant();
  const ready = await waitFor(
    () => send(get('investigator', `/api/v1/cases/${made.erdr}`)),
    (r) => r.body?.documents?.length >= 3,
    60_000,
  );
  if (!(ready.body?.documents?.length >= 3)) throw new Error('the case documents were not generated');
  return made;
}

export const registration = (a: Actor) => ({
  kind: 'REGISTRATION',
  iin: sessions[signerOf(a)].iin,
  fullName: sessions[signerOf(a)].name,
  position: 'аға тергеуші',
  bodyCode: DEV_OFFICIALS_BODY,
  requestedRole: 'investigator',
});

export async function newApplication(by: Person = 'citizen'): Promise<string> {
  return (await expectOk(post(by, '/api/v1/account-applications', registration(by)), `${by} applies`)).body.applicationId;
}

/** An official of `bodyCode` who never logs in here: blocking them disturbs no caller. */
export async function officialToBlock(bodyCode: string, role: OfficialRole = 'investigator'): Promise<Official> {
  const official = { iin: nextIin(), fullName: 'БҰҒАТТАЛАТЫН ТЕСТ ТЕСТҰЛЫ', bodyCode };
  await sys.db.prisma.account.create({ data: { iin: official.iin, fullName: official.fullName } });
  await sys.db.prisma.roleGrant.create({ data: { iin: official.iin, role, bodyCode, applicationId: `matrix-${randomUUID()}`, grantedBy: 'test' } });
  return official;
}

/** The operator's reasoned refusal of an application, signed with `by`'s signing key (002 p.14). */
export const signedRefusal = (by: Person, applicationId: string) =>
  signWith(
    by,
    'sign',
    Buffer.from(JSON.stringify({ document: 'access-application-refusal', applicationId, reason: 'Құжаттар толық емес / incomplete' })),
    true,
  );

export const blocking = (o: Official) => ({
  kind: 'BLOCKING',
  iin: o.iin,
  fullName: o.fullName,
  position: 'тергеуші',
  bodyCode: o.bodyCode,
  reason: 'Жұмыстан босатылды / dismissed',
});

let plainPayload: { metadata: Record<string, string>; data: string };
let encryptedPayload: { metadata: Record<string, string>; data: string };
/** The payloads the codec rows send: one as the worker writes it, one encrypted. */
export function setPayloads(plain: typeof plainPayload, encrypted: typeof encryptedPayload): void {
  plainPayload = plain;
  encryptedPayload = encrypted;
}
export const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** A portal archive request about the signer himself (004 A-p.8.2), to body 711303. */
export async function archiveProbe(a: Actor, path = '/api/v1/archive-certificates'): Promise<Probe> {
  const signer = signerOf(a);
  const content = {
    recipientIin: sessions[path.endsWith('state-corporation') ? 'citizen' : signer].iin,
    recipientName: 'ӘБІЛҚАСЫМОВ ЕРЛАН',
    bodyCode: DEV_OFFICIALS_BODY,
    requested: 'CERTIFICATE',
    subject: '1998 жылғы қылмыстық іс туралы архивтік анықтама',
    language: 'kk',
    collectionBranch: 'Астана қ. ХҚКО',
  };
  const signedRequest = await signWith(signer, 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, path, { signedRequest }), headers: { 'Idempotency-Key': randomUUID() } };
}

/** A request of `by`, accepted by the office once its intake let steps through. */
export async function newArchiveRequest(by: Person): Promise<string> {
  const id = (await expectOk(await archiveProbe(by), `${by} asks for an archive certificate`)).body.id as string;
  await waitFor(
    () => send(post('registry_officer', `/api/v1/archive-certificates/${id}/steps`, { step: 'accept' })),
    (r) => r.status === 200,
    60_000,
  );
  return id;
}

export async function offenceProbe(a: Actor): Promise<Probe> {
  const signer = signerOf(a);
  const signedRequest = await signWith(signer, 'sign', Buffer.from(JSON.stringify({ recipientIin: sessions[signer].iin, language: 'ru' }), 'utf8'), true);
  return { ...post(a, '/api/v1/offence-information', { signedRequest }), headers: { 'Idempotency-Key': randomUUID() } };
}

// ── How operations are called ────────────────────────────────────────────────────────────────

export interface Operation {
  /** The request the caller sends about these objects. */
  request(a: Actor, o: Objects): Probe | Promise<Probe>;
  /** Objects of the caller's own when the caller is let through (2xx), so the shared ones stay as they were. */
  own?(a: Actor): Promise<Partial<Objects>>;
  /** The same request with a body that fails validation: a refused caller must get the same refusal. */
  invalid?(a: Actor, o: Objects): Probe;
}

export const codec =
  (direction: 'encode' | 'decode', capability: boolean) =>
  (a: Actor): Probe => {
    const json = { payloads: [direction === 'encode' ? plainPayload : encryptedPayload] };
    if (!capability) return post(a, `/codec/${direction}`, json);
    return { method: 'POST', path: `/codec/t/${tokenOf(a) ?? 'no-such-token'}/${direction}`, json };
  };

export const REFUSAL = { kind: 'REFUSE', reason: 'Оқиғада қылмыстық құқық бұзушылық белгілері жоқ.' };

/** The citizen's petition on the case where he is the confirmed victim, listing `attachments`. */
export async function newPetition(erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<string> {
  return (await expectOk(await petitionProbe('citizen', erdr, attachments), 'the citizen petitions')).body.id;
}
export async function petitionProbe(a: Actor, erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<Probe> {
  const content = {
    erdrNumber: erdr,
    language: 'kk',
    content: 'Оқиға орнында болған көршімді куә ретінде жауап алуды сұраймын, ол түнде подъезд маңында бөгде адамдарды көрген.',
    attachments,
  };
  const signedPetition = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, '/api/v1/petitions', { signedPetition }), headers: { 'Idempotency-Key': randomUUID() } };
}

/** The citizen's complaint about the investigator of the case, listing `attachments`. */
export async function newComplaint(erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<string> {
  return (await expectOk(await complaintProbe('citizen', erdr, attachments), 'the citizen complains')).body.id;
}
export async function complaintProbe(a: Actor, erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<Probe> {
  const content = { erdrNumber: erdr, subject: 'INVESTIGATOR_ACTION', language: 'kk', content: 'Тергеуші өтінішхатымды мерзімінде қарамады.', attachments };
  const signedComplaint = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, '/api/v1/complaints', { signedComplaint }), headers: { 'Idempotency-Key': randomUUID() } };
}

export const DAY_MS = 24 * 3600 * 1000;
/** The investigator sends the case's first document to the translator (000 §5 step 1). */
export async function newTranslationTask(erdr: string): Promise<string> {
  const body = {
    erdrNumber: erdr,
    documentId: 'd1',
    translatorIin: sessions.translator.iin,
    targetLanguage: 'kk',
    dueAt: new Date(Date.now() + 3 * DAY_MS).toISOString(),
  };
  return (
    await expectOk({ ...post('investigator', '/api/v1/translations', body), headers: { 'Idempotency-Key': randomUUID() } }, 'a document sent for translation')
  ).body.id;
}
/** A translated file the translator uploaded and signed. */
export async function translatorsFile(): Promise<{ id: string; sha256: string }> {
  const { id, sha256 } = (
    await expectOk(await uploadProbe('translator', await pdfBytes(`Translation ${randomUUID()}`), 'аударма.pdf'), 'the translator uploads')
  ).body;
  return { id, sha256 };
}
export async function translationProbe(a: Actor, taskId: string, file: { id: string; sha256: string }): Promise<Probe> {
  const content = { taskId, comment: 'Аударма түпнұсқаға сәйкес орындалды.', language: 'kk', files: [file] };
  const signedTranslation = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return post(a, `/api/v1/translations/${taskId}/submission`, { signedTranslation });
}
/** A task whose translation is sent and awaits the investigator's review. */
export async function translatedTask(erdr: string): Promise<{ translationTaskId: string; translationFile: { id: string; sha256: string } }> {
  const translationTaskId = await newTranslationTask(erdr);
  const translationFile = await translatorsFile();
  await expectOk(await translationProbe('translator', translationTaskId, translationFile), 'the translator sends the translation');
  return { translationTaskId, translationFile };
}

/** A review of body 711303 over the last minute, holding (at least) one fresh query of its investigator. */
export async function newReview(): Promise<string> {
  await expectOk(
    post('investigator', '/api/v1/official-queries', {
      basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' },
      target: { kind: 'PERSON', iin: sessions.citizen.iin },
    }),
    'an official query',
  );
  const now = Date.now();
  const handle = await sys.client.workflow.start('queryReviewWorkflow', {
    args: [
      { bodyCode: DEV_OFFICIALS_BODY, period: { label: 'matrix', from: new Date(now - 60_000).toISOString(), to: new Date(now + 60 * 60_000).toISOString() } },
    ],
    taskQueue: sys.taskQueue,
    workflowId: `query-review-${DEV_OFFICIALS_BODY}-m${randomUUID().slice(0, 8)}`,
  });
  const collected = await waitFor(
    () => handle.query<{ queries: unknown[] }>('getQueryReview').catch(() => ({ queries: [] })),
    (st) => st.queries.length > 0,
  );
  if (!collected.queries.length) throw new Error('the review collected no query');
  return handle.workflowId;
}

/** The first query of a review, if it is one (a stranger's request names a made-up query). */
export async function firstQueryOf(reviewId?: string): Promise<string | undefined> {
  if (!reviewId) return undefined;
  const state = await sys.client.workflow
    .getHandle(reviewId)
    .query<{ queries: { queryId: string }[] }>('getQueryReview')
    .catch(() => undefined);
  return state ? state.queries[0]?.queryId : randomUUID();
}

/** The opening of a legality check of body 711303 for today (Astana), on a resolution. */
export function legalityRequest(resolution?: { id: string; sha256: string }) {
  const today = new Date(Date.now() + 5 * 60 * 60_000).toISOString().slice(0, 10);
  return {
    resolution: { fileId: resolution?.id ?? randomUUID(), sha256: resolution?.sha256 ?? '0'.repeat(64) },
    resolutionNumber: 'M-1',
    bodyCode: DEV_OFFICIALS_BODY,
    period: { from: today, to: today },
  };
}

/** A legality check of body 711303 opened by its prosecutor, its answer made from the log (and signed off, when `answered`). */
export async function newLegalityCheck(answered: boolean): Promise<string> {
  await expectOk(get('anonymous', '/api/v1/audit/checkpoint?fresh=true'), 'a fresh checkpoint');
  const id = (await expectOk(post('prosecutor', '/api/v1/legality-checks', legalityRequest(await prosecutorsResolution())), 'the prosecutor opens a check'))
    .body.checkId as string;
  const made = await waitFor(
    () => send(get('operator', `/api/v1/legality-checks/${id}`)),
    (r) => !!r.body?.answer,
  );
  if (!made.body?.answer) throw new Error('the check got no answer');
  if (answered) await expectOk(post('operator', `/api/v1/legality-checks/${id}/answer`, {}), 'the operator answers');
  return id;
}

/** A resolution the prosecutor uploaded, signed. */
export async function prosecutorsResolution(): Promise<{ id: string; sha256: string }> {
  return (
    await expectOk(await uploadProbe('prosecutor', await pdfBytes(`Resolution ${randomUUID()}`), 'resolution.pdf'), 'the prosecutor uploads a resolution')
  ).body;
}
