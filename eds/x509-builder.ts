// Issuing certificates, CRLs and OCSP responses with pkijs. Used by the development PKI and its
// HTTP stand-in, and by tests that need certificates with particular defects.
import { randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { KEY_USAGE, KeyUsageName } from './certificate';
import { certificateDer, hash, HASH_BY_OID, parseAsn1, parseCertificate, sameBytes, toArrayBuffer } from './der';
import { cryptoEngine, subtle } from './engine';
import { OID } from './oids';

type CryptoKey = webcrypto.CryptoKey;

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export type KeyAlgorithm = 'RSA-2048' | 'ECDSA-P256' | 'ECDSA-P384';

export async function generateKeyPair(algorithm: KeyAlgorithm = 'RSA-2048'): Promise<KeyPair> {
  const params =
    algorithm === 'RSA-2048'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: algorithm === 'ECDSA-P256' ? 'P-256' : 'P-384' };
  return (await subtle.generateKey(params, true, ['sign', 'verify'])) as KeyPair;
}

export async function exportPkcs8(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle.exportKey('pkcs8', key));
}

/** Imports a PKCS#8 key for signing certificates/CRLs/OCSP responses (PKCS#1 v1.5 or ECDSA, SHA-256). */
export async function importIssuerKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  const info = new pkijs.PrivateKeyInfo({ schema: parseAsn1(pkcs8, 'private key') });
  const algorithm =
    info.privateKeyAlgorithm.algorithmId === OID.ecPublicKey
      ? {
          name: 'ECDSA',
          namedCurve: ({ '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384' } as Record<string, string>)[
            (info.privateKeyAlgorithm.algorithmParams as asn1js.ObjectIdentifier).valueBlock.toString()
          ],
        }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return subtle.importKey('pkcs8', toArrayBuffer(pkcs8), algorithm, false, ['sign']);
}

export type NameAttribute = [oid: string, value: string];

/** SERIALNUMBER, C and e-mail are PrintableString/IA5String by X.520; the rest UTF8String. */
export function buildName(attributes: NameAttribute[]): pkijs.RelativeDistinguishedNames {
  // One attribute per RDN (pkijs alone would put them all in one multi-valued RDN).
  const sequence = new asn1js.Sequence({
    value: attributes.map(([type, value]) => {
      const asn =
        type === OID.serialNumber || type === OID.country
          ? new asn1js.PrintableString({ value })
          : type === OID.emailAddress
            ? new asn1js.IA5String({ value })
            : new asn1js.Utf8String({ value });
      return new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value: asn }).toSchema()] });
    }),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: parseAsn1(new Uint8Array(sequence.toBER(false)), 'name') });
}

export interface IssueSpec {
  subject: NameAttribute[];
  publicKey: CryptoKey;
  /** Omit for a self-signed root. */
  issuer?: { certificate: pkijs.Certificate; privateKey: CryptoKey };
  /** Signing key of a self-signed certificate. */
  selfSignKey?: CryptoKey;
  serial?: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  pathLength?: number;
  keyUsage: KeyUsageName[];
  extendedKeyUsage?: string[];
  crlUrl?: string;
  ocspUrl?: string;
  policies?: string[];
}

