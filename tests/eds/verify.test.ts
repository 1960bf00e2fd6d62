import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import * as pkijs from 'pkijs';
import { DEV_ROLES, generateDevPki, loadPemCertificate, loadPemKey } from '../../eds/dev-pki';
import { parseAsn1 } from '../../eds/der';
import { identityFromCertificate } from '../../eds/identity';
import { OID } from '../../eds/oids';
import { FetchRequest, httpFetcher, MemoryRevocationCache, RevocationUnavailableError } from '../../eds/revocation';
import { importSigningKey, signCms, SignerKey } from '../../eds/sign';
import { trustAnchorsFrom } from '../../eds/trust';
import { verifySignature, VerifyDeps } from '../../eds/verify';
import { exportPkcs8, generateKeyPair, issueCertificate } from '../../eds/x509-builder';
import { codes, signerOf, startTestPki, TestPki } from './test-pki';

const document = new TextEncoder().encode('Қылмыстық іс бойынша қаулы / Постановление по уголовному делу №2401\n');
let pki: TestPki;
let deps: VerifyDeps;
const person = (role: string) => pki.manifest.people.find((p) => p.role === role)!;

beforeAll(async () => {
  pki = await startTestPki();
  deps = { trustAnchors: pki.anchors, fetcher: httpFetcher(2000), cache: new MemoryRevocationCache() };
}, 60_000);
afterAll(() => pki?.close());

/** Issues an extra end-entity certificate from the dev intermediate CA. */
async function issueFromIntermediate(algorithm: 'RSA-2048' | 'ECDSA-P256' | 'ECDSA-P384', purpose: 'sign' | 'auth', iin = person('citizen').iin) {
  const intermediate = await loadPemCertificate(pki.manifest.intermediate.cert);
  const keys = await generateKeyPair(algorithm);
  const certificate = await issueCertificate({
    subject: [
      [OID.commonName, 'ТЕСТОВ АСАН'],
      [OID.surname, 'ТЕСТОВ'],
      [OID.serialNumber, `IIN${iin}`],
      [OID.country, 'KZ'],
      [OID.givenName, 'АСАНҰЛЫ'],
    ],
    publicKey: keys.publicKey,
    issuer: { certificate: intermediate, privateKey: await loadPemKey(pki.manifest.intermediate.key) },
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 30),
    keyUsage: purpose === 'sign' ? ['digitalSignature', 'nonRepudiation'] : ['digitalSignature'],
    extendedKeyUsage: purpose === 'auth' ? [OID.ekuClientAuth] : undefined,
    // No revocation URLs: verified with revocation 'off'.
  });
  return { certificate, pkcs8: await exportPkcs8(keys.privateKey), intermediate };
}

describe('development PKI', () => {
  it('writes PKCS#12 files that OpenSSL reads, and reuses a complete folder', async () => {
    const { sign } = person('investigator');
    const info = execFileSync('openssl', ['pkcs12', '-info', '-in', sign.p12, '-passin', `pass:${sign.password}`, '-nokeys', '-noout'], { stdio: 'pipe' });
    expect(info).toBeDefined();
    expect(() => execFileSync('openssl', ['pkcs12', '-info', '-in', sign.p12, '-passin', 'pass:wrong', '-noout'], { stdio: 'pipe' })).toThrow();
    const again = await generateDevPki(pki.dir);
    expect(again.createdAt).toBe(pki.manifest.createdAt);
    expect(new Set(pki.manifest.people.map((p) => p.iin)).size).toBe(DEV_ROLES.length);
  });

  it('reads the NCA layout of the subject: IIN, BIN, surname, given name, patronymic (givenName attribute)', async () => {
    const officer = person('registry_officer');
    const identity = identityFromCertificate(await loadPemCertificate(officer.sign.cert));
    expect(identity).toMatchObject({
      iin: officer.iin,
      iinValid: true,
      bin: officer.bin,
      kind: 'legal_entity',
      surname: 'НҰРЛАНОВА',
      givenName: 'АЙГЕРІМ',
      patronymic: 'БОЛАТҚЫЗЫ',
      fullName: 'НҰРЛАНОВА АЙГЕРІМ БОЛАТҚЫЗЫ',
      email: 'registry.officer@dev.erdr.kz',
    });
  });
});

