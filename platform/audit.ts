// The audit log: append-only and verifiable by anyone who keeps a checkpoint. Entries are the
// leaves of an RFC 6962 / RFC 9162 Merkle tree (platform/tlog.ts) kept in PostgreSQL: each entry
// row (`audit_event`) holds the exact bytes hashed into its leaf, and `audit_tree_node` the hash
// of every complete subtree. A signed checkpoint (tree size + root hash) commits to every entry up
// to its size; a later tree that changed or dropped any of them cannot be proved consistent with
// it — which a hash chain in one table could not promise, since whoever can write the table can
// re-hash every later row. 002 p.39–40: every query journalled, the archive kept for the whole
// life of the system.
//
// Appends are batched: entries appended within a few milliseconds of each other (or up to
// `maxBatch` of them) are written in one transaction that numbers them, stores their leaves and
// the subtrees they complete, and commits; each caller's promise settles when its entry is
// durable. Batches of all processes take turns on one transaction-scoped advisory lock — once a
// batch, not once an entry. An idempotency key makes a retried activity append once.
//
// Rows of the old hash chain (before this log) are taken in as the first leaves, in the order
// they were written, by the first batch after the migration (their chain hashes stay in the
// entry, so the old chain is still checkable).
import { hkdfSync } from 'node:crypto';
import type { PrismaClient } from '../prisma/generated/client';
import type { CodecKey } from './codec';
import { poolOf } from './db/client';
import { adoptLegacy, currentSize, encodeEntry, entryHash, insertNodes, readFrontier, readNodes } from './audit-tree';
import {
  appendHashes,
  consistencyProof,
  formatCheckpoint,
  inclusionProof,
  leafHash,
  nodeKey,
  noteSignerFromSeed,
  parseNoteSignerKey,
  signNote,
  treeHash,
  withStoredHashes,
  type NoteSigner,
} from './tlog';

// The entries' bytes and the tree's rows: platform/audit-tree.ts.
export { encodeEntry, entryHash };

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  /** When set, a second append with the same key returns the first entry instead of writing. */
  idempotencyKey?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<{ id: bigint; hash: string }>;
}

export interface AppendedEntry {
  id: bigint;
  /** The leaf hash, hex. */
  hash: string;
  /** The leaf index: its position in the log. */
  index: number;
}

/** One entry as stored, with its leaf number. */
export interface StoredEntry {
  id: bigint;
  index: number;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
  /** The bytes hashed into the leaf. */
  entry: Buffer;
}

export interface MerkleAuditLog extends AuditLog {
  append(entry: AuditEntry): Promise<AppendedEntry>;
  /** The number of entries durably in the log. */
  size(): Promise<number>;
  /** The root hash of the tree of the first `size` entries (default: all). */
  treeHead(size?: number): Promise<{ size: number; root: Buffer }>;
  inclusionProof(index: number, size: number): Promise<Buffer[]>;
  consistencyProof(from: number, to: number): Promise<Buffer[]>;
  entry(index: number): Promise<StoredEntry | null>;
  /**
   * The latest signed checkpoint, signing the current tree when the latest is older than
   * `maxAgeMs` and the log has grown since (0: always the current tree).
   */
  checkpoint(signer: NoteSigner, origin: string, maxAgeMs: number): Promise<{ size: number; note: string }>;
  /** Takes in the old chain's rows not yet in the tree (a batch with no entries of its own). */
  catchUp(): Promise<void>;
  /** Writes what is pending and stops taking entries. */
  close(): Promise<void>;
}

const AUDIT_LOCK = 727_001; // advisory lock id reserved for the audit log's writers

/**
 * The detail as the database will give it back (jsonb): what JSON drops is dropped now, and what
 * jsonb cannot hold — NUL and unpaired surrogates, which come as escapes out of JSON.stringify —
 * becomes U+FFFD, so the leaf bytes equal the re-encoding of the stored row and a hostile string
 * in a journalled request cannot make the journalling fail.
 */
function storedDetail(detail: Record<string, unknown> | undefined): { value: Record<string, unknown>; text: string } {
  const text = JSON.stringify(detail ?? {}).replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi, '$1\\ufffd');
  return { value: JSON.parse(text) as Record<string, unknown>, text };
}

interface Pending {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detailText: string;
  key: string | null;
  entry: Buffer;
  resolve(r: AppendedEntry): void;
  reject(e: unknown): void;
}

