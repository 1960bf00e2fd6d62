// Making CMS SignedData signatures (CAdES-BES: contentType, messageDigest, signingTime,
// signingCertificateV2), attached or detached, optionally with an RFC 3161 timestamp token.
// Used by the signing tool (scripts/eds.ts) and to make signed fixtures.
import { randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer, hash, OID_BY_HASH, toArrayBuffer } from './der';
import { cryptoEngine, subtle } from './engine';
import { OID } from './oids';
import { KeyContainer, readPkcs12 } from './pkcs12';

export type SignHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface SignerKey {
  privateKey: webcrypto.CryptoKey;
  certificate: pkijs.Certificate;
  /** Issuing CA certificates to include. */
  chain?: pkijs.Certificate[];
}

export interface SignOptions {
  /** Put the content inside the CMS (default: detached). */
  attached?: boolean;
  hash?: SignHash;
  /** For RSA keys: PKCS#1 v1.5 (default) or PSS. */
  rsaScheme?: 'pkcs1' | 'pss';
  /** CAdES-BES signed attributes (default true). */
  signedAttributes?: boolean;
  signingTime?: Date;
  /** Include the issuing CA certificates (default true). */
  includeChain?: boolean;
  /** Adds an RFC 3161 timestamp token made by this timestamping authority. */
  timestampAuthority?: SignerKey;
  /** Time written in the timestamp token (default now). */
  timestampTime?: Date;
  eContentType?: string;
}

const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/** Imports a PKCS#8 private key for signing, choosing the WebCrypto algorithm from the certificate. */
export async function importSigningKey(
  pkcs8: Uint8Array,
  certificate: pkijs.Certificate,
  options: { hash?: SignHash; rsaScheme?: 'pkcs1' | 'pss' } = {},
): Promise<webcrypto.CryptoKey> {
  const hashName = options.hash ?? 'SHA-256';
  const spki = certificate.subjectPublicKeyInfo.algorithm;
  let algorithm: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  if (spki.algorithmId === OID.ecPublicKey) {
    const curve = CURVES[(spki.algorithmParams as asn1js.ObjectIdentifier).valueBlock.toString()];
    if (!curve) throw new Error('unsupported elliptic curve');
    algorithm = { name: 'ECDSA', namedCurve: curve };
  } else if (spki.algorithmId === OID.rsaEncryption || spki.algorithmId === OID.rsaPss) {
    algorithm = { name: options.rsaScheme === 'pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: hashName };
  } else {
    throw new Error(`signing with key algorithm ${spki.algorithmId} is not supported`);
  }
  return subtle.importKey('pkcs8', toArrayBuffer(pkcs8), algorithm, false, ['sign']) as Promise<webcrypto.CryptoKey>;
}

export async function signerFromContainer(container: KeyContainer, options: { hash?: SignHash; rsaScheme?: 'pkcs1' | 'pss' } = {}): Promise<SignerKey> {
  return {
    privateKey: await importSigningKey(container.privateKeyPkcs8, container.certificate, options),
    certificate: container.certificate,
    chain: container.chain,
  };
}

export async function signerFromPkcs12(p12: Uint8Array, password: string, options: { hash?: SignHash; rsaScheme?: 'pkcs1' | 'pss' } = {}): Promise<SignerKey> {
  return signerFromContainer(await readPkcs12(p12, password), options);
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** Signs `content` and returns the CMS ContentInfo as DER. */
export async function signCms(content: Uint8Array, signer: SignerKey, options: SignOptions = {}): Promise<Uint8Array> {
  const engine = cryptoEngine();
  const hashName = options.hash ?? 'SHA-256';
  const eContentType = options.eContentType ?? OID.data;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }),
  });

  if (options.signedAttributes !== false) {
    const essCertIdV2 = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash('SHA-256', certificateDer(signer.certificate))) })] })],
        }),
      ],
    });
    const attributes = [
      attribute(OID.attrContentType, new asn1js.ObjectIdentifier({ value: eContentType })),
      attribute(OID.attrSigningTime, new asn1js.UTCTime({ valueDate: options.signingTime ?? new Date() })),
      attribute(OID.attrMessageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(hash(hashName, content)) })),
      attribute(OID.attrSigningCertificateV2, essCertIdV2),
    ];
    // DER requires SET OF members in ascending order of their encodings; verifiers that
    // re-encode the attributes (OpenSSL does) would otherwise compute other bytes.
    attributes.sort((a, b) => Buffer.compare(Buffer.from(a.toSchema().toBER(false)), Buffer.from(b.toSchema().toBER(false))));
    signerInfo.signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  }

  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) } : {}),
    }),
    signerInfos: [signerInfo],
    certificates: [signer.certificate, ...(options.includeChain === false ? [] : (signer.chain ?? []))],
  });
  await signedData.sign(signer.privateKey as never, 0, hashName, toArrayBuffer(content), engine);

  if (options.timestampAuthority) {
    const token = await makeTimestampToken(
      new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
      options.timestampAuthority,
      options.timestampTime ?? new Date(),
    );
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.attrSignatureTimeStampToken, values: [token] })],
    });
  }

  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** An RFC 3161 timestamp token (ContentInfo) over the given signature value, made locally. */
export async function makeTimestampToken(signatureValue: Uint8Array, tsa: SignerKey, genTime: Date): Promise<asn1js.Sequence> {
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: '1.2.398.3.3.2.6.1',
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_BY_HASH['SHA-256'], algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(hash('SHA-256', signatureValue)) }),
    }),
    serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(randomBytes(8)) }),
    genTime,
    ordering: false,
  });
  const tstBytes = new Uint8Array(tstInfo.toSchema().toBER(false));
  const tokenDer = await signCms(tstBytes, tsa, { attached: true, eContentType: OID.tstInfo, signingTime: genTime });
  return asn1js.fromBER(toArrayBuffer(tokenDer)).result as asn1js.Sequence;
}
