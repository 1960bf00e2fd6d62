// The platform end to end on real parts (PostgreSQL, Temporal dev server, stand-ins, worker, API):
// readiness, the codec endpoint, encrypted histories, request ids carried into workflows and
// activities, the real account activities writing to the database and the audit chain, and the
// stand-alone API in several processes.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec } from '../../platform/codec';
import { runWithRequestId } from '../../platform/request-context';
import { verifyAuditChain } from '../../platform/audit';
import { REQUEST_ID_HEADER } from '../../domain/request-id';
import { accountApplicationWorkflow, decideApplication, getApplication, type AccountApplication } from '../../workflows/account-application';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { freePort } from '../../platform/net';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const application = (over: Partial<AccountApplication> = {}): AccountApplication => ({
  applicationId: randomUUID(),
  kind: 'REGISTRATION',
  iin: '900101350018',
  fullName: 'Жұмабекова Әсем Нұрланқызы',
  position: 'аға тергеуші',
  bodyCode: '191501',
  requestedRole: 'investigator',
  submittedBy: '900101350018',
  ...over,
});

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const getJson = async (path: string, init?: RequestInit) => {
  const res = await fetch(sys.baseUrl + path, init);
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as any };
};

test('GET /health answers while the process lives; GET /ready reports every part ok', async () => {
  expect((await getJson('/health')).body.ok).toBe(true);
  const ready = await waitFor(
    () => getJson('/ready'),
    (r) => r.status === 200,
  );
  expect(ready.status).toBe(200);
  expect(Object.keys(ready.body.parts).sort()).toEqual(['migrations', 'postgres', 'temporal', 'worker']);
  for (const part of Object.values(ready.body.parts) as { ok: boolean }[]) expect(part.ok).toBe(true);
  expect(ready.body.parts.migrations.detail.pending).toEqual([]);
});

test('GET /ready says 503 and names the pending migration when the database is behind', async () => {
  const [last] = await sys.pg.query('erdr', 'SELECT * FROM _prisma_migrations ORDER BY started_at DESC LIMIT 1');
  await sys.pg.query('erdr', 'DELETE FROM _prisma_migrations WHERE id = $1', [last.id]);
  try {
    const r = await getJson('/ready');
    expect(r.status).toBe(503);
    expect(r.body.parts.migrations).toMatchObject({ ok: false, detail: { pending: [last.migration_name] } });
    expect(r.body.parts.postgres.ok).toBe(true);
  } finally {
    const cols = Object.keys(last);
    await sys.pg.query('erdr', `INSERT INTO _prisma_migrations (${cols.join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')})`, Object.values(last));
  }
  expect((await getJson('/ready')).status).toBe(200);
});

