// A complaint on a running case («шағым», жалоба; 000 §3.2 menu, CPC ch. 13 art. 105–106), one
// workflow per complaint: `complaint-<id>`. Modelled on the petition (the seed has no form for it):
//
//   filed by a confirmed participant (signed, attachments signed, DOCX → PDF)
//     ─► recorded in the e-case (001 ¶3.10); addressed to the supervising prosecutor (an
//        investigator's action, art. 105) or to another prosecutor (a prosecutor's action, art. 106)
//     ─► 001 ¶7: written in another language than the case's, it is translated first (a child
//        `translation-<id>`); decided only once the translation is approved
//     ─► decided within 3 days (`complaint.decision`): reminder at 2 days, the head told at 3;
//        when the check needs materials the prosecutor extends it to 10 days from receipt
//        (`complaint.decisionExtended`, art. 105 part 1); an answer after the limit is late
//     ─► the decision: result, text, the prosecutor's full name, the date, materials
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { OfficialsNotice } from '../activities/officials';
import {
  COMPLAINT_DECISION_KEY,
  COMPLAINT_EXTENDED_KEY,
  COMPLAINT_NOTICES,
  COMPLAINT_RESULT_LABELS,
  COMPLAINT_RESULTS,
  COMPLAINT_STATUS_LABELS,
  type ComplaintAnswerInput,
  type ComplaintInput,
  type ComplaintState,
  type ComplaintStatus,
} from '../domain/complaint';
import { dueAt } from '../domain/deadlines';
import { attachSubmissionMaterials, openSubmission, recordSubmissionState } from './submission';
import { submissionRecorded } from './ecase';
import { startTranslationDetour } from './translation';
import { TRANSLATION_REFUSALS } from '../domain/translation';

export const answerComplaint = defineUpdate<ComplaintState, [ComplaintAnswerInput]>('answerComplaint');
export const extendComplaintCheck = defineUpdate<ComplaintState, [{ reason: string; prosecutorIin: string }]>('extendComplaintCheck');
export const getComplaint = defineQuery<ComplaintState>('getComplaint');

