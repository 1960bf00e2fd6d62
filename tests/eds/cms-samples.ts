// What the CMS tests share (cms.test.ts, cms-signer-info.test.ts): the signed report, signers the
// verifier has never seen, the BER twin of a DER signature (read the whole-tree way), and a
// signature made by openssl.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitSignedData } from '../../eds/cms';
import { DER_TAG } from '../../eds/der';
import { loadPemCertificate, loadPemKey, type DevPkiManifest } from '../../eds/dev-pki';
import { OID } from '../../eds/oids';
import { importSigningKey, type SignerKey } from '../../eds/sign';
import { exportPkcs8, generateKeyPair, issueCertificate, type KeyAlgorithm } from '../../eds/x509-builder';

export const report = new TextEncoder().encode(
  JSON.stringify({
    kind: 'crime_report',
    place: 'Астана, Кенесары көшесі, 40',
    fabula: 'Белгісіз адам қолымдағы сөмкені жұлып алып, даңғыл жаққа қашып кетті. / Неизвестный вырвал у меня сумку и скрылся. '.repeat(10),
  }),
);

const citizenOf = (manifest: DevPkiManifest) => manifest.people.find((p) => p.role === 'citizen')!;

/** A signing key and certificate issued now by the development intermediate: never seen before by the verifier. */
export async function newSigner(manifest: DevPkiManifest, algorithm: KeyAlgorithm): Promise<SignerKey> {
  const intermediate = await loadPemCertificate(manifest.intermediate.cert);
  const keys = await generateKeyPair(algorithm);
  const certificate = await issueCertificate({
    subject: [
      [OID.commonName, 'ЖАҢА АЗАМАТ'],
      [OID.surname, 'ЖАҢА'],
      [OID.serialNumber, `IIN${citizenOf(manifest).iin}`],
      [OID.country, 'KZ'],
    ],
    publicKey: keys.publicKey,
    issuer: { certificate: intermediate, privateKey: await loadPemKey(manifest.intermediate.key) },
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 30),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  });
  return { privateKey: await importSigningKey(await exportPkcs8(keys.privateKey), certificate), certificate, chain: [intermediate] };
}

export const SIGNED_DATA_OID_DER = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** The same CMS with its outer layers (ContentInfo, [0], SignedData and its sets) in BER's indefinite-length form. */
export function withIndefiniteLengths(der: Uint8Array): Uint8Array {
  const ranges = splitSignedData(der)!;
  const indefinite = (tag: number, ...parts: Uint8Array[]) => Buffer.concat([Buffer.from([tag, 0x80]), ...parts, Buffer.from([0, 0])]);
  const certificates = ranges.certificates ? [indefinite(DER_TAG.context0, ...ranges.certificates)] : [];
  const signedData = indefinite(
    DER_TAG.sequence,
    ranges.version,
    ranges.digestAlgorithms,
    ranges.encapContentInfo,
    ...certificates,
    indefinite(DER_TAG.set, ...ranges.signerInfos),
  );
  return new Uint8Array(indefinite(DER_TAG.sequence, new Uint8Array(SIGNED_DATA_OID_DER), indefinite(DER_TAG.context0, signedData)));
}

/** A CMS made by `openssl cms -sign` with the citizen's signing key, attached, as DER. */
export function opensslSign(manifest: DevPkiManifest, extra: string[]): Uint8Array {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eds-openssl-'));
  try {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const key = citizenOf(manifest).sign;
    fs.writeFileSync(path.join(dir, 'report.json'), report);
    openssl('pkcs12', '-in', key.p12, '-passin', `pass:${key.password}`, '-nocerts', '-nodes', '-out', 'key.pem');
    openssl(
      'cms',
      '-sign',
      '-nodetach',
      '-binary',
      '-md',
      'sha256',
      ...extra,
      '-in',
      'report.json',
      '-signer',
      key.cert,
      '-inkey',
      'key.pem',
      '-certfile',
      manifest.intermediate.cert,
      '-outform',
      'DER',
      '-out',
      'report.p7s',
    );
    return new Uint8Array(fs.readFileSync(path.join(dir, 'report.p7s')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
