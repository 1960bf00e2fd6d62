// The response check every test system runs (tests/helpers/response-contract.ts) catches answers
// that differ from the document: a missing or mistyped field, a field the schema does not name, a
// status the operation does not document, an error body not in the `Error` shape. Shown on a bare
// HTTP handler that answers as told, so the check is tested apart from any router.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { checkingResponses, takeResponseMismatches, unknownKeys } from '../helpers/response-contract';
import { failOnResponseMismatches } from '../helpers/response-record';

let answer: { status: number; body: unknown; type?: string } = { status: 200, body: {} };
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  const app = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    // As Express answers: the header set, then the body.
    res.statusCode = answer.status;
    res.setHeader('Content-Type', answer.type ?? 'application/json; charset=utf-8');
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  };
  server = http.createServer(checkingResponses(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Sends a request answered with `a`; the mismatches it produced (taken, so the test itself does not fail on them). */
async function mismatchesOf(method: string, path: string, a: typeof answer) {
  answer = a;
  const res = await fetch(baseUrl + path, { method });
  await res.arrayBuffer();
  await new Promise((resolve) => setImmediate(resolve)); // the check runs on 'finish'
  return takeResponseMismatches();
}

const talon = '260000000000101';
const reportItem = {
  talon,
  status: 'AWAITING_REGISTRATION',
  statusLabel: { kk: 'Тіркеуді күту', ru: 'Ожидает регистрации', en: 'Awaiting registration' },
  description: 'Велосипед ұрланды',
  registeringBody: null,
  submittedAt: '2026-03-01T10:00:00.000Z',
  kuiNumber: null,
  erdrNumber: null,
};

test('an answer as documented passes', async () => {
  expect(await mismatchesOf('GET', '/api/v1/reports', { status: 200, body: { items: [reportItem] } })).toEqual([]);
  expect(await mismatchesOf('POST', '/api/v1/reports', { status: 202, body: { talon, status: 'AWAITING_REGISTRATION' } })).toEqual([]);
  expect(await mismatchesOf('GET', `/api/v1/reports/${talon}`, { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Report not found' } } })).toEqual(
    [],
  );
});

test('a wrong response shape is caught: a mistyped field, a missing one, an unknown status', async () => {
  const [wrong] = await mismatchesOf('GET', '/api/v1/reports', {
    status: 200,
    body: { items: [{ ...reportItem, talon: 42, submittedAt: undefined, status: 'LOST' }] },
  });
  expect(wrong.operation).toBe('listMyReports (GET /api/v1/reports)');
  expect(wrong.problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^items\.0\.talon:/),
      expect.stringMatching(/^items\.0\.submittedAt:/),
      expect.stringMatching(/^items\.0\.status:/),
    ]),
  );
  const [status] = await mismatchesOf('POST', '/api/v1/reports', { status: 201, body: { talon, status: 'AWAITING_REGISTRATION' } });
  expect(status.problems).toEqual(['status 201 is not documented for this operation']);
});

test('a field the schema does not name is caught, as the document says (additionalProperties: false)', async () => {
  const [extra] = await mismatchesOf('POST', '/api/v1/reports', {
    status: 202,
    body: { talon, status: 'AWAITING_REGISTRATION', applicantIin: '900101300001' },
  });
  expect(extra.problems).toEqual(['applicantIin: not in the schema']);
});

test('every error body must be the structured error, on documented routes and elsewhere', async () => {
  const [onRoute] = await mismatchesOf('GET', `/api/v1/reports/${talon}`, { status: 404, body: { message: 'not found' } });
  expect(onRoute.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^error:/), 'message: not in the schema']));
  const [elsewhere] = await mismatchesOf('GET', '/api/v1/no-such-thing', { status: 404, body: { error: 'NOT_FOUND' } });
  expect(elsewhere.operation).toBe('GET /api/v1/no-such-thing');
  const [notJson] = await mismatchesOf('GET', '/api/v1/reports', { status: 200, body: '{"items": [' });
  expect(notJson.problems).toEqual(['the body is not JSON, yet sent as application/json']);
});

test('non-JSON answers (downloads) are not read', async () => {
  expect(await mismatchesOf('GET', `/api/v1/reports/${talon}/materials.zip`, { status: 200, body: 'PK…', type: 'application/zip' })).toEqual([]);
});

test('unknown keys are found through arrays, unions, optionals and records', () => {
  const schema = z.object({
    a: z.array(z.discriminatedUnion('kind', [z.object({ kind: z.literal('x'), x: z.number() }), z.object({ kind: z.literal('y') })])),
    b: z.object({ c: z.string() }).nullable().optional(),
    r: z.record(z.string(), z.object({ ok: z.boolean() })),
  });
  expect(
    unknownKeys(schema, {
      a: [
        { kind: 'x', x: 1, y: 2 },
        { kind: 'y', x: 1 },
      ],
      b: { c: '', d: 1 },
      r: { p: { ok: true, no: 1 } },
      e: 0,
    }),
  ).toEqual(['.a[0].y', '.a[1].x', '.b.d', '.r.p.no', '.e']);
  expect(unknownKeys(schema, { a: [], b: null, r: {} })).toEqual([]);
});

test('the check run after every test fails it on a recorded mismatch, naming the operation and the problem', async () => {
  answer = { status: 202, body: { talon: 'not-a-talon', status: 'AWAITING_REGISTRATION' } };
  await (await fetch(`${baseUrl}/api/v1/reports`, { method: 'POST' })).arrayBuffer();
  await new Promise((resolve) => setImmediate(resolve));
  expect(failOnResponseMismatches).toThrow(/submitReport \(POST \/api\/v1\/reports\) → 202:\n {2}talon:/);
  expect(failOnResponseMismatches).not.toThrow(); // taken: the next test starts clean
});
