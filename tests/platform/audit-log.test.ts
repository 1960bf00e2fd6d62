// The verifiable audit log (platform/audit.ts, platform/tlog.ts): the Merkle arithmetic against a
// plain recursive RFC 6962 tree, the note signature against golang.org/x/mod's own published
// example, and the log in PostgreSQL — concurrent appends batched into one contiguous tree,
// idempotency, the old chain taken in by the migration, checkpoints and proofs checked here and
// by Go's sumdb/tlog and sumdb/note (scripts/tlog-verify) when Go is on PATH, and tampering
// caught by the next consistency proof.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createAuditLog, encodeEntry, entryHash, verifyAuditChain, type MerkleAuditLog } from '../../platform/audit';
import { createPrisma } from '../../platform/db/client';
import { openDatabase, type Database } from '../../app/system';
import {
  appendHashes,
  consistencyProof,
  EMPTY_TREE_HASH,
  formatNoteSignerKey,
  inclusionProof,
  leafHash,
  nodeHash,
  nodeKey,
  noteSignerFromSeed,
  openNote,
  parseCheckpoint,
  parseNoteSignerKey,
  rootOfFrontier,
  signNote,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  withStoredHashes,
  type NodeId,
} from '../../platform/tlog';
import { startTestServer, tempDir, type TestServer } from '../helpers/postgres';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The arithmetic

/** RFC 6962 §2.1 MTH, straight from the definition, over leaf hashes. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_TREE_HASH;
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** A tree built by appending in uneven chunks, its stored hashes in a map. */
function buildTree(n: number) {
  const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  const stored = new Map<string, Buffer>();
  let frontier = new Map<number, Buffer>();
  for (let size = 0, chunk = 1; size < n; size += chunk, chunk = (chunk % 5) + 1) {
    const part = leaves.slice(size, Math.min(n, size + chunk));
    const r = appendHashes(size, frontier, part);
    for (const node of r.nodes) stored.set(nodeKey(node.level, node.index), node.hash);
    frontier = r.frontier;
    chunk = part.length;
  }
  const read = async <T>(compute: Parameters<typeof withStoredHashes<T>>[0]) =>
    withStoredHashes(compute, async (ids) => new Map(ids.map((id) => [nodeKey(id.level, id.index), stored.get(nodeKey(id.level, id.index))!])));
  return { leaves, stored, frontier, read };
}

test('roots from the stored subtree hashes equal the RFC 6962 definition for every size', async () => {
  const { leaves, frontier, read } = buildTree(70);
  expect(rootOfFrontier(frontier)).toEqual(mth(leaves));
  for (let n = 0; n <= 70; n++) expect(await read(treeHash(n))).toEqual(mth(leaves.slice(0, n)));
});

test('every inclusion and consistency proof verifies, and a changed hash or a wrong position does not', async () => {
  const { leaves, read } = buildTree(33);
  for (let size = 1; size <= 33; size++) {
    const root = mth(leaves.slice(0, size));
    for (let index = 0; index < size; index++) {
      const proof = await read(inclusionProof(index, size));
      expect(verifyInclusion({ index, size, leaf: leaves[index], proof, root })).toBe(true);
      if (size > 1) {
        expect(verifyInclusion({ index: (index + 1) % size, size, leaf: leaves[index], proof, root })).toBe(false);
        const bent = proof.map((h, i) => (i === 0 ? Buffer.from(h.map((b, j) => (j === 0 ? b ^ 1 : b))) : h));
        expect(verifyInclusion({ index, size, leaf: leaves[index], proof: bent, root })).toBe(false);
      }
    }
    for (let from = 1; from <= size; from++) {
      const proof = await read(consistencyProof(from, size));
      const fromRoot = mth(leaves.slice(0, from));
      expect(verifyConsistency({ from, to: size, fromRoot, toRoot: root, proof })).toBe(true);
      if (from < size) {
        // A different old tree (one leaf changed) is not a prefix of this one.
        const other = mth([...leaves.slice(0, from - 1), leafHash(Buffer.from('forged'))]);
        expect(verifyConsistency({ from, to: size, fromRoot: other, toRoot: root, proof })).toBe(false);
      }
    }
  }
});

