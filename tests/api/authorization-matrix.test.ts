// The authorisation matrix: every operation the app serves × every kind of caller → the answer the
// caller must get. The operations are read from the app's router stack (and checked against the
// OpenAPI document it serves); an operation without a row fails the suite, so no route comes in
// without a stated policy. The objects are real and belong to one citizen: his report and its
// files, his report registered in the KUI book, the case opened from his report (supervised by
// the body's prosecutor, the citizen a confirmed victim), his access application and a notice in
// his cabinet. Strangers — another citizen, officials of another body, officials whose role has
// nothing to do with the object — get 404, the same 404 as for an object that does not exist;
// people who may see the object but not do this get 403, and so does anyone without the official
// role an operation needs, before the object is looked at. Mutating operations are sent with bodies
// that pass validation, so that authorisation decides, and an invalid body must not change a
// refusal. Callers who are let through act on objects of their own, so every other cell meets the
// shared objects as they were.
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { PDFDocument } from 'pdf-lib';
import { makeDocx } from '../../documents/make-docx';
import { buildIin } from '../../domain/iin';
import type { OfficialRole } from '../../domain/roles';
import { DEV_ROLES, type DevRole } from '../../eds/dev-pki';
import { EncryptionCodec } from '../../platform/codec';
import { buildApp, searchPseudonymOf } from '../../platform/system';
import { DEV_GRANTS, DEV_OFFICIALS_BODY, DEV_OTHER_BODY } from '../../platform/trust';
import { devMobileOf, loginAs, signWith } from '../helpers/pki';
import { reportBody, reportContent, waitFor } from '../helpers/report';
import { startTestSystem, type TestSystem } from '../helpers/system';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The expectations

const ACTORS = [
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
type Actor = (typeof ACTORS)[number];
type Person = Exclude<Actor, 'anonymous'> & DevRole;

/** 2xx: let through (any success); 409: let through, then refused by a rule of the process. */
type Outcome = '2xx' | 401 | 403 | 404 | 409;

// One row per operation (`METHOD /path`, and ` · variant` where the body decides who may). Columns:
// anonymous, citizen (owner), citizen2, then body 711303's registry officer, investigator, head,
// prosecutor, translator, operator, then body 711203's investigator and registry officer.
const MATRIX: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'GET /health':                                                            'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /ready':                                                             'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // Decrypted histories: only history readers (platform/system.ts); no token is a 403 as well.
  'POST /codec/encode':                                                     '403  403  403  403  403  ok   ok   403  ok   403  403',
  'POST /codec/decode':                                                     '403  403  403  403  403  ok   ok   403  ok   403  403',
  'POST /codec/t/{token}/encode':                                           '403  403  403  403  403  ok   ok   403  ok   403  403',
  'POST /codec/t/{token}/decode':                                           '403  403  403  403  403  ok   ok   403  ok   403  403',
  'GET /api/v1/system/links':                                               'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/openapi.json':                                               'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/auth/challenge':                                            'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // Each signs the nonce with their own authentication key; anonymous has none to sign with.
  'POST /api/v1/auth/login':                                                '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/auth/logout':                                               '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/auth/me':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/dictionaries/regions':                                       'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/dictionaries/regions/{id}/districts':                        'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/dictionaries/districts/{id}/bodies':                         'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/account-applications · REGISTRATION for oneself':           '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // A blocking closes the whole account at once: the operator, or the head of the body whose staff the official is.
  'POST /api/v1/account-applications · BLOCKING, official of 711303':       '401  403  403  403  403  ok   403  403  ok   403  403',
  'POST /api/v1/account-applications · BLOCKING, official of 711203':       '401  403  403  403  403  403  403  403  ok   403  403',
  'POST /api/v1/account-applications · BLOCKING, prosecutor of 711303':     '401  403  403  403  403  403  403  403  ok   403  403',
  'GET /api/v1/account-applications/{id}':                                  '401  ok   404  404  404  404  404  404  ok   404  404',
  'POST /api/v1/account-applications/{id}/decision':                        '401  403  403  403  403  403  403  403  ok   403  403',
  // Four eyes: nobody decides an application about themselves.
  'POST /api/v1/account-applications/{id}/decision · the operator\'s own':  '401  403  403  403  403  403  403  403  403  403  403',
  'GET /api/v1/notifications':                                              '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/notifications/{id}/read':                                   '401  ok   404  404  404  404  404  404  404  404  404',
  'POST /api/v1/files':                                                     '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // Report materials: the owner, and the officials of the body that has the report.
  'GET /api/v1/files/{id}':                                                 '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'GET /api/v1/files/{id}/pdf':                                             '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'POST /api/v1/reports':                                                   '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/reports':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/reports/{talon}':                                            '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'GET /api/v1/reports/{talon}/materials.zip':                              '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'GET /api/v1/officials/reports':                                          '401  403  403  ok   ok   ok   ok   403  403  ok   ok',
  'POST /api/v1/reports/{talon}/kui-registration':                          '401  403  403  ok   403  403  403  403  403  403  404',
  'POST /api/v1/reports/{talon}/decision':                                  '401  403  403  ok   ok   ok   403  403  403  404  404',
  'GET /api/v1/officials/cases':                                            '401  403  403  403  ok   ok   ok   403  403  ok   403',
  // The case: its conducting official, their head, the supervising prosecutor; the confirmed
  // victim sees his part, not the officials' timeline (¶26, ¶30).
  'GET /api/v1/cases/{erdr}':                                               '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/cases/{erdr}/timeline':                                      '401  404  404  404  ok   ok   ok   404  404  404  404',
  // ¶10: the head conducts the case too, but only the assigned official resolves the format.
  'POST /api/v1/cases/{erdr}/format':                                       '401  403  403  403  ok   409  403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/participants':                                 '401  403  403  403  ok   ok   403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/participants/{iin}/confirmation':              '401  403  403  403  ok   ok   403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/supervision':                                  '401  403  403  403  403  403  ok   403  403  403  403',
  // A document of the case: those who see the case; a participant only what an answered petition granted (¶26).
  'GET /api/v1/cases/{erdr}/documents/{documentId}':                        '401  404  404  404  ok   ok   ok   404  404  404  404',
  // Petitions (000 §4.5–4.6): only a confirmed participant files; the petitioner and the body's investigators, head, prosecutor read.
  'GET /api/v1/petitions/available-cases':                                  '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/petitions':                                                 '401  ok   403  403  403  403  403  403  403  403  403',
  'GET /api/v1/petitions':                                                  '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/petitions/{id}':                                             '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/petitions/{id}/materials.zip':                               '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/petitions/{id}/materials/{sha256}':                          '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/officials/petitions':                                        '401  403  403  403  ok   ok   ok   403  403  ok   403',
  // The official it was routed to (the conducting investigator) or the head of the body answers.
  'POST /api/v1/petitions/{id}/answer':                                     '401  403  403  403  ok   ok   403  403  403  404  403',
  // Complaints (CPC art. 105–106): the complainant reads; the body's prosecutors and head read; the addressed prosecutor decides.
  'POST /api/v1/complaints':                                                '401  ok   403  403  403  403  403  403  403  403  403',
  'GET /api/v1/complaints':                                                 '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/complaints/{id}':                                            '401  ok   404  404  404  ok   ok   404  404  404  404',
  'GET /api/v1/complaints/{id}/materials.zip':                              '401  ok   404  404  404  ok   ok   404  404  404  404',
  'GET /api/v1/complaints/{id}/materials/{sha256}':                         '401  ok   404  404  404  ok   ok   404  404  404  404',
  'GET /api/v1/officials/complaints':                                       '401  403  403  403  403  ok   ok   403  403  403  403',
  'POST /api/v1/complaints/{id}/extension':                                 '401  403  403  403  403  403  ok   403  403  403  403',
  'POST /api/v1/complaints/{id}/answer':                                    '401  403  403  403  403  403  ok   403  403  403  403',
  // Decisions and materials (000 §4.9): the citizen is the applicant and the confirmed victim, d2 is opened to him;
  // everyone else (officials too: they read the case itself) meets the 404 of a number of no case.
  'GET /api/v1/decisions/{erdr}':                                           '401  ok   404  404  404  404  404  404  404  404  404',
  'GET /api/v1/decisions/{erdr}/materials/{documentId}':                    '401  ok   404  404  404  404  404  404  404  404  404',
  'GET /api/v1/decisions/{erdr}/materials.zip':                             '401  ok   404  404  404  404  404  404  404  404  404',
  // Familiarisation is granted and withdrawn by those who conduct the case; the journal is for those who see it, not for the participant.
  'POST /api/v1/cases/{erdr}/material-access':                              '401  403  403  403  ok   ok   403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/material-access/revocation':                   '401  403  403  403  ok   ok   403  403  403  404  403',
  'GET /api/v1/cases/{erdr}/access-journal':                                '401  404  404  404  ok   ok   ok   404  404  404  404',
  // The profile (000 §6): everyone's own; no change of mobile is waiting, so a code is refused by the rule.
  'GET /api/v1/profile':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'PUT /api/v1/profile':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/profile/mobile-confirmation':                               '401  409  409  409  409  409  409  409  409  409  409',
  'DELETE /api/v1/profile/mobile-change':                                   '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // Translation tasks (000 §4.7–4.8, §5), on a second case whose confirmed translator is the translator: the conducting
  // investigator or the head sends; the translator and the body's investigators, head, prosecutor read; only the
  // translator sends the translation; the sender (the investigator) or the head reviews.
  'POST /api/v1/translations':                                              '401  403  403  403  ok   ok   403  403  403  404  403',
  'GET /api/v1/translations':                                               '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/translations/completed':                                     '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/translations/{id}':                                          '401  404  404  404  ok   ok   ok   ok   404  404  404',
  'GET /api/v1/translations/{id}/source':                                   '401  404  404  404  ok   ok   ok   ok   404  404  404',
  'GET /api/v1/translations/{id}/materials/{sha256}':                       '401  404  404  404  ok   ok   ok   ok   404  404  404',
  'POST /api/v1/translations/{id}/submission':                              '401  404  404  404  403  403  403  ok   404  404  404',
  'POST /api/v1/translations/{id}/review':                                  '401  403  403  403  ok   ok   403  403  403  404  403',
  'GET /api/v1/officials/translations':                                     '401  403  403  403  ok   ok   ok   403  403  ok   403',
  // The audit log: checkpoint and proofs are hashes only, for anyone; entries for the operator and the prosecutor (002 p.39–41, p.54).
  'GET /api/v1/audit/checkpoint':                                           'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/audit/proof/inclusion':                                      'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/audit/proof/consistency':                                    'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/audit/entries/{index}':                                      '401  403  403  403  403  403  ok   403  ok   403  403',
  // Officials' queries (002 P4): Annex 1 decides. Prosecutor, investigator (internal affairs) and the operator
  // (system administrator) have the initial check; registry officers, heads and translators send no queries.
  'POST /api/v1/official-queries · INITIAL_CHECK, a person':                '401  403  403  403  ok   403  ok   403  ok   ok   403',
  // Enforcement proceedings: of these roles only the prosecutor (Annex 1 row 1).
  'POST /api/v1/official-queries · ENFORCEMENT, a person':                  '401  403  403  403  403  403  ok   403  403  403  403',
  // The departmental review (002 P7): the head of the body marks; its prosecutors read too.
  'GET /api/v1/officials/query-reviews':                                    '401  403  403  403  403  ok   ok   403  403  403  403',
  'GET /api/v1/query-reviews/{id}':                                         '401  403  403  403  403  ok   ok   403  403  403  403',
  'POST /api/v1/query-reviews/{id}/marks':                                  '401  403  403  403  403  ok   403  403  403  403  403',
  // The emergency log (002 p.41–43): the Committee operator's.
  'GET /api/v1/incidents':                                                  '401  403  403  403  403  403  403  403  ok   403  403',
  'GET /api/v1/incidents/a7.csv':                                           '401  403  403  403  403  403  403  403  ok   403  403',
  'POST /api/v1/incidents/{id}/report':                                     '401  403  403  403  403  403  403  403  ok   403  403',
  // Archive certificates (004 A): anyone asks about himself on the portal, only an operator enters one at the State
  // Corporation; the recipient and the staff of the body (office, executor, head) read; each step by its role; the
  // citizen's request waits for the envelope, so the office's own acceptance is of a request of its own.
  'POST /api/v1/archive-certificates':                                      '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/archive-certificates/state-corporation':                    '401  403  403  403  403  403  403  403  ok   403  403',
  'GET /api/v1/archive-certificates':                                       '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/officials/archive-certificates':                             '401  403  403  ok   ok   ok   403  403  403  ok   ok',
  'GET /api/v1/archive-certificates/{id}':                                  '401  ok   404  ok   ok   ok   404  404  404  404  404',
  'GET /api/v1/archive-certificates/{id}/result.pdf':                       '401  ok   404  ok   ok   ok   404  404  404  404  404',
  'POST /api/v1/archive-certificates/{id}/steps':                           '401  403  403  ok   403  403  403  403  404  404  404',
  // Offence information (004 B): anyone about himself; only the recipient reads it.
  'POST /api/v1/offence-information':                                       '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/offence-information/{id}':                                   '401  ok   404  404  404  404  404  404  404  404  404',
  'GET /api/v1/offence-information/{id}/result.pdf':                        '401  ok   404  404  404  404  404  404  404  404  404',
  // Deadline statistics: the supervisors (heads, prosecutors).
  'GET /api/v1/statistics/deadlines':                                       '401  403  403  403  403  ok   ok   403  403  403  403',
};

