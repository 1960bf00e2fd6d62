// Reading CMS signatures by hand with remembered certificates (eds/cms.ts) gives the verdicts of
// reading them as a whole with pkijs: for signatures seen before and never seen, for broken
// input, and for BER's indefinite lengths, which are read the whole-tree way. Signer infos read
// by hand give pkijs's own reading of them, and the same verdicts, also when broken on purpose.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { summarise } from '../../eds/certificate';
import { readSignedData, readSignerInfo, splitSignedData } from '../../eds/cms';
import { certificateDer, DER_TAG, derChildren, hash, parseAsn1, readDerElement, toArrayBuffer } from '../../eds/der';
import { cryptoEngine } from '../../eds/engine';
import { loadPemCertificate, loadPemKey, type DevPkiManifest } from '../../eds/dev-pki';
import { identityFromCertificate } from '../../eds/identity';
import { OID } from '../../eds/oids';
import { httpFetcher, MemoryRevocationCache } from '../../eds/revocation';
import { importSigningKey, signCms, type SignerKey } from '../../eds/sign';
import { loadTrustAnchors, trustAnchorsFrom, type TrustAnchors } from '../../eds/trust';
import { signedContentOf, verifySignature, type VerifyDeps } from '../../eds/verify';
import type { Verdict } from '../../eds/verdict';
import { exportPkcs8, generateKeyPair, issueCertificate, type KeyAlgorithm } from '../../eds/x509-builder';
import { testPki } from '../helpers/pki';
import { codes, signerOf } from './test-pki';

const report = new TextEncoder().encode(JSON.stringify({
  kind: 'crime_report',
  place: 'Астана, Кенесары көшесі, 40',
  fabula: 'Белгісіз адам қолымдағы сөмкені жұлып алып, даңғыл жаққа қашып кетті. / Неизвестный вырвал у меня сумку и скрылся. '.repeat(10),
}));

let manifest: DevPkiManifest;
let anchors: TrustAnchors;
let deps: VerifyDeps;

beforeAll(async () => {
  manifest = await testPki();
  anchors = await loadTrustAnchors(manifest.trustAnchorsDir);
  deps = { trustAnchors: anchors, revocation: 'off' };
});

const person = (role: string) => manifest.people.find((p) => p.role === role)!;

/** A signing key and certificate issued now by the development intermediate: never seen before by the verifier. */
async function newSigner(algorithm: KeyAlgorithm): Promise<SignerKey> {
  const intermediate = await loadPemCertificate(manifest.intermediate.cert);
  const keys = await generateKeyPair(algorithm);
  const certificate = await issueCertificate({
    subject: [[OID.commonName, 'ЖАҢА АЗАМАТ'], [OID.surname, 'ЖАҢА'], [OID.serialNumber, `IIN${person('citizen').iin}`], [OID.country, 'KZ']],
    publicKey: keys.publicKey,
    issuer: { certificate: intermediate, privateKey: await loadPemKey(manifest.intermediate.key) },
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 30),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  });
  return { privateKey: await importSigningKey(await exportPkcs8(keys.privateKey), certificate), certificate, chain: [intermediate] };
}

const SIGNED_DATA_OID_DER = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** The same CMS with its outer layers (ContentInfo, [0], SignedData and its sets) in BER's indefinite-length form. */
function withIndefiniteLengths(der: Uint8Array): Uint8Array {
  const ranges = splitSignedData(der)!;
  const indefinite = (tag: number, ...parts: Uint8Array[]) => Buffer.concat([Buffer.from([tag, 0x80]), ...parts, Buffer.from([0, 0])]);
  const certificates = ranges.certificates ? [indefinite(DER_TAG.context0, ...ranges.certificates)] : [];
  const signedData = indefinite(DER_TAG.sequence, ranges.version, ranges.digestAlgorithms, ranges.encapContentInfo, ...certificates, indefinite(DER_TAG.set, ...ranges.signerInfos));
  return new Uint8Array(indefinite(DER_TAG.sequence, new Uint8Array(SIGNED_DATA_OID_DER), indefinite(DER_TAG.context0, signedData)));
}

