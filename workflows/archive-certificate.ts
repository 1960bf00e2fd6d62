// The archive certificate (архивтік анықтама; seed 004, Regulation A), one workflow per request:
// `archive-certificate-<id>`.
//
//   signed request (portal: the recipient, A-p.8.2; State Corporation: the operator, A-p.8.1)
//     ─► the signature checked again with revocation and the IINs (A-p.8.2 condition 3), else refused
//     ─► the provider's steps, each its own deadline (DeadlineBook, recorded for the statistics):
//          accept 30 min + register within 2 h 30 of arrival (A-p.5.1, A-p.7.1–7.2)
//          assign the executor 2 h (A-p.5.2) · search and draft 8 calendar days (A-p.5.3)
//          the head signs 2 h (A-p.5.4) — the result PDF (kk/ru) is made then
//          envelope and hand to the office 2 h (A-p.5.5)
//          dispatch to the State Corporation at least 24 h before the service's term (A-p.5.6)
//     ─► collection marked by the State Corporation (A-p.9); an uncollected result is destroyed
//        after 6 months (A-p.10), the submitted documents after 2 years (A-p.11), both journalled.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { StateServiceActivities } from '../activities/archive-certificate';
import type { NotificationActivities } from '../activities/notifications';
import type { OfficialsNotice } from '../activities/officials';
import {
  addMonths,
  ARCHIVE_DEADLINE_KEYS,
  ARCHIVE_NOTICES,
  ARCHIVE_STATUS_LABELS,
  ARCHIVE_STATUSES,
  ARCHIVE_STEP_FLOW,
  STEP_OUT_OF_ORDER,
  SUBMITTED_DOCUMENTS_RETENTION_MONTHS,
  UNCOLLECTED_RESULT_RETENTION_MONTHS,
  type ArchiveCertificateInput,
  type ArchiveCertificateState,
  type ArchiveStatus,
  type ArchiveStep,
  type ArchiveStepInput,
} from '../domain/archive-certificate';
import { DAY } from '../domain/deadlines';
import type { LocalisedText } from '../domain/notification-templates';
import { Body, ProcessStatus } from '../domain/search-attributes';
import { DeadlineBook } from './deadlines';
import { despiteRefusal } from './notices';

export const archiveStep = defineUpdate<ArchiveCertificateState, [ArchiveStepInput]>('archiveStep');
export const getArchiveCertificate = defineQuery<ArchiveCertificateState>('getArchiveCertificate');

