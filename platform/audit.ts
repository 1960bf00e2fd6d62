// A tamper-evident audit log: each entry carries the SHA-256 of its content chained to the hash
// of the entry before it, so changing or deleting any past entry breaks every hash after it.
// Appends are serialised by a transaction-scoped advisory lock; an idempotency key makes a
// retried activity append once.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../prisma/generated/client';

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  /** When set, a second append with the same key returns the first entry instead of writing. */
  idempotencyKey?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<{ id: bigint; hash: string }>;
}

const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 727_001; // advisory lock id reserved for the audit chain

/** Canonical JSON (sorted keys) so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(prevHash: string, e: { at: Date; actor: string; action: string; subject: string; detail: unknown }): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonical({ at: e.at.toISOString(), actor: e.actor, action: e.action, subject: e.subject, detail: e.detail ?? {} }))
    .digest('hex');
}

export function createAuditLog(prisma: PrismaClient): AuditLog {
  return {
    async append(entry) {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`;
        if (entry.idempotencyKey) {
          const existing = await tx.auditEvent.findUnique({ where: { idempotencyKey: entry.idempotencyKey } });
          if (existing) return { id: existing.id, hash: existing.hash };
        }
        const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
        const prevHash = last?.hash ?? GENESIS;
        const at = new Date();
        const detail = (entry.detail ?? {}) as object;
        const hash = entryHash(prevHash, { at, actor: entry.actor, action: entry.action, subject: entry.subject, detail });
        const row = await tx.auditEvent.create({
          data: { at, actor: entry.actor, action: entry.action, subject: entry.subject, detail, prevHash, hash, idempotencyKey: entry.idempotencyKey },
        });
        return { id: row.id, hash: row.hash };
      });
    },
  };
}

/** Re-computes the chain; returns the id of the first entry that does not match, or null when intact. */
export async function verifyAuditChain(prisma: PrismaClient): Promise<bigint | null> {
  let prevHash = GENESIS;
  let cursor: bigint | undefined;
  for (;;) {
    const batch = await prisma.auditEvent.findMany({
      orderBy: { id: 'asc' },
      take: 1000,
      ...(cursor !== undefined && { cursor: { id: cursor }, skip: 1 }),
    });
    for (const row of batch) {
      const expected = entryHash(prevHash, { at: row.at, actor: row.actor, action: row.action, subject: row.subject, detail: row.detail });
      if (row.prevHash !== prevHash || row.hash !== expected) return row.id;
      prevHash = row.hash;
    }
    if (batch.length < 1000) return null;
    cursor = batch[batch.length - 1].id;
  }
}
