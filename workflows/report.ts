// A crime report (арыз, 000 §3.3–3.4), one workflow per talon: `report-<talon>`.
//
//   accepted (talon at once) ─► signature re-checked with revocation ─► materials stored, DOCX → PDF
//     ─► «тіркеуді күту» (awaiting registration): the body's registry officers are told
//     ─► registered in the KUI book (KUI number)
//     ─► decision: registered in the ERDR (ERDR number; the case begins) · transferred by
//        jurisdiction to another body (the clock keeps running; that body decides) · attached to an
//        existing case · refused with reasons
//
// Deadline: the decision within 24 hours of receipt (domain/deadlines.ts `report.decision`):
// reminder at 18 h, escalation to the prosecutor and the head at 24 h, and a decision after that
// is still taken and recorded as late. The applicant is told of every status change.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  ParentClosePolicy,
  deprecatePatch,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DeadlineRecord } from '../domain/deadlines';
import { findBody } from '../domain/dictionaries';
import { FINAL_REPORT_STATUSES, REPORT_STATUS_LABELS, type ReportDecision, type ReportStatus } from '../domain/report';
import type { SignedReportContent } from '../domain/report';
import { Body, ErdrNumber, KuiNumber, ProcessStatus, Talon } from '../domain/search-attributes';
import type { ReportActivities } from '../activities/report';
import type { MaterialActivities, MaterialView } from '../activities/materials';
import type { NotificationActivities, NoticeContent } from '../activities/notifications';
import type { OfficialsNotice } from '../activities/officials';
import { DeadlineBook } from './deadlines';
import { despiteRefusal } from './notices';
import { caseWorkflow } from './ecase';

export interface ReportInput {
  talon: string;
  submittedAt: string;
  applicant: { iin: string; fullName: string; locale: 'kk' | 'ru' | 'en' };
  /** The signed content, as signed. */
  content: SignedReportContent;
  bodyCode: string;
}

export interface ReportEvent {
  at: string;
  status: ReportStatus;
  by?: string;
  note?: string;
}

export interface ReportState {
  talon: string;
  /** The opening of the fabula, as the status list shows it (000 §3.4). */
  description: string;
  status: ReportStatus;
  statusLabel: { kk: string; ru: string; en: string };
  submittedAt: string;
  bodyId: string;
  bodyCode: string;
  kuiNumber?: string;
  erdrNumber?: string;
  decision?: ReportDecision & { by: string; at: string; late: boolean };
  rejectionReasons?: { code: string; message: string }[];
  materials: MaterialView[];
  history: ReportEvent[];
  deadlines: DeadlineRecord[];
}

export const registerInKui = defineUpdate<ReportState, [{ officialIin: string }]>('registerInKui');
export const decideReport = defineUpdate<ReportState, [ReportDecision & { officialIin: string }]>('decideReport');
export const getReport = defineQuery<ReportState>('getReport');

const DECISION_KEY = 'report.decision';

// Quick database steps: a short timeout lets a retry start soon after a worker dies mid-call.
const reports = proxyActivities<ReportActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Revocation services may be down for a while: keep trying, for up to a day.
const checkOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
} as const;
const materialsOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', maximumAttempts: 20 },
} as const;
const noticeOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
} as const;
type NoticeActivities = NotificationActivities & { notifyOfficials(n: OfficialsNotice): Promise<void> };
const { notifyPerson, notifyOfficials } = proxyActivities<NoticeActivities>(noticeOptions);

// The intake (applicant told, signature re-checked, materials stored, officers told) as local
// activities: they run inside the workflow's own task on the worker that holds it, so the whole
// intake is one workflow task and a few markers in the history instead of four activity tasks
// dispatched through the server and five workflow tasks. Same timeouts and retries as above; a
// retry that waits longer than a minute becomes a durable timer. Materials conversion has no
// heartbeat here: a worker that dies mid-conversion is noticed by the workflow task's timeout.
const localChecks = proxyLocalActivities<ReportActivities>(checkOptions);
const localMaterials = proxyLocalActivities<MaterialActivities>(materialsOptions);
const localNotices = proxyLocalActivities<NoticeActivities>(noticeOptions);
const intake = {
  verifyStoredReport: localChecks.verifyStoredReport,
  attachReportMaterials: localMaterials.attachReportMaterials,
  notifyPerson: localNotices.notifyPerson,
  notifyOfficials: localNotices.notifyOfficials,
};

