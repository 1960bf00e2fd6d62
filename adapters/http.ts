// The HTTP JSON client shared by the adapters: one place for the timeout, credentials taken from
// the configured URL, and the translation of failures into retryable / non-retryable errors.
import { ExternalSystemName, ExternalSystemRejectedError, ExternalSystemTimeoutError, ExternalSystemUnavailableError } from './errors';

export const DEFAULT_TIMEOUT_MS = 10_000;

// 408 and 429 are client errors by number but say "not now" rather than "never".
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Return null for 404 instead of throwing (look-ups where "not found" is an answer). */
  notFoundAsNull?: boolean;
}

export class JsonHttpClient {
  private readonly base: URL;
  private readonly authorization?: string;

  /**
   * `baseUrl` may carry credentials (`https://user:secret@host/prefix`); they are sent as HTTP Basic
   * authentication, because fetch refuses URLs with credentials in them.
   */
  constructor(
    private readonly system: ExternalSystemName,
    baseUrl: string,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {
    const url = new URL(baseUrl);
    if (url.username || url.password) {
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      this.authorization = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
      url.username = '';
      url.password = '';
    }
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
  }

  async request<T>(req: JsonRequest & { notFoundAsNull: true }): Promise<T | null>;
  async request<T>(req: JsonRequest): Promise<T>;
  async request<T>(req: JsonRequest): Promise<T | null> {
    const url = new URL(req.path.replace(/^\//, ''), this.base);
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (this.authorization) headers.authorization = this.authorization;
    if (req.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: req.method ?? 'GET',
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      // Checked by name: the abort error is a DOMException, which is not always `instanceof Error`.
      const { name, message, cause } = (err ?? {}) as { name?: string; message?: string; cause?: { message?: string } };
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ExternalSystemTimeoutError(this.system, this.timeoutMs, { cause: err });
      }
      const reason = cause?.message ?? message ?? String(err);
      throw new ExternalSystemUnavailableError(this.system, `${req.method ?? 'GET'} ${url.pathname} failed: ${reason}`, undefined, { cause: err });
    }

    const body = parseBody(text);
    if (response.ok) return body as T;
    if (response.status === 404 && req.notFoundAsNull) return null;
    const summary = `${req.method ?? 'GET'} ${url.pathname} answered ${response.status}${describe(body)}`;
    if (response.status >= 500 || RETRYABLE_CLIENT_STATUSES.has(response.status)) {
      throw new ExternalSystemUnavailableError(this.system, summary, response.status);
    }
    throw new ExternalSystemRejectedError(this.system, summary, response.status, body);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'error' in body) return `: ${String((body as { error: unknown }).error)}`;
  if (typeof body === 'string' && body.length > 0) return `: ${body.slice(0, 200)}`;
  return '';
}
