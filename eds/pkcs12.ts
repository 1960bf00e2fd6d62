// PKCS#12 key containers (the ".p12" files NCA RK hands out), written and read with pkijs.
// Written with PBES2 (PBKDF2-SHA256 + AES-256-CBC) and a SHA-256 MAC, which OpenSSL 3 reads.
// Reading supports the same PBES2 containers; the legacy RC2/3DES PKCS#12 encryption of older
// NCA containers is not implemented by pkijs (re-export such a file with a current tool).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer, hash, parseAsn1, toArrayBuffer } from './der';
import { cryptoEngine } from './engine';

const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const ATTR_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const ATTR_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const ITERATIONS = 2048;

export interface KeyContainer {
  /** PKCS#8 PrivateKeyInfo, DER. */
  privateKeyPkcs8: Uint8Array;
  certificate: pkijs.Certificate;
  /** Other certificates in the container (issuing CAs). */
  chain: pkijs.Certificate[];
}

const utf8 = (password: string) => toArrayBuffer(new TextEncoder().encode(password));

export async function writePkcs12(container: KeyContainer & { password: string; friendlyName?: string }): Promise<Uint8Array> {
  const engine = cryptoEngine();
  const password = utf8(container.password);
  const localKeyId = hash('SHA-1', certificateDer(container.certificate));
  const bagAttributes = [
    new pkijs.Attribute({ type: ATTR_LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(localKeyId) })] }),
    ...(container.friendlyName ? [new pkijs.Attribute({ type: ATTR_FRIENDLY_NAME, values: [new asn1js.BmpString({ value: container.friendlyName })] })] : []),
  ];

  const shrouded = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: new pkijs.PrivateKeyInfo({ schema: parseAsn1(container.privateKeyPkcs8, 'private key') }),
  });
  await shrouded.makeInternalValues(
    { password, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as never, hmacHashAlgorithm: 'SHA-256', iterationCount: ITERATIONS },
    engine,
  );

  const certBags = [container.certificate, ...container.chain].map(
    (cert, i) => new pkijs.SafeBag({ bagId: BAG_CERT, bagValue: new pkijs.CertBag({ parsedValue: cert }), bagAttributes: i === 0 ? bagAttributes : undefined }),
  );
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: BAG_SHROUDED_KEY, bagValue: shrouded, bagAttributes })] }) },
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues(
    {
      safeContents: [{}, { password, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 }, hmacHashAlgorithm: 'SHA-256', iterationCount: ITERATIONS }],
    },
    engine,
  );

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({ password, iterations: ITERATIONS, pbkdf2HashAlgorithm: 'SHA-256', hmacHashAlgorithm: 'SHA-256' } as never, engine);
  return new Uint8Array(pfx.toSchema().toBER(false));
}

export class Pkcs12PasswordError extends Error {}

export async function readPkcs12(bytes: Uint8Array, passwordText: string): Promise<KeyContainer> {
  const engine = cryptoEngine();
  const password = utf8(passwordText);
  const pfx = new pkijs.PFX({ schema: parseAsn1(bytes, 'PKCS#12') });
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: true }, engine);
  } catch (err) {
    throw new Pkcs12PasswordError(`cannot open the PKCS#12 container (wrong password?): ${(err as Error).message}`);
  }
  const authenticatedSafe = pfx.parsedValue?.authenticatedSafe;
  if (!authenticatedSafe) throw new Error('PKCS#12 container without content');
  await authenticatedSafe.parseInternalValues({ safeContents: authenticatedSafe.safeContents.map(() => ({ password })) }, engine);

  let privateKey: pkijs.PrivateKeyInfo | undefined;
  const certs: pkijs.Certificate[] = [];
  for (const safeContent of authenticatedSafe.parsedValue?.safeContents ?? []) {
    for (const bag of (safeContent.value as pkijs.SafeContents).safeBags) {
      if (bag.bagId === BAG_SHROUDED_KEY) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }, c: unknown): Promise<void> }).parseInternalValues(
          { password },
          engine,
        );
        privateKey = shrouded.parsedValue;
      } else if (bag.bagId === BAG_KEY) {
        privateKey = bag.bagValue as pkijs.PrivateKeyInfo;
      } else if (bag.bagId === BAG_CERT) {
        const parsed = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (parsed instanceof pkijs.Certificate) certs.push(parsed);
      }
    }
  }
  if (!privateKey) throw new Error('the PKCS#12 container holds no private key');
  const privateKeyPkcs8 = new Uint8Array(privateKey.toSchema().toBER(false));
  // The end-entity certificate is the one that is not a CA (issuing CAs may be bundled too).
  const certificate = certs.find((c) => !c.extensions?.some((e) => e.extnID === '2.5.29.19' && (e.parsedValue as pkijs.BasicConstraints)?.cA)) ?? certs[0];
  if (!certificate) throw new Error('the PKCS#12 container holds no certificate');
  return { privateKeyPkcs8, certificate, chain: certs.filter((c) => c !== certificate) };
}
