// What the petition, complaint and translation workflows share: the e-case told of each step
// (001 ¶3.10), the person told in their own language (001 ¶24: cabinet, e-mail, SMS when opted in),
// the history noted. The case may be one this system does not run (older, or elsewhere): that is
// noted, not fatal.
import {
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ExternalWorkflowHandle,
  type QueryDefinition,
} from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import type { SubmissionActivities } from '../activities/petition';
import type { LocalisedText } from '../domain/notification-templates';
import type { PetitionEvent } from '../domain/petition';
import { Body, ErdrNumber, ProcessStatus } from '../domain/search-attributes';
import type { DeadlineRecord } from '../domain/deadlines';
import { DeadlineBook } from './deadlines';
import { despiteRefusal } from './notices';

// Notices must not be lost: retried for up to a day.
const { notifyPerson } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

// Storing files and converting DOCX may take a while: heartbeats tell a hung conversion.
export const { attachSubmissionMaterials } = proxyActivities<SubmissionActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', maximumAttempts: 20 },
});
// The status list's row: a quick database step.
export const { recordSubmissionState } = proxyActivities<SubmissionActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export function submissionKit(erdrNumber: string, history: PetitionEvent[]) {
  const note = (what: string, source?: string, by?: string, text?: string) => history.push({ at: new Date().toISOString(), what, source, by, note: text });
  const tellCase = async (send: (c: ExternalWorkflowHandle) => Promise<void>) => {
    try {
      await send(getExternalWorkflowHandle(`case-${erdrNumber}`));
    } catch (err) {
      note('case.not_reached', '001 ¶3.10', 'system', (err as Error).message);
    }
  };
  const tell = (iin: string, step: string, notice: { title: LocalisedText; text: LocalisedText }) =>
    despiteRefusal(notifyPerson({ iin, dedupeKey: `${workflowInfo().workflowId}/${step}/${iin}`, subject: erdrNumber, kind: 'message', data: notice }), (why) =>
      note('notice.refused', '001 ¶24', 'system', `${step}: ${why}`),
    );
  return { note, tellCase, tell };
}

/** What a petition's or a complaint's state has in common: enough to move it and to show it. */
interface SubmissionState<Status extends string> {
  erdrNumber: string;
  bodyCode: string;
  status: Status;
  statusLabel: LocalisedText;
  history: PetitionEvent[];
  deadlines: DeadlineRecord[];
}

/**
 * Opens a submission's workflow (petition or complaint): its deadline book, its status query, its
 * search attributes and a `moveTo` that keeps status, label and attribute together, with the
 * `submissionKit` to tell the case and the person. The order of these steps is part of the
 * recorded histories: the patch marker first, then the attributes.
 */
export function openSubmission<Status extends string, State extends SubmissionState<Status>>(
  subject: string,
  state: State,
  labels: Record<Status, LocalisedText>,
  query: QueryDefinition<State>,
) {
  // Deadline records for the statistics; submissions started before do not write them.
  const deadlines = new DeadlineBook({ subject, body: state.bodyCode, record: patched('deadline-records') });
  const snapshot = (): State => ({ ...state, deadlines: deadlines.list() });
  setHandler(query, snapshot);
  upsertSearchAttributes([
    { key: ErdrNumber, value: state.erdrNumber },
    { key: Body, value: state.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);
  const moveTo = (status: Status) => {
    state.status = status;
    state.statusLabel = labels[status];
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
  };
  return { deadlines, snapshot, moveTo, ...submissionKit(state.erdrNumber, state.history) };
}
