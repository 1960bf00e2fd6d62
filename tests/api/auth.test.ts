// EDS login through the API (000 §3.2, 002 p.18): challenge → signature over the nonce with the
// authentication key → session; first login registers; roles granted by the operator are
// enforced; every verification is journalled.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { keyOf, loginAs, signWith, testPki } from '../helpers/pki';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { signCms, signerFromPkcs12 } from '../../eds/sign';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const api = async (method: string, p: string, body?: unknown, token?: string) => {
  const res = await fetch(sys.baseUrl + p, {
    method,
    headers: { ...(body !== undefined && { 'Content-Type': 'application/json' }), ...(token && { Authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

const challenge = async () => (await api('POST', '/api/v1/auth/challenge')).body as { challengeId: string; nonce: string };
const nonceOf = (c: { nonce: string }) => Buffer.from(c.nonce, 'base64');

test('a citizen logs in with the authentication key; the first login registers the account', async () => {
  const { iin, name } = await keyOf('citizen', 'auth');
  expect(await sys.db.prisma.account.findUnique({ where: { iin } })).toBeNull();
  const { token, user } = await loginAs(sys.baseUrl, 'citizen');
  expect(token).toMatch(/^[\w-]{40,}$/);
  expect(user).toMatchObject({ iin, name, roles: ['participant'], grants: [] });
  expect(await sys.db.prisma.account.findUnique({ where: { iin } })).toMatchObject({ iin, status: 'ACTIVE' });
  expect((await api('GET', '/api/v1/auth/me', undefined, token)).body.user.iin).toBe(iin);
  // Journalled: who, what, when, verdict.
  const checks = await sys.db.prisma.signatureCheck.findMany({ where: { actorIin: iin, purpose: 'auth' } });
  expect(checks.length).toBeGreaterThan(0);
  expect(checks.at(-1)).toMatchObject({ valid: true });
});

test('an attached CMS over the nonce logs in too', async () => {
  const { user } = await loginAs(sys.baseUrl, 'citizen', { attached: true });
  expect(user.roles).toEqual(['participant']);
});

test('a nonce is single-use, and expires', async () => {
  const c = await challenge();
  const signature = await signWith('citizen', 'auth', nonceOf(c));
  expect((await api('POST', '/api/v1/auth/login', { challengeId: c.challengeId, signature })).status).toBe(200);
  const again = await api('POST', '/api/v1/auth/login', { challengeId: c.challengeId, signature });
  expect(again).toMatchObject({ status: 401, body: { error: { code: 'CHALLENGE_INVALID' } } });

  const old = await challenge();
  await sys.db.prisma.authChallenge.update({ where: { id: old.challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const late = await api('POST', '/api/v1/auth/login', { challengeId: old.challengeId, signature: await signWith('citizen', 'auth', nonceOf(old)) });
  expect(late.body.error.code).toBe('CHALLENGE_INVALID');
});

test('the signing key cannot log in, nor a signature over other bytes, nor a revoked certificate', async () => {
  const c1 = await challenge();
  const wrongKey = await api('POST', '/api/v1/auth/login', { challengeId: c1.challengeId, signature: await signWith('citizen', 'sign', nonceOf(c1)) });
  expect(wrongKey.status).toBe(401);
  expect(wrongKey.body.error.reasons.map((r: any) => r.code)).toContain('WRONG_KEY_PURPOSE');
  expect(wrongKey.body.error.reasons[0].localised.kk).toBeTruthy();

  const c2 = await challenge();
  const other = await api('POST', '/api/v1/auth/login', {
    challengeId: c2.challengeId,
    signature: await signWith('citizen', 'auth', Buffer.from('other bytes')),
  });
  expect(other.status).toBe(401);

  const m = await testPki();
  const revoked = m.special.revoked;
  const signer = await signerFromPkcs12(new Uint8Array(fs.readFileSync(revoked.p12)), revoked.password);
  const c3 = await challenge();
  const cms = Buffer.from(await signCms(nonceOf(c3), signer)).toString('base64');
  const r = await api('POST', '/api/v1/auth/login', { challengeId: c3.challengeId, signature: cms });
  expect(r.status).toBe(401);
  expect(r.body.error.reasons.map((x: any) => x.code)).toEqual(expect.arrayContaining([expect.stringMatching(/CERT_REVOKED|WRONG_KEY_PURPOSE/)]));
});

test('bad input gets a 400 naming the field', async () => {
  const r = await api('POST', '/api/v1/auth/login', { challengeId: 'nope', signature: '' });
  expect(r.status).toBe(400);
  expect(Object.keys(r.body.error.fields).sort()).toEqual(['challengeId', 'signature']);
});

test('a challenge signed with `openssl cms -sign` logs in', async () => {
  const person = (await testPki()).people.find((p) => p.role === 'citizen')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-openssl-login-'));
  const pem = path.join(dir, 'key.pem');
  execFileSync('openssl', ['pkcs12', '-in', person.auth.p12, '-passin', `pass:${person.auth.password}`, '-nodes', '-out', pem]);
  const c = await challenge();
  fs.writeFileSync(path.join(dir, 'nonce'), nonceOf(c));
  execFileSync('openssl', ['cms', '-sign', '-binary', '-in', path.join(dir, 'nonce'), '-signer', pem, '-outform', 'DER', '-out', path.join(dir, 'sig.der')]);
  const signature = fs.readFileSync(path.join(dir, 'sig.der')).toString('base64');
  const r = await api('POST', '/api/v1/auth/login', { challengeId: c.challengeId, signature });
  expect(r.status).toBe(200);
  expect(r.body.user.iin).toBe(person.iin);
});

test('officials get the roles the operator granted, bound to their body; logout ends the session', async () => {
  const { token, user } = await loginAs(sys.baseUrl, 'investigator');
  expect(user.roles).toEqual(['participant', 'investigator']);
  expect(user.grants).toEqual([{ role: 'investigator', bodyCode: DEV_OFFICIALS_BODY }]);
  expect((await api('POST', '/api/v1/auth/logout', undefined, token)).status).toBe(204);
  expect((await api('GET', '/api/v1/auth/me', undefined, token)).status).toBe(401);
});

test('the operator approves an access application and the new role is enforced from the next login', async () => {
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const operator = await loginAs(sys.baseUrl, 'operator');
  const filed = await api(
    'POST',
    '/api/v1/account-applications',
    { kind: 'REGISTRATION', iin: citizen.user.iin, fullName: citizen.user.name, position: 'тергеуші', bodyCode: '711103', requestedRole: 'investigator' },
    citizen.token,
  );
  expect(filed.status).toBe(202);

  // Only the operator decides (002 p.14).
  const byCitizen = await api('POST', `/api/v1/account-applications/${filed.body.applicationId}/decision`, { approve: true }, citizen.token);
  expect(byCitizen.status).toBe(403);
  const refusalWithoutReason = await api('POST', `/api/v1/account-applications/${filed.body.applicationId}/decision`, { approve: false }, operator.token);
  expect(refusalWithoutReason).toMatchObject({ status: 409, body: { error: { code: 'REASON_REQUIRED' } } });
  const approved = await api('POST', `/api/v1/account-applications/${filed.body.applicationId}/decision`, { approve: true }, operator.token);
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('APPROVED');

  const again = await loginAs(sys.baseUrl, 'citizen');
  expect(again.user.grants).toEqual([{ role: 'investigator', bodyCode: '711103' }]);
  const seen = await api('GET', `/api/v1/account-applications/${filed.body.applicationId}`, undefined, again.token);
  expect(seen.body.status).toBe('APPROVED');
});

test('no token, no API; an unauthenticated request gets a 401 in three languages', async () => {
  const r = await api('POST', '/api/v1/account-applications', { kind: 'REGISTRATION' });
  expect(r).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  expect(r.body.error.localised).toEqual({ kk: expect.any(String), ru: expect.any(String), en: expect.any(String) });
});

test('supervisors may read decrypted histories through the codec endpoint; citizens may not', async () => {
  const prosecutor = await loginAs(sys.baseUrl, 'prosecutor');
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const post = (token: string) =>
    fetch(`${sys.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ payloads: [] }),
    });
  expect((await post(prosecutor.token)).status).toBe(200);
  expect((await post(citizen.token)).status).toBe(403);
});
