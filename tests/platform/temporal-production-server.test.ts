// The system on the production Temporal server — go.temporal.io/server in its own process,
// histories and visibility in PostgreSQL — rather than the CLI's dev server, with the worker as
// production runs it: separate processes sharing one task queue. Two serve from the start and a
// third joins while reports arrive; every report reaches its officers exactly once, and the
// register's search attributes answer from SQL visibility.
// The server is built from its Go module before jest starts (scripts/test.ts). Where Go is
// missing this file says that it did not run, and checks only that this is why.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { defaultToolsDir } from '../../platform/tools';
import { findOnPath } from '../../platform/tools/run-step';
import { resolveTemporalServer, temporalServerObtainable, type TemporalServerTools } from '../../platform/tools/temporal-server';
import { getCase } from '../../workflows/ecase';
import { callApi } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';
import { startTestSystem, type TestSystem } from '../helpers/system';

const REPO = path.resolve(__dirname, '../..');
const obtainable = temporalServerObtainable(defaultToolsDir());

if ('missing' in obtainable) {
  test('the production-server suite did not run: there is no Go toolchain to build the server (the dev-server suites ran)', () => {
    console.log(`production Temporal server suite did not run: ${obtainable.missing}`);
    expect(findOnPath('go')).toBeUndefined();
  });
} else {
  let sys: TestSystem;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const resolved = await resolveTemporalServer({ toolsDir: defaultToolsDir(), log: (line) => process.stderr.write(`[tools] ${line}\n`) });
    if ('missing' in resolved) throw new Error(resolved.missing);
    sys = await startTestSystem({ inProcessWorker: false, temporal: { kind: 'production-server', tools: resolved.tools as TemporalServerTools } });
  }, 600_000);

  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await sys?.stop();
  }, 120_000);

  /** app/run-worker.ts in its own process (with its report starter), ready once it polls the queue. */
  async function startWorker(): Promise<ChildProcess> {
    const log = fs.openSync(path.join(sys.config.dataDir, `worker-${workers.length + 1}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/run-worker.ts'], {
      cwd: REPO,
      env: { ...process.env, ...sys.workerEnv, LOG_LEVEL: 'warn' },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    workers.push(child);
    const identity = `${child.pid}@${os.hostname()}`;
    const polling = await waitFor(
      async () => {
        const r = await sys.client.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: sys.taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        return (r.pollers ?? []).some((p) => p.identity === identity) || child.exitCode !== null;
      },
      Boolean,
      120_000,
    );
    if (!polling || child.exitCode !== null) throw new Error(`worker ${identity} did not start polling`);
    return child;
  }

  function stopWorker(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  test('two worker processes share the task queue and a third joins under load: every report reaches its officers once', async () => {
    const [first, second] = await Promise.all([startWorker(), startWorker()]);
    const citizen = await loginAs(sys.baseUrl, 'citizen');
    const submit = async (i: number) => {
      const signedReport = await signWith(
        'citizen',
        'sign',
        Buffer.from(JSON.stringify(reportContent({ fabula: `${reportContent().fabula} (${i})` })), 'utf8'),
        true,
      );
      const r = await callApi(sys.baseUrl, 'POST', '/api/v1/reports', {
        token: citizen.token,
        body: { signedReport },
        headers: { 'Idempotency-Key': randomUUID() },
      });
      expect(r.status).toBe(202);
      return r.body.talon as string;
    };
    // Reports keep arriving, two a second, while the third worker starts; then a dozen more at once.
    const talons: string[] = [];
    let third: ChildProcess | undefined;
    const joining = startWorker().then((w) => (third = w));
    while (!third && talons.length < 120) {
      talons.push(await submit(talons.length));
      await Promise.race([joining, new Promise((r) => setTimeout(r, 500))]);
    }
    await joining;
    console.log(`production server: ${talons.length} reports arrived while the third worker started`);
    talons.push(...(await Promise.all(Array.from({ length: 12 }, () => submit(talons.length)))));

    for (const talon of talons) {
      const r = await waitFor(
        () => callApi(sys.baseUrl, 'GET', `/api/v1/reports/${talon}`, { token: citizen.token }),
        (x) => x.body?.status === 'AWAITING_REGISTRATION',
        120_000,
      );
      expect(r.body.status).toBe('AWAITING_REGISTRATION');
    }
    // Once: one workflow per report in SQL visibility, and one "awaiting registration" notice each.
    const listed = await sys.client.workflow.count(`TaskQueue = '${sys.taskQueue}' AND WorkflowType = 'reportWorkflow'`);
    expect(listed.count).toBe(talons.length);
    const notices = await sys.pg.query(
      'erdr',
      `SELECT split_part(dedupe_key, '/', 1) AS workflow, count(*)::int AS n FROM notification
       WHERE dedupe_key LIKE 'report-%/awaiting-registration/%' GROUP BY 1`,
    );
    expect(notices.map((n) => n.workflow).sort()).toEqual(talons.map((t) => `report-${t}`).sort());

    // Each of the three workers did some of the work (the histories name who ran each task).
    const identities = new Set<string>();
    for (const talon of talons) {
      for (const e of (await sys.client.workflow.getHandle(`report-${talon}`).fetchHistory()).events ?? []) {
        const who = e.workflowTaskStartedEventAttributes?.identity ?? e.activityTaskStartedEventAttributes?.identity;
        if (who) identities.add(who);
      }
    }
    for (const w of [first, second, third!]) expect(identities).toContain(`${w.pid}@${os.hostname()}`);
  }, 300_000);

  test("a report registered in the ERDR opens its case, found by the register's search attributes in SQL visibility", async () => {
    if (workers.every((w) => w.exitCode !== null)) await startWorker();
    const citizen = await loginAs(sys.baseUrl, 'citizen');
    const officer = await loginAs(sys.baseUrl, 'registry_officer');
    const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent()), 'utf8'), true);
    const { body: accepted } = await callApi(sys.baseUrl, 'POST', '/api/v1/reports', {
      token: citizen.token,
      body: { signedReport },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    await waitFor(
      () => callApi(sys.baseUrl, 'GET', `/api/v1/reports/${accepted.talon}`, { token: citizen.token }),
      (x) => x.body?.status === 'AWAITING_REGISTRATION',
      60_000,
    );
    expect((await callApi(sys.baseUrl, 'POST', `/api/v1/reports/${accepted.talon}/kui-registration`, { token: officer.token })).status).toBe(200);
    const { body: registered } = await callApi(sys.baseUrl, 'POST', `/api/v1/reports/${accepted.talon}/decision`, {
      token: officer.token,
      body: { kind: 'REGISTER_ERDR' },
    });
    const erdr = registered.erdrNumber as string;
    expect(erdr).toMatch(/^\d{15}$/);

    const found = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const w of sys.client.workflow.list({ query: `ErdrNumber = '${erdr}' AND WorkflowType = 'caseWorkflow'` })) ids.push(w.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
      60_000,
    );
    expect(found).toEqual([`case-${erdr}`]);
    const state = await sys.client.workflow.getHandle(`case-${erdr}`).query(getCase);
    expect(state.erdrNumber).toBe(erdr);
  }, 180_000);
}