/** Where a part found by splitSignedData starts in the whole CMS. */
const offsetIn = (cms: Uint8Array, part: Uint8Array) => part.byteOffset - cms.byteOffset;

describe('certificates remembered from earlier signatures', () => {
  it.each<KeyAlgorithm>(['RSA-2048', 'ECDSA-P256'])('give the verdicts of certificates read afresh (%s): valid, changed content, wrong signer', async (algorithm) => {
    const at = new Date();
    const signer = await newSigner(algorithm);
    const valid = await signCms(report, signer, { attached: true });
    const changed = Buffer.from(await signCms(report, signer, { attached: true }));
    changed[changed.indexOf(Buffer.from(report)) + 10] ^= 1;
    const other = await newSigner(algorithm);
    const wrongSigner = await signCms(report, { ...signer, privateKey: other.privateKey }, { attached: true });

    const verify = (cms: Uint8Array) => verifySignature({ cms, purpose: 'sign', at }, deps);
    const firstSeen = await verify(valid);
    expect(codes(firstSeen)).toEqual([]);
    for (const [cms, expected] of [[valid, []], [changed, ['CONTENT_MISMATCH']], [wrongSigner, ['SIGNATURE_INVALID']]] as [Uint8Array, string[]][]) {
      const remembered = await verify(cms);
      const readAfresh = await verify(withIndefiniteLengths(cms));
      expect(codes(remembered)).toEqual(expected);
      expect(readAfresh).toEqual(remembered);
    }
    expect(await verify(valid)).toEqual(firstSeen);

    // The DER signature took its certificates from memory; its BER twin was read as a whole.
    expect(readSignedData(valid).certificates[0]).toBe(readSignedData(valid).certificates[0]);
    expect(readSignedData(withIndefiniteLengths(valid)).certificates[0]).not.toBe(readSignedData(valid).certificates[0]);
  });

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

    const ecdsa = await newSigner('ECDSA-P384');
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

    const data = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.data }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: toArrayBuffer(report) })] })] });
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
  const encapContentInfo = tlv(DER_TAG.sequence, ranges.encapContentInfo.subarray(contentType.start, contentType.end), tlv(DER_TAG.context0, tlv(DER_TAG.octetString, content)));
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
    for (const [cms, expected] of [[der, []], [onePiece, []], [withContentInOnePiece(der, changed), ['CONTENT_MISMATCH']]] as [Uint8Array, string[]][]) {
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
    const cms = opensslSign(['-stream', '-cades']);
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

describe('signer infos read by hand', () => {
  const tsaSigner = async (): Promise<SignerKey> => ({ privateKey: await loadPemKey(manifest.tsa.key), certificate: await loadPemCertificate(manifest.tsa.cert) });

  /** Each signer info of the CMS read by hand, compared with pkijs reading it against its schema. */
  function expectPkijsReading(cms: Uint8Array) {
    const { certificates } = readSignedData(cms);
    for (const bytes of splitSignedData(cms)!.signerInfos) {
      const byHand = readSignerInfo(bytes, certificates);
      const byPkijs = new pkijs.SignerInfo({ schema: parseAsn1(bytes, 'signer info') });
      expect(byHand?.toJSON()).toEqual(byPkijs.toJSON());
      for (const attrs of ['signedAttrs', 'unsignedAttrs'] as const) {
        expect(byHand![attrs] && Buffer.from(byHand![attrs]!.encodedValue)).toEqual(byPkijs[attrs] && Buffer.from(byPkijs[attrs]!.encodedValue));
      }
      expect(Buffer.from(byHand!.toSchema().toBER(false)).equals(Buffer.from(bytes))).toBe(true);
    }
  }

  it('gives pkijs\'s reading and verdicts: PKCS#1 v1.5, PSS with parameters, ECDSA P-256 and P-384, no signed attributes, signing-certificate v1 and v2, a timestamp token', async () => {
    const citizen = await signerOf(person('citizen').sign);
    const pss = await signerOf(person('head').sign, { rsaScheme: 'pss', hash: 'SHA-384' });
    const [p256, p384] = [await newSigner('ECDSA-P256'), await newSigner('ECDSA-P384')];
    const samples: { name: string; cms: Uint8Array; content?: Uint8Array; expected: string[] }[] = [
      { name: 'PKCS#1 v1.5, signing-certificate v2', cms: await signCms(report, citizen, { attached: true }), expected: [] },
      { name: 'PSS with parameters', cms: await signCms(report, pss, { attached: true, hash: 'SHA-384' }), expected: [] },
      { name: 'ECDSA P-256', cms: await signCms(report, p256, { attached: true }), expected: [] },
      { name: 'ECDSA P-384', cms: await signCms(report, p384, { attached: true, hash: 'SHA-384' }), expected: [] },
      { name: 'no signed attributes', cms: await signCms(report, citizen, { signedAttributes: false }), content: report, expected: [] },
      { name: 'signing-certificate v1', cms: await signWithAttributes(report, citizen, [signingCertificateV1(citizen.certificate)]), expected: [] },
      { name: 'signing-certificate v1 of another certificate', cms: await signWithAttributes(report, citizen, [signingCertificateV1(p256.certificate)]), expected: ['SIGNATURE_INVALID'] },
      { name: 'changed content', cms: await signCms(report, p256, { signedAttributes: false }), content: new TextEncoder().encode('changed'), expected: ['SIGNATURE_INVALID'] },
      { name: 'timestamp token', cms: await signCms(report, citizen, { attached: true, timestampAuthority: await tsaSigner() }), expected: [] },
    ];
    const pssAlgorithm = readSignedData(samples[1].cms).signerInfos[0].signatureAlgorithm;
    expect(pssAlgorithm.algorithmId).toBe(OID.rsaPss);
    expect(pssAlgorithm.algorithmParams).toBeInstanceOf(asn1js.Sequence);

    for (const { name, cms, content, expected } of samples) {
      expectPkijsReading(cms);
      const { byHand, wholeTree } = await bothWays(cms, content);
      expect({ name, codes: 'verdict' in byHand ? codes(byHand.verdict) : byHand }).toEqual({ name, codes: expected });
      expect({ name, outcome: byHand }).toEqual({ name, outcome: wholeTree });
    }
    const timestamped = await bothWays(samples[samples.length - 1].cms);
    expect('verdict' in timestamped.byHand && timestamped.byHand.verdict.signers[0].signingTimeSource).toBe('timestamp');
  });

  it('reads a signer named by its subject key identifier (openssl cms -sign -keyid)', async () => {
    const cms = opensslSign(['-keyid', '-cades']);
    const signerInfo = splitSignedData(cms)!.signerInfos[0];
    const fields = derChildren(signerInfo, readDerElement(signerInfo, 0)!)!;
    expect(fields[1].tag).toBe(DER_TAG.primitive0);
    expectPkijsReading(cms);
    const { byHand, wholeTree } = await bothWays(cms);
    expect(byHand).toEqual(wholeTree);
    expect('verdict' in byHand && byHand.verdict.reasons).toEqual([]);
  });

  it('leaves to the whole-tree way what it does not read, with the verdicts of before', async () => {
    const citizen = await signerOf(person('citizen').sign);
    const cms = await signCms(report, citizen, { attached: true });
    const tree = derTree(splitSignedData(cms)!.signerInfos[0]);
    const [version, sid, digestAlgorithm, signedAttrs] = tree.children!;
    const nothing: DerNode = { tag: 0x05, value: new Uint8Array() };
    const oid = (value: string) => derTree(new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER(false)));
    const unsignedAttribute = (type: string, values: DerNode[]): DerNode => ({ tag: DER_TAG.context1, children: [{ tag: DER_TAG.sequence, children: [oid(type), { tag: DER_TAG.set, children: values }] }] });
    const firstSignedAttribute = signedAttrs.children![0];
    const unusual: { name: string; signerInfo: DerNode; expected: string[] }[] = [
      { name: 'version 2', signerInfo: replaced(tree, [0], { ...version, value: new Uint8Array([2]) }), expected: [] },
      // pkijs ignores a field after the unsigned attributes, but refuses one in their place.
      { name: 'a field after the unsigned attributes', signerInfo: { ...tree, children: [...tree.children!, unsignedAttribute('1.2.3', [nothing]), nothing] }, expected: [] },
      { name: 'a field too many', signerInfo: { ...tree, children: [...tree.children!, nothing] }, expected: ['MALFORMED'] },
      { name: 'the issuer of no certificate carried', signerInfo: replaced(tree, [1, 0], otherName(sid.children![0])), expected: ['SIGNER_CERTIFICATE_MISSING'] },
      { name: 'signed attributes in BER', signerInfo: replaced(tree, [3], { ...signedAttrs, form: 'indefinite' }), expected: ['SIGNATURE_INVALID'] },
      { name: 'no signed attributes in [0]', signerInfo: replaced(tree, [3], { ...signedAttrs, children: [] }), expected: ['MALFORMED'] },
      // Read as a whole, an attribute without values made verification throw; it is refused now, both ways.
      { name: 'a signed attribute without values', signerInfo: replaced(tree, [3, 0, 1], { ...firstSignedAttribute.children![1], children: [] }), expected: ['MALFORMED'] },
      { name: 'a timestamp attribute without values', signerInfo: { ...tree, children: [...tree.children!, unsignedAttribute(OID.attrSignatureTimeStampToken, [])] }, expected: ['TIMESTAMP_INVALID'] },
      { name: 'digest algorithm without its OID', signerInfo: replaced(tree, [2], { ...digestAlgorithm, children: digestAlgorithm.children!.slice(1) }), expected: ['MALFORMED'] },
    ];
    for (const { name, signerInfo, expected } of unusual) {
      const changed = withSignerInfo(cms, encodeDer(signerInfo));
      expect({ name, read: readSignerInfo(splitSignedData(changed)!.signerInfos[0], readSignedData(cms).certificates) }).toEqual({ name, read: undefined });
      const { byHand, wholeTree } = await bothWays(changed);
      expect({ name, outcome: byHand }).toEqual({ name, outcome: wholeTree });
      expect({ name, codes: 'verdict' in byHand ? codes(byHand.verdict) : byHand }).toEqual({ name, codes: expected });
    }
  });

  it.each([
    ['a timestamped CAdES signature', 'cades'],
    ['an openssl signature naming its signer by key identifier', 'keyid'],
  ])('gives the whole-tree verdict for every mutation of %s', async (_name, kind) => {
    const cms = kind === 'cades'
      ? await signCms(report, await signerOf(person('citizen').sign), { attached: true, timestampAuthority: await tsaSigner() })
      : opensslSign(['-keyid', '-cades']);
    const signerInfo = splitSignedData(cms)!.signerInfos[0];
    const certificates = readSignedData(cms).certificates;
    let readByHand = 0;
    const outcomes = new Set<string>();
    for (const { name, bytes } of mutations(signerInfo)) {
      const changed = withSignerInfo(cms, bytes);
      if (!splitSignedData(changed)) continue; // not even the outer layers split: nothing read by hand
      if (readSignerInfo(splitSignedData(changed)!.signerInfos[0], certificates)) readByHand++;
      const { byHand, wholeTree } = await bothWays(changed);
      expect({ name, outcome: byHand }).toEqual({ name, outcome: wholeTree });
      outcomes.add('verdict' in byHand ? codes(byHand.verdict).join() || 'valid' : 'throws');
    }
    // Both ways were taken often, the mutations met several kinds of refusal, and none made verification throw.
    expect(readByHand).toBeGreaterThan(100);
    expect([...outcomes]).toEqual(expect.arrayContaining(['valid', 'MALFORMED', 'SIGNATURE_INVALID', 'SIGNER_CERTIFICATE_MISSING']));
    expect(outcomes).not.toContain('throws');
  }, 120_000);
});