test('histories hold no personal data in clear text; the codec endpoint lets authorised readers see it', async () => {
  const app = application();
  const handle = await sys.client.workflow.start(accountApplicationWorkflow, {
    args: [app],
    taskQueue: sys.taskQueue,
    workflowId: `account-application-${app.applicationId}`,
  });
  const state = await waitFor(
    () => handle.query(getApplication),
    (s) => s.deadlines.length > 0,
  );
  expect(state.application.fullName).toBe(app.fullName); // the codec-enabled client reads it

  // What the Temporal server stores, read with no codec.
  const raw = await sys.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: handle.workflowId } });
  const stored = Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(raw).finish());
  for (const secret of [app.iin, app.fullName, 'Жұмабекова', Buffer.from(app.fullName).toString('base64')]) {
    expect(stored.includes(Buffer.from(secret))).toBe(false);
  }
  const input = raw.history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload;
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');

  // The Temporal Web UI posts payloads to the codec endpoint in this JSON shape.
  const body = JSON.stringify({
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
        data: Buffer.from(input.data!).toString('base64'),
      },
    ],
  });
  const post = (path: string, headers: Record<string, string> = {}) =>
    getJson(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers } });

  expect((await post('/codec/decode')).status).toBe(403);
  expect((await post('/codec/decode', { Authorization: 'Bearer wrong-token' })).status).toBe(403);
  for (const r of [await post('/codec/decode', { Authorization: `Bearer ${sys.codecToken}` }), await post(`/codec/t/${sys.codecToken}/decode`)]) {
    expect(r.status).toBe(200);
    const decoded = r.body.payloads[0];
    const payload = {
      metadata: Object.fromEntries(Object.entries(decoded.metadata).map(([k, v]) => [k, Buffer.from(v as string, 'base64')])),
      data: Buffer.from(decoded.data, 'base64'),
    };
    expect(defaultPayloadConverter.fromPayload<AccountApplication>(payload).fullName).toBe(app.fullName);
  }

  // Encode is the inverse (the Web UI uses it to send signals); the result decodes with our keys.
  const plain = defaultPayloadConverter.toPayload({ hello: 'сәлем' });
  const enc = await getJson(`/codec/t/${sys.codecToken}/encode`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      payloads: [{ metadata: { encoding: Buffer.from(plain.metadata!.encoding!).toString('base64') }, data: Buffer.from(plain.data!).toString('base64') }],
    }),
  });
  const [back] = await new EncryptionCodec(sys.keys).decode([
    {
      metadata: Object.fromEntries(Object.entries(enc.body.payloads[0].metadata).map(([k, v]) => [k, Buffer.from(v as string, 'base64')])),
      data: Buffer.from(enc.body.payloads[0].data, 'base64'),
    },
  ]);
  expect(defaultPayloadConverter.fromPayload(back)).toEqual({ hello: 'сәлем' });

  await handle.executeUpdate(decideApplication, { args: [{ approve: false, reason: 'тест / test', operatorIin: '780101400125' }] });
  await handle.result();
});

