// One JSON call to a test system's API, as the API tests make it: status and parsed body.
export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends `body` as JSON (when given) with the bearer token; the body comes back parsed, or null when it is not JSON. */
export async function callApi(baseUrl: string, method: string, p: string, opts: CallOptions = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(baseUrl + p, {
    method,
    headers: { ...(opts.body !== undefined && { 'Content-Type': 'application/json' }), ...(opts.token && { Authorization: `Bearer ${opts.token}` }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}
