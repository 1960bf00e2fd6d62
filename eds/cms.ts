// Reading a CMS SignedData (RFC 5652) for verification without building its whole ASN.1 tree.
//
// pkijs reads a CMS by matching one tree of the whole of it against its schema, the embedded
// certificates included: most of the cost of verifying a report of a few kilobytes. Yet the same
// certificates come with every signature a person makes (and everybody's with the same CA
// certificate). So the outer layers are split here by hand into byte ranges, each certificate is
// taken from a memory of certificates already read, by their exact bytes, and pkijs reads only
// what differs from one signature to the next: the encapsulated content and the signer infos.
//
// Anything this reader does not expect (BER indefinite lengths, revocation data or attribute
// certificates in the CMS, bytes after the end, a part pkijs refuses, …) is read the whole-tree
// way instead, as before. It accepts only what the whole-tree way accepts, part by part, so a
// verdict never depends on which way was taken.
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { BoundedMap } from './bounded-map';
import { DER_TAG, DerElement, derChildren, hash, hex, parseAsn1, parseCertificate, readDerElement, rememberCertificateBytes, sameBytes } from './der';
import { OID } from './oids';

/** The parts of a SignedData that verification reads. */
export interface SignedDataParts {
  /** The content type and, when the signature is attached, the content. */
  encapContentInfo: pkijs.EncapsulatedContentInfo;
  /** The X.509 certificates carried (other kinds are left out), in order. Shared: never change them. */
  certificates: pkijs.Certificate[];
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
      return new pkijs.EncapsulatedContentInfo({ schema: parseAsn1(ranges.encapContentInfo, 'CMS content') });
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

  let next = 0;
  const field = (tag: number) => (fields[next]?.tag === tag ? fields[next++] : undefined);
  const version = field(DER_TAG.integer);
  const digestAlgorithms = field(DER_TAG.set);
  const encapContentInfo = field(DER_TAG.sequence);
  const certificates = field(DER_TAG.context0);
  const crls = field(DER_TAG.context1);
  const signerInfos = field(DER_TAG.set);
  if (!version || !digestAlgorithms || !encapContentInfo || !signerInfos || next !== fields.length) return undefined;

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
  const certificates = ranges.certificates ?? [];
  if (certificates.some((c) => c[0] !== DER_TAG.sequence)) return undefined;
  try {
    // Unused by verification, but read as the whole-tree way reads them, to refuse what it refuses.
    parseAsn1(ranges.version, 'CMS version');
    const digestAlgorithms = parseAsn1(ranges.digestAlgorithms, 'CMS digest algorithms');
    const algorithms = (digestAlgorithms.valueBlock as { value?: unknown[] }).value ?? [];
    if (algorithms.length === 0) return undefined;
    for (const algorithm of algorithms) new pkijs.AlgorithmIdentifier({ schema: algorithm });
    return {
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ schema: parseAsn1(ranges.encapContentInfo, 'CMS content') }),
      certificates: certificates.map(carriedCertificate),
      signerInfos: ranges.signerInfos.map((s) => new pkijs.SignerInfo({ schema: parseAsn1(s, 'CMS signer info') })),
    };
  } catch {
    return undefined;
  }
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
  const key = hex(hash('SHA-256', der));
  let certificate = carriedCertificates.get(key);
  if (!certificate) carriedCertificates.set(key, (certificate = parseCertificate(der)));
  return certificate;
}
