// Allocating register numbers in PostgreSQL. One SQL statement takes the next value of the
// sequence (its row locked by the upsert), formats the number and journals it under the caller's
// idempotency key — so the row is locked only while PostgreSQL runs that statement, a retried
// request or activity gets the same number back, and no number is ever issued twice.
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { numberLayout, sequenceScope, type NumberKind } from '../domain/numbers';

export interface NumberRequest {
  kind: NumberKind;
  /** The registering body (6 digits), for KUI and ERDR numbers. */
  bodyCode?: string;
  /** Registration year (Astana time); numbers restart each year. */
  year: number;
  idempotencyKey: string;
}

/**
 * The allocation as common table expressions ending in `allocated(number)`, for a statement that
 * uses the number at once (the API writes a report and its talon in one statement). No row comes
 * out when the year's sequence is exhausted, or when the condition `onlyIf` (SQL) is false — then
 * no number is taken at all.
 */
export function allocationSql(req: NumberRequest, onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const scope = sequenceScope(req.kind, req.bodyCode);
  const { prefix, digits } = numberLayout(req.kind, req.year, req.bodyCode);
  return Prisma.sql`
    next_value AS (
      INSERT INTO number_sequence (body_code, year, kind, last_value) SELECT ${scope}, ${req.year}, ${req.kind}, 1 WHERE ${onlyIf}
      ON CONFLICT (body_code, year, kind) DO UPDATE SET last_value = number_sequence.last_value + 1
      RETURNING last_value),
    allocated AS (
      INSERT INTO number_allocation (idempotency_key, kind, number)
      SELECT ${req.idempotencyKey}, ${req.kind}, ${prefix} || lpad(last_value::text, ${digits}::int, '0')
      FROM next_value WHERE last_value < ${10 ** digits}::bigint
      RETURNING number)`;
}

/**
 * A unique key already taken: P2002 from Prisma's own queries; from raw SQL, P2010 with the
 * driver's SQLSTATE 23505 (unique_violation).
 */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  // Prisma's shapes (model query; raw query through the adapter), and node-postgres' own (queryRows).
  return err.code === 'P2002' || (err.code === 'P2010' && err.meta?.driverAdapterError?.cause?.originalCode === '23505') || err.code === '23505';
}

export class SequenceExhaustedError extends Error {
  constructor(req: NumberRequest) {
    super(`${req.kind} sequence exhausted${req.bodyCode ? ` for body ${req.bodyCode}` : ''} in ${req.year}`);
  }
}

/** Allocates a number; two concurrent calls with the same key get the same number. */
export async function allocateNumber(prisma: PrismaClient, req: NumberRequest): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const existing = await prisma.numberAllocation.findUnique({ where: { idempotencyKey: req.idempotencyKey } });
    if (existing) return existing.number;
    try {
      const [row] = await prisma.$queryRaw<{ number: string }[]>`WITH ${allocationSql(req)} SELECT number FROM allocated`;
      if (!row) throw new SequenceExhaustedError(req);
      return row.number;
    } catch (e) {
      // A concurrent call with the same key won the race: read its number.
      if (isUniqueViolation(e) && attempt < 3) continue;
      throw e;
    }
  }
}

/** The current year in Astana time (UTC+5), which numbers are counted by. */
export function astanaYear(at: Date = new Date()): number {
  return new Date(at.getTime() + 5 * 3600_000).getUTCFullYear();
}