test('note signatures are those of golang.org/x/mod/sumdb/note (its published example)', () => {
  const skey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
  const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
  const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const signer = parseNoteSignerKey(skey);
  expect(signer.verifierKey).toBe(vkey);
  const signed = signNote(text, signer);
  expect(signed).toBe(`${text}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`);
  expect(openNote(signed, vkey)).toBe(text);
  expect(() => openNote(signed.replace('cryptography', 'cryptographY'), vkey)).toThrow(/does not verify/);
  const stranger = noteSignerFromSeed('PeterNeumann', Buffer.alloc(32, 9));
  expect(() => openNote(signed, stranger.verifierKey)).toThrow(/no signature/);
  expect(parseNoteSignerKey(formatNoteSignerKey('erdr.local/audit-log', Buffer.alloc(32, 3))).verifierKey).toBe(
    noteSignerFromSeed('erdr.local/audit-log', Buffer.alloc(32, 3)).verifierKey,
  );
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The external verifier (Go)

const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
const goOnPath = goVersion.status === 0;
let goVerifier: string | undefined;

function buildGoVerifier(): void {
  if (!goOnPath) return;
  const out = path.join(tempDir('tlog-verify-'), 'tlog-verify');
  const built = spawnSync('go', ['build', '-o', out, '.'], { cwd: path.resolve(__dirname, '../../scripts/tlog-verify'), encoding: 'utf8', timeout: 240_000 });
  if (built.status !== 0) throw new Error(`go build of scripts/tlog-verify failed:\n${built.stderr}`);
  goVerifier = out;
}

/** Runs Go's verifier on JSON input; undefined (and says so) where Go is missing. */
function externalVerify(input: object): { ok: boolean; lines: Array<Record<string, unknown>> } | undefined {
  if (!goVerifier) {
    console.log(
      'The external verifier (Go sumdb/tlog and sumdb/note, scripts/tlog-verify) did NOT run: `go` is not on PATH. Only the in-repo proof checks ran.',
    );
    return undefined;
  }
  const r = spawnSync(goVerifier, [], { input: JSON.stringify(input), encoding: 'utf8', timeout: 30_000 });
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ok: r.status === 0, lines };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The log in PostgreSQL

let pg: TestServer;
let db: Database;
let log: MerkleAuditLog;
const signer = noteSignerFromSeed('erdr.test/audit-log', Buffer.alloc(32, 5));
const origin = 'erdr.test/audit-log';
const b64 = (h: Buffer) => h.toString('base64');

beforeAll(async () => {
  pg = await startTestServer('audit');
  db = await openDatabase(pg.url);
  log = db.audit;
  buildGoVerifier();
}, 300_000);

afterAll(async () => {
  await log?.close();
  await db?.prisma.$disconnect();
  await pg?.stop();
});

/** The stored hashes (inside the old tree) that the consistency proof from `from` to `to` is made of. */
function oldTreeHashesOfProof(from: number, to: number): NodeId[] {
  const ids: NodeId[] = [];
  consistencyProof(
    from,
    to,
  )((level, index) => {
    if ((index + 1) * 2 ** level <= from) ids.push({ level, index });
    return EMPTY_TREE_HASH;
  });
  return ids;
}

async function checkpointNow() {
  const { note } = await log.checkpoint(signer, origin, 0);
  return { note, ...parseCheckpoint(openNote(note, signer.verifierKey)) };
}

test('concurrent appends are batched into one gap-free tree; each caller gets its own leaf once it is durable', async () => {
  const before = await log.size();
  const appended = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      log.append({
        actor: `9001013000${String(i % 100).padStart(2, '0')}`,
        action: 'test.append',
        subject: `s-${i}`,
        detail: { i, note: i % 7 ? undefined : 'seventh' },
      }),
    ),
  );
  expect(appended.map((a) => a.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => before + i));
  expect(await log.size()).toBe(before + 300);
  // Batched: far fewer tree writes than entries (each batch writes its leaves in one statement).
  const rows = await pg.query('audit', 'SELECT count(DISTINCT xmin::text)::int AS batches FROM audit_event WHERE action = $1', ['test.append']);
  expect(rows[0].batches).toBeLessThan(100);
  for (const a of appended.slice(0, 20)) {
    const stored = (await log.entry(a.index))!;
    expect(stored.id).toBe(a.id);
    expect(leafHash(stored.entry).toString('hex')).toBe(a.hash);
  }
  expect(await verifyAuditChain(db.prisma)).toBeNull();
});

