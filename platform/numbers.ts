// Allocating register numbers in PostgreSQL: one transaction per number, the sequence row locked
// by its upsert, the result journalled under the caller's idempotency key — so a retried request
// or activity gets the same number back and no number is ever issued twice.
import type { PrismaClient } from '../prisma/generated/client';
import { formatNumber, sequenceScope, type NumberKind } from '../domain/numbers';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface NumberRequest {
  kind: NumberKind;
  /** The registering body (6 digits), for KUI and ERDR numbers. */
  bodyCode?: string;
  /** Registration year (Astana time); numbers restart each year. */
  year: number;
  idempotencyKey: string;
}

/** Allocates inside the caller's transaction (the API uses this to write a report and its talon atomically). */
export async function allocateNumberIn(tx: Tx, req: NumberRequest): Promise<string> {
  const existing = await tx.numberAllocation.findUnique({ where: { idempotencyKey: req.idempotencyKey } });
  if (existing) return existing.number;
  const scope = sequenceScope(req.kind, req.bodyCode);
  const [row] = await tx.$queryRaw<{ last_value: number }[]>`
    INSERT INTO number_sequence (body_code, year, kind, last_value) VALUES (${scope}, ${req.year}, ${req.kind}, 1)
    ON CONFLICT (body_code, year, kind) DO UPDATE SET last_value = number_sequence.last_value + 1
    RETURNING last_value`;
  const number = formatNumber(req.kind, req.year, Number(row.last_value), req.bodyCode);
  await tx.numberAllocation.create({ data: { idempotencyKey: req.idempotencyKey, kind: req.kind, number } });
  return number;
}

/** Allocates in its own transaction; two concurrent calls with the same key get the same number. */
export async function allocateNumber(prisma: PrismaClient, req: NumberRequest): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => allocateNumberIn(tx, req));
    } catch (e) {
      // A concurrent call with the same key won the race (unique violation): read its number.
      if ((e as { code?: string }).code === 'P2002' && attempt < 3) continue;
      throw e;
    }
  }
}

/** The current year in Astana time (UTC+5), which numbers are counted by. */
export function astanaYear(at: Date = new Date()): number {
  return new Date(at.getTime() + 5 * 3600_000).getUTCFullYear();
}