test('the codec endpoint answers CORS preflights for the Temporal Web UI only', async () => {
  const preflight = (origin: string) =>
    fetch(`${sys.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace,authorization' },
    });
  const ui = await preflight(`http://127.0.0.1:${sys.config.TEMPORAL_UI_PORT}`);
  expect(ui.status).toBe(204);
  expect(ui.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${sys.config.TEMPORAL_UI_PORT}`);
  expect(ui.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  const other = await preflight('https://evil.example');
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});

test('a request id travels from the caller into the workflow and onto the activities it schedules', async () => {
  const app = application({ kind: 'BLOCKING', reason: 'жұмыстан босатылды / dismissed', requestedRole: undefined });
  const requestId = `req-${randomUUID()}`;
  const handle = await runWithRequestId(requestId, () =>
    sys.client.workflow.start(accountApplicationWorkflow, { args: [app], taskQueue: sys.taskQueue, workflowId: `account-application-${app.applicationId}` }),
  );
  expect((await handle.result()).status).toBe('BLOCKED');
  const history = await handle.fetchHistory();
  const headerOf = (h: { fields?: Record<string, Payload> | null } | null | undefined) => {
    const p = h?.fields?.[REQUEST_ID_HEADER];
    return p ? defaultPayloadConverter.fromPayload(p) : undefined;
  };
  const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
  expect(headerOf(started.workflowExecutionStartedEventAttributes!.header)).toBe(requestId);
  const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
  expect(scheduled.length).toBeGreaterThan(0);
  for (const e of scheduled) expect(headerOf(e.activityTaskScheduledEventAttributes!.header)).toBe(requestId);
});

test('an approved application grants the role in the database, journalled in an intact audit chain', async () => {
  const app = application({ iin: '950512400122', requestedRole: 'prosecutor', bodyCode: '191502' });
  const handle = await sys.client.workflow.start(accountApplicationWorkflow, {
    args: [app],
    taskQueue: sys.taskQueue,
    workflowId: `account-application-${app.applicationId}`,
  });
  await handle.executeUpdate(decideApplication, { args: [{ approve: true, operatorIin: '780101400125' }] });
  expect((await handle.result()).status).toBe('APPROVED');
  const grants = await sys.db.prisma.roleGrant.findMany({ where: { iin: app.iin } });
  expect(grants).toEqual([expect.objectContaining({ role: 'prosecutor', bodyCode: '191502', applicationId: app.applicationId, revokedAt: null })]);
  expect(await sys.db.prisma.account.findUnique({ where: { iin: app.iin } })).toMatchObject({ status: 'ACTIVE', fullName: app.fullName });
  const audit = await sys.db.prisma.auditEvent.findMany({ where: { subject: app.applicationId } });
  expect(audit.map((a) => a.action)).toEqual(['account.role-granted']);
  expect(await verifyAuditChain(sys.db.prisma)).toBeNull();

  // Tampering with any journalled entry breaks the chain at that entry.
  await sys.pg.query('erdr', `UPDATE audit_event SET detail = '{"role":"head"}' WHERE id = $1`, [String(audit[0].id)]);
  expect(await verifyAuditChain(sys.db.prisma)).toBe(audit[0].id);
});

/** How many of the connections from `clientPorts` to `port` each process holds (Linux: /proc). */
function connectionsHeld(pids: string[], port: number, clientPorts: number[]): number[] {
  const ours = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, remote, state, , , , , , inode] = line.trim().split(/\s+/);
      const portOf = (address: string) => parseInt(address.split(':').at(-1)!, 16);
      if (portOf(local) === port && clientPorts.includes(portOf(remote)) && state === '01') ours.add(inode);
    }
  }
  return pids.map(
    (pid) =>
      fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => {
        try {
          return ours.has(/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
        } catch {
          return false;
        }
      }).length,
  );
}

test('the stand-alone API with API_PROCESSES=2 serves from two processes, spreads connections evenly, and replaces one that dies', async () => {
  const port = await freePort();
  const primary = spawn(process.execPath, ['--import', 'tsx', 'app/run-api.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, ...sys.workerEnv, HOST: '127.0.0.1', PORT: String(port), API_PROCESSES: '2', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A serving process gets connections once it says it is serving.
  let log = '';
  primary.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const serving = () => log.split('"msg":"API process serving"').length - 1;
  const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve));
  // The serving processes: the primary's children running app/run-api.ts (read from /proc).
  const servers = () =>
    fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const parent = Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
          return parent === primary.pid && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('app/run-api.ts');
        } catch {
          return false;
        }
      });
  try {
    const healthy = () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
    expect(
      await waitFor(
        async () => ({ status: await healthy(), servers: servers().length, serving: serving() }),
        (v) => v.status === 200 && v.servers === 2 && v.serving === 2,
        60_000,
      ),
    ).toEqual({ status: 200, servers: 2, serving: 2 });

    // Ten citizens connect at once and keep their connections: five to each process.
    const agents = Array.from({ length: 10 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const clientPortOf = (agent: http.Agent) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
            const clientPort = res.socket.localPort!; // the socket goes back to the agent at the end
            res.resume().on('end', () => resolve(clientPort));
          })
          .on('error', reject);
      });
    try {
      const clientPorts = await Promise.all(agents.map(clientPortOf));
      expect(
        await waitFor(
          async () => connectionsHeld(servers(), port, clientPorts),
          (held) => held.join() === '5,5',
          5_000,
        ),
      ).toEqual([5, 5]);
    } finally {
      for (const agent of agents) agent.destroy();
    }

    const [victim] = servers();
    process.kill(Number(victim), 'SIGKILL');
    const after = await waitFor(
      async () => servers(),
      (v) => v.length === 2 && !v.includes(victim),
      60_000,
    );
    expect(after).toHaveLength(2);
    expect(after).not.toContain(victim);
    expect(await waitFor(healthy, (s) => s === 200)).toBe(200);
  } finally {
    primary.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
