// Keyed pseudonyms of officials' IINs for the search attributes: stable for one key, different for
// another, never the IIN, and the default key follows from the codec keys without configuration.
import { createHmac, randomBytes } from 'node:crypto';
import { searchPseudonymFor, searchPseudonymKey } from '../../platform/search-pseudonyms';

const IIN = '850101300011';

test('HMAC-SHA256 of the IIN under the configured key: 64 hex digits, the same every time, never the IIN', () => {
  const configured = 'a-search-pseudonym-secret-of-32-characters';
  const pseudonym = searchPseudonymFor(searchPseudonymKey({ configured, codecKeys: [] }));
  expect(pseudonym(IIN)).toBe(createHmac('sha256', configured).update(IIN).digest('hex'));
  expect(pseudonym(IIN)).toMatch(/^[0-9a-f]{64}$/);
  expect(pseudonym(IIN)).toBe(pseudonym(IIN));
  expect(pseudonym(IIN)).not.toContain(IIN);
  expect(pseudonym('900101300057')).not.toBe(pseudonym(IIN));
});

test('without SEARCH_PSEUDONYM_KEY the key is derived from the last codec key, so a rotation that puts a new key first keeps it', () => {
  const old = { id: 'old', key: randomBytes(32) };
  const rotated = { id: 'new', key: randomBytes(32) };
  const before = searchPseudonymFor(searchPseudonymKey({ codecKeys: [old] }));
  const after = searchPseudonymFor(searchPseudonymKey({ codecKeys: [rotated, old] }));
  expect(after(IIN)).toBe(before(IIN));
  // Derived, not the codec key itself.
  expect(before(IIN)).not.toBe(createHmac('sha256', old.key).update(IIN).digest('hex'));
  expect(searchPseudonymFor(searchPseudonymKey({ codecKeys: [rotated] }))(IIN)).not.toBe(before(IIN));
  expect(() => searchPseudonymKey({ codecKeys: [] })).toThrow(/no codec key/);
});