/** 404s that do not hide the object from someone who knows it: the victim sees the case, not its timeline. */
const KNOWN_TO_THE_CALLER: Record<string, Actor[]> = {
  'GET /api/v1/cases/{erdr}/timeline': ['citizen'],
  'GET /api/v1/cases/{erdr}/documents/{documentId}': ['citizen'],
  'GET /api/v1/cases/{erdr}/access-journal': ['citizen'],
};

function expectations(op: string): Record<Actor, Outcome> {
  const cells = MATRIX[op].trim().split(/\s+/);
  if (cells.length !== ACTORS.length) throw new Error(`${op}: ${cells.length} cells for ${ACTORS.length} actors`);
  return Object.fromEntries(
    cells.map((c, i) => {
      if (c !== 'ok' && !['401', '403', '404', '409'].includes(c)) throw new Error(`${op}: unknown outcome ${c}`);
      return [ACTORS[i], c === 'ok' ? '2xx' : (Number(c) as Outcome)];
    }),
  ) as Record<Actor, Outcome>;
}

const outcomeOf = (status: number): Outcome | number => (status >= 200 && status < 300 ? '2xx' : status);
const operationOf = (row: string) => row.split(' · ')[0];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The system, the callers and the citizen's objects

let sys: TestSystem;
const sessions = {} as Record<Person, { token: string; iin: string; name: string }>;
const tokenOf = (a: Actor) => (a === 'anonymous' ? undefined : sessions[a].token);
/** Who signs and whose identity goes into a body; anonymous claims to be the citizen. */
const signerOf = (a: Actor): Person => (a === 'anonymous' ? 'citizen' : a);

interface Official {
  iin: string;
  fullName: string;
  bodyCode: string;
}

interface Objects {
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
}