// Quick database steps.
const services = proxyActivities<StateServiceActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Revocation services may be down for a while: keep trying, for up to a day.
const { verifyStateServiceRequest } = proxyActivities<StateServiceActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
// Rendering a PDF with embedded fonts takes a moment.
const { makeArchiveResult } = proxyActivities<StateServiceActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
});
// Notices must not be lost: retried for up to a day.
const { notifyPerson, notifyOfficials } = proxyActivities<NotificationActivities & { notifyOfficials(n: OfficialsNotice): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

const rank = (s: ArchiveStatus) => ARCHIVE_STATUSES.indexOf(s);

export async function archiveCertificateWorkflow(input: ArchiveCertificateInput): Promise<ArchiveCertificateState> {
  const { requestId, request } = input;
  const deadlines = new DeadlineBook({ subject: `archive certificate ${requestId}`, body: request.bodyCode, record: true });
  const state: ArchiveCertificateState = {
    requestId,
    channel: input.channel,
    status: 'RECEIVED',
    statusLabel: ARCHIVE_STATUS_LABELS.RECEIVED,
    bodyCode: request.bodyCode,
    receivedAt: input.receivedAt,
    serviceDueAt: input.serviceDueAt,
    history: [{ at: input.receivedAt, what: 'archive.received', by: input.submittedByIin, source: input.channel === 'PORTAL' ? '004 A-p.8.2' : '004 A-p.8.1' }],
    deadlines: [],
  };
  const snapshot = (): ArchiveCertificateState => ({ ...state, deadlines: deadlines.list() });
  setHandler(getArchiveCertificate, snapshot);
  upsertSearchAttributes([
    { key: Body, value: request.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);
  const note = (what: string, source: string, by?: string, text?: string) => state.history.push({ at: new Date().toISOString(), what, source, by, note: text });
  const tell = (step: string, notice: { title: LocalisedText; text: LocalisedText }) =>
    despiteRefusal(
      notifyPerson({ iin: request.recipientIin, dedupeKey: `${workflowInfo().workflowId}/${step}`, subject: requestId, kind: 'message', data: notice }),
      (why) => note('notice.refused', '001 ¶24', 'system', `${step}: ${why}`),
    );
  const moveTo = async (status: ArchiveStatus, extra: { resultSha256?: string | null; completedAt?: string } = {}) => {
    state.status = status;
    state.statusLabel = ARCHIVE_STATUS_LABELS[status];
    upsertSearchAttributes([{ key: ProcessStatus, value: status }]);
    await services.recordStateServiceState({ requestId, status, ...extra });
  };
  const reached = (s: ArchiveStatus) => state.status !== 'REJECTED' && rank(state.status) >= rank(s);
  /** When each step was taken (ms): the next step's clock starts there. */
  const stepAt: Partial<Record<ArchiveStep, number>> = {};

  // ── The provider's steps, taken by people through one update ────────────────────────────────
  let intakeDone = false;
  let busy = false;
  setHandler(
    archiveStep,
    async (s) => {
      busy = true;
      try {
        const at = new Date().toISOString();
        const flow = ARCHIVE_STEP_FLOW[s.step];
        switch (s.step) {
          case 'register':
            state.registrationNumber = s.registrationNumber;
            break;
          case 'assign':
            state.executorIin = s.executorIin;
            break;
          case 'draft':
            state.draft = { outcome: s.outcome, findings: s.findings, otherArchives: s.otherArchives, pages: s.pages };
            break;
          case 'sign': {
            // A-p.5.4: the head's signature makes the result; the paper carries it, the PDF is its copy.
            const made = await makeArchiveResult({
              requestId,
              registrationNumber: state.registrationNumber!,
              draft: state.draft!,
              signatory: { name: s.byName },
              issuedAt: at,
            });
            state.signedBy = { iin: s.byIin, name: s.byName, at };
            state.result = { sha256: made.sha256, outcome: state.draft!.outcome, at };
            break;
          }
          case 'dispatch':
            state.dispatch = { method: s.method, dispatchNumber: s.dispatchNumber, at };
            break;
          case 'collect':
            state.collectedAt = at;
            break;
          default:
            break;
        }
        stepAt[s.step] = Date.parse(at);
        note(`archive.${s.step}`, STEP_SOURCES[s.step], s.byIin);
        await moveTo(flow.to, s.step === 'collect' ? { completedAt: at } : {});
        if (s.step === 'dispatch') await tell('dispatched', ARCHIVE_NOTICES.dispatched(request.collectionBranch));
        return snapshot();
      } finally {
        busy = false;
      }
    },
    {
      validator: (s: ArchiveStepInput) => {
        const flow = ARCHIVE_STEP_FLOW[s.step] as (typeof ARCHIVE_STEP_FLOW)[ArchiveStep] | undefined;
        if (!flow) throw ApplicationFailure.nonRetryable(`unknown step ${String(s.step)}`, 'UNKNOWN_STEP');
        if (!intakeDone || busy || state.status !== flow.from) {
          throw ApplicationFailure.nonRetryable(STEP_OUT_OF_ORDER(s.step, state.status).en, 'STEP_OUT_OF_ORDER');
        }
        // A-p.5.3, A-p.5.5: the draft and the envelope are the assigned executor's.
        if ((s.step === 'draft' || s.step === 'envelope') && s.byIin !== state.executorIin) {
          throw ApplicationFailure.nonRetryable('only the assigned executor takes this step (004 A-p.5.3)', 'NOT_THE_EXECUTOR');
        }
      },
    },
  );

  // ── Intake: condition 3 of A-p.8.2, the same check once more after the order was sent ─────
  const check = await verifyStateServiceRequest({ requestId });
  const received = Date.parse(input.receivedAt);
  if (!check.valid) {
    state.rejection = { reasons: check.reasons };
    note('archive.rejected', '004 A-p.8.2', 'system', check.reasons.map((r) => r.code).join(', '));
    await moveTo('REJECTED', { completedAt: new Date().toISOString() });
    await tell('rejected', ARCHIVE_NOTICES.rejected());
    await keepSubmittedDocuments(received);
    return snapshot();
  }
  intakeDone = true;
  await tell('accepted', ARCHIVE_NOTICES.accepted(requestId, input.serviceDueAt.slice(0, 10)));
  await notifyOfficials({
    bodyCode: request.bodyCode,
    roles: ['registry_officer'],
    dedupeKey: `${workflowInfo().workflowId}/received`,
    subject: requestId,
    kind: 'archive.received',
  });

  // A-p.5.6: the dispatch is bounded by the service's term from the start, whatever the steps take.
  const dispatched = deadlines.track(
    ARCHIVE_DEADLINE_KEYS.dispatch,
    'archive.dispatch',
    () => reached('DISPATCHED'),
    received,
    Date.parse(input.serviceDueAt) - DAY,
  );
  // A-p.5.1: both clocks start when the package arrives: accepted in 30 minutes, registered in 2 h 30.
  await Promise.all([
    deadlines.track(ARCHIVE_DEADLINE_KEYS.accept, 'archive.accept', () => reached('ACCEPTED'), received),
    deadlines.track(ARCHIVE_DEADLINE_KEYS.register, 'archive.register', () => reached('REGISTERED'), received),
  ]);
  // Each later step's clock starts when the step before it was taken.
  await deadlines.track(ARCHIVE_DEADLINE_KEYS.assign, 'archive.assign', () => reached('ASSIGNED'), stepAt.register);
  await deadlines.track(ARCHIVE_DEADLINE_KEYS.draft, 'archive.draft', () => reached('DRAFTED'), stepAt.assign);
  await deadlines.track(ARCHIVE_DEADLINE_KEYS.sign, 'archive.sign', () => reached('SIGNED'), stepAt.draft);
  await deadlines.track(ARCHIVE_DEADLINE_KEYS.envelope, 'archive.envelope', () => reached('ENVELOPED'), stepAt.sign);
  await dispatched;

  // ── Retention: A-p.10 (uncollected result, 6 months from dispatch) and A-p.11 (2 years) ────
  await Promise.all([
    (async () => {
      const until = addMonths(stepAt.dispatch!, UNCOLLECTED_RESULT_RETENTION_MONTHS);
      if (await condition(() => reached('COLLECTED'), Math.max(0, until - Date.now()))) return;
      await services.destroyUncollectedResult({ requestId });
      state.resultDestroyedAt = new Date().toISOString();
      state.result = undefined;
      note('archive.result-destroyed', '004 A-p.10', 'system');
      await moveTo('RESULT_DESTROYED', { resultSha256: null });
    })(),
    keepSubmittedDocuments(received),
  ]);
  await condition(allHandlersFinished);
  return snapshot();

  /** A-p.11: the submitted documents are kept 2 years from receipt, then destroyed. */
  async function keepSubmittedDocuments(from: number): Promise<void> {
    const until = addMonths(from, SUBMITTED_DOCUMENTS_RETENTION_MONTHS);
    await sleep(Math.max(0, until - Date.now()));
    await services.destroySubmittedDocuments({ requestId });
    state.documentsDestroyedAt = new Date().toISOString();
    note('archive.documents-destroyed', '004 A-p.11', 'system');
  }
}

const STEP_SOURCES: Record<ArchiveStep, string> = {
  accept: '004 A-p.7.1',
  register: '004 A-p.5.1',
  assign: '004 A-p.5.2',
  draft: '004 A-p.5.3',
  sign: '004 A-p.5.4',
  envelope: '004 A-p.5.5',
  dispatch: '004 A-p.5.6',
  collect: '004 A-p.9',
};
