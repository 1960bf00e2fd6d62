// Administrative-offence information (seed 004, Regulation B), one workflow per request:
// `offence-information-<id>`. Fully automatic (B-p.2): nobody acts on it.
//
//   the recipient's signed request from the portal (B-p.6 conditions 2–3 checked by the API)
//     ─► registered: the signature checked again with revocation and the IINs      5 min (B-p.5)
//     ─► verified: the recipient's records in the Committee's system              5 min (B-p.5)
//     ─► the certificate made, signed by the authorised person's key, put into
//        the personal cabinet                                                      5 min (B-p.5)
//   Each step is a deadline (DeadlineBook, recorded for the statistics), and the whole request is
//   held to 15 minutes (`offence.service`): the time is measured and kept on every request.
import { condition, defineQuery, log, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { StateServiceActivities } from '../activities/archive-certificate';
import type { NotificationActivities } from '../activities/notifications';
import type { OffenceInformationActivities } from '../activities/offence-information';
import type { DeadlineRuleId } from '../domain/deadlines';
import {
  OFFENCE_DEADLINE_KEYS,
  OFFENCE_NOTICES,
  OFFENCE_SERVICE_LEVEL_MS,
  OFFENCE_STATUS_LABELS,
  type OffenceInformationInput,
  type OffenceInformationState,
  type OffenceStatus,
} from '../domain/offence-information';
import { ProcessStatus } from '../domain/search-attributes';
import type { LocalisedText } from '../domain/notification-templates';
import { DeadlineBook } from './deadlines';
import { despiteRefusal } from './notices';

export const getOffenceInformation = defineQuery<OffenceInformationState>('getOffenceInformation');

// Each step is short; retries stay well inside its 5 minutes unless a part is down, and then the
// deadline escalates while the step keeps trying.
const services = proxyActivities<StateServiceActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const offences = proxyActivities<OffenceInformationActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { notifyPerson } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export async function offenceInformationWorkflow(input: OffenceInformationInput): Promise<OffenceInformationState> {
  const { requestId } = input;
  // The Committee's central system provides it: no territorial body (CENTRAL_BODY in the records).
  const deadlines = new DeadlineBook({ subject: `offence information ${requestId}`, record: true });
  const state: OffenceInformationState = {
    requestId,
    status: 'RECEIVED',
    statusLabel: OFFENCE_STATUS_LABELS.RECEIVED,
    receivedAt: input.receivedAt,
    deadlines: [],
  };
  const snapshot = (): OffenceInformationState => ({ ...state, deadlines: deadlines.list() });
  setHandler(getOffenceInformation, snapshot);
  upsertSearchAttributes([{ key: ProcessStatus, value: state.status }]);
  const received = Date.parse(input.receivedAt);
  const moveTo = async (status: OffenceStatus, extra: { completedAt?: string; serviceMs?: number } = {}) => {
    state.status = status;
    state.statusLabel = OFFENCE_STATUS_LABELS[status];
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
    await services.recordStateServiceState({ requestId, status, ...extra });
  };
  const finished = () => state.status === 'DELIVERED' || state.status === 'REJECTED';
  // The result itself is in the cabinet; a refused e-mail or SMS about it does not stop the service.
  const tellRecipient = (step: string, data: { title: LocalisedText; text: LocalisedText }) =>
    despiteRefusal(
      notifyPerson({ iin: input.recipient.iin, dedupeKey: `${workflowInfo().workflowId}/${step}`, subject: requestId, kind: 'message', data }),
      (why) => log.warn('the recipient was told only in the cabinet', { requestId, step, why }),
    );

  /** One automatic step against its deadline: the timer runs beside the work and escalates if it outlasts it. */
  const step = async <T>(key: string, rule: DeadlineRuleId, startedAt: number, work: () => Promise<T>): Promise<T> => {
    let done = false;
    const tracked = deadlines.track(key, rule, () => done || state.status === 'REJECTED', startedAt);
    try {
      return await work();
    } finally {
      done = true;
      await tracked;
    }
  };

  // B-p.5: the service level over the whole request, from receipt to the cabinet.
  const serviceLevel = deadlines.track(OFFENCE_DEADLINE_KEYS.service, 'offence.service', finished, received);

  // Registered: condition 3 once more, with revocation (B-p.6), then the row.
  const check = await step(OFFENCE_DEADLINE_KEYS.register, 'offence.register', received, async () => {
    const verdict = await services.verifyStateServiceRequest({ requestId });
    if (verdict.valid) {
      state.registeredAt = new Date().toISOString();
      await moveTo('REGISTERED');
    }
    return verdict;
  });
  if (!check.valid) {
    state.rejection = { reasons: check.reasons };
    await moveTo('REJECTED', { completedAt: new Date().toISOString() });
    await tellRecipient('rejected', OFFENCE_NOTICES.rejected());
    await serviceLevel;
    return snapshot();
  }

  // Verified: the recipient's records (B-p.5 condition 4).
  const records = await step(OFFENCE_DEADLINE_KEYS.verify, 'offence.verify', Date.parse(state.registeredAt!), async () => {
    const found = await offences.findAdministrativeOffences({ iin: input.recipient.iin });
    state.verifiedAt = new Date().toISOString();
    state.offenceCount = found.length;
    await moveTo('VERIFIED');
    return found;
  });

  // The result: made, signed by the authorised person, into the personal cabinet.
  await step(OFFENCE_DEADLINE_KEYS.result, 'offence.result', Date.parse(state.verifiedAt!), async () => {
    const issuedAt = new Date().toISOString();
    const made = await offences.makeOffenceInformation({ requestId, recipient: input.recipient, language: input.language, offences: records, issuedAt });
    state.result = made;
    await tellRecipient('delivered', OFFENCE_NOTICES.delivered());
    const deliveredAt = new Date();
    const ms = deliveredAt.getTime() - received;
    state.deliveredAt = deliveredAt.toISOString();
    state.serviceLevel = { ms, met: ms <= OFFENCE_SERVICE_LEVEL_MS };
    await moveTo('DELIVERED', { completedAt: state.deliveredAt, serviceMs: ms });
  });
  await serviceLevel;
  await condition(() => deadlines.idle());
  return snapshot();
}
