// Structured errors: every failure leaves the API as { error: { code, message, fields? } } with
// a fitting HTTP status, and user-facing messages in Kazakh, Russian and English.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError, type ZodType } from 'zod';

export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly localised?: LocalisedText,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const unauthorised = () =>
  new HttpError(401, 'UNAUTHENTICATED', 'Log in with your EDS first', undefined, {
    kk: 'Алдымен ЭЦҚ арқылы кіріңіз',
    ru: 'Сначала войдите с помощью ЭЦП',
    en: 'Log in with your EDS first',
  });
export const forbidden = (why = 'You may not do this') => new HttpError(403, 'FORBIDDEN', why);

/** Field path → message, for 400 responses naming every invalid field. */
export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses with a zod schema or throws a 400 naming each invalid field. */
export function parseOr400<T>(schema: ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The request has invalid fields', zodFields(r.error));
  return r.data;
}

/** Lets async route handlers throw; Express 5 forwards rejected promises to the error handler. */
export const route = (fn: RequestHandler): RequestHandler => fn;

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({
      error: { code: err.code, message: err.message, ...(err.fields && { fields: err.fields }), ...(err.localised && { localised: err.localised }) },
    });
    return;
  }
  // Body parser errors carry their own status (413 too large, 400 malformed JSON).
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'unhandled error');
  res.status(status).json({
    error: {
      // 415: a charset or Content-Encoding the body parser does not read.
      code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 500 ? 'INTERNAL' : 'BAD_REQUEST',
      message: status === 500 ? 'Internal error' : String(err?.message ?? 'Bad request'),
    },
  });
};

/**
 * The server's `clientError` listener: a request Node refuses before Express sees it (headers or URL
 * over the 16 kB limit, malformed HTTP, a request that took too long) is answered in the same
 * structured shape. Node's own answer is a bare status line with no body.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex & { _httpMessage?: { headersSent?: boolean } | null }): void {
  // Nothing to answer on a connection that is gone or already carries part of a response (the
  // same test as Node's own handler, on the socket's response in flight).
  if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers are too large']
      : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
        ? [413, 'PAYLOAD_TOO_LARGE', 'The chunk extensions are too large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'The request was not received in time']
          : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  // As Node does with its own answer: write it and drop the connection, whose rest cannot be read.
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroy();
}
