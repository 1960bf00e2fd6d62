// What makes repeated verification cheap, checked by behaviour rather than by timing: OCSP answers
// reused for the same certificate while the responder vouches for them (and only good or revoked
// ones), and certificates compared by the bytes they were read from.
import fs from 'node:fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer, hash, hex, parseAsn1, parseCertificate, pemBlocks, toDer } from '../../eds/der';
import { loadPemCertificate, loadPemKey, type DevPkiManifest } from '../../eds/dev-pki';
import { sameCertificate, summarise } from '../../eds/certificate';
import { OID } from '../../eds/oids';
import { FetchRequest, httpFetcher, MemoryRevocationCache, RevocationUnavailableError, type RevocationFetcher } from '../../eds/revocation';
import { signCms } from '../../eds/sign';
import { loadTrustAnchors, type TrustAnchors } from '../../eds/trust';
import { verifySignature, type VerifyDeps } from '../../eds/verify';
import { answerOcspRequest, type OcspResponderState } from '../../eds/x509-builder';
import { testPki } from '../helpers/pki';
import { codes, signerOf } from './test-pki';

const MINUTE = 60_000;
const document = new TextEncoder().encode('Қылмыс туралы арыз / Заявление о преступлении №2417\n');

let manifest: DevPkiManifest;
let anchors: TrustAnchors;
let responder: OcspResponderState;

beforeAll(async () => {
  manifest = await testPki();
  anchors = await loadTrustAnchors(manifest.trustAnchorsDir);
  responder = {
    issuer: await loadPemCertificate(manifest.intermediate.cert),
    responderCert: await loadPemCertificate(manifest.ocspResponder.cert),
    responderKey: await loadPemKey(manifest.ocspResponder.key),
    revoked: manifest.revoked,
    issued: manifest.issued,
  };
});

const person = (role: string) => manifest.people.find((p) => p.role === role)!;

/** A fetcher that records what it is asked. */
function spy(fetcher: RevocationFetcher): { fetcher: RevocationFetcher; requests: FetchRequest[]; ocspRequests: () => FetchRequest[] } {
  const requests: FetchRequest[] = [];
  return { fetcher: (r) => (requests.push(r), fetcher(r)), requests, ocspRequests: () => requests.filter((r) => r.contentType === 'application/ocsp-request') };
}

/**
 * The development OCSP responder in-process, answering as of the verification time `clock()`
 * (the stand-in over HTTP answers as of the real time), optionally without nextUpdate.
 */
function ocspResponder(
  clock: () => Date,
  opts: { withoutNextUpdate?: boolean; onHold?: boolean; state?: Partial<OcspResponderState> } = {},
): RevocationFetcher {
  return async ({ body }) => {
    const answer = await answerOcspRequest(body!, { ...responder, ...opts.state }, clock());
    if (!opts.withoutNextUpdate && !opts.onHold) return answer;
    return rewritten(answer, (single) => {
      if (opts.withoutNextUpdate) delete single.nextUpdate;
      // RevokedInfo gets revocationReason [0] EXPLICIT CRLReason certificateHold (6).
      if (opts.onHold)
        (single.certStatus as asn1js.Constructed).valueBlock.value.push(
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: 6 })] }),
        );
    });
  };
}

/** The response with each SingleResponse changed, signed again by the responder. */
async function rewritten(responseDer: Uint8Array, change: (single: pkijs.SingleResponse) => void): Promise<Uint8Array> {
  const response = new pkijs.OCSPResponse({ schema: parseAsn1(responseDer, 'OCSP response') });
  const basic = new pkijs.BasicOCSPResponse({ schema: parseAsn1(response.responseBytes!.response.valueBlock.valueHexView, 'basic OCSP response') });
  for (const single of basic.tbsResponseData.responses) change(single);
  await basic.sign(responder.responderKey as never, 'SHA-256');
  response.responseBytes!.response.valueBlock.valueHexView = new Uint8Array(basic.toSchema().toBER(false));
  return new Uint8Array(response.toSchema().toBER(false));
}

function nonceOf(request: FetchRequest): string | undefined {
  const parsed = new pkijs.OCSPRequest({ schema: parseAsn1(request.body!, 'OCSP request') });
  const nonce = parsed.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  return nonce ? hex(nonce.extnValue.valueBlock.valueHexView) : undefined;
}

