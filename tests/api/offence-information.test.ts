// Administrative-offence information through the API on real parts (004, Regulation B): the citizen
// signs the request about himself, the workflow registers, verifies and issues the certificate on
// its own; the PDF's Kazakh and Russian text lists the offences on record; its detached signature
// is the authorised person's and verifies against the PDF; the service time is measured and kept.
// A request about someone else is refused (IIN mismatch); a stranger cannot read it.
import { randomUUID } from 'node:crypto';
import { extractPdfText } from '../../documents/pdf-text';
import { createSignatureService } from '../../eds/service';
import type { DevRole } from '../../eds/dev-pki';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, type CallOptions } from '../helpers/api';
import { loginAs, signWith, testPki } from '../helpers/pki';
import { waitFor } from '../helpers/report';

let sys: TestSystem;
type Session = { token: string; user: any };
let citizen: Session;
let citizen2: Session;
let head: Session;

jest.setTimeout(180_000);

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, citizen2, head] = await Promise.all((['citizen', 'citizen2', 'head'] as const).map((r) => loginAs(sys.baseUrl, r)));
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);
const submit = async (role: DevRole, token: string, content: object) => {
  const signedRequest = await signWith(role, 'sign', Buffer.from(JSON.stringify(content), 'utf8'), true);
  return call('POST', '/api/v1/offence-information', { token, body: { signedRequest }, headers: { 'Idempotency-Key': randomUUID() } });
};

test('signed request → registered, verified, certificate signed by the authorised person in the cabinet; the offences in the PDF; the service time kept', async () => {
  await sys.db.prisma.administrativeOffence.createMany({
    data: [
      { iin: citizen.user.iin, article: '434 ч.1 КоАП', decidedAt: new Date('2025-03-14'), bodyName: 'УАП ДП г. Астаны', penalty: 'штраф 5 МРП' },
      { iin: citizen2.user.iin, article: '610 ч.2 КоАП', decidedAt: new Date('2024-01-09'), bodyName: 'УАП ДП г. Алматы', penalty: 'штраф 20 МРП' },
    ],
  });
  const accepted = await submit('citizen', citizen.token, { recipientIin: citizen.user.iin, language: 'ru' });
  expect(accepted.status).toBe(202);
  const id = accepted.body.id as string;
  const done = await waitFor(
    () => call('GET', `/api/v1/offence-information/${id}`, { token: citizen.token }),
    // Delivered, and the deadline book has closed its records (a moment after the status moves).
    (r) => r.body?.status === 'DELIVERED' && r.body.state?.deadlines.every((d: { state: string }) => d.state !== 'pending'),
  );
  expect(done.body).toMatchObject({
    status: 'DELIVERED',
    statusLabel: { kk: 'Нәтиже жеке кабинетке жіберілді' },
    serviceLevel: { limitMs: 15 * 60_000, met: true },
  });
  expect(done.body.serviceLevel.ms).toBeGreaterThan(0);
  expect(done.body.serviceLevel.ms).toBeLessThan(60_000);
  expect(done.body.state.deadlines.map((d: any) => [d.rule, d.state]).sort()).toEqual([
    ['offence.register', 'met'],
    ['offence.result', 'met'],
    ['offence.service', 'met'],
    ['offence.verify', 'met'],
  ]);

  const res = await fetch(`${sys.baseUrl}/api/v1/offence-information/${id}/result.pdf`, { headers: { Authorization: `Bearer ${citizen.token}` } });
  expect(res.status).toBe(200);
  const pdf = new Uint8Array(await res.arrayBuffer());
  // Lines wrap where the page ends: compare with the white space folded.
  const text = (await extractPdfText(pdf)).replace(/\s+/g, ' ');
  expect(text).toContain('СПРАВКА ОБ АДМИНИСТРАТИВНЫХ ПРАВОНАРУШЕНИЯХ');
  expect(text).toContain('ӘКІМШІЛІК ҚҰҚЫҚ БҰЗУШЫЛЫҚ ТУРАЛЫ АНЫҚТАМА');
  expect(text).toContain('434 ч.1 КоАП');
  expect(text).not.toContain('610 ч.2 КоАП');
  expect(text).toContain(citizen.user.iin);
  expect(text).toContain(head.user.name);
  expect(text.indexOf('СПРАВКА ОБ')).toBeLessThan(text.indexOf('ӘКІМШІЛІК ҚҰҚЫҚ'));

  // The signature is the authorised person's (the development head's signing key), over exactly this PDF.
  const pki = await testPki();
  const signatures = await createSignatureService({ trustAnchorsDir: pki.trustAnchorsDir, prisma: sys.db.prisma });
  const verdict = await signatures.verify({ cms: Buffer.from(done.body.resultSignature, 'base64'), content: pdf, purpose: 'sign' });
  expect(verdict.valid).toBe(true);
  expect(verdict.signers[0].identity?.iin).toBe(head.user.iin);
  const tampered = Uint8Array.from(pdf);
  tampered[tampered.length - 10] ^= 1;
  expect((await signatures.verify({ cms: Buffer.from(done.body.resultSignature, 'base64'), content: tampered, purpose: 'sign' })).valid).toBe(false);

  // In the cabinet, and the measured time in the row.
  const notices = await call('GET', '/api/v1/notifications', { token: citizen.token });
  expect(JSON.stringify(notices.body)).toContain(id);
  const row = await sys.db.prisma.stateServiceRequest.findUniqueOrThrow({ where: { id } });
  expect(row.serviceMs).toBe(done.body.serviceLevel.ms);
  // Only the recipient reads it.
  expect((await call('GET', `/api/v1/offence-information/${id}`, { token: citizen2.token })).status).toBe(404);
  expect((await call('GET', `/api/v1/offence-information/${id}/result.pdf`, { token: head.token })).status).toBe(404);
});

test('no offences on record: the certificate says so', async () => {
  // citizen2 has a record from the first test: cleared first, the certificate must say "none".
  await sys.db.prisma.administrativeOffence.deleteMany({ where: { iin: citizen2.user.iin } });
  const accepted = await submit('citizen2', citizen2.token, { recipientIin: citizen2.user.iin, language: 'kk' });
  expect(accepted.status).toBe(202);
  const id = accepted.body.id as string;
  await waitFor(
    () => call('GET', `/api/v1/offence-information/${id}`, { token: citizen2.token }),
    (r) => r.body?.status === 'DELIVERED',
  );
  const res = await fetch(`${sys.baseUrl}/api/v1/offence-information/${id}/result.pdf`, { headers: { Authorization: `Bearer ${citizen2.token}` } });
  const text = (await extractPdfText(new Uint8Array(await res.arrayBuffer()))).replace(/\s+/g, ' ');
  expect(text).toContain('әкімшілік құқық бұзушылық жасағаны туралы мәліметтер жоқ');
  expect(text).toContain('сведения о совершении административных правонарушений отсутствуют');
});

test('a request about someone else is refused (IIN mismatch, kk/ru/en)', async () => {
  const refused = await submit('citizen', citizen.token, { recipientIin: citizen2.user.iin, language: 'ru' });
  expect(refused.status).toBe(422);
  expect(refused.body.error).toMatchObject({
    code: 'IIN_MISMATCH',
    localised: { kk: expect.any(String), ru: expect.stringContaining('ИИН'), en: expect.any(String) },
  });
});
