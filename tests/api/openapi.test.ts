// The OpenAPI document: structurally sound OpenAPI 3.1, in agreement with the routes the app
// really serves (walked from the Express router stack of the app wired by app/system.ts), and
// with the access rules the routes really enforce (probed over HTTP), and served over HTTP.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import { z } from 'zod';
import { createApp } from '../../api/app';
import { SUBMISSION_ROUTES } from '../../api/abuse';
import { OPENAPI_PATH, openApiDocument } from '../../api/openapi';
import { REPORT_STATUS_LABELS, REPORT_STATUSES, signedReportContent } from '../../domain/report';
import { OFFICIAL_ROLES, type OfficialRole } from '../../domain/roles';
import { EncryptionCodec } from '../../platform/codec';
import { loadConfig } from '../../platform/config';
import { buildApp } from '../../app/system';

type Json = any;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PATH_ITEM_FIELDS = new Set<string>([...METHODS, 'summary', 'description', 'servers', 'parameters', '$ref']);

// ─────────────────────────────────────────────────────────────────────────────────────────────
// A small structural check of OpenAPI 3.1 (no validator package is installed)

function resolvePointer(doc: Json, ref: string): Json {
  if (!ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

const deref = (doc: Json, node: Json): Json => (node && typeof node.$ref === 'string' ? resolvePointer(doc, node.$ref) : node);

/** Every operation of the document as [path, method, operation, path item]. */
function operationsOf(doc: Json): [string, string, Json, Json][] {
  const out: [string, string, Json, Json][] = [];
  for (const [p, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const m of METHODS) if (item[m]) out.push([p, m, item[m], item]);
  }
  return out;
}

/** What is wrong with the document; empty when it is sound. */
function structuralProblems(doc: Json): string[] {
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) problems.push(`openapi is ${doc.openapi}, not 3.1.x`);
  if (!doc.info?.title || !doc.info?.version) problems.push('info.title and info.version are required');
  if (!doc.paths || typeof doc.paths !== 'object') problems.push('paths is missing');

  // Every $ref resolves inside the document.
  const walk = (node: Json, at: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`));
    else if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string' && resolvePointer(doc, node.$ref) === undefined) problems.push(`${at}: $ref ${node.$ref} does not resolve`);
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
    }
  };
  walk(doc, '#');

  const schemes = doc.components?.securitySchemes ?? {};
  const tags = new Set((doc.tags ?? []).map((t: Json) => t.name));
  const operationIds = new Map<string, string>();
  for (const [p, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (!p.startsWith('/')) problems.push(`path ${p} does not start with /`);
    for (const key of Object.keys(item)) if (!PATH_ITEM_FIELDS.has(key) && !key.startsWith('x-')) problems.push(`${p}: unknown field ${key}`);
  }
  for (const [p, method, op, item] of operationsOf(doc)) {
    const where = `${method.toUpperCase()} ${p}`;
    if (typeof op.operationId !== 'string' || !op.operationId) problems.push(`${where}: no operationId`);
    else if (operationIds.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} also used by ${operationIds.get(op.operationId)}`);
    else operationIds.set(op.operationId, where);

    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x: Json) => deref(doc, x));
    const seen = new Set<string>();
    for (const param of params) {
      if (!param) continue; // a dangling $ref, reported above
      if (!param.name || !['query', 'header', 'path', 'cookie'].includes(param.in)) problems.push(`${where}: parameter without name or valid "in"`);
      if (!param.schema === !param.content) problems.push(`${where}: parameter ${param.name} needs exactly one of schema, content`);
      if (param.in === 'path' && param.required !== true) problems.push(`${where}: path parameter ${param.name} must be required`);
      const key = `${param.in}:${param.name}`;
      if (seen.has(key)) problems.push(`${where}: parameter ${key} declared twice`);
      seen.add(key);
    }
    const inTemplate = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const declared = params
      .filter((x) => x?.in === 'path')
      .map((x) => x.name)
      .sort();
    if (JSON.stringify(inTemplate) !== JSON.stringify(declared)) problems.push(`${where}: path parameters ${declared} do not match the template ${inTemplate}`);

    const responses = Object.keys(op.responses ?? {});
    if (responses.length === 0) problems.push(`${where}: no responses`);
    for (const code of responses) if (!/^([1-5](\d\d|XX)|default)$/.test(code)) problems.push(`${where}: response key ${code}`);
    if (!responses.some((c) => c.startsWith('2'))) problems.push(`${where}: no success response`);
    for (const [code, r] of Object.entries<Json>(op.responses ?? {})) {
      if (typeof deref(doc, r)?.description !== 'string') problems.push(`${where}: response ${code} has no description`);
    }
    if (op.requestBody && !deref(doc, op.requestBody)?.content) problems.push(`${where}: requestBody without content`);
    for (const requirement of op.security ?? doc.security ?? []) {
      for (const name of Object.keys(requirement)) if (!schemes[name]) problems.push(`${where}: unknown security scheme ${name}`);
    }
    for (const tag of op.tags ?? []) if (!tags.has(tag)) problems.push(`${where}: undeclared tag ${tag}`);
    for (const role of op['x-required-roles'] ?? []) if (!OFFICIAL_ROLES.includes(role)) problems.push(`${where}: unknown role ${role}`);
  }
  return problems;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The routes an Express 5 app serves, from its router stack

