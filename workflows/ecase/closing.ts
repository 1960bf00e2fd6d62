// How a case leaves the investigation (001 ¶20, ¶29): to court through «Төрелік», or terminated,
// studied by the prosecutor and archived (or sent back into proceedings).
import type { CaseState, ReviewTerminationRequest, SendToCourtRequest } from '../../domain/ecase';
import type { By } from './messages';
import { court, now, type CaseRun } from './run';

/** ¶29: to court through «Төрелік», with the cover letter generated (¶11). */
export async function sendToCourt(c: CaseRun, { court: courtName, byIin, by }: SendToCourtRequest): Promise<CaseState> {
  return c.exclusively('sendToCourt', async () => {
    const { state } = c;
    // The last event's number: unique even when older events are no longer carried.
    const n = state.events.at(-1)?.seq ?? 0;
    const receipt = await court.submitCaseToCourt({
      ...c.details(),
      court: courtName,
      ...c.documentRefs(),
      requestId: `case-${c.erdr}/court-${n}`,
      issuedAt: now(),
    });
    const letters = receipt.coverLetters.map((l) => c.addGenerated(l, byIin).id);
    state.court = { court: courtName, at: now(), by: byIin, receiptNumber: receipt.receiptNumber, receivedAt: receipt.receivedAt, coverLetters: letters };
    c.record('case.sent_to_court', byIin, '001 ¶29', `${courtName}: ${receipt.receiptNumber}`);
    if (by === 'official') c.tellProsecutor('sent to court', courtName);
    c.moveTo('SENT_TO_COURT');
    return c.snapshot();
  });
}

/** ¶20: termination goes to the prosecutor, who studies its legality. */
export async function terminateCase(c: CaseRun, { grounds, officialIin }: { grounds: string } & By): Promise<CaseState> {
  c.state.termination = { at: now(), by: officialIin, grounds };
  c.moveTo('TERMINATION_REVIEW');
  c.record('case.terminated', officialIin, '001 ¶20', grounds);
  c.tellProsecutor('termination: legality review required', grounds);
  return c.snapshot();
}

/** ¶20: upheld, the case is archived with the status it ended in; cancelled, it goes back into proceedings. */
export async function reviewTermination(c: CaseRun, { lawful, prosecutorIin, reasoning }: ReviewTerminationRequest): Promise<CaseState> {
  c.state.termination!.review = { lawful, prosecutorIin, at: now(), reasoning };
  if (lawful) {
    c.state.archive = { at: now(), status: 'TERMINATED' };
    c.record('termination.upheld', prosecutorIin, '001 ¶20', reasoning);
    c.moveTo('ARCHIVED');
    c.record('case.archived', 'system', '001 ¶20', 'TERMINATED');
  } else {
    c.record('termination.cancelled', prosecutorIin, '001 ¶20', reasoning);
    c.moveTo('IN_PROCEEDINGS');
  }
  return c.snapshot();
}
