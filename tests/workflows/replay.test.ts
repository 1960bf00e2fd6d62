// Every recorded history in tests/histories replays against today's workflow code without a
// non-determinism error: running workflows survive a deploy.
import fs from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { HISTORIES_DIR } from '../helpers/histories';
import { bundleWorkflows } from '../../platform/worker';

const files = fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThan(0);
});

// One bundle of today's code (with its interceptors), as the worker runs it, for every history.
let workflowBundle: Awaited<ReturnType<typeof bundleWorkflows>>;
beforeAll(async () => {
  workflowBundle = await bundleWorkflows();
});

test.each(files)('%s replays deterministically', async (file) => {
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle }, history, `replay-${file}`);
});

test('a change that would break running workflows is caught by replay', async () => {
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, 'account-application-late-decision.json'), 'utf8')));
  await expect(
    Worker.runReplayHistory({ workflowsPath: require.resolve('../fixtures/changed-account-application') }, history, 'replay-changed'),
  ).rejects.toBeInstanceOf(DeterminismViolationError);
});
