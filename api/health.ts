// /health says the process is alive; /ready says every part it depends on works right now:
// PostgreSQL reachable, migrations current, Temporal reachable, a worker polling the task queue.
import { Router } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { dateTimeString } from '../domain/contract';
import { json, operation } from './openapi-kit';
// The check's types live with the checks (platform/readiness.ts), below the API.
import type { PartStatus, ReadinessCheck } from '../platform/readiness';

export type { PartStatus, ReadinessCheck };

const CHECK_TIMEOUT_MS = 3000;

export async function runChecks(checks: Record<string, ReadinessCheck>): Promise<{ ok: boolean; parts: Record<string, PartStatus> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, PartStatus]> => {
      const started = Date.now();
      try {
        const r = await Promise.race([
          check(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
        ]);
        return [name, { ...r, ms: Date.now() - started }];
      } catch (e) {
        return [name, { ok: false, error: (e as Error).message, ms: Date.now() - started }];
      }
    }),
  );
  const parts = Object.fromEntries(entries);
  return { ok: entries.every(([, p]) => p.ok), parts };
}

export function healthRouter(checks: Record<string, ReadinessCheck>): Router {
  const router = Router();
  const startedAt = new Date().toISOString();
  router.get('/health', (_req, res) => {
    res.json({ ok: true, startedAt, uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/ready', async (_req, res) => {
    const result = await runChecks(checks);
    res.status(result.ok ? 200 : 503).json(result);
  });
  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const healthSchema = z.object({ ok: z.literal(true), startedAt: dateTimeString, uptimeSeconds: z.number().int() }).meta({ id: 'Health' });
const readinessSchema = z
  .object({
    ok: z.boolean(),
    parts: z
      .record(z.string(), z.object({ ok: z.boolean(), detail: z.unknown().optional(), error: z.string().optional(), ms: z.number().int().optional() }))
      .meta({ description: 'By part: `postgres`, `migrations`, `temporal`, `worker`.' }),
  })
  .meta({ id: 'Readiness' });

export const healthPaths: ZodOpenApiPathsObject = {
  '/health': {
    get: operation({
      operationId: 'health',
      tag: 'Health',
      summary: 'Liveness',
      description: 'The process is alive. Checks nothing else.',
      access: 'public',
      responses: { 200: json(healthSchema, 'Alive.') },
    }),
  },
  '/ready': {
    get: operation({
      operationId: 'ready',
      tag: 'Health',
      summary: 'Readiness',
      description:
        'Every part the API depends on works right now: PostgreSQL reachable (`postgres`), migrations current (`migrations`), ' +
        'Temporal reachable (`temporal`), a worker polling the task queue (`worker`). Each check gives up after 3 seconds.',
      access: 'public',
      responses: {
        200: json(readinessSchema, 'Every part is ready.'),
        503: json(readinessSchema, 'At least one part is not ready; `parts` says which and why.'),
      },
    }),
  },
};
