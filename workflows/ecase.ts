// The electronic criminal case («электрондық қылмыстық іс», 001), one workflow per ERDR number:
// `case-<erdr>`. It lives as long as the case does — months or years — carrying its whole state
// across continue-as-new, and reads like the Instruction:
//
//   registered in the ERDR ─► ¶11 three documents generated (KUI report, detection report, notice
//     to the prosecutor of the start)                                     (ecase/lifecycle.ts)
//   ─► ¶10 the official takes it into proceedings and resolves the format (ecase/format.ts):
//        · the prosecutor is notified within 24 h          (case.prosecutorNotice)
//        · participants are told within 24 h (¶24: SMS 1414, e-mail, or a paper letter)
//                                                          (case.participantsInformed:<p>)
//        · electronic: earlier paper documents as PDF within 24 h (case.paperToPdf:<d>)
//   ─► in proceedings: documents (¶12–¶16: electronic, scans within 24 h, media), participants
//      confirmed (¶26: opens the Public Sector), the inventory (¶11)  (ecase/documents.ts, participants.ts)
//   ─► transitions: paper → electronic refused except on joining (¶10, ¶17); electronic → paper by
//      reasoned resolution on a ¶22 ground, executed within 24 h by the print package (¶23);
//      joining (¶17), separation (¶18), suspension and resumption (¶19), transfer by jurisdiction
//      (¶21) (ecase/switches.ts), court through «Төрелік» (¶29), termination → prosecutor's review →
//      archive or back (¶20) (ecase/closing.ts)
//   The prosecutor is told of procedural decisions (¶27).
//
// Every 24-hour duty is an obligation with its own DeadlineBook timer (ecase/duties.ts): reminder,
// escalation on breach, completion recorded as met or late. The rules themselves (and their
// refusals in kk/ru/en, each naming its paragraph) live in domain/ecase.ts; update validators apply
// them, so a refused request changes nothing and leaves nothing in the history.
//
// A new run carries the whole state but only the latest events: every event is journalled in the
// audit chain as it happens (platform/case-journal.ts), and the timeline endpoint reads the older
// ones from there. The search attributes Official and Prosecutor hold keyed pseudonyms of the
// officials' IINs (platform/search-pseudonyms.ts), asked of an activity: the key stays out of the
// workflow. The bookkeeping the steps share is ecase/run.ts.
//
// The documents themselves live in PostgreSQL (`case_document`, platform/case-documents.ts): the
// state keeps their count, so a case of ten thousand documents stays far under the payload limit.
// Runs begun before keep their array (patch `case-documents-in-database`); their next run moves it.
import { condition, patched, setHandler } from '@temporalio/workflow';
import { buildTimeline, type CaseState } from '../domain/ecase';
import * as closing from './ecase/closing';
import * as documents from './ecase/documents';
import * as format from './ecase/format';
import { close, handOver, register } from './ecase/lifecycle';
import { resumeDuties } from './ecase/duties';
import * as m from './ecase/messages';
import type { CaseInput } from './ecase/messages';
import * as participants from './ecase/participants';
import { CaseRun } from './ecase/run';
import * as switches from './ecase/switches';

export * from './ecase/messages';

export async function caseWorkflow(input: CaseInput): Promise<CaseState> {
  const c = new CaseRun(
    input,
    patched('case-search-pseudonyms'),
    patched('deadline-records'),
    patched('case-documents-in-database'),
    patched('case-journal-local'),
  );
  setHandler(m.getCase, c.snapshot);
  setHandler(m.timeline, () => buildTimeline(c.state.events, c.deadlines.list()));
  c.publish();
  c.learnPseudonyms();
  handleMessages(c);

  if (input.restored) {
    resumeDuties(c);
    await documents.moveToRegister(c);
  } else await register(c);

  await condition(() => c.closed() || c.historyTooLong());
  const waitsForNotices = patched('case-ends-after-deadline-notices');
  if (c.closed()) return close(c, waitsForNotices);
  return handOver(c, waitsForNotices);
}

/** The handler table: officials act through updates (validated by the rules of domain/ecase.ts), other workflows signal. */
function handleMessages(c: CaseRun): void {
  setHandler(m.resolveFormat, (r) => format.resolveFormat(c, r), c.rules('resolveFormat'));
  setHandler(m.assignProsecutor, (r) => participants.assignProsecutor(c, r), c.rules('assignProsecutor'));
  setHandler(m.addParticipant, (r) => participants.addParticipant(c, r), c.rules('addParticipant'));
  setHandler(m.confirmParticipant, (r) => participants.confirmParticipant(c, r), c.rules('confirmParticipant'));
  setHandler(m.confirmLetterSent, (r) => participants.confirmLetterSent(c, r), c.rules('confirmLetterSent'));
  setHandler(m.attachDocument, (r) => documents.attachDocument(c, r), c.rules('attachDocument'));
  setHandler(m.registerPaperDocument, (r) => documents.registerPaperDocument(c, r), c.rules('registerPaperDocument'));
  setHandler(m.produceInventory, (r) => documents.produceInventory(c, r), c.rules('produceInventory'));
  setHandler(m.reportSituation, (r) => format.reportSituation(c, r), c.rules('reportSituation'));
  setHandler(m.switchToPaper, (r) => format.switchToPaper(c, r), c.rules('switchToPaper'));
  setHandler(m.confirmPrintPackage, (r) => format.confirmPrintPackage(c, r), c.rules('confirmPrintPackage'));
  setHandler(m.joinCases, (r) => switches.joinCases(c, r), c.rules('joinCases'));
  setHandler(m.completeJoin, (r) => switches.completeJoin(c, r), c.rules('completeJoin'));
  // 001 ¶3.10: petitions and complaints run as their own workflows; the case records them.
  setHandler(m.submissionRecorded, ({ action, by, source, note }) => c.record(action, by, source, note));
  setHandler(m.materialsAccessGranted, (grant) => documents.materialsAccessGranted(c, grant));
  // New handlers only: runs recorded before them replay unchanged.
  setHandler(m.grantMaterialAccess, (r) => documents.changeMaterialAccess(c, r, false), c.rules('grantMaterialAccess'));
  setHandler(m.revokeMaterialAccess, (r) => documents.changeMaterialAccess(c, r, true), c.rules('revokeMaterialAccess'));
  setHandler(m.translationApproved, (t) => documents.translationApproved(c, t));
  setHandler(m.joinedInto, (j) => switches.joinedInto(c, j));
  setHandler(m.separateCase, (r) => switches.separateCase(c, r), c.rules('separate'));
  setHandler(m.suspendCase, (r) => switches.suspendCase(c, r), c.rules('suspend'));
  setHandler(m.resumeCase, (r) => switches.resumeCase(c, r), c.rules('resume'));
  setHandler(m.transferCase, (r) => switches.transferCase(c, r), c.rules('transfer'));
  setHandler(m.acceptTransfer, (r) => switches.acceptTransfer(c, r), c.rules('acceptTransfer'));
  setHandler(m.sendToCourt, (r) => closing.sendToCourt(c, r), c.rules('sendToCourt'));
  setHandler(m.terminateCase, (r) => closing.terminateCase(c, r), c.rules('terminate'));
  setHandler(m.reviewTermination, (r) => closing.reviewTermination(c, r), c.rules('reviewTermination'));
}
