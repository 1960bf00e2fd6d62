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