function keyUsageBits(names: KeyUsageName[]): asn1js.BitString {
  let value = 0;
  let highest = 0;
  for (const n of names) {
    value |= 0x8000 >> KEY_USAGE[n];
    highest = Math.max(highest, KEY_USAGE[n]);
  }
  const bytes = highest < 8 ? new Uint8Array([value >> 8]) : new Uint8Array([value >> 8, value & 0xff]);
  const usedBits = highest + 1;
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: bytes.length * 8 - usedBits });
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): pkijs.Extension {
  const schema = 'toSchema' in value && typeof value.toSchema === 'function' ? value.toSchema() : (value as asn1js.AsnType);
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

export function randomSerial(): Uint8Array {
  const serial = randomBytes(12);
  serial[0] &= 0x7f; // positive INTEGER
  serial[0] |= 0x10; // no leading zero byte
  return new Uint8Array(serial);
}

function keyIdentifier(spki: pkijs.PublicKeyInfo): Uint8Array {
  return hash('SHA-1', spki.subjectPublicKey.valueBlock.valueHexView);
}

export async function issueCertificate(spec: IssueSpec): Promise<pkijs.Certificate> {
  const engine = cryptoEngine();
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(spec.serial ?? randomSerial()) });
  cert.subject = buildName(spec.subject);
  cert.issuer = spec.issuer ? spec.issuer.certificate.subject : cert.subject;
  cert.notBefore.value = spec.notBefore;
  cert.notAfter.value = spec.notAfter;
  await cert.subjectPublicKeyInfo.importKey(spec.publicKey as never, engine);

  const extensions: pkijs.Extension[] = [
    extension(
      OID.basicConstraints,
      true,
      new pkijs.BasicConstraints(spec.ca ? { cA: true, ...(spec.pathLength !== undefined ? { pathLenConstraint: spec.pathLength } : {}) } : {}),
    ),
    extension(OID.keyUsage, true, keyUsageBits(spec.keyUsage)),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(cert.subjectPublicKeyInfo)) })),
  ];
  const issuerSpki = spec.issuer ? spec.issuer.certificate.subjectPublicKeyInfo : cert.subjectPublicKeyInfo;
  extensions.push(
    extension(
      OID.authorityKeyIdentifier,
      false,
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(issuerSpki)) }) }),
    ),
  );
  if (spec.extendedKeyUsage?.length) extensions.push(extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: spec.extendedKeyUsage })));
  if (spec.policies?.length) {
    extensions.push(
      extension(
        OID.certificatePolicies,
        false,
        new pkijs.CertificatePolicies({ certificatePolicies: spec.policies.map((p) => new pkijs.PolicyInformation({ policyIdentifier: p })) }),
      ),
    );
  }
  if (spec.crlUrl) {
    extensions.push(
      extension(
        OID.crlDistributionPoints,
        false,
        new pkijs.CRLDistributionPoints({
          distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: spec.crlUrl })] })],
        }),
      ),
    );
  }
  if (spec.ocspUrl) {
    extensions.push(
      extension(
        OID.authorityInfoAccess,
        false,
        new pkijs.InfoAccess({
          accessDescriptions: [
            new pkijs.AccessDescription({ accessMethod: OID.adOcsp, accessLocation: new pkijs.GeneralName({ type: 6, value: spec.ocspUrl }) }),
          ],
        }),
      ),
    );
  }
  cert.extensions = extensions;
  const signingKey = spec.issuer?.privateKey ?? spec.selfSignKey;
  if (!signingKey) throw new Error('issueCertificate: an issuer or a self-signing key is needed');
  await cert.sign(signingKey as never, 'SHA-256', engine);
  // Re-parse so that extensions carry their parsed values, as for any certificate read from disk.
  return parseCertificate(certificateDer(cert));
}

/**
 * A certificate with Kazakh GOST 34.310 key and signature algorithms. We cannot compute GOST
 * signatures, so key and signature are random bytes: enough for a verifier to recognise the
 * algorithm and refuse it, which is what it is for.
 */
export function fakeGostCertificate(subject: NameAttribute[], issuer: pkijs.Certificate, notBefore: Date, notAfter: Date): pkijs.Certificate {
  const gostSignature = new pkijs.AlgorithmIdentifier({ algorithmId: OID.kzGostSignature });
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(randomSerial()) });
  cert.subject = buildName(subject);
  cert.issuer = issuer.subject;
  cert.notBefore.value = notBefore;
  cert.notAfter.value = notAfter;
  cert.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({
    algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.kzGostPublicKey }),
    subjectPublicKey: new asn1js.BitString({ valueHex: toArrayBuffer(randomBytes(64)) }),
  });
  cert.extensions = [extension(OID.keyUsage, true, keyUsageBits(['digitalSignature', 'nonRepudiation']))];
  cert.signature = gostSignature;
  cert.signatureAlgorithm = gostSignature;
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(randomBytes(64)) });
  return parseCertificate(new Uint8Array(cert.toSchema(false).toBER(false)));
}

