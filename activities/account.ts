// An official's account lifecycle (002 P2): what blocking and unblocking change in the register of
// users. Blocking ends every session at once (002 p.14 «дереу»), so the next request with any of
// the official's tokens is refused; the role grants stay, so an unblocked official keeps their post.
// Each call is idempotent on its key: a retry changes nothing and journals nothing twice.
import type { PrismaClient } from '../prisma/generated/client';
import type { BlockSource } from '../domain/account';
import type { AuditLog } from '../platform/audit';

export interface BlockOfficialInput {
  iin: string;
  reason: string;
  source: BlockSource;
  /** IIN of whoever blocked; 'system' for the absence rule. */
  by: string;
  /** Unique per block of this account (workflow id and the block's number). */
  key: string;
}

export interface UnblockOfficialInput {
  iin: string;
  reason: string;
  by: string;
  key: string;
}

export interface AccountLifecycleActivities {
  /** `already`: the register had it blocked before (by an access application): nothing changed, nothing journalled. */
  blockOfficial(input: BlockOfficialInput): Promise<{ blockedAt: string; already: boolean }>;
  unblockOfficial(input: UnblockOfficialInput): Promise<void>;
}

export function createAccountLifecycleActivities(deps: { prisma: PrismaClient; audit: AuditLog }): AccountLifecycleActivities {
  const { prisma, audit } = deps;
  return {
    async blockOfficial(input) {
      const { at, already } = await prisma.$transaction(async (tx) => {
        const account = await tx.account.findUnique({ where: { iin: input.iin }, select: { status: true, blockedAt: true, blockedReason: true } });
        // A retry finds its own block (same reason); an application may have blocked first.
        if (account?.status === 'BLOCKED') return { at: account.blockedAt ?? new Date(), already: account.blockedReason !== input.reason };
        const now = new Date();
        await tx.account.updateMany({ where: { iin: input.iin }, data: { status: 'BLOCKED', blockedAt: now, blockedReason: input.reason } });
        await tx.session.updateMany({ where: { iin: input.iin, revokedAt: null }, data: { revokedAt: now } });
        return { at: now, already: false };
      });
      if (already) return { blockedAt: at.toISOString(), already };
      await audit.append({
        actor: input.by,
        action: 'account.blocked',
        subject: input.iin,
        detail: { reason: input.reason, source: input.source },
        idempotencyKey: `account-blocked/${input.key}`,
      });
      return { blockedAt: at.toISOString(), already };
    },

    async unblockOfficial(input) {
      await prisma.account.updateMany({ where: { iin: input.iin }, data: { status: 'ACTIVE', blockedAt: null, blockedReason: null } });
      await audit.append({
        actor: input.by,
        action: 'account.unblocked',
        subject: input.iin,
        detail: { reason: input.reason },
        idempotencyKey: `account-unblocked/${input.key}`,
      });
    },
  };
}
