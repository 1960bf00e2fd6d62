// The individual identification number (IIN, ЖСН / ИИН) of a Kazakhstan resident: 12 digits,
// YYMMDD + a century-and-gender digit + a 4-digit serial + a check digit. This file is the one
// place in the code base that knows its structure; anything that validates or reads an IIN
// imports from here.

export type Gender = 'male' | 'female';

const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// Used only when the first pass gives 10, which cannot be a single check digit.
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or null when both passes give 10 (no IIN may be issued then). */
export function iinCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) throw new Error('iinCheckDigit needs exactly 11 digits');
  const digits = [...first11].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
  const first = weighted(FIRST_PASS_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_PASS_WEIGHTS);
  return second === 10 ? null : second;
}

/**
 * Birth date (`YYYY-MM-DD`) and gender encoded in an IIN, or null when the IIN is malformed:
 * the seventh digit gives the century and gender (1/2 — 19th century, 3/4 — 20th, 5/6 — 21st;
 * odd — male, even — female) and the first six give the date, which must exist in the calendar.
 */
export function iinBirthDateAndGender(iin: string): { birthDate: string; gender: Gender } | null {
  if (!/^\d{12}$/.test(iin)) return null;
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return null;
  const year = 1800 + 100 * Math.floor((centuryDigit - 1) / 2) + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; a round trip catches dates that do not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const birthDate = `${String(year).padStart(4, '0')}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`;
  return { birthDate, gender: centuryDigit % 2 === 1 ? 'male' : 'female' };
}

/** True when the 12th digit is the check digit of the first eleven (IINs and BINs alike). */
export function hasValidCheckDigit(value: string): boolean {
  return /^\d{12}$/.test(value) && iinCheckDigit(value.slice(0, 11)) === Number(value[11]);
}

/** True for 12 digits with a real birth date, a century digit 1–6 and a correct check digit. */
export function isValidIin(iin: string): boolean {
  return iinBirthDateAndGender(iin) !== null && hasValidCheckDigit(iin);
}

/** A business identification number (BIN, БСН / БИН) of a legal entity: 12 digits, same check digit. */
export const isValidBin = hasValidCheckDigit;

/**
 * Builds a valid IIN for a birth date, gender and serial (test data, demo fixtures). Returns null
 * for the rare serials whose check digit cannot be computed; try the next serial then.
 */
export function buildIin(birthDate: string, gender: Gender, serial: number): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) throw new Error(`birth date must be YYYY-MM-DD, got "${birthDate}"`);
  const year = Number(m[1]);
  if (year < 1800 || year > 2099) throw new Error('an IIN encodes birth years 1800–2099 only');
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) throw new Error('serial must be 0–9999');
  const centuryDigit = 2 * Math.floor((year - 1800) / 100) + (gender === 'male' ? 1 : 2);
  const first11 = `${m[1].slice(2)}${m[2]}${m[3]}${centuryDigit}${String(serial).padStart(4, '0')}`;
  const check = iinCheckDigit(first11);
  if (check === null) return null;
  const iin = first11 + check;
  return isValidIin(iin) ? iin : null;
}
