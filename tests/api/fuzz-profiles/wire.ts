// How tests/api/contract-fuzz.test.ts puts a generated request on the wire: its URL, its body as
// bytes with their headers, the fetch that sends it, and how it prints in a failure or a trace.
import * as A from '../../helpers/openapi-arbitraries';
import { sys } from './kit';

/** A generated request: path parameters, query pairs, headers and the body to send. */
export interface FuzzRequest {
  path: Record<string, A.ParamValue>;
  query: [string, string][];
  headers: Record<string, string>;
  body: A.BodySpec;
}

/** What the server answered. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** How a request prints in a failure: short, whatever its size. */
export const short = (v: unknown, n = 300) => {
  const s =
    typeof v === 'string'
      ? v
      : (() => {
          try {
            return JSON.stringify(v) ?? String(v);
          } catch {
            return String(v);
          }
        })();
  return s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s;
};

export function describeBody(b: A.BodySpec): string {
  switch (b.kind) {
    case 'none':
      return 'no body';
    case 'json':
      return `JSON ${short(b.value)}${b.contentType ? ` as ${b.contentType}` : ''}${b.encoding ? ` with Content-Encoding ${b.encoding}` : ''}`;
    case 'raw':
      return `${short(b.data)} as ${b.contentType ?? '(no type)'}${b.encoding ? ` with Content-Encoding ${b.encoding}` : ''}`;
    case 'bytes':
      return `${b.data.length} bytes ${short(Buffer.from(b.data).toString('latin1'), 200)} as ${b.contentType ?? '(no type)'}`;
    case 'oversize':
      return `${b.bytes} bytes of JSON`;
    case 'lazy':
      return b.label;
  }
}

/** A body as sent: its bytes, the headers that describe them, and its size. */
export interface Wire {
  body?: Uint8Array | string;
  headers: Record<string, string>;
  size: number;
}

/** The bytes of a generated body (a lazy one made first). */
export async function toWire(spec: A.BodySpec): Promise<Wire> {
  switch (spec.kind) {
    case 'none':
      return { headers: {}, size: 0 };
    case 'lazy':
      return toWire(await spec.make());
    case 'json': {
      const text = JSON.stringify(spec.value) ?? '';
      return {
        body: text,
        headers: { 'Content-Type': spec.contentType ?? 'application/json', ...(spec.encoding && { 'Content-Encoding': spec.encoding }) },
        size: Buffer.byteLength(text),
      };
    }
    case 'raw':
      return {
        body: spec.data,
        headers: { ...(spec.contentType && { 'Content-Type': spec.contentType }), ...(spec.encoding && { 'Content-Encoding': spec.encoding }) },
        size: Buffer.byteLength(spec.data),
      };
    case 'bytes':
      return {
        body: spec.data,
        headers: { ...(spec.contentType && { 'Content-Type': spec.contentType }), ...(spec.encoding && { 'Content-Encoding': spec.encoding }) },
        size: spec.data.length,
      };
    case 'oversize': {
      const data = Buffer.alloc(spec.bytes, 0x61);
      data.write('{"x":"', 0);
      data.write('"}', spec.bytes - 2);
      return { body: new Uint8Array(data), headers: { 'Content-Type': spec.contentType }, size: spec.bytes };
    }
  }
}

/** The URL of a request to the system under test, its path and query values encoded. */
export function urlOf(o: A.Operation, req: FuzzRequest): string {
  const p = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => A.paramToPath(req.path[name]));
  const q = req.query.map(([k, v]) => `${A.percentEncode(k)}=${A.percentEncode(v)}`).join('&');
  return `${sys.baseUrl}${p}${q ? `?${q}` : ''}`;
}

/** Sends a request once with the given Authorization (none when undefined); the answer, or why none came. */
export async function send(o: A.Operation, req: FuzzRequest, wire: Wire, authorization: string | undefined): Promise<{ answer?: Answer; failure?: string }> {
  const headers: Record<string, string> = { ...wire.headers, ...req.headers, ...(authorization !== undefined && { Authorization: authorization }) };
  try {
    const res = await fetch(urlOf(o, req), {
      method: o.method.toUpperCase(),
      headers,
      body: wire.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return { answer: { status: res.status, contentType: res.headers.get('content-type') ?? '', text } };
  } catch (e) {
    return { failure: `no answer: ${(e as Error).message} ${(e as { cause?: Error }).cause?.message ?? ''}` };
  }
}
