// Finds or builds the production Temporal server (go.temporal.io/server) and its SQL schema tool,
// for running Temporal as production does — its own process over PostgreSQL — rather than the
// CLI's single-process dev server. Built from the Go module proxy, as the CLI is; there is no
// download fallback, so where Go is missing the caller is told why and decides what that means.
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath, isExecutableFile, type LogLine, quickOutput, runStep } from './run-step';
import { withToolLock } from './tool-lock';

/** The server release inside the CLI's dev server (TEMPORAL_CLI_VERSION), so both behave alike. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';

export interface TemporalServerTools {
  /** The server binary (`server start`). */
  server: string;
  /** `temporal-sql-tool`: creates the databases and applies the versioned schema. */
  sqlTool: string;
  /** The release's `schema/postgresql` folder (v12 persistence and visibility). */
  postgresSchemaDir: string;
}

export type ResolvedServer = { tools: TemporalServerTools } | { missing: string };

const serverDir = (toolsDir: string) => path.join(path.resolve(toolsDir), `temporal-server-${TEMPORAL_SERVER_VERSION}`);

function toolsIn(dir: string): TemporalServerTools {
  return { server: path.join(dir, 'temporal-server'), sqlTool: path.join(dir, 'temporal-sql-tool'), postgresSchemaDir: path.join(dir, 'schema', 'postgresql') };
}

const complete = (t: TemporalServerTools) => isExecutableFile(t.server) && isExecutableFile(t.sqlTool) && fs.existsSync(t.postgresSchemaDir);

/** Whether the server is built or can be (Go on PATH): decided without building anything. */
export function temporalServerObtainable(toolsDir: string): ResolvedServer | { buildable: true } {
  const tools = toolsIn(serverDir(toolsDir));
  if (complete(tools)) return { tools };
  return findOnPath('go') ? { buildable: true } : { missing: `no Go toolchain on PATH to build ${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}` };
}

/** The cached build in `<toolsDir>/temporal-server-<version>/`, or a build of it when Go is present. */
export async function resolveTemporalServer(opts: { toolsDir: string; log?: LogLine }): Promise<ResolvedServer> {
  const log = opts.log ?? (() => {});
  const dir = serverDir(opts.toolsDir);
  const tools = toolsIn(dir);
  if (complete(tools)) return { tools };
  const go = findOnPath('go');
  if (!go) return { missing: `no Go toolchain on PATH to build ${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}` };
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  return withToolLock(
    path.dirname(dir),
    'temporal-server',
    async () => {
      if (!complete(tools)) await build(go, dir, log);
      return { tools };
    },
    { log },
  );
}

async function build(go: string, dir: string, log: LogLine): Promise<void> {
  // Built aside and renamed: the cached folder only ever holds a complete set.
  const scratch = `${dir}.build-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  try {
    const started = Date.now();
    log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} from its Go module (first run only)…`);
    const env = { ...process.env, GOBIN: scratch };
    for (const [pkg, name] of [
      ['cmd/server', 'server'],
      ['cmd/tools/sql', 'sql'],
    ] as const) {
      await runStep(go, ['install', `${TEMPORAL_SERVER_MODULE}/${pkg}@${TEMPORAL_SERVER_VERSION}`], {
        env,
        log,
        activity: `building ${TEMPORAL_SERVER_MODULE}/${pkg}`,
      });
      fs.renameSync(path.join(scratch, name), path.join(scratch, name === 'server' ? 'temporal-server' : 'temporal-sql-tool'));
    }
    // The versioned schema ships in the module's source, which `go install` left in the module cache.
    const info = JSON.parse(quickOutput(go, ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`]) ?? '{}') as { Dir?: string };
    if (!info.Dir) throw new Error(`go mod download did not say where ${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION} is`);
    fs.cpSync(path.join(info.Dir, 'schema', 'postgresql'), path.join(scratch, 'schema', 'postgresql'), { recursive: true });
    // Copied out of the read-only module cache: make the copy ours to delete.
    fs.chmodSync(path.join(scratch, 'schema'), 0o755);
    for (const f of fs.readdirSync(path.join(scratch, 'schema'), { recursive: true }) as string[]) {
      const p = path.join(scratch, 'schema', f);
      fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(scratch, dir);
    log(`built the Temporal server in ${Math.round((Date.now() - started) / 1000)}s → ${dir}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
