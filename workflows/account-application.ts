// An official's access application (өтінім, 002 A-5): registration, transfer to another post, or
// blocking. The Committee operator decides a registration or transfer within one day of receipt
// (002 p.14) — approve with a role bound to a body, or refuse with reasons (p.14, p.46). A blocking
// application is executed at once (p.14, p.16). Approved roles are what the API enforces.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { AccountActivities } from '../activities/account-application';
import type { SignedRefusal } from '../domain/account';
import type { DeadlineRecord } from '../domain/deadlines';
import { OFFICIAL_ROLES, type OfficialRole } from '../domain/roles';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { DeadlineBook } from './deadlines';

export type AccountApplicationKind = 'REGISTRATION' | 'TRANSFER' | 'BLOCKING';

export interface AccountApplication {
  applicationId: string;
  kind: AccountApplicationKind;
  /** The official the application is about. */
  iin: string;
  fullName: string;
  position: string;
  bodyCode: string;
  requestedRole?: OfficialRole;
  /** For BLOCKING: dismissal, removal, absence over two months, own request, violation (p.12, p.16, A-6 §3). */
  reason?: string;
  submittedBy: string;
}

export interface OperatorDecision {
  approve: boolean;
  /** The role the operator determines (p.14); defaults to the requested one. */
  role?: OfficialRole;
  /** Mandatory on refusal: a reasoned refusal (p.14). */
  reason?: string;
  /** The refusal's EDS signature by the operator (p.14), verified by the API before the update. */
  signedRefusal?: SignedRefusal;
  operatorIin: string;
}

export type AccountApplicationStatus = 'SUBMITTED' | 'APPROVED' | 'REFUSED' | 'BLOCKED';

export interface AccountApplicationState {
  application: AccountApplication;
  status: AccountApplicationStatus;
  decision?: OperatorDecision & { decidedAt: string };
  deadlines: DeadlineRecord[];
}

export const decideApplication = defineUpdate<AccountApplicationState, [OperatorDecision]>('decideApplication');
export const getApplication = defineQuery<AccountApplicationState>('getApplication');

const { grantRole, blockAccount, journalRefusal } = proxyActivities<AccountActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function accountApplicationWorkflow(application: AccountApplication): Promise<AccountApplicationState> {
  // The deadline records the statistics read; applications started before they existed do not write them.
  const deadlines = new DeadlineBook({
    subject: `access application ${application.applicationId}`,
    body: application.bodyCode,
    record: patched('deadline-records'),
  });
  const state: AccountApplicationState = { application, status: 'SUBMITTED', deadlines: [] };
  const snapshot = (): AccountApplicationState => ({ ...state, deadlines: deadlines.list() });
  const setStatus = (status: AccountApplicationStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
  };
  upsertSearchAttributes([
    { key: Body, value: application.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);
  setHandler(getApplication, snapshot);

  // p.14, p.16: blocking is executed immediately, with no operator step.
  if (application.kind === 'BLOCKING') {
    await blockAccount({ iin: application.iin, reason: application.reason ?? '', applicationId: application.applicationId });
    setStatus('BLOCKED');
    return snapshot();
  }

  setHandler(
    decideApplication,
    async (decision) => {
      state.decision = { ...decision, decidedAt: new Date().toISOString() };
      if (decision.approve) {
        await grantRole({
          iin: application.iin,
          fullName: application.fullName,
          role: decision.role ?? application.requestedRole!,
          bodyCode: application.bodyCode,
          applicationId: application.applicationId,
          grantedBy: decision.operatorIin,
        });
        setStatus('APPROVED');
      } else {
        // The signed, reasoned refusal is journalled (002 p.14); refusals decided before this was deployed were not.
        if (patched('signed-refusal')) {
          await journalRefusal({
            applicationId: application.applicationId,
            reason: decision.reason ?? '',
            operatorIin: decision.operatorIin,
            signedRefusal: decision.signedRefusal,
          });
        }
        setStatus('REFUSED');
      }
      return snapshot();
    },
    {
      validator: (decision) => {
        if (state.decision) throw ApplicationFailure.nonRetryable('the application is already decided', 'ALREADY_DECIDED');
        if (!decision.approve && !decision.reason?.trim()) {
          throw ApplicationFailure.nonRetryable('a refusal must state its reasons (002 p.14)', 'REASON_REQUIRED');
        }
        const role = decision.role ?? application.requestedRole;
        if (decision.approve && (!role || !OFFICIAL_ROLES.includes(role))) {
          throw ApplicationFailure.nonRetryable('an approval must determine a known role (002 p.14)', 'ROLE_REQUIRED');
        }
      },
    },
  );

  // 002 p.14: one day from receipt; the decision is still accepted after it, and recorded as late.
  await deadlines.track('account.decision', 'account.decision', () => state.status !== 'SUBMITTED');
  // Let the update that decided it finish its reply before the workflow completes.
  await condition(allHandlersFinished);
  return snapshot();
}