describe('OCSP answers reused for the same certificate', () => {
  it('asks the responder once when the same signer signs again within the window', async () => {
    const http = spy(httpFetcher(2000));
    const deps: VerifyDeps = { trustAnchors: anchors, fetcher: http.fetcher, cache: new MemoryRevocationCache() };
    const signer = await signerOf(person('citizen').sign);
    const first = await verifySignature({ cms: await signCms(document, signer), content: document, purpose: 'sign' }, deps);
    const other = new TextEncoder().encode('Тағы бір құжат / ещё один документ');
    const second = await verifySignature({ cms: await signCms(other, signer), content: other, purpose: 'sign' }, deps);

    expect(first.valid).toBe(true);
    expect(second.valid).toBe(true);
    expect(first.signers[0].revocation).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(second.signers[0].revocation).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(http.ocspRequests()).toHaveLength(1);
    expect(http.requests).toHaveLength(1); // nor a CRL instead

    // Another certificate is another question.
    const investigator = await signerOf(person('investigator').sign);
    expect((await verifySignature({ cms: await signCms(document, investigator), content: document, purpose: 'sign' }, deps)).valid).toBe(true);
    expect(http.ocspRequests()).toHaveLength(2);
  });

  it('keeps a revoked answer as revoked, also past the response’s nextUpdate', async () => {
    const now = new Date();
    let clock = now;
    const ocsp = spy(ocspResponder(() => clock));
    const deps: VerifyDeps = { trustAnchors: anchors, fetcher: ocsp.fetcher, cache: new MemoryRevocationCache(), revocation: 'ocsp' };
    const cms = await signCms(document, await signerOf(manifest.special.revoked));

    const first = await verifySignature({ cms, content: document, purpose: 'sign', at: now }, deps);
    clock = new Date(now.getTime() + 120 * MINUTE);
    const later = await verifySignature({ cms, content: document, purpose: 'sign', at: clock }, deps);

    expect(codes(first)).toEqual(['CERT_REVOKED']);
    expect(codes(later)).toEqual(['CERT_REVOKED']);
    expect(later.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'ocsp', revokedAt: first.signers[0].revocation.revokedAt });
    expect(first.signers[0].revocation.revokedAt).toBeDefined();
    expect(ocsp.ocspRequests()).toHaveLength(1);
  });

  it('keeps a revocation on hold only until the response’s nextUpdate, since the CA may lift it', async () => {
    const now = new Date();
    let clock = now;
    const ocsp = spy(ocspResponder(() => clock, { onHold: true }));
    const deps: VerifyDeps = { trustAnchors: anchors, fetcher: ocsp.fetcher, cache: new MemoryRevocationCache(), revocation: 'ocsp' };
    const cms = await signCms(document, await signerOf(manifest.special.revoked));
    for (const minutes of [0, 30, 61]) {
      clock = new Date(now.getTime() + minutes * MINUTE);
      expect(codes(await verifySignature({ cms, content: document, purpose: 'sign', at: clock }, deps))).toEqual(['CERT_REVOKED']);
    }
    expect(ocsp.ocspRequests()).toHaveLength(2);
  });

  it('asks again after the response’s nextUpdate, with a fresh nonce', async () => {
    const now = new Date();
    let clock = now;
    const ocsp = spy(ocspResponder(() => clock)); // answers carry nextUpdate = their time + 1 hour
    const deps: VerifyDeps = { trustAnchors: anchors, fetcher: ocsp.fetcher, cache: new MemoryRevocationCache(), revocation: 'ocsp' };
    const cms = await signCms(document, await signerOf(person('citizen').sign));
    const verifyAt = async (minutes: number) => {
      clock = new Date(now.getTime() + minutes * MINUTE);
      const verdict = await verifySignature({ cms, content: document, purpose: 'sign', at: clock }, deps);
      expect(verdict.valid).toBe(true);
      return ocsp.ocspRequests().length;
    };

    expect(await verifyAt(0)).toBe(1);
    expect(await verifyAt(30)).toBe(1);
    expect(await verifyAt(59)).toBe(1);
    expect(await verifyAt(61)).toBe(2);
    expect(await verifyAt(90)).toBe(2);

    const [a, b] = ocsp.ocspRequests().map(nonceOf);
    expect(a).toMatch(/^[0-9a-f]+$/);
    expect(b).toMatch(/^[0-9a-f]+$/);
    expect(a).not.toBe(b);
  });

  it('keeps an answer without nextUpdate for 5 minutes, or as configured', async () => {
    const now = new Date();
    let clock = now;
    const cms = await signCms(document, await signerOf(person('citizen').sign));
    const run = async (ocspCacheMs: number | undefined, minutes: number[]) => {
      const ocsp = spy(ocspResponder(() => clock, { withoutNextUpdate: true }));
      const deps: VerifyDeps = { trustAnchors: anchors, fetcher: ocsp.fetcher, cache: new MemoryRevocationCache(), revocation: 'ocsp', ocspCacheMs };
      const counts: number[] = [];
      for (const m of minutes) {
        clock = new Date(now.getTime() + m * MINUTE);
        const verdict = await verifySignature({ cms, content: document, purpose: 'sign', at: clock }, deps);
        expect(verdict.signers[0].revocation).toMatchObject({ status: 'good', source: 'ocsp' });
        counts.push(ocsp.ocspRequests().length);
      }
      return counts;
    };

    expect(await run(undefined, [0, 4, 6, 8])).toEqual([1, 1, 2, 2]);
    expect(await run(MINUTE, [0, 0.5, 2])).toEqual([1, 1, 2]);
    expect(await run(0, [0, 0])).toEqual([1, 2]);
  });

  it('never keeps an "unknown" answer or a failed request', async () => {
    const cms = await signCms(document, await signerOf(person('citizen').sign));

    const unknown = spy(ocspResponder(() => new Date(), { state: { issued: [] } }));
    const unknownDeps: VerifyDeps = { trustAnchors: anchors, fetcher: unknown.fetcher, cache: new MemoryRevocationCache(), revocation: 'ocsp' };
    for (let i = 0; i < 2; i++)
      expect(codes(await verifySignature({ cms, content: document, purpose: 'sign' }, unknownDeps))).toEqual(['REVOCATION_UNAVAILABLE']);
    expect(unknown.ocspRequests()).toHaveLength(2);

    let down = true;
    const working = ocspResponder(() => new Date());
    const flaky = spy(async (r) => {
      if (down) throw new RevocationUnavailableError('responder unreachable', r.url);
      return working(r);
    });
    const flakyDeps: VerifyDeps = { trustAnchors: anchors, fetcher: flaky.fetcher, cache: new MemoryRevocationCache(), revocation: 'ocsp' };
    await expect(verifySignature({ cms, content: document, purpose: 'sign' }, flakyDeps)).rejects.toBeInstanceOf(RevocationUnavailableError);
    down = false;
    expect((await verifySignature({ cms, content: document, purpose: 'sign' }, flakyDeps)).valid).toBe(true);
    expect((await verifySignature({ cms, content: document, purpose: 'sign' }, flakyDeps)).valid).toBe(true);
    expect(flaky.ocspRequests()).toHaveLength(2);
  });

  it('keeps nothing without a cache, and answers from the cache only for OCSP policies', async () => {
    const cms = await signCms(document, await signerOf(person('citizen').sign));
    const noCache = spy(httpFetcher(2000));
    for (let i = 0; i < 2; i++)
      expect(
        (await verifySignature({ cms, content: document, purpose: 'sign' }, { trustAnchors: anchors, fetcher: noCache.fetcher, revocation: 'ocsp' })).valid,
      ).toBe(true);
    expect(noCache.ocspRequests()).toHaveLength(2);

    const cache = new MemoryRevocationCache();
    const http = spy(httpFetcher(2000));
    await verifySignature({ cms, content: document, purpose: 'sign' }, { trustAnchors: anchors, fetcher: http.fetcher, cache, revocation: 'ocsp' });
    const byCrl = await verifySignature(
      { cms, content: document, purpose: 'sign' },
      { trustAnchors: anchors, fetcher: http.fetcher, cache, revocation: 'crl' },
    );
    expect(byCrl.signers[0].revocation).toMatchObject({ status: 'good', source: 'crl' });
    expect(http.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('bounds the memory cache, dropping the oldest entry first', () => {
    const cache = new MemoryRevocationCache(2);
    const now = new Date();
    const later = new Date(now.getTime() + MINUTE);
    cache.set('a', new Uint8Array([1]), later);
    cache.set('b', new Uint8Array([2]), later);
    cache.set('c', new Uint8Array([3]), later);
    expect(cache.get('a', now)).toBeUndefined();
    expect(cache.get('b', now)).toEqual(new Uint8Array([2]));
    expect(cache.get('c', now)).toEqual(new Uint8Array([3]));
    expect(cache.get('c', later)).toBeUndefined();
  });
});

describe('certificates compared by the bytes they were read from', () => {
  it('gives back the bytes a certificate was read from, whether from a file or from a CMS', async () => {
    const file = pemBlocks(fs.readFileSync(person('citizen').sign.cert, 'utf8'))[0].der;
    const withTrailingBytes = new Uint8Array([...file, 0, 0]);
    const cert = parseCertificate(withTrailingBytes);
    expect(Buffer.from(certificateDer(cert)).equals(Buffer.from(file))).toBe(true);
    expect(Buffer.from(certificateDer(cert)).equals(Buffer.from(cert.toSchema(true).toBER(false)))).toBe(true);
    expect(summarise(cert).sha256).toBe(hex(hash('SHA-256', file)));

    const signer = await signerOf(person('citizen').sign);
    const cms = await signCms(document, signer, { includeChain: true });
    const signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parseAsn1(toDer(cms), 'CMS') }).content });
    const carried = signedData.certificates!.filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const intermediate = anchors.intermediates.find((a) => carried.some((c) => sameCertificate(a, c)));
    expect(intermediate).toBeDefined();
    expect(carried.some((c) => sameCertificate(c, cert))).toBe(true);
    expect(sameCertificate(cert, anchors.roots[0])).toBe(false);
  });

  it('encodes again a certificate that was signed again after it was read', async () => {
    const cert = await loadPemCertificate(person('citizen').sign.cert);
    const before = certificateDer(cert);
    cert.serialNumber.valueBlock.valueHexView = new Uint8Array([0x01, 0x02, 0x03]);
    await cert.sign((await loadPemKey(manifest.intermediate.key)) as never, 'SHA-256');
    const after = certificateDer(cert);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect(Buffer.from(after).equals(Buffer.from(cert.toSchema(true).toBER(false)))).toBe(true);
    expect(hex(parseCertificate(after).serialNumber.valueBlock.valueHexView)).toBe('010203');
  });
});