describe('valid signatures', () => {
  it('accepts a detached CAdES-BES signature and reports identity, chain and OCSP status', async () => {
    const cms = await signCms(document, await signerOf(person('investigator').sign));
    const verdict = await verifySignature({ cms, content: document, purpose: 'sign' }, deps);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(verdict.signers[0].identity?.iin).toBe(person('investigator').iin);
    expect(verdict.signers[0].chain).toHaveLength(3);
    expect(verdict.signers[0].revocation).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(verdict.signers[0].signingTimeSource).toBe('signed_attribute');
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it('accepts an attached signature given as PEM or base64, without separate content', async () => {
    const cms = await signCms(document, await signerOf(person('citizen').sign), { attached: true });
    const b64 = Buffer.from(cms).toString('base64');
    for (const input of [cms, b64, `-----BEGIN CMS-----\n${b64}\n-----END CMS-----\n`]) {
      const verdict = await verifySignature({ cms: input, purpose: 'sign' }, deps);
      expect(verdict.valid).toBe(true);
    }
  });

  it('accepts RSA-PSS, ECDSA P-256/P-384 with SHA-256/384/512, and signatures without signed attributes', async () => {
    const pss = await signCms(document, await signerOf(person('head').sign, { rsaScheme: 'pss', hash: 'SHA-384' }), { hash: 'SHA-384' });
    expect((await verifySignature({ cms: pss, content: document, purpose: 'sign' }, deps)).valid).toBe(true);
    const bare = await signCms(document, await signerOf(person('head').sign, { hash: 'SHA-512' }), {
      hash: 'SHA-512',
      signedAttributes: false,
      attached: true,
    });
    expect((await verifySignature({ cms: bare, purpose: 'sign' }, deps)).valid).toBe(true);
    for (const [algorithm, hash] of [
      ['ECDSA-P256', 'SHA-256'],
      ['ECDSA-P384', 'SHA-512'],
    ] as const) {
      const issued = await issueFromIntermediate(algorithm, 'sign');
      const signer: SignerKey = {
        privateKey: await importSigningKey(issued.pkcs8, issued.certificate),
        certificate: issued.certificate,
        chain: [issued.intermediate],
      };
      const cms = await signCms(document, signer, { hash });
      const verdict = await verifySignature({ cms, content: document, purpose: 'sign' }, { ...deps, revocation: 'off' });
      expect(verdict.reasons).toEqual([]);
      expect(verdict.signers[0].revocation.status).toBe('not_checked');
    }
  });

  it('checks every signer of a CMS with several signers', async () => {
    const a = await signCms(document, await signerOf(person('investigator').sign));
    const b = await signCms(document, await signerOf(person('prosecutor').sign));
    const merged = mergeSigners(a, b);
    const verdict = await verifySignature({ cms: merged, content: document, purpose: 'sign' }, deps);
    expect(verdict.valid).toBe(true);
    expect(verdict.signers.map((s) => s.identity?.iin)).toEqual([person('investigator').iin, person('prosecutor').iin]);

    const withBadSigner = mergeSigners(a, await signCms(new TextEncoder().encode('other'), await signerOf(person('prosecutor').sign)));
    const bad = await verifySignature({ cms: withBadSigner, content: document, purpose: 'sign' }, deps);
    expect(bad.valid).toBe(false);
    expect(bad.reasons).toEqual([expect.objectContaining({ code: 'CONTENT_MISMATCH', signer: 1 })]);
  });

  it('uses the genTime of an RFC 3161 timestamp token as signing time', async () => {
    const tsa: SignerKey = { privateKey: await loadPemKey(pki.manifest.tsa.key), certificate: await loadPemCertificate(pki.manifest.tsa.cert) };
    const genTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const cms = await signCms(document, await signerOf(person('head').sign), { timestampAuthority: tsa, timestampTime: genTime });
    const verdict = await verifySignature({ cms, content: document, purpose: 'sign' }, deps);
    expect(verdict.valid).toBe(true);
    expect(verdict.signers[0]).toMatchObject({ signingTime: genTime.toISOString(), signingTimeSource: 'timestamp' });

    // A token made by a certificate that is not a timestamping authority is refused.
    const notTsa = await signerOf(person('head').sign);
    const forged = await signCms(document, await signerOf(person('head').sign), { timestampAuthority: notTsa });
    expect(codes(await verifySignature({ cms: forged, content: document, purpose: 'sign' }, deps))).toEqual(['TIMESTAMP_INVALID']);
  });
});

describe('signing tool', () => {
  it('eds sign writes an attached CAdES-BES CMS from a PKCS#12 that verifies', async () => {
    const { sign } = person('translator');
    const input = `${pki.dir}/to-sign.txt`;
    const output = `${pki.dir}/to-sign.p7s`;
    await fs.writeFile(input, document);
    execFileSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        `${__dirname}/../../scripts/eds.ts`,
        'sign',
        '--p12',
        sign.p12,
        '--password',
        sign.password,
        '--in',
        input,
        '--attached',
        '--out',
        output,
      ],
      { stdio: 'pipe' },
    );
    const verdict = await verifySignature({ cms: await fs.readFile(output), purpose: 'sign' }, deps);
    expect(verdict.valid).toBe(true);
    expect(verdict.signers[0].identity?.iin).toBe(person('translator').iin);
    expect(() =>
      execFileSync(
        process.execPath,
        [require.resolve('tsx/cli'), `${__dirname}/../../scripts/eds.ts`, 'sign', '--p12', sign.p12, '--password', 'wrong', '--in', input],
        { stdio: 'pipe' },
      ),
    ).toThrow();
  });
});

