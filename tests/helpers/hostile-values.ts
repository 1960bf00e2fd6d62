// Hostile values for the contract fuzzer (tests/helpers/openapi-arbitraries.ts): strings that upset
// parsers, databases and path handling, huge strings, deep nesting, values of the wrong type.
import fc from 'fast-check';

export const KAZAKH = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі';
const SPECIAL_CHARS = [
  '\u0000',
  '\u202E',
  '\u202D',
  '\u200F',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\u0301',
  '\n',
  '\r',
  '\t',
  '"',
  "'",
  '\\',
  '/',
  '%',
  '&',
  '<',
  '>',
  '{',
  '}',
  '$',
  '`',
  ';',
  '#',
  '?',
];
const EMOJI = ['👮‍♀️', '🇰🇿', '💥', '🙈', '👨‍👩‍👧‍👦', '𝕏'];

/** Fixed strings known to upset parsers, databases and path handling. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '260000000000101\u0000',
  '\u202Eevil\u202C.pdf',
  'שלום עולם',
  'مرحبا',
  KAZAKH,
  'Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімі',
  '👮‍♀️🇰🇿💥',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF{}',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x1F',
  '9'.repeat(400),
  "' OR '1'='1",
  "1'; DROP TABLE report; --",
  '"; SELECT pg_sleep(10); --',
  '{"$ne":null}',
  '{"__proto__":{"admin":true}}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  '%n%s%x%d',
  'http://169.254.169.254/latest/meta-data/',
  'Ḁ̴̦̗̖̯̈́',
  ' '.repeat(300),
];

const hostileChar = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_CHARS), weight: 2 },
  { arbitrary: fc.constantFrom(...KAZAKH), weight: 2 },
  { arbitrary: fc.constantFrom(...EMOJI), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
);

/** A string meant to hurt: fixed nasties, random mixtures, long runs of Kazakh letters or digits. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: hostileChar, maxLength: 40 }), weight: 4 },
  { arbitrary: fc.integer({ min: 16, max: 5000 }).map((n) => '7'.repeat(n)), weight: 1 },
  { arbitrary: fc.integer({ min: 200, max: 5000 }).map((n) => 'Қ'.repeat(n)), weight: 1 },
);

/** Long enough to pass any field limit, sometimes past the body limits too (up to about 700 kB). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 2_001, max: 350_000 }), fc.constantFrom('ә', 'a', '👮', '\u0000'))
  .map(([n, c]) => c.repeat(n));

const deepNest = fc.integer({ min: 50, max: 3000 }).map((n) => {
  let v: unknown = 'deep';
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
});

/** Any JSON value that is very likely the wrong type: for a field, or for a whole body. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom(0, -1, 1.5, -0, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE, 123456789012345), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.constant({}), weight: 1 },
  { arbitrary: fc.constant([]), weight: 1 },
  { arbitrary: fc.array(hostileString, { maxLength: 5 }), weight: 1 },
  { arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: deepNest, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
);
