// Waiting on a case workflow in time-skipping tests.
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { CaseState } from '../../domain/ecase';
import { getCase } from '../../workflows/ecase';

/**
 * Waits until the case's state satisfies `until` (its background work runs on the same worker).
 * Each query has a short deadline: the time-skipping server can drop a query that arrives while a
 * workflow task is running, and the next attempt gets through.
 */
export async function settleCase(client: Client, h: WorkflowHandle, until: (s: CaseState) => boolean): Promise<CaseState> {
  for (let i = 0; i < 200; i++) {
    const s = await client.withDeadline(Date.now() + 2_000, () => h.query(getCase)).catch(() => undefined);
    if (s && until(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the case did not reach the expected state');
}
