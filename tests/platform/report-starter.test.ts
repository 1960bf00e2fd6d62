// The report outbox: a 202 means the report row is committed; the report starter turns such rows
// into workflows — those accepted while no starter ran (at its start-up sweep) and new ones (woken
// by the insert trigger's notification) — each exactly once, with the submission's request id.
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { loginAs, signWith } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';
import { REQUEST_ID_HEADER } from '../../domain/request-id';
import { reportWorkflowId } from '../../domain/report';
import { logger } from '../../platform/logger';
import { startFromOutbox, startReportStarter, type ReportStarter } from '../../platform/report-starter';
import { searchPseudonymOf, workerActivities } from '../../app/system';
import { createSignatureService } from '../../eds/service';
import { testPki } from '../helpers/pki';
import { workerFor } from '../helpers/temporal';

jest.setTimeout(120_000);

let sys: TestSystem;
const starters: ReportStarter[] = [];

// No worker and no starter of its own: this test decides when reports are started.
beforeAll(async () => {
  sys = await startTestSystem({ inProcessWorker: false });
}, 120_000);
afterAll(async () => {
  for (const s of starters) await s.stop();
  await sys?.stop();
});

const newStarter = (pacing: { quietMs?: number; maxWaitMs?: number } = {}) => {
  const starter = startReportStarter({ prisma: sys.db.prisma, databaseUrl: sys.pg.url, client: sys.client, taskQueue: sys.taskQueue, logger, ...pacing });
  starters.push(starter);
  return starter;
};

async function submit(token: string, requestId: string): Promise<string> {
  const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent())), true);
  const res = await fetch(`${sys.baseUrl}/api/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'X-Request-Id': requestId },
    body: JSON.stringify({ signedReport }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { talon: string }).talon;
}

const workflowExists = (talon: string) =>
  sys.client.workflow
    .getHandle(reportWorkflowId(talon))
    .describe()
    .then(
      () => true,
      () => false,
    );

const startedAt = async (talon: string) => (await sys.client.workflow.getHandle(reportWorkflowId(talon)).describe()).startTime.getTime();

/** A starter of its own, alone, listening for accepted reports. */
async function soleStarter(pacing: { quietMs: number; maxWaitMs: number }): Promise<void> {
  for (const s of starters.splice(0)) await s.stop();
  await newStarter(pacing).idle();
  const listening = () => sys.pg.query('erdr', "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN report_accepted%'");
  expect(await waitFor(listening, (rows) => rows.length === 1, 10_000)).toHaveLength(1);
}

const requestIdOf = async (talon: string) => {
  const history = await sys.client.workflow.getHandle(reportWorkflowId(talon)).fetchHistory();
  const header = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!.header;
  const p = (header?.fields as Record<string, Payload> | undefined)?.[REQUEST_ID_HEADER];
  return p ? defaultPayloadConverter.fromPayload(p) : undefined;
};

test('reports accepted while no starter runs wait in the outbox, are shown as accepted, and start when a starter comes', async () => {
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const requestIds = [`req-${randomUUID()}`, `req-${randomUUID()}`];
  const talons = [await submit(citizen.token, requestIds[0]), await submit(citizen.token, requestIds[1])];

  for (const talon of talons) {
    expect(await workflowExists(talon)).toBe(false);
    expect(await sys.db.prisma.report.findUnique({ where: { talon } })).toMatchObject({ workflowStartedAt: null, requestId: expect.any(String) });
    // The citizen sees the report as accepted, from its row.
    const res = await fetch(`${sys.baseUrl}/api/v1/reports/${talon}`, { headers: { Authorization: `Bearer ${citizen.token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ talon, status: 'AWAITING_REGISTRATION', history: [{ status: 'AWAITING_REGISTRATION' }] });
  }

  // Two starters at once (two worker processes): each report gets exactly one workflow.
  await Promise.all([newStarter().idle(), newStarter().idle()]);
  for (const [i, talon] of talons.entries()) {
    expect(await workflowExists(talon)).toBe(true);
    expect(await requestIdOf(talon)).toBe(requestIds[i]);
    const row = await sys.db.prisma.report.findUnique({ where: { talon } });
    expect(row!.workflowStartedAt).toBeInstanceOf(Date);
  }
  const { executions } = await sys.client.workflowService.listWorkflowExecutions({
    namespace: 'default',
    query: `WorkflowId = '${reportWorkflowId(talons[0])}'`,
  });
  expect(executions).toHaveLength(1);
  // Nothing left in the outbox.
  expect(await startFromOutbox({ prisma: sys.db.prisma, client: sys.client, taskQueue: sys.taskQueue }, { limit: 10 })).toBe(0);
});

