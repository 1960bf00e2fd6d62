// fast-check arbitraries for the requests of an operation (tests/api/contract-fuzz.test.ts): JSON
// bodies as documented, nearly, or badly encoded; path and query parameters, plausible or hostile;
// multipart uploads. Values come from ./openapi-arbitraries.ts and ./hostile-values.ts.
import fc from 'fast-check';
import { hostileString, junkValue } from './hostile-values';
import { mutatedArb, resolveRef, validArb, type Json, type SchemaHints } from './openapi-value-arbitraries';

export * from './openapi-upload-arbitraries';
// ─────────────────────────────────────────────────────────────────────────────────────────────
// Bodies

export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType?: string; encoding?: string }
  | { kind: 'raw'; data: string; contentType?: string; encoding?: string }
  | { kind: 'bytes'; data: Uint8Array; contentType?: string; encoding?: string }
  | { kind: 'oversize'; bytes: number; contentType: string }
  | { kind: 'lazy'; label: string; make: () => Promise<BodySpec> };

const MALFORMED_JSON = [
  '{',
  '}',
  '{"a":}',
  '[1,2',
  '{"a":1}}',
  '{"a":1} trailing',
  "{'a':1}",
  '{a:1}',
  'NaN',
  'null',
  '"text"',
  '123',
  'true',
  '[]',
  '\uFEFF{}',
  '{"a":"\\uZZZZ"}',
  '{"a":"\u0000"}',
  '\u0000',
  '{"__proto__":{"polluted":1}}',
  '{"a":1,"a":2}',
  ' ',
  '{"x":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
];

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/merge-patch+json',
  'text/json',
];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  '*/*',
  ';;;',
  'application/json, text/plain',
];
const ENCODINGS = ['gzip', 'deflate', 'br', 'x-bogus', 'identity', 'gzip, gzip'];

/** Parses "JSON, at most 256 kB." from a request body description; undefined when not said. */
export function documentedLimit(requestBody: Json): number | undefined {
  const m = /at most (\d+(?:\.\d+)?)\s*(kB|KB|MB|B)\b/.exec(String(requestBody?.description ?? ''));
  if (!m) return undefined;
  const unit = m[2] === 'MB' ? 1024 * 1024 : m[2] === 'B' ? 1 : 1024;
  return Math.round(Number(m[1]) * unit);
}

export interface BodyOptions {
  /** Bodies that go past validation (signed reports, real payloads); made when sent. */
  plausible?: { label: string; make: () => Promise<unknown> }[];
  /** Largest oversized body to send (bytes); bigger limits are not exceeded. */
  maxOversize?: number;
  hints?: SchemaHints;
}

