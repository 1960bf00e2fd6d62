// An official's account lifecycle through the API, on real parts (002 P1–P2): the user agreement
// signed at the first login before any other service answers (p.17, p.19), blocking that refuses
// the official's very next request (p.14 «дереу»), unblocking by the operator, a transfer that
// moves access to the new body (p.15), and the operator's refusal signed with EDS (p.14).
import { accountWorkflowId } from '../../domain/account';
import { searchPseudonymOf } from '../../app/system';
import { DEV_OFFICIALS_BODY, DEV_OTHER_BODY } from '../../platform/trust';
import { getAccount } from '../../workflows/account';
import { callApi } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { startTestSystem, type TestSystem } from '../helpers/system';

let sys: TestSystem;
const api = (method: string, p: string, body?: unknown, token?: string) => callApi(sys.baseUrl, method, p, { body, token });
const audited = (action: string, subject: string) => sys.db.prisma.auditEvent.findMany({ where: { action, subject }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  sys = await startTestSystem();
}, 180_000);
afterAll(async () => {
  await sys?.stop();
});

test('an official signs the user agreement at the first login before any other service answers (002 p.17, p.19)', async () => {
  const { token, user } = await loginAs(sys.baseUrl, 'translator', { agreement: false });
  expect(user.agreementRequired).toBe(true);

  const gated = await api('GET', '/api/v1/notifications', undefined, token);
  expect(gated).toMatchObject({ status: 428, body: { error: { code: 'AGREEMENT_REQUIRED' } } });
  expect(gated.body.error.localised).toEqual({ kk: expect.any(String), ru: expect.any(String), en: expect.any(String) });

  const agreement = await api('GET', '/api/v1/account/agreement', undefined, token);
  expect(agreement.status).toBe(200);
  expect(agreement.body).toMatchObject({ signedAt: null, toSign: { document: 'user-agreement', iin: user.iin, accepted: true } });
  expect(agreement.body.text.kk).toContain('2 айдан астам');

  // Another text, the login key, nothing signed: refused, and the gate stays shut.
  const otherText = { ...agreement.body.toSign, textSha256: '0'.repeat(64) };
  const wrongText = await api(
    'POST',
    '/api/v1/account/agreement',
    { signature: await signWith('translator', 'sign', Buffer.from(JSON.stringify(otherText)), true) },
    token,
  );
  expect(wrongText).toMatchObject({ status: 422, body: { error: { code: 'AGREEMENT_MISMATCH' } } });
  const loginKey = await api(
    'POST',
    '/api/v1/account/agreement',
    { signature: await signWith('translator', 'auth', Buffer.from(JSON.stringify(agreement.body.toSign)), true) },
    token,
  );
  expect(loginKey).toMatchObject({ status: 422, body: { error: { code: 'SIGNATURE_INVALID' } } });
  expect((await api('GET', '/api/v1/notifications', undefined, token)).status).toBe(428);

  const signed = await api(
    'POST',
    '/api/v1/account/agreement',
    { signature: await signWith('translator', 'sign', Buffer.from(JSON.stringify(agreement.body.toSign)), true) },
    token,
  );
  expect(signed.status).toBe(201);
  expect((await api('GET', '/api/v1/notifications', undefined, token)).status).toBe(200);
  // Kept with its date (p.17) and journalled; the next login is not asked again.
  const row = await sys.db.prisma.accountAgreement.findFirstOrThrow({ where: { iin: user.iin } });
  expect(row.signedAt.toISOString()).toBe(signed.body.signedAt);
  expect(await audited('account.agreement-signed', user.iin)).toHaveLength(1);
  const again = await loginAs(sys.baseUrl, 'translator', { agreement: false });
  expect(again.user.agreementRequired).toBeUndefined();

  // A citizen holds no role: nothing to sign, and never gated.
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  expect(citizen.user.agreementRequired).toBeUndefined();
  const byCitizen = await api('POST', '/api/v1/account/agreement', { signature: await signWith('citizen', 'sign', Buffer.from('{}'), true) }, citizen.token);
  expect(byCitizen).toMatchObject({ status: 409, body: { error: { code: 'NOT_AN_OFFICIAL' } } });
});

