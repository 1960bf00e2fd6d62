// Official accounts: what an approved or blocking access application changes in the register of
// users (002 p.14–16). Each call is idempotent on the application id, so a retry changes nothing.
import type { PrismaClient } from '../prisma/generated/client';
import type { OfficialRole } from '../domain/roles';
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

export interface AccountActivities {
  grantRole(input: GrantRoleInput): Promise<void>;
  blockAccount(input: BlockAccountInput): Promise<void>;
}

export function createAccountActivities(deps: { prisma: PrismaClient; audit: AuditLog }): AccountActivities {
  const { prisma, audit } = deps;
  return {
    async grantRole(input) {
      await prisma.$transaction(async (tx) => {
        await tx.account.upsert({
          where: { iin: input.iin },
          create: { iin: input.iin, fullName: input.fullName, status: 'ACTIVE' },
          update: { fullName: input.fullName, status: 'ACTIVE' },
        });
        // A transfer (p.15) replaces the official's previous grants: one post at a time.
        await tx.roleGrant.updateMany({
          where: { iin: input.iin, revokedAt: null, applicationId: { not: input.applicationId } },
          data: { revokedAt: new Date() },
        });
        await tx.roleGrant.upsert({
          where: { applicationId: input.applicationId },
          create: { iin: input.iin, role: input.role, bodyCode: input.bodyCode, applicationId: input.applicationId, grantedBy: input.grantedBy },
          update: {},
        });
      });
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
        await tx.account.updateMany({ where: { iin: input.iin }, data: { status: 'BLOCKED' } });
        await tx.roleGrant.updateMany({ where: { iin: input.iin, revokedAt: null }, data: { revokedAt: new Date() } });
      });
      await audit.append({
        actor: 'operator',
        action: 'account.blocked',
        subject: input.applicationId,
        detail: { reason: input.reason },
        idempotencyKey: `account-blocked/${input.applicationId}`,
      });
    },
  };
}
