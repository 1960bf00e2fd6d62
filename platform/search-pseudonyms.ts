// Keyed pseudonyms of officials' IINs for search attributes. Search attributes are indexed in clear
// text (the Temporal Web UI, the visibility store) and the payload codec does not cover them, so
// the case workflow's `Official` and `Prosecutor` hold HMAC-SHA256(key, IIN) instead of the IIN:
// one official always gets the same value, so "my cases" stays one visibility query, and without
// the key the value leads back to no one.
//
// The key is SEARCH_PSEUDONYM_KEY or, so that `npm start` needs no configuration, one derived from
// the payload codec keys. A rotation of CODEC_KEYS puts the new key first and keeps the old ones to
// read old histories, so the derivation takes the last listed key, the one that changes least.
// A different key gives every official a different pseudonym: running cases keep the value they
// published, and only new runs and new officials get the new one. Set the key once, and keep it.
import { createHmac, hkdfSync } from 'node:crypto';
import type { CodecKey } from './codec';

/** IIN → its pseudonym. */
export type SearchPseudonym = (iin: string) => string;

const DERIVATION_LABEL = 'erdr/search-attribute-pseudonyms/v1';

/** SEARCH_PSEUDONYM_KEY as bytes, or a key derived (HKDF-SHA256) from the last codec key. */
export function searchPseudonymKey(opts: { configured?: string; codecKeys: readonly CodecKey[] }): Buffer {
  if (opts.configured) return Buffer.from(opts.configured, 'utf8');
  const base = opts.codecKeys.at(-1);
  if (!base) throw new Error('no codec key to derive the search pseudonym key from');
  return Buffer.from(hkdfSync('sha256', base.key, Buffer.alloc(0), DERIVATION_LABEL, 32));
}

/** The pseudonym function for one key: 64 hex digits of HMAC-SHA256 over the IIN. */
export function searchPseudonymFor(key: Buffer): SearchPseudonym {
  return (iin) => createHmac('sha256', key).update(iin, 'utf8').digest('hex');
}
