// Reading a CMS SignedData (RFC 5652) for verification without building its whole ASN.1 tree.
//
// pkijs reads a CMS by matching one tree of the whole of it against its schema, the embedded
// certificates included: most of the cost of verifying a report of a few kilobytes. Yet the same
// certificates come with every signature a person makes (and everybody's with the same CA
// certificate). So the outer layers are split here by hand into byte ranges, each certificate is
// taken from a memory of certificates already read, by their exact bytes, and pkijs reads only
// what differs from one signature to the next: the encapsulated content. Each signer info is
// split by hand too, and only its small parts are read with asn1js (see readSignerInfo).
//
// Anything this reader does not expect (BER indefinite lengths, revocation data or attribute
// certificates in the CMS, bytes after the end, a part pkijs refuses, …) is read the whole-tree
// way instead, as before. It accepts only what the whole-tree way accepts, part by part, so a
// verdict never depends on which way was taken.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { BoundedMap } from './bounded-map';
import {
  DER_TAG,
  DerElement,
  derChildren,
  fieldsInOrder,
  hash,
  HASH_BY_OID,
  hex,
  nameDer,
  parseAsn1,
  parseCertificate,
  readDerElement,
  rememberCertificateBytes,
  sameBytes,
  toArrayBuffer,
} from './der';
import { OID } from './oids';

/** The parts of a SignedData that verification reads. */
export interface SignedDataParts {
  /** The content type and, when the signature is attached, the content. */
  encapContentInfo: pkijs.EncapsulatedContentInfo;
  /** The X.509 certificates carried (other kinds are left out), in order. Shared: never change them. */
  certificates: pkijs.Certificate[];
  /** Shared with the certificates in part (a signer's issuer name): never change them either. */
  signerInfos: pkijs.SignerInfo[];
}

/** A well-formed ContentInfo whose content is not SignedData. */
export class NotSignedDataError extends Error {
  constructor(readonly contentType: string) {
    super(`CMS content type ${contentType} is not SignedData`);
  }
}

/** Reads a CMS ContentInfo holding SignedData. Throws when it is not one (NotSignedDataError when it holds something else). */
export function readSignedData(der: Uint8Array): SignedDataParts {
  const ranges = splitSignedData(der);
  return (ranges && readFromRanges(ranges)) ?? readWholeTree(der);
}

/** Only the encapsulated content info of a CMS SignedData (what `signedContentOf` needs). */
export function readEncapsulatedContentInfo(der: Uint8Array): pkijs.EncapsulatedContentInfo {
  const ranges = splitSignedData(der);
  if (ranges) {
    try {
      const read = readEncapsulatedContent(ranges.encapContentInfo);
      if (read) return read;
    } catch {
      // read below as a whole, to fail as it always did
    }
  }
  const contentInfo = new pkijs.ContentInfo({ schema: parseAsn1(der, 'CMS') });
  return new pkijs.SignedData({ schema: contentInfo.content }).encapContentInfo;
}

/** SignedData's fields as the DER bytes of each (each certificate and signer info on its own). */
export interface SignedDataRanges {
  version: Uint8Array;
  digestAlgorithms: Uint8Array;
  encapContentInfo: Uint8Array;
  /** Each element of the [0] certificates field; undefined when there is no such field. */
  certificates?: Uint8Array[];
  /** The [1] crls field as a whole, when present. */
  crls?: Uint8Array;
  signerInfos: Uint8Array[];
}

