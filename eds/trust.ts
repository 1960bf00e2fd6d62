// Trust anchors: the root and intermediate CA certificates we accept (the real NCA RK ones in
// production, the development PKI's otherwise), read from a folder of PEM or DER files.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { parseCertificate, pemBlocks } from './der';
import { isSelfIssued } from './certificate';

export interface TrustAnchors {
  /** Self-signed roots: a chain is trusted only when it ends at one of these. */
  roots: pkijs.Certificate[];
  /** Intermediate CAs offered for path building (they still have to chain to a root). */
  intermediates: pkijs.Certificate[];
}

const CERT_FILE = /\.(pem|crt|cer|der)$/i;

/** Reads every certificate in `dir` (one or several PEM blocks per file, or a DER file). */
export async function loadTrustAnchors(dir: string): Promise<TrustAnchors> {
  const files = (await fs.readdir(dir)).filter((f) => CERT_FILE.test(f)).sort();
  const certs: pkijs.Certificate[] = [];
  for (const file of files) {
    const bytes = await fs.readFile(path.join(dir, file));
    const blocks = pemBlocks(bytes.toString('latin1')).filter((b) => b.label === 'CERTIFICATE');
    const ders = blocks.length > 0 ? blocks.map((b) => b.der) : [new Uint8Array(bytes)];
    for (const der of ders) {
      try {
        certs.push(parseCertificate(der));
      } catch {
        throw new Error(`trust anchor ${path.join(dir, file)} is not a certificate`);
      }
    }
  }
  if (certs.length === 0) throw new Error(`no trust anchors (PEM or DER certificates) in ${dir}`);
  return trustAnchorsFrom(certs);
}

export function trustAnchorsFrom(certs: pkijs.Certificate[]): TrustAnchors {
  return { roots: certs.filter(isSelfIssued), intermediates: certs.filter((c) => !isSelfIssued(c)) };
}