test('a block by the head of the body refuses the official’s next request at once, with the reason in three languages; the operator unblocks', async () => {
  const officer = await loginAs(sys.baseUrl, 'registry_officer');
  const head = await loginAs(sys.baseUrl, 'head');
  const operator = await loginAs(sys.baseUrl, 'operator');
  const iin = officer.user.iin;
  expect((await api('GET', '/api/v1/notifications', undefined, officer.token)).status).toBe(200);
  // The login started the official's lifecycle and its absence clock (A-6 §3).
  const lifecycle = sys.client.workflow.getHandle(accountWorkflowId(searchPseudonymOf(sys.config, sys.keys)(iin)));
  expect(await lifecycle.query(getAccount)).toMatchObject({ status: 'ACTIVE', absenceBlockAt: expect.any(String) });

  // A reason is mandatory; another body's head, or an official outside the head's body, is not theirs to block.
  expect((await api('POST', `/api/v1/accounts/${iin}/block`, { reason: '' }, head.token)).status).toBe(400);
  const prosecutor = await loginAs(sys.baseUrl, 'prosecutor');
  expect((await api('POST', `/api/v1/accounts/${prosecutor.user.iin}/block`, { reason: 'not theirs to block' }, head.token)).status).toBe(404);
  expect((await api('POST', `/api/v1/accounts/${iin}/block`, { reason: 'not theirs to block' }, prosecutor.token)).status).toBe(403);

  const blocked = await api('POST', `/api/v1/accounts/${iin}/block`, { reason: 'Жұмыстан босатылды / dismissed (002 p.16)' }, head.token);
  expect(blocked).toMatchObject({ status: 200, body: { status: 'BLOCKED', events: [{ kind: 'BLOCKED', source: 'RESPONSIBLE_OFFICIAL', by: head.user.iin }] } });
  // The very next request with the official's token: 403, the reason, kk/ru/en.
  const refused = await api('GET', '/api/v1/notifications', undefined, officer.token);
  expect(refused).toMatchObject({ status: 403, body: { error: { code: 'ACCOUNT_BLOCKED', fields: { reason: 'Жұмыстан босатылды / dismissed (002 p.16)' } } } });
  expect(refused.body.error.localised).toEqual({ kk: expect.any(String), ru: expect.any(String), en: expect.any(String) });
  expect((await api('GET', '/api/v1/auth/me', undefined, officer.token)).status).toBe(403);
  await expect(loginAs(sys.baseUrl, 'registry_officer')).rejects.toThrow(/403.*ACCOUNT_BLOCKED/);
  expect(await sys.db.prisma.session.count({ where: { iin, revokedAt: null } })).toBe(0);
  expect(await audited('account.blocked', iin)).toEqual([
    expect.objectContaining({ actor: head.user.iin, detail: { reason: 'Жұмыстан босатылды / dismissed (002 p.16)', source: 'RESPONSIBLE_OFFICIAL' } }),
  ]);
  expect(await api('POST', `/api/v1/accounts/${iin}/block`, { reason: 'once more' }, operator.token)).toMatchObject({
    status: 409,
    body: { error: { code: 'ALREADY_BLOCKED' } },
  });

  // Only the operator lifts it; the ended sessions stay ended, a new login works.
  expect((await api('POST', `/api/v1/accounts/${iin}/unblock`, { reason: 'reinstated' }, head.token)).status).toBe(403);
  const unblocked = await api('POST', `/api/v1/accounts/${iin}/unblock`, { reason: 'Қайта тағайындалды / reinstated' }, operator.token);
  expect(unblocked).toMatchObject({ status: 200, body: { status: 'ACTIVE' } });
  expect((await api('GET', '/api/v1/notifications', undefined, officer.token)).status).toBe(401);
  const back = await loginAs(sys.baseUrl, 'registry_officer');
  expect((await api('GET', '/api/v1/notifications', undefined, back.token)).status).toBe(200);
  expect(await audited('account.unblocked', iin)).toHaveLength(1);
  expect(await api('POST', `/api/v1/accounts/${iin}/unblock`, { reason: 'twice over' }, operator.token)).toMatchObject({
    status: 409,
    body: { error: { code: 'NOT_BLOCKED' } },
  });
});