/** A CMS "signed" by a GOST certificate (random signature value), to exercise the refusal path. */
export function fakeGostCms(content: Uint8Array, cert: pkijs.Certificate): Uint8Array {
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.398.3.10.1.3.1' }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.kzGostSignature }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(randomBytes(64)) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.398.3.10.1.3.1' })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) }),
    certificates: [cert],
    signerInfos: [signerInfo],
  });
  return new Uint8Array(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema().toBER(false));
}

export interface RevokedEntry {
  /** Serial number, hex. */
  serial: string;
  revokedAt: string;
}

export async function issueCrl(params: {
  issuer: pkijs.Certificate;
  issuerKey: CryptoKey;
  revoked: RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}): Promise<Uint8Array> {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = params.issuer.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: params.thisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: params.nextUpdate });
  if (params.revoked.length > 0) {
    crl.revokedCertificates = params.revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.from(r.serial, 'hex')) }),
          revocationDate: new pkijs.Time({ type: 0, value: new Date(r.revokedAt) }),
        }),
    );
  }
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      extension(
        OID.authorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(params.issuer.subjectPublicKeyInfo)) }),
        }),
      ),
      extension(OID.crlNumber, false, new asn1js.Integer({ value: params.crlNumber })),
    ],
  });
  await crl.sign(params.issuerKey as never, 'SHA-256', cryptoEngine());
  return new Uint8Array(crl.toSchema(true).toBER(false));
}

export interface OcspResponderState {
  issuer: pkijs.Certificate;
  responderCert: pkijs.Certificate;
  responderKey: CryptoKey;
  revoked: RevokedEntry[];
  /** Serials (hex) this CA issued; anything else is answered "unknown". */
  issued: string[];
}

/** Answers a DER OCSP request (RFC 6960) with a signed basic response, echoing the nonce. */
export async function answerOcspRequest(requestDer: Uint8Array, state: OcspResponderState, now = new Date()): Promise<Uint8Array> {
  const engine = cryptoEngine();
  let request: pkijs.OCSPRequest;
  try {
    request = new pkijs.OCSPRequest({ schema: parseAsn1(requestDer, 'OCSP request') });
  } catch {
    return new Uint8Array(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: 1 }) }).toSchema().toBER(false));
  }
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = state.responderCert.subject;
  basic.tbsResponseData.producedAt = now;
  const issuerKeyBits = state.issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  const issuerNameDer = state.issuer.subject.toSchema().toBER(false);
  for (const single of request.tbsRequest.requestList) {
    const certId = single.reqCert;
    const hashName = HASH_BY_OID[certId.hashAlgorithm.algorithmId];
    const ours =
      hashName &&
      sameBytes(certId.issuerKeyHash.valueBlock.valueHexView, hash(hashName, issuerKeyBits)) &&
      sameBytes(certId.issuerNameHash.valueBlock.valueHexView, hash(hashName, issuerNameDer));
    const serial = Buffer.from(certId.serialNumber.valueBlock.valueHexView).toString('hex');
    const revoked = state.revoked.find((r) => r.serial === serial);
    let certStatus: asn1js.AsnType;
    if (ours && revoked) {
      certStatus = new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [new asn1js.GeneralizedTime({ valueDate: new Date(revoked.revokedAt) })],
      });
    } else if (ours && state.issued.includes(serial)) {
      certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
    } else {
      certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
    }
    basic.tbsResponseData.responses.push(
      new pkijs.SingleResponse({ certID: certId, certStatus, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3600_000) }),
    );
  }
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  if (nonce) basic.tbsResponseData.responseExtensions = [nonce];
  basic.certs = [state.responderCert];
  await basic.sign(state.responderKey as never, 'SHA-256', engine);
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({ responseType: OID.ocspBasic, response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }) }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}
