// /health says the process is alive; /ready says every part it depends on works right now:
// PostgreSQL reachable, migrations current, Temporal reachable, a worker polling the task queue.
import { Router } from 'express';

export interface PartStatus {
  ok: boolean;
  detail?: unknown;
  error?: string;
  ms?: number;
}

/** A named readiness check; it resolves with its status or rejects (reported as not ok). */
export type ReadinessCheck = () => Promise<Omit<PartStatus, 'ms'>>;

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