/**
 * Every (METHOD, path) with a route handler. Express 5 (router 2.x) keeps each layer's path as
 * given in `layer.rawPath`: a router mounted with `app.use('/api/v1', r)` is a layer with that
 * rawPath whose `handle.stack` holds the router's own layers; `app.use(r)` mounts at '/'. Routes
 * are layers with `layer.route` (`route.path`, `route.methods`). Plain middleware (CORS preflight,
 * static files, the 404 fallback) has no route and serves no documented operation.
 */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const visit = (stack: Json[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // A list of paths (the submission rate limit: `app.post([...], limiter)`) serves each of them.
        const paths: unknown[] = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          if (typeof p !== 'string') throw new Error(`route with a non-string path ${String(p)} cannot be documented`);
          for (const method of Object.keys(layer.route.methods)) {
            if (method === '_all') throw new Error(`app.all('${p}') cannot be documented per method`);
            found.push(`${method.toUpperCase()} ${prefix}${p}`);
          }
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        if (typeof layer.rawPath !== 'string') throw new Error('a router mounted on a non-string path cannot be documented');
        visit(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
      }
    }
  };
  visit((app as Json).router.stack, '');
  return found.sort();
}

/** Express path syntax → an OpenAPI path template: `/reports/:talon` → `/reports/{talon}`. */
function toTemplate(expressPath: string): string {
  const template = expressPath.replace(/:(\w+)/g, '{$1}');
  if (/[*?()]/.test(template)) throw new Error(`${expressPath}: wildcard or optional segments need documenting by hand`);
  return template;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The app as production wires it, on stub dependencies that know sessions and nothing else

const BODY_CODE = '711303';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const tokenOfRole = (role: OfficialRole) => `session-of-${role}`;
const sessions = new Map<string, { iin: string; role: OfficialRole }>(
  OFFICIAL_ROLES.map((role, i) => [sha256(tokenOfRole(role)), { iin: `90010130000${i}`, role }]),
);

/** Answers the session lookup of api/auth.ts (its one query); every other database call fails (a 500, never a 401/403). */
const prisma = new Proxy(
  {
    $queryRaw: async (query: { text: string; values: unknown[] }) => {
      if (!query.text.includes('FROM session')) throw new Error('no database here (a raw query)');
      const s = sessions.get(query.values[0] as string);
      return s ? [{ iin: s.iin, full_name: `Official ${s.role}`, locale: 'kk', grants: [{ role: s.role, bodyCode: BODY_CODE }] }] : [];
    },
    report: { findUnique: async () => null, findMany: async () => [] },
  } as Json,
  {
    get: (known, model: string) =>
      known[model] ??
      new Proxy(
        {},
        {
          get: (_m, method: string) => async () => {
            throw new Error(`no database here (${model}.${method})`);
          },
        },
      ),
  },
);

const failing = new Proxy(
  {},
  {
    get: (_t, name: string) => {
      throw new Error(`stub dependency used: ${name}`);
    },
  },
) as never;

const productionApp = () =>
  buildApp({
    config: loadConfig({}),
    db: { prisma: prisma as never, audit: failing, url: 'postgresql://postgres@127.0.0.1:1/erdr' },
    client: failing,
    keys: [{ id: 'test', key: Buffer.alloc(32, 7) }],
    codecToken: 'codec-capability-token',
    signatures: failing,
    files: failing,
    searchPseudonym: failing,
  });

async function listen(app: Express): Promise<{ server: Server; baseUrl: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const SAMPLE_PARAMS: Record<string, string> = { talon: '260000000000101', id: '00000000-0000-4000-8000-000000000001' };

// ─────────────────────────────────────────────────────────────────────────────────────────────

const doc: Json = openApiDocument();

describe('structure', () => {
  test('the document is sound OpenAPI 3.1', () => {
    expect(structuralProblems(doc)).toEqual([]);
  });

  test('the structural check finds dangling refs, undeclared path parameters and repeated operationIds', () => {
    const broken = openApiDocument() as Json;
    broken.paths['/api/v1/reports/{talon}'].get.parameters = [];
    broken.paths['/api/v1/auth/me'].get.operationId = 'health';
    broken.components.schemas.User.properties.grants = { $ref: '#/components/schemas/Nowhere' };
    const problems = structuralProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('GET /api/v1/reports/{talon}: path parameters'),
        expect.stringContaining('operationId health also used'),
        expect.stringContaining('$ref #/components/schemas/Nowhere does not resolve'),
      ]),
    );
  });

  test('info, servers, the bearer scheme with the EDS login flow, and the shared error responses', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.info.description).toContain('Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімі');
    expect(doc.info.description).toContain('Единый реестр досудебных расследований');
    expect(doc.servers).toEqual([{ url: '/' }]);
    const bearer = doc.components.securitySchemes.bearer;
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(bearer.description).toMatch(/auth\/challenge[\s\S]*authentication[\s\S]*auth\/login/);

    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(Object.keys(doc.components.schemas.Error.properties.error.properties)).toEqual(['code', 'message', 'fields', 'localised', 'reasons', 'source']);
    const errorStatuses = operationsOf(doc).flatMap(([, , op]) => Object.keys(op.responses).filter((s) => s >= '400'));
    expect(new Set(errorStatuses)).toEqual(new Set(['400', '401', '403', '404', '409', '413', '422', '429', '500', '503']));
    // 429 exactly where api/abuse.ts limits: the login challenge and every submission route.
    const limited = operationsOf(doc)
      .filter(([, , op]) => op.responses['429'])
      .map(([p, m]) => `${m.toUpperCase()} ${p}`);
    expect(limited.sort()).toEqual(['POST /api/v1/auth/challenge', ...SUBMISSION_ROUTES.map((r) => `POST ${r.replace(/:(\w+)/g, '{$1}')}`)].sort());
    for (const [name, r] of Object.entries<Json>(doc.components.responses)) {
      expect([name, r.content['application/json'].schema]).toEqual([name, { $ref: '#/components/schemas/Error' }]);
    }
  });

  test('every operation lists its machine error codes in x-error-codes and in its description', () => {
    for (const [p, m, op] of operationsOf(doc)) {
      for (const [status, codes] of Object.entries<string[]>(op['x-error-codes'])) {
        expect([p, m, status, op.responses[status] !== undefined]).toEqual([p, m, status, true]);
        for (const code of codes) expect(op.description).toContain(`\`${code}\``);
      }
    }
    const submit = doc.paths['/api/v1/reports'].post;
    expect(submit['x-error-codes']).toMatchObject({
      '409': ['IDEMPOTENCY_KEY_REUSED'],
      '422': ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED'],
    });
  });
});

