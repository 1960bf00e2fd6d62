// Reading the parts of an X.509 certificate that the trust decisions depend on.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer, hash, hex, nameDer, sameBytes } from './der';
import { formatName } from './identity';
import { OID } from './oids';
import { BoundedMap } from './bounded-map';

export interface CertificateSummary {
  serial: string;
  issuer: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export function summarise(cert: pkijs.Certificate): CertificateSummary {
  return {
    serial: serialHex(cert),
    issuer: formatName(cert.issuer),
    subject: formatName(cert.subject),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    sha256: fingerprint(cert),
  };
}

export function serialHex(cert: pkijs.Certificate): string {
  return hex(cert.serialNumber.valueBlock.valueHexView);
}

function extension<T>(cert: pkijs.Certificate, oid: string): T | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)?.parsedValue as T | undefined;
}

/** SHA-256 of the certificate's DER, worked out once per parsed certificate. */
const fingerprints = new WeakMap<pkijs.Certificate, string>();
export function fingerprint(cert: pkijs.Certificate): string {
  let fp = fingerprints.get(cert);
  if (!fp) fingerprints.set(cert, (fp = hex(hash('SHA-256', certificateDer(cert)))));
  return fp;
}

/**
 * A fact read from a certificate, remembered by the certificate's bytes. The same few
 * certificates come back with every signature a person makes, each time parsed anew, and pkijs
 * decodes an extension on first reading it — a noticeable share of a verification. What is
 * returned is shared: callers must not change it.
 */
export function rememberedPerCertificate<T>(read: (cert: pkijs.Certificate) => T, capacity = 10_000): (cert: pkijs.Certificate) => T {
  const known = new BoundedMap<string, T>(capacity);
  return (cert) => known.remember(fingerprint(cert), () => read(cert));
}

export const KEY_USAGE = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE;

/** Key usage bits present in the certificate; undefined when the extension is absent. */
export const keyUsage = rememberedPerCertificate(function keyUsage(cert: pkijs.Certificate): ReadonlySet<KeyUsageName> | undefined {
  const bits = extension<asn1js.BitString>(cert, OID.keyUsage);
  if (!bits) return undefined;
  const bytes = bits.valueBlock.valueHexView;
  const present = new Set<KeyUsageName>();
  for (const [name, bit] of Object.entries(KEY_USAGE) as [KeyUsageName, number][]) {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) present.add(name);
  }
  return present;
});

export const extendedKeyUsage = rememberedPerCertificate(
  (cert): readonly string[] | undefined => extension<pkijs.ExtKeyUsage>(cert, OID.extKeyUsage)?.keyPurposes,
);

export const isCa = rememberedPerCertificate((cert): boolean => !!extension<pkijs.BasicConstraints>(cert, OID.basicConstraints)?.cA);

export function isSelfIssued(cert: pkijs.Certificate): boolean {
  return sameBytes(nameDer(cert.subject), nameDer(cert.issuer));
}

export const crlUrls = rememberedPerCertificate((cert): readonly string[] => {
  const cdp = extension<pkijs.CRLDistributionPoints>(cert, OID.crlDistributionPoints);
  const urls: string[] = [];
  for (const point of cdp?.distributionPoints ?? []) {
    const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
    for (const n of names) if (n.type === 6 && /^https?:/i.test(String(n.value))) urls.push(String(n.value));
  }
  return urls;
});

export const ocspUrls = rememberedPerCertificate((cert): readonly string[] => {
  const aia = extension<pkijs.InfoAccess>(cert, OID.authorityInfoAccess);
  return (aia?.accessDescriptions ?? [])
    .filter((d) => d.accessMethod === OID.adOcsp && d.accessLocation.type === 6)
    .map((d) => String(d.accessLocation.value))
    .filter((u) => /^https?:/i.test(u));
});

export const subjectKeyId = rememberedPerCertificate((cert): Uint8Array | undefined => {
  const ski = extension<asn1js.OctetString>(cert, OID.subjectKeyIdentifier);
  return ski ? new Uint8Array(ski.valueBlock.valueHexView) : undefined;
});

export const authorityKeyId = rememberedPerCertificate((cert): Uint8Array | undefined => {
  const aki = extension<pkijs.AuthorityKeyIdentifier>(cert, OID.authorityKeyIdentifier);
  return aki?.keyIdentifier ? new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView) : undefined;
});

export function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  return a === b || sameBytes(certificateDer(a), certificateDer(b));
}
