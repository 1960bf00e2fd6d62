// A translation task («аударма тапсырмасы»; 000 §4.7–4.8, §5; 001 ¶7), one workflow per task:
// `translation-<id>`.
//
//   an official of the case sends a case document (or, 001 ¶7, a petition or complaint written in
//   another language than the proceedings') to a translator who is a confirmed participant, with
//   a due date ─► the task is in the translator's inbox, «Жұмыста»; the translator is told
//   ─► the translator sends the translation: comment, language, signed files (DOCX → PDF), the
//      whole signed (000 §4.7) ─► sent for checking; the official is told
//   ─► the official approves it, «Келісілді» (000 §4.8): the files join the case's documents
//      (001 ¶7) ─ or returns it with the reason: back to «Жұмыста», a new round, every round kept
//   Each round is due by the date the official set (`translation.submission`, 000 §5): the
//   translator and the official are reminded a day before, the head told when it passes, a later
//   translation recorded as late.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TranslationActivities } from '../activities/translation';
import { DEADLINE_RULES, dueAt as ruleDueAt } from '../domain/deadlines';
import type { LocalisedText } from '../domain/notification-templates';
import { Body, ErdrNumber, ProcessStatus } from '../domain/search-attributes';
import {
  dueDateProblem,
  SUBMISSION_SOURCE_TITLE,
  TRANSLATION_NOTICES,
  TRANSLATION_REFUSALS,
  TRANSLATION_STATUS_LABELS,
  translationDeadlineKey,
  translationWorkflowId,
  type DetourStatus,
  type TranslationDetour,
  type TranslationInput,
  type TranslationReviewInput,
  type TranslationState,
  type TranslationStatus,
  type TranslationSubmissionInput,
} from '../domain/translation';
import { DeadlineBook } from './deadlines';
import { submissionKit } from './submission';
import { translationApproved } from './ecase';

export const submitTranslation = defineUpdate<TranslationState, [TranslationSubmissionInput]>('submitTranslation');
export const reviewTranslation = defineUpdate<TranslationState, [TranslationReviewInput]>('reviewTranslation');
export const getTranslation = defineQuery<TranslationState>('getTranslation');

// The inbox's row: quick database steps.
const { openTranslationTask, recordTranslationState } = proxyActivities<TranslationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Storing files and converting DOCX may take a while: heartbeats tell a hung conversion.
const { storeTranslationRound } = proxyActivities<TranslationActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', maximumAttempts: 20 },
});

const refuse = (code: keyof typeof TRANSLATION_REFUSALS): never => {
  throw ApplicationFailure.nonRetryable(TRANSLATION_REFUSALS[code].en, code, { code, message: TRANSLATION_REFUSALS[code] });
};

