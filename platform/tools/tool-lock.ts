// A lock file in the tools directory, so that two processes started at once (say `npm start` and
// `npm test`, or two jest workers) do not build or download the same tool side by side: the second
// one waits, then finds the finished result in the cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ToolLockOptions {
  log?: (line: string) => void;
  /** How often to look at the lock again while another process holds it. */
  pollMs?: number;
  /** A lock older than this is taken over even if its process id is in use (ids get reused). */
  staleAfterMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readOwner(lockPath: string): { raw: string; owner: LockOwner | undefined } | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(lockPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { raw, owner: JSON.parse(raw) as LockOwner };
  } catch {
    // Written by a process that died between creating the file and writing into it.
    return { raw, owner: undefined };
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(owner: LockOwner | undefined, raw: string, staleAfterMs: number, lockPath: string): boolean {
  if (!owner) {
    // An unreadable lock is only stale once it has been left alone for a while.
    const ageMs = Date.now() - fs.statSync(lockPath).mtimeMs;
    return raw.length === 0 ? ageMs > 10_000 : true;
  }
  if (Date.now() - owner.since > staleAfterMs) return true;
  // A process id only means something on the machine that wrote it (the tools directory may be shared).
  return owner.host === os.hostname() && !processIsAlive(owner.pid);
}

/**
 * Runs `work` while holding `<dir>/<name>.lock`. Waits while another live process holds it and
 * takes over a lock whose process has died.
 */
export async function withToolLock<T>(dir: string, name: string, work: () => Promise<T>, opts: ToolLockOptions = {}): Promise<T> {
  const { log = () => {}, pollMs = 500, staleAfterMs = 3 * 60 * 60 * 1000 } = opts;
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, `${name}.lock`);
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: Date.now() } satisfies LockOwner);
  const waitStarted = Date.now();
  let lastNotice = 0;

  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      try {
        fs.writeSync(fd, mine);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const current = readOwner(lockPath);
    if (!current) continue; // released between our two looks
    if (isStale(current.owner, current.raw, staleAfterMs, lockPath)) {
      // Remove it only if it is still the same stale lock, not one a competitor has just taken.
      if (readOwner(lockPath)?.raw === current.raw) fs.rmSync(lockPath, { force: true });
      continue;
    }
    const waitedMs = Date.now() - waitStarted;
    if (lastNotice === 0 || waitedMs - lastNotice >= 30_000) {
      lastNotice = Math.max(waitedMs, 1);
      log(`waiting for process ${current.owner?.pid ?? '?'}, which is preparing ${name} ` + `(${Math.round(waitedMs / 1000)}s so far; lock ${lockPath})…`);
    }
    await sleep(pollMs);
  }

  try {
    return await work();
  } finally {
    if (readOwner(lockPath)?.raw === mine) fs.rmSync(lockPath, { force: true });
  }
}
