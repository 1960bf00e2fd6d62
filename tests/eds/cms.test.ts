// Reading CMS signatures by hand with remembered certificates (eds/cms.ts) gives the verdicts of
// reading them as a whole with pkijs: for signatures seen before and never seen, for broken
// input, and for BER's indefinite lengths, which are read the whole-tree way. Signer infos read
// by hand are tested in cms-signer-info.test.ts.
import * as asn1js from 'asn1js';
import { summarise } from '../../eds/certificate';
import { readSignedData, splitSignedData } from '../../eds/cms';
import { DER_TAG, derChildren, readDerElement, toArrayBuffer } from '../../eds/der';
import type { DevPkiManifest } from '../../eds/dev-pki';
import { identityFromCertificate } from '../../eds/identity';
import { OID } from '../../eds/oids';
import { httpFetcher, MemoryRevocationCache } from '../../eds/revocation';
import { signCms } from '../../eds/sign';
import { loadTrustAnchors, trustAnchorsFrom, type TrustAnchors } from '../../eds/trust';
import { signedContentOf, verifySignature, type VerifyDeps } from '../../eds/verify';
import type { KeyAlgorithm } from '../../eds/x509-builder';
import { testPki } from '../helpers/pki';
import { newSigner, opensslSign, report, SIGNED_DATA_OID_DER, withIndefiniteLengths } from './cms-samples';
import { codes, signerOf } from './test-pki';

let manifest: DevPkiManifest;
let anchors: TrustAnchors;
let deps: VerifyDeps;

beforeAll(async () => {
  manifest = await testPki();
  anchors = await loadTrustAnchors(manifest.trustAnchorsDir);
  deps = { trustAnchors: anchors, revocation: 'off' };
});

const person = (role: string) => manifest.people.find((p) => p.role === role)!;

/** Where a part found by splitSignedData starts in the whole CMS. */
const offsetIn = (cms: Uint8Array, part: Uint8Array) => part.byteOffset - cms.byteOffset;

describe('certificates remembered from earlier signatures', () => {
  it.each<KeyAlgorithm>(['RSA-2048', 'ECDSA-P256'])(
    'give the verdicts of certificates read afresh (%s): valid, changed content, wrong signer',
    async (algorithm) => {
      const at = new Date();
      const signer = await newSigner(manifest, algorithm);
      const valid = await signCms(report, signer, { attached: true });
      const changed = Buffer.from(await signCms(report, signer, { attached: true }));
      changed[changed.indexOf(Buffer.from(report)) + 10] ^= 1;
      const other = await newSigner(manifest, algorithm);
      const wrongSigner = await signCms(report, { ...signer, privateKey: other.privateKey }, { attached: true });

      const verify = (cms: Uint8Array) => verifySignature({ cms, purpose: 'sign', at }, deps);
      const firstSeen = await verify(valid);
      expect(codes(firstSeen)).toEqual([]);
      for (const [cms, expected] of [
        [valid, []],
        [changed, ['CONTENT_MISMATCH']],
        [wrongSigner, ['SIGNATURE_INVALID']],
      ] as [Uint8Array, string[]][]) {
        const remembered = await verify(cms);
        const readAfresh = await verify(withIndefiniteLengths(cms));
        expect(codes(remembered)).toEqual(expected);
        expect(readAfresh).toEqual(remembered);
      }
      expect(await verify(valid)).toEqual(firstSeen);

      // The DER signature took its certificates from memory; its BER twin was read as a whole.
      expect(readSignedData(valid).certificates[0]).toBe(readSignedData(valid).certificates[0]);
      expect(readSignedData(withIndefiniteLengths(valid)).certificates[0]).not.toBe(readSignedData(valid).certificates[0]);
    },
  );

  it('imports a public key once per algorithm: PKCS#1 v1.5, PSS and several hashes from one certificate all verify, and a bad signature after good ones is refused', async () => {
    const head = person('head').sign;
    const changed = new TextEncoder().encode('changed');
    const pkcs1 = await signCms(report, await signerOf(head), { attached: true });
    const pss384 = await signCms(report, await signerOf(head, { rsaScheme: 'pss', hash: 'SHA-384' }), { hash: 'SHA-384', attached: true });
    const pkcs1Bare512 = await signCms(report, await signerOf(head, { hash: 'SHA-512' }), { hash: 'SHA-512', signedAttributes: false });
    const pssBare = await signCms(report, await signerOf(head, { rsaScheme: 'pss' }), { signedAttributes: false });
    for (let round = 0; round < 2; round++) {
      expect(codes(await verifySignature({ cms: pkcs1, purpose: 'sign' }, deps))).toEqual([]);
      expect(codes(await verifySignature({ cms: pss384, purpose: 'sign' }, deps))).toEqual([]);
      expect(codes(await verifySignature({ cms: pkcs1Bare512, content: report, purpose: 'sign' }, deps))).toEqual([]);
      expect(codes(await verifySignature({ cms: pssBare, content: report, purpose: 'sign' }, deps))).toEqual([]);
      expect(codes(await verifySignature({ cms: pkcs1Bare512, content: changed, purpose: 'sign' }, deps))).toEqual(['SIGNATURE_INVALID']);
      expect(codes(await verifySignature({ cms: pssBare, content: changed, purpose: 'sign' }, deps))).toEqual(['SIGNATURE_INVALID']);
    }

    const ecdsa = await newSigner(manifest, 'ECDSA-P384');
    for (const hash of ['SHA-256', 'SHA-512', 'SHA-256'] as const) {
      const bare = await signCms(report, ecdsa, { hash, signedAttributes: false });
      expect(codes(await verifySignature({ cms: bare, content: report, purpose: 'sign' }, deps))).toEqual([]);
      expect(codes(await verifySignature({ cms: bare, content: changed, purpose: 'sign' }, deps))).toEqual(['SIGNATURE_INVALID']);
    }
  });

  it('leaves the shared certificates as they were read', async () => {
    const signer = await signerOf(person('citizen').sign);
    const cms = await signCms(report, signer, { attached: true });
    const carried = readSignedData(cms).certificates;
    const before = carried.map((c) => ({ summary: summarise(c), identity: identityFromCertificate(c) }));
    const rootOnly = trustAnchorsFrom(anchors.roots);
    // Path building through the carried intermediate, revocation by OCSP and by CRL, a failed check.
    const online: VerifyDeps = { trustAnchors: rootOnly, fetcher: httpFetcher(2000), cache: new MemoryRevocationCache() };
    expect(codes(await verifySignature({ cms, purpose: 'sign' }, { ...online, revocation: 'ocsp' }))).toEqual([]);
    expect(codes(await verifySignature({ cms, purpose: 'sign' }, { ...online, revocation: 'crl' }))).toEqual([]);
    expect(codes(await verifySignature({ cms, purpose: 'auth' }, deps))).toEqual(['WRONG_KEY_PURPOSE']);

    const ranges = splitSignedData(cms)!;
    expect(readSignedData(cms).certificates).toEqual(carried);
    for (const [i, cert] of readSignedData(cms).certificates.entries()) {
      expect(cert).toBe(carried[i]);
      // Encoded again from its fields, each certificate still gives the bytes it was read from.
      expect(Buffer.from(cert.toSchema(true).toBER(false)).equals(Buffer.from(ranges.certificates![i]))).toBe(true);
      expect({ summary: summarise(cert), identity: identityFromCertificate(cert) }).toEqual(before[i]);
    }
  });
});