export function createAuditLog(prisma: PrismaClient, opts: { maxBatch?: number; maxDelayMs?: number } = {}): MerkleAuditLog {
  const maxBatch = opts.maxBatch ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 2;
  const pool = poolOf(prisma);
  const needPool = () => {
    if (!pool) throw new Error('the audit log needs a client made by createPrisma');
    return pool;
  };

  const queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let closed = false;

  async function writeBatch(batch: Pending[]): Promise<AppendedEntry[]> {
    const client = await needPool().connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
      let size = await currentSize(client);
      let frontier = await readFrontier(client, size);
      ({ size, frontier } = await adoptLegacy(client, size, frontier));

      // A key already journalled (or twice in this batch) answers with the first entry.
      const keys = [...new Set(batch.map((p) => p.key).filter((k): k is string => !!k))];
      const known = new Map<string, AppendedEntry>();
      if (keys.length) {
        const { rows } = await client.query<{ id: string; idempotency_key: string; leaf_index: string; entry: Buffer }>(
          'SELECT id::text AS id, idempotency_key, leaf_index::text AS leaf_index, entry FROM audit_event WHERE idempotency_key = ANY($1::text[])',
          [keys],
        );
        for (const r of rows) known.set(r.idempotency_key, { id: BigInt(r.id), hash: leafHash(r.entry).toString('hex'), index: Number(r.leaf_index) });
      }
      const fresh: Pending[] = [];
      const firstWithKey = new Map<string, Pending>();
      for (const p of batch) {
        if (p.key && (known.has(p.key) || firstWithKey.has(p.key))) continue;
        if (p.key) firstWithKey.set(p.key, p);
        fresh.push(p);
      }

      const written = new Map<Pending, AppendedEntry>();
      if (fresh.length) {
        const leaves = fresh.map((p) => leafHash(p.entry));
        const appended = appendHashes(size, frontier, leaves);
        const { rows } = await client.query<{ id: string; leaf_index: string }>(
          `INSERT INTO audit_event (at, actor, action, subject, detail, idempotency_key, leaf_index, entry)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::bigint[], $8::bytea[])
           RETURNING id::text AS id, leaf_index::text AS leaf_index`,
          [
            fresh.map((p) => p.at),
            fresh.map((p) => p.actor),
            fresh.map((p) => p.action),
            fresh.map((p) => p.subject),
            fresh.map((p) => p.detailText),
            fresh.map((p) => p.key),
            fresh.map((_, i) => String(size + i)),
            fresh.map((p) => p.entry),
          ],
        );
        await insertNodes(client, appended.nodes);
        const idOf = new Map(rows.map((r) => [Number(r.leaf_index), BigInt(r.id)]));
        fresh.forEach((p, i) => written.set(p, { id: idOf.get(size + i)!, hash: leaves[i].toString('hex'), index: size + i }));
      }
      await client.query('COMMIT');
      return batch.map((p) => written.get(p) ?? known.get(p.key!) ?? written.get(firstWithKey.get(p.key!)!)!);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<void> {
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await writeBatch(batch);
        batch.forEach((p, i) => p.resolve(results[i]));
      } catch (err) {
        if (batch.length === 1) {
          batch[0].reject(err);
          continue;
        }
        // One entry the database refuses must not fail the others: each goes again on its own.
        for (const p of batch) {
          try {
            p.resolve((await writeBatch([p]))[0]);
          } catch (e) {
            p.reject(e);
          }
        }
      }
    }
  }

  function kick(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // One batch at a time per process: entries arriving meanwhile make up the next batch.
    flushing ??= drain().finally(() => {
      flushing = undefined;
      if (queue.length) kick();
    });
  }

  const withRead = <T>(compute: Parameters<typeof withStoredHashes<T>>[0]) => withStoredHashes(compute, (ids) => readNodes(needPool(), ids));

  const log: MerkleAuditLog = {
    append(entry) {
      if (closed) return Promise.reject(new Error('the audit log is closed'));
      let detail: { value: Record<string, unknown>; text: string };
      try {
        detail = storedDetail(entry.detail);
      } catch (err) {
        return Promise.reject(err);
      }
      const at = new Date();
      const bytes = encodeEntry({ at, actor: entry.actor, action: entry.action, subject: entry.subject, detail: detail.value });
      return new Promise<AppendedEntry>((resolve, reject) => {
        queue.push({
          at,
          actor: entry.actor,
          action: entry.action,
          subject: entry.subject,
          detailText: detail.text,
          key: entry.idempotencyKey ?? null,
          entry: bytes,
          resolve,
          reject,
        });
        if (queue.length >= maxBatch) kick();
        else timer ??= setTimeout(kick, maxDelayMs);
      });
    },

    size: () => currentSize(needPool()),

    async treeHead(size) {
      const n = size ?? (await currentSize(needPool()));
      return { size: n, root: await withRead(treeHash(n)) };
    },

    inclusionProof: (index, size) => withRead(inclusionProof(index, size)),
    consistencyProof: (from, to) => withRead(consistencyProof(from, to)),

    async entry(index) {
      const { rows } = await needPool().query<{
        id: string;
        at: Date;
        actor: string;
        action: string;
        subject: string;
        detail: Record<string, unknown>;
        entry: Buffer;
      }>('SELECT id::text AS id, at, actor, action, subject, detail, entry FROM audit_event WHERE leaf_index = $1', [String(index)]);
      const r = rows[0];
      return r ? { id: BigInt(r.id), index, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail, entry: r.entry } : null;
    },

    async checkpoint(signer, origin, maxAgeMs) {
      const db = needPool();
      const { rows } = await db.query<{ tree_size: string; note: string; age_ms: number }>(
        'SELECT tree_size::text AS tree_size, note, (extract(epoch FROM now() - signed_at) * 1000)::float8 AS age_ms FROM audit_checkpoint ORDER BY audit_checkpoint.tree_size DESC LIMIT 1',
      );
      const size = await currentSize(db);
      const latest = rows[0];
      // A checkpoint signed by another key or for another origin (a key rotated) is not reused.
      const reusable = latest && latest.note.startsWith(`${origin}\n`) && latest.note.includes(`\n\u2014 ${signer.name} `);
      if (reusable && (Number(latest.tree_size) === size || latest.age_ms < maxAgeMs)) return { size: Number(latest.tree_size), note: latest.note };
      const root = await withRead(treeHash(size));
      const note = signNote(formatCheckpoint({ origin, size, root }), signer);
      await db.query(
        'INSERT INTO audit_checkpoint (tree_size, root_hash, note) VALUES ($1, $2, $3) ON CONFLICT (tree_size) DO UPDATE SET note = EXCLUDED.note, signed_at = now() WHERE audit_checkpoint.note <> EXCLUDED.note',
        [String(size), root, note],
      );
      return { size, note };
    },

    async catchUp() {
      await writeBatch([]);
    },

    async close() {
      closed = true;
      if (queue.length) kick();
      while (flushing) await flushing;
    },
  };
  return log;
}

