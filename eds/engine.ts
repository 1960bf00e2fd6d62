// pkijs needs a WebCrypto implementation. Node 20 ships one (`crypto.webcrypto`); we register it
// once, explicitly, so that behaviour does not depend on which global happens to be present.
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

let registered = false;

export function cryptoEngine(): pkijs.ICryptoEngine {
  if (!registered) {
    pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as never }));
    registered = true;
  }
  return pkijs.getCrypto(true);
}

export const subtle = webcrypto.subtle;

/**
 * pkijs' engine as it is, except that a public key is imported into WebCrypto once per
 * PublicKeyInfo object and algorithm, then reused: importing costs more than verifying with it,
 * and a person's certificate comes back (as the same object, see eds/cms.ts) with every
 * signature they make. Keyed by the object, so only for keys that are never changed after
 * being read — the certificates of signatures being verified.
 */
class KeyRememberingEngine extends pkijs.CryptoEngine {
  private readonly imported = new WeakMap<pkijs.PublicKeyInfo, Map<string, webcrypto.CryptoKey>>();

  override async getPublicKey(
    publicKeyInfo: pkijs.PublicKeyInfo,
    signatureAlgorithm: pkijs.AlgorithmIdentifier,
    parameters?: pkijs.CryptoEnginePublicKeyParams,
  ): Promise<webcrypto.CryptoKey> {
    const wanted = parameters ?? this.fillPublicKeyParameters(publicKeyInfo, signatureAlgorithm);
    // The WebCrypto algorithm and usages the key is imported for (RSA keys carry their hash).
    const which = JSON.stringify(wanted.algorithm);
    let keys = this.imported.get(publicKeyInfo);
    const known = keys?.get(which);
    if (known) return known;
    const key = await super.getPublicKey(publicKeyInfo, signatureAlgorithm, wanted);
    if (!keys) this.imported.set(publicKeyInfo, (keys = new Map()));
    keys.set(which, key);
    return key;
  }
}

let verifying: KeyRememberingEngine | undefined;

/** The engine for checking signatures with the public keys of certificates read from bytes. */
export function verifyingEngine(): pkijs.ICryptoEngine {
  return (verifying ??= new KeyRememberingEngine({ name: 'node-webcrypto-verifying', crypto: webcrypto as never }));
}
