// One JSON call to a test system's API, as the API tests make it: status and parsed body; and the
// signed upload and the download the API tests of submissions share.
import type { DevRole } from '../../eds/dev-pki';
import { signWith } from './pki';

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends `body` as JSON (when given) with the bearer token; the body comes back parsed, or null when it is not JSON. */
export async function callApi(baseUrl: string, method: string, p: string, opts: CallOptions = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(baseUrl + p, {
    method,
    headers: {
      ...(opts.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(opts.token && { Authorization: `Bearer ${opts.token}` }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

/** GETs a file with the bearer token: its status, content type and bytes. */
export async function downloadFrom(baseUrl: string, p: string, token: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(baseUrl + p, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Uploads `bytes` signed by the development person `role` (POST /api/v1/files), as the cabinet does; the stored file's id and hash. */
export async function uploadSigned(baseUrl: string, role: DevRole, token: string, bytes: Buffer, name: string): Promise<{ id: string; sha256: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  form.append('signature', await signWith(role, 'sign', bytes));
  const res = await fetch(`${baseUrl}/api/v1/files`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`upload of ${name} answered ${res.status}: ${await res.text()}`);
  const { id, sha256 } = (await res.json()) as { id: string; sha256: string };
  return { id, sha256 };
}
