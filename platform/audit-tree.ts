// The audit log's entries and Merkle tree as PostgreSQL holds them (platform/audit.ts writes and
// reads them): the canonical bytes of an entry's leaf, the old chain's hash of an entry, and the
// queries over `audit_event` and `audit_tree_node` — the tree's size, stored subtree hashes, the
// right edge a batch appends to, and the taking-in of the old chain's rows.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { appendHashes, frontierIds, leafHash, nodeKey, type NodeId } from './tlog';

/** Rows of the old chain taken into the tree per statement. */
const LEGACY_CHUNK = 1000;

/** Canonical JSON (sorted keys) so the same content always encodes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The old chain's hash of one entry (kept to check the rows journalled before the tree). */
export function entryHash(prevHash: string, e: { at: Date; actor: string; action: string; subject: string; detail: unknown }): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonical({ at: e.at.toISOString(), actor: e.actor, action: e.action, subject: e.subject, detail: e.detail ?? {} }))
    .digest('hex');
}

/**
 * The bytes of a leaf: canonical JSON of the entry's columns, so the row can be checked against its
 * leaf; a row of the old chain also carries its chain hashes.
 */
export function encodeEntry(e: {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail: unknown;
  prevHash?: string | null;
  hash?: string | null;
}): Buffer {
  return Buffer.from(
    canonical({
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      detail: e.detail ?? {},
      ...(e.hash != null && { chain: { prevHash: e.prevHash ?? '', hash: e.hash } }),
    }),
    'utf8',
  );
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function currentSize(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ size: string }>('SELECT coalesce(max(leaf_index) + 1, 0)::text AS size FROM audit_event');
  return Number(rows[0].size);
}

export async function readNodes(db: Queryable, ids: NodeId[]): Promise<Map<string, Buffer>> {
  const { rows } = await db.query<{ level: number; idx: string; hash: Buffer }>(
    'SELECT n.level, n.idx::text AS idx, n.hash FROM audit_tree_node n JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx',
    [ids.map((i) => i.level), ids.map((i) => String(i.index))],
  );
  return new Map(rows.map((r) => [nodeKey(r.level, Number(r.idx)), r.hash]));
}

export async function readFrontier(db: Queryable, size: number): Promise<Map<number, Buffer>> {
  const ids = frontierIds(size);
  const stored = ids.length ? await readNodes(db, ids) : new Map<string, Buffer>();
  const frontier = new Map<number, Buffer>();
  for (const id of ids) {
    const h = stored.get(nodeKey(id.level, id.index));
    if (!h) throw new Error(`audit log: stored hash ${id.level}/${id.index} of the right edge is missing`);
    frontier.set(id.level, h);
  }
  return frontier;
}

export async function insertNodes(db: Queryable, nodes: Array<NodeId & { hash: Buffer }>): Promise<void> {
  if (!nodes.length) return;
  await db.query('INSERT INTO audit_tree_node (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [
    nodes.map((n) => n.level),
    nodes.map((n) => String(n.index)),
    nodes.map((n) => n.hash),
  ]);
}

/** Takes the old chain's rows into the tree, in the order they were written. */
export async function adoptLegacy(db: Queryable, size: number, frontier: Map<number, Buffer>): Promise<{ size: number; frontier: Map<number, Buffer> }> {
  for (;;) {
    const { rows } = await db.query<{
      id: string;
      at: Date;
      actor: string;
      action: string;
      subject: string;
      detail: unknown;
      prev_hash: string | null;
      hash: string | null;
    }>(
      `SELECT id::text AS id, at, actor, action, subject, detail, prev_hash, hash FROM audit_event WHERE leaf_index IS NULL ORDER BY audit_event.id LIMIT ${LEGACY_CHUNK}`,
    );
    if (!rows.length) return { size, frontier };
    const entries = rows.map((r) =>
      encodeEntry({ at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail, prevHash: r.prev_hash, hash: r.hash }),
    );
    const appended = appendHashes(size, frontier, entries.map(leafHash));
    await db.query(
      'UPDATE audit_event SET leaf_index = u.leaf_index, entry = u.entry FROM unnest($1::bigint[], $2::bigint[], $3::bytea[]) AS u(id, leaf_index, entry) WHERE audit_event.id = u.id',
      [rows.map((r) => r.id), rows.map((_, i) => String(size + i)), entries],
    );
    await insertNodes(db, appended.nodes);
    size += rows.length;
    frontier = appended.frontier;
    if (rows.length < LEGACY_CHUNK) return { size, frontier };
  }
}
