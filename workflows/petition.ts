// A petition on a running case («өтінішхат», ходатайство; 000 §4.5–4.6, CPC ch. 13), one workflow
// per petition: `petition-<id>`.
//
//   filed by a confirmed participant (signed, attachments signed, DOCX → PDF)
//     ─► recorded in the e-case (001 ¶3.10) and routed to the body and official conducting it
//        («Өндірісте», 000 §4.5 [M:392]); the petitioner and the official are told
//     ─► 001 ¶7: written in another language than the case's, it is translated first (a child
//        `translation-<id>`); answered only once the translation is approved
//     ─► decided within 3 days (CPC art. 99, `petition.decision`): reminder at 2 days, escalation
//        to the head and the supervising prosecutor at 3, an answer after that recorded as late
//     ─► the answer: result, text, the responder's full name, the date, materials (000 §4.6);
//        a granted access request opens the listed case documents to the petitioner (001 ¶26)
import { allHandlersFinished, ApplicationFailure, condition, defineQuery, defineUpdate, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  PETITION_DECISION_KEY,
  PETITION_NOTICES,
  PETITION_RESULT_LABELS,
  PETITION_RESULTS,
  PETITION_STATUS_LABELS,
  type PetitionAnswerInput,
  type PetitionEvent,
  type PetitionInput,
  type PetitionState,
  type PetitionStatus,
} from '../domain/petition';
import { attachSubmissionMaterials, openSubmission, recordSubmissionState } from './submission';
import { materialsAccessGranted, submissionRecorded } from './ecase';
import { startTranslationDetour } from './translation';
import { TRANSLATION_REFUSALS } from '../domain/translation';

export const answerPetition = defineUpdate<PetitionState, [PetitionAnswerInput]>('answerPetition');
export const getPetition = defineQuery<PetitionState>('getPetition');

export async function petitionWorkflow(input: PetitionInput): Promise<PetitionState> {
  const { petitionId, erdrNumber } = input;
  const state = initialState(input);
  const { deadlines, snapshot, moveTo, note, tellCase, tell } = openSubmission<PetitionStatus, PetitionState>(
    `petition ${petitionId}`,
    state,
    PETITION_STATUS_LABELS,
    getPetition,
  );

  // 000 §4.6: the answer with its materials; a granted access request opens the documents (001 ¶26).
  const recordAnswer = async ({ result, text, materials, grantedDocumentIds, officialIin, responderName }: PetitionAnswerInput) => {
    await condition(() => received); // an answer that comes during the intake waits for its materials
    state.materials = await attachSubmissionMaterials({ submissionId: petitionId, ownerIin: officialIin, files: materials, kind: 'answer' });
    const at = new Date().toISOString();
    const late = deadlines.get(PETITION_DECISION_KEY)?.state === 'breached';
    const granted = input.accessRequest && (result === 'GRANTED' || result === 'PARTLY_GRANTED') && grantedDocumentIds?.length ? grantedDocumentIds : undefined;
    state.answer = { result, text, responderName, by: officialIin, at, late, grantedDocumentIds: granted };
    state.resultLabel = PETITION_RESULT_LABELS[result];
    moveTo('ANSWERED');
    note('petition.answered', 'CPC art. 99', officialIin, `${result}${late ? ' (late)' : ''}`);
    await recordSubmissionState({ id: petitionId, status: state.status, result, answerText: text, responderName, answeredAt: at, overdue: late });
    if (granted)
      await tellCase((c) =>
        c.signal(materialsAccessGranted, { iin: input.petitioner.iin, documentIds: granted, grantedBy: workflowInfo().workflowId, by: officialIin }),
      );
    await tellCase((c) =>
      c.signal(submissionRecorded, { action: 'petition.answered', by: officialIin, source: 'CPC art. 99', note: `${workflowInfo().workflowId}: ${result}` }),
    );
    await tell(input.petitioner.iin, 'answered', PETITION_NOTICES.answered(erdrNumber, result));
  };

  let received = false;
  // The official answers through an update; the validator refuses a second answer before anything happens.
  let answering = false;
  setHandler(
    answerPetition,
    async (answer) => {
      answering = true;
      try {
        await recordAnswer(answer);
        return snapshot();
      } finally {
        answering = false;
      }
    },
    {
      validator: (answer) => {
        if (state.answer || answering) throw ApplicationFailure.nonRetryable('the petition is already answered', 'ALREADY_ANSWERED');
        if (!PETITION_RESULTS.includes(answer.result)) throw ApplicationFailure.nonRetryable('unknown result', 'UNKNOWN_RESULT');
        if (!answer.text?.trim()) throw ApplicationFailure.nonRetryable('the answer needs its text (000 §4.6)', 'ANSWER_TEXT_REQUIRED');
        // 001 ¶7: decided on its translation, once approved.
        if (state.translation && ['IN_WORK', 'SENT_FOR_REVIEW'].includes(state.translation.status))
          throw ApplicationFailure.nonRetryable(TRANSLATION_REFUSALS.TRANSLATION_PENDING.en, 'TRANSLATION_PENDING');
      },
    },
  );

  // ── The petition's course ──────────────────────────────────────────────────────────────────
  // 000 §4.5 [M:364]: the signed attachments kept, DOCX → PDF.
  state.materials = await attachSubmissionMaterials({ submissionId: petitionId, ownerIin: input.petitioner.iin, files: input.attachments, kind: 'attachment' });
  // 001 ¶3.10: the case records the petition; 000 §4.5 [M:392]: routed to whoever conducts it.
  await tellCase((c) =>
    c.signal(submissionRecorded, { action: 'petition.filed', by: input.petitioner.iin, source: '000 §4.5', note: workflowInfo().workflowId }),
  );
  note('petition.routed', '000 §4.5', 'system', input.bodyCode);
  received = true;
  await tell(input.petitioner.iin, 'accepted', PETITION_NOTICES.accepted(erdrNumber));
  await tell(input.officialIin, 'received', PETITION_NOTICES.received(erdrNumber));
  // 001 ¶7: written in another language than the proceedings' — translated first, as a child task.
  // The decision clock stays as CPC art. 99 part 2 sets it, 3 days from the filing (see startTranslationDetour).
  if (input.translation && patched('submission-translation-detour')) {
    state.translation = await startTranslationDetour({
      kind: 'petition',
      id: petitionId,
      erdrNumber,
      bodyCode: input.bodyCode,
      submittedAt: input.submittedAt,
      language: input.language,
      detour: input.translation,
      note,
      tell,
    });
  }

  // CPC art. 99: decided within 3 days of receipt; reminded, escalated on breach, late recorded.
  await deadlines.track(PETITION_DECISION_KEY, 'petition.decision', () => state.status === 'ANSWERED', Date.parse(input.submittedAt));
  await condition(allHandlersFinished);
  return snapshot();
}

function initialState(input: PetitionInput): PetitionState {
  const event: PetitionEvent = { at: input.submittedAt, what: 'petition.filed', by: input.petitioner.iin, source: '000 §4.5' };
  return {
    petitionId: input.petitionId,
    erdrNumber: input.erdrNumber,
    status: 'UNDER_CONSIDERATION',
    statusLabel: PETITION_STATUS_LABELS.UNDER_CONSIDERATION,
    resultLabel: PETITION_RESULT_LABELS.NOT_CONSIDERED,
    submittedAt: input.submittedAt,
    bodyCode: input.bodyCode,
    officialIin: input.officialIin,
    accessRequest: input.accessRequest,
    language: input.language,
    materials: [],
    history: [event],
    deadlines: [],
  };
}
