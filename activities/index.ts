// All activities the worker offers, built from their dependencies.
import type { PrismaClient } from '../prisma/generated/client';
import type { AuditLog } from '../platform/audit';
import { createAccountActivities } from './accounts';
import { createDeadlineActivities } from './deadlines';

export interface ActivityDeps {
  prisma: PrismaClient;
  audit: AuditLog;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities({ audit: deps.audit }),
    ...createAccountActivities(deps),
  };
}