let shared: Objects;
/** Ids that name nothing: a stranger must get exactly what these get. */
let missing: Objects;

interface Probe {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token?: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function send(p: Probe): Promise<Answer> {
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

const get = (a: Actor, path: string): Probe => ({ method: 'GET', path, token: tokenOf(a) });
const post = (a: Actor, path: string, json?: unknown): Probe => ({ method: 'POST', path, token: tokenOf(a), json });

/** Succeeds or fails the set-up, saying what answered. */
async function expectOk(p: Probe, what: string): Promise<Answer> {
  const r = await send(p);
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

let iinSerial = 100;
/** A valid IIN no development person has. */
function nextIin(): string {
  for (;;) {
    const iin = buildIin('1977-07-07', iinSerial % 2 ? 'male' : 'female', iinSerial++);
    if (iin) return iin;
  }
}

const pdfBytes = async (text: string) => {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return Buffer.from(await doc.save());
};

async function uploadProbe(a: Actor, bytes: Buffer, name: string): Promise<Probe> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  form.append('signature', await signWith(signerOf(a), 'sign', bytes));
  return { method: 'POST', path: '/api/v1/files', token: tokenOf(a), form };
}

async function reportProbe(a: Actor, content = reportContent()): Promise<Probe> {
  const signedReport = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, '/api/v1/reports', { signedReport }), headers: { 'Idempotency-Key': randomUUID() } };
}

/** A report of the citizen, accepted and awaiting registration. */
async function newReport(content = reportContent()): Promise<string> {
  return (await expectOk(await reportProbe('citizen', content), 'the citizen reports')).body.talon;
}

async function kuiRegistered(): Promise<string> {
  const talon = await newReport();
  await expectOk(post('registry_officer', `/api/v1/reports/${talon}/kui-registration`), 'KUI registration');
  return talon;
}

/** A case opened from the citizen's report, conducted by the investigator (who registered it in the ERDR). */
async function newCase(): Promise<string> {
  const talon = await kuiRegistered();
  const erdr = (await expectOk(post('investigator', `/api/v1/reports/${talon}/decision`, { kind: 'REGISTER_ERDR' }), 'ERDR registration')).body.erdrNumber as string;
  const opened = await waitFor(() => send(get('investigator', `/api/v1/cases/${erdr}`)), (r) => r.status === 200, 60_000);
  if (opened.status !== 200) throw new Error(`case ${erdr} did not open: ${opened.status}`);
  return erdr;
}

const witness = () => ({ iin: nextIin(), fullName: 'Куәгер Тест Тестұлы', role: 'witness' });