type Outcome = { verdict: Verdict } | { error: string };

/** The verdict (or exception) of the CMS as it comes and of its BER twin, which is read as one pkijs tree. */
async function bothWays(cms: Uint8Array, content?: Uint8Array): Promise<{ byHand: Outcome; wholeTree: Outcome }> {
  const at = new Date(); // the same moment for both, as the verdict names it
  const outcome = (verdict: Promise<Verdict>): Promise<Outcome> => verdict.then((v) => ({ verdict: v }), (err: Error) => ({ error: `${err.constructor.name}: ${err.message}` }));
  return {
    byHand: await outcome(verifySignature({ cms, content, purpose: 'sign', at }, deps)),
    wholeTree: await outcome(verifySignature({ cms: withIndefiniteLengths(cms), content, purpose: 'sign', at }, deps)),
  };
}

/** A CMS made by `openssl cms -sign` with the citizen's signing key, attached, as DER. */
function opensslSign(extra: string[]): Uint8Array {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eds-openssl-'));
  try {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const key = person('citizen').sign;
    fs.writeFileSync(path.join(dir, 'report.json'), report);
    openssl('pkcs12', '-in', key.p12, '-passin', `pass:${key.password}`, '-nocerts', '-nodes', '-out', 'key.pem');
    openssl('cms', '-sign', '-nodetach', '-binary', '-md', 'sha256', ...extra, '-in', 'report.json', '-signer', key.cert, '-inkey', 'key.pem',
      '-certfile', manifest.intermediate.cert, '-outform', 'DER', '-out', 'report.p7s');
    return new Uint8Array(fs.readFileSync(path.join(dir, 'report.p7s')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** ESS signingCertificate (v1): the SHA-1 hash of the certificate. */
function signingCertificateV1(certificate: pkijs.Certificate): pkijs.Attribute {
  const certHash = new asn1js.OctetString({ valueHex: toArrayBuffer(hash('SHA-1', certificateDer(certificate))) });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certHash] })] })] });
  return new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.12', values: [value] });
}

