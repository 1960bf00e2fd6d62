// Temporal environments for tests, on the servers prepared by platform/tools (no download at test
// time): the time-skipping test server for workflow logic with long timers, and the Temporal CLI's
// dev server where real time, search attributes or visibility matter. Bundles of workflow code
// are made once per jest worker process (platform/worker.ts) and shared by every Worker created in it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { bundleWorkflows as platformBundleWorkflows, WORKFLOWS_PATH } from '../../platform/worker';
import { defaultToolsDir, resolveTemporalCli, resolveTestServer } from '../../platform/tools';
import { freePort } from '../../platform/tools/test-server';
import { SEARCH_ATTRIBUTE_KEYS, searchAttributeCliArgs } from '../../domain/search-attributes';

type SearchAttributeKeys = SearchAttributeKey<SearchAttributeType>[];

/** The workflows the production worker runs; the default for {@link workerFor}. */
export const PROJECT_WORKFLOWS_PATH = WORKFLOWS_PATH;

// Tools are normally prepared by `npm test` before jest starts; if not, say what is happening,
// since a first build takes minutes.
const toolLog = (line: string) => process.stderr.write(`[tools] ${line}\n`);

let cliPath: Promise<string> | undefined;
let testServerPath: Promise<string> | undefined;

export function temporalCliPath(): Promise<string> {
  cliPath ??= resolveTemporalCli({ toolsDir: defaultToolsDir(), explicitPath: process.env.TEMPORAL_CLI || undefined, log: toolLog });
  return cliPath;
}

/** TEMPORAL_TEST_SERVER (set by `npm test` after preparing it), else the prepared or cached one. */
export function testServerExecutable(): Promise<string> {
  const given = process.env.TEMPORAL_TEST_SERVER;
  testServerPath ??= given ? Promise.resolve(path.resolve(given)) : resolveTestServer({ toolsDir: defaultToolsDir(), log: toolLog });
  return testServerPath;
}

let runtimeInstalled = false;

/** Worker and bridge logs at WARN, so passing tests stay quiet. Must run before the first Runtime use. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by the test itself: keep its choice.
  }
}

/**
 * A time-skipping environment: timers of days complete in milliseconds while a result is awaited.
 * The project's search attributes are registered (default), since workflows that upsert an unknown
 * one fail their workflow tasks over and over instead of failing the test.
 */
export async function createTimeSkippingEnv(opts: { searchAttributes?: SearchAttributeKeys } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const executable = await testServerExecutable();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: executable } },
  });
  const keys = opts.searchAttributes ?? SEARCH_ATTRIBUTE_KEYS;
  if (keys.length > 0) {
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace ?? 'default',
        searchAttributes: Object.fromEntries(keys.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
      });
    } catch (err) {
      await env.teardown();
      throw err;
    }
  }
  return env;
}

/** A real (in-memory) Temporal dev server with the search attributes registered (default: the project's). */
export async function createDevServerEnv(opts: { searchAttributes?: SearchAttributeKeys; extraArgs?: string[] } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const executable = await temporalCliPath();
  const searchAttributes = opts.searchAttributes ?? SEARCH_ATTRIBUTE_KEYS;
  try {
    return await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: executable }, searchAttributes, extraArgs: opts.extraArgs },
    });
  } catch (err) {
    // The SDK reports a server that exits at once (a rejected flag, too many search attributes)
    // only as "did not start within 5s"; run it again to show what it said.
    const said = await devServerComplaint(executable, searchAttributes, opts.extraArgs ?? []);
    if (!said) throw err;
    throw new Error(`${(err as Error).message}\nThe dev server itself said:\n${said}`, { cause: err });
  }
}

async function devServerComplaint(executable: string, keys: SearchAttributeKeys, extraArgs: string[]): Promise<string | undefined> {
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(await freePort()),
    '--namespace',
    'default',
    '--log-format',
    'pretty',
    '--log-level',
    'warn',
    ...searchAttributeCliArgs(keys),
    ...extraArgs,
  ];
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null | 'running'>((resolve) => {
    const timer = setTimeout(() => resolve('running'), 10_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  if (code === 'running') {
    child.kill('SIGKILL');
    return undefined;
  }
  return output.trim() || `(exit code ${code}, no output)`;
}

/** The bundle the worker of `npm start` runs (with the request-id interceptors), cached per path. */
export const bundleWorkflows = (workflowsPath: string = PROJECT_WORKFLOWS_PATH) => platformBundleWorkflows(workflowsPath);

export type TestWorkerOptions = {
  taskQueue: string;
  /** Default: the project's workflows/index.ts. */
  workflowsPath?: string;
  activities?: object;
} & Omit<Partial<WorkerOptions>, 'connection' | 'namespace' | 'taskQueue' | 'workflowsPath' | 'workflowBundle' | 'activities'>;

/** A Worker connected to `env`, running the (cached) bundle of `workflowsPath`. */
export async function workerFor(env: TestWorkflowEnvironment, opts: TestWorkerOptions): Promise<Worker> {
  const { workflowsPath, taskQueue, activities, ...rest } = opts;
  return Worker.create({
    ...rest,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflows(workflowsPath),
    activities,
  });
}
