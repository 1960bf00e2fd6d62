// Signing in the page with a key file (000 §2.3 «Сіздің компьютеріңіз», your computer): the NCA RK
// PKCS#12 container (.p12) is opened here with WebCrypto and pkijs, and the private key is imported
// as a non-extractable CryptoKey — it never leaves the browser, only signatures do. The CMS made here
// is what eds/sign.ts makes on the server side (CAdES-BES: contentType, signingTime, messageDigest,
// signingCertificateV2), so the API's verifier (eds/verify.ts) accepts both alike.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  attrContentType: '1.2.840.113549.1.9.3',
  attrMessageDigest: '1.2.840.113549.1.9.4',
  attrSigningTime: '1.2.840.113549.1.9.5',
  attrSigningCertificateV2: '1.2.840.113549.1.9.16.2.47',
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  basicConstraints: '2.5.29.19',
  serialNumber: '2.5.4.5',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
};
const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

let engine: pkijs.ICryptoEngine | undefined;
function cryptoEngine(): pkijs.ICryptoEngine {
  if (!engine) {
    pkijs.setEngine('browser', new pkijs.CryptoEngine({ name: 'browser', crypto: globalThis.crypto }));
    engine = pkijs.getCrypto(true);
  }
  return engine;
}

/** WebCrypto's key type, named from the API itself so this file reads the same under the DOM's and Node's types (tests/ui/eds-in-page.test.ts). */
type CryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const buf = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', buf(data)));

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
export function fromBase64(text: string): Uint8Array {
  const s = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** An opened key: what the user sees of its certificate, and what signs. */
export interface OpenedKey {
  privateKey: CryptoKey;
  certificate: pkijs.Certificate;
  chain: pkijs.Certificate[];
  /** The holder as the certificate names them (CN), and the IIN from its serialNumber ("IIN…"). */
  holder: string;
  iin: string | null;
  validTo: Date;
}

export class WrongPasswordError extends Error {}

/** Opens an NCA RK .p12 (PBES2 as eds/pkcs12.ts writes and OpenSSL 3 reads) with its password. */
export async function openPkcs12(bytes: Uint8Array, passwordText: string): Promise<OpenedKey> {
  const e = cryptoEngine();
  const password = buf(new TextEncoder().encode(passwordText));
  const parsed = asn1js.fromBER(buf(bytes));
  if (parsed.offset === -1) throw new Error('not a PKCS#12 file');
  const pfx = new pkijs.PFX({ schema: parsed.result });
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: true }, e);
  } catch {
    throw new WrongPasswordError('cannot open the key store (wrong password?)');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('empty PKCS#12 file');
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) }, e);
  let privateKeyInfo: pkijs.PrivateKeyInfo | undefined;
  const certs: pkijs.Certificate[] = [];
  for (const content of safe.parsedValue?.safeContents ?? []) {
    for (const bag of (content.value as pkijs.SafeContents).safeBags) {
      if (bag.bagId === BAG_SHROUDED_KEY) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }, c: unknown): Promise<void> }).parseInternalValues({ password }, e);
        privateKeyInfo = shrouded.parsedValue;
      } else if (bag.bagId === BAG_KEY) {
        privateKeyInfo = bag.bagValue as pkijs.PrivateKeyInfo;
      } else if (bag.bagId === BAG_CERT) {
        const cert = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (cert instanceof pkijs.Certificate) certs.push(cert);
      }
    }
  }
  if (!privateKeyInfo) throw new Error('the key store holds no private key');
  const isCa = (c: pkijs.Certificate) => c.extensions?.some((x) => x.extnID === OID.basicConstraints && (x.parsedValue as pkijs.BasicConstraints)?.cA);
  const certificate = certs.find((c) => !isCa(c)) ?? certs[0];
  if (!certificate) throw new Error('the key store holds no certificate');
  const privateKey = await importKey(new Uint8Array(privateKeyInfo.toSchema().toBER(false)), certificate);
  const rdn = (oid: string) => certificate.subject.typesAndValues.find((t) => t.type === oid)?.value.valueBlock.value as string | undefined;
  const serial = rdn(OID.serialNumber);
  return {
    privateKey,
    certificate,
    chain: certs.filter((c) => c !== certificate),
    holder: rdn(OID.commonName) ?? [rdn(OID.surname), rdn(OID.givenName)].filter(Boolean).join(' '),
    iin: serial?.startsWith('IIN') ? serial.slice(3) : null,
    validTo: certificate.notAfter.value,
  };
}

async function importKey(pkcs8: Uint8Array, certificate: pkijs.Certificate): Promise<CryptoKey> {
  const spki = certificate.subjectPublicKeyInfo.algorithm;
  let algorithm: { name: 'ECDSA'; namedCurve: string } | { name: 'RSASSA-PKCS1-v1_5'; hash: string };
  if (spki.algorithmId === OID.ecPublicKey) {
    const curve = CURVES[(spki.algorithmParams as asn1js.ObjectIdentifier).valueBlock.toString()];
    if (!curve) throw new Error('unsupported elliptic curve');
    algorithm = { name: 'ECDSA', namedCurve: curve };
  } else if (spki.algorithmId === OID.rsaEncryption) {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else {
    throw new Error(`key algorithm ${spki.algorithmId} is not supported in the browser (use NCALayer)`);
  }
  // Not extractable: once imported, the page itself cannot read the key back out.
  return crypto.subtle.importKey('pkcs8', buf(pkcs8), algorithm, false, ['sign']);
}

const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

/** A CMS SignedData over `content` (attached: the content inside), DER bytes. */
export async function signCms(content: Uint8Array, key: OpenedKey, options: { attached?: boolean } = {}): Promise<Uint8Array> {
  const e = cryptoEngine();
  const certDer = new Uint8Array(key.certificate.toSchema().toBER(false));
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: key.certificate.issuer, serialNumber: key.certificate.serialNumber }),
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: buf(await sha256(certDer)) })] })] })],
  });
  const attributes = [
    attribute(OID.attrContentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.attrSigningTime, new asn1js.UTCTime({ valueDate: new Date() })),
    attribute(OID.attrMessageDigest, new asn1js.OctetString({ valueHex: buf(await sha256(content)) })),
    attribute(OID.attrSigningCertificateV2, essCertIdV2),
  ];
  // DER orders SET OF members by their encodings (as eds/sign.ts does).
  const enc = (a: pkijs.Attribute) => new Uint8Array(a.toSchema().toBER(false));
  attributes.sort((a, b) => compareBytes(enc(a), enc(b)));
  signerInfo.signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: buf(content) }) } : {}),
    }),
    signerInfos: [signerInfo],
    certificates: [key.certificate, ...key.chain],
  });
  await signedData.sign(key.privateKey, 0, 'SHA-256', buf(content), e);
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