// The DER of OBJECT IDENTIFIER 1.2.840.113549.1.7.2 (id-signedData), tag and length included.
const SIGNED_DATA_OID_DER = new Uint8Array([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

/**
 * ContentInfo → SignedData split into its fields, or undefined when the bytes are not exactly a
 * definite-length ContentInfo { id-signedData, [0] SignedData } and nothing after it.
 *   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
 *                             certificates [0] OPTIONAL, crls [1] OPTIONAL, signerInfos SET }
 */
export function splitSignedData(der: Uint8Array): SignedDataRanges | undefined {
  const contentInfo = readDerElement(der, 0);
  if (contentInfo?.tag !== DER_TAG.sequence || contentInfo.end !== der.length) return undefined;
  const [contentType, content, ...extra] = derChildren(der, contentInfo) ?? [];
  if (!content || extra.length > 0 || content.tag !== DER_TAG.context0) return undefined;
  if (!sameBytes(der.subarray(contentType.start, contentType.end), SIGNED_DATA_OID_DER)) return undefined;
  const inner = derChildren(der, content);
  if (inner?.length !== 1 || inner[0].tag !== DER_TAG.sequence) return undefined;
  const fields = derChildren(der, inner[0]);
  if (!fields) return undefined;

  const field = fieldsInOrder(fields);
  const version = field.take(DER_TAG.integer);
  const digestAlgorithms = field.take(DER_TAG.set);
  const encapContentInfo = field.take(DER_TAG.sequence);
  const certificates = field.take(DER_TAG.context0);
  const crls = field.take(DER_TAG.context1);
  const signerInfos = field.take(DER_TAG.set);
  if (!version || !digestAlgorithms || !encapContentInfo || !signerInfos || !field.allTaken()) return undefined;

  const bytesOf = (e: DerElement) => der.subarray(e.start, e.end);
  const certificateElements = certificates && derChildren(der, certificates);
  const signerInfoElements = derChildren(der, signerInfos);
  if ((certificates && !certificateElements) || !signerInfoElements) return undefined;
  return {
    version: bytesOf(version),
    digestAlgorithms: bytesOf(digestAlgorithms),
    encapContentInfo: bytesOf(encapContentInfo),
    ...(certificateElements ? { certificates: certificateElements.map(bytesOf) } : {}),
    ...(crls ? { crls: bytesOf(crls) } : {}),
    signerInfos: signerInfoElements.map(bytesOf),
  };
}

/**
 * The parts read from their ranges, or undefined (read the whole tree instead) for anything
 * outside the usual shape: revocation data or other kinds of certificate carried, an empty
 * set, or a part pkijs refuses — the whole-tree reading then says what is wrong, as before.
 */
function readFromRanges(ranges: SignedDataRanges): SignedDataParts | undefined {
  if (ranges.crls || ranges.certificates?.length === 0 || ranges.signerInfos.length === 0) return undefined;
  const certificateRanges = ranges.certificates ?? [];
  if (certificateRanges.some((c) => c[0] !== DER_TAG.sequence)) return undefined;
  try {
    if (!readableVersionAndDigestAlgorithms(ranges)) return undefined;
    const encapContentInfo = readEncapsulatedContent(ranges.encapContentInfo);
    if (!encapContentInfo) return undefined;
    const certificates = certificateRanges.map(carriedCertificate);
    const signerInfos: pkijs.SignerInfo[] = [];
    for (const bytes of ranges.signerInfos) {
      const signerInfo = readSignerInfo(bytes, certificates);
      if (!signerInfo) return undefined;
      signerInfos.push(signerInfo);
    }
    return { encapContentInfo, certificates, signerInfos };
  } catch {
    return undefined;
  }
}

/**
 * EncapsulatedContentInfo ::= SEQUENCE { eContentType OBJECT IDENTIFIER,
 *                                        eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 * split by hand, so that the signed report is not read into asn1js blocks only to be taken out
 * again. The OCTET STRING may be one piece (DER) or, as pkijs and some other signers write it,
 * pieces of definite length inside a constructed one; they are joined. Undefined for any other
 * shape (pieces nested deeper, for one), which asn1js then reads.
 */
function readEncapsulatedContent(der: Uint8Array): pkijs.EncapsulatedContentInfo | undefined {
  const info = readDerElement(der, 0);
  if (info?.tag !== DER_TAG.sequence || info.end !== der.length) return undefined;
  const [type, content, ...extra] = derChildren(der, info) ?? [];
  if (type?.tag !== DER_TAG.oid || extra.length > 0) return undefined;
  const read = new pkijs.EncapsulatedContentInfo({ eContentType: contentTypeOf(der, type) });
  if (!content) return read;
  const [octets, ...more] = (content.tag === DER_TAG.context0 && derChildren(der, content)) || [];
  if (!octets || more.length > 0) return undefined;
  const pieces = octets.tag === DER_TAG.octetString ? [octets] : octets.tag === DER_TAG.constructedOctetString ? derChildren(der, octets) : undefined;
  if (!pieces || pieces.some((p) => p.tag !== DER_TAG.octetString)) return undefined;
  // Set after construction: given to the constructor, pkijs would cut it into 64 KB pieces again.
  read.eContent = new asn1js.OctetString({ valueHex: Buffer.concat(pieces.map((p) => der.subarray(p.valueStart, p.end))) });
  return read;
}

// Content types and algorithm identifiers come back with nearly every signature (id-data,
// SHA-256, sha256WithRSAEncryption, …): each is read once from its bytes, then remembered.
// The algorithm identifiers are shared between verifications, like the certificates.
const contentTypes = new BoundedMap<string, string>(100);
const algorithmIdentifiers = new BoundedMap<string, pkijs.AlgorithmIdentifier>(100);

const contentTypeOf = (der: Uint8Array, element: DerElement): string =>
  contentTypes.remember(hex(der.subarray(element.start, element.end)), () => {
    const read = readOneElement(der, element);
    if (!(read instanceof asn1js.ObjectIdentifier) || read.error) throw new Error('CMS content type: not an OBJECT IDENTIFIER');
    return read.valueBlock.toString();
  });

const algorithmIdentifier = (der: Uint8Array, element: DerElement): pkijs.AlgorithmIdentifier =>
  algorithmIdentifiers.remember(hex(der.subarray(element.start, element.end)), () => new pkijs.AlgorithmIdentifier({ schema: readOneElement(der, element) }));

// AlgorithmIdentifier DER of the hashes signers name (SHA-1/256/384/512), with and without NULL parameters.
const USUAL_DIGEST_ALGORITHMS = new Set(
  Object.keys(HASH_BY_OID).flatMap((algorithmId) =>
    [new pkijs.AlgorithmIdentifier({ algorithmId }), new pkijs.AlgorithmIdentifier({ algorithmId, algorithmParams: new asn1js.Null() })].map((a) =>
      hex(new Uint8Array(a.toSchema().toBER(false))),
    ),
  ),
);

/**
 * SignedData's version and digestAlgorithms are unused by verification, but the whole-tree way
 * reads them and refuses what asn1js or pkijs cannot read. The usual ones (a one-byte version, the
 * usual hashes) are recognised by their bytes; anything else is read as before (throws when
 * refused). False for an empty or not plainly DER set of algorithms, left to the whole-tree way.
 */
function readableVersionAndDigestAlgorithms(ranges: SignedDataRanges): boolean {
  const oneByteVersion = ranges.version.length === 3 && ranges.version[1] === 1;
  if (!oneByteVersion) parseAsn1(ranges.version, 'CMS version');
  const algorithms = derChildren(ranges.digestAlgorithms, readDerElement(ranges.digestAlgorithms, 0)!);
  if (!algorithms || algorithms.length === 0) return false;
  for (const { start, end } of algorithms) {
    const algorithm = ranges.digestAlgorithms.subarray(start, end);
    if (!USUAL_DIGEST_ALGORITHMS.has(hex(algorithm))) new pkijs.AlgorithmIdentifier({ schema: parseAsn1(algorithm, 'CMS digest algorithm') });
  }
  return true;
}

/**
 * One SignerInfo (RFC 5652 §5.3), read as pkijs reads it but without matching it as a whole
 * against pkijs's schema, which is most of the cost of reading it:
 *   SignerInfo ::= SEQUENCE { version INTEGER, sid SignerIdentifier, digestAlgorithm,
 *                             signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL,
 *                             signatureAlgorithm, signature OCTET STRING,
 *                             unsignedAttrs [1] IMPLICIT SET OF Attribute OPTIONAL }
 *   SignerIdentifier ::= CHOICE { IssuerAndSerialNumber SEQUENCE { issuer Name, serialNumber INTEGER },
 *                                 subjectKeyIdentifier [0] IMPLICIT OCTET STRING }
 * The fields are split by hand and each is read with asn1js from its own bytes, giving the same
 * ASN.1 objects as reading the whole. The issuer name is not read at all: it must be, byte for
 * byte, the issuer of one of `certificates` (already read, so pkijs accepts it), whose name
 * object is then shared. Undefined for anything else — a version other than 1 or 3, BER, an
 * unexpected tag, a field too many, an empty set of attributes or of attribute values, a signer
 * named after a certificate not carried, a part asn1js refuses — which the whole-tree way then
 * reads as before, so that verdicts do not depend on the way taken.
 */
export function readSignerInfo(der: Uint8Array, certificates: readonly pkijs.Certificate[]): pkijs.SignerInfo | undefined {
  try {
    const signerInfo = readDerElement(der, 0);
    if (signerInfo?.tag !== DER_TAG.sequence || signerInfo.end !== der.length) return undefined;
    const fields = derChildren(der, signerInfo);
    if (!fields) return undefined;
    const field = fieldsInOrder(fields);
    const version = field.take(DER_TAG.integer);
    const sid = field.take(DER_TAG.sequence) ?? field.take(DER_TAG.primitive0);
    const digestAlgorithm = field.take(DER_TAG.sequence);
    const signedAttrs = field.take(DER_TAG.context0);
    const signatureAlgorithm = field.take(DER_TAG.sequence);
    const signature = field.take(DER_TAG.octetString);
    const unsignedAttrs = field.take(DER_TAG.context1);
    if (!version || !sid || !digestAlgorithm || !signatureAlgorithm || !signature || !field.allTaken()) return undefined;

    const versionNumber = der[version.valueStart];
    if (version.end - version.valueStart !== 1 || (versionNumber !== 1 && versionNumber !== 3)) return undefined;
    // pkijs keeps a subject key identifier as the [0] element itself.
    const signerId = sid.tag === DER_TAG.primitive0 ? readOneElement(der, sid) : issuerAndSerialNumber(der, sid, certificates);
    const signed = signedAttrs && readAttributes(der, signedAttrs, 0);
    const unsigned = unsignedAttrs && readAttributes(der, unsignedAttrs, 1);
    if (!signerId || (signedAttrs && !signed) || (unsignedAttrs && !unsigned)) return undefined;
    return new pkijs.SignerInfo({
      version: versionNumber,
      sid: signerId,
      digestAlgorithm: algorithmIdentifier(der, digestAlgorithm),
      ...(signed ? { signedAttrs: signed } : {}),
      signatureAlgorithm: algorithmIdentifier(der, signatureAlgorithm),
      signature: readOneElement(der, signature) as asn1js.OctetString,
      ...(unsigned ? { unsignedAttrs: unsigned } : {}),
    });
  } catch {
    return undefined;
  }
}

/** The signer's id by issuer and serial number, when the issuer is that of a certificate carried. */
function issuerAndSerialNumber(der: Uint8Array, sid: DerElement, certificates: readonly pkijs.Certificate[]): pkijs.IssuerAndSerialNumber | undefined {
  const [issuer, serialNumber, ...extra] = derChildren(der, sid) ?? [];
  if (issuer?.tag !== DER_TAG.sequence || serialNumber?.tag !== DER_TAG.integer || extra.length > 0) return undefined;
  const issuerBytes = der.subarray(issuer.start, issuer.end);
  const issuerName = certificates.find((c) => sameBytes(nameDer(c.issuer), issuerBytes))?.issuer;
  if (!issuerName) return undefined;
  return new pkijs.IssuerAndSerialNumber({ issuer: issuerName, serialNumber: readOneElement(der, serialNumber) as asn1js.Integer });
}

/**
 * Signed ([0]) or unsigned ([1]) attributes: each a SEQUENCE { type OBJECT IDENTIFIER, values SET }
 * with at least one value, as pkijs keeps them (with the encoding that is signed: the same bytes
 * as a SET OF). Undefined for no attributes, or an attribute of another shape.
 */
function readAttributes(der: Uint8Array, element: DerElement, type: 0 | 1): pkijs.SignedAndUnsignedAttributes | undefined {
  const attributes = derChildren(der, element);
  if (!attributes?.length) return undefined;
  for (const attribute of attributes) {
    const [oid, values, ...extra] = (attribute.tag === DER_TAG.sequence && derChildren(der, attribute)) || [];
    if (oid?.tag !== DER_TAG.oid || values?.tag !== DER_TAG.set || values.valueStart === values.end || extra.length > 0) return undefined;
  }
  const read = readOneElement(der, element) as asn1js.Constructed;
  // A copy (a Buffer's slice would be a view into the caller's bytes).
  const encodedValue = new Uint8Array(der.subarray(element.start, element.end));
  encodedValue[0] = DER_TAG.set;
  return new pkijs.SignedAndUnsignedAttributes({
    type,
    encodedValue: encodedValue.buffer,
    attributes: read.valueBlock.value.map((attribute) => {
      const [oid, values] = (attribute as asn1js.Sequence).valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Set];
      return new pkijs.Attribute({ type: oid.valueBlock.toString(), values: values.valueBlock.value });
    }),
  });
}

/** One element read with asn1js from its own bytes; throws when asn1js refuses them. */
function readOneElement(der: Uint8Array, element: DerElement): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(der.subarray(element.start, element.end)));
  if (parsed.offset !== element.end - element.start) throw new Error('not one ASN.1 element');
  return parsed.result;
}

