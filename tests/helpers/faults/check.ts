// What became of every submission of a fault run, asked of PostgreSQL and Temporal afterwards: one
// talon per submission, none twice, one workflow per talon, every report through its intake to
// AWAITING_REGISTRATION, one KUI number each and none twice.
import os from 'node:os';
import { REPORT_ACCEPTED_CHANNEL } from '../../../platform/report-starter';
import { reportWorkflowId } from '../../../domain/report';
import { getReport, type ReportState } from '../../../workflows/report';
import { testPki } from '../pki';
import type { Submission } from './citizens';
import { queryOnce } from './postgres-part';
import type { FaultCounts } from './run-options';
import type { FaultSystem } from './system';

/** Asks PostgreSQL and Temporal what became of every submission; appends what is wrong to `problems`. */
export async function check(
  sys: FaultSystem,
  submissions: Submission[],
  tally: { kills: Record<string, number>; retries: number; kuiRetries: number },
  problems: string[],
): Promise<FaultCounts> {
  const url = sys.postgres.url;
  const citizenIin = (await testPki()).people.find((p) => p.role === 'citizen')!.iin;
  let lost = 0;
  let duplicates = 0;

  // The clients' view: each submission got a talon, the same one on every answer.
  for (const s of submissions) {
    if (!s.talon) {
      lost++;
      problems.push(`submission ${s.index + 1} got no talon: ${s.failure}`);
    }
    if (new Set(s.answers).size > 1) {
      duplicates += new Set(s.answers).size - 1;
      problems.push(`submission ${s.index + 1} was answered with different talons: ${s.answers.join(', ')}`);
    }
    if (s.kuiFailure) problems.push(`report ${s.talon} was not registered in KUI: ${s.kuiFailure}`);
  }
  const clientTalons = submissions.map((s) => s.talon).filter((t): t is string => !!t);
  if (new Set(clientTalons).size !== clientTalons.length) {
    duplicates += clientTalons.length - new Set(clientTalons).size;
    problems.push('two submissions were answered with the same talon');
  }

  // PostgreSQL: one report row per idempotency key, with the talon the client was given.
  const rows = await queryOnce<{ talon: string; idempotency_key: string; kui_number: string | null; status: string; workflow_started_at: Date | null }>(
    url,
    'SELECT talon, idempotency_key, kui_number, status, workflow_started_at FROM report',
  );
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  for (const s of submissions) {
    const row = byKey.get(`${citizenIin}:${s.key}`);
    if (!row) {
      if (s.talon) {
        lost++;
        problems.push(`talon ${s.talon} (submission ${s.index + 1}) has no report row`);
      }
    } else if (s.talon && row.talon !== s.talon) {
      problems.push(`submission ${s.index + 1}: the client holds talon ${s.talon}, the database ${row.talon}`);
    }
  }
  const extraRows = rows.length - submissions.filter((s) => byKey.has(`${citizenIin}:${s.key}`)).length;
  if (extraRows > 0) {
    duplicates += extraRows;
    problems.push(`${extraRows} report row(s) belong to no submission`);
  }
  const notStarted = rows.filter((r) => !r.workflow_started_at);
  if (notStarted.length)
    problems.push(
      `${notStarted.length} report(s) still in the outbox (workflow never marked started): ${notStarted
        .slice(0, 5)
        .map((r) => r.talon)
        .join(', ')}`,
    );

  // Numbers: each allocated once, each sequence exactly as far as its allocations (no gaps).
  const allocations = await queryOnce<{ kind: string; number: string }>(url, 'SELECT kind, number FROM number_allocation');
  const sequences = await queryOnce<{ body_code: string; kind: string; last_value: number }>(url, 'SELECT body_code, kind, last_value FROM number_sequence');
  if (new Set(allocations.map((a) => a.number)).size !== allocations.length) {
    duplicates += allocations.length - new Set(allocations.map((a) => a.number)).size;
    problems.push('a number was allocated twice');
  }
  for (const seq of sequences) {
    const issued = allocations.filter((a) => a.kind === seq.kind && (seq.kind === 'TALON' || a.number.slice(2, 8) === seq.body_code)).length;
    if (seq.last_value !== issued) problems.push(`sequence ${seq.kind}/${seq.body_code} stands at ${seq.last_value} with ${issued} numbers allocated`);
  }
  const talonsAllocated = allocations.filter((a) => a.kind === 'TALON').length;
  if (talonsAllocated !== rows.length) problems.push(`${talonsAllocated} talons allocated for ${rows.length} reports`);

  // KUI: every report registered, with its own number, the one the officer was told.
  const kuiNumbers = rows.map((r) => r.kui_number).filter((k): k is string => !!k);
  const kuiMissing = rows.filter((r) => !r.kui_number);
  if (kuiMissing.length) {
    lost += kuiMissing.length;
    problems.push(
      `${kuiMissing.length} report(s) without a KUI number: ${kuiMissing
        .slice(0, 5)
        .map((r) => r.talon)
        .join(', ')}`,
    );
  }
  if (new Set(kuiNumbers).size !== kuiNumbers.length) {
    duplicates += kuiNumbers.length - new Set(kuiNumbers).size;
    problems.push('two reports hold the same KUI number');
  }
  const kuiAllocated = allocations.filter((a) => a.kind === 'KUI').length;
  if (kuiAllocated !== rows.length) problems.push(`${kuiAllocated} KUI numbers allocated for ${rows.length} reports`);
  const talonRow = new Map(rows.map((r) => [r.talon, r]));
  for (const s of submissions) {
    const held = talonRow.get(s.talon!)?.kui_number;
    for (const told of new Set(s.kuiAnswers))
      if (told !== held) problems.push(`report ${s.talon}: the officer was told KUI ${told}, the database holds ${held}`);
  }

  // The intake reached AWAITING_REGISTRATION: the registry officers were told, once per report.
  const told = await queryOnce<{ talon: string; n: number }>(
    url,
    `SELECT subject AS talon, count(DISTINCT dedupe_key)::int AS n FROM notification WHERE dedupe_key LIKE 'report-%/awaiting-registration/%' GROUP BY subject`,
  );
  const awaiting = told.filter((t) => talonRow.has(t.talon)).length;
  if (awaiting !== rows.length) problems.push(`${rows.length - awaiting} report(s) never reached AWAITING_REGISTRATION (officers not told)`);

  // One report starter runs, so one connection listens for accepted reports (a reconnection
  // that left an extra one behind would keep a stopping process alive).
  const [{ n: listening }] = await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1', [
    `LISTEN ${REPORT_ACCEPTED_CHANNEL}`,
  ]);
  if (listening !== 1) problems.push(`${listening} connections listen for accepted reports; one report starter runs`);

  // Temporal: exactly one workflow per talon, and its state agrees with the row.
  const client = sys.client!;
  const listed: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = 'reportWorkflow'` })) listed.push(w.workflowId);
  const distinct = new Set(listed);
  if (distinct.size !== listed.length) {
    duplicates += listed.length - distinct.size;
    problems.push(`${listed.length - distinct.size} talon(s) have more than one workflow run`);
  }
  const expected = new Set(rows.map((r) => reportWorkflowId(r.talon)));
  const missing = [...expected].filter((id) => !distinct.has(id));
  const stray = [...distinct].filter((id) => !expected.has(id));
  if (missing.length) {
    lost += missing.length;
    problems.push(`${missing.length} report(s) have no workflow: ${missing.slice(0, 5).join(', ')}`);
  }
  if (stray.length) {
    duplicates += stray.length;
    problems.push(`${stray.length} workflow(s) belong to no report: ${stray.slice(0, 5).join(', ')}`);
  }
  let next = 0;
  const ids = [...expected].filter((id) => distinct.has(id));
  const startedBy: Record<string, number> = {};
  const starterPids = new Set([...sys.starter.pids].map((pid) => `${pid}@${os.hostname()}`));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const talon = id.slice('report-'.length);
        let state: ReportState;
        try {
          state = await client.workflow.getHandle(id).query(getReport);
        } catch (e) {
          problems.push(`${id}: query failed: ${(e as Error).message}`);
          continue;
        }
        const { history } = await client.workflowService.getWorkflowExecutionHistory({
          namespace: 'default',
          execution: { workflowId: id },
          maximumPageSize: 1,
        });
        const by = starterPids.has(history?.events?.[0]?.workflowExecutionStartedEventAttributes?.identity ?? '') ? 'report-starter' : 'api';
        startedBy[by] = (startedBy[by] ?? 0) + 1;
        const steps = state.history.map((h) => h.status);
        if (steps[0] !== 'AWAITING_REGISTRATION') problems.push(`${id}: history begins with ${steps[0]}`);
        const registrations = steps.filter((st) => st === 'REGISTERED_KUI').length;
        if (registrations > 1) duplicates += registrations - 1;
        if (state.status !== 'REGISTERED_KUI' || registrations !== 1)
          problems.push(`${id}: status ${state.status}, registered in KUI ${registrations} time(s) (${steps.join(' → ')})`);
        if (state.kuiNumber !== talonRow.get(talon)?.kui_number)
          problems.push(`${id}: KUI ${state.kuiNumber} in the workflow, ${talonRow.get(talon)?.kui_number} in the database`);
      }
    }),
  );

  return {
    submissions: submissions.length,
    talons: new Set(rows.map((r) => r.talon)).size,
    duplicates,
    lost,
    workflows: distinct.size,
    awaiting,
    kui: new Set(kuiNumbers).size,
    kills: tally.kills,
    retries: tally.retries,
    kuiRetries: tally.kuiRetries,
    startedBy,
  };
}