/**
 * Checks every stored entry against its leaf and the tree: the entry bytes must be the encoding of
 * the row, and every stored hash what the entries give. Returns the id of the first entry that
 * does not match (for a wrong inner hash, the entry that completed that subtree), or null when
 * the whole log is intact. Rows of the old chain are also checked link by link.
 */
export async function verifyAuditChain(prisma: PrismaClient): Promise<bigint | null> {
  const pool = poolOf(prisma);
  if (!pool) throw new Error('verifyAuditChain needs a client made by createPrisma');
  let size = 0;
  let frontier = new Map<number, Buffer>();
  let prevChainHash = '0'.repeat(64);
  for (;;) {
    const { rows } = await pool.query<{
      id: string;
      leaf_index: string;
      at: Date;
      actor: string;
      action: string;
      subject: string;
      detail: unknown;
      prev_hash: string | null;
      hash: string | null;
      entry: Buffer | null;
    }>(
      'SELECT id::text AS id, leaf_index::text AS leaf_index, at, actor, action, subject, detail, prev_hash, hash, entry FROM audit_event WHERE leaf_index >= $1 ORDER BY audit_event.leaf_index LIMIT 1000',
      [String(size)],
    );
    if (!rows.length) break;
    const leaves: Buffer[] = [];
    for (const [i, r] of rows.entries()) {
      const expected = encodeEntry({ at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail, prevHash: r.prev_hash, hash: r.hash });
      if (Number(r.leaf_index) !== size + i || !r.entry || !expected.equals(r.entry)) return BigInt(r.id);
      if (r.hash != null) {
        const chain = entryHash(prevChainHash, { at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail });
        if (r.prev_hash !== prevChainHash || r.hash !== chain) return BigInt(r.id);
        prevChainHash = r.hash;
      }
      leaves.push(leafHash(r.entry));
    }
    const appended = appendHashes(size, frontier, leaves);
    const stored = await readNodes(pool, appended.nodes);
    for (const n of appended.nodes) {
      const h = stored.get(nodeKey(n.level, n.index));
      if (!h || !h.equals(n.hash)) {
        const lastLeaf = (n.index + 1) * 2 ** n.level - 1;
        return BigInt(rows[lastLeaf - size]?.id ?? rows[rows.length - 1].id);
      }
    }
    size += rows.length;
    frontier = appended.frontier;
  }
  return null;
}

const SIGNER_DERIVATION_LABEL = 'erdr/audit-log-checkpoint-key/v1';
export const DEFAULT_AUDIT_LOG_ORIGIN = 'erdr.local/audit-log';

/**
 * The checkpoint signer and origin: AUDIT_LOG_SIGNER_KEY, or — so that `npm start` needs no
 * configuration — an Ed25519 key derived (HKDF-SHA256) from the last codec key, as the search
 * pseudonym key is. Every process with the same configuration signs with the same key.
 */
export function auditLogSigner(opts: { configured?: string; origin?: string; codecKeys: readonly CodecKey[] }): { signer: NoteSigner; origin: string } {
  if (opts.configured) {
    const signer = parseNoteSignerKey(opts.configured);
    return { signer, origin: opts.origin ?? signer.name };
  }
  const origin = opts.origin ?? DEFAULT_AUDIT_LOG_ORIGIN;
  const base = opts.codecKeys.at(-1);
  if (!base) throw new Error('no codec key to derive the audit log key from');
  const seed = Buffer.from(hkdfSync('sha256', base.key, Buffer.alloc(0), SIGNER_DERIVATION_LABEL, 32));
  return { signer: noteSignerFromSeed(origin, seed), origin };
}
