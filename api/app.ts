// The Express application: the public API, health, the codec endpoint and the UI. Built from
// explicit dependencies so tests run it in-process against real servers.
import http, { type Server } from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import pinoHttp from 'pino-http';
import { logger as baseLogger, type Logger } from '../platform/logger';
import { runWithRequestId } from '../platform/request-context';
import { codecRouter, type CodecRouterOptions } from './codec';
import { answerClientError, errorHandler, HttpError } from './errors';
import { healthRouter, type ReadinessCheck } from './health';
import { OPENAPI_PATH, sendOpenApiDocument } from './openapi';
import { challengeLimit, declaredBodyLimit, securityHeaders, submissionLimit, SUBMISSION_ROUTES, type AbuseLimits } from './abuse';
import { uiBundleMiddleware } from './ui-bundle';

export interface AppDeps {
  checks: Record<string, ReadinessCheck>;
  codec: CodecRouterOptions;
  /** Runs before the API routes (authentication). */
  middleware?: RequestHandler[];
  /** Domain routers mounted under /api/v1. */
  routers?: Router[];
  /** Where the parts listen, shown on the status page. */
  links?: Record<string, string>;
  /** Rate limits of logins and submissions (api/abuse.ts). */
  limits: AbuseLimits;
  logger?: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  // Every request gets an id (or keeps the caller's X-Request-Id); it is logged with every line
  // and handed to the workflows the request starts, so one action can be followed end to end.
  app.use(
    pinoHttp({
      logger: deps.logger ?? baseLogger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
    }),
  );

  app.use((req, _res, next) => runWithRequestId(String(req.id), next));
  app.use(securityHeaders());
  app.use(declaredBodyLimit);
  app.use(healthRouter(deps.checks));
  app.use(codecRouter(deps.codec));
  app.get('/api/v1/system/links', (_req, res) => {
    res.json(deps.links ?? {});
  });
  app.get(OPENAPI_PATH, sendOpenApiDocument);
  app.post('/api/v1/auth/challenge', challengeLimit(deps.limits));
  for (const m of deps.middleware ?? []) app.use('/api/v1', m);
  // After authentication, so that submissions are counted per person.
  app.post(SUBMISSION_ROUTES, submissionLimit(deps.limits));
  for (const r of deps.routers ?? []) app.use('/api/v1', r);
  app.use('/api/v1', (_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'No such endpoint')));
  // The cabinet, the officials' board and the supervisors' view (ui/app/, its script bundled from ui/src/).
  app.use(uiBundleMiddleware());
  app.use(express.static(path.resolve(__dirname, '../ui'), { index: 'index.html' }));
  // Whatever else is asked (a path that `..` took out of /codec, a page that is not there) gets a
  // structured 404 as well, not the framework's HTML page.
  app.use((_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'No such page')));
  app.use(errorHandler);
  return app;
}

/**
 * The HTTP server of `app`. An idle keep-alive connection is kept 65 s instead of Node's 5 s:
 * longer than the idle timeout of the usual reverse proxies and load balancers in front (60 s),
 * so a proxy never reuses a connection the API has just closed, and a client pausing between
 * submissions does not connect again. Node requires the headers timeout to be longer still.
 */
export function createHttpServer(app: Express): Server {
  const server = http.createServer(app);
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/**
 * Serves `app` on host:port; resolves once it listens, rejects when it cannot. Closing the server
 * still closes idle connections at once.
 */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createHttpServer(app);
    server.once('error', reject).listen(port, host, () => resolve(server));
  });
}
