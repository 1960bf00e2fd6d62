// Calls to the API (described at /api/v1/openapi.json) with the session token; failures become
// ApiError carrying the structured error `{ error: { code, message, fields?, localised? } }`.
import type { Text } from './i18n';

const TOKEN = 'erdr.session';

export interface User {
  iin: string;
  name: string;
  locale: string;
  roles: string[];
  grants: { role: string; bodyCode: string }[];
  /** 000 §6: the mandatory profile fields are not saved yet; every other service answers 428. */
  profileRequired?: boolean;
  /** 002 p.17, p.19: an official who has not signed the user agreement; every other service answers 428. */
  agreementRequired?: boolean;
}

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN);
  },
  set token(v: string | null) {
    if (v) sessionStorage.setItem(TOKEN, v);
    else sessionStorage.removeItem(TOKEN);
  },
  user: null as User | null,
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly localised?: Text,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = session.token;
  return { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

async function failure(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; localised?: Text; fields?: Record<string, string> } } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: keep the status alone */
  }
  const e = body.error ?? {};
  return new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.localised, e.fields);
}

/** One JSON call; `body` is sent as JSON. */
export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: headers({ ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...extraHeaders }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!res.ok) throw await failure(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Whether the API serves GET `path` (an API not yet deployed answers 404 NOT_FOUND "No such endpoint"). */
export async function served(path: string): Promise<boolean> {
  const res = await fetch(path, { headers: headers(), cache: 'no-store' });
  if (res.status !== 404) return true;
  const body = await res.json().catch(() => ({}));
  return body?.error?.message !== 'No such endpoint';
}

/**
 * A multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can).
 * Resolves with the JSON answer.
 */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        const e = body?.error ?? {};
        reject(new ApiError(xhr.status, e.code ?? `HTTP_${xhr.status}`, e.message ?? '', e.localised, e.fields));
      }
    };
    xhr.send(form);
  });
}

/**
 * Downloads a file the API serves only with the session token: fetched, then handed to the browser
 * as a download under the name the server gave (Content-Disposition).
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { headers: headers(), cache: 'no-store' });
  if (!res.ok) throw await failure(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  const name = utf8 ? decodeURIComponent(utf8[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const hasRole = (...roles: string[]) => !!session.user && roles.some((r) => session.user!.roles.includes(r));