test('a running starter is woken by the commit of a new report, without polling', async () => {
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  await newStarter().idle();
  const talon = await submit(citizen.token, `req-${randomUUID()}`);
  expect(
    await waitFor(
      () => workflowExists(talon),
      (v) => v,
      10_000,
    ),
  ).toBe(true);
  const row = await waitFor(
    () => sys.db.prisma.report.findUnique({ where: { talon } }),
    (r) => !!r?.workflowStartedAt,
    10_000,
  );
  expect(row!.workflowStartedAt).toBeInstanceOf(Date);
});

test('a starter whose database connection drops listens again, and sweeps what it missed', async () => {
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  await newStarter().idle();
  const dropped = await sys.pg.query('erdr', "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query LIKE 'LISTEN report_accepted%'");
  expect(dropped.length).toBeGreaterThan(0);
  const talon = await submit(citizen.token, `req-${randomUUID()}`);
  expect(
    await waitFor(
      () => workflowExists(talon),
      (v) => v,
      15_000,
    ),
  ).toBe(true);
});

test('while reports keep arriving the starter gives way, then starts them all once they stop', async () => {
  const quietMs = 2_500;
  await soleStarter({ quietMs, maxWaitMs: 60_000 });
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const talons: string[] = [];
  for (let i = 0; i < 3; i++) talons.push(await submit(citizen.token, `req-${randomUUID()}`));
  const lastAcceptedAt = Date.now();
  // Each came within the quiet period of the one before: none is started yet.
  for (const talon of talons) expect(await workflowExists(talon)).toBe(false);
  for (const talon of talons)
    expect(
      await waitFor(
        () => workflowExists(talon),
        (v) => v,
        15_000,
      ),
    ).toBe(true);
  // Started once no report had come for the quiet period (less the time the last 202 took to arrive).
  const firstStart = Math.min(...(await Promise.all(talons.map(startedAt))));
  expect(firstStart).toBeGreaterThanOrEqual(lastAcceptedAt + quietMs - 500);
});

test('a steady stream of reports does not hold the starter back longer than maxWaitMs', async () => {
  const maxWaitMs = 2_000;
  await soleStarter({ quietMs: 60_000, maxWaitMs });
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const first = await submit(citizen.token, `req-${randomUUID()}`);
  const firstAcceptedAt = Date.now();
  // Reports keep coming, never a quiet minute; the first is started all the same.
  let startedWhileArriving = false;
  while (!startedWhileArriving && Date.now() < firstAcceptedAt + 10_000) {
    await submit(citizen.token, `req-${randomUUID()}`);
    startedWhileArriving = await workflowExists(first);
  }
  expect(startedWhileArriving).toBe(true);
  expect((await startedAt(first)) - firstAcceptedAt).toBeGreaterThanOrEqual(maxWaitMs - 500);
});

test('an official acting on a report not yet started starts it first', async () => {
  // No starter now: only the API can start this one. A worker runs the workflow.
  for (const s of starters.splice(0)) await s.stop();
  const pki = await testPki();
  const signatures = await createSignatureService({ trustAnchorsDir: pki.trustAnchorsDir, prisma: sys.db.prisma });
  const worker = await workerFor(sys.env, {
    taskQueue: sys.taskQueue,
    activities: workerActivities({
      db: sys.db,
      adapters: sys.adapters,
      files: sys.files,
      signatures,
      searchPseudonym: searchPseudonymOf(sys.config, sys.keys),
    }),
    dataConverter: { payloadCodecs: sys.client.options.dataConverter.payloadCodecs },
  });
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const officer = await loginAs(sys.baseUrl, 'registry_officer');
  const talon = await submit(citizen.token, `req-${randomUUID()}`);
  expect(await workflowExists(talon)).toBe(false);

  const res = await worker.runUntil(
    fetch(`${sys.baseUrl}/api/v1/reports/${talon}/kui-registration`, { method: 'POST', headers: { Authorization: `Bearer ${officer.token}` } }),
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ talon, status: 'REGISTERED_KUI', kuiNumber: expect.stringMatching(/^\d{15}$/) });
  expect((await sys.db.prisma.report.findUnique({ where: { talon } }))!.workflowStartedAt).toBeInstanceOf(Date);
});