test('an idempotency key appends once, also when the retries race each other', async () => {
  const entry = { actor: 'worker', action: 'test.once', subject: 'case/1', detail: { n: 1 }, idempotencyKey: `once-${Date.now()}` };
  const [a, b, c] = await Promise.all([log.append(entry), log.append(entry), log.append(entry)]);
  const d = await log.append(entry);
  expect(new Set([a, b, c, d].map((x) => `${x.id}/${x.index}/${x.hash}`)).size).toBe(1);
  expect(await db.prisma.auditEvent.count({ where: { idempotencyKey: entry.idempotencyKey } })).toBe(1);
});

test('an entry the database refuses fails alone, not the batch it came with; what jsonb cannot hold is replaced, not refused', async () => {
  const good = log.append({ actor: 'a', action: 'test.good', subject: 'x', detail: { ok: true } });
  // A NUL in a text column: PostgreSQL refuses the row inside the batch.
  const refused = log.append({ actor: 'a\u0000b', action: 'test.refused', subject: 'x', detail: {} });
  // NUL and an unpaired surrogate in the detail (say, from a hostile request journalled) become U+FFFD.
  const hostile = log.append({ actor: 'a', action: 'test.hostile', subject: 'x', detail: { text: 'nul \u0000 and \ud800 here', kept: '\\u0000' } });
  await expect(refused).rejects.toThrow();
  await expect(good).resolves.toMatchObject({ index: expect.any(Number) });
  const stored = (await log.entry((await hostile).index))!;
  expect(stored.detail).toEqual({ text: 'nul \ufffd and \ufffd here', kept: '\\u0000' });
  expect(await verifyAuditChain(db.prisma)).toBeNull();
});

test('signed checkpoints and proofs from the log verify here and with Go’s sumdb/tlog and sumdb/note', async () => {
  const old = await checkpointNow();
  await Promise.all(Array.from({ length: 37 }, (_, i) => log.append({ actor: 'a', action: 'test.more', subject: `m-${i}`, detail: { i } })));
  const now = await checkpointNow();
  expect(now.origin).toBe(origin);
  expect(now.size).toBe(old.size + 37);
  expect(now.root).toEqual((await log.treeHead(now.size)).root);

  const consistency = await log.consistencyProof(old.size, now.size);
  expect(verifyConsistency({ from: old.size, to: now.size, fromRoot: old.root, toRoot: now.root, proof: consistency })).toBe(true);
  const indexes = [0, 1, old.size - 1, old.size, now.size - 1];
  const inclusion = await Promise.all(
    indexes.map(async (index) => {
      const entry = (await log.entry(index))!;
      const hashes = await log.inclusionProof(index, now.size);
      expect(verifyInclusion({ index, size: now.size, leaf: leafHash(entry.entry), proof: hashes, root: now.root })).toBe(true);
      return { index, size: now.size, entry: b64(entry.entry), hashes: hashes.map(b64) };
    }),
  );

  const input = {
    verifierKey: signer.verifierKey,
    checkpoint: now.note,
    oldCheckpoint: old.note,
    inclusion,
    consistency: [{ from: old.size, to: now.size, hashes: consistency.map(b64) }],
  };
  const go = externalVerify(input);
  if (go) {
    expect(go.lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ check: 'checkpoint', ok: true }), expect.objectContaining({ check: 'consistency', ok: true })]),
    );
    expect(go.lines.filter((l) => l.check === 'inclusion' && l.ok)).toHaveLength(indexes.length);
    expect(go.ok).toBe(true);
    // …and Go refuses what it should: another key, a proof for another entry.
    const other = noteSignerFromSeed(origin, Buffer.alloc(32, 6));
    expect(externalVerify({ ...input, verifierKey: other.verifierKey })!.ok).toBe(false);
    expect(externalVerify({ ...input, inclusion: [{ ...inclusion[0], index: 1 }] })!.ok).toBe(false);
  }
});

