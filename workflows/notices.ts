// A notice to a person that their mail server or the SMS gateway refused for good (a bounced
// address, a number that cannot take SMS) is still in the person's cabinet: notifyPerson writes the
// cabinet entry before it sends (001 ¶24). The process goes on; the refusal is noted. Runs that
// failed on such a refusal before this was so replay as they ran (patch notice-refusal-tolerated,
// asked only when a refusal happens, so other runs carry no marker).
import { ActivityFailure, ApplicationFailure, patched } from '@temporalio/workflow';
import { NOTICE_REFUSED } from '../domain/notification-templates';

/** What the notice returned, or undefined when it was refused for good; `onRefused` hears why. */
export async function despiteRefusal<T>(notice: Promise<T>, onRefused: (why: string) => void): Promise<T | undefined> {
  try {
    return await notice;
  } catch (err) {
    // An activity's failure is its cause; a local activity's failure is thrown as it is.
    const failure = err instanceof ActivityFailure ? err.cause : err;
    const refusal = failure instanceof ApplicationFailure && failure.type === NOTICE_REFUSED ? failure : undefined;
    if (!refusal || !patched('notice-refusal-tolerated')) throw err;
    onRefused(refusal.message);
    return undefined;
  }
}
