// The crime reports' records (арыз, 000 §3.3–3.4) below the API: the statement that takes the
// talon and writes the report with the journal row of its signature check, the lookups of the
// status list and the officials' queue, and the hand-off of an accepted report to its workflow
// (platform/report-starter.ts). The router (api/report.ts) only checks, routes and answers.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Prisma, type PrismaClient } from '../../prisma/generated/client';
import { dueAt } from '../../domain/deadlines';
import { caseWorkflowId } from '../../domain/ecase';
import type { ReportStatus } from '../../domain/report';
import { signatureCheckInsert, type JournallingSignatureService, type SignatureCheckEntry } from '../../eds/service';
import { allocationSql, astanaYear, SequenceExhaustedError } from '../numbers';
import { startFromOutbox } from '../report-starter';
import { queryRows } from './client';

/** A report row as the database holds it. */
export type ReportRow = NonNullable<Awaited<ReturnType<PrismaClient['report']['findUnique']>>>;

export interface NewReport {
  scopedKey: string;
  requestHash: string;
  applicantIin: string;
  signedReport: Uint8Array;
  regionId: string;
  districtId: string;
  bodyId: string;
  bodyCode: string;
  submittedAt: Date;
  requestId: string;
  /** Files the report lists: each must be the applicant's upload with that hash. */
  attachments: { id: string; sha256: string }[];
}

/** What the accepting statement did: the talon and status, or nothing because of the attachments. */
export type WrittenReport = { attachmentsOk: false } | { attachmentsOk: true; accepted: { talon: string; status: ReportStatus } };

/**
 * Allocates the talon (000 §7.8) and writes the report under it, with the journal row of its
 * signature check, in one statement: all or nothing, and the talon sequence is locked only while
 * PostgreSQL runs it. The attachments are checked in the same statement; when one is not the
 * applicant's upload with the signed hash, no talon is taken, only the check is journalled, and
 * `attachmentsOk` is false.
 */
export async function insertReportWithTalon(prisma: PrismaClient, r: NewReport & { signatureCheck: SignatureCheckEntry }): Promise<WrittenReport> {
  const talonRequest = { kind: 'TALON' as const, year: astanaYear(r.submittedAt), idempotencyKey: `talon/${r.scopedKey}` };
  const status: ReportStatus = 'AWAITING_REGISTRATION';
  // The queue's order and time left; the workflow's timer of the same rule is the deadline itself.
  const due = new Date(dueAt('report.decision', r.submittedAt.getTime()));
  const listed = [...new Map(r.attachments.map((a) => [`${a.id}/${a.sha256}`, a])).values()];
  const attachmentsOk = listed.length
    ? Prisma.sql`(SELECT count(*) = ${listed.length} FROM stored_file WHERE owner_iin = ${r.applicantIin} AND (id, sha256) IN (${Prisma.join(listed.map((a) => Prisma.sql`(${a.id}, ${a.sha256})`))}))`
    : Prisma.sql`true`;
  const [row] = await queryRows<{ talon: string | null; attachments_ok: boolean }>(
    prisma,
    Prisma.sql`
    WITH signature_checked AS (${signatureCheckInsert(r.signatureCheck)}),
    attachments AS (SELECT ${attachmentsOk} AS ok),
    ${allocationSql(talonRequest, Prisma.sql`(SELECT ok FROM attachments)`)},
    inserted AS (
      INSERT INTO report (talon, idempotency_key, request_hash, applicant_iin, signed_report, region_id, district_id, body_id, body_code, status, due_at, submitted_at, request_id)
      SELECT number, ${r.scopedKey}, ${r.requestHash}, ${r.applicantIin}, ${r.signedReport}, ${r.regionId}, ${r.districtId}, ${r.bodyId}, ${r.bodyCode}, ${status}, ${due}, ${r.submittedAt}, ${r.requestId}
      FROM allocated
      RETURNING talon)
    SELECT (SELECT talon FROM inserted) AS talon, (SELECT ok FROM attachments) AS attachments_ok`,
  );
  if (!row.attachments_ok) return { attachmentsOk: false };
  if (!row.talon) throw new SequenceExhaustedError(talonRequest);
  return { attachmentsOk: true, accepted: { talon: row.talon, status } };
}