test('a checkpoint is reused while young and the log has not grown, and signed anew after', async () => {
  const first = await log.checkpoint(signer, origin, 60_000);
  expect((await log.checkpoint(signer, origin, 60_000)).note).toBe(first.note);
  await log.append({ actor: 'a', action: 'test.grow', subject: 'g', detail: {} });
  // Young: still the earlier one (at most 60 s behind); on demand (0): the grown tree.
  expect((await log.checkpoint(signer, origin, 60_000)).size).toBe(first.size);
  expect((await log.checkpoint(signer, origin, 0)).size).toBe(first.size + 1);
  const stored = await db.prisma.auditCheckpoint.findUnique({ where: { treeSize: BigInt(first.size + 1) } });
  expect(stored?.note).toContain(`${origin}\n${first.size + 1}\n`);
});

test('rewriting history is caught: a changed row fails the check, and a re-hashed tree fails the next consistency proof', async () => {
  const saved = await checkpointNow();
  const victim = (await log.entry(2))!;

  // 1. A changed column: the row no longer encodes to its leaf.
  await pg.query('audit', `UPDATE audit_event SET detail = '{"forged":true}' WHERE id = $1`, [String(victim.id)]);
  expect(await verifyAuditChain(db.prisma)).toBe(victim.id);

  // 2. A thorough forger also rewrites the leaf bytes and re-hashes every subtree above it, so the
  //    stored tree is self-consistent again — but no longer an extension of the saved checkpoint.
  const forged = encodeEntry({ ...victim, detail: { forged: true } });
  await pg.query('audit', 'UPDATE audit_event SET entry = $1 WHERE id = $2', [forged, String(victim.id)]);
  let hash = leafHash(forged);
  let index = victim.index;
  for (let level = 0; 2 ** level <= saved.size; level++) {
    await pg.query('audit', 'UPDATE audit_tree_node SET hash = $1 WHERE level = $2 AND idx = $3', [hash, level, String(index)]);
    const sibling = index % 2 ? index - 1 : index + 1;
    const rows = await pg.query('audit', 'SELECT hash FROM audit_tree_node WHERE level = $1 AND idx = $2', [level, String(sibling)]);
    if (!rows.length) break;
    hash = index % 2 ? nodeHash(rows[0].hash, hash) : nodeHash(hash, rows[0].hash);
    index = Math.floor(index / 2);
  }
  expect(await verifyAuditChain(db.prisma)).toBeNull(); // the tree alone cannot tell…
  await log.append({ actor: 'a', action: 'test.after-forgery', subject: 'f', detail: {} });
  const next = await checkpointNow();
  const proof = await log.consistencyProof(saved.size, next.size);
  // …the saved checkpoint can.
  expect(verifyConsistency({ from: saved.size, to: next.size, fromRoot: saved.root, toRoot: next.root, proof })).toBe(false);
  const go = externalVerify({
    verifierKey: signer.verifierKey,
    checkpoint: next.note,
    oldCheckpoint: saved.note,
    consistency: [{ from: saved.size, to: next.size, hashes: proof.map(b64) }],
  });
  if (go) {
    expect(go.ok).toBe(false);
    expect(go.lines).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'consistency', ok: false })]));
  }

  // 3. One stored hash the next consistency proof rests on changed, nothing else: the proof fails too.
  const later = await checkpointNow();
  const [rested] = oldTreeHashesOfProof(later.size, later.size + 1);
  await pg.query('audit', "UPDATE audit_tree_node SET hash = decode(repeat('ab', 32), 'hex') WHERE level = $1 AND idx = $2", [
    rested.level,
    String(rested.index),
  ]);
  await log.append({ actor: 'a', action: 'test.after-node-change', subject: 'n', detail: {} });
  const last = await checkpointNow();
  const proof2 = await log.consistencyProof(later.size, last.size);
  expect(verifyConsistency({ from: later.size, to: last.size, fromRoot: later.root, toRoot: last.root, proof: proof2 })).toBe(false);
});