describe('broken signatures', () => {
  it('reports MALFORMED for a truncated CMS, a broken certificate or signer info, and another content type', async () => {
    const cms = await signCms(report, await signerOf(person('citizen').sign), { attached: true });
    for (const length of [1, 2, 11, 100, cms.length >> 1, cms.length - 2, cms.length - 1]) {
      expect({ length, codes: codes(await verifySignature({ cms: cms.slice(0, length), purpose: 'sign' }, deps)) }).toEqual({ length, codes: ['MALFORMED'] });
    }

    const ranges = splitSignedData(cms)!;
    // The certificate's to-be-signed part made a SET instead of a SEQUENCE.
    const brokenCertificate = cms.slice();
    const carried = ranges.certificates![0];
    brokenCertificate[offsetIn(cms, carried) + readDerElement(carried, 0)!.valueStart] = DER_TAG.set;
    // The signer info's version made an OCTET STRING.
    const brokenSignerInfo = cms.slice();
    const signerInfo = ranges.signerInfos[0];
    brokenSignerInfo[offsetIn(cms, signerInfo) + readDerElement(signerInfo, 0)!.valueStart] = 0x04;
    for (const broken of [brokenCertificate, brokenSignerInfo]) {
      const verdict = await verifySignature({ cms: broken, purpose: 'sign' }, deps);
      expect(codes(verdict)).toEqual(['MALFORMED']);
      expect(verdict.reasons[0].message).toMatch(/^not a CMS SignedData: /);
    }
    // The encapsulated content made a UTF8String instead of an OCTET STRING.
    const notOctets = cms.slice();
    const eci = ranges.encapContentInfo;
    const eciBody = readDerElement(eci, 0)!;
    const oid = readDerElement(eci, eciBody.valueStart)!;
    const explicit = readDerElement(eci, oid.end)!;
    notOctets[offsetIn(cms, eci) + explicit.valueStart] = 0x0c;
    const notOctetsVerdict = await verifySignature({ cms: notOctets, purpose: 'sign' }, deps);
    expect(notOctetsVerdict.reasons).toEqual([{ code: 'MALFORMED', message: 'the encapsulated content is not an OCTET STRING' }]);
    // Nothing broken was remembered: the intact signature still verifies.
    expect(codes(await verifySignature({ cms, purpose: 'sign' }, deps))).toEqual([]);

    const data = new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: OID.data }),
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: toArrayBuffer(report) })] }),
      ],
    });
    const notSigned = await verifySignature({ cms: new Uint8Array(data.toBER(false)), purpose: 'sign' }, deps);
    expect(notSigned.reasons).toEqual([{ code: 'MALFORMED', message: `CMS content type ${OID.data} is not SignedData` }]);
  });
});

