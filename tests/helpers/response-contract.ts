// Every JSON answer of a test system is checked against the response schema the OpenAPI document
// declares for its operation and status: the zod schema the router exports in `<stem>Paths`
// (the document is generated from the same schemas), and the `Error` body for every error status.
// Mismatches are recorded; tests/setup-response-contract.ts fails the test that produced one.
// Stricter than zod's parse: a key the schema does not name is a mismatch too, as the document
// says (`additionalProperties: false` on every response object).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { apiPaths } from '../../api/openapi';
import { errorSchema } from '../../api/openapi-kit';
import { recordedMismatches as recorded } from './response-record';

export { takeResponseMismatches } from './response-record';

type Json = any;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  op: Json;
}

/** The documented routes, literal segments before parameters (`/incidents/a7.csv` before `/incidents/{id}`). */
function routesOf(paths: ZodOpenApiPathsObject): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries<Json>(paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const method of METHODS) if (item[method]) routes.push({ method, template, pattern, params: (template.match(/\{/g) ?? []).length, op: item[method] });
  }
  return routes.sort((a, b) => a.params - b.params);
}

const isZod = (x: unknown): x is z.ZodType => !!x && typeof x === 'object' && '_zod' in x;
/** Described with zod (`<stem>Paths`), not by hand (api/openapi.ts `legacyPaths`). */
const converted = (op: Json) => Object.values<Json>(op.responses ?? {}).some((r) => isZod(r?.content?.['application/json']?.schema));

/** The schema the document declares for this status: the route's own, else `Error` for an error status; null when none is declared. */
function declaredSchema(op: Json, status: number): z.ZodType | 'undocumented' | 'not-zod' | null {
  const response = op.responses?.[String(status)];
  if (!response) return status >= 400 ? errorSchema : converted(op) ? 'undocumented' : 'not-zod';
  if (typeof response.$ref === 'string') return response.$ref.startsWith('#/components/responses/') ? errorSchema : 'not-zod';
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) return null; // not a JSON answer (a download, 204)
  return isZod(schema) ? schema : 'not-zod';
}

/** Keys of `value` that `schema` does not name (zod's parse drops them silently). */
export function unknownKeys(schema: z.ZodType, value: unknown, at = ''): string[] {
  const def = (schema as Json)._zod.def;
  switch (def.type) {
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
      const out: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (def.shape[k]) out.push(...unknownKeys(def.shape[k], v, `${at}.${k}`));
        else if (def.catchall && def.catchall._zod.def.type !== 'never') out.push(...unknownKeys(def.catchall, v, `${at}.${k}`));
        else out.push(`${at}.${k}`);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.flatMap((v, i) => unknownKeys(def.element, v, `${at}[${i}]`)) : [];
    case 'record':
      return value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => unknownKeys(def.valueType, v, `${at}.${k}`)) : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return value === null || value === undefined ? [] : unknownKeys(def.innerType, value, at);
    case 'pipe':
      return unknownKeys(def.in, value, at);
    case 'lazy':
      return unknownKeys(def.getter(), value, at);
    case 'union': {
      const option = (def.options as z.ZodType[]).find((o) => o.safeParse(value).success);
      return option ? unknownKeys(option, value, at) : [];
    }
    case 'intersection': {
      // A key is unknown only if neither side names it.
      const right = new Set(unknownKeys(def.right, value, at));
      return unknownKeys(def.left, value, at).filter((k) => right.has(k));
    }
    default:
      return [];
  }
}

/** What is wrong with `body` as the answer `status` of `op`; empty when it is as documented. */
export function responseProblems(op: Json, status: number, body: unknown): string[] {
  const schema = declaredSchema(op, status);
  if (schema === null || schema === 'not-zod') return [];
  if (schema === 'undocumented') return [`status ${status} is not documented for this operation`];
  const parsed = schema.safeParse(body);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  return [...problems, ...unknownKeys(schema, body).map((k) => `${k.slice(1) || '(body)'}: not in the schema`)];
}

/**
 * The app's request handler with every JSON answer checked as it is sent. Only what the document
 * describes is checked: unknown paths (404 from the fallback) are checked as errors.
 */
export function checkingResponses<T extends Handler>(app: T, paths: ZodOpenApiPathsObject = apiPaths()): T {
  const routes = routesOf(paths);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // Read now: Express shortens req.url to the part below a router's mount point while it runs.
    const url = req.url ?? '/';
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as Json;
    const end = res.end.bind(res) as Json;
    const isJson = () => /^application\/json/.test(String(res.getHeader('content-type') ?? ''));
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk && typeof chunk !== 'function' && isJson())
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    (res as Json).write = (chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    };
    (res as Json).end = (chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    };
    res.once('finish', () => {
      if (!chunks.length || req.method === 'HEAD') return;
      const pathname = new URL(url, 'http://x').pathname;
      const route = routes.find((r) => r.method === req.method?.toLowerCase() && r.pattern.test(pathname));
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        recorded().push({
          operation: `${req.method} ${pathname}`,
          status: res.statusCode,
          problems: ['the body is not JSON, yet sent as application/json'],
          body: null,
        });
        return;
      }
      const problems = route ? responseProblems(route.op, res.statusCode, body) : res.statusCode >= 400 ? responseProblems({}, res.statusCode, body) : [];
      if (problems.length)
        recorded().push({
          operation: route ? `${route.op.operationId} (${req.method} ${route.template})` : `${req.method} ${pathname}`,
          status: res.statusCode,
          problems,
          body,
        });
    });
    app(req, res);
  };
  return handler as T;
}
