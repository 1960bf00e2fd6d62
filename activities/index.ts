// All activities the worker offers, built from their dependencies.
import type { PrismaClient } from '../prisma/generated/client';
import type { MerkleAuditLog } from '../platform/audit';
import type { Adapters } from '../adapters';
import type { FileStore } from '../documents/store';
import { createAccountActivities } from './account-application';
import { createAccountLifecycleActivities } from './account';
import { createDeadlineActivities } from './deadlines';
import { createNotificationActivities } from './notifications';
import { createMaterialActivities } from './materials';
import { createReportActivities } from './report';
import { createOfficialsNotifier } from './officials';
import { createCaseActivities } from './ecase';
import { createSubmissionActivities } from './petition';
import { createProfileActivities } from './profile';
import { createStateServiceActivities } from './archive-certificate';
import { createOffenceInformationActivities, type AuthorisedSigner } from './offence-information';
import { createTranslationActivities } from './translation';
import { createQueryReviewActivities } from './query-review';
import { createIncidentActivities } from './incident';
import { createLegalityCheckActivities } from './legality-check';
import type { SignatureService } from '../eds/service';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** The Merkle log: the legality check's answer reads entries and proofs from it. */
  audit: MerkleAuditLog;
  adapters: Adapters;
  files: FileStore;
  signatures: SignatureService;
  /** The key offence-information certificates are signed with (default: activities/offence-information.ts). */
  authorisedSigner?: () => Promise<AuthorisedSigner>;
}

export function createActivities(deps: ActivityDeps) {
  const notifications = createNotificationActivities(deps);
  const { notifyOfficials, notifyDeadlineOfficials } = createOfficialsNotifier({ prisma: deps.prisma, notifyPerson: notifications.notifyPerson });
  return {
    ...createDeadlineActivities({ audit: deps.audit, notifyOfficials: notifyDeadlineOfficials, prisma: deps.prisma }),
    ...createAccountActivities(deps),
    ...createAccountLifecycleActivities(deps),
    ...notifications,
    notifyOfficials,
    ...createMaterialActivities(deps),
    ...createReportActivities(deps),
    ...createCaseActivities({ ...deps, notifyPerson: notifications.notifyPerson }),
    ...createSubmissionActivities(deps),
    ...createProfileActivities(deps),
    ...createStateServiceActivities(deps),
    ...createOffenceInformationActivities(deps),
    ...createTranslationActivities(deps),
    ...createQueryReviewActivities(deps),
    ...createIncidentActivities(deps),
    ...createLegalityCheckActivities(deps),
  };
}
