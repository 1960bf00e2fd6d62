// The report starter: turns accepted reports into running workflows.
//
// The API answers 202 with the talon once the report row is committed (000 §7.8: the talon is
// issued at once). Rows whose `workflow_started_at` is still empty are the outbox; this loop
// starts the workflow `report-<talon>` for each and then marks the row. Nothing is lost or doubled
// by a crash at any point: a row stays in the outbox until its workflow is known to run, and
// Temporal refuses a second workflow with the same id, which the starter takes as "already
// running". The 24-hour decision clock counts from the submission, not from the start.
//
// It runs beside the worker (the background side of the system), so a burst of submissions is
// answered at the front door's pace and worked off as the worker gets to it. It wakes on the
// notification the insert trigger `report_accepted` sends at commit, at start-up and after a lost
// database connection — it does not poll on a timer. Several starters (one per worker process)
// may run; the worst they do is ask Temporal twice.
//
// It gives way to the front door: while reports keep arriving (a notification less than
// `quietMs` ago) it waits, up to `maxWaitMs` after the first of them, and then starts them all.
// Starting a workflow costs the Temporal server and the worker far more than accepting the report
// costs the API; on shared cores, doing it in the middle of a burst would slow every citizen
// still waiting for a 202, while the intake gains nothing that matters (the decision clock runs
// from the submission).
import pg from 'pg';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { localeOrKazakh } from '../domain/notification-templates';
import { reportWorkflowId } from '../domain/report';
import { signedContentOf } from '../eds/verify';
// Only the workflow's type: it is started by its name, so the starter (beside the API) loads no workflow code.
import type { reportWorkflow } from '../workflows/report';
import type { Logger } from './logger';
import { runWithRequestId } from './request-context';

/** The channel the insert trigger on `report` notifies (prisma/migrations/…_report_outbox). */
export const REPORT_ACCEPTED_CHANNEL = 'report_accepted';

export interface ReportStarterOptions extends ReportStarting {
  databaseUrl: string;
  logger: Logger;
  /** Rows read at a time (default 64). */
  batchSize?: number;
  /** Workflow starts in flight at once (default 8). */
  concurrency?: number;
  /** Reports are started once none has been accepted for this long (default 200 ms)… */
  quietMs?: number;
  /** …or this long after the first of them, at the latest (default 2 s). */
  maxWaitMs?: number;
}