export async function reportWorkflow(input: ReportInput): Promise<ReportState> {
  const { talon, content } = input;
  // Deadline records for the statistics (domain/deadline-statistics.ts); reports started before do not write them.
  const deadlines = new DeadlineBook({ subject: `report ${talon}`, body: input.bodyCode, record: patched('deadline-records') });
  const state: ReportState = {
    talon,
    description: describe(content.fabula),
    status: 'AWAITING_REGISTRATION',
    statusLabel: REPORT_STATUS_LABELS.AWAITING_REGISTRATION,
    submittedAt: input.submittedAt,
    bodyId: content.bodyId,
    bodyCode: input.bodyCode,
    materials: [],
    history: [{ at: input.submittedAt, status: 'AWAITING_REGISTRATION' }],
    deadlines: [],
  };
  const snapshot = (): ReportState => ({ ...state, deadlines: deadlines.list() });
  setHandler(getReport, snapshot);
  upsertSearchAttributes([
    { key: Talon, value: talon },
    { key: Body, value: input.bodyCode },
    { key: ProcessStatus, value: state.status },
  ]);

  /** Moves to a status: search attribute, the report's row, the history, and the applicant told. */
  const moveTo = async (status: ReportStatus, event: Omit<ReportEvent, 'at' | 'status'> = {}) => {
    const at = new Date().toISOString();
    state.status = status;
    state.statusLabel = REPORT_STATUS_LABELS[status];
    state.history.push({ at, status, ...event });
    upsertSearchAttributes([
      { key: ProcessStatus, value: status },
      { key: Body, value: state.bodyCode },
      ...(state.kuiNumber ? [{ key: KuiNumber, value: state.kuiNumber }] : []),
      ...(state.erdrNumber ? [{ key: ErdrNumber, value: state.erdrNumber }] : []),
    ]);
    await reports.recordReportState({
      talon,
      status,
      bodyId: state.bodyId,
      bodyCode: state.bodyCode,
      kuiNumber: state.kuiNumber,
      erdrNumber: state.erdrNumber,
    });
    await tellApplicant(
      `status-${state.history.length}`,
      status === 'REJECTED'
        ? { kind: 'report.rejected', data: { talon, reasons: (state.rejectionReasons ?? []).map((r) => r.message) } }
        : {
            kind: 'report.status',
            data: {
              talon,
              status,
              kuiNumber: state.kuiNumber,
              erdrNumber: state.erdrNumber,
              reason: event.note,
              toBodyId: status === 'TRANSFERRED' ? state.bodyId : undefined,
            },
          },
    );
  };

  const tellApplicant = (step: string, notice: NoticeContent, send = notifyPerson) =>
    despiteRefusal(
      send({
        iin: input.applicant.iin,
        dedupeKey: `report-${talon}/${step}`,
        subject: talon,
        contact: { email: content.applicant.email, phone: content.applicant.phone, locale: input.applicant.locale },
        ...notice,
      }),
      (why) => log.warn('the applicant was told only in the cabinet', { talon, step, why }),
    );

  const tellOfficials = (step: string, roles: OfficialsNotice['roles'], kind: OfficialsNotice['kind'], send = notifyOfficials) =>
    send({ bodyCode: state.bodyCode, roles, dedupeKey: `report-${talon}/${step}`, subject: talon, kind });

  // Officials may act as soon as the report exists; an action that arrives while the report is
  // still being accepted (signature re-check, materials) waits for that to finish.
  let accepted: boolean | undefined;
  const untilAccepted = async () => {
    await condition(() => accepted !== undefined);
    if (!accepted) throw ApplicationFailure.nonRetryable('the report was rejected', 'REPORT_REJECTED');
  };

  // Officials act through updates; validators refuse what the rules forbid, before anything happens.
  // A registration accepted while another is still under way (a client's retry racing its original
  // after a lost answer, two officers at once) would find no number yet and register the report a
  // second time in its history: it is refused while `registering`. Validators do not run on replay.
  let registering = false;
  setHandler(
    registerInKui,
    async ({ officialIin }) => {
      registering = true;
      try {
        await untilAccepted();
        state.kuiNumber = await reports.allocateRegisterNumber({ kind: 'KUI', bodyCode: state.bodyCode, idempotencyKey: `${workflowInfo().workflowId}/kui` });
        await moveTo('REGISTERED_KUI', { by: officialIin });
        return snapshot();
      } finally {
        registering = false;
      }
    },
    {
      validator: (_request) => {
        if (state.kuiNumber || state.status !== 'AWAITING_REGISTRATION' || accepted === false) {
          throw ApplicationFailure.nonRetryable('the report is already registered in the KUI book', 'ALREADY_REGISTERED');
        }
        if (registering) throw ApplicationFailure.nonRetryable('the report is being registered in the KUI book', 'REGISTRATION_IN_PROGRESS');
      },
    },
  );

  let deciding = false;
  setHandler(
    decideReport,
    async ({ officialIin, ...decision }) => {
      deciding = true;
      try {
        await untilAccepted();
        const late = deadlines.get(DECISION_KEY)?.state === 'breached';
        switch (decision.kind) {
          case 'REGISTER_ERDR':
            state.erdrNumber = await reports.allocateRegisterNumber({
              kind: 'ERDR',
              bodyCode: state.bodyCode,
              idempotencyKey: `${workflowInfo().workflowId}/erdr`,
            });
            await reports.registerCase({ talon, erdrNumber: state.erdrNumber, bodyCode: state.bodyCode, officialIin });
            state.decision = { ...decision, by: officialIin, at: new Date().toISOString(), late };
            await moveTo('REGISTERED_ERDR', { by: officialIin });
            // The case begins (001 ¶11): its own workflow, which outlives this report's.
            deprecatePatch('start-ecase-on-erdr');
            await startChild(caseWorkflow, {
              workflowId: `case-${state.erdrNumber}`,
              parentClosePolicy: ParentClosePolicy.ABANDON,
              args: [
                {
                  erdrNumber: state.erdrNumber,
                  talon,
                  bodyCode: state.bodyCode,
                  registeredAt: state.decision.at,
                  officialIin,
                  kuiNumber: state.kuiNumber,
                  kuiRegisteredAt: state.history.find((h) => h.status === 'REGISTERED_KUI')?.at,
                  fabula: content.fabula,
                },
              ],
            });
            break;
          case 'TRANSFER': {
            // By jurisdiction: the report goes to the other body's queue; the 24-hour clock keeps running.
            const target = findBody(decision.toBodyId)!;
            state.bodyId = target.id;
            state.bodyCode = target.code;
            await moveTo('TRANSFERRED', { by: officialIin, note: decision.reason });
            await tellOfficials(`transferred-${state.history.length}`, ['registry_officer', 'investigator', 'head'], 'report.transferred_in');
            break;
          }
          case 'ATTACH_TO_CASE':
            state.erdrNumber = decision.erdrNumber;
            state.decision = { ...decision, by: officialIin, at: new Date().toISOString(), late };
            await moveTo('ATTACHED_TO_CASE', { by: officialIin, note: decision.reason });
            break;
          case 'REFUSE':
            state.decision = { ...decision, by: officialIin, at: new Date().toISOString(), late };
            await moveTo('REFUSED', { by: officialIin, note: decision.reason });
            break;
        }
        return snapshot();
      } finally {
        deciding = false;
      }
    },
    {
      validator: (decision) => {
        if (FINAL_REPORT_STATUSES.includes(state.status)) throw ApplicationFailure.nonRetryable('the report is already decided', 'ALREADY_DECIDED');
        if (deciding) throw ApplicationFailure.nonRetryable('another decision is being recorded', 'DECISION_IN_PROGRESS');
        if (!state.kuiNumber) throw ApplicationFailure.nonRetryable('register the report in the KUI book first', 'NOT_REGISTERED_IN_KUI');
        if (decision.kind === 'TRANSFER') {
          const target = findBody(decision.toBodyId);
          if (!target) throw ApplicationFailure.nonRetryable('unknown receiving body', 'UNKNOWN_BODY');
          if (target.code === state.bodyCode) throw ApplicationFailure.nonRetryable('the report is already with this body', 'SAME_BODY');
        }
      },
    },
  );

  // The intake runs as local activities, and the applicant is told while the signature is checked
  // (the API has written the report's row). Both were patches; every report started before them
  // has been decided, so the old paths are gone (README, "Retiring a patch").
  deprecatePatch('report-intake-local-activities');
  deprecatePatch('report-accepted-while-checked');
  const applicantTold = tellApplicant('accepted', { kind: 'report.accepted', data: { talon, bodyId: content.bodyId } }, intake.notifyPerson);

  // The API verified the signature before accepting; here it is checked again with revocation
  // done to the end (the citizen already holds a talon, so a failure is a visible REJECTED).
  const check = await intake.verifyStoredReport({ talon });
  if (!check.valid) {
    state.rejectionReasons = check.reasons;
    accepted = false;
    await applicantTold;
    await moveTo('REJECTED', { note: check.reasons.map((r) => r.code).join(', ') });
    await condition(allHandlersFinished);
    return snapshot();
  }
  // A report without attachments has nothing to store: the step is skipped (patch
  // report-materials-when-attached; reports started before call it and get an empty list).
  if (content.attachments.length > 0 || !patched('report-materials-when-attached')) {
    state.materials = await intake.attachReportMaterials({ talon, attachments: content.attachments });
  }
  accepted = true;
  await tellOfficials('awaiting-registration', ['registry_officer'], 'report.awaiting_registration', intake.notifyOfficials);
  await applicantTold;

  // Decision within 24 hours of receipt; reminder and escalation along the way, recorded when late.
  await deadlines.track(DECISION_KEY, 'report.decision', () => FINAL_REPORT_STATUSES.includes(state.status), Date.parse(input.submittedAt));
  await condition(allHandlersFinished);
  return snapshot();
}

/** The status list's "description" column: the fabula's first line, shortened. */
export function describe(fabula: string): string {
  const first = fabula.trim().split(/\r?\n/)[0];
  return first.length > 120 ? `${first.slice(0, 117)}…` : first;
}
