// Limits that keep one caller from spoiling the service for others: how often a login may be
// begun (per address) and a citizen may file something (per person), how large a request may be,
// and the security headers of every answer. A refused request gets the usual structured error:
// 429 with Retry-After, or 413.
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './errors';

export interface AbuseLimits {
  /** Login challenges one address may ask for per minute. */
  challengesPerMinute: number;
  /** Submissions (reports, uploaded files, petitions, complaints, translations) one person may make per minute. */
  submissionsPerMinute: number;
}

/** Every route by which a citizen files something; each counts against submissionsPerMinute. */
export const SUBMISSION_ROUTES = [
  '/api/v1/reports',
  '/api/v1/files',
  '/api/v1/petitions',
  '/api/v1/complaints',
  '/api/v1/translations/:id/submission',
  '/api/v1/archive-certificates',
  '/api/v1/archive-certificates/state-corporation',
  '/api/v1/offence-information',
];

/**
 * A body announced larger than this is refused unread. Each route's parser holds it to far less (a
 * 10 MB file in a multipart form at most); the margin lets the file route answer a somewhat larger
 * file with its own FILE_TOO_LARGE, which tells the citizen the 10 MB limit.
 */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

const tooMany = (retryAfterSeconds: string | number | undefined) =>
  new HttpError(429, 'RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds ?? 60} s`, undefined, {
    kk: `Сұраныстар тым көп; ${retryAfterSeconds ?? 60} секундтан кейін қайталаңыз`,
    ru: `Слишком много запросов; повторите через ${retryAfterSeconds ?? 60} с`,
    en: `Too many requests; try again in ${retryAfterSeconds ?? 60} s`,
  });

/**
 * At most `perMinute` requests per key in a sliding minute. Counts are kept in the serving process,
 * so with API_PROCESSES > 1 each process allows that many: a burst is still bounded, and the hot
 * path makes no extra round trip to a shared store.
 */
function perMinute(limit: number, key: (req: Parameters<RequestHandler>[0]) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, res, next) => next(tooMany(res.getHeader('Retry-After') as string | undefined)),
  });
}

const byAddress = (req: Parameters<RequestHandler>[0]) => ipKeyGenerator(req.ip ?? 'unknown');

/** Login challenges, per address (nobody is known yet). */
export const challengeLimit = (limits: AbuseLimits) => perMinute(limits.challengesPerMinute, byAddress);

/** Submissions, per person once authenticated (else per address; the route then answers 401). */
export const submissionLimit = (limits: AbuseLimits) => perMinute(limits.submissionsPerMinute, (req) => (req.user ? `iin:${req.user.iin}` : byAddress(req)));

/** A body announced larger than any route takes is refused before a byte of it is read. */
export const declaredBodyLimit: RequestHandler = (req, _res, next) => {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) {
    return next(
      new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_REQUEST_BYTES} bytes`, undefined, {
        kk: 'Сұраныс тым үлкен (файл 10 МБ-тан аспауы керек)',
        ru: 'Запрос слишком велик (файл не должен превышать 10 МБ)',
        en: 'The request is too large (a file may not exceed 10 MB)',
      }),
    );
  }
  next();
};

/** NCALayer, the NCA RK signing service on the user's own computer (000 §2.3): the page talks to it over a local WebSocket. */
export const NCALAYER_URL = 'wss://127.0.0.1:13579';

/**
 * Security headers (helmet): a strict Content-Security-Policy (the UI loads its scripts and styles
 * from this origin only), no MIME sniffing, never inside a frame, HSTS, no referrer leaving the site.
 * Cross-origin reads stay allowed where CORS allows them (the Temporal Web UI calls /codec).
 */
export const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'connect-src': ["'self'", NCALAYER_URL],
        'img-src': ["'self'", 'data:'],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'no-referrer' },
  });
