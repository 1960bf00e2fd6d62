// The Temporal worker: runs the workflows in workflows/index.ts and the activities given to it,
// with the payload codec, so everything it writes to the history is encrypted.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { CodecKey } from './codec';
import { dataConverter, FAILURE_CONVERTER_PATH } from './temporal';
import { requestIdActivityInterceptor } from './request-context';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');
export const WORKFLOW_INTERCEPTORS_PATH = path.resolve(__dirname, '../workflows/interceptors.ts');

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * The modules of domain/ (with zod, which they import), evaluated once per workflow thread and
 * shared by every workflow in it. Otherwise the sandbox evaluates the whole bundle again for each
 * workflow it creates: every cached case kept its own copy of every process's zod schemas and
 * dictionaries (about 4 MB and 20 000 closures per cached case, `npm run bench:cases --
 * --heap-summary`), and every replay of an evicted case built them again. domain/ qualifies: it
 * holds constants, schemas and pure rules, no state. The SDK deep-freezes the shared modules' objects,
 * so a write to one fails loudly; module-level variables and the contents of a Map or Set are not
 * frozen and are seen by every workflow of the thread: in domain/ they may only hold what is derived
 * from constants (as the dictionaries' index, built on first lookup), never a workflow's data.
 * Frozen zod schemas cannot parse (zod defines some properties on first use): workflows never
 * validate with zod — the API and the activities do, at the edges.
 */
export const SHARED_WORKFLOW_MODULES: string[] = fs
  .readdirSync(path.resolve(__dirname, '../domain'), { withFileTypes: true })
  .map((e) => (e.isDirectory() ? path.join(e.name, 'index.ts') : e.name))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && fs.existsSync(path.resolve(__dirname, '../domain', f)))
  .sort()
  .map((f) => path.resolve(__dirname, '../domain', f));

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
      preloadModules: SHARED_WORKFLOW_MODULES,
      logger: quietBundlerLogger,
    });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

/**
 * Cached workflows of the worker by default (config WORKER_MAX_CACHED_WORKFLOWS). A cached case
 * holds about 0.45 MB of live heap (`npm run bench:cases -- --heap-summary`, README). Once many
 * more cases are open than cached, nearly every official's update finds its case evicted and
 * replays it whatever the cache's size, so a larger cache buys few hits and costs garbage
 * collection: with 1000 cached, the workflow thread's heap of about 450 MB paused it for hundreds
 * of milliseconds (update p95 169 ms at 4000 open cases), with 250 it was 45 ms.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

/**
 * How workflows are held in memory: a sticky cache of a fixed size, so that the worker's memory is
 * bounded by it and not by the number of open cases (an evicted case is replayed from its history on
 * its next task), and one V8 context shared by all workflows of the worker thread instead of one
 * context per workflow (the SDK's default in 1.24, said here so it stays so: without it every
 * cached workflow carries its own copy of the bundle's globals).
 */
export function workflowCacheOptions(maxCachedWorkflows: number = DEFAULT_MAX_CACHED_WORKFLOWS): { maxCachedWorkflows: number; reuseV8Context: true } {
  return { maxCachedWorkflows, reuseV8Context: true };
}

export async function createWorker(opts: {
  address: string;
  namespace: string;
  taskQueue: string;
  keys: CodecKey[];
  activities: object;
  /** The sticky cache's size (config WORKER_MAX_CACHED_WORKFLOWS); DEFAULT_MAX_CACHED_WORKFLOWS when not given. */
  maxCachedWorkflows?: number;
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
    ...workflowCacheOptions(opts.maxCachedWorkflows),
    // On shutdown, running activities get this long to finish before they are cancelled.
    shutdownGraceTime: '10 seconds',
  });
  return { worker, connection };
}