describe('refused signatures', () => {
  it('detects content changed after signing (detached and attached)', async () => {
    const signer = await signerOf(person('citizen').sign);
    const tampered = new Uint8Array(document);
    tampered[5] ^= 1;
    const detached = await signCms(document, signer);
    expect(codes(await verifySignature({ cms: detached, content: tampered, purpose: 'sign' }, deps))).toEqual(['CONTENT_MISMATCH']);
    const noAttrs = await signCms(document, signer, { signedAttributes: false });
    expect(codes(await verifySignature({ cms: noAttrs, content: tampered, purpose: 'sign' }, deps))).toEqual(['SIGNATURE_INVALID']);
    const attached = Buffer.from(await signCms(document, signer, { attached: true }));
    const at = attached.indexOf(Buffer.from(document));
    attached[at + 3] ^= 1;
    expect(codes(await verifySignature({ cms: attached, purpose: 'sign' }, deps))).toEqual(['CONTENT_MISMATCH']);
  });

  it('refuses a signer certificate that does not match the signature', async () => {
    const citizen = await signerOf(person('citizen').sign);
    const officer = await signerOf(person('investigator').sign);
    const cms = await signCms(document, { privateKey: citizen.privateKey, certificate: officer.certificate, chain: officer.chain }, { signedAttributes: true });
    const verdict = await verifySignature({ cms, content: document, purpose: 'sign' }, deps);
    expect(verdict.valid).toBe(false);
    expect(codes(verdict)).toEqual(['SIGNATURE_INVALID']);
  });

  it('refuses expired and not yet valid certificates', async () => {
    const expired = await signCms(document, await signerOf(pki.manifest.special.expired));
    expect(codes(await verifySignature({ cms: expired, content: document, purpose: 'sign' }, deps))).toContain('CERT_EXPIRED');
    const early = await signCms(document, await signerOf(pki.manifest.special.notYetValid));
    expect(codes(await verifySignature({ cms: early, content: document, purpose: 'sign' }, deps))).toContain('CERT_NOT_YET_VALID');
  });

  it('refuses a revoked certificate, by CRL and by OCSP', async () => {
    const cms = await signCms(document, await signerOf(pki.manifest.special.revoked));
    const byCrl = await verifySignature({ cms, content: document, purpose: 'sign' }, { ...deps, revocation: 'crl' });
    expect(codes(byCrl)).toEqual(['CERT_REVOKED']);
    expect(byCrl.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'crl' });
    const byOcsp = await verifySignature({ cms, content: document, purpose: 'sign' }, { ...deps, revocation: 'ocsp' });
    expect(codes(byOcsp)).toEqual(['CERT_REVOKED']);
    expect(byOcsp.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'ocsp' });
  });

  it('caches the CRL until its nextUpdate', async () => {
    const requests: FetchRequest[] = [];
    const http = httpFetcher(2000);
    const counting = { ...deps, cache: new MemoryRevocationCache(), revocation: 'crl' as const, fetcher: (r: FetchRequest) => (requests.push(r), http(r)) };
    const cms = await signCms(document, await signerOf(person('citizen').sign));
    expect((await verifySignature({ cms, content: document, purpose: 'sign' }, counting)).valid).toBe(true);
    expect((await verifySignature({ cms, content: document, purpose: 'sign' }, counting)).valid).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('.crl'))).toHaveLength(1);
  });

  it('throws a retryable error when OCSP and CRL are unreachable, and falls back to the CRL when only OCSP is down', async () => {
    const cms = await signCms(document, await signerOf(person('citizen').sign));
    const http = httpFetcher(1000);
    const down = 'http://127.0.0.1:9';
    const allDown = { ...deps, cache: new MemoryRevocationCache(), fetcher: (r: FetchRequest) => http({ ...r, url: r.url.replace(pki.standIn.url, down) }) };
    await expect(verifySignature({ cms, content: document, purpose: 'sign' }, allDown)).rejects.toBeInstanceOf(RevocationUnavailableError);
    const ocspDown = {
      ...deps,
      cache: new MemoryRevocationCache(),
      fetcher: (r: FetchRequest) => http(r.url.endsWith('/ocsp') ? { ...r, url: down + '/ocsp' } : r),
    };
    const verdict = await verifySignature({ cms, content: document, purpose: 'sign' }, ocspDown);
    expect(verdict.valid).toBe(true);
    expect(verdict.signers[0].revocation).toMatchObject({ status: 'good', source: 'crl' });
    // A broken signature is refused without asking the (unreachable) services.
    const tampered = new TextEncoder().encode('changed');
    expect(codes(await verifySignature({ cms, content: tampered, purpose: 'sign' }, allDown))).toEqual(['CONTENT_MISMATCH']);
  });

  it('refuses a chain ending at a root that is not a trust anchor', async () => {
    const rootKeys = await generateKeyPair('ECDSA-P256');
    const foreignRoot = await issueCertificate({
      subject: [
        [OID.commonName, 'ҰКО ТҮБІРЛІК / NCA RK ROOT (dev)'],
        [OID.country, 'KZ'],
      ],
      publicKey: rootKeys.publicKey,
      selfSignKey: rootKeys.privateKey,
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000 * 365),
      ca: true,
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const leafKeys = await generateKeyPair('ECDSA-P256');
    const leaf = await issueCertificate({
      subject: [
        [OID.commonName, 'ЖАЛҒАН АДАМ'],
        [OID.serialNumber, `IIN${person('citizen').iin}`],
      ],
      publicKey: leafKeys.publicKey,
      issuer: { certificate: foreignRoot, privateKey: rootKeys.privateKey },
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000 * 30),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    const cms = await signCms(document, {
      privateKey: await importSigningKey(await exportPkcs8(leafKeys.privateKey), leaf),
      certificate: leaf,
      chain: [foreignRoot],
    });
    expect(codes(await verifySignature({ cms, content: document, purpose: 'sign' }, deps))).toEqual(['UNTRUSTED_CHAIN']);
  });

  it('builds the chain with an intermediate from the CMS, and reports CHAIN_INCOMPLETE when it is nowhere', async () => {
    const rootOnly = trustAnchorsFrom([await loadPemCertificate(pki.manifest.root.cert)]);
    const signer = await signerOf(person('citizen').sign);
    const withChain = await signCms(document, signer, { includeChain: true });
    expect((await verifySignature({ cms: withChain, content: document, purpose: 'sign' }, { ...deps, trustAnchors: rootOnly })).valid).toBe(true);
    const withoutChain = await signCms(document, signer, { includeChain: false });
    expect(codes(await verifySignature({ cms: withoutChain, content: document, purpose: 'sign' }, { ...deps, trustAnchors: rootOnly }))).toEqual([
      'CHAIN_INCOMPLETE',
    ]);
    // With the intermediate among the anchors, the CMS need not carry it.
    expect((await verifySignature({ cms: withoutChain, content: document, purpose: 'sign' }, deps)).valid).toBe(true);
  });

  it('keeps authentication and signing keys apart', async () => {
    const nonce = new Uint8Array(32).fill(7);
    const byAuth = await signCms(document, await signerOf(person('prosecutor').auth));
    expect(codes(await verifySignature({ cms: byAuth, content: document, purpose: 'sign' }, deps))).toEqual(['WRONG_KEY_PURPOSE']);
    const loginBySign = await signCms(nonce, await signerOf(person('prosecutor').sign), { attached: true });
    expect(codes(await verifySignature({ cms: loginBySign, purpose: 'auth' }, deps))).toEqual(['WRONG_KEY_PURPOSE']);
    const login = await signCms(nonce, await signerOf(person('prosecutor').auth), { attached: true });
    const verdict = await verifySignature({ cms: login, purpose: 'auth' }, deps);
    expect(verdict.valid).toBe(true);
    expect(verdict.purpose).toBe('auth');
  });

  it('recognises and refuses a GOST certificate without crashing', async () => {
    const { gost } = pki.manifest.special;
    const verdict = await verifySignature({ cms: await fs.readFile(gost.sampleCms), purpose: 'sign' }, deps);
    expect(verdict.valid).toBe(false);
    expect(codes(verdict)).toEqual(['ALGORITHM_NOT_SUPPORTED']);
    expect(verdict.signers[0].identity?.iin).toBe(gost.iin);
  });

  it('refuses an IIN with a wrong control digit', async () => {
    const cms = await signCms(document, await signerOf(pki.manifest.special.badIin));
    const verdict = await verifySignature({ cms, content: document, purpose: 'sign' }, deps);
    expect(codes(verdict)).toEqual(['IIN_INVALID']);
    expect(verdict.signers[0].identity).toMatchObject({ iin: pki.manifest.special.badIin.iin, iinValid: false });
  });

  it('reports malformed input and a detached signature without content', async () => {
    expect(codes(await verifySignature({ cms: 'bm90IGEgc2lnbmF0dXJl', purpose: 'sign' }, deps))).toEqual(['MALFORMED']);
    const detached = await signCms(document, await signerOf(person('citizen').sign));
    expect(codes(await verifySignature({ cms: detached, purpose: 'sign' }, deps))).toEqual(['MALFORMED']);
  });
});

function mergeSigners(aDer: Uint8Array, bDer: Uint8Array): Uint8Array {
  const read = (der: Uint8Array) => new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parseAsn1(der, 'cms') }).content });
  const a = read(aDer);
  const b = read(bDer);
  a.signerInfos.push(...b.signerInfos);
  a.certificates = [...(a.certificates ?? []), ...(b.certificates ?? [])];
  const merged = new pkijs.ContentInfo({ contentType: OID.signedData, content: a.toSchema(true) });
  return new Uint8Array(merged.toSchema().toBER(false));
}
