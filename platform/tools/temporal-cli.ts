// Finds or prepares the Temporal CLI, whose `server start-dev` is the local Temporal server of
// `npm start` and of the tests. Order: TEMPORAL_CLI → `temporal` on PATH → our cached build →
// build it from its Go module (the Go module proxy is reachable in closed networks where
// temporal.download is not) → the official release archive.
import fs from 'node:fs';
import path from 'node:path';
import { installFromArchive, releasePlatform, TEMPORAL_DOWNLOAD_HOST } from './temporal-download';
import { findOnPath, isExecutableFile, LogLine, quickOutput, runStep, ToolSetupError } from './run-step';
import { withToolLock } from './tool-lock';

/** Newest CLI tag whose go.mod has no `replace` directive (later ones cannot be `go install`ed by version). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** The go.mod of that CLI version asks for this toolchain. */
export const MINIMUM_GO = { major: 1, minor: 25 };

export interface ResolveTemporalCliOptions {
  /** Where built or downloaded tools are kept (`TOOLS_DIR`, default `<repo>/.tools`). */
  toolsDir: string;
  /** Value of TEMPORAL_CLI, if set. */
  explicitPath?: string;
  log?: LogLine;
}

const exeName = () => `temporal${releasePlatform().exeSuffix}`;

/** Where this project keeps the CLI it built or downloaded itself. */
export function cachedCliPath(toolsDir: string): string {
  return path.join(path.resolve(toolsDir), 'bin', exeName());
}

/** Absolute path to a usable `temporal` executable; prepares one on first use if necessary. */
export async function resolveTemporalCli(opts: ResolveTemporalCliOptions): Promise<string> {
  const log = opts.log ?? (() => {});
  if (opts.explicitPath !== undefined) {
    const explicit = path.resolve(opts.explicitPath);
    if (!fs.existsSync(explicit)) {
      throw new ToolSetupError(`TEMPORAL_CLI points to ${explicit}, which does not exist.`);
    }
    if (!isExecutableFile(explicit)) {
      throw new ToolSetupError(`TEMPORAL_CLI points to ${explicit}, which is not an executable file.`);
    }
    return explicit;
  }

  const onPath = findOnPath('temporal');
  if (onPath) return onPath;

  const cached = cachedCliPath(opts.toolsDir);
  if (isExecutableFile(cached)) return cached;

  return withToolLock(
    path.dirname(cached),
    'temporal-cli',
    async () => {
      // Another process may have finished it while we waited for the lock.
      if (isExecutableFile(cached)) return cached;
      await prepareCli(cached, log);
      return cached;
    },
    { log },
  );
}

async function prepareCli(dest: string, log: LogLine): Promise<void> {
  const problems: string[] = [];

  const go = findOnPath('go');
  const goVersion = go ? parseGoVersion(quickOutput(go, ['env', 'GOVERSION'])) : undefined;
  if (!go) {
    problems.push('no Go toolchain on PATH to build it');
  } else if (!goVersion || !atLeast(goVersion, MINIMUM_GO)) {
    problems.push(
      `Go ${goVersion ? `${goVersion.major}.${goVersion.minor}` : '(unknown version)'} is too old to build it ` +
        `(needs ${MINIMUM_GO.major}.${MINIMUM_GO.minor} or newer)`,
    );
  } else {
    try {
      await buildWithGo(go, dest, log);
      return;
    } catch (err) {
      problems.push((err as Error).message);
      log('building the Temporal CLI failed; trying the official download instead');
    }
  }

  try {
    await downloadCli(dest, log);
    return;
  } catch (err) {
    problems.push(`download failed: ${(err as Error).message}`);
  }

  throw new ToolSetupError(
    `Could not obtain the Temporal CLI ${TEMPORAL_CLI_VERSION}:\n` +
      problems.map((p) => `  - ${p}`).join('\n') +
      `\nInstall it (https://docs.temporal.io/cli) and put \`temporal\` on PATH, set TEMPORAL_CLI to its path, ` +
      `or install Go ${MINIMUM_GO.major}.${MINIMUM_GO.minor}+ so that it can be built from the Go module proxy.`,
  );
}

async function buildWithGo(go: string, dest: string, log: LogLine): Promise<void> {
  // Build into a private directory, then rename: the cached path only ever holds a complete binary.
  // We hold the lock, so any other build directory was left by an interrupted build.
  for (const entry of fs.readdirSync(path.dirname(dest))) {
    if (entry.startsWith('.build-')) fs.rmSync(path.join(path.dirname(dest), entry), { recursive: true, force: true });
  }
  const gobin = fs.mkdtempSync(path.join(path.dirname(dest), '.build-'));
  try {
    log('building the Temporal CLI from its Go module (first run only, several minutes)…');
    const started = Date.now();
    await runStep(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: gobin },
      log,
      activity: 'building the Temporal CLI',
    });
    const built = path.join(gobin, exeName());
    if (!isExecutableFile(built)) throw new ToolSetupError(`go install finished but ${built} is missing`);
    fs.renameSync(built, dest);
    log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)}s → ${dest}`);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}

async function downloadCli(dest: string, log: LogLine): Promise<void> {
  const { platform, arch } = releasePlatform();
  const archiveUrl = `${TEMPORAL_DOWNLOAD_HOST}/cli/archive/${TEMPORAL_CLI_VERSION}?platform=${platform}&arch=${arch}`;
  await installFromArchive({ archiveUrl, member: exeName(), dest, what: 'the Temporal CLI', log });
}

export function parseGoVersion(text: string | undefined): { major: number; minor: number } | undefined {
  const m = /go(\d+)\.(\d+)/.exec(text ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

function atLeast(v: { major: number; minor: number }, min: { major: number; minor: number }): boolean {
  return v.major > min.major || (v.major === min.major && v.minor >= min.minor);
}
