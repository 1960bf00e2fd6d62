// The readiness checks behind GET /ready, shared by `npm start` and the stand-alone API process.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { PrismaClient } from '../prisma/generated/client';
import { migrationStatus } from './db/migrate';

/** How one part is doing, as GET /ready reports it (api/health.ts). */
export interface PartStatus {
  ok: boolean;
  detail?: unknown;
  error?: string;
  ms?: number;
}

/** A named readiness check; it resolves with its status or rejects (reported as not ok). */
export type ReadinessCheck = () => Promise<Omit<PartStatus, 'ms'>>;

/** A poller seen within this window counts as a live worker (long polls last about a minute). */
const POLLER_FRESH_MS = 90_000;

export function readinessChecks(deps: {
  prisma: PrismaClient;
  databaseUrl: string;
  temporal: Client;
  namespace: string;
  taskQueue: string;
}): Record<string, ReadinessCheck> {
  return {
    postgres: async () => {
      const rows = await deps.prisma.$queryRaw<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
      return { ok: true, detail: { version: rows[0]?.version } };
    },
    migrations: async () => {
      const s = await migrationStatus(deps.databaseUrl);
      return { ok: s.current, detail: { applied: s.applied.length, pending: s.pending } };
    },
    temporal: async () => {
      const info = await deps.temporal.workflowService.getSystemInfo({});
      return { ok: true, detail: { serverVersion: info.serverVersion, namespace: deps.namespace } };
    },
    worker: async () => {
      const r = await deps.temporal.workflowService.describeTaskQueue({
        namespace: deps.namespace,
        taskQueue: { name: deps.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const now = Date.now();
      const live = (r.pollers ?? []).filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < POLLER_FRESH_MS;
      });
      return { ok: live.length > 0, detail: { taskQueue: deps.taskQueue, pollers: live.length } };
    },
  };
}