/** An attached SHA-256 signature whose signed attributes are contentType, messageDigest and these. */
async function signWithAttributes(content: Uint8Array, signer: SignerKey, attributes: pkijs.Attribute[]): Promise<Uint8Array> {
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.attrContentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.attrMessageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash('SHA-256', content)) })] }),
      ...attributes,
    ],
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) }),
    signerInfos: [new pkijs.SignerInfo({ version: 1, sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }), signedAttrs })],
    certificates: [signer.certificate, ...(signer.chain ?? [])],
  });
  await signedData.sign(signer.privateKey as never, 0, 'SHA-256', toArrayBuffer(content), cryptoEngine());
  return new Uint8Array(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema().toBER(false));
}

/** The CMS with this single signer info instead of its own, every length encoded again. */
function withSignerInfo(cms: Uint8Array, signerInfo: Uint8Array): Uint8Array {
  const ranges = splitSignedData(cms)!;
  const element = (tag: number, ...parts: Uint8Array[]) => encodeDer({ tag, value: Buffer.concat(parts) });
  const certificates = ranges.certificates ? [element(DER_TAG.context0, ...ranges.certificates)] : [];
  const signedData = element(DER_TAG.sequence, ranges.version, ranges.digestAlgorithms, ranges.encapContentInfo, ...certificates, element(DER_TAG.set, signerInfo));
  return element(DER_TAG.sequence, new Uint8Array(SIGNED_DATA_OID_DER), element(DER_TAG.context0, signedData));
}