/** The JSON body of an operation: as documented, nearly, or badly encoded. */
export function jsonBodyArb(doc: Json, requestBody: Json | undefined, opts: BodyOptions = {}): fc.Arbitrary<BodySpec> {
  const rb = requestBody && resolveRef(doc, requestBody);
  const schema = rb?.content?.['application/json']?.schema;
  const variants: fc.WeightedArbitrary<BodySpec>[] = [
    { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 1 },
    { arbitrary: fc.constantFrom(...MALFORMED_JSON).map((data): BodySpec => ({ kind: 'raw', data, contentType: 'application/json' })), weight: 2 },
    { arbitrary: fc.constantFrom('', ' ', '\n').map((data): BodySpec => ({ kind: 'raw', data, contentType: 'application/json' })), weight: 1 },
    {
      arbitrary: fc
        .tuple(junkValue, fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES))
        .map(([v, contentType]): BodySpec => ({ kind: 'json', value: v, contentType })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...ENCODINGS))
        .map(([v, encoding]): BodySpec => ({ kind: 'json', value: v, encoding })),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((data): BodySpec => ({ kind: 'bytes', data, contentType: 'application/json' })), weight: 1 },
  ];
  if (schema) {
    const value = mutatedArb(doc, schema, opts.hints);
    variants.push(
      { arbitrary: value.map((v): BodySpec => ({ kind: 'json', value: v })), weight: 10 },
      {
        arbitrary: fc
          .tuple(value, fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES))
          .map(([v, contentType]): BodySpec => ({ kind: 'json', value: v, contentType })),
        weight: 2,
      },
      // Without a content type: bytes are sent as they are.
      { arbitrary: value.map((v): BodySpec => ({ kind: 'bytes', data: new Uint8Array(Buffer.from(JSON.stringify(v) ?? '')) })), weight: 1 },
      // As a form, which express.json() does not read.
      {
        arbitrary: validArb(doc, schema, opts.hints).map((v): BodySpec => ({
          kind: 'raw',
          data: new URLSearchParams(
            Object.entries(v && typeof v === 'object' ? v : {}).map(([k, x]): [string, string] => [k, typeof x === 'object' ? JSON.stringify(x) : String(x)]),
          ).toString(),
          contentType: 'application/x-www-form-urlencoded',
        })),
        weight: 1,
      },
    );
    const limit = documentedLimit(rb);
    if (limit !== undefined && limit + 1 <= (opts.maxOversize ?? 3 * 1024 * 1024)) {
      variants.push({
        arbitrary: fc.integer({ min: limit + 1, max: limit + 4096 }).map((bytes): BodySpec => ({ kind: 'oversize', bytes, contentType: 'application/json' })),
        weight: 1,
      });
    }
  }
  if (opts.plausible?.length) {
    // About a third of the bodies: these are the ones that reach the handlers' deeper parts.
    const lazy = opts.plausible.map((p): BodySpec => ({ kind: 'lazy', label: p.label, make: async () => ({ kind: 'json', value: await p.make() }) }));
    variants.push({ arbitrary: fc.constantFrom(...lazy), weight: 12 });
  }
  return fc.oneof(...variants);
}

/** A body for an operation that takes none: usually none, sometimes junk (which must be ignored or refused). */
export const unexpectedBodyArb: fc.Arbitrary<BodySpec> = fc.oneof(
  { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 6 },
  { arbitrary: fc.constantFrom(...MALFORMED_JSON).map((data): BodySpec => ({ kind: 'raw', data, contentType: 'application/json' })), weight: 1 },
  { arbitrary: junkValue.map((value): BodySpec => ({ kind: 'json', value })), weight: 1 },
  { arbitrary: fc.constantFrom(...OTHER_TYPES).map((contentType): BodySpec => ({ kind: 'raw', data: 'a=1&b=%00', contentType })), weight: 1 },
);

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Parameters

/** Path segments that must never reach a handler as anything but a refusal. */
const HOSTILE_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE',
  '%FF%FE',
  '%u0041',
  '%252e%252e',
  '%0d%0aX-Injected:%201',
  '%20',
  '+',
  '~',
  '*',
  ';',
  ',',
  "'",
  '%22',
  '%3Cscript%3E',
  '%F0%9F%91%AE',
  '%D2%9A%D0%B0%D0%B7%D0%B0%D2%9B',
];

export type ParamValue = { raw: string } | { encoded: string };

/** A path parameter: as its schema says, a plausible real one, or hostile (raw or percent-encoded). */
export function pathParamArb(doc: Json, param: Json, plausible: readonly string[] = [], hints: SchemaHints = {}): fc.Arbitrary<ParamValue> {
  const variants: fc.WeightedArbitrary<ParamValue>[] = [
    { arbitrary: validArb(doc, param.schema ?? { type: 'string' }, hints, 0, param.name).map((v) => ({ encoded: String(v) })), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((raw) => ({ raw })), weight: 2 },
    { arbitrary: hostileString.map((v) => ({ encoded: v })), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => ({ raw: '1'.repeat(n) })), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(
          '-1',
          '0',
          '1.5',
          '1e3',
          '00000000000000000000',
          '999999999999999999999999999999',
          '-260000000000101',
          ' 260000000000101',
          '260000000000101 ',
          '２６００００００００００１０１',
        )
        .map((v) => ({ encoded: v })),
      weight: 1,
    },
  ];
  if (plausible.length) {
    variants.push({ arbitrary: fc.constantFrom(...plausible).map((v) => ({ encoded: v })), weight: 6 });
    // A real value with something attached: the handler must not take the prefix for the whole.
    variants.push({
      arbitrary: fc
        .tuple(fc.constantFrom(...plausible), fc.constantFrom('%00', '..', '%20', 'x', '/..', '0', '%2F'))
        .map(([v, s]) => ({ raw: percentEncode(v) + s })),
      weight: 1,
    });
  }
  return fc.oneof(...variants);
}

