// The case's life from the workflow's side: registration (001 ¶11, ¶18), closing once it reached a
// final status, and handing over to a new run when the history grows (continue-as-new), carrying
// the whole state but only the latest events (all of them are in the audit chain).
import { allHandlersFinished, condition, continueAsNew, patched } from '@temporalio/workflow';
import type { CaseState } from '../../domain/ecase';
import { DEFAULT_CARRIED_EVENTS, type CaseInput } from './messages';
import { acts, type CaseRun } from './run';

/** The first run: ¶18 separated materials come with the case; otherwise ¶11 its three first documents are generated. */
export async function register(c: CaseRun): Promise<void> {
  const { state, input } = c;
  if (input.separatedFrom) {
    const { documents, documentIds } = input.separatedFrom;
    if (documentIds && c.documentsInRegister()) {
      // Copied register to register, renumbered d1…: the documents never pass through the history.
      state.documentCount = await acts.copyCaseDocuments({ fromErdrNumber: input.separatedFrom.erdrNumber, toErdrNumber: c.erdr, documentIds });
    } else if (c.documentsInRegister()) {
      for (const { id: _from, ...d } of documents) c.addDocument(d);
    } else {
      for (const d of documents) state.documents.push({ ...d, id: `d${state.documents.length + 1}` });
    }
    c.record('case.registered_by_separation', state.officialIin, '001 ¶18', input.separatedFrom.erdrNumber);
    return;
  }
  c.record('case.registered', state.officialIin, '001 ¶11', input.talon);
  // ¶11: before the format decision.
  const generated = await acts.generateCaseDocuments({
    ...c.details(),
    talon: input.talon,
    kuiNumber: input.kuiNumber,
    kuiRegisteredAt: input.kuiRegisteredAt,
  });
  for (const doc of generated) c.addGenerated(doc);
  c.record('documents.generated', 'system', '001 ¶11', generated.map((d) => d.kind).join(', '));
}

/**
 * A deadline notice on its way is lost when the run ends, and its record (reminded, breached)
 * keeps the next run from sending it again: wait for it (`waitsForNotices`; runs that ended before did not).
 */
const noticesDelivered = (c: CaseRun, waitsForNotices: boolean) => () => !waitsForNotices || c.deadlines.idle();

/** A closed case: duties still open no longer apply; the run ends once its work is done. */
export async function close(c: CaseRun, waitsForNotices: boolean): Promise<CaseState> {
  for (const o of c.state.obligations.filter((x) => !x.metAt && !x.cancelledAt)) c.cancelObligation(o.key);
  const delivered = noticesDelivered(c, waitsForNotices);
  await condition(() => allHandlersFinished() && c.running === 0 && delivered());
  return c.snapshot();
}

/** Continue-as-new at a quiet moment: no update half-done, no activity of ours in flight, no notice on its way. */
export async function handOver(c: CaseRun, waitsForNotices: boolean): Promise<never> {
  const delivered = noticesDelivered(c, waitsForNotices);
  const quiet = () => allHandlersFinished() && c.running === 0 && !c.busyWith && delivered();
  // Every accepted update journals its event in an activity, so back-to-back updates would never
  // leave a quiet moment; and one accepted in the hand-over's own workflow task would come after
  // the continue-as-new command. So once no deadline notice is on its way (a slow mail relay must
  // not keep officials out), the door closes: new updates are refused as CASE_HANDING_OVER, which
  // the API sends again to the next run (api/ecase.ts), and the run drains what it accepted.
  if (patched('case-hand-over-refuses-updates')) {
    await condition(delivered);
    c.handingOver = true;
  }
  await condition(quiet);
  c.record('case.continued_as_new', 'system', undefined, `run ${c.state.runs + 1}`);
  // The hand-over's own entry is journalled; an update or a deadline that came meanwhile finishes too.
  await condition(() => (waitsForNotices ? quiet() : c.running === 0));
  const carried = Math.max(1, c.input.options?.carriedEvents ?? DEFAULT_CARRIED_EVENTS);
  return continueAsNew<(input: CaseInput) => Promise<CaseState>>({
    ...c.input,
    ...(c.pseudonymous && { pseudonyms: c.currentPseudonyms() }),
    restored: { ...c.snapshot(), events: c.state.events.slice(-carried) },
  });
}
