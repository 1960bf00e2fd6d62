// The embedded Temporal: `temporal server start-dev` persisted to data/temporal.db, with the
// search attributes of domain/search-attributes.ts registered and the Web UI using our codec
// endpoint so authorised people can read encrypted histories.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from './config';
import { searchAttributeCliArgs } from '../domain/search-attributes';
import { resolveTemporalCli } from './tools/temporal-cli';
import { PartError } from './part-error';

const PART = 'Temporal dev server';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(opts: { config: Config; codecEndpoint: string; log: (line: string) => void }): Promise<DevServer> {
  const { config } = opts;
  const cli = await resolveTemporalCli({ toolsDir: config.toolsDir, explicitPath: config.TEMPORAL_CLI, log: opts.log });
  const address = `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.TEMPORAL_DEV_PORT),
    '--ui-port',
    String(config.TEMPORAL_UI_PORT),
    '--namespace',
    config.TEMPORAL_NAMESPACE,
    '--db-filename',
    path.join(config.dataDir, 'temporal.db'),
    '--log-format',
    'json',
    '--log-level',
    'warn',
    '--ui-codec-endpoint',
    opts.codecEndpoint,
    ...searchAttributeCliArgs(),
  ];
  opts.log(`starting the Temporal dev server (${cli})`);
  // Its own process group: Ctrl-C reaches only us, and we stop the server after the worker drained.
  const child = spawn(cli, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const failedToSpawn = new Promise<never>((_, reject) =>
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new PartError(
          PART,
          `${cli} could not be started: ${e.code ?? e.message}`,
          'set TEMPORAL_CLI to a working Temporal CLI, delete .tools/ so it is prepared again, or set TEMPORAL_ADDRESS',
        ),
      ),
    ),
  );
  await Promise.race([waitForTemporal(address, child, exited), failedToSpawn]);
  return {
    address,
    uiUrl: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
    stop: async () => {
      await stopChild(child, exited);
      process.off('exit', killOnExit);
    },
  };
}

async function waitForTemporal(address: string, child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + 60_000;
  let died: number | null | undefined;
  void exited.then((code) => (died = code));
  for (;;) {
    if (died !== undefined)
      throw new PartError(
        PART,
        `the server exited with code ${died} during start-up`,
        `if port ${address} is taken, set TEMPORAL_DEV_PORT (and TEMPORAL_UI_PORT) to free ones`,
      );
    try {
      const c = await Connection.connect({ address, connectTimeout: '1 second' });
      await c.workflowService.getSystemInfo({});
      await c.close();
      return;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new PartError(
          PART,
          `the server did not answer on ${address} within 60 s`,
          'see its messages above, or set TEMPORAL_ADDRESS to a Temporal cluster of your own',
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