describe('content', () => {
  test('the report submission: Idempotency-Key header and the signed content schema derived from zod', () => {
    const submit = doc.paths['/api/v1/reports'].post;
    const header = submit.parameters.map((x: Json) => deref(doc, x)).find((x: Json) => x.in === 'header');
    expect(header).toMatchObject({ name: 'Idempotency-Key', required: true });
    expect(submit.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReportSubmission' });
    expect(doc.components.schemas.ReportSubmission.properties.signedReport.contentSchema).toEqual({ $ref: '#/components/schemas/SignedReportContent' });

    const { $schema: _dialect, ...fromZod } = z.toJSONSchema(signedReportContent, { io: 'input' }) as Json;
    const { description, ...documented } = doc.components.schemas.SignedReportContent;
    expect(documented).toEqual(fromZod);
    expect(description).toContain('419');
    expect(documented.additionalProperties).toBe(false);
    expect(documented.required).toEqual(expect.arrayContaining(['fabula', 'offenceAt', 'bodyId', 'falseReportWarningAccepted']));
    expect(documented.required).not.toContain('attachments'); // defaults to none
  });

  test('the file upload is multipart with the file and its signature', () => {
    const upload = doc.paths['/api/v1/files'].post.requestBody.content['multipart/form-data'];
    expect(deref(doc, upload.schema).required).toEqual(['file', 'signature']);
    expect(doc.paths['/api/v1/files'].post['x-error-codes']['413']).toEqual(['FILE_TOO_LARGE']);
  });

  test('report statuses with their kk/ru/en labels', () => {
    const status = doc.components.schemas.ReportStatus;
    expect(status.enum).toEqual([...REPORT_STATUSES]);
    expect(status['x-enum-labels']).toEqual(REPORT_STATUS_LABELS);
    expect(status.description).toContain('| `REGISTERED_KUI` | АЕК-ге тіркелді | Зарегистрировано в КУИ | Registered in the KUI book |');
  });

  test('official routes name their roles', () => {
    const roles = Object.fromEntries(
      operationsOf(doc)
        .filter(([, , op]) => op['x-required-roles'])
        .map(([p, m, op]) => [`${m.toUpperCase()} ${p}`, op['x-required-roles']]),
    );
    expect(roles).toMatchObject({
      'POST /api/v1/reports/{talon}/kui-registration': ['registry_officer'],
      'POST /api/v1/account-applications/{id}/decision': ['operator'],
    });
    for (const [p, m, op] of operationsOf(doc)) {
      for (const role of op['x-required-roles'] ?? []) expect([m, p, op.description]).toEqual([m, p, expect.stringContaining(`\`${role}\``)]);
    }
  });
});

describe('the document and the app agree', () => {
  let app: Express;
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    app = productionApp();
    ({ server, baseUrl } = await listen(app));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  test('every served route is documented, and every documented route is served', () => {
    const served = registeredRoutes(app).map((r) => {
      const [method, p] = r.split(' ');
      return `${method} ${toTemplate(p)}`;
    });
    const documented = operationsOf(doc)
      .map(([p, m]) => `${m.toUpperCase()} ${p}`)
      .sort();
    // Sanity: the walk reached the routers mounted under /api/v1 and those mounted at the root.
    expect(served).toEqual(
      expect.arrayContaining(['GET /health', 'POST /codec/t/{token}/decode', 'POST /api/v1/reports/{talon}/decision', `GET ${OPENAPI_PATH}`]),
    );
    expect({ undocumented: served.filter((r) => !documented.includes(r)), notServed: documented.filter((r) => !served.includes(r)) }).toEqual({
      undocumented: [],
      notServed: [],
    });
  });

  const send = (method: string, template: string, token?: string) => {
    let url = template.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'token' ? (token ?? 'no-such-token') : SAMPLE_PARAMS[name]));
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token && !template.includes('{token}')) headers.Authorization = `Bearer ${token}`;
    url = baseUrl + url;
    return fetch(url, { method: method.toUpperCase(), headers, body: method === 'get' ? undefined : '{}' }).then(async (res) => ({
      status: res.status,
      code: ((await res.json().catch(() => null)) as Json)?.error?.code as string | undefined,
    }));
  };

  test('operations documented as needing a login answer 401 without one; public ones do not', async () => {
    // One request at a time: on a loaded machine thirty parallel requests only add noise.
    const outcomes: { op: string; unauthenticated: boolean; needsLogin: boolean }[] = [];
    for (const [p, m, op] of operationsOf(doc)) {
      const needsLogin = (op.security ?? doc.security).length > 0 && !p.startsWith('/codec');
      const { status, code } = await send(m, p);
      outcomes.push({ op: `${m.toUpperCase()} ${p}`, unauthenticated: status === 401 && code === 'UNAUTHENTICATED', needsLogin });
    }
    expect(outcomes.filter((o) => o.unauthenticated !== o.needsLogin)).toEqual([]);
    expect(outcomes.filter((o) => o.needsLogin).length).toBeGreaterThan(15);
  });

  test('x-required-roles are exactly the roles the server lets through', async () => {
    const guarded = operationsOf(doc).filter(([, , op]) => op['x-required-roles']);
    expect(guarded.length).toBeGreaterThanOrEqual(8);
    const mismatches: string[] = [];
    for (const [p, m, op] of guarded) {
      const required: OfficialRole[] = op['x-required-roles'];
      const anonymous = await send(m, p);
      // Without a token: 401 where the document says so (x-error-codes), else the codec's 403.
      if (anonymous.status !== ('401' in op['x-error-codes'] ? 401 : 403)) mismatches.push(`${m} ${p} without a token: ${anonymous.status}`);
      for (const role of OFFICIAL_ROLES) {
        const { status, code } = await send(m, p, tokenOfRole(role));
        const refused = status === 403 && code === 'FORBIDDEN';
        if (refused === required.includes(role) || status === 401) mismatches.push(`${m} ${p} as ${role}: ${status} ${code}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

test('GET /api/v1/openapi.json serves the document, without a login', async () => {
  const app = createApp({
    checks: {},
    codec: { codec: new EncryptionCodec([{ id: 'k', key: Buffer.alloc(32, 1) }]), corsOrigins: [], authorise: async () => false },
    limits: { challengesPerMinute: 60, submissionsPerMinute: 30 },
  });
  const { server, baseUrl } = await listen(app);
  try {
    const res = await fetch(baseUrl + OPENAPI_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(openApiDocument());
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
