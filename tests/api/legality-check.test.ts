// The prosecutor's legality check over the whole system (002 P8, p.54–56): a prosecutor of the body
// opens it on a signed PDF resolution; the answer made from the audit log lists exactly the body's
// query entries of the period, and every inclusion proof verifies against the signed checkpoint —
// with the project's verifier and with the RFC 6962 root recomputed here from scratch; the PDF
// extract comes with it; the operator signs it off, the prosecutor records violations, which become
// an incident and a blocking proposal; every step is in the log.
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { astanaTime } from '../../domain/astana-time';
import { extractPdfText } from '../../documents/pdf-text';
import { auditLogSigner } from '../../platform/audit';
import { openCheckpoint } from '../../platform/audit-witness';
import { verifyInclusion } from '../../platform/tlog';
import { callApi, downloadFrom, uploadSigned } from '../helpers/api';
import { loginAs } from '../helpers/pki';
import { startTestSystem, type TestSystem } from '../helpers/system';

let sys: TestSystem;
const who: Record<string, { token: string; iin: string }> = {};

beforeAll(async () => {
  sys = await startTestSystem();
  for (const role of ['investigator', 'investigator_other_body', 'prosecutor', 'operator', 'head', 'citizen'] as const) {
    const { token, user } = await loginAs(sys.baseUrl, role);
    who[role] = { token, iin: user.iin };
  }
}, 180_000);

afterAll(async () => {
  await sys?.stop();
});

const sha256 = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const b64 = (s: string) => Buffer.from(s, 'base64');

/**
 * RFC 9162 §2.1.3.2, written here from the RFC alone (not platform/tlog.ts): the root a leaf hash
 * and its inclusion path give for leaf `index` of a tree of `size` leaves.
 */
function rootFromInclusionPath(index: number, size: number, leafHash: Buffer, path: Buffer[]): Buffer {
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new Error('path too long');
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.from([1]), p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = sha256(Buffer.from([1]), r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn !== 0) throw new Error('path too short');
  return r;
}

async function resolutionPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return Buffer.from(await doc.save());
}