async function caseWithParticipant(): Promise<Partial<Objects>> {
  const erdr = await newCase();
  const w = witness();
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants`, w), 'a witness added');
  return { erdr, participantIin: w.iin };
}

/** A case whose ¶11 documents are generated, with a witness not yet confirmed (familiarisation is granted with d1). */
async function caseWithDocumentsAndParticipant(): Promise<Partial<Objects>> {
  const made = await caseWithParticipant();
  const ready = await waitFor(() => send(get('investigator', `/api/v1/cases/${made.erdr}`)), (r) => r.body?.documents?.length >= 3, 60_000);
  if (!(ready.body?.documents?.length >= 3)) throw new Error('the case documents were not generated');
  return made;
}

const registration = (a: Actor) => ({
  kind: 'REGISTRATION',
  iin: sessions[signerOf(a)].iin,
  fullName: sessions[signerOf(a)].name,
  position: 'аға тергеуші',
  bodyCode: DEV_OFFICIALS_BODY,
  requestedRole: 'investigator',
});

async function newApplication(by: Person = 'citizen'): Promise<string> {
  return (await expectOk(post(by, '/api/v1/account-applications', registration(by)), `${by} applies`)).body.applicationId;
}

/** An official of `bodyCode` who never logs in here: blocking them disturbs no caller. */
async function officialToBlock(bodyCode: string, role: OfficialRole = 'investigator'): Promise<Official> {
  const official = { iin: nextIin(), fullName: 'БҰҒАТТАЛАТЫН ТЕСТ ТЕСТҰЛЫ', bodyCode };
  await sys.db.prisma.account.create({ data: { iin: official.iin, fullName: official.fullName } });
  await sys.db.prisma.roleGrant.create({ data: { iin: official.iin, role, bodyCode, applicationId: `matrix-${randomUUID()}`, grantedBy: 'test' } });
  return official;
}

const blocking = (o: Official) => ({ kind: 'BLOCKING', iin: o.iin, fullName: o.fullName, position: 'тергеуші', bodyCode: o.bodyCode, reason: 'Жұмыстан босатылды / dismissed' });

let plainPayload: { metadata: Record<string, string>; data: string };
let encryptedPayload: { metadata: Record<string, string>; data: string };
const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** A portal archive request about the signer himself (004 A-p.8.2), to body 711303. */
async function archiveProbe(a: Actor, path = '/api/v1/archive-certificates'): Promise<Probe> {
  const signer = signerOf(a);
  const content = {
    recipientIin: sessions[path.endsWith('state-corporation') ? 'citizen' : signer].iin, recipientName: 'ӘБІЛҚАСЫМОВ ЕРЛАН', bodyCode: DEV_OFFICIALS_BODY,
    requested: 'CERTIFICATE', subject: '1998 жылғы қылмыстық іс туралы архивтік анықтама', language: 'kk', collectionBranch: 'Астана қ. ХҚКО',
  };
  const signedRequest = await signWith(signer, 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, path, { signedRequest }), headers: { 'Idempotency-Key': randomUUID() } };
}

/** A request of `by`, accepted by the office once its intake let steps through. */
async function newArchiveRequest(by: Person): Promise<string> {
  const id = (await expectOk(await archiveProbe(by), `${by} asks for an archive certificate`)).body.id as string;
  await waitFor(() => send(post('registry_officer', `/api/v1/archive-certificates/${id}/steps`, { step: 'accept' })), (r) => r.status === 200, 60_000);
  return id;
}

async function offenceProbe(a: Actor): Promise<Probe> {
  const signer = signerOf(a);
  const signedRequest = await signWith(signer, 'sign', Buffer.from(JSON.stringify({ recipientIin: sessions[signer].iin, language: 'ru' }), 'utf8'), true);
  return { ...post(a, '/api/v1/offence-information', { signedRequest }), headers: { 'Idempotency-Key': randomUUID() } };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// How each operation is called

interface Operation {
  /** The request the caller sends about these objects. */
  request(a: Actor, o: Objects): Probe | Promise<Probe>;
  /** Objects of the caller's own when the caller is let through (2xx), so the shared ones stay as they were. */
  own?(a: Actor): Promise<Partial<Objects>>;
  /** The same request with a body that fails validation: a refused caller must get the same refusal. */
  invalid?(a: Actor, o: Objects): Probe;
}

const codec = (direction: 'encode' | 'decode', capability: boolean) => (a: Actor): Probe => {
  const json = { payloads: [direction === 'encode' ? plainPayload : encryptedPayload] };
  if (!capability) return post(a, `/codec/${direction}`, json);
  return { method: 'POST', path: `/codec/t/${tokenOf(a) ?? 'no-such-token'}/${direction}`, json };
};

const REFUSAL = { kind: 'REFUSE', reason: 'Оқиғада қылмыстық құқық бұзушылық белгілері жоқ.' };

/** The citizen's petition on the case where he is the confirmed victim, listing `attachments`. */
async function newPetition(erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<string> {
  return (await expectOk(await petitionProbe('citizen', erdr, attachments), 'the citizen petitions')).body.id;
}
async function petitionProbe(a: Actor, erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<Probe> {
  const content = { erdrNumber: erdr, language: 'kk', content: 'Оқиға орнында болған көршімді куә ретінде жауап алуды сұраймын, ол түнде подъезд маңында бөгде адамдарды көрген.', attachments };
  const signedPetition = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, '/api/v1/petitions', { signedPetition }), headers: { 'Idempotency-Key': randomUUID() } };
}

/** The citizen's complaint about the investigator of the case, listing `attachments`. */
async function newComplaint(erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<string> {
  return (await expectOk(await complaintProbe('citizen', erdr, attachments), 'the citizen complains')).body.id;
}
async function complaintProbe(a: Actor, erdr: string, attachments: { id: string; sha256: string }[] = []): Promise<Probe> {
  const content = { erdrNumber: erdr, subject: 'INVESTIGATOR_ACTION', language: 'kk', content: 'Тергеуші өтінішхатымды мерзімінде қарамады.', attachments };
  const signedComplaint = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return { ...post(a, '/api/v1/complaints', { signedComplaint }), headers: { 'Idempotency-Key': randomUUID() } };
}

const DAY_MS = 24 * 3600 * 1000;
/** The investigator sends the case's first document to the translator (000 §5 step 1). */
async function newTranslationTask(erdr: string): Promise<string> {
  const body = { erdrNumber: erdr, documentId: 'd1', translatorIin: sessions.translator.iin, targetLanguage: 'kk', dueAt: new Date(Date.now() + 3 * DAY_MS).toISOString() };
  return (await expectOk({ ...post('investigator', '/api/v1/translations', body), headers: { 'Idempotency-Key': randomUUID() } }, 'a document sent for translation')).body.id;
}
/** A translated file the translator uploaded and signed. */
async function translatorsFile(): Promise<{ id: string; sha256: string }> {
  const { id, sha256 } = (await expectOk(await uploadProbe('translator', await pdfBytes(`Translation ${randomUUID()}`), 'аударма.pdf'), 'the translator uploads')).body;
  return { id, sha256 };
}
async function translationProbe(a: Actor, taskId: string, file: { id: string; sha256: string }): Promise<Probe> {
  const content = { taskId, comment: 'Аударма түпнұсқаға сәйкес орындалды.', language: 'kk', files: [file] };
  const signedTranslation = await signWith(signerOf(a), 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return post(a, `/api/v1/translations/${taskId}/submission`, { signedTranslation });
}
/** A task whose translation is sent and awaits the investigator's review. */
async function translatedTask(erdr: string): Promise<{ translationTaskId: string; translationFile: { id: string; sha256: string } }> {
  const translationTaskId = await newTranslationTask(erdr);
  const translationFile = await translatorsFile();
  await expectOk(await translationProbe('translator', translationTaskId, translationFile), 'the translator sends the translation');
  return { translationTaskId, translationFile };
}

const OPERATIONS: Record<string, Operation> = {
  'GET /health': { request: (a) => get(a, '/health') },
  'GET /ready': { request: (a) => get(a, '/ready') },
  'POST /codec/encode': { request: codec('encode', false) },
  'POST /codec/decode': { request: codec('decode', false) },
  'POST /codec/t/{token}/encode': { request: codec('encode', true) },
  'POST /codec/t/{token}/decode': { request: codec('decode', true) },
  'GET /api/v1/system/links': { request: (a) => get(a, '/api/v1/system/links') },
  'GET /api/v1/openapi.json': { request: (a) => get(a, '/api/v1/openapi.json') },
  'POST /api/v1/auth/challenge': { request: (a) => post(a, '/api/v1/auth/challenge') },
  'POST /api/v1/auth/login': {
    request: async (a) => {
      const challenge = (await send(post('anonymous', '/api/v1/auth/challenge'))).body as { challengeId: string; nonce: string };
      const signature =
        a === 'anonymous'
          ? await signWith('citizen', 'auth', Buffer.from('not the nonce')) // a signature over something else
          : await signWith(a, 'auth', Buffer.from(challenge.nonce, 'base64'));
      return post('anonymous', '/api/v1/auth/login', { challengeId: challenge.challengeId, signature });
    },
  },
  'POST /api/v1/auth/logout': {
    request: (a, o) => {
      if (a !== 'anonymous' && !o.session) throw new Error('logging out needs a session of its own');
      return { method: 'POST', path: '/api/v1/auth/logout', token: a === 'anonymous' ? undefined : o.session };
    },
    own: async (a) => ({ session: (await loginAs(sys.baseUrl, signerOf(a))).token }),
  },
  'GET /api/v1/auth/me': { request: (a) => get(a, '/api/v1/auth/me') },
  'GET /api/v1/dictionaries/regions': { request: (a) => get(a, '/api/v1/dictionaries/regions') },
  'GET /api/v1/dictionaries/regions/{id}/districts': { request: (a) => get(a, `/api/v1/dictionaries/regions/${reportBody.regionId}/districts`) },
  'GET /api/v1/dictionaries/districts/{id}/bodies': { request: (a) => get(a, `/api/v1/dictionaries/districts/${reportBody.districtId}/bodies`) },
  'POST /api/v1/account-applications · REGISTRATION for oneself': { request: (a) => post(a, '/api/v1/account-applications', registration(a)) },
  'POST /api/v1/account-applications · BLOCKING, official of 711303': {
    request: (a, o) => post(a, '/api/v1/account-applications', blocking(o.blockable)),
    own: async () => ({ blockable: await officialToBlock(DEV_OFFICIALS_BODY) }),
  },
  'POST /api/v1/account-applications · BLOCKING, official of 711203': {
    request: (a, o) => post(a, '/api/v1/account-applications', blocking(o.blockableElsewhere)),
    own: async () => ({ blockableElsewhere: await officialToBlock(DEV_OTHER_BODY) }),
  },
  'POST /api/v1/account-applications · BLOCKING, prosecutor of 711303': {
    request: (a, o) => post(a, '/api/v1/account-applications', blocking(o.blockableProsecutor)),
    own: async () => ({ blockableProsecutor: await officialToBlock(DEV_OFFICIALS_BODY, 'prosecutor') }),
  },
  'GET /api/v1/account-applications/{id}': { request: (a, o) => get(a, `/api/v1/account-applications/${o.applicationId}`) },
  'POST /api/v1/account-applications/{id}/decision': {
    request: (a, o) => post(a, `/api/v1/account-applications/${o.applicationId}/decision`, { approve: false, reason: 'Құжаттар толық емес / incomplete' }),
    own: async () => ({ applicationId: await newApplication() }),
    invalid: (a, o) => post(a, `/api/v1/account-applications/${o.applicationId}/decision`, { approve: 'yes' }),
  },
  'POST /api/v1/account-applications/{id}/decision · the operator\'s own': {
    request: (a, o) => post(a, `/api/v1/account-applications/${o.operatorsApplicationId}/decision`, { approve: false, reason: 'Өз өтінімі / own application' }),
    invalid: (a, o) => post(a, `/api/v1/account-applications/${o.operatorsApplicationId}/decision`, { approve: 'yes' }),
  },
  'GET /api/v1/notifications': { request: (a) => get(a, '/api/v1/notifications') },
  'POST /api/v1/notifications/{id}/read': { request: (a, o) => post(a, `/api/v1/notifications/${o.notificationId}/read`) },
  'POST /api/v1/files': { request: async (a) => uploadProbe(a, await pdfBytes(`Upload by ${a}`), 'түбіртек.pdf') },
  'GET /api/v1/files/{id}': { request: (a, o) => get(a, `/api/v1/files/${o.fileId}`) },
  'GET /api/v1/files/{id}/pdf': { request: (a, o) => get(a, `/api/v1/files/${o.fileId}/pdf`) },
  'POST /api/v1/reports': { request: (a) => reportProbe(a) },
  'GET /api/v1/reports': { request: (a) => get(a, '/api/v1/reports') },
  'GET /api/v1/reports/{talon}': { request: (a, o) => get(a, `/api/v1/reports/${o.talon}`) },
  'GET /api/v1/reports/{talon}/materials.zip': { request: (a, o) => get(a, `/api/v1/reports/${o.talon}/materials.zip`) },
  'GET /api/v1/officials/reports': { request: (a) => get(a, '/api/v1/officials/reports') },
  'POST /api/v1/reports/{talon}/kui-registration': {
    request: (a, o) => post(a, `/api/v1/reports/${o.talon}/kui-registration`),
    own: async () => ({ talon: await newReport() }),
  },
  'POST /api/v1/reports/{talon}/decision': {
    request: (a, o) => post(a, `/api/v1/reports/${o.kuiTalon}/decision`, REFUSAL),
    own: async () => ({ kuiTalon: await kuiRegistered() }),
    invalid: (a, o) => post(a, `/api/v1/reports/${o.kuiTalon}/decision`, { kind: 'MAYBE' }),
  },
  'GET /api/v1/officials/cases': { request: (a) => get(a, '/api/v1/officials/cases') },
  'GET /api/v1/cases/{erdr}': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}`) },
  'GET /api/v1/cases/{erdr}/timeline': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}/timeline`) },
  'POST /api/v1/cases/{erdr}/format': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/format`, { format: 'ELECTRONIC' }),
    own: async () => ({ erdr: await newCase() }),
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/format`, { format: 'DIGITAL' }),
  },
  'POST /api/v1/cases/{erdr}/participants': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/participants`, witness()),
    own: async () => ({ erdr: await newCase() }),
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/participants`, { iin: '123', fullName: '', role: 'hero' }),
  },
  'POST /api/v1/cases/{erdr}/participants/{iin}/confirmation': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/participants/${o.participantIin}/confirmation`),
    own: caseWithParticipant,
  },
  'POST /api/v1/cases/{erdr}/supervision': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/supervision`),
    own: async () => ({ erdr: await newCase() }),
  },
  'GET /api/v1/cases/{erdr}/documents/{documentId}': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}/documents/d1`) },
  'GET /api/v1/petitions/available-cases': { request: (a) => get(a, '/api/v1/petitions/available-cases') },
  'POST /api/v1/petitions': { request: (a, o) => petitionProbe(a, o.erdr) },
  'GET /api/v1/petitions': { request: (a) => get(a, '/api/v1/petitions') },
  'GET /api/v1/petitions/{id}': { request: (a, o) => get(a, `/api/v1/petitions/${o.petitionId}`) },
  'GET /api/v1/petitions/{id}/materials.zip': { request: (a, o) => get(a, `/api/v1/petitions/${o.petitionId}/materials.zip`) },
  'GET /api/v1/petitions/{id}/materials/{sha256}': { request: (a, o) => get(a, `/api/v1/petitions/${o.petitionId}/materials/${o.petitionSha}`) },
  'GET /api/v1/officials/petitions': { request: (a) => get(a, '/api/v1/officials/petitions') },
  'POST /api/v1/petitions/{id}/answer': {
    request: (a, o) => post(a, `/api/v1/petitions/${o.petitionId}/answer`, { result: 'REFUSED', text: 'Қанағаттандырудан бас тартылды: негіз жоқ.' }),
    own: async () => ({ petitionId: await newPetition(shared.erdr) }),
    invalid: (a, o) => post(a, `/api/v1/petitions/${o.petitionId}/answer`, { result: 'MAYBE' }),
  },
  'POST /api/v1/complaints': { request: (a, o) => complaintProbe(a, o.erdr) },
  'GET /api/v1/complaints': { request: (a) => get(a, '/api/v1/complaints') },
  'GET /api/v1/complaints/{id}': { request: (a, o) => get(a, `/api/v1/complaints/${o.complaintId}`) },
  'GET /api/v1/complaints/{id}/materials.zip': { request: (a, o) => get(a, `/api/v1/complaints/${o.complaintId}/materials.zip`) },
  'GET /api/v1/complaints/{id}/materials/{sha256}': { request: (a, o) => get(a, `/api/v1/complaints/${o.complaintId}/materials/${o.complaintSha}`) },
  'GET /api/v1/officials/complaints': { request: (a) => get(a, '/api/v1/officials/complaints') },
  'POST /api/v1/complaints/{id}/extension': {
    request: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/extension`, { reason: 'Тергеушіден материалдар сұратылды.' }),
    own: async () => ({ complaintId: await newComplaint(shared.erdr) }),
    invalid: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/extension`, { reason: '' }),
  },
  'POST /api/v1/complaints/{id}/answer': {
    request: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/answer`, { result: 'DISMISSED', text: 'Шағым қанағаттандырусыз қалдырылды.' }),
    own: async () => ({ complaintId: await newComplaint(shared.erdr) }),
    invalid: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/answer`, { result: 'MAYBE' }),
  },
  'POST /api/v1/translations': {
    request: (a, o) => ({ ...post(a, '/api/v1/translations', { erdrNumber: o.translationErdr, documentId: 'd1', translatorIin: sessions.translator.iin, dueAt: new Date(Date.now() + 3 * DAY_MS).toISOString() }), headers: { 'Idempotency-Key': randomUUID() } }),
  },
  'GET /api/v1/translations': { request: (a) => get(a, '/api/v1/translations') },
  'GET /api/v1/translations/completed': { request: (a) => get(a, '/api/v1/translations/completed') },
  'GET /api/v1/translations/{id}': { request: (a, o) => get(a, `/api/v1/translations/${o.translationTaskId}`) },
  'GET /api/v1/translations/{id}/source': { request: (a, o) => get(a, `/api/v1/translations/${o.translationTaskId}/source`) },
  'GET /api/v1/translations/{id}/materials/{sha256}': { request: (a, o) => get(a, `/api/v1/translations/${o.translationTaskId}/materials/${o.translationFile.sha256}`) },
  'POST /api/v1/translations/{id}/submission': {
    request: (a, o) => translationProbe(a, o.translationTaskId, o.translationFile),
    own: async () => ({ translationTaskId: await newTranslationTask(shared.translationErdr), translationFile: await translatorsFile() }),
    invalid: (a, o) => post(a, `/api/v1/translations/${o.translationTaskId}/submission`, { signedTranslation: '' }),
  },
  'POST /api/v1/translations/{id}/review': {
    request: (a, o) => post(a, `/api/v1/translations/${o.translationTaskId}/review`, { decision: 'APPROVE' }),
    own: async () => translatedTask(shared.translationErdr),
    invalid: (a, o) => post(a, `/api/v1/translations/${o.translationTaskId}/review`, { decision: 'MAYBE' }),
  },
  'GET /api/v1/officials/translations': { request: (a) => get(a, '/api/v1/officials/translations') },
  'GET /api/v1/audit/checkpoint': { request: (a) => get(a, '/api/v1/audit/checkpoint') },
  'GET /api/v1/audit/proof/inclusion': { request: (a) => get(a, '/api/v1/audit/proof/inclusion?index=0&size=1') },
  'GET /api/v1/audit/proof/consistency': { request: (a) => get(a, '/api/v1/audit/proof/consistency?from=1&to=1') },
  'GET /api/v1/audit/entries/{index}': { request: (a) => get(a, '/api/v1/audit/entries/0') },
  'POST /api/v1/official-queries · INITIAL_CHECK, a person': {
    request: (a) => post(a, '/api/v1/official-queries', { basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' }, target: { kind: 'PERSON', iin: sessions.citizen.iin } }),
    invalid: (a) => post(a, '/api/v1/official-queries', { basis: { basis: 'INITIAL_CHECK' }, target: { kind: 'PERSON', iin: sessions.citizen.iin } }),
  },
  'GET /api/v1/officials/query-reviews': { request: (a) => get(a, '/api/v1/officials/query-reviews') },
  'GET /api/v1/incidents': { request: (a) => get(a, '/api/v1/incidents') },
  'GET /api/v1/incidents/a7.csv': { request: (a) => get(a, '/api/v1/incidents/a7.csv') },
  'POST /api/v1/incidents/{id}/report': {
    request: (a, o) => post(a, `/api/v1/incidents/${o.incidentId}/report`, { scenario: 'SOFTWARE', causes: 'Жұмысшы процесі тоқтап қалды', measures: 'Қайта іске қосылды', responsible: 'Кезекші оператор' }),
    invalid: (a, o) => post(a, `/api/v1/incidents/${o.incidentId}/report`, { scenario: 'METEOR' }),
  },
  'GET /api/v1/query-reviews/{id}': { request: (a, o) => get(a, `/api/v1/query-reviews/${o.reviewId}`) },
  'POST /api/v1/query-reviews/{id}/marks': {
    request: async (a, o) => post(a, `/api/v1/query-reviews/${o.reviewId}/marks`, { marks: [{ queryId: await firstQueryOf(o.reviewId), justified: true }] }),
    own: async () => ({ reviewId: await newReview() }),
    invalid: (a, o) => post(a, `/api/v1/query-reviews/${o.reviewId}/marks`, { marks: [] }),
  },
  'POST /api/v1/official-queries · ENFORCEMENT, a person': {
    request: (a) => post(a, '/api/v1/official-queries', { basis: { basis: 'ENFORCEMENT', enforcementNumber: '2612-00017' }, target: { kind: 'PERSON', iin: sessions.citizen.iin } }),
  },
  'POST /api/v1/archive-certificates': { request: (a) => archiveProbe(a) },
  'POST /api/v1/archive-certificates/state-corporation': { request: (a) => archiveProbe(a, '/api/v1/archive-certificates/state-corporation') },
  'GET /api/v1/archive-certificates': { request: (a) => get(a, '/api/v1/archive-certificates') },
  'GET /api/v1/officials/archive-certificates': { request: (a) => get(a, '/api/v1/officials/archive-certificates') },
  'GET /api/v1/archive-certificates/{id}': { request: (a, o) => get(a, `/api/v1/archive-certificates/${o.archiveId}`) },
  'GET /api/v1/archive-certificates/{id}/result.pdf': { request: (a, o) => get(a, `/api/v1/archive-certificates/${o.archiveId}/result.pdf`) },
  'POST /api/v1/archive-certificates/{id}/steps': {
    request: (a, o) => post(a, `/api/v1/archive-certificates/${o.archiveId}/steps`, { step: 'register', registrationNumber: 'АС-2' }),
    own: async () => ({ archiveId: await newArchiveRequest('citizen') }),
    invalid: (a, o) => post(a, `/api/v1/archive-certificates/${o.archiveId}/steps`, { step: 'register', registrationNumber: 5 }),
  },
  'POST /api/v1/offence-information': { request: (a) => offenceProbe(a) },
  'GET /api/v1/offence-information/{id}': { request: (a, o) => get(a, `/api/v1/offence-information/${o.offenceId}`) },
  'GET /api/v1/offence-information/{id}/result.pdf': { request: (a, o) => get(a, `/api/v1/offence-information/${o.offenceId}/result.pdf`) },
  'GET /api/v1/statistics/deadlines': { request: (a) => get(a, '/api/v1/statistics/deadlines') },
  'GET /api/v1/decisions/{erdr}': { request: (a, o) => get(a, `/api/v1/decisions/${o.erdr}`) },
  'GET /api/v1/decisions/{erdr}/materials/{documentId}': { request: (a, o) => get(a, `/api/v1/decisions/${o.erdr}/materials/d2`) },
  'GET /api/v1/decisions/{erdr}/materials.zip': { request: (a, o) => get(a, `/api/v1/decisions/${o.erdr}/materials.zip`) },
  'POST /api/v1/cases/{erdr}/material-access': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access`, { iin: o.participantIin, documentIds: ['d1'] }),
    own: caseWithDocumentsAndParticipant,
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access`, { iin: '123', documentIds: [] }),
  },
  'POST /api/v1/cases/{erdr}/material-access/revocation': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access/revocation`, { iin: o.participantIin, documentIds: ['d1'] }),
    own: caseWithDocumentsAndParticipant,
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access/revocation`, { iin: '123', documentIds: [] }),
  },
  'GET /api/v1/cases/{erdr}/access-journal': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}/access-journal`) },
  'GET /api/v1/profile': { request: (a) => get(a, '/api/v1/profile') },
  // The same mobile the caller saved at login: no SMS code is sent.
  'PUT /api/v1/profile': {
    request: (a) => ({ method: 'PUT', path: '/api/v1/profile', token: tokenOf(a), json: { mobile: devMobileOf(sessions[signerOf(a)].iin), email: `${signerOf(a)}@example.kz`, locale: 'kk' } }),
    invalid: (a) => ({ method: 'PUT', path: '/api/v1/profile', token: tokenOf(a), json: { mobile: '123' } }),
  },
  'POST /api/v1/profile/mobile-confirmation': { request: (a) => post(a, '/api/v1/profile/mobile-confirmation', { code: '123456' }) },
  'DELETE /api/v1/profile/mobile-change': { request: (a) => ({ method: 'DELETE', path: '/api/v1/profile/mobile-change', token: tokenOf(a) }) },
};

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The operations the app serves

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `METHOD /path/{param}` of every route in an Express 5 router stack (routers mounted under a prefix included). */
function servedOperations(app: Express): string[] {
  const found: string[] = [];
  const visit = (stack: any[], prefix: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const layer of stack) {
      if (layer.route) {
        // A route may serve several paths (`app.post([...], limit)`); each needs its row.
        for (const p of [layer.route.path].flat()) {
          if (typeof p !== 'string') throw new Error(`a route on ${String(p)} cannot be given a row`);
          for (const method of Object.keys(layer.route.methods)) {
            if (method === '_all') throw new Error(`app.all('${p}') cannot be given a row per method`);
            found.push(`${method.toUpperCase()} ${prefix}${p.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        visit(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : String(layer.rawPath)));
      }
    }
  };
  visit((app as any).router.stack, ''); // eslint-disable-line @typescript-eslint/no-explicit-any
  return [...new Set(found)].sort();
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