/** A DER element as a tree: a constructed one with its elements, any other with its value. */
interface DerNode {
  tag: number;
  children?: DerNode[];
  value?: Uint8Array;
  /** How the length is written: the shortest way (default), with a needless extra byte, or BER's indefinite form. */
  form?: 'long' | 'indefinite';
}

function derTree(bytes: Uint8Array, element = readDerElement(bytes, 0)!): DerNode {
  const children = element.tag & 0x20 ? derChildren(bytes, element) : undefined;
  return children ? { tag: element.tag, children: children.map((c) => derTree(bytes, c)) } : { tag: element.tag, value: bytes.subarray(element.valueStart, element.end) };
}

/** The bytes inside a node: its elements one after the other, or its value. */
const valueOf = (node: DerNode): Uint8Array => (node.children ? Buffer.concat(node.children.map(encodeDer)) : node.value!);

function encodeDer(node: DerNode): Uint8Array {
  const value = valueOf(node);
  if (node.form === 'indefinite') return new Uint8Array(Buffer.concat([Buffer.from([node.tag, 0x80]), value, Buffer.from([0, 0])]));
  const lengthBytes: number[] = [];
  for (let n = value.length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256);
  const length = node.form === 'long' ? [0x80 | (lengthBytes.length + 1), 0, ...lengthBytes] : value.length < 128 ? [value.length] : [0x80 | lengthBytes.length, ...lengthBytes];
  return new Uint8Array(Buffer.concat([Buffer.from([node.tag, ...length]), value]));
}