// The body's prosecutors told when the complaint names none (art. 106); not to be lost.
const { notifyOfficials } = proxyActivities<{ notifyOfficials(n: OfficialsNotice): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export async function complaintWorkflow(input: ComplaintInput): Promise<ComplaintState> {
  const { complaintId, erdrNumber } = input;
  const state = initialState(input);
  const { deadlines, snapshot, moveTo, note, tellCase, tell } = openSubmission<ComplaintStatus, ComplaintState>(
    `complaint ${complaintId}`,
    state,
    COMPLAINT_STATUS_LABELS,
    getComplaint,
  );
  let received = false;
  let busy = false;

  // CPC art. 105 part 1: materials must be requested — 10 days from receipt instead of 3.
  setHandler(
    extendComplaintCheck,
    async ({ reason, prosecutorIin }) => {
      state.extension = { reason, by: prosecutorIin, at: new Date().toISOString() };
      moveTo('CHECK_EXTENDED');
      deadlines.cancel(COMPLAINT_DECISION_KEY);
      note('complaint.check_extended', 'CPC art. 105', prosecutorIin, reason);
      await recordSubmissionState({ id: complaintId, status: state.status });
      await tell(input.complainant.iin, 'extended', COMPLAINT_NOTICES.extended(erdrNumber));
      return snapshot();
    },
    { validator: (request) => refuseExtension(state, request, busy) },
  );

  // The decision with its materials (the prosecutor's signed uploads).
  setHandler(
    answerComplaint,
    async ({ result, text, materials, prosecutorIin, responderName }) => {
      busy = true;
      try {
        await condition(() => received);
        state.materials = await attachSubmissionMaterials({ submissionId: complaintId, ownerIin: prosecutorIin, files: materials, kind: 'answer' });
        const at = new Date().toISOString();
        const late = deadlines.list().some((d) => d.state === 'breached');
        state.answer = { result, text, responderName, by: prosecutorIin, at, late };
        state.resultLabel = COMPLAINT_RESULT_LABELS[result];
        moveTo('ANSWERED');
        note('complaint.decided', 'CPC art. 105–106', prosecutorIin, `${result}${late ? ' (late)' : ''}`);
        await recordSubmissionState({ id: complaintId, status: state.status, result, answerText: text, responderName, answeredAt: at, overdue: late });
        await tellCase((c) =>
          c.signal(submissionRecorded, {
            action: 'complaint.decided',
            by: prosecutorIin,
            source: 'CPC art. 105–106',
            note: `${workflowInfo().workflowId}: ${result}`,
          }),
        );
        await tell(input.complainant.iin, 'answered', COMPLAINT_NOTICES.answered(erdrNumber, result));
        return snapshot();
      } finally {
        busy = false;
      }
    },
    { validator: (answer) => refuseAnswer(state, answer, busy) },
  );

  // ── The complaint's course ─────────────────────────────────────────────────────────────────
  state.materials = await attachSubmissionMaterials({
    submissionId: complaintId,
    ownerIin: input.complainant.iin,
    files: input.attachments,
    kind: 'attachment',
  });
  // 001 ¶3.10: the case records the complaint; it goes to the prosecutor (art. 105) or another one (art. 106).
  await tellCase((c) =>
    c.signal(submissionRecorded, {
      action: 'complaint.filed',
      by: input.complainant.iin,
      source: '000 §4.10, CPC art. 105–106',
      note: `${workflowInfo().workflowId}: ${input.subject}`,
    }),
  );
  note(
    'complaint.routed',
    input.subject === 'PROSECUTOR_ACTION' ? 'CPC art. 106' : 'CPC art. 105',
    'system',
    input.addresseeIin ? 'addressee' : `prosecutors of ${input.bodyCode}`,
  );
  received = true;
  await tell(input.complainant.iin, 'accepted', COMPLAINT_NOTICES.accepted(erdrNumber));
  if (input.addresseeIin) await tell(input.addresseeIin, 'received', COMPLAINT_NOTICES.received(erdrNumber));
  else
    await notifyOfficials({
      bodyCode: input.bodyCode,
      roles: ['prosecutor'],
      dedupeKey: `${workflowInfo().workflowId}/received`,
      subject: erdrNumber,
      kind: 'complaint.received',
    });
  // 001 ¶7: written in another language than the proceedings' — translated first, as a child task.
  // The decision clock stays as CPC art. 105 sets it, from receipt (see startTranslationDetour).
  if (input.translation && patched('submission-translation-detour')) {
    state.translation = await startTranslationDetour({
      kind: 'complaint',
      id: complaintId,
      erdrNumber,
      bodyCode: input.bodyCode,
      submittedAt: input.submittedAt,
      language: input.language,
      detour: input.translation,
      note,
      tell,
    });
  }

  // 3 days from receipt; extended (the 3-day record cancelled) → 10 days from receipt.
  const decided = () => state.status === 'ANSWERED';
  const start = Date.parse(input.submittedAt);
  // An extension that came during the intake has replaced the 3-day term before it was tracked.
  const first = state.extension ? 'cancelled' : await deadlines.track(COMPLAINT_DECISION_KEY, 'complaint.decision', decided, start);
  if (first === 'cancelled') {
    await deadlines.track(COMPLAINT_EXTENDED_KEY, 'complaint.decisionExtended', decided, start);
  }
  await condition(allHandlersFinished);
  return snapshot();
}

// The validators: a refused request changes nothing and leaves nothing in the history.
const refuse = (message: string, code: string): never => {
  throw ApplicationFailure.nonRetryable(message, code);
};

/** CPC art. 105 part 1: extended once, within the 3 days, with a reason, never by the prosecutor complained about (art. 106). */
function refuseExtension(state: ComplaintState, { reason, prosecutorIin }: { reason: string; prosecutorIin: string }, busy: boolean): void {
  if (state.answer || busy) refuse('the complaint is already decided', 'ALREADY_ANSWERED');
  if (state.extension) refuse('the term is already extended', 'ALREADY_EXTENDED');
  if (Date.now() >= dueAt('complaint.decision', Date.parse(state.submittedAt))) refuse('the 3-day term has passed (CPC art. 105)', 'TERM_PASSED');
  if (prosecutorIin === state.excludedIin) refuse('a prosecutor does not decide a complaint about themselves (CPC art. 106)', 'OWN_ACTION');
  if (!reason?.trim()) refuse('an extension states its reason', 'REASON_REQUIRED');
}

/** Decided once, with a known result and its text, never by the prosecutor complained about (art. 106). */
function refuseAnswer(state: ComplaintState, answer: ComplaintAnswerInput, busy: boolean): void {
  if (state.answer || busy) refuse('the complaint is already decided', 'ALREADY_ANSWERED');
  if (!COMPLAINT_RESULTS.includes(answer.result)) refuse('unknown result', 'UNKNOWN_RESULT');
  if (!answer.text?.trim()) refuse('the decision needs its text', 'ANSWER_TEXT_REQUIRED');
  if (answer.prosecutorIin === state.excludedIin) refuse('a prosecutor does not decide a complaint about themselves (CPC art. 106)', 'OWN_ACTION');
  // 001 ¶7: decided on its translation, once approved.
  if (state.translation && ['IN_WORK', 'SENT_FOR_REVIEW'].includes(state.translation.status))
    refuse(TRANSLATION_REFUSALS.TRANSLATION_PENDING.en, 'TRANSLATION_PENDING');
}

function initialState(input: ComplaintInput): ComplaintState {
  return {
    complaintId: input.complaintId,
    erdrNumber: input.erdrNumber,
    subject: input.subject,
    status: 'UNDER_REVIEW',
    statusLabel: COMPLAINT_STATUS_LABELS.UNDER_REVIEW,
    resultLabel: COMPLAINT_RESULT_LABELS.PENDING,
    submittedAt: input.submittedAt,
    bodyCode: input.bodyCode,
    addresseeIin: input.addresseeIin,
    excludedIin: input.excludedIin,
    language: input.language,
    materials: [],
    history: [{ at: input.submittedAt, what: 'complaint.filed', by: input.complainant.iin, source: '000 §4.10' }],
    deadlines: [],
  };
}
