// The prosecutor's legality check of a body's queries (002 P8, domain/legality-check.ts). Opened on
// the prosecutor's resolution (p.55): its signature is checked again with revocation, then the
// request goes to the operator (p.54) and the answer is made at once from the audit log; the
// operator signs it off within `legalityCheck.answer` (reminder, then operator and prosecutor told;
// a late sign-off is still taken and recorded as late). The prosecutor records the outcome: no
// violations, or violations found — each an incident and a blocking proposal — and the question
// of liability raised (p.56). Every step is journalled in the audit log.
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { LegalityActivities } from '../activities/legality-check';
import type { ConfirmAnswerRequest, LegalityCheckInput, LegalityCheckState, LegalityCheckStatus, OutcomeRequest } from '../domain/legality-check';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { DeadlineBook } from './deadlines';

export const confirmLegalityAnswer = defineUpdate<LegalityCheckState, [ConfirmAnswerRequest & { operatorIin: string }]>('confirmLegalityAnswer');
export const recordLegalityOutcome = defineUpdate<LegalityCheckState, [OutcomeRequest & { prosecutorIin: string }]>('recordLegalityOutcome');
export const getLegalityCheck = defineQuery<LegalityCheckState>('getLegalityCheck');

const { verifyLegalityResolution, journalLegalityCheck, recordLegalityViolation } = proxyActivities<LegalityActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Reading a long period and proving every entry takes a while; it heartbeats, and waits (retrying)
// until a signed checkpoint covers the last entry — the API signs one every few seconds.
const { prepareLegalityAnswer } = proxyActivities<LegalityActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 1.5, maximumInterval: '30 seconds' },
});

const rejected = (message: string, code: string) => ApplicationFailure.nonRetryable(message, code);

export async function legalityCheckWorkflow(input: LegalityCheckInput): Promise<LegalityCheckState> {
  const deadlines = new DeadlineBook({ subject: `legality check ${input.checkId}`, body: input.bodyCode, record: true });
  const state: LegalityCheckState = { ...input, status: 'AWAITING_ANSWER', deadlines: [] };
  const snapshot = (): LegalityCheckState => ({ ...state, deadlines: deadlines.list() });
  const setStatus = (status: LegalityCheckStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
  };
  upsertSearchAttributes([
    { key: Body, value: input.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);
  setHandler(getLegalityCheck, snapshot);
  const journal = (step: string, actor: string, action: string, detail: Record<string, unknown> = {}) =>
    journalLegalityCheck({ checkId: input.checkId, step, actor, action, detail });

  // p.55: the resolution is the basis; a signature that no longer holds ends the check here.
  const resolution = await verifyLegalityResolution({ prosecutorIin: input.prosecutorIin, fileId: input.resolution.fileId, sha256: input.resolution.sha256 });
  if (!resolution.valid) {
    state.refusal = resolution.reasons;
    setStatus('RESOLUTION_REFUSED');
    await journal('refused', 'system', 'legality-check.resolution-refused', { reasons: resolution.reasons });
    return snapshot();
  }
  const scope = { bodyCode: input.bodyCode, period: input.period, resolution: input.resolution };
  await journal('opened', input.prosecutorIin, 'legality-check.opened', { ...scope, source: '002 p.55' });
  await journal('requested', input.prosecutorIin, 'legality-check.requested', { bodyCode: input.bodyCode, period: input.period.label, source: '002 p.54' });

  setHandler(
    confirmLegalityAnswer,
    async ({ note, operatorIin }) => {
      state.confirmation = { operatorIin, at: new Date().toISOString(), ...(note && { note }) };
      setStatus('ANSWERED');
      const a = state.answer!;
      await journal('answered', operatorIin, 'legality-check.answered', {
        treeSize: a.treeSize,
        rootHash: a.rootHash,
        queries: a.queries.length,
        complete: a.complete,
        jsonSha256: a.jsonSha256,
        pdfSha256: a.pdfSha256,
      });
      return snapshot();
    },
    {
      validator: (_request) => {
        if (state.confirmation) throw rejected('the answer is already given', 'ALREADY_ANSWERED');
        if (!state.answer) throw rejected('the answer is still being compiled from the log', 'ANSWER_NOT_READY');
      },
    },
  );
  // Taken when accepted, before its journal entries are written: a second outcome meanwhile is refused.
  let outcomeTaken = false;
  setHandler(
    recordLegalityOutcome,
    (request) => {
      outcomeTaken = true;
      return recordOutcome(input, state, request, journal, setStatus).then(snapshot);
    },
    {
      validator: (request) => {
        if (outcomeTaken) throw rejected('the outcome is already recorded', 'OUTCOME_RECORDED');
        validateOutcome(state, request);
      },
    },
  );

  // The clock runs from the request; the answer is compiled while it runs.
  const answered = deadlines.track('legalityCheck.answer', 'legalityCheck.answer', () => !!state.confirmation);
  state.answer = await prepareLegalityAnswer(input);
  await answered;

  // The handlers set the status as each step is taken; the check ends with its outcome.
  await condition(() => !!state.outcome);
  await condition(allHandlersFinished);
  return snapshot();
}

type Journal = (step: string, actor: string, action: string, detail?: Record<string, unknown>) => Promise<unknown>;

/** p.56: the outcome with each illegally obtained query, journalled as incident and blocking proposal. */
async function recordOutcome(
  input: LegalityCheckInput,
  s: LegalityCheckState,
  request: OutcomeRequest & { prosecutorIin: string },
  log: Journal,
  setStatus: (status: LegalityCheckStatus) => void,
) {
  const violations =
    request.outcome === 'VIOLATIONS_FOUND'
      ? request.violations.map((v) => {
          const q = s.answer!.queries.find((x) => x.index === v.index)!;
          return { index: v.index, queryId: q.queryId, officialIin: q.officialIin, reason: v.reason };
        })
      : [];
  for (const violation of violations)
    await recordLegalityViolation({ checkId: input.checkId, bodyCode: input.bodyCode, prosecutorIin: request.prosecutorIin, violation });
  const action = request.outcome === 'VIOLATIONS_FOUND' ? 'legality-check.liability-raised' : 'legality-check.no-violations';
  await log('outcome', request.prosecutorIin, action, {
    outcome: request.outcome,
    description: request.description ?? null,
    violations: violations.map((v) => v.index),
    source: '002 p.56',
  });
  s.outcome = { outcome: request.outcome, ...(request.description && { description: request.description }), violations, at: new Date().toISOString() };
  setStatus(request.outcome);
}

function validateOutcome(state: LegalityCheckState, request: OutcomeRequest & { prosecutorIin: string }): void {
  if (!state.confirmation) throw rejected('the operator has not answered yet', 'NOT_ANSWERED');
  if (request.prosecutorIin !== state.prosecutorIin) throw rejected('only the prosecutor who opened the check records its outcome', 'NOT_CHECK_PROSECUTOR');
  if (request.outcome === 'VIOLATIONS_FOUND') {
    for (const v of request.violations) {
      if (!state.answer!.queries.some((q) => q.index === v.index)) throw rejected(`entry ${v.index} is not in the answer`, 'UNKNOWN_ENTRY');
    }
  }
}
