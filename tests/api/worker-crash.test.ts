// The worker is killed (SIGKILL, no goodbye) while reports are being processed and started
// again: every report still completes, and no number is ever issued twice — each KUI and ERDR
// sequence holds exactly as many numbers as were allocated, with no duplicates and no gaps.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { loginAs, signWith } from '../helpers/pki';
import { bodyByCode } from '../../domain/dictionaries';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { getReport } from '../../workflows/report';
import { reportWorkflowId } from '../../domain/report';

jest.setTimeout(240_000);

let sys: TestSystem;
let worker: ChildProcess | undefined;
const root = path.resolve(__dirname, '../..');

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/run-worker.ts'], {
    cwd: root,
    env: { ...process.env, ...sys.workerEnv, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function killWorker(): Promise<void> {
  if (!worker || worker.exitCode !== null) return;
  const exited = new Promise((r) => worker!.once('exit', r));
  worker.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  sys = await startTestSystem({ inProcessWorker: false });
}, 120_000);
afterAll(async () => {
  await killWorker();
  await sys?.stop();
});

const body = bodyByCode(DEV_OFFICIALS_BODY)!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('reports complete across worker crashes, and every number is issued exactly once', async () => {
  const citizen = await loginAs(sys.baseUrl, 'citizen');
  const officer = await loginAs(sys.baseUrl, 'registry_officer');
  const call = (method: string, p: string, token: string, bodyJson?: unknown, headers: Record<string, string> = {}) =>
    fetch(sys.baseUrl + p, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(bodyJson !== undefined && { 'Content-Type': 'application/json' }), ...headers },
      body: bodyJson === undefined ? undefined : JSON.stringify(bodyJson),
    });

  worker = startWorker();
  const talons: string[] = [];
  for (let i = 0; i < 2; i++) {
    const content = {
      offenceAt: '2026-11-22T23:10:00+05:00',
      fabula: `Арыз №${i}: подъезде велосипед ұрланды, куәгерлер бар.`,
      regionId: body.regionId,
      districtId: body.districtId,
      bodyId: body.id,
      applicant: { address: 'Астана қ., Сарыарқа ауданы', email: 'crash@example.kz', phone: '+77011234567' },
      falseReportWarningAccepted: true,
      attachments: [],
    };
    const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(content)), true);
    const res = await call('POST', '/api/v1/reports', citizen.token, { signedReport }, { 'Idempotency-Key': randomUUID() });
    expect(res.status).toBe(202);
    talons.push(((await res.json()) as { talon: string }).talon);
  }

  // Each report: register in KUI and decide while the worker is killed at a different moment.
  for (const [i, talon] of talons.entries()) {
    const kui = call('POST', `/api/v1/reports/${talon}/kui-registration`, officer.token);
    await sleep(40 + 120 * i);
    await killWorker();
    worker = startWorker();
    expect((await kui).status).toBe(200);

    const erdr = call('POST', `/api/v1/reports/${talon}/decision`, officer.token, { kind: 'REGISTER_ERDR' });
    await sleep(60 + 150 * i);
    await killWorker();
    worker = startWorker();
    expect((await erdr).status).toBe(200);
  }

  for (const talon of talons) {
    const handle = sys.client.workflow.getHandle(reportWorkflowId(talon));
    const result = await handle.result();
    expect(result.status).toBe('REGISTERED_ERDR');
    expect((await handle.query(getReport)).erdrNumber).toBe(result.erdrNumber);
    const row = await sys.db.prisma.report.findUnique({ where: { talon } });
    expect(row).toMatchObject({ kuiNumber: result.kuiNumber, erdrNumber: result.erdrNumber, status: 'REGISTERED_ERDR' });
  }

  // No number twice: each sequence's last value equals the count of numbers allocated from it,
  // all numbers are distinct, and each report holds exactly one KUI and one ERDR number.
  const allocations = await sys.db.prisma.numberAllocation.findMany();
  expect(new Set(allocations.map((a) => a.number)).size).toBe(allocations.length);
  const sequences = await sys.db.prisma.numberSequence.findMany();
  for (const seq of sequences) {
    const issued = allocations.filter((a) => a.kind === seq.kind && (seq.kind === 'TALON' || a.number.slice(2, 8) === seq.bodyCode));
    expect(seq.lastValue).toBe(issued.length);
  }
  for (const kind of ['KUI', 'ERDR']) {
    expect(allocations.filter((a) => a.kind === kind)).toHaveLength(talons.length);
  }
});