export async function translationWorkflow(input: TranslationInput): Promise<TranslationState> {
  const { taskId, erdrNumber, translatorIin, senderIin } = input;
  const state = initialState(input);
  const { note, tellCase, tell } = submissionKit(erdrNumber, state.history);
  const document = input.source.title;
  // The translator is a participant, not a role of the body: told by the workflow itself. Each
  // round's record goes to the deadline statistics as well.
  const deadlines = new DeadlineBook({
    subject: `translation ${taskId}`,
    body: input.bodyCode,
    record: true,
    alsoTell: async (kind, record) => {
      if (kind === 'reminder') await tell(translatorIin, `reminder-${record.key}`, TRANSLATION_NOTICES.reminder(erdrNumber, document, record.dueAt));
      if (kind === 'breach') await tell(translatorIin, `overdue-${record.key}`, TRANSLATION_NOTICES.overdue(erdrNumber, document));
    },
  });
  const snapshot = (): TranslationState => ({ ...state, deadlines: deadlines.list() });
  setHandler(getTranslation, snapshot);
  upsertSearchAttributes([
    { key: ErdrNumber, value: erdrNumber },
    { key: Body, value: input.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);
  const moveTo = (status: TranslationStatus) => {
    state.status = status;
    state.statusLabel = TRANSLATION_STATUS_LABELS[status];
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
  };
  /** What each round would put into the case: its files as PDFs. */
  const roundDocuments = new Map<number, { title: string; sha256: string }[]>();
  let opened = false;
  let busy = false;

  // 000 §4.7 steps 1–10: the signed translation, sent for checking.
  setHandler(
    submitTranslation,
    async ({ comment, language, files, signedSha256 }) => {
      busy = true;
      try {
        await condition(() => opened); // a translation sent during the intake waits for the row
        const n = state.rounds.length + 1;
        // Lateness is judged when it arrives, not when its files are stored.
        const late = deadlines.get(translationDeadlineKey(n))?.state === 'breached';
        const submittedAt = new Date().toISOString();
        const stored = await storeTranslationRound({ taskId, round: n, translatorIin, files });
        roundDocuments.set(n, stored.caseDocuments);
        state.rounds.push({ n, submittedAt, comment, language, signedSha256, late, materials: stored.materials });
        moveTo('SENT_FOR_REVIEW');
        note('translation.submitted', '000 §4.7', translatorIin, `round ${n}, ${language}${late ? ' (late)' : ''}`);
        await recordTranslationState({ taskId, status: state.status, rounds: n, language, submittedAt, returnReason: null, overdue: late });
        await tell(senderIin, `submitted-${n}`, TRANSLATION_NOTICES.submitted(erdrNumber, document));
        return snapshot();
      } finally {
        busy = false;
      }
    },
    {
      validator: (s) => {
        if (busy || state.status !== 'IN_WORK') refuse('NOT_IN_WORK');
        if (s.translatorIin !== translatorIin) refuse('NOT_THE_TRANSLATOR');
        if (!s.files?.length || !s.comment?.trim()) throw ApplicationFailure.nonRetryable('a comment and at least one file (000 §4.7)', 'INVALID_SUBMISSION');
      },
    },
  );

  // 000 §5 step 4: approved («Келісілді», into the case), or returned with the reason (back to «Жұмыста»).
  setHandler(
    reviewTranslation,
    async ({ decision, reason, dueAt, officialIin }) => {
      busy = true;
      try {
        const round = state.rounds.at(-1)!;
        const at = new Date().toISOString();
        round.review = { decision, reason, by: officialIin, at };
        if (decision === 'APPROVE') {
          state.approvedAt = at;
          state.caseDocuments = roundDocuments.get(round.n) ?? [];
          moveTo('AGREED');
          note('translation.approved', '000 §4.8', officialIin, `round ${round.n}`);
          await recordTranslationState({ taskId, status: state.status, approvedAt: at });
          // 001 ¶7: the translation is entered into the case as an electronic document.
          await tellCase((c) =>
            c.signal(translationApproved, {
              taskWorkflowId: workflowInfo().workflowId,
              documents: state.caseDocuments!,
              language: round.language,
              by: officialIin,
            }),
          );
          await tell(translatorIin, 'approved', TRANSLATION_NOTICES.approved(erdrNumber, document));
        } else {
          // A new round: by the date the official gives, else the old one while more than a day ahead, else the rule's term.
          const keep = Date.parse(state.dueAt) > Date.now() + DEADLINE_RULES['translation.submission'].remindAtMs;
          state.dueAt = dueAt ?? (keep ? state.dueAt : new Date(Date.now() + DEADLINE_RULES['translation.submission'].limitMs).toISOString());
          moveTo('IN_WORK');
          note('translation.returned', '000 §5', officialIin, `round ${round.n}: ${reason}`);
          await recordTranslationState({ taskId, status: state.status, dueAt: state.dueAt, returnReason: reason });
          await tell(translatorIin, `returned-${round.n}`, TRANSLATION_NOTICES.returned(erdrNumber, document, reason ?? '', state.dueAt));
        }
        return snapshot();
      } finally {
        busy = false;
      }
    },
    {
      validator: (r) => {
        if (busy || state.status !== 'SENT_FOR_REVIEW') refuse('NOTHING_TO_REVIEW');
        if (r.decision !== 'APPROVE' && r.decision !== 'RETURN') throw ApplicationFailure.nonRetryable('APPROVE or RETURN', 'UNKNOWN_DECISION');
        if (r.decision === 'RETURN' && !r.reason?.trim()) throw ApplicationFailure.nonRetryable('a return states its reason (000 §5)', 'REASON_REQUIRED');
        const problem = r.dueAt === undefined ? undefined : dueDateProblem(r.dueAt, Date.now());
        if (problem) throw ApplicationFailure.nonRetryable(`dueAt: ${problem}`, 'INVALID_DUE_DATE');
      },
    },
  );

  // ── The task's course ────────────────────────────────────────────────────────────────────────
  // The row of the inbox (the API wrote it already for a task it started; a child task writes its own).
  await openTranslationTask({ task: input, idempotencyKey: input.parentWorkflowId ? `${input.parentWorkflowId}/translation` : `translation:${taskId}` });
  opened = true;
  await tell(translatorIin, 'assigned', TRANSLATION_NOTICES.assigned(erdrNumber, document, state.dueAt));

  // Round after round until approved; each round due by its date (000 §5), met by its sending.
  for (let n = 1; ; n++) {
    const startedAt = n === 1 ? Date.parse(input.sentAt) : Date.now();
    await deadlines.track(translationDeadlineKey(n), 'translation.submission', () => state.rounds.length >= n, startedAt, Date.parse(state.dueAt));
    await condition(() => !!state.rounds[n - 1]?.review);
    if (state.rounds[n - 1].review!.decision === 'APPROVE') break;
  }
  await condition(allHandlersFinished);
  return snapshot();
}

function initialState(input: TranslationInput): TranslationState {
  return {
    taskId: input.taskId,
    erdrNumber: input.erdrNumber,
    bodyCode: input.bodyCode,
    senderIin: input.senderIin,
    translatorIin: input.translatorIin,
    source: input.source,
    targetLanguage: input.targetLanguage,
    status: 'IN_WORK',
    statusLabel: TRANSLATION_STATUS_LABELS.IN_WORK,
    sentAt: input.sentAt,
    dueAt: input.dueAt,
    rounds: [],
    parentWorkflowId: input.parentWorkflowId,
    history: [{ at: input.sentAt, what: 'translation.sent_for_execution', by: input.senderIin, source: '000 §4.7', note: input.comment }],
    deadlines: [],
  };
}

/**
 * 001 ¶7: a petition or complaint written in another language than the proceedings' is translated
 * first, by a translator of the case, as a child task (`translation-<its id>`) reviewed by the
 * official it is addressed to. Due 2 days from the filing (`translation.submission`), inside the
 * 3 days the CPC gives for deciding it: art. 99 part 2 (petitions) and art. 105 (complaints) count
 * them from the filing, and nothing in the Code stops them for translation (art. 30 makes
 * translating the body's duty), so the submission's own clock runs on unchanged. The returned
 * status is kept current as the child goes on; `note` writes the steps into the submission's history.
 */
export async function startTranslationDetour(args: {
  kind: 'petition' | 'complaint';
  id: string;
  erdrNumber: string;
  bodyCode: string;
  submittedAt: string;
  language: string;
  detour: TranslationDetour;
  note: (what: string, source?: string, by?: string, text?: string) => void;
  tell: (iin: string, step: string, notice: { title: LocalisedText; text: LocalisedText }) => Promise<unknown>;
}): Promise<DetourStatus | undefined> {
  const { kind, id, detour, note } = args;
  const lang = detour.proceedingsLanguage;
  if (!detour.translatorIin) {
    // No confirmed translator in the case yet: the official is told to arrange one; the submission is not held up.
    note('translation.translator_missing', '001 ¶7', 'system', `${args.language} → ${lang}`);
    await args.tell(detour.reviewerIin, 'translator-missing', TRANSLATION_NOTICES.translatorMissing(args.erdrNumber, args.language, lang));
    return undefined;
  }
  const workflowId = translationWorkflowId(id);
  const due = new Date(ruleDueAt('translation.submission', Date.parse(args.submittedAt))).toISOString();
  const status: DetourStatus = { taskId: id, workflowId, language: lang, status: 'IN_WORK', dueAt: due };
  const child = await startChild(translationWorkflow, {
    workflowId,
    args: [
      {
        taskId: id,
        erdrNumber: args.erdrNumber,
        bodyCode: args.bodyCode,
        senderIin: detour.reviewerIin,
        translatorIin: detour.translatorIin,
        source: { kind, submissionId: id, title: `${SUBMISSION_SOURCE_TITLE[kind][lang]} (${args.language} → ${lang})` },
        targetLanguage: lang,
        sentAt: new Date().toISOString(),
        dueAt: due,
        parentWorkflowId: workflowInfo().workflowId,
      },
    ],
  });
  note('translation.started', '001 ¶7', 'system', `${workflowId}: ${args.language} → ${lang}, due ${due}`);
  void child.result().then(
    (t) => {
      const last = t.rounds.at(-1);
      Object.assign(status, { status: 'AGREED', approvedAt: t.approvedAt, rounds: t.rounds.length, late: t.rounds.some((r) => r.late) });
      note('translation.approved', '001 ¶7', last?.review?.by, `${workflowId}: round ${t.rounds.length}${status.late ? ' (late)' : ''}`);
    },
    (err: Error) => {
      status.status = 'FAILED';
      note('translation.failed', '001 ¶7', 'system', `${workflowId}: ${err.message}`);
    },
  );
  return status;
}
