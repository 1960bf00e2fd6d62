// What the petition, complaint and translation workflows share: the e-case told of each step
// (001 ¶3.10), the person told in their own language (001 ¶24: cabinet, e-mail, SMS when opted in),
// the history noted. The case may be one this system does not run (older, or elsewhere): that is
// noted, not fatal.
import { getExternalWorkflowHandle, proxyActivities, workflowInfo, type ExternalWorkflowHandle } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import type { SubmissionActivities } from '../activities/petition';
import type { LocalisedText } from '../domain/notification-templates';
import type { PetitionEvent } from '../domain/petition';

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
    notifyPerson({ iin, dedupeKey: `${workflowInfo().workflowId}/${step}/${iin}`, subject: erdrNumber, kind: 'message', data: notice });
  return { note, tellCase, tell };
}
