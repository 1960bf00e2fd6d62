// Byte-level utilities: accepting DER, PEM or base64 input, hashing, hex, and small ASN.1 utilities
// shared by verification, signing and the development PKI.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type BinaryInput = Uint8Array | ArrayBuffer | string;
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** All PEM blocks in a text, as DER, with their labels. */
export function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1], der: new Uint8Array(Buffer.from(m[2].replace(/\s+/g, ''), 'base64')) }));
}

export function toPem(der: Uint8Array | ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der instanceof ArrayBuffer ? new Uint8Array(der) : der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

function looksLikeText(bytes: Uint8Array): boolean {
  // DER always starts with a SEQUENCE tag (0x30); PEM or base64 start with printable ASCII.
  return bytes.length > 0 && bytes[0] !== 0x30 && bytes.subarray(0, 64).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

/**
 * Normalises DER, PEM or base64 (as bytes or a string) to DER bytes.
 * Throws when the input is none of these.
 */
export function toDer(input: BinaryInput): Uint8Array {
  const bytes = typeof input === 'string' ? null : input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (bytes && !looksLikeText(bytes)) return bytes;
  const text = typeof input === 'string' ? input : Buffer.from(bytes!).toString('latin1');
  const blocks = pemBlocks(text);
  if (blocks.length > 0) return blocks[0].der;
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) throw new Error('input is neither DER, PEM nor base64');
  return new Uint8Array(Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function hash(name: HashName, data: Uint8Array | ArrayBuffer): Uint8Array {
  const nodeName = name.replace('-', '').toLowerCase();
  return new Uint8Array(
    createHash(nodeName)
      .update(data instanceof ArrayBuffer ? new Uint8Array(data) : data)
      .digest(),
  );
}

export function hex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');
}

export function sameBytes(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  return a.byteLength === b.byteLength && bufferView(a).equals(bufferView(b));
}

/** A Buffer over the same memory (Buffer.from(Uint8Array) would copy it). */
function bufferView(bytes: Uint8Array | ArrayBuffer): Buffer {
  return bytes instanceof ArrayBuffer ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function parseAsn1(der: Uint8Array | ArrayBuffer, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(der instanceof ArrayBuffer ? der : toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error(`${what}: not valid ASN.1`);
  return parsed.result;
}

/** One element of DER: its first (tag) byte and where it starts, where its value starts and where it ends. */
export interface DerElement {
  tag: number;
  start: number;
  valueStart: number;
  end: number;
}

/** Tag bytes (class, constructed bit and number together) used by the readers of DER by hand. */
export const DER_TAG = {
  integer: 0x02,
  octetString: 0x04,
  /** An OCTET STRING in pieces (BER, CER). */
  constructedOctetString: 0x24,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  /** [0] IMPLICIT of a primitive type, e.g. a SubjectKeyIdentifier (an OCTET STRING) as a signer's id. */
  primitive0: 0x80,
  context0: 0xa0,
  context1: 0xa1,
} as const;

/**
 * The DER element at `offset`, ending no later than `limit`; undefined for anything else: a tag
 * number of more than one byte, BER's indefinite length, a length of more than four bytes, or an
 * element running past `limit`. Only the header is read, never the value.
 */
export function readDerElement(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = bytes[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4 || valueStart + lengthBytes > limit) return undefined;
    length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + bytes[valueStart + i];
    valueStart += lengthBytes;
  }
  const end = valueStart + length;
  return end <= limit ? { tag, start: offset, valueStart, end } : undefined;
}

/** The elements inside a constructed element, or undefined unless they fill its value exactly. */
export function derChildren(bytes: Uint8Array, parent: DerElement): DerElement[] | undefined {
  const children: DerElement[] = [];
  for (let at = parent.valueStart; at < parent.end;) {
    const child = readDerElement(bytes, at, parent.end);
    if (!child) return undefined;
    children.push(child);
    at = child.end;
  }
  return children;
}

/**
 * Reads a SEQUENCE's fields in order, optional ones included: `take(tag)` returns the next field
 * when it has that tag (and moves past it), else undefined; `allTaken()` says whether every field
 * was taken (nothing unexpected left).
 */
export function fieldsInOrder(fields: DerElement[]): { take(tag: number): DerElement | undefined; allTaken(): boolean } {
  let next = 0;
  return {
    take: (tag) => (fields[next]?.tag === tag ? fields[next++] : undefined),
    allTaken: () => next === fields.length,
  };
}

export function parseCertificate(der: Uint8Array | ArrayBuffer): pkijs.Certificate {
  const schema = parseAsn1(der, 'certificate');
  const cert = new pkijs.Certificate({ schema });
  rememberCertificateBytes([cert], schema);
  return cert;
}

// Each certificate's DER as it was read, so that comparing and hashing certificates never
// re-encodes them (re-encoding parses the whole to-be-signed part again: about a millisecond a
// time, and path building compares certificates many times). The to-be-signed bytes and the
// signature value seen when the entry was made are kept too: a certificate signed again in code
// gets new ones, and then its old entry no longer applies.
interface KnownDer {
  der: Uint8Array;
  tbs: Uint8Array;
  signature: asn1js.BitString;
}
const certificateBytes = new WeakMap<pkijs.Certificate, KnownDer>();

/**
 * The DER of a certificate: the bytes it was read from, or else encoded once and remembered.
 * The result is shared; do not modify it.
 */
export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  const known = certificateBytes.get(cert);
  if (known && known.tbs === cert.tbsView && known.signature === cert.signatureValue) return known.der;
  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  // A certificate still being built has no to-be-signed bytes yet; its fields may change.
  if (cert.tbsView.byteLength > 0) certificateBytes.set(cert, { der, tbs: cert.tbsView, signature: cert.signatureValue });
  return der;
}

/**
 * Remembers the original bytes of certificates that pkijs built from parsed ASN.1 (inside a CMS,
 * an OCSP response, …). Looks through `within` and its descendants down to `depth` levels for
 * the SEQUENCE whose first element is a certificate's to-be-signed part, as pkijs read it.
 */
export function rememberCertificateBytes(certs: readonly pkijs.Certificate[], within: asn1js.AsnType, depth = 0): void {
  const wanted = new Map<Uint8Array, pkijs.Certificate>(certs.filter((c) => c.tbsView.byteLength > 0).map((c) => [c.tbsView, c]));
  const visit = (block: asn1js.AsnType, level: number) => {
    if (wanted.size === 0 || !block.idBlock?.isConstructed) return;
    const children = (block.valueBlock as { value?: asn1js.AsnType[] }).value;
    if (!Array.isArray(children) || children.length === 0) return;
    const tbs = children[0].valueBeforeDecodeView;
    const cert = tbs && wanted.get(tbs);
    if (cert && block.valueBeforeDecodeView.byteLength > 0) {
      certificateBytes.set(cert, { der: block.valueBeforeDecodeView, tbs, signature: cert.signatureValue });
      wanted.delete(tbs);
      return;
    }
    if (level < depth) for (const child of children) visit(child, level + 1);
  };
  visit(within, 0);
}

/**
 * The DER of a distinguished name. A name read from bytes keeps them (pkijs holds them as
 * `valueBeforeDecode` and would otherwise parse and encode them again on every call); a name
 * built in code is encoded each time, since its attributes may still change.
 */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  if (name.valueBeforeDecode.byteLength > 0) return new Uint8Array(name.valueBeforeDecode);
  return new Uint8Array(name.toSchema().toBER(false));
}

/** Hash names as WebCrypto spells them, keyed by digest algorithm OID. */
export const HASH_BY_OID: Record<string, HashName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export const OID_BY_HASH: Record<HashName, string> = Object.fromEntries(Object.entries(HASH_BY_OID).map(([oid, name]) => [name, oid])) as Record<
  HashName,
  string
>;

/** Reads an ASN.1 time (UTCTime or GeneralizedTime) as a Date. */
export function asn1Time(value: asn1js.AsnType | undefined): Date | undefined {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return undefined;
}
