// Contract fuzzing: requests generated from the OpenAPI document the running API serves, for every
// operation, each sent with no token (or a dead one), a citizen's token and an official's. The
// contract: no answer is a 5xx; every 4xx is JSON `{ error: { code, message, fields?, localised? } }`;
// a success has a documented status and the documented content type. Values come from the
// operation's parameters and body schema (tests/helpers/openapi-arbitraries.ts) — valid, nearly
// valid and hostile — and from real things made in beforeAll (talons, an ERDR case whose confirmed
// victim is the citizen, a signed file, a petition, a complaint, an access application, signed
// reports, encrypted payloads), so that handlers go past validation.
//
// That the document lists every route Express serves (and nothing else) is checked by
// tests/api/openapi.test.ts on the router stack; here, every documented operation must have a
// fuzzing profile.
//
// FUZZ_RUNS (default 10): generated requests per operation, each sent three times (operations with
// no inputs get a quarter). FUZZ_SEED: the seed (random by default; printed with the totals and in
// every failure). FUZZ_ONLY=operationId,…: fuzz only those operations. FUZZ_KEEP_GOING=1: list every
// breach instead of stopping at the first; FUZZ_SHRINK=1: shrink a failure to a smaller request;
// FUZZ_TRACE=1: every request and its answer on stderr.
//
// The profiles and the fixtures are in tests/api/fuzz-profiles/, one file of profiles per process.
import net from 'node:net';
import fc from 'fast-check';
import { openApiDocument } from '../../api/openapi';
import { allBodies } from '../../domain/dictionaries';
import { MAX_FILE_BYTES } from '../../documents/media-type';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { startTestSystem } from '../helpers/system';
import { loginAs } from '../helpers/pki';
import * as A from '../helpers/openapi-arbitraries';
import { type Fixtures, type Json, type Profile, setSystem, sys } from './fuzz-profiles/kit';
import { makeFixtures } from './fuzz-profiles/fixtures';
import { PROFILES } from './fuzz-profiles';
import { type Answer, type FuzzRequest, describeBody, send, short, toWire, urlOf } from './fuzz-profiles/wire';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 10));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** FUZZ_TRACE=1: each request, its answer and time on stderr as it happens. */
const TRACE = process.env.FUZZ_TRACE === '1';
/** FUZZ_KEEP_GOING=1: list every breach of an operation instead of stopping at the first (no shrinking). */
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',')) : undefined;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Real things to aim at (made by tests/api/fuzz-profiles/fixtures.ts)

let fx: Fixtures;
let doc: Json;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// What each operation is fuzzed with: the profiles are in tests/api/fuzz-profiles/, one file per process.