/** SignedData → certificates [0] → each certificate. */
const SIGNED_DATA_CERTIFICATE_DEPTH = 2;

/** The way pkijs reads a CMS by itself: the whole tree against SignedData's schema. */
function readWholeTree(der: Uint8Array): SignedDataParts {
  const contentInfo = new pkijs.ContentInfo({ schema: parseAsn1(der, 'CMS') });
  if (contentInfo.contentType !== OID.signedData) throw new NotSignedDataError(contentInfo.contentType);
  return signedDataParts(contentInfo.content);
}

/** The parts of a SignedData already read as ASN.1 (e.g. a timestamp token inside a signer info). */
export function signedDataParts(signedDataSchema: asn1js.AsnType): SignedDataParts {
  const signedData = new pkijs.SignedData({ schema: signedDataSchema });
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  rememberCertificateBytes(certificates, signedDataSchema, SIGNED_DATA_CERTIFICATE_DEPTH);
  return { encapContentInfo: signedData.encapContentInfo, certificates, signerInfos: signedData.signerInfos };
}

// Certificates read from signatures, by the SHA-256 of their exact bytes. The objects are shared
// between verifications, so nothing may change them: verification only reads certificates, and
// the public keys and facts remembered for them are kept alongside, never inside. A parsed
// certificate takes about 40 KB of memory; one pushed out of the memory is simply read again.
const carriedCertificates = new BoundedMap<string, pkijs.Certificate>(1_000);

/** The certificate with these bytes: read before, or read now (and then remembered). */
function carriedCertificate(der: Uint8Array): pkijs.Certificate {
  return carriedCertificates.remember(hex(hash('SHA-256', der)), () => parseCertificate(der));
}