test('the old hash chain migrates in: its rows become the first leaves in order, their chain still checkable', async () => {
  // A database as the old code left it: the first migration's table, rows chained by the old code.
  const legacyDb = 'legacy';
  await pg.query('audit', `CREATE DATABASE ${legacyDb}`);
  const init = fs.readFileSync(path.resolve(__dirname, '../../prisma/migrations/20261123214354_init/migration.sql'), 'utf8');
  await pg.query(legacyDb, init);
  await pg.query(legacyDb, 'ALTER TABLE audit_event ADD COLUMN idempotency_key TEXT UNIQUE');
  let prev = '0'.repeat(64);
  for (let i = 0; i < 5; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    const e = { at, actor: `old-${i}`, action: 'account.role-granted', subject: `app-${i}`, detail: { i, role: 'investigator' } };
    const hash = entryHash(prev, e);
    await pg.query(legacyDb, 'INSERT INTO audit_event (at, actor, action, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      at,
      e.actor,
      e.action,
      e.subject,
      JSON.stringify(e.detail),
      prev,
      hash,
    ]);
    prev = hash;
  }
  const migration = fs.readFileSync(path.resolve(__dirname, '../../prisma/migrations/20261203112000_audit_merkle_log/migration.sql'), 'utf8');
  await pg.query(legacyDb, migration);

  const prisma = createPrisma(pg.urlOf(legacyDb));
  const legacyLog = createAuditLog(prisma);
  try {
    const added = await legacyLog.append({ actor: 'new', action: 'test.after-migration', subject: 'n', detail: {} });
    expect(added.index).toBe(5);
    const rows = await pg.query(legacyDb, 'SELECT actor, leaf_index::int AS leaf_index, convert_from(entry, $1) AS entry FROM audit_event ORDER BY id', [
      'UTF8',
    ]);
    expect(rows.map((r) => [r.actor, r.leaf_index])).toEqual([...Array.from({ length: 5 }, (_, i) => [`old-${i}`, i]), ['new', 5]]);
    expect(JSON.parse(rows[0].entry)).toMatchObject({ actor: 'old-0', chain: { prevHash: '0'.repeat(64) } });
    expect(await verifyAuditChain(prisma)).toBeNull();
    // The old chain's own check still bites on its rows.
    await pg.query(
      legacyDb,
      "UPDATE audit_event SET prev_hash = 'x', entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"prevHash\":\"' || repeat('0', 64) || '\"', '\"prevHash\":\"x\"'), 'UTF8') WHERE actor = 'old-0'",
    );
    const first = await pg.query(legacyDb, "SELECT id::text AS id FROM audit_event WHERE actor = 'old-0'");
    expect(await verifyAuditChain(prisma)).toBe(BigInt(first[0].id));
  } finally {
    await legacyLog.close();
    await prisma.$disconnect();
  }
});
