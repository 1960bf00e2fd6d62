// Runs one long preparation command (a Go build, a Maven fetch) and keeps the person waiting
// informed: a line every so often with the elapsed time and what the command printed last, and on
// failure an error carrying the end of its output.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type LogLine = (line: string) => void;

export class ToolSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolSetupError';
  }
}

export interface RunStepOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log?: LogLine;
  /** Words for the progress line, e.g. "building the Temporal CLI" → "still building the Temporal CLI… 45s". */
  activity: string;
  heartbeatMs?: number;
}

const OUTPUT_LINES_KEPT = 40;

/** Resolves with the command's combined output; rejects with a ToolSetupError when it fails. */
export function runStep(command: string, args: string[], opts: RunStepOptions): Promise<string> {
  const { log = () => {}, heartbeatMs = 15_000 } = opts;
  const started = Date.now();
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split(/\r?\n/);
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    }
  };

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const heartbeat = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const last = lines.at(-1);
      log(`still ${opts.activity}… ${seconds}s${last ? ` (${last.trim().slice(0, 120)})` : ''}`);
    }, heartbeatMs);
    // Let a caller that only waits on this step exit normally if it is interrupted.
    heartbeat.unref();

    child.on('error', (err) => {
      clearInterval(heartbeat);
      reject(new ToolSetupError(`${opts.activity}: could not run ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      if (partial.trim()) lines.push(partial);
      const output = lines.join('\n');
      if (code === 0) return resolve(output);
      reject(
        new ToolSetupError(
          `${opts.activity}: \`${[command, ...args].join(' ')}\` failed ` + `(${signal ? `signal ${signal}` : `exit ${code}`}). Last output:\n${output}`,
        ),
      );
    });
  });
}

/** Absolute path of an executable found on PATH, or undefined. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`, name] : [name];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const candidate of names) {
      const full = path.resolve(dir, candidate);
      if (isExecutableFile(full)) return full;
    }
  }
  return undefined;
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Output of a quick command (a version query), or undefined if it cannot run. */
export function quickOutput(command: string, args: string[]): string | undefined {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}