/**
 * Percent-encodes every byte of the UTF-8 form but the unreserved characters. Unlike
 * encodeURIComponent it does not throw on lone surrogates (they go as U+FFFD).
 */
export function percentEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8'))
    out += /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

export function paramToPath(v: ParamValue): string {
  return 'raw' in v ? v.raw : percentEncode(v.encoded);
}

/** A query parameter: absent, as documented, hostile, empty, or given twice. */
export function queryParamArb(doc: Json, param: Json, hints: SchemaHints = {}): fc.Arbitrary<string[] | undefined> {
  const schema = resolveRef(doc, param.schema ?? { type: 'string' });
  const one =
    schema.type === 'array' && param.explode === false
      ? fc.array(validArb(doc, schema.items, hints), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(','))
      : validArb(doc, schema, hints, 0, param.name).map(String);
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: one.map((v) => [v]), weight: 4 },
    { arbitrary: hostileString.map((v) => [v]), weight: 3 },
    { arbitrary: fc.constant<string[]>(['']), weight: 1 },
    { arbitrary: fc.tuple(one, fc.oneof(one, hostileString)).map(([a, b]) => [a, b]), weight: 1 },
    {
      arbitrary: fc
        .constantFrom('-1', '0', '101', '1.5', '1e2', '99999999999999999999', '0x10', 'true,false', ',,,', 'AWAITING_REGISTRATION,,x')
        .map((v): string[] => [v]),
      weight: 2,
    },
  );
}

/** Junk query parameters nobody documented, sometimes shaped like the qs library's nesting. */
export const extraQueryArb: fc.Arbitrary<[string, string][]> = fc.oneof(
  { arbitrary: fc.constant([] as [string, string][]), weight: 6 },
  {
    arbitrary: fc.array(fc.tuple(fc.constantFrom('__proto__[x]', 'constructor[prototype][x]', 'a[]', 'a[b][c]', 'x', ''), hostileString), { maxLength: 3 }),
    weight: 1,
  },
);

/** Characters fetch can put in a header value (ByteString without CR, LF, NUL). */
export const headerSafe = (s: string) => [...s].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0xff && c !== '\x7f').join('');

/** A header parameter: absent, as documented, or hostile (within what HTTP can carry). */
export function headerParamArb(doc: Json, param: Json, hints: SchemaHints = {}): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: validArb(doc, param.schema ?? { type: 'string' }, hints, 0, param.name).map(String), weight: 5 },
    { arbitrary: hostileString.map(headerSafe), weight: 2 },
    { arbitrary: fc.integer({ min: 129, max: 8000 }).map((n) => 'k'.repeat(n)), weight: 1 },
  );
}

/** What an anonymous caller sends for authentication: nothing, or something that is not a live session. */
export const anonymousAuthArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer  ',
      'bearer abc',
      'Basic YWRtaW46YWRtaW4=',
      'Bearer null',
      'Bearer undefined',
      "Bearer ' OR 1=1 --",
      `Bearer ${'A'.repeat(6000)}`,
      'Token x',
      'Bearer a b c',
    ),
    weight: 2,
  },
  { arbitrary: hostileString.map((s) => `Bearer ${headerSafe(s)}`), weight: 2 },
);