export interface ReportStoreOptions {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  signatures: JournallingSignatureService;
}

/** The report records the router reads and writes, over one database and Temporal client. */
export function reportStore({ prisma, client, taskQueue, signatures }: ReportStoreOptions) {
  /**
   * Runs `act` on the report's workflow; while the report starter has not started it yet (the
   * moment after the 202), `unstarted` answers instead.
   */
  const ifStarted = async <T>(row: Pick<ReportRow, 'workflowStartedAt'>, act: () => Promise<T>, unstarted: () => T | Promise<T>): Promise<T> => {
    try {
      return await act();
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError) || row.workflowStartedAt) throw e;
      return unstarted();
    }
  };

  return {
    /**
     * Runs a submission's decision with its signature check journalled whichever way it goes:
     * inside the accepting statement when `accept` writes the report (or refuses its attachments),
     * else on its own once the decision is made — the answer is sent only after that.
     */
    async withJournalledCheck<T>(entry: SignatureCheckEntry, decide: (accept: (r: NewReport) => Promise<WrittenReport>) => Promise<T>): Promise<T> {
      let journalled = false;
      const accept = async (r: NewReport) => {
        const written = await insertReportWithTalon(prisma, { ...r, signatureCheck: entry });
        journalled = true;
        return written;
      };
      try {
        return await decide(accept);
      } finally {
        if (!journalled) await signatures.record(entry);
      }
    },

    /** The report accepted under this Idempotency-Key (scoped to the applicant), if any. */
    underKey: (scopedKey: string) =>
      prisma.report.findUnique({ where: { idempotencyKey: scopedKey }, select: { talon: true, status: true, requestHash: true } }),

    /** Why listed attachments were refused, per field: not the applicant's upload, or another hash. */
    async refusedAttachments(attachments: { id: string; sha256: string }[], applicantIin: string): Promise<Record<string, string>> {
      const files = await prisma.storedFile.findMany({
        where: { id: { in: attachments.map((a) => a.id) } },
        select: { id: true, ownerIin: true, sha256: true },
      });
      const fields: Record<string, string> = {};
      attachments.forEach((a, i) => {
        const f = files.find((x) => x.id === a.id);
        if (!f || f.ownerIin !== applicantIin) fields[`attachments.${i}.id`] = 'no such uploaded file';
        else if (f.sha256 !== a.sha256) fields[`attachments.${i}.sha256`] = 'does not match the uploaded file';
      });
      return fields;
    },

    /** The applicant's own reports, newest first (000 §3.4). */
    ofApplicant: (applicantIin: string) => prisma.report.findMany({ where: { applicantIin }, orderBy: { submittedAt: 'desc' }, take: 200 }),

    /** The reports with these bodies in these statuses, the most urgent first. */
    queue: (bodyCodes: string[], statuses: ReportStatus[]) =>
      prisma.report.findMany({ where: { bodyCode: { in: bodyCodes }, status: { in: statuses } }, orderBy: { dueAt: 'asc' }, take: 500 }),

    /**
     * The report of this talon, or null. Anything but 15 digits is no talon: it never reaches the
     * database (a NUL byte in it made PostgreSQL fail the query, a 500).
     */
    byTalon: (talon: string) => (/^\d{15}$/.test(talon) ? prisma.report.findUnique({ where: { talon } }) : Promise.resolve(null)),

    materials: (talon: string) => prisma.reportMaterial.findMany({ where: { talon }, orderBy: { id: 'asc' } }),

    ifStarted,

    /**
     * Runs `act` on the report's workflow; a report accepted but not yet picked up by the report
     * starter has its workflow started here first, and `act` runs again.
     */
    withWorkflow: <T>(row: Pick<ReportRow, 'talon' | 'workflowStartedAt'>, act: () => Promise<T>): Promise<T> =>
      ifStarted(row, act, async () => {
        await startFromOutbox({ prisma, client, taskQueue }, { talon: row.talon, limit: 1 });
        return act();
      }),

    /** Whether the register holds this case (its workflow exists, open or closed). */
    async caseExists(erdrNumber: string): Promise<boolean> {
      try {
        await client.workflow.getHandle(caseWorkflowId(erdrNumber)).describe();
        return true;
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return false;
        throw e;
      }
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;