beforeAll(async () => {
  sys = await startTestSystem();
  await Promise.all(
    ACTORS.filter((a): a is Person => a !== 'anonymous').map(async (a) => {
      const { token, user } = await loginAs(sys.baseUrl, a);
      sessions[a] = { token, iin: user.iin, name: user.name };
    }),
  );

  const codecOf = new EncryptionCodec(sys.keys);
  const plain = defaultPayloadConverter.toPayload({ талон: 'payload' })!;
  plainPayload = asJson(plain);
  encryptedPayload = asJson((await codecOf.encode([plain]))[0]);

  // The citizen's files, listed in his report: a DOCX (converted to PDF at intake) and a PDF.
  const docx = makeDocx(['Түсініктеме: ұрланған заттардың тізімі.']);
  const files: { id: string; sha256: string }[] = [];
  for (const [bytes, name] of [[docx, 'түсініктеме.docx'], [await pdfBytes('Receipt'), 'чек.pdf']] as const) {
    files.push((await expectOk(await uploadProbe('citizen', bytes, name), 'the citizen uploads')).body);
  }
  const talon = await newReport(reportContent({ attachments: files.map((f) => ({ id: f.id, sha256: f.sha256 })) }));
  const [kuiTalon, erdr, applicationId, operatorsApplicationId, blockable, blockableElsewhere, blockableProsecutor] = await Promise.all([
    kuiRegistered(),
    newCase(),
    newApplication(),
    newApplication('operator'),
    officialToBlock(DEV_OFFICIALS_BODY),
    officialToBlock(DEV_OTHER_BODY),
    officialToBlock(DEV_OFFICIALS_BODY, 'prosecutor'),
  ]);

  // The case: supervised by the body's prosecutor, the citizen a confirmed victim, a witness not yet confirmed.
  await expectOk(post('prosecutor', `/api/v1/cases/${erdr}/supervision`), 'supervision');
  const citizen = sessions.citizen;
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants`, { iin: citizen.iin, fullName: citizen.name, role: 'victim' }), 'the victim added');
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants/${citizen.iin}/confirmation`), 'the victim confirmed');
  const w = witness();
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants`, w), 'a witness added');

  // The documents generated at registration (d1 is read below).
  const generated = await waitFor(() => send(get('investigator', `/api/v1/cases/${erdr}`)), (r) => r.body?.documents?.length >= 3, 60_000);
  if (!(generated.body?.documents?.length >= 3)) throw new Error('the case documents were not generated');
  // 000 §4.9: d2 opened to the citizen for familiarisation (d1 stays closed to him).
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/material-access`, { iin: citizen.iin, documentIds: ['d2'] }), 'familiarisation granted');
  // His petition on the case, with an attachment (the confirmation reaches the participants' list in the background).
  await waitFor(() => sys.db.prisma.caseParticipant.findFirst({ where: { erdrNumber: erdr, iin: citizen.iin } }), (r) => !!r, 60_000);
  const petitionFile = (await expectOk(await uploadProbe('citizen', await pdfBytes('Petition attachment'), 'өтінішхат.pdf'), 'the citizen uploads')).body as { id: string; sha256: string };
  const petitionId = await newPetition(erdr, [{ id: petitionFile.id, sha256: petitionFile.sha256 }]);
  await waitFor(() => sys.db.prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: petitionId } }), (m) => !!m, 60_000);
  const complaintId = await newComplaint(erdr, [{ id: petitionFile.id, sha256: petitionFile.sha256 }]);
  await waitFor(() => sys.db.prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: complaintId } }), (m) => !!m, 60_000);

  // A second case whose confirmed translator is the translator, with a document sent to him and translated (000 §5).
  const translationErdr = await newCase();
  const tr = sessions.translator;
  await expectOk(post('investigator', `/api/v1/cases/${translationErdr}/participants`, { iin: tr.iin, fullName: tr.name, role: 'translator' }), 'the translator added');
  await expectOk(post('investigator', `/api/v1/cases/${translationErdr}/participants/${tr.iin}/confirmation`), 'the translator confirmed');
  await waitFor(() => sys.db.prisma.caseParticipant.findFirst({ where: { erdrNumber: translationErdr, iin: tr.iin } }), (r) => !!r, 60_000);
  await waitFor(() => send(get('investigator', `/api/v1/cases/${translationErdr}`)), (r) => r.body?.documents?.length >= 3, 60_000);
  const translation = await translatedTask(translationErdr);

  // The intake has stored the materials (the DOCX converted) and told the citizen.
  const stored = await waitFor(() => sys.db.prisma.storedFile.findUnique({ where: { id: files[0].id } }), (f) => !!f?.pdfSha256, 120_000);
  if (!stored?.pdfSha256) throw new Error('the DOCX was not converted to PDF');
  const notice = await waitFor(() => sys.db.prisma.notification.findFirst({ where: { iin: citizen.iin }, orderBy: { id: 'asc' } }), (n) => !!n, 60_000);
  if (!notice) throw new Error('the citizen was not notified');

  // His archive certificate request taken as far as the head's signature (004 A-p.5.1–5.4), and his offence information.
  const archiveId = await newArchiveRequest('citizen');
  for (const [by, step] of [
    ['registry_officer', { step: 'register', registrationNumber: 'АС-1' }],
    ['head', { step: 'assign', executorIin: sessions.investigator.iin }],
    ['investigator', { step: 'draft', outcome: 'NO_INFORMATION', findings: 'Картотекалар толық қаралды.' }],
    ['head', { step: 'sign' }],
  ] as const) await expectOk(post(by, `/api/v1/archive-certificates/${archiveId}/steps`, step), `archive step ${step.step}`);
  const offenceId = (await expectOk(await offenceProbe('citizen'), 'the citizen asks for offence information')).body.id as string;
  await waitFor(() => sys.db.prisma.stateServiceRequest.findUnique({ where: { id: offenceId } }), (r) => !!r?.resultSha256, 60_000);

  shared = { talon, kuiTalon, fileId: files[0].id, erdr, participantIin: w.iin, applicationId, notificationId: notice.id.toString(), blockable, blockableElsewhere, blockableProsecutor, operatorsApplicationId, petitionId, petitionSha: petitionFile.sha256, complaintId, complaintSha: petitionFile.sha256, translationErdr, ...translation, archiveId, offenceId };
  missing = {
    ...shared,
    talon: '269999999999999',
    kuiTalon: '269999999999998',
    fileId: randomUUID(),
    erdr: '999999999999999',
    applicationId: randomUUID(),
    operatorsApplicationId: randomUUID(),
    notificationId: '999999999999',
    petitionId: randomUUID(),
    complaintId: randomUUID(),
    translationTaskId: randomUUID(),
    archiveId: randomUUID(),
    offenceId: randomUUID(),
  };
}, 300_000);