/** The tree with the node at `at` (child indexes from the root) replaced. */
function replaced(tree: DerNode, at: number[], node: DerNode): DerNode {
  if (at.length === 0) return node;
  const children = [...tree.children!];
  children[at[0]] = replaced(children[at[0]], at.slice(1), node);
  return { ...tree, children };
}

/** A distinguished name with the last byte of its last value changed. */
function otherName(name: DerNode): DerNode {
  const bytes = Buffer.from(encodeDer(name));
  bytes[bytes.length - 1] ^= 1;
  return derTree(bytes);
}

/**
 * Ways of breaking a signer info: in the structure of its elements down to the attribute values
 * (another tag, constructed made primitive and back, an element dropped, doubled or added, lengths
 * written long or indefinite, a value cut short or lengthened) and bytes flipped anywhere.
 */
function* mutations(signerInfo: Uint8Array): Generator<{ name: string; bytes: Uint8Array }> {
  const tree = derTree(signerInfo);
  const nodes: { at: number[]; node: DerNode }[] = [];
  const visit = (node: DerNode, at: number[]) => {
    nodes.push({ at, node });
    if (at.length < 5) node.children?.forEach((child, i) => visit(child, [...at, i]));
  };
  visit(tree, []);
  for (const { at, node } of nodes) {
    const variant = (what: string, changed: DerNode) => ({ name: `${what} at [${at.join(',')}]`, bytes: encodeDer(replaced(tree, at, changed)) });
    yield variant('another tag', { ...node, tag: node.tag ^ 0x01 });
    yield variant('the constructed bit flipped', { tag: node.tag ^ 0x20, value: valueOf(node) });
    yield variant('a needlessly long length', { ...node, form: 'long' });
    if (node.children) {
      if (at.length > 0) yield variant('an indefinite length', { ...node, form: 'indefinite' });
      yield variant('no elements', { ...node, children: [] });
      yield variant('a NULL added', { ...node, children: [...node.children, { tag: 0x05, value: new Uint8Array() }] });
      for (const [i, child] of node.children.entries()) {
        yield variant(`element ${i} dropped`, { ...node, children: node.children.filter((_, j) => j !== i) });
        yield variant(`element ${i} doubled`, { ...node, children: [...node.children.slice(0, i + 1), child, ...node.children.slice(i + 1)] });
      }
    } else {
      yield variant('the value cut short', { ...node, value: node.value!.subarray(0, Math.max(0, node.value!.length - 1)) });
      yield variant('no value', { ...node, value: new Uint8Array() });
      yield variant('a byte more', { ...node, value: new Uint8Array([...node.value!, 0]) });
    }
  }
  // Bytes flipped at positions spread over the whole signer info (its own header kept).
  let seed = 17;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const header = readDerElement(signerInfo, 0)!.valueStart;
  for (let i = 0; i < 150; i++) {
    const bytes = signerInfo.slice();
    const position = header + (next() % (signerInfo.length - header));
    bytes[position] ^= 1 << next() % 8;
    yield { name: `bit flipped at byte ${position}`, bytes };
  }
}
