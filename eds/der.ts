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
  let bytes = typeof input === 'string' ? null : input instanceof ArrayBuffer ? new Uint8Array(input) : input;
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
  return new Uint8Array(createHash(nodeName).update(data instanceof ArrayBuffer ? new Uint8Array(data) : data).digest());
}

export function hex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');
}

export function sameBytes(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  return Buffer.from(a instanceof ArrayBuffer ? new Uint8Array(a) : a).equals(Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b));
}

export function parseAsn1(der: Uint8Array | ArrayBuffer, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(der instanceof ArrayBuffer ? der : toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error(`${what}: not valid ASN.1`);
  return parsed.result;
}

export function parseCertificate(der: Uint8Array | ArrayBuffer): pkijs.Certificate {
  return new pkijs.Certificate({ schema: parseAsn1(der, 'certificate') });
}

export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(name.toSchema().toBER(false));
}

/** Hash names as WebCrypto spells them, keyed by digest algorithm OID. */
export const HASH_BY_OID: Record<string, HashName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export const OID_BY_HASH: Record<HashName, string> = Object.fromEntries(
  Object.entries(HASH_BY_OID).map(([oid, name]) => [name, oid]),
) as Record<HashName, string>;

/** Reads an ASN.1 time (UTCTime or GeneralizedTime) as a Date. */
export function asn1Time(value: asn1js.AsnType | undefined): Date | undefined {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return undefined;
}