test('a transfer moves access to the new body at once; the old body’s ends (002 p.15)', async () => {
  const official = await loginAs(sys.baseUrl, 'registry_officer_other_body');
  const operator = await loginAs(sys.baseUrl, 'operator');
  const head = await loginAs(sys.baseUrl, 'head');
  expect(official.user.grants).toEqual([{ role: 'registry_officer', bodyCode: DEV_OTHER_BODY }]);
  // Before: not staff of the head's body.
  expect((await api('POST', `/api/v1/accounts/${official.user.iin}/block`, { reason: 'probe only' }, head.token)).status).toBe(404);

  const filed = await api(
    'POST',
    '/api/v1/account-applications',
    {
      kind: 'TRANSFER',
      iin: official.user.iin,
      fullName: official.user.name,
      position: 'тіркеу қызметкері',
      bodyCode: DEV_OFFICIALS_BODY,
      requestedRole: 'registry_officer',
    },
    official.token,
  );
  expect(filed.status).toBe(202);
  const approved = await api('POST', `/api/v1/account-applications/${filed.body.applicationId}/decision`, { approve: true }, operator.token);
  expect(approved).toMatchObject({ status: 200, body: { status: 'APPROVED' } });

  // The same session now serves the new body only.
  const me = await api('GET', '/api/v1/auth/me', undefined, official.token);
  expect(me.body.user.grants).toEqual([{ role: 'registry_officer', bodyCode: DEV_OFFICIALS_BODY }]);
  expect(await audited('account.transferred', official.user.iin)).toEqual([
    expect.objectContaining({
      detail: expect.objectContaining({
        from: [{ role: 'registry_officer', bodyCode: DEV_OTHER_BODY }],
        to: { role: 'registry_officer', bodyCode: DEV_OFFICIALS_BODY },
      }),
    }),
  ]);
  // After: staff of the head's body (the head may now block them; a reason-less probe is refused by validation only).
  expect((await api('POST', `/api/v1/accounts/${official.user.iin}/block`, { reason: '' }, head.token)).status).toBe(400);
});

test('a refusal is reasoned and signed by the refusing operator; the signature is verified and journalled (002 p.14)', async () => {
  const citizen = await loginAs(sys.baseUrl, 'citizen2');
  const operator = await loginAs(sys.baseUrl, 'operator');
  const filed = await api(
    'POST',
    '/api/v1/account-applications',
    {
      kind: 'REGISTRATION',
      iin: citizen.user.iin,
      fullName: citizen.user.name,
      position: 'тергеуші',
      bodyCode: DEV_OFFICIALS_BODY,
      requestedRole: 'investigator',
    },
    citizen.token,
  );
  const id: string = filed.body.applicationId;
  const decide = (body: unknown) => api('POST', `/api/v1/account-applications/${id}/decision`, body, operator.token);
  const refusal = (applicationId: string) =>
    Buffer.from(JSON.stringify({ document: 'access-application-refusal', applicationId, reason: 'Өтінімдегі деректер толық емес / data incomplete (p.46)' }));

  expect(await decide({ approve: false, reason: 'unsigned reasons' })).toMatchObject({ status: 409, body: { error: { code: 'REASON_REQUIRED' } } });
  expect(await decide({ approve: false, signature: await signWith('operator', 'sign', refusal('00000000-0000-4000-8000-000000000000'), true) })).toMatchObject({
    status: 422,
    body: { error: { code: 'REFUSAL_MISMATCH' } },
  });
  expect(await decide({ approve: false, signature: await signWith('operator', 'auth', refusal(id), true) })).toMatchObject({
    status: 422,
    body: { error: { code: 'SIGNATURE_INVALID' } },
  });
  // Signed by someone else than the operator deciding.
  expect(await decide({ approve: false, signature: await signWith('head', 'sign', refusal(id), true) })).toMatchObject({
    status: 422,
    body: { error: { code: 'SIGNER_MISMATCH' } },
  });

  const refused = await decide({
    approve: false,
    reason: 'ignored: the signed reason counts',
    signature: await signWith('operator', 'sign', refusal(id), true),
  });
  expect(refused).toMatchObject({
    status: 200,
    body: {
      status: 'REFUSED',
      decision: { reason: 'Өтінімдегі деректер толық емес / data incomplete (p.46)', signedRefusal: { signerIin: operator.user.iin } },
    },
  });
  expect(refused.body.decision.signedRefusal.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  const journalled = await audited('account.application-refused', id);
  expect(journalled).toEqual([
    expect.objectContaining({
      actor: operator.user.iin,
      detail: expect.objectContaining({ reason: 'Өтінімдегі деректер толық емес / data incomplete (p.46)' }),
    }),
  ]);
  // The applicant reads the reasons.
  const seen = await api('GET', `/api/v1/account-applications/${id}`, undefined, citizen.token);
  expect(seen.body.decision.reason).toBe('Өтінімдегі деректер толық емес / data incomplete (p.46)');
});