const initialCheck = (role: string, iin: string) =>
  callApi(sys.baseUrl, 'POST', '/api/v1/official-queries', {
    token: who[role].token,
    body: { basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' }, target: { kind: 'PERSON', iin } },
  });

test('open → answer from the log with proofs that verify → operator’s sign-off → violations recorded, every step journalled', async () => {
  // The body's officials query; an official of another body too (not in this body's answer).
  const sent = [await initialCheck('investigator', who.citizen.iin), await initialCheck('investigator', '900101300999')];
  const refused = await callApi(sys.baseUrl, 'POST', '/api/v1/official-queries', {
    token: who.investigator.token,
    body: { basis: { basis: 'ENFORCEMENT', enforcementNumber: '02-1234-26' }, target: { kind: 'PERSON', iin: who.citizen.iin } },
  });
  const other = await initialCheck('investigator_other_body', who.citizen.iin);
  expect([...sent, other].map((r) => r.status)).toEqual([200, 200, 200]);
  expect(refused.status).toBe(403);
  // A checkpoint that covers them (the API also signs one every few seconds by itself).
  expect((await fetch(`${sys.baseUrl}/api/v1/audit/checkpoint?fresh=true`)).status).toBe(200);

  const today = astanaTime(new Date()).slice(0, 10);
  const pdf = await resolutionPdf('Resolution on conducting a check No. 2-0317-26');
  const file = await uploadSigned(sys.baseUrl, 'prosecutor', who.prosecutor.token, pdf, 'қаулы.pdf');
  const request = {
    resolution: { fileId: file.id, sha256: file.sha256 },
    resolutionNumber: '2-0317-26',
    bodyCode: '711303',
    period: { from: today, to: today },
  };

  // Only a prosecutor, and only one supervising the body.
  expect((await callApi(sys.baseUrl, 'POST', '/api/v1/legality-checks', { token: who.investigator.token, body: request })).status).toBe(403);
  const elsewhere = await callApi(sys.baseUrl, 'POST', '/api/v1/legality-checks', { token: who.prosecutor.token, body: { ...request, bodyCode: '711203' } });
  expect(elsewhere).toMatchObject({
    status: 403,
    body: { error: { code: 'NOT_SUPERVISING_BODY', localised: { kk: expect.any(String), ru: expect.any(String) } } },
  });

  const opened = await callApi(sys.baseUrl, 'POST', '/api/v1/legality-checks', { token: who.prosecutor.token, body: request });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({
    bodyCode: '711303',
    prosecutorIin: who.prosecutor.iin,
    status: 'AWAITING_ANSWER',
    period: { label: `${today}..${today}` },
  });
  const id = opened.body.checkId;
  // A retry of the same opening is the same check.
  expect((await callApi(sys.baseUrl, 'POST', '/api/v1/legality-checks', { token: who.prosecutor.token, body: request })).body.checkId).toBe(id);

  let check: any;
  for (let i = 0; i < 120 && !check?.answer; i++) {
    check = (await callApi(sys.baseUrl, 'GET', `/api/v1/legality-checks/${id}`, { token: who.operator.token })).body;
    if (!check.answer) await new Promise((r) => setTimeout(r, 250));
  }
  expect(check.answer).toMatchObject({ complete: true, json: `/api/v1/legality-checks/${id}/answer` });
  expect(check.deadlines).toEqual([expect.objectContaining({ rule: 'legalityCheck.answer', state: 'pending' })]);

  // The JSON answer: exactly the body's query entries of the period, answered and refused.
  const json = await downloadFrom(sys.baseUrl, `/api/v1/legality-checks/${id}/answer`, who.prosecutor.token);
  expect(json.status).toBe(200);
  expect(createHash('sha256').update(json.bytes).digest('hex')).toBe(check.answer.jsonSha256);
  const answer = JSON.parse(json.bytes.toString('utf8'));
  const subjects = answer.entries.map((e: any) => e.subject);
  for (const r of sent) expect(subjects).toContain(`official-query/${r.body.queryId}`);
  expect(subjects).not.toContain(`official-query/${other.body.queryId}`);
  expect(answer.entries.some((e: any) => e.action === 'official-query.refused' && e.actor === who.investigator.iin)).toBe(true);
  expect(answer.entries.every((e: any) => e.detail.bodies.includes('711303'))).toBe(true);

  // The checkpoint is the log's, signed with its key; every proof verifies against it, two ways.
  const { signer } = auditLogSigner({ configured: sys.config.AUDIT_LOG_SIGNER_KEY, origin: sys.config.AUDIT_LOG_ORIGIN, codecKeys: sys.keys });
  const cp = openCheckpoint(answer.checkpoint.note, signer.verifierKey);
  expect([cp.size, cp.root.toString('base64')]).toEqual([answer.checkpoint.size, answer.checkpoint.rootHash]);
  expect(answer.entries.length).toBeGreaterThanOrEqual(3);
  for (const e of answer.entries) {
    const entry = b64(e.entry);
    const leaf = sha256(Buffer.from([0]), entry);
    expect(leaf.toString('base64')).toBe(e.leafHash);
    expect(JSON.parse(entry.toString('utf8'))).toMatchObject({ actor: e.actor, action: e.action, subject: e.subject });
    const path = e.inclusionProof.map(b64);
    expect(verifyInclusion({ index: e.index, size: cp.size, leaf, proof: path, root: cp.root })).toBe(true);
    expect(rootFromInclusionPath(e.index, cp.size, leaf, path).equals(cp.root)).toBe(true);
    // Changing the entry breaks it.
    const forged = sha256(Buffer.from([0]), Buffer.from(entry.toString('utf8').replace(e.actor, '000000000000')));
    expect(rootFromInclusionPath(e.index, cp.size, forged, path).equals(cp.root)).toBe(false);
  }
  // And the log still holds the same entries under the same proofs.
  const first = answer.entries[0];
  const live = await callApi(sys.baseUrl, 'GET', `/api/v1/audit/proof/inclusion?index=${first.index}&size=${cp.size}`);
  expect(live.body).toMatchObject({ leafHash: first.leafHash, hashes: first.inclusionProof });

  // The PDF extract: the same entries by log index.
  const extract = await downloadFrom(sys.baseUrl, `/api/v1/legality-checks/${id}/answer.pdf`, who.operator.token);
  expect(extract.type).toBe('application/pdf');
  expect(createHash('sha256').update(extract.bytes).digest('hex')).toBe(check.answer.pdfSha256);
  // Table cells wrap: compared without the spaces.
  const text = (await extractPdfText(extract.bytes)).replace(/\s+/g, '');
  expect(text).toContain('2-0317-26');
  expect(text).toContain(who.investigator.iin);
  expect(text).not.toContain(who.investigator_other_body.iin);

  // Outsiders see no check; the outcome waits for the operator's answer.
  expect((await callApi(sys.baseUrl, 'GET', `/api/v1/legality-checks/${id}`, { token: who.head.token })).status).toBe(403);
  const early = await callApi(sys.baseUrl, 'POST', `/api/v1/legality-checks/${id}/outcome`, {
    token: who.prosecutor.token,
    body: { outcome: 'NO_VIOLATIONS' },
  });
  expect(early).toMatchObject({ status: 409, body: { error: { code: 'NOT_ANSWERED' } } });

  const confirmed = await callApi(sys.baseUrl, 'POST', `/api/v1/legality-checks/${id}/answer`, {
    token: who.operator.token,
    body: { note: 'Журналдан үзінді қоса беріледі' },
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject({ status: 'ANSWERED', confirmation: { operatorIin: who.operator.iin, at: expect.stringMatching(/\+05:00$/) } });
  expect((await callApi(sys.baseUrl, 'POST', `/api/v1/legality-checks/${id}/answer`, { token: who.operator.token, body: {} })).body.error.code).toBe(
    'ALREADY_ANSWERED',
  );

  const illegal = answer.entries.find((e: any) => e.subject === `official-query/${sent[1].body.queryId}`);
  const outcome = await callApi(sys.baseUrl, 'POST', `/api/v1/legality-checks/${id}/outcome`, {
    token: who.prosecutor.token,
    body: {
      outcome: 'VIOLATIONS_FOUND',
      description: 'Қызметтік қажеттіліксіз алынған мәліметтер',
      violations: [{ index: illegal.index, reason: 'Тексерумен байланысы жоқ адам' }],
    },
  });
  expect(outcome.status).toBe(200);
  expect(outcome.body).toMatchObject({
    status: 'VIOLATIONS_FOUND',
    outcome: { violations: [{ index: illegal.index, queryId: sent[1].body.queryId, officialIin: who.investigator.iin }] },
  });

  // Every step in the log: the check's own entries, the incident and the blocking proposal.
  const steps = await sys.db.prisma.auditEvent.findMany({ where: { subject: `legality-check/${id}` }, orderBy: { id: 'asc' } });
  expect(steps.map((s) => s.action).filter((a) => a !== 'legality-check.answer-read')).toEqual([
    'legality-check.opened',
    'legality-check.requested',
    'legality-check.answered',
    'legality-check.liability-raised',
  ]);
  expect(steps.filter((s) => s.action === 'legality-check.answer-read').length).toBe(2);
  expect(await sys.db.prisma.auditEvent.count({ where: { action: 'incident.illegal-query', subject: `official-query/${sent[1].body.queryId}` } })).toBe(1);
  expect(await sys.db.prisma.auditEvent.count({ where: { action: 'legality-check.blocking-proposed', subject: `account/${who.investigator.iin}` } })).toBe(1);

  // Listed for the body's prosecutor and for operators.
  for (const reader of ['prosecutor', 'operator']) {
    const list = await callApi(sys.baseUrl, 'GET', '/api/v1/legality-checks', { token: who[reader].token });
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: id, bodyCode: '711303' })]));
  }
}, 120_000);

test('a resolution that is not the prosecutor’s own signed PDF is not accepted', async () => {
  const today = astanaTime(new Date()).slice(0, 10);
  const citizenFile = await uploadSigned(sys.baseUrl, 'citizen', who.citizen.token, await resolutionPdf('not a resolution'), 'a.pdf');
  const res = await callApi(sys.baseUrl, 'POST', '/api/v1/legality-checks', {
    token: who.prosecutor.token,
    body: { resolution: { fileId: citizenFile.id, sha256: citizenFile.sha256 }, resolutionNumber: '1', bodyCode: '711303', period: { from: today, to: today } },
  });
  expect(res).toMatchObject({
    status: 422,
    body: { error: { code: 'RESOLUTION_NOT_ACCEPTED', localised: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) } } },
  });
  const future = await callApi(sys.baseUrl, 'POST', '/api/v1/legality-checks', {
    token: who.prosecutor.token,
    body: {
      resolution: { fileId: citizenFile.id, sha256: citizenFile.sha256 },
      resolutionNumber: '1',
      bodyCode: '711303',
      period: { from: '2099-01-01', to: '2099-01-02' },
    },
  });
  expect(future).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', fields: { period: expect.stringMatching(/not begun/) } } } });
});
