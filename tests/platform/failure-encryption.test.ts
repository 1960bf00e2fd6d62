// Failure messages are encrypted like payloads: the history keeps no personal data in clear, and a
// client with the codec reads the message back whole.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dataConverter } from '../../platform/temporal';
import { createTimeSkippingEnv, workerFor } from '../helpers/temporal';
import { failingWorkflow } from '../fixtures/failing-workflow';

jest.setTimeout(120_000);

const IIN = '850615300124';
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a workflow failure reaches the history encrypted, and the client with the codec reads it', async () => {
  const keys = [{ id: 'test', key: randomBytes(32) }];
  const converter = dataConverter(keys);
  const taskQueue = `failures-${randomBytes(4).toString('hex')}`;
  const worker = await workerFor(env, { taskQueue, workflowsPath: path.resolve(__dirname, '../fixtures/failing-workflow.ts'), dataConverter: converter });
  const client = new Client({ connection: env.connection, namespace: env.namespace, dataConverter: converter });

  const failure = await worker.runUntil(async () => {
    const handle = await client.workflow.start(failingWorkflow, { taskQueue, workflowId: `failing-${taskQueue}`, args: [IIN] });
    return handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
  });
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect((failure as WorkflowFailedError).cause?.message).toBe(`no account for IIN ${IIN}`);

  // What the server stores: neither the input nor the failure message shows the IIN.
  const history = await env.client.workflow.getHandle(`failing-${taskQueue}`).fetchHistory();
  const stored = JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
  expect(stored).not.toContain(IIN);
  const failed = history.events!.find((e) => e.workflowExecutionFailedEventAttributes)!.workflowExecutionFailedEventAttributes!.failure!;
  expect(failed.message).toBe('Encoded failure');
  expect(failed.encodedAttributes).toBeTruthy();
});
