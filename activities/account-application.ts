// Official accounts: what an approved or blocking access application changes in the register of
// users (002 p.14–16). Each call is idempotent on the application id, so a retry changes nothing.
import type { PrismaClient } from '../prisma/generated/client';
import type { OfficialRole } from '../domain/roles';
import type { SignedRefusal } from '../domain/account';
import type { AuditLog } from '../platform/audit';

export interface GrantRoleInput {
  iin: string;
  fullName: string;
  role: OfficialRole;
  bodyCode: string;
  applicationId: string;
  grantedBy: string;
}

export interface BlockAccountInput {
  iin: string;
  reason: string;
  applicationId: string;
}

export interface JournalRefusalInput {
  applicationId: string;
  reason: string;
  operatorIin: string;
  signedRefusal?: SignedRefusal;
}

export interface AccountActivities {
  grantRole(input: GrantRoleInput): Promise<void>;
  blockAccount(input: BlockAccountInput): Promise<void>;
  journalRefusal(input: JournalRefusalInput): Promise<void>;
}

export function createAccountActivities(deps: { prisma: PrismaClient; audit: AuditLog }): AccountActivities {
  const { prisma, audit } = deps;
  return {
    async grantRole(input) {
      const previous = await prisma.$transaction(async (tx) => {
        await tx.account.upsert({
          where: { iin: input.iin },
          create: { iin: input.iin, fullName: input.fullName, status: 'ACTIVE' },
          update: { fullName: input.fullName, status: 'ACTIVE' },
        });
        // A transfer (p.15) replaces the official's previous grants: one post at a time. Access is
        // read from the grants on every request, so the old body's access ends with this commit.
        const ended = await tx.roleGrant.updateManyAndReturn({
          where: { iin: input.iin, revokedAt: null, applicationId: { not: input.applicationId } },
          data: { revokedAt: new Date() },
          select: { role: true, bodyCode: true },
        });
        await tx.roleGrant.upsert({
          where: { applicationId: input.applicationId },
          create: { iin: input.iin, role: input.role, bodyCode: input.bodyCode, applicationId: input.applicationId, grantedBy: input.grantedBy },
          update: {},
        });
        return ended;
      });
      // 002 p.15: the transfer is journalled with the posts it ended (a retry finds none and journals nothing new).
      if (previous.length > 0) {
        await audit.append({
          actor: input.grantedBy,
          action: 'account.transferred',
          subject: input.iin,
          detail: { applicationId: input.applicationId, from: previous, to: { role: input.role, bodyCode: input.bodyCode } },
          idempotencyKey: `account-transferred/${input.applicationId}`,
        });
      }
      await audit.append({
        actor: input.grantedBy,
        action: 'account.role-granted',
        subject: input.applicationId,
        detail: { role: input.role, bodyCode: input.bodyCode },
        idempotencyKey: `role-granted/${input.applicationId}`,
      });
    },

    async blockAccount(input) {
      await prisma.$transaction(async (tx) => {
        const at = new Date();
        // p.14 «дереу»: the sessions end with the commit; their tokens get 403 ACCOUNT_BLOCKED from then on.
        await tx.account.updateMany({ where: { iin: input.iin }, data: { status: 'BLOCKED', blockedAt: at, blockedReason: input.reason } });
        await tx.session.updateMany({ where: { iin: input.iin, revokedAt: null }, data: { revokedAt: at } });
        await tx.roleGrant.updateMany({ where: { iin: input.iin, revokedAt: null }, data: { revokedAt: at } });
      });
      await audit.append({
        actor: 'operator',
        action: 'account.blocked',
        subject: input.applicationId,
        detail: { reason: input.reason },
        idempotencyKey: `account-blocked/${input.applicationId}`,
      });
    },

    /** 002 p.14: the reasoned refusal, with the SHA-256 of the operator's signed CMS that carries it. */
    async journalRefusal(input) {
      await audit.append({
        actor: input.operatorIin,
        action: 'account.application-refused',
        subject: input.applicationId,
        detail: { reason: input.reason, signature: input.signedRefusal ?? null },
        idempotencyKey: `application-refused/${input.applicationId}`,
      });
    },
  };
}
