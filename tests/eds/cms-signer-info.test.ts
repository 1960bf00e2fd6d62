// Signer infos read by hand (eds/cms.ts) give pkijs's own reading of them, and the verdicts of
// reading the whole CMS with pkijs, also when broken on purpose: unusual fields are left to the
// whole-tree way, and every mutation of a signer info gets the whole-tree verdict.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readSignedData, readSignerInfo, splitSignedData } from '../../eds/cms';
import { certificateDer, DER_TAG, derChildren, hash, parseAsn1, readDerElement, toArrayBuffer } from '../../eds/der';
import { cryptoEngine } from '../../eds/engine';
import { loadPemCertificate, loadPemKey, type DevPkiManifest } from '../../eds/dev-pki';
import { OID } from '../../eds/oids';
import { signCms, type SignerKey } from '../../eds/sign';
import { loadTrustAnchors, type TrustAnchors } from '../../eds/trust';
import { verifySignature, type VerifyDeps } from '../../eds/verify';
import type { Verdict } from '../../eds/verdict';
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

describe('signer infos read by hand', () => {
  const tsaSigner = async (): Promise<SignerKey> => ({
    privateKey: await loadPemKey(manifest.tsa.key),
    certificate: await loadPemCertificate(manifest.tsa.cert),
  });

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

  it("gives pkijs's reading and verdicts: PKCS#1 v1.5, PSS with parameters, ECDSA P-256 and P-384, no signed attributes, signing-certificate v1 and v2, a timestamp token", async () => {
    const citizen = await signerOf(person('citizen').sign);
    const pss = await signerOf(person('head').sign, { rsaScheme: 'pss', hash: 'SHA-384' });
    const [p256, p384] = [await newSigner(manifest, 'ECDSA-P256'), await newSigner(manifest, 'ECDSA-P384')];
    const samples: { name: string; cms: Uint8Array; content?: Uint8Array; expected: string[] }[] = [
      { name: 'PKCS#1 v1.5, signing-certificate v2', cms: await signCms(report, citizen, { attached: true }), expected: [] },
      { name: 'PSS with parameters', cms: await signCms(report, pss, { attached: true, hash: 'SHA-384' }), expected: [] },
      { name: 'ECDSA P-256', cms: await signCms(report, p256, { attached: true }), expected: [] },
      { name: 'ECDSA P-384', cms: await signCms(report, p384, { attached: true, hash: 'SHA-384' }), expected: [] },
      { name: 'no signed attributes', cms: await signCms(report, citizen, { signedAttributes: false }), content: report, expected: [] },
      { name: 'signing-certificate v1', cms: await signWithAttributes(report, citizen, [signingCertificateV1(citizen.certificate)]), expected: [] },
      {
        name: 'signing-certificate v1 of another certificate',
        cms: await signWithAttributes(report, citizen, [signingCertificateV1(p256.certificate)]),
        expected: ['SIGNATURE_INVALID'],
      },
      {
        name: 'changed content',
        cms: await signCms(report, p256, { signedAttributes: false }),
        content: new TextEncoder().encode('changed'),
        expected: ['SIGNATURE_INVALID'],
      },
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
    const cms = opensslSign(manifest, ['-keyid', '-cades']);
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
    const unsignedAttribute = (type: string, values: DerNode[]): DerNode => ({
      tag: DER_TAG.context1,
      children: [{ tag: DER_TAG.sequence, children: [oid(type), { tag: DER_TAG.set, children: values }] }],
    });
    const firstSignedAttribute = signedAttrs.children![0];
    const unusual: { name: string; signerInfo: DerNode; expected: string[] }[] = [
      { name: 'version 2', signerInfo: replaced(tree, [0], { ...version, value: new Uint8Array([2]) }), expected: [] },
      // pkijs ignores a field after the unsigned attributes, but refuses one in their place.
      {
        name: 'a field after the unsigned attributes',
        signerInfo: { ...tree, children: [...tree.children!, unsignedAttribute('1.2.3', [nothing]), nothing] },
        expected: [],
      },
      { name: 'a field too many', signerInfo: { ...tree, children: [...tree.children!, nothing] }, expected: ['MALFORMED'] },
      {
        name: 'the issuer of no certificate carried',
        signerInfo: replaced(tree, [1, 0], otherName(sid.children![0])),
        expected: ['SIGNER_CERTIFICATE_MISSING'],
      },
      { name: 'signed attributes in BER', signerInfo: replaced(tree, [3], { ...signedAttrs, form: 'indefinite' }), expected: ['SIGNATURE_INVALID'] },
      { name: 'no signed attributes in [0]', signerInfo: replaced(tree, [3], { ...signedAttrs, children: [] }), expected: ['MALFORMED'] },
      // Read as a whole, an attribute without values made verification throw; it is refused now, both ways.
      {
        name: 'a signed attribute without values',
        signerInfo: replaced(tree, [3, 0, 1], { ...firstSignedAttribute.children![1], children: [] }),
        expected: ['MALFORMED'],
      },
      {
        name: 'a timestamp attribute without values',
        signerInfo: { ...tree, children: [...tree.children!, unsignedAttribute(OID.attrSignatureTimeStampToken, [])] },
        expected: ['TIMESTAMP_INVALID'],
      },
      {
        name: 'digest algorithm without its OID',
        signerInfo: replaced(tree, [2], { ...digestAlgorithm, children: digestAlgorithm.children!.slice(1) }),
        expected: ['MALFORMED'],
      },
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
  ])(
    'gives the whole-tree verdict for every mutation of %s',
    async (_name, kind) => {
      const cms =
        kind === 'cades'
          ? await signCms(report, await signerOf(person('citizen').sign), { attached: true, timestampAuthority: await tsaSigner() })
          : opensslSign(manifest, ['-keyid', '-cades']);
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
    },
    120_000,
  );
});

type Outcome = { verdict: Verdict } | { error: string };

/** The verdict (or exception) of the CMS as it comes and of its BER twin, which is read as one pkijs tree. */
async function bothWays(cms: Uint8Array, content?: Uint8Array): Promise<{ byHand: Outcome; wholeTree: Outcome }> {
  const at = new Date(); // the same moment for both, as the verdict names it
  const outcome = (verdict: Promise<Verdict>): Promise<Outcome> =>
    verdict.then(
      (v) => ({ verdict: v }),
      (err: Error) => ({ error: `${err.constructor.name}: ${err.message}` }),
    );
  return {
    byHand: await outcome(verifySignature({ cms, content, purpose: 'sign', at }, deps)),
    wholeTree: await outcome(verifySignature({ cms: withIndefiniteLengths(cms), content, purpose: 'sign', at }, deps)),
  };
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
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }),
        signedAttrs,
      }),
    ],
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
  const signedData = element(
    DER_TAG.sequence,
    ranges.version,
    ranges.digestAlgorithms,
    ranges.encapContentInfo,
    ...certificates,
    element(DER_TAG.set, signerInfo),
  );
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
  return children
    ? { tag: element.tag, children: children.map((c) => derTree(bytes, c)) }
    : { tag: element.tag, value: bytes.subarray(element.valueStart, element.end) };
}

/** The bytes inside a node: its elements one after the other, or its value. */
const valueOf = (node: DerNode): Uint8Array => (node.children ? Buffer.concat(node.children.map(encodeDer)) : node.value!);

function encodeDer(node: DerNode): Uint8Array {
  const value = valueOf(node);
  if (node.form === 'indefinite') return new Uint8Array(Buffer.concat([Buffer.from([node.tag, 0x80]), value, Buffer.from([0, 0])]));
  const lengthBytes: number[] = [];
  for (let n = value.length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256);
  const length =
    node.form === 'long'
      ? [0x80 | (lengthBytes.length + 1), 0, ...lengthBytes]
      : value.length < 128
        ? [value.length]
        : [0x80 | lengthBytes.length, ...lengthBytes];
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
    bytes[position] ^= 1 << (next() % 8);
    yield { name: `bit flipped at byte ${position}`, bytes };
  }
}
