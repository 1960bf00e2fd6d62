// The 15-digit register numbers (000 §7.8 of the digest, from the register's own samples):
//   talon  YY + 13-digit national sequence                 230000005900755
//   KUI    YY + 6-digit registering-body code + 0 + 6 digits  237113030512388
//   ERDR   YY + 6-digit registering-body code + 1 + 6 digits  237113031000001
// Numbers are allocated in PostgreSQL (activities/numbers.ts), never in workflow code.
export type NumberKind = 'TALON' | 'KUI' | 'ERDR';

export const NUMBER_PATTERN = /^\d{15}$/;

const TYPE_DIGIT = { KUI: '0', ERDR: '1' } as const;

/** A number is a fixed prefix and the sequence value in `digits` digits, zero-padded. */
export interface NumberLayout {
  prefix: string;
  digits: number;
}

/** The layout of a kind's numbers in a year; `bodyCode` is required for KUI and ERDR numbers. */
export function numberLayout(kind: NumberKind, year: number, bodyCode?: string): NumberLayout {
  const yy = String(year % 100).padStart(2, '0');
  if (kind === 'TALON') return { prefix: yy, digits: 13 };
  if (!bodyCode || !/^\d{6}$/.test(bodyCode)) throw new Error(`${kind} numbers need a 6-digit body code`);
  return { prefix: yy + bodyCode + TYPE_DIGIT[kind], digits: 6 };
}

/** The sequence a number belongs to: talons are national, KUI and ERDR numbers run per body. */
export function sequenceScope(kind: NumberKind, bodyCode?: string): string {
  return kind === 'TALON' ? '000000' : bodyCode!;
}

export const isRegisterNumber = (s: string): boolean => NUMBER_PATTERN.test(s);