/** Generators for values the schema alone describes too loosely (IINs, codes), by property name. */
const hints = (f: Fixtures): A.SchemaHints => ({
  byName: {
    // Never the IIN of a session of this suite: an operator's BLOCKING application is executed at
    // once, and a blocked citizen would leave the rest of the run at 401.
    iin: fc.oneof(A.validIin, fc.stringMatching(/^\d{12}$/)).filter((iin) => !Object.values(f.sessions).some((x) => x.user.iin === iin)),
    bodyCode: fc.oneof(fc.constant(DEV_OFFICIALS_BODY), fc.stringMatching(/^\d{6}$/)),
    toBodyId: fc.constantFrom(
      ...allBodies()
        .slice(0, 20)
        .map((b) => b.id),
      'no-such-body',
      '__proto__',
    ),
    erdrNumber: fc.oneof(fc.constantFrom(...f.erdrs), fc.stringMatching(/^\d{15}$/)),
    challengeId: fc.oneof(fc.constantFrom(...f.challengeIds), fc.uuid()),
    'Idempotency-Key': fc.oneof(fc.stringMatching(/^[\w.:-]{8,128}$/), fc.constant('fuzz-key-0001')),
  },
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Requests (their URL, bytes and sending: tests/api/fuzz-profiles/wire.ts)

function requestArb(o: A.Operation, profile: Profile, f: Fixtures): fc.Arbitrary<FuzzRequest> {
  const h = hints(f);
  const params: Json[] = (o.op.parameters ?? []).map((p: Json) => A.resolveRef(doc, p));
  const plausible = profile.pathValues?.(f) ?? {};
  const path: Record<string, fc.Arbitrary<A.ParamValue>> = {};
  const query: fc.Arbitrary<[string, string][]>[] = [];
  const headers: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of params) {
    if (p.in === 'path') path[p.name] = A.pathParamArb(doc, p, plausible[p.name] ?? [], h);
    else if (p.in === 'query') query.push(A.queryParamArb(doc, p, h).map((vs) => (vs ?? []).map((v): [string, string] => [p.name, v])));
    else if (p.in === 'header') headers[p.name] = A.headerParamArb(doc, p, h);
    else throw new Error(`${o.op.operationId}: no generator for ${p.in} parameter ${p.name}`);
  }
  for (const name of o.path.match(/\{(\w+)\}/g) ?? []) {
    if (!path[name.slice(1, -1)]) throw new Error(`${o.op.operationId}: path parameter ${name} is not documented`);
  }

  const rb = o.op.requestBody && A.resolveRef(doc, o.op.requestBody);
  const types = Object.keys(rb?.content ?? {});
  let body: fc.Arbitrary<A.BodySpec>;
  if (profile.upload) {
    if (!types.includes('multipart/form-data')) throw new Error(`${o.op.operationId}: an upload profile for an operation without a multipart body`);
    body = A.uploadBodyArb({ maxFileBytes: MAX_FILE_BYTES, plausible: f.signedUploads });
  } else if (types.length === 0) {
    body = o.method === 'get' ? fc.constant<A.BodySpec>({ kind: 'none' }) : A.unexpectedBodyArb;
  } else if (types.length === 1 && types[0] === 'application/json') {
    body = A.jsonBodyArb(doc, rb, { plausible: profile.bodies?.(f), hints: h });
  } else {
    throw new Error(`${o.op.operationId}: no generator for request bodies of ${types.join(', ')}`);
  }

  return fc
    .record({
      path: fc.record(path),
      query: fc.tuple(fc.tuple(...query), A.extraQueryArb).map(([qs, extra]) => [...qs.flat(), ...extra]),
      headers: fc.record(headers).map((hs) => Object.fromEntries(Object.entries(hs).filter((e): e is [string, string] => e[1] !== undefined))),
      body,
    })
    .map((r) =>
      Object.defineProperty(r, fc.toStringMethod, {
        value: () => `{ path: ${short(r.path)}, query: ${short(r.query)}, headers: ${short(r.headers)}, body: ${describeBody(r.body)} }`,
      }),
    );
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The contract

const totals = {
  requests: 0,
  byClass: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  operations: 0,
  undocumented: new Map<string, number>(),
};

/**
 * Refusals the document names for every request (its description): before any operation is
 * reached, or by the rate limits.
 */
const ANY_REQUEST = new Set(['400 BAD_REQUEST', '413 PAYLOAD_TOO_LARGE', '415 UNSUPPORTED_MEDIA_TYPE', '431 HEADERS_TOO_LARGE', '429 RATE_LIMITED']);

/** Counts the answer; one the operation does not document is listed with the totals (not a failure). */
function count(o: A.Operation | undefined, a: Answer | undefined) {
  totals.requests++;
  const cls = a ? `${Math.floor(a.status / 100)}xx` : 'no answer';
  totals.byClass[cls] = (totals.byClass[cls] ?? 0) + 1;
  if (!a) return;
  totals.byStatus[a.status] = (totals.byStatus[a.status] ?? 0) + 1;
  if (!o) return;
  let code = '';
  try {
    code = JSON.parse(a.text)?.error?.code ?? '';
  } catch {
    /* a breach, reported as such */
  }
  if (o.op.responses?.[String(a.status)] !== undefined || ANY_REQUEST.has(`${a.status} ${code}`) || a.status === 429) return;
  const key = `${o.op.operationId} ${a.status}${code ? ` ${code}` : ''}`;
  totals.undocumented.set(key, (totals.undocumented.get(key) ?? 0) + 1);
}

const ERROR_KEYS = new Set(['code', 'message', 'fields', 'localised', 'reasons', 'source']);

/** Why the answer breaks the contract; undefined when it keeps it. */
function breach(o: A.Operation, a: Answer): string | undefined {
  const documented = o.op.responses?.[String(a.status)] && A.resolveRef(doc, o.op.responses[String(a.status)]);
  const documentedJson = documented?.content?.['application/json'];
  const isErrorSchema = documentedJson?.schema && A.resolveRef(doc, documentedJson.schema) === A.resolveRef(doc, { $ref: '#/components/schemas/Error' });

  // A 5xx is a fault, except a route's own documented answer (GET /ready: 503 with its report).
  if (a.status >= 500 && !(documentedJson && !isErrorSchema && o.op.responses[String(a.status)].$ref === undefined)) return `answered ${a.status}`;
  if (a.status >= 300 && a.status < 400) return `answered a redirect ${a.status}`;
  if (a.status < 200) return `answered ${a.status}`;

  if (a.status >= 400) {
    if (!/^application\/json\b/.test(a.contentType)) return `a ${a.status} as ${a.contentType || '(no type)'}, not JSON`;
    let body: Json;
    try {
      body = JSON.parse(a.text);
    } catch {
      return `a ${a.status} whose body is not JSON`;
    }
    const e = body?.error;
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).join() !== 'error') return `a ${a.status} that is not { error: … }`;
    if (!e || typeof e !== 'object' || typeof e.code !== 'string' || !e.code || typeof e.message !== 'string')
      return `a ${a.status} without error.code and error.message`;
    const extra = Object.keys(e).filter((k) => !ERROR_KEYS.has(k));
    if (extra.length) return `a ${a.status} with unknown error fields ${extra.join(', ')}`;
    if (
      e.fields !== undefined &&
      (typeof e.fields !== 'object' || e.fields === null || Array.isArray(e.fields) || Object.values(e.fields).some((v) => typeof v !== 'string'))
    )
      return `a ${a.status} whose error.fields is not a record of strings`;
    if (e.localised !== undefined && !['kk', 'ru', 'en'].every((l) => typeof e.localised?.[l] === 'string'))
      return `a ${a.status} whose error.localised lacks kk/ru/en`;
    if (e.reasons !== undefined && !Array.isArray(e.reasons)) return `a ${a.status} whose error.reasons is not a list`;
    return undefined;
  }

  // 2xx: documented, with the documented content type.
  if (!documented) return `answered ${a.status}, which the document does not list`;
  const types = Object.keys(documented.content ?? {});
  if (types.length === 0) return a.text.length ? `a ${a.status} documented without a body has one` : undefined;
  const media = a.contentType.split(';')[0].trim().toLowerCase();
  if (types.includes('application/json')) {
    if (media !== 'application/json') return `a ${a.status} as ${a.contentType}, documented as JSON`;
    try {
      JSON.parse(a.text);
    } catch {
      return `a ${a.status} whose JSON does not parse`;
    }
    return undefined;
  }
  // Downloads: the documented type, or for application/octet-stream whatever the file is.
  if (!types.includes(media) && !types.includes('application/octet-stream')) return `a ${a.status} as ${a.contentType}, documented as ${types.join(', ')}`;
  return undefined;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

const timing = { systemMs: 0, fixturesMs: 0 };

beforeAll(async () => {
  const started = Date.now();
  setSystem(await startTestSystem());
  timing.systemMs = Date.now() - started;
  doc = await (await fetch(`${sys.baseUrl}/api/v1/openapi.json`)).json();
  fx = await makeFixtures();
  timing.fixturesMs = Date.now() - started - timing.systemMs;
}, 180_000);

/**
 * Workflows whose activity keeps failing: what a fuzzed request left behind though its answer was
 * fine (a NUL in an access application's name once did). Listed with the totals, not asserted:
 * how far retries have got depends on timing.
 */
async function stuckWorkflows(): Promise<string[]> {
  const stuck: string[] = [];
  try {
    for await (const wf of sys.client.workflow.list({ query: `TaskQueue = '${sys.taskQueue}' AND ExecutionStatus = 'Running'` })) {
      const raw = (await sys.client.workflow.getHandle(wf.workflowId).describe()).raw;
      for (const a of raw.pendingActivities ?? []) {
        if ((a.attempt ?? 0) >= 3) stuck.push(`${wf.workflowId} ${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? ''}`.slice(0, 300));
      }
    }
  } catch (e) {
    stuck.push(`(could not list: ${(e as Error).message})`);
  }
  return stuck;
}

afterAll(async () => {
  const stuck = sys ? await stuckWorkflows() : [];
  const classes = ['2xx', '3xx', '4xx', '5xx', 'no answer'].map((c) => `${c} ${totals.byClass[c] ?? 0}`).join(' · ');
  const statuses = Object.entries(totals.byStatus)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  const undocumented = [...totals.undocumented].map(([k, n]) => `    ${k} ×${n}`).join('\n');
  console.log(
    `Contract fuzzing, FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}: ${totals.operations} operations, ${totals.requests} requests ` +
      `(system up in ${(timing.systemMs / 1000).toFixed(1)} s, fixtures ${(timing.fixturesMs / 1000).toFixed(1)} s)\n` +
      `  by class: ${classes}\n  by status: ${statuses}` +
      (undocumented ? `\n  statuses the operation does not document:\n${undocumented}` : '') +
      (fx?.missing.length ? `\n  fixtures not made (less depth): ${fx.missing.join('; ')}` : '') +
      `\n  workflows with an activity failing again and again: ${stuck.length ? `\n    ${stuck.join('\n    ')}` : 'none'}`,
  );
  await sys?.stop();
});

const staticOperations = A.operationsOf(openApiDocument());

/** Sends bytes fetch would never send; the answer as it came, until the server closed. */
function rawRequest(bytes: string): Promise<string> {
  const { port } = new URL(sys.baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (e) => (chunks.length ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(e)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

test('requests Node refuses before Express sees them are answered with a structured error too', async () => {
  const cases: [string, number, string][] = [
    [`GET /health HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'BAD_REQUEST'],
    ['BREW /pot HTCPCP/1.0\r\n\r\n', 400, 'BAD_REQUEST'],
    ['POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'BAD_REQUEST'],
  ];
  for (const [bytes, status, code] of cases) {
    const answer = await rawRequest(bytes);
    const [head, body] = answer.split('\r\n\r\n');
    const got = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
    count(undefined, { status: got, contentType: '', text: '' });
    expect({ status: got, head: /content-type: application\/json/i.test(head), body: JSON.parse(body ?? 'null') }).toEqual({
      status,
      head: true,
      body: { error: { code, message: expect.any(String) } },
    });
  }
});

test('every operation of the served document has a fuzzing profile', () => {
  const served = A.operationsOf(doc)
    .map((o) => o.op.operationId)
    .sort();
  expect(served).toEqual(staticOperations.map((o) => o.op.operationId).sort());
  expect(served.filter((id) => !PROFILES[id])).toEqual([]);
  expect(Object.keys(PROFILES).filter((id) => !served.includes(id))).toEqual([]);
});

describe.each(staticOperations.map((o, i) => ({ id: o.op.operationId as string, index: i, label: `${o.method.toUpperCase()} ${o.path}` })))(
  '$label',
  ({ id, index }) => {
    const run = ONLY && !ONLY.has(id) ? test.skip : test;
    run(
      `${id}: no 5xx, every 4xx structured, successes as documented`,
      async () => {
        const o = A.operationsOf(doc).find((x) => x.op.operationId === id)!;
        const profile = PROFILES[id];
        expect(profile).toBeDefined();
        await profile.refresh?.(fx);
        const hasInputs = (o.op.parameters ?? []).length > 0 || o.op.requestBody || profile.upload;
        const numRuns = hasInputs ? RUNS : Math.max(2, Math.ceil(RUNS / 4));
        totals.operations++;

        const property = fc.asyncProperty(
          requestArb(o, profile, fx),
          fc.constantFrom(...profile.officials),
          A.anonymousAuthArb,
          async (req, official, anonymous) => {
            const wire = await toWire(req.body);
            const callers: [string, () => Promise<string | undefined>][] = [
              ['anonymous', async () => anonymous],
              ['citizen', async () => `Bearer ${profile.freshSession ? (await loginAs(sys.baseUrl, 'citizen')).token : fx.sessions.citizen.token}`],
              [official, async () => `Bearer ${profile.freshSession ? (await loginAs(sys.baseUrl, official)).token : fx.sessions[official].token}`],
            ];
            for (const [who, auth] of callers) {
              const started = Date.now();
              const { answer, failure } = await send(o, req, wire, await auth());
              if (TRACE)
                process.stderr.write(
                  `${id} ${who} ${answer?.status ?? failure} ${Date.now() - started} ms ${short(urlOf(o, req).slice(sys.baseUrl.length), 120)} ${describeBody(req.body).slice(0, 120)}\n`,
                );
              count(o, answer);
              const problem = failure ?? breach(o, answer!);
              if (problem && KEEP_GOING) {
                kept.push(
                  `${who}: ${problem} — ${o.method.toUpperCase()} ${short(urlOf(o, req).slice(sys.baseUrl.length), 160)} ${describeBody(req.body).slice(0, 160)} → ${short(answer?.text ?? '', 200)}`,
                );
              } else if (problem) {
                throw new Error(
                  `${o.method.toUpperCase()} ${urlOf(o, req).slice(sys.baseUrl.length, sys.baseUrl.length + 300)} as ${who}: ${problem}\n` +
                    `  request headers: ${short(req.headers)}; body: ${describeBody(req.body)}\n` +
                    (answer ? `  answer: ${answer.status} ${answer.contentType} ${short(answer.text, 500)}` : ''),
                );
              }
            }
          },
        );
        const kept: string[] = [];
        const reproduce = `reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} FUZZ_ONLY=${id}`;
        try {
          await fc.assert(property, { numRuns, seed: SEED + index, endOnFailure: process.env.FUZZ_SHRINK !== '1' });
        } catch (e) {
          (e as Error).message = `${reproduce}\n${(e as Error).message}`;
          throw e;
        }
        expect({ reproduce, breaches: kept }).toEqual({ reproduce, breaches: [] });
      },
      300_000,
    );
  },
);
