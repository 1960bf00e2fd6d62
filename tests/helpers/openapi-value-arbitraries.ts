// fast-check arbitraries of values from the OpenAPI document's schemas (tests/api/contract-fuzz.test.ts):
// values that satisfy a schema and values that nearly do (a field missing, one of the wrong type,
// extra fields). Gathered with the hostile values and the requests in ./openapi-arbitraries.ts.
import fc from 'fast-check';
import { buildIin } from '../../domain/iin';
import { junkValue, KAZAKH } from './hostile-values';

export type Json = any;

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface Operation {
  path: string;
  method: string;
  op: Json;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [p, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const m of METHODS) if (item[m]) out.push({ path: p, method: m, op: item[m] });
  }
  return out;
}

export function resolveRef(doc: Json, node: Json): Json {
  let n = node;
  for (let i = 0; n && typeof n.$ref === 'string' && i < 10; i++) {
    const { $ref, ...rest } = n;
    let target = doc;
    for (const raw of ($ref as string).slice(2).split('/')) target = target?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`$ref ${$ref} does not resolve`);
    n = { ...target, ...rest };
  }
  return n;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Valid values from a schema

/** A valid IIN (birth date, century digit, check digit), as the servers check it. */
export const validIin: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }),
    fc.constantFrom('male', 'female'),
    fc.integer({ min: 0, max: 9999 }),
  )
  .map(([d, g, serial]) => buildIin(d.toISOString().slice(0, 10), g as 'male' | 'female', serial))
  .filter((iin): iin is string => iin !== null);

/** Plain, pleasant text in the service's languages. */
export const text = (minLength = 0, maxLength = 40) =>
  fc.string({
    unit: fc.oneof(fc.constantFrom(...KAZAKH, ...'абвгдеёжзийклмнопрстуфхцчшщыэюя'), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 ')),
    minLength,
    maxLength,
  });

export interface SchemaHints {
  /** Arbitraries for properties (or parameters) by name, used instead of the schema's own. */
  byName?: Record<string, fc.Arbitrary<unknown>>;
}

/** Values satisfying `schema` (as far as a JSON Schema says; the server may check more). */
export function validArb(doc: Json, schema: Json, hints: SchemaHints = {}, depth = 0, name?: string): fc.Arbitrary<unknown> {
  if (name && hints.byName?.[name]) return hints.byName[name];
  const s = resolveRef(doc, schema ?? {});
  if (depth > 6) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key])) return fc.oneof(...s[key].map((x: Json) => validArb(doc, x, hints, depth + 1, name)));
  }
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((x: Json) => resolveRef(doc, x));
    const merged = {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p: Json) => p.properties ?? {})),
      required: parts.flatMap((p: Json) => p.required ?? []),
    };
    return validArb(doc, merged, hints, depth + 1, name);
  }
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'date-time')
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.contentEncoding === 'base64' && !s.pattern) return fc.base64String({ maxLength: 64 });
      if (typeof s.pattern === 'string') {
        try {
          // Repeating a short match (rather than filtering for long ones, which may never come)
          // keeps patterns like ^[A-Za-z0-9+/=]+$ matched.
          const min = s.minLength ?? 0;
          return fc
            .stringMatching(new RegExp(s.pattern))
            .map((v) => (v.length >= min || !v ? v : v.repeat(Math.ceil(min / v.length))).slice(0, s.maxLength ?? Infinity));
        } catch {
          // A pattern fast-check cannot generate from (lookaheads): fall back to plain text.
        }
      }
      return text(s.minLength ?? 0, Math.min(s.maxLength ?? 40, Math.max(40, s.minLength ?? 0)));
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validArb(doc, s.items ?? {}, hints, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object':
    case undefined: {
      const props: Record<string, Json> = s.properties ?? {};
      const required: string[] = s.required ?? [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validArb(doc, v, hints, depth + 1, k);
      if (Object.keys(model).length === 0) {
        if (s.additionalProperties && typeof s.additionalProperties === 'object') {
          return fc.dictionary(fc.constantFrom('encoding', 'encryption-key-id', 'messageType', 'x'), validArb(doc, s.additionalProperties, hints, depth + 1), {
            maxKeys: 3,
          });
        }
        return fc.constant({});
      }
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
    default:
      throw new Error(`no generator for schema type ${JSON.stringify(type)}`);
  }
}

/** Property names of an object schema (of every alternative of a oneOf/anyOf). */
function propertyNames(doc: Json, schema: Json): { all: string[]; required: string[] } {
  const s = resolveRef(doc, schema ?? {});
  const alts: Json[] = s.oneOf ?? s.anyOf ?? s.allOf ?? [s];
  const all = new Set<string>();
  const required = new Set<string>();
  for (const a of alts.map((x) => resolveRef(doc, x))) {
    for (const k of Object.keys(a.properties ?? {})) all.add(k);
    for (const k of a.required ?? []) required.add(k);
  }
  return { all: [...all], required: [...required] };
}

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'extra', 'isAdmin', 'roles', 'iin', '', 'ӘӘ', 'k'.repeat(5000)];

/**
 * Values that satisfy the schema, mostly nearly: a required field dropped, one field of the wrong
 * type or hostile, extra fields, the body wrapped in an array, or something else altogether.
 */
export function mutatedArb(doc: Json, schema: Json, hints: SchemaHints = {}): fc.Arbitrary<unknown> {
  const valid = validArb(doc, schema, hints);
  const { all, required } = propertyNames(doc, schema);
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const variants: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: valid, weight: 4 },
    { arbitrary: junkValue, weight: 2 },
    { arbitrary: valid.map((v) => [v]), weight: 1 },
    {
      // Extra fields, including ones that name prototype properties.
      arbitrary: fc.tuple(valid, fc.dictionary(fc.constantFrom(...EXTRA_KEYS), junkValue, { minKeys: 1, maxKeys: 3 })).map(([v, extra]) => {
        if (!isObject(v)) return v;
        const out: Record<string, unknown> = { ...v };
        for (const [k, x] of Object.entries(extra)) Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
        return out;
      }),
      weight: 1,
    },
  ];
  if (required.length) {
    variants.push({
      arbitrary: fc.tuple(valid, fc.subarray(required, { minLength: 1 })).map(([v, drop]) => {
        if (!isObject(v)) return v;
        const out = { ...v };
        for (const k of drop) delete out[k];
        return out;
      }),
      weight: 2,
    });
  }
  if (all.length) {
    variants.push({
      arbitrary: fc.tuple(valid, fc.constantFrom(...all), junkValue).map(([v, key, junk]) => (isObject(v) ? { ...v, [key]: junk } : v)),
      weight: 4,
    });
  }
  return fc.oneof(...variants);
}
