// The profile's two outside steps (000 §6), each its own short workflow so that the register and
// the SMS gateway are reached from the worker, with timeouts and retries, never from the API:
//
//   profile-prefill-<iin>  the birth date and registered address from the State Database of
//                          Individuals, once, when the person first opens the profile
//   profile-<iin>          a changed mobile number: the code goes out by SMS from 1414, the person
//                          enters it (update confirmMobile, at most 5 tries), it expires after
//                          5 minutes (a durable timer). A newer change replaces a pending one
//                          (the API starts it with the conflict policy TERMINATE_EXISTING).
//
// The code's validity is a timer of this workflow but no row of the deadline policy table: it binds
// no official, so it has nobody to remind or escalate to.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProfileActivities } from '../activities/profile';
import { MOBILE_CODE_TTL_MS, type MobileCodeOutcome } from '../domain/profile';
import { ProcessStatus } from '../domain/search-attributes';

export interface MobileChangeInput {
  iin: string;
  /** The new mobile number, E.164. */
  phone: string;
  locale: 'kk' | 'ru' | 'en';
}

export type MobileChangeStatus = 'SENDING' | 'CODE_SENT' | 'CONFIRMED' | 'EXPIRED' | 'TOO_MANY_ATTEMPTS' | 'NOT_SENT';

export interface MobileChangeState {
  phone: string;
  status: MobileChangeStatus;
  expiresAt?: string;
  attemptsLeft?: number;
}

export const confirmMobile = defineUpdate<{ outcome: MobileCodeOutcome; attemptsLeft: number }, [{ code: string }]>('confirmMobile');
export const getMobileChange = defineQuery<MobileChangeState>('getMobileChange');

// The register answers a person opening the profile: a few quick tries, then the API says so.
const register = proxyActivities<ProfileActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 3 },
});
// The code must reach the phone within its 5 minutes or not at all.
const sms = proxyActivities<ProfileActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '4 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds' },
});
const db = proxyActivities<ProfileActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function profilePrefillWorkflow(input: { iin: string }): Promise<{ found: boolean }> {
  return register.prefillProfile({ iin: input.iin });
}

export async function profileMobileWorkflow(input: MobileChangeInput): Promise<MobileChangeState> {
  // One key per run: a code of a replaced change never confirms the newer one.
  const requestKey = `${workflowInfo().workflowId}/${workflowInfo().runId}`;
  const state: MobileChangeState = { phone: input.phone, status: 'SENDING' };
  const setStatus = (status: MobileChangeStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
  };
  setHandler(getMobileChange, () => ({ ...state }));
  upsertSearchAttributes([{ key: ProcessStatus, value: state.status }]);

  setHandler(
    confirmMobile,
    async ({ code }) => {
      const checked = await db.checkMobileCode({ iin: input.iin, phone: input.phone, code, requestKey });
      state.attemptsLeft = checked.attemptsLeft;
      if (checked.outcome === 'CONFIRMED') setStatus('CONFIRMED');
      if (checked.outcome === 'TOO_MANY_ATTEMPTS') setStatus('TOO_MANY_ATTEMPTS');
      if (checked.outcome === 'EXPIRED') setStatus('EXPIRED');
      return checked;
    },
    {
      validator: (_request) => {
        if (state.status !== 'CODE_SENT')
          throw ApplicationFailure.nonRetryable(`no code awaits confirmation (${state.status})`, 'NO_PENDING_CHANGE', { status: state.status });
      },
    },
  );

  try {
    const sent = await sms.sendMobileCode({ iin: input.iin, phone: input.phone, locale: input.locale, requestKey });
    state.expiresAt = sent.expiresAt;
    setStatus('CODE_SENT');
  } catch (err) {
    // The gateway refused the number or stayed down for minutes: the person saves the number again.
    setStatus('NOT_SENT');
    await db.discardMobileCode({ iin: input.iin, requestKey });
    throw err;
  }

  const settled = await condition(() => state.status !== 'CODE_SENT', MOBILE_CODE_TTL_MS);
  // A check under way when the time ran out finishes first (the database refuses an expired code itself).
  await condition(allHandlersFinished);
  if (!settled && state.status === 'CODE_SENT') setStatus('EXPIRED');
  if (state.status !== 'CONFIRMED') await db.discardMobileCode({ iin: input.iin, requestKey });
  return { ...state };
}
