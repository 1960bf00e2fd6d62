// The Temporal servers this project runs locally, prepared on first use and cached in the tools
// directory: the Temporal CLI (its dev server backs `npm start` and the integration tests) and the
// time-skipping test server (workflow tests).
import path from 'node:path';
import { resolveTemporalCli } from './temporal-cli';
import { resolveTestServer } from './test-server';
import type { LogLine } from './run-step';

export { resolveTemporalCli, cachedCliPath, TEMPORAL_CLI_VERSION } from './temporal-cli';
export { resolveTestServer, TEST_SERVER_ARTIFACT } from './test-server';
export { ToolSetupError } from './run-step';
export { withToolLock } from './tool-lock';

/** `TOOLS_DIR` (relative to the repository root, like platform/config.ts) or `<repo>/.tools`. */
export function defaultToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = path.resolve(__dirname, '..', '..');
  return path.resolve(root, env.TOOLS_DIR || '.tools');
}

export interface TemporalTools {
  /** The `temporal` executable (its `server start-dev` is the dev server). */
  temporalCli: string;
  /** An executable taking `<port>` that runs the time-skipping test server. */
  testServer: string;
}

/**
 * Resolves both servers, one after the other (each may build or fetch on first use).
 * TEMPORAL_CLI is honoured unless `explicitCliPath` is given.
 */
export async function ensureTestTools(
  opts: {
    toolsDir?: string;
    explicitCliPath?: string;
    log?: LogLine;
  } = {},
): Promise<TemporalTools> {
  const toolsDir = opts.toolsDir ?? defaultToolsDir();
  const explicitPath = opts.explicitCliPath ?? (process.env.TEMPORAL_CLI || undefined);
  const temporalCli = await resolveTemporalCli({ toolsDir, explicitPath, log: opts.log });
  const testServer = await resolveTestServer({ toolsDir, log: opts.log });
  return { temporalCli, testServer };
}
