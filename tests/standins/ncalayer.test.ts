// The NCALayer stand-in answers NCALayer's protocol with signatures the API's verifier accepts:
// the authentication key for AUTHENTICATION (login), the signing key for SIGNATURE, attached or
// detached as asked, and unknown requests as NCALayer answers them.
import fs from 'node:fs';
import { ncaLayerStandIn } from '../../standins/ncalayer';
import { testPki } from '../helpers/pki';
import { loadTrustAnchors } from '../../eds/trust';
import { httpFetcher, MemoryRevocationCache } from '../../eds/revocation';
import { verifySignature, type VerifyDeps } from '../../eds/verify';
import type { DevPerson } from '../../eds/dev-pki';

let deps: VerifyDeps;
let citizen: DevPerson;
let standIn: ReturnType<typeof ncaLayerStandIn>;

beforeAll(async () => {
  const pki = await testPki();
  citizen = pki.people.find((p) => p.role === 'citizen')!;
  // With revocation, as the API checks a login (OCSP from the development PKI's stand-in).
  deps = { trustAnchors: await loadTrustAnchors(pki.trustAnchorsDir), fetcher: httpFetcher(), cache: new MemoryRevocationCache() };
  standIn = ncaLayerStandIn({
    auth: { p12: new Uint8Array(fs.readFileSync(citizen.auth.p12)), password: citizen.auth.password },
    sign: { p12: new Uint8Array(fs.readFileSync(citizen.sign.p12)), password: citizen.sign.password },
  });
});

const nonce = Buffer.from('a login nonce of thirty-two bytes');

test('greets with its version, as NCALayer does on connecting', () => {
  expect(JSON.parse(standIn.greeting)).toEqual({ result: { version: expect.any(String) } });
});

test('createCMSSignatureFromBase64 with AUTHENTICATION: a detached CMS the login accepts', async () => {
  const answer = JSON.parse(
    await standIn.answer(
      JSON.stringify({
        module: 'kz.gov.pki.knca.commonUtils',
        method: 'createCMSSignatureFromBase64',
        args: ['PKCS12', 'AUTHENTICATION', nonce.toString('base64'), false],
      }),
    ),
  );
  expect(answer.code).toBe('200');
  const verdict = await verifySignature({ cms: answer.responseObject, content: new Uint8Array(nonce), purpose: 'auth' }, deps);
  expect(verdict.reasons).toEqual([]);
  expect(verdict.valid).toBe(true);
  expect(verdict.signers[0].identity?.iin).toBe(citizen.iin);
  // The authentication key does not sign documents (NCA RK key purposes).
  expect((await verifySignature({ cms: answer.responseObject, content: new Uint8Array(nonce), purpose: 'sign' }, deps)).valid).toBe(false);
});

test('basics.sign with encapsulate: an attached CMS by the signing key over the given bytes', async () => {
  const content = Buffer.from(JSON.stringify({ fabula: 'Кеше түнде пәтерге бөгде адамдар кірді' }));
  const answer = JSON.parse(
    await standIn.answer(
      JSON.stringify({
        module: 'kz.gov.pki.knca.basics',
        method: 'sign',
        args: { format: 'cms', data: content.toString('base64'), signingParams: { encapsulate: true }, signerParams: { extKeyUsageOids: [] } },
      }),
    ),
  );
  expect(answer.status).toBe(true);
  const verdict = await verifySignature({ cms: answer.body.result[0], purpose: 'sign' }, deps);
  expect(verdict.valid).toBe(true);
  expect(verdict.signers[0].identity?.iin).toBe(citizen.iin);
  expect(verdict.contentSha256).toBe(require('node:crypto').createHash('sha256').update(content).digest('hex'));
});

test('an unknown request gets code 500 with a message, a malformed one too', async () => {
  expect(JSON.parse(await standIn.answer(JSON.stringify({ module: 'kz.gov.pki.knca.commonUtils', method: 'formatDisk', args: [] })))).toEqual({
    code: '500',
    message: expect.stringContaining('unknown method'),
  });
  expect(JSON.parse(await standIn.answer('{not json'))).toEqual({ code: '500', message: 'bad request' });
});
