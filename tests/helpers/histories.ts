// Recorded workflow histories for replay tests. `RECORD_HISTORIES=1 npm test -- <test>` writes the
// history of a finished workflow to tests/histories/<name>.json; the replay test then replays every
// recorded history against the current workflow code, so a change that would break running
// workflows fails CI (the fix is `patched()`, never editing a recorded history).
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  // Proto JSON (the same format `temporal workflow show --output json` writes).
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
