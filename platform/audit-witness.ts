// What an outside party does with the audit log's checkpoints (the `npm run audit` CLI): keep a
// checkpoint, and later check that the log's current checkpoint is signed by the log's key and that
// the tree it names extends the kept one (a consistency proof) — so no entry before it was changed
// or removed since. Only public routes are used: checkpoints and proofs carry hashes, nothing else.
import { openNote, parseCheckpoint, verifyConsistency, type Checkpoint } from './tlog';

export interface GrowthCheck {
  ok: boolean;
  /** The kept checkpoint's size and the current one's. */
  from?: number;
  to?: number;
  origin?: string;
  /** The current signed checkpoint (to keep for the next check). */
  current?: string;
  error?: string;
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

/** Opens a signed checkpoint with the verifier key; throws when the signature or format is wrong. */
export function openCheckpoint(note: string, verifierKey: string): Checkpoint {
  return parseCheckpoint(openNote(note, verifierKey));
}

/** Checks the API's current checkpoint against a kept one. Never throws: the answer says what failed. */
export async function checkLogGrowth(opts: { baseUrl: string; saved: string; verifierKey: string }): Promise<GrowthCheck> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  let old: Checkpoint;
  try {
    old = openCheckpoint(opts.saved, opts.verifierKey);
  } catch (err) {
    return { ok: false, error: `the saved checkpoint: ${(err as Error).message}` };
  }
  try {
    const current = await fetchText(`${base}/api/v1/audit/checkpoint?fresh=true`);
    const now = openCheckpoint(current, opts.verifierKey);
    const result = { from: old.size, to: now.size, origin: now.origin, current };
    if (now.origin !== old.origin) return { ok: false, ...result, error: `the log is ${now.origin}, the saved checkpoint is of ${old.origin}` };
    if (now.size < old.size) return { ok: false, ...result, error: `the log has shrunk from ${old.size} to ${now.size} entries` };
    if (old.size === 0) return { ok: true, ...result };
    const proof = JSON.parse(await fetchText(`${base}/api/v1/audit/proof/consistency?from=${old.size}&to=${now.size}`)) as { hashes: string[] };
    const ok = verifyConsistency({
      from: old.size,
      to: now.size,
      fromRoot: old.root,
      toRoot: now.root,
      proof: proof.hashes.map((h) => Buffer.from(h, 'base64')),
    });
    return ok
      ? { ok, ...result }
      : { ok, ...result, error: `the log of ${now.size} entries does not extend the saved one of ${old.size}: its history was changed` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