/** A DER element: tag, definite length, value. */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const value = Buffer.concat(parts);
  const n = value.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...length]), value]));
}

/** The same CMS with its encapsulated content as one primitive OCTET STRING, as DER has it. */
function withContentInOnePiece(der: Uint8Array, content: Uint8Array): Uint8Array {
  const ranges = splitSignedData(der)!;
  const [contentType] = derChildren(ranges.encapContentInfo, readDerElement(ranges.encapContentInfo, 0)!)!;
  const encapContentInfo = tlv(
    DER_TAG.sequence,
    ranges.encapContentInfo.subarray(contentType.start, contentType.end),
    tlv(DER_TAG.context0, tlv(DER_TAG.octetString, content)),
  );
  const certificates = ranges.certificates ? [tlv(DER_TAG.context0, ...ranges.certificates)] : [];
  const signedData = tlv(DER_TAG.sequence, ranges.version, ranges.digestAlgorithms, encapContentInfo, ...certificates, tlv(DER_TAG.set, ...ranges.signerInfos));
  return tlv(DER_TAG.sequence, new Uint8Array(SIGNED_DATA_OID_DER), tlv(DER_TAG.context0, signedData));
}

describe('the encapsulated content', () => {
  it('is read by hand in pieces (as pkijs writes it) and in one piece (DER), with the verdicts of the whole-tree reading', async () => {
    const der = await signCms(report, await signerOf(person('citizen').sign), { attached: true });
    const ranges = splitSignedData(der)!;
    const [, explicit] = derChildren(ranges.encapContentInfo, readDerElement(ranges.encapContentInfo, 0)!)!;
    expect(ranges.encapContentInfo[explicit.valueStart]).toBe(DER_TAG.constructedOctetString);
    const changed = new Uint8Array(report);
    changed[10] ^= 1;
    const onePiece = withContentInOnePiece(der, report);
    const at = new Date();
    const verify = (cms: Uint8Array) => verifySignature({ cms, purpose: 'sign', at }, deps);
    for (const [cms, expected] of [
      [der, []],
      [onePiece, []],
      [withContentInOnePiece(der, changed), ['CONTENT_MISMATCH']],
    ] as [Uint8Array, string[]][]) {
      expect(splitSignedData(cms)).toBeDefined();
      const verdict = await verify(cms);
      expect(codes(verdict)).toEqual(expected);
      expect(await verify(withIndefiniteLengths(cms))).toEqual(verdict);
      // Read by hand: the certificates come from memory.
      expect(readSignedData(cms).certificates[0]).toBe(readSignedData(der).certificates[0]);
    }
    expect(Buffer.from(signedContentOf(onePiece)!).equals(Buffer.from(report))).toBe(true);
    expect(Buffer.from(signedContentOf(der)!).equals(Buffer.from(report))).toBe(true);
  });
});

describe('BER indefinite lengths', () => {
  it('verifies a CMS whose outer layers have indefinite lengths, and reads its content', async () => {
    const der = await signCms(report, await signerOf(person('citizen').sign), { attached: true });
    const ber = withIndefiniteLengths(der);
    expect(splitSignedData(ber)).toBeUndefined();
    const at = new Date();
    const verdict = await verifySignature({ cms: ber, purpose: 'sign', at }, deps);
    expect(verdict.reasons).toEqual([]);
    expect(verdict).toEqual(await verifySignature({ cms: der, purpose: 'sign', at }, deps));
    expect(Buffer.from(signedContentOf(ber)!).equals(Buffer.from(report))).toBe(true);
    expect(Buffer.from(signedContentOf(der)!).equals(Buffer.from(report))).toBe(true);
    expect(() => signedContentOf(der.slice(0, 100))).toThrow();
  });

  it('verifies what `openssl cms -sign -stream -cades` writes', async () => {
    const cms = opensslSign(manifest, ['-stream', '-cades']);
    expect(cms[1]).toBe(0x80); // indefinite length from the first element on
    expect(splitSignedData(cms)).toBeUndefined();
    const verdict = await verifySignature({ cms, purpose: 'sign' }, deps);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.signers[0].identity?.iin).toBe(person('citizen').iin);
    expect(Buffer.from(signedContentOf(cms)!).equals(Buffer.from(report))).toBe(true);
  });
});

describe('reading DER by hand', () => {
  it('reads short and long lengths, and refuses indefinite lengths, long tags and overruns', () => {
    expect(readDerElement(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]), 0)).toEqual({ tag: 0x30, start: 0, valueStart: 2, end: 5 });
    const long = new Uint8Array(4 + 300);
    long.set([0x04, 0x82, 0x01, 0x2c]);
    expect(readDerElement(long, 0)).toEqual({ tag: 0x04, start: 0, valueStart: 4, end: 304 });
    expect(readDerElement(long, 0, 303)).toBeUndefined();
    expect(readDerElement(new Uint8Array([0x30, 0x80, 0x00, 0x00]), 0)).toBeUndefined();
    expect(readDerElement(new Uint8Array([0x1f, 0x81, 0x00, 0x00]), 0)).toBeUndefined();
    expect(readDerElement(new Uint8Array([0x30]), 0)).toBeUndefined();
  });
});