/** A review of body 711303 over the last minute, holding (at least) one fresh query of its investigator. */
async function newReview(): Promise<string> {
  await expectOk(post('investigator', '/api/v1/official-queries', { basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' }, target: { kind: 'PERSON', iin: sessions.citizen.iin } }), 'an official query');
  const now = Date.now();
  const handle = await sys.client.workflow.start('queryReviewWorkflow', {
    args: [{ bodyCode: DEV_OFFICIALS_BODY, period: { label: 'matrix', from: new Date(now - 60_000).toISOString(), to: new Date(now + 60 * 60_000).toISOString() } }],
    taskQueue: sys.taskQueue,
    workflowId: `query-review-${DEV_OFFICIALS_BODY}-m${randomUUID().slice(0, 8)}`,
  });
  const collected = await waitFor(() => handle.query<{ queries: unknown[] }>('getQueryReview').catch(() => ({ queries: [] })), (st) => st.queries.length > 0);
  if (!collected.queries.length) throw new Error('the review collected no query');
  return handle.workflowId;
}

/** The first query of a review, if it is one (a stranger's request names a made-up query). */
async function firstQueryOf(reviewId?: string): Promise<string | undefined> {
  if (!reviewId) return undefined;
  const state = await sys.client.workflow.getHandle(reviewId).query<{ queries: { queryId: string }[] }>('getQueryReview').catch(() => undefined);
  return state ? state.queries[0]?.queryId : randomUUID();
}

beforeAll(async () => {
  shared.reviewId = await newReview();
  missing.reviewId = `query-review-${DEV_OFFICIALS_BODY}-missing`;
  shared.incidentId = `REPORT_INTAKE_DELAY-${new Date(Date.now() - 2 * 60 * 60_000).toISOString()}`;
  await sys.db.prisma.incident.create({ data: { id: shared.incidentId, kind: 'REPORT_INTAKE_DELAY', startedAt: new Date(Date.now() - 2 * 60 * 60_000), detail: { waitingReports: 3 } } });
  missing.incidentId = 'REPORT_INTAKE_DELAY-1999-01-01T00:00:00.000Z';
}, 60_000);

afterAll(async () => {
  await sys?.stop();
});

test('every development person is a column, and every operation the app serves has a row', async () => {
  expect([...ACTORS].sort()).toEqual(['anonymous', ...DEV_ROLES].sort());
  expect(DEV_GRANTS.investigator_other_body?.bodyCode).not.toBe(DEV_OFFICIALS_BODY);

  // The routes of the app as platform/system.ts wires it (its dependencies are not called while wiring).
  const app = buildApp({
    config: sys.config,
    db: sys.db,
    client: sys.client,
    keys: sys.keys,
    codecToken: sys.codecToken,
    signatures: {} as never,
    files: sys.files,
    searchPseudonym: searchPseudonymOf(sys.config, sys.keys),
  });
  const served = servedOperations(app);
  expect(served).toEqual(expect.arrayContaining(['GET /health', 'POST /api/v1/reports/{talon}/decision', 'POST /codec/t/{token}/decode']));
  // …and as the running system documents them.
  const doc = (await send(get('anonymous', '/api/v1/openapi.json'))).body as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths)
    .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
  expect(served).toEqual(documented);

  const rows = [...new Set(Object.keys(MATRIX).map(operationOf))].sort();
  expect({ withoutRow: served.filter((op) => !rows.includes(op)), notServed: rows.filter((op) => !served.includes(op)) }).toEqual({ withoutRow: [], notServed: [] });
  expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(MATRIX).sort());
  for (const row of Object.keys(MATRIX)) expectations(row);
});

/** What each caller got, by row. */
const observed: Record<string, Partial<Record<Actor, Answer>>> = {};

test('every caller gets what the matrix says, for every operation', async () => {
  // Objects of their own for the callers let through, made ahead, a few at a time.
  let running = 0;
  const waiting: (() => void)[] = [];
  const throttled = async <T>(work: () => Promise<T>): Promise<T> => {
    while (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  const owned = new Map<string, Promise<Partial<Objects>>>();
  for (const row of Object.keys(MATRIX)) {
    const own = OPERATIONS[row].own;
    if (!own) continue;
    for (const [a, outcome] of Object.entries(expectations(row)) as [Actor, Outcome][]) {
      if (outcome !== '2xx') continue;
      const made = throttled(() => own(a));
      made.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      owned.set(`${row}|${a}`, made);
    }
  }

  const mismatches: string[] = [];
  for (const row of Object.keys(MATRIX)) {
    const expected = expectations(row);
    observed[row] = {};
    // Refused callers first: nobody let through has changed anything when they ask.
    const order = [...ACTORS].sort((x, y) => Number(expected[x] === '2xx' || expected[x] === 409) - Number(expected[y] === '2xx' || expected[y] === 409));
    for (const a of order) {
      const objects = owned.has(`${row}|${a}`) ? { ...shared, ...(await owned.get(`${row}|${a}`)) } : shared;
      const answer = await send(await OPERATIONS[row].request(a, objects));
      observed[row][a] = answer;
      if (outcomeOf(answer.status) !== expected[a]) {
        mismatches.push(`${row} as ${a}: expected ${expected[a]}, got ${answer.status} ${answer.body?.error?.code ?? ''} ${answer.body?.error?.message ?? ''}`.trim());
      }
    }
  }

  const cells = Object.keys(MATRIX).length * ACTORS.length;
  expect(Object.values(observed).reduce((n, r) => n + Object.keys(r).length, 0)).toBe(cells);
  if (mismatches.length) {
    const width = Math.max(...Object.keys(MATRIX).map((r) => r.length));
    const table = Object.keys(MATRIX).map((row) => `${row.padEnd(width)}  ${ACTORS.map((a) => String(outcomeOf(observed[row][a]!.status)).replace('2xx', 'ok').padEnd(4)).join(' ')}`);
    throw new Error(`${mismatches.length} of ${cells} cells differ:\n${mismatches.join('\n')}\n\nObserved:\n${table.join('\n')}`);
  }
}, 600_000);

test('a stranger\'s 404 is the 404 of an object that does not exist', async () => {
  const differences: string[] = [];
  for (const row of Object.keys(MATRIX)) {
    for (const [a, outcome] of Object.entries(expectations(row)) as [Actor, Outcome][]) {
      if (outcome !== 404 || KNOWN_TO_THE_CALLER[row]?.includes(a)) continue;
      const real = observed[row][a]!;
      const none = await send(await OPERATIONS[row].request(a, missing));
      if (none.status !== real.status || JSON.stringify(none.body) !== JSON.stringify(real.body)) {
        differences.push(`${row} as ${a}: ${real.status} ${JSON.stringify(real.body)} but for nothing ${none.status} ${JSON.stringify(none.body)}`);
      }
    }
  }
  expect(differences).toEqual([]);
}, 120_000);

test('an invalid body does not change a refusal: authorisation answers before validation', async () => {
  const differences: string[] = [];
  for (const row of Object.keys(MATRIX)) {
    const invalid = OPERATIONS[row].invalid;
    if (!invalid) continue;
    for (const [a, outcome] of Object.entries(expectations(row)) as [Actor, Outcome][]) {
      if (outcome === '2xx' || outcome === 409) continue;
      const r = await send(invalid(a, shared));
      if (r.status !== outcome || r.body?.error?.code !== observed[row][a]!.body?.error?.code) differences.push(`${row} as ${a}: ${r.status} ${r.body?.error?.code}`);
    }
  }
  expect(differences).toEqual([]);
}, 120_000);

test('lists hold only the caller\'s own: no other citizen\'s reports or notices, no other body\'s queue or cases', async () => {
  const theirs = await sys.db.prisma.report.findMany({ where: { applicantIin: sessions.citizen.iin }, select: { talon: true } });
  const talons = new Set(theirs.map((r) => r.talon));
  expect(talons.has(shared.talon)).toBe(true);
  const items = (row: string, a: Actor) => (observed[row][a]!.body.items as { talon?: string; erdrNumber?: string; id?: string }[]);

  expect(items('GET /api/v1/reports', 'citizen').map((r) => r.talon)).toContain(shared.talon);
  expect(items('GET /api/v1/reports', 'citizen2').filter((r) => talons.has(r.talon!))).toEqual([]);
  const notices = await sys.db.prisma.notification.findMany({ where: { iin: sessions.citizen.iin }, select: { id: true } });
  const noticeIds = new Set(notices.map((n) => n.id.toString()));
  expect(items('GET /api/v1/notifications', 'citizen').some((n) => noticeIds.has(n.id!))).toBe(true);
  expect(items('GET /api/v1/notifications', 'citizen2').filter((n) => noticeIds.has(n.id!))).toEqual([]);

  // Officials of body 711303 have the citizen's report in their queue; those of 711203 do not.
  expect(items('GET /api/v1/officials/reports', 'registry_officer').map((r) => r.talon)).toContain(shared.talon);
  for (const a of ['investigator_other_body', 'registry_officer_other_body'] as const) {
    expect(items('GET /api/v1/officials/reports', a).filter((r) => talons.has(r.talon!))).toEqual([]);
  }
  expect(items('GET /api/v1/officials/cases', 'investigator_other_body').filter((c) => c.erdrNumber === shared.erdr)).toEqual([]);

  // Who is logged in is who the session says, for everyone.
  for (const a of ACTORS) if (a !== 'anonymous') expect(observed['GET /api/v1/auth/me'][a]!.body.user.iin).toBe(sessions[a].iin);
  // The victim sees his own part of the case, not the officials' record.
  expect(observed['GET /api/v1/cases/{erdr}'].citizen!.body).toMatchObject({ access: 'public', erdrNumber: shared.erdr });
  expect(observed['GET /api/v1/cases/{erdr}'].citizen!.body).not.toHaveProperty('events');
});