export interface ReportStarter {
  /** Resolves when the outbox has been found empty after this call (tests and benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface OutboxRow {
  talon: string;
  signed_report: Uint8Array;
  body_code: string;
  submitted_at: Date;
  applicant_iin: string;
  request_id: string | null;
  full_name: string;
  locale: string;
}

const MAX_BACKOFF_MS = 30_000;

export function startReportStarter(opts: ReportStarterOptions): ReportStarter {
  const log = opts.logger.child({ component: 'report-starter' });
  const batchSize = opts.batchSize ?? 64;
  const concurrency = opts.concurrency ?? 8;
  const quietMs = opts.quietMs ?? 200;
  const maxWaitMs = opts.maxWaitMs ?? 2_000;
  let stopped = false;
  let pending = true; // the first pass sweeps what was accepted while no starter ran
  let lastAcceptedAt = 0; // when the latest notification of an accepted report came
  let wake = () => undefined as void;
  let idleWaiters: (() => void)[] = [];
  const wakeUp = () => {
    pending = true;
    wake();
  };
  const accepted = () => {
    lastAcceptedAt = Date.now();
    wakeUp();
  };

  // Pauses end early only when the starter stops (a burst of notifications must not hammer a
  // Temporal server that is down).
  const pauses = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        pauses.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      pauses.add(end);
    });
  const stopping = () => {
    for (const end of pauses) end();
  };

  // ── Listening: one dedicated connection; every (re)connection is followed by a sweep. ─────────
  let listener: pg.Client | undefined;
  const listen = async (attempt = 0): Promise<void> => {
    if (stopped) return;
    const connection = new pg.Client({ connectionString: opts.databaseUrl });
    connection.on('notification', accepted);
    connection.on('error', (e) => {
      log.warn({ err: e }, 'outbox notifications lost; reconnecting');
      void connection.end().catch(() => undefined);
      // A connection that was listening starts the back-off afresh.
      const next = listener === connection ? 0 : attempt + 1;
      if (listener === connection) listener = undefined;
      void pause(backoff(next)).then(() => listen(next));
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${REPORT_ACCEPTED_CHANNEL}`);
      listener = connection;
      if (stopped) await connection.end();
      wakeUp();
    } catch (e) {
      log.warn({ err: e }, 'cannot listen for accepted reports; retrying');
      void connection.end().catch(() => undefined);
      await pause(backoff(attempt));
      return listen(attempt + 1);
    }
  };

  /** Waits while reports keep arriving: until none for `quietMs`, and `maxWaitMs` at most. */
  const giveWayToTheFrontDoor = async () => {
    const latest = Date.now() + maxWaitMs;
    for (;;) {
      const wait = Math.min(lastAcceptedAt + quietMs, latest) - Date.now();
      if (wait <= 0 || stopped) return;
      await pause(wait);
    }
  };

  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      if (!pending) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      await giveWayToTheFrontDoor();
      pending = false;
      try {
        while (!stopped && (await startFromOutbox(opts, { limit: batchSize, concurrency })) === batchSize);
        failures = 0;
      } catch (e) {
        // Temporal or PostgreSQL unavailable: the rows stay in the outbox; try again after a pause.
        pending = true;
        log.warn({ err: e, attempt: failures + 1 }, 'starting accepted reports failed; will retry');
        await pause(backoff(failures++));
      }
    }
  };

  void listen();
  const running = loop();
  log.info('report starter running');

  return {
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wakeUp();
      }),
    async stop() {
      stopped = true;
      stopping();
      wake();
      await running;
      await listener?.end().catch(() => undefined);
      for (const resolve of idleWaiters) resolve();
    },
  };
}

/** What starting a report's workflow needs. */
export interface ReportStarting {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
}

/**
 * Starts the workflows of reports in the outbox — the oldest `limit`, or the one `talon` — and
 * marks them started. Returns how many rows it read. Also used by the API when an official acts
 * on a report whose workflow has not been started yet.
 */
export async function startFromOutbox(deps: ReportStarting, opts: { limit: number; concurrency?: number; talon?: string }): Promise<number> {
  const onlyTalon = opts.talon ? Prisma.sql`AND r.talon = ${opts.talon}` : Prisma.empty;
  const rows = await deps.prisma.$queryRaw<OutboxRow[]>`
    SELECT r.talon, r.signed_report, r.body_code, r.submitted_at, r.applicant_iin, r.request_id, a.full_name, a.locale
    FROM report r JOIN account a ON a.iin = r.applicant_iin
    WHERE r.workflow_started_at IS NULL ${onlyTalon}
    ORDER BY r.submitted_at
    LIMIT ${opts.limit}`;
  const started: string[] = [];
  const failures: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency ?? 1, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++];
        try {
          await startReportWorkflow(deps, row);
          started.push(row.talon);
        } catch (e) {
          failures.push(e);
        }
      }
    }),
  );
  if (started.length) {
    await deps.prisma.report.updateMany({ where: { talon: { in: started }, workflowStartedAt: null }, data: { workflowStartedAt: new Date() } });
  }
  if (failures.length) throw failures[0];
  return rows.length;
}

async function startReportWorkflow(deps: ReportStarting, row: OutboxRow): Promise<void> {
  const content = JSON.parse(Buffer.from(signedContentOf(row.signed_report)!).toString('utf8'));
  try {
    await runWithRequestId(row.request_id ?? reportWorkflowId(row.talon), () =>
      deps.client.workflow.start<typeof reportWorkflow>('reportWorkflow', {
        workflowId: reportWorkflowId(row.talon),
        taskQueue: deps.taskQueue,
        // Never a second run for a talon, even after the first has closed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          {
            talon: row.talon,
            submittedAt: row.submitted_at.toISOString(),
            applicant: { iin: row.applicant_iin, fullName: row.full_name, locale: localeOrKazakh(row.locale) },
            content,
            bodyCode: row.body_code,
          },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

const backoff = (attempt: number) => Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
