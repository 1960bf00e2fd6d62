// Where a crime report's time goes, for scripts/bench-reports.ts: the server-side time of each POST
// and each OCSP round trip, the CPU each part of the system spends per report, and the steps of
// each report's workflow history up to awaiting registration. Node built-ins and types only: the
// benchmark loads the project's modules itself, after it has silenced the logger.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { runLoops } from './bench-kit';

// ── Where the 202's time goes ────────────────────────────────────────────────────────────────
// Without touching the application: the HTTP diagnostics channels give the server-side time of
// each POST and each OCSP round trip (the API asks OCSP through node:http; fetch() does not use
// these channels), and the Temporal client instance the API shares is wrapped to time starts.

export interface Probe {
  server: number[];
  ocsp: number[];
  workflowStart: number[];
  reset(): void;
}

export function installProbes(pkiUrl: string): Probe {
  const probe: Probe = { server: [], ocsp: [], workflowStart: [], reset: () => ((probe.server = []), (probe.ocsp = []), (probe.workflowStart = [])) };
  const serverStarts = new WeakMap<ServerResponse, number>();
  diagnostics.subscribe('http.server.request.start', (m) => {
    const { request, response } = m as { request: IncomingMessage; response: ServerResponse };
    if (request.method === 'POST' && request.url === '/api/v1/reports') serverStarts.set(response, performance.now());
  });
  diagnostics.subscribe('http.server.response.finish', (m) => {
    const { response } = m as { response: ServerResponse };
    const t = serverStarts.get(response);
    if (t !== undefined) probe.server.push(performance.now() - t);
  });
  const pkiHost = new URL(pkiUrl).host;
  const clientStarts = new WeakMap<ClientRequest, number>();
  diagnostics.subscribe('http.client.request.start', (m) => {
    const { request } = m as { request: ClientRequest };
    if (request.getHeader('host') === pkiHost && request.path === '/ocsp') clientStarts.set(request, performance.now());
  });
  diagnostics.subscribe('http.client.response.finish', (m) => {
    const { request, response } = m as { request: ClientRequest; response: IncomingMessage };
    const t = clientStarts.get(request);
    // "finish" fires when the headers arrive; the body of an OCSP response is a few hundred bytes.
    if (t !== undefined) response.once('end', () => probe.ocsp.push(performance.now() - t));
  });
  return probe;
}

/** CPU per report and per no-op workflow, by part of the system, a line each. */
export function perItem(reports: Record<string, number>, reportCount: number, noops: Record<string, number>, noopCount: number): string[] {
  const kinds = [...new Set([...Object.keys(reports), ...Object.keys(noops)])].filter((k) => k !== 'other programs on this machine' && k !== 'esbuild');
  const each = (c: Record<string, number>, k: string, n: number) => ((c[k] ?? 0) * 1000) / Math.max(1, n);
  const sum = (c: Record<string, number>, n: number) => kinds.reduce((a, k) => a + each(c, k, n), 0);
  return [
    ...kinds.map(
      (k) =>
        `  ${k.padEnd(30)} ${each(reports, k, reportCount).toFixed(1).padStart(7)} ms per report   ${each(noops, k, noopCount).toFixed(1).padStart(6)} ms per no-op workflow`,
    ),
    `  ${'all of the system'.padEnd(30)} ${sum(reports, reportCount).toFixed(1).padStart(7)} ms per report   ${sum(noops, noopCount).toFixed(1).padStart(6)} ms per no-op workflow`,
  ];
}

// ── From each history ────────────────────────────────────────────────────────────────────────

export interface HistoryFindings {
  /** Per report: from the start of its POST until its workflow awaits registration. */
  toAwaiting: number[];
  /** Per step of the history (workflow start, first task, each activity), its durations. */
  segments: Record<string, number[]>;
  /** Reports whose workflow had not reached awaiting registration after 20 reads. */
  notAwaiting: number;
  historyLengths: number[];
  activityCounts: number[];
}

/**
 * When each report's workflow holds its materials and awaits registration (it starts its 24-hour
 * decision timer once the materials are stored and the officers told), and where the time went.
 */
export async function readHistories(client: Pick<Client, 'workflow'>, submitted: { talon: string; startedAtMs: number }[]): Promise<HistoryFindings> {
  const toAwaiting: number[] = [];
  const segments: Record<string, number[]> = {};
  const segment = (name: string, value: number) => (segments[name] ??= []).push(value);
  let notAwaiting = 0;
  const historyLengths: number[] = [];
  const activityCounts: number[] = [];
  await runLoops(submitted.length, 8, async (i) => {
    const s = submitted[i];
    const handle = client.workflow.getHandle(`report-${s.talon}`);
    for (let attempt = 0; attempt < 20; attempt++) {
      const events = (await handle.fetchHistory()).events ?? [];
      const at = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;
      const found: [string, number][] = [];
      const scheduled = new Map<string, { name: string; at: number }>();
      let firstTaskStartedAt: number | undefined;
      let firstTaskDone = false;
      let startedAt: number | undefined;
      let localActivities = 0;
      let reached: number | undefined;
      for (const e of events) {
        if (e.workflowExecutionStartedEventAttributes) {
          startedAt = at(e);
          found.push(['POST start → workflow started', startedAt - s.startedAtMs]);
        }
        if (e.workflowTaskStartedEventAttributes) firstTaskStartedAt ??= at(e);
        if (e.workflowTaskCompletedEventAttributes && firstTaskStartedAt !== undefined && !firstTaskDone) {
          firstTaskDone = true;
          found.push(['first workflow task, started → completed (creates the workflow)', at(e) - firstTaskStartedAt]);
        }
        // Intake steps run as local activities are recorded as markers; their data says which and when.
        const marker = e.markerRecordedEventAttributes;
        const markerData = marker?.markerName === 'core_local_activity' && marker.details?.data?.payloads?.[0]?.data;
        if (markerData) {
          const { activity_type: name, complete_time: done } = JSON.parse(Buffer.from(markerData).toString());
          found.push([`local activity ${name} (workflow started → completed)`, Number(done.seconds) * 1000 + done.nanos / 1e6 - startedAt!]);
          localActivities++;
        }
        if (e.activityTaskScheduledEventAttributes)
          scheduled.set(String(e.eventId), { name: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at: at(e) });
        const completed = e.activityTaskCompletedEventAttributes;
        const from = completed && scheduled.get(String(completed.scheduledEventId));
        if (from) found.push([`activity ${from.name} (scheduled → completed)`, at(e) - from.at]);
        // The 24-hour decision timer starts once the materials are stored and the officers told.
        if (e.timerStartedEventAttributes) reached ??= at(e);
      }
      if (reached !== undefined) {
        toAwaiting.push(reached - s.startedAtMs);
        historyLengths.push(events.filter((e) => at(e) <= reached!).length);
        activityCounts.push(scheduled.size + localActivities);
        for (const [name, value] of found) segment(name, value);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    notAwaiting++;
  });
  return { toAwaiting, segments, notAwaiting, historyLengths, activityCounts };
}
