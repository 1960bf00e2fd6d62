// The Temporal worker: runs the workflows in workflows/index.ts and the activities given to it,
// with the payload codec, so everything it writes to the history is encrypted.
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { CodecKey } from './codec';
import { dataConverter, FAILURE_CONVERTER_PATH } from './temporal';
import { requestIdActivityInterceptor } from './request-context';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');
export const WORKFLOW_INTERCEPTORS_PATH = path.resolve(__dirname, '../workflows/interceptors.ts');

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles workflow code for the deterministic sandbox once per process and path (about a second),
 * with the request-id interceptors and the failure converter; every worker created in the process
 * shares the bundle.
 */
export function bundleWorkflows(workflowsPath: string = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: quietBundlerLogger,
    });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: (m: string) => console.warn(m), error: (m: string) => console.error(m),
};

export async function createWorker(opts: {
  address: string;
  namespace: string;
  taskQueue: string;
  keys: CodecKey[];
  activities: object;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.address });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await bundleWorkflows(),
    activities: opts.activities,
    dataConverter: dataConverter(opts.keys),
    interceptors: { activity: [requestIdActivityInterceptor] },
    // On shutdown, running activities get this long to finish before they are cancelled.
    shutdownGraceTime: '10 seconds',
  });
  return { worker, connection };
}
