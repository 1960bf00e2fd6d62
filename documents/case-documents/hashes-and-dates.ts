// The two things every document prints besides its text: the hash of its data and dates in
// Astana time.
import { createHash } from 'node:crypto';
import type { CaseDocumentData } from './data';

/** JSON with object keys sorted (and undefined members left out), so equal data hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash a document prints: SHA-256 of the canonical JSON of its data. */
export function caseDocumentDataHash(data: CaseDocumentData): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

// Kazakhstan has one time zone, UTC+5, since 1 March 2024; register numbers use the same clock
// (platform/numbers.ts).
const ASTANA_OFFSET_MS = 5 * 3600_000;

function astanaParts(iso: string): { date: string; time: string } {
  const d = new Date(new Date(iso).getTime() + ASTANA_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`,
    time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`,
  };
}

/** «12.03.2026» in Astana time. */
export function astanaDate(iso: string): string {
  return astanaParts(iso).date;
}

/** «12.03.2026 14:05» in Astana time. */
export function astanaDateTime(iso: string): string {
  const p = astanaParts(iso);
  return `${p.date} ${p.time}`;
}
