// The page's own signing (ui/src/eds.ts: pkijs over WebCrypto, the API the browser has) run under
// Node's WebCrypto: it opens the development PKCS#12 files and its CMS signatures are accepted by
// the API's verifier — detached over a login nonce with the authentication key, attached over a
// report with the signing key. So this holds even where no browser is installed.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { openPkcs12, signCms, WrongPasswordError } from '../../ui/src/eds';
import { testPki } from '../helpers/pki';
import { loadTrustAnchors } from '../../eds/trust';
import { httpFetcher, MemoryRevocationCache } from '../../eds/revocation';
import { verifySignature, type VerifyDeps } from '../../eds/verify';
import type { DevPerson } from '../../eds/dev-pki';

let deps: VerifyDeps;
let citizen: DevPerson;

beforeAll(async () => {
  const pki = await testPki();
  citizen = pki.people.find((p) => p.role === 'citizen')!;
  deps = { trustAnchors: await loadTrustAnchors(pki.trustAnchorsDir), fetcher: httpFetcher(), cache: new MemoryRevocationCache() };
});

const read = (file: string) => new Uint8Array(fs.readFileSync(file));

test('opens the key file and names its holder; the private key cannot be exported', async () => {
  const key = await openPkcs12(read(citizen.auth.p12), citizen.auth.password);
  expect(key.iin).toBe(citizen.iin);
  expect(key.holder).toContain(citizen.surname);
  expect(key.privateKey.extractable).toBe(false);
  await expect(crypto.subtle.exportKey('pkcs8', key.privateKey)).rejects.toThrow();
});

test('a wrong password is told as such', async () => {
  await expect(openPkcs12(read(citizen.auth.p12), 'wrong')).rejects.toBeInstanceOf(WrongPasswordError);
});

test('a detached login signature with the authentication key is accepted', async () => {
  const nonce = new Uint8Array(Buffer.from('0123456789abcdef0123456789abcdef'));
  const key = await openPkcs12(read(citizen.auth.p12), citizen.auth.password);
  const verdict = await verifySignature({ cms: await signCms(nonce, key), content: nonce, purpose: 'auth' }, deps);
  expect(verdict.reasons).toEqual([]);
  expect(verdict.valid).toBe(true);
  expect(verdict.signers[0].identity?.iin).toBe(citizen.iin);
});

test('an attached signature over a report with the signing key is accepted and carries the content', async () => {
  const content = new TextEncoder().encode(JSON.stringify({ fabula: 'Кеше түнде Сарыарқа ауданында пәтерге бөгде адамдар кірді' }));
  const key = await openPkcs12(read(citizen.sign.p12), citizen.sign.password);
  const verdict = await verifySignature({ cms: await signCms(content, key, { attached: true }), purpose: 'sign' }, deps);
  expect(verdict.valid).toBe(true);
  expect(verdict.contentSha256).toBe(createHash('sha256').update(content).digest('hex'));
});
