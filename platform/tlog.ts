// The arithmetic of a verifiable append-only log, independent of where its hashes are stored:
// RFC 6962 / RFC 9162 Merkle tree hashes, inclusion and consistency proofs (made and checked),
// and signed checkpoints in the C2SP tlog-checkpoint signed-note format with Ed25519 note keys as
// golang.org/x/mod/sumdb/note defines them. platform/audit.ts keeps the tree in PostgreSQL.
//
// Stored hashes follow Go's sumdb/tlog: the hash of every complete subtree, named by its level
// (0 = leaves) and its index at that level. A tree of any size is then a few of those hashes:
// proofs for any earlier size stay available for as long as the log lives.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const HASH_SIZE = 32;

/** RFC 6962 §2.1: the hash of a leaf, SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(entry).digest();
}

/** RFC 6962 §2.1: the hash of an inner node, SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_TREE_HASH = createHash('sha256').digest();

/** A stored hash: the complete subtree of 2^level leaves starting at leaf index·2^level. */
export interface NodeId {
  level: number;
  index: number;
}
export type NodeReader = (level: number, index: number) => Buffer;

const isPowerOfTwo = (n: number) => n > 0 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;

/** The largest power of two strictly below n (n ≥ 2): RFC 6962's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) from the stored complete subtrees (the ranges proofs ask for are aligned). */
function rangeHash(lo: number, hi: number, read: NodeReader): Buffer {
  const size = hi - lo;
  if (size === 0) return EMPTY_TREE_HASH;
  if (isPowerOfTwo(size) && lo % size === 0) return read(Math.log2(size), lo / size);
  const k = splitPoint(size);
  return nodeHash(rangeHash(lo, lo + k, read), rangeHash(lo + k, hi, read));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]). */
function inclusionPath(m: number, lo: number, hi: number, read: NodeReader): Buffer[] {
  if (hi - lo <= 1) return [];
  const k = splitPoint(hi - lo);
  if (m < lo + k) return [...inclusionPath(m, lo, lo + k, read), rangeHash(lo + k, hi, read)];
  return [...inclusionPath(m, lo + k, hi, read), rangeHash(lo, lo + k, read)];
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], complete): the old tree is D[lo:lo+m]. */
function consistencyPath(m: number, lo: number, hi: number, complete: boolean, read: NodeReader): Buffer[] {
  if (m === hi - lo) return complete ? [] : [rangeHash(lo, hi, read)];
  const k = splitPoint(hi - lo);
  if (m <= k) return [...consistencyPath(m, lo, lo + k, complete, read), rangeHash(lo + k, hi, read)];
  return [...consistencyPath(m - k, lo + k, hi, false, read), rangeHash(lo, lo + k, read)];
}

/**
 * Runs a computation over stored hashes in two passes: the first only learns which hashes it
 * reads (so they are fetched in one query), the second computes with them.
 */
export async function withStoredHashes<T>(compute: (read: NodeReader) => T, fetch: (ids: NodeId[]) => Promise<Map<string, Buffer>>): Promise<T> {
  const wanted = new Map<string, NodeId>();
  compute((level, index) => {
    wanted.set(nodeKey(level, index), { level, index });
    return EMPTY_TREE_HASH;
  });
  const hashes = wanted.size ? await fetch([...wanted.values()]) : new Map<string, Buffer>();
  return compute((level, index) => {
    const h = hashes.get(nodeKey(level, index));
    if (!h) throw new Error(`audit log: stored hash ${level}/${index} is missing`);
    return h;
  });
}

export const nodeKey = (level: number, index: number) => `${level}/${index}`;

export const treeHash = (size: number) => (read: NodeReader) => rangeHash(0, size, read);
export const inclusionProof = (index: number, size: number) => (read: NodeReader) => inclusionPath(index, 0, size, read);
export const consistencyProof = (from: number, to: number) => (read: NodeReader) => consistencyPath(from, 0, to, true, read);

/** The complete subtrees along the right edge of a tree of `size` leaves, largest first. */
export function frontierIds(size: number): NodeId[] {
  const ids: NodeId[] = [];
  for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
    const span = 2 ** level;
    if (Math.floor(size / span) % 2 === 1) ids.push({ level, index: Math.floor(size / span) - 1 });
  }
  return ids;
}

/**
 * The hashes to store when leaves are appended to a tree of `size` leaves whose right edge is
 * `frontier` (frontierIds(size) → hash): each leaf, and every subtree the leaf completes.
 */
export function appendHashes(
  size: number,
  frontier: Map<number, Buffer>,
  leaves: Buffer[],
): { nodes: Array<NodeId & { hash: Buffer }>; frontier: Map<number, Buffer> } {
  const edge = new Map(frontier);
  const nodes: Array<NodeId & { hash: Buffer }> = [];
  leaves.forEach((leaf, i) => {
    let index = size + i;
    let level = 0;
    let hash: Buffer = leaf;
    nodes.push({ level, index, hash });
    // An odd index is a right child: with its left sibling on the edge it completes their parent.
    while (index % 2 === 1) {
      const left = edge.get(level);
      if (!left) throw new Error(`audit log: the right edge lacks level ${level}`);
      edge.delete(level);
      hash = nodeHash(left, hash);
      level += 1;
      index = (index - 1) / 2;
      nodes.push({ level, index, hash });
    }
    edge.set(level, hash);
  });
  return { nodes, frontier: edge };
}

/** The root of the tree whose right edge is `frontier` (level → hash). */
export function rootOfFrontier(frontier: Map<number, Buffer>): Buffer {
  const levels = [...frontier.keys()].sort((a, b) => a - b);
  if (!levels.length) return EMPTY_TREE_HASH;
  let acc = frontier.get(levels[0])!;
  for (const level of levels.slice(1)) acc = nodeHash(frontier.get(level)!, acc);
  return acc;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Checking proofs (RFC 9162 §2.1.3.2 and §2.1.4.2), as any outside verifier does

export function verifyInclusion(opts: { index: number; size: number; leaf: Uint8Array; proof: Uint8Array[]; root: Uint8Array }): boolean {
  if (opts.index < 0 || opts.index >= opts.size) return false;
  let fn = opts.index;
  let sn = opts.size - 1;
  let r: Buffer = Buffer.from(opts.leaf);
  for (const p of opts.proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(Buffer.from(opts.root));
}

export function verifyConsistency(opts: { from: number; to: number; fromRoot: Uint8Array; toRoot: Uint8Array; proof: Uint8Array[] }): boolean {
  const { from, to } = opts;
  if (from < 0 || from > to) return false;
  if (from === to) return opts.proof.length === 0 && Buffer.from(opts.fromRoot).equals(Buffer.from(opts.toRoot));
  if (from === 0) return opts.proof.length === 0; // the empty tree is a prefix of every tree
  if (!opts.proof.length) return false;
  const path: Buffer[] = isPowerOfTwo(from) ? [Buffer.from(opts.fromRoot), ...opts.proof.map((p) => Buffer.from(p))] : opts.proof.map((p) => Buffer.from(p));
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = path[0];
  let sr: Buffer = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(Buffer.from(opts.fromRoot)) && sr.equals(Buffer.from(opts.toRoot));
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Signed notes and checkpoints (C2SP signed-note, tlog-checkpoint; golang.org/x/mod/sumdb/note)

const ALG_ED25519 = 1;
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface NoteSigner {
  /** The key name; by convention the log's origin. */
  name: string;
  /** First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian. */
  keyHash: number;
  publicKey: Buffer;
  /** `<name>+<hash>+<base64(0x01 ‖ public key)>`: what verifiers are given (note.NewVerifier). */
  verifierKey: string;
  sign(message: Uint8Array): Buffer;
}

function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && [...name].every((c) => c.codePointAt(0)! > 0x20);
}

function noteKeyHash(name: string, key: Buffer): number {
  return createHash('sha256').update(name, 'utf8').update('\n').update(key).digest().readUInt32BE(0);
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** A note signer from a 32-byte Ed25519 seed. */
export function noteSignerFromSeed(name: string, seed: Buffer): NoteSigner {
  if (!validKeyName(name)) throw new Error(`note key name ${JSON.stringify(name)} must be non-empty, without spaces or '+'`);
  if (seed.length !== 32) throw new Error('an Ed25519 seed has 32 bytes');
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  const key = Buffer.concat([Buffer.of(ALG_ED25519), publicKey]);
  const keyHash = noteKeyHash(name, key);
  return {
    name,
    keyHash,
    publicKey: Buffer.from(publicKey),
    verifierKey: `${name}+${hex8(keyHash)}+${key.toString('base64')}`,
    sign: (message) => sign(null, message, privateKey),
  };
}

/** The private key string of note.GenerateKey: `PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`. */
export function formatNoteSignerKey(name: string, seed: Buffer): string {
  const signer = noteSignerFromSeed(name, seed);
  return `PRIVATE+KEY+${name}+${hex8(signer.keyHash)}+${Buffer.concat([Buffer.of(ALG_ED25519), seed]).toString('base64')}`;
}

/** Reads a private key string of note.GenerateKey; throws on anything else. */
export function parseNoteSignerKey(text: string): NoteSigner {
  const m = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) throw new Error('not a note signer key (PRIVATE+KEY+<name>+<hash>+<key>)');
  const raw = Buffer.from(m[3], 'base64');
  if (raw.length !== 33 || raw[0] !== ALG_ED25519) throw new Error('not an Ed25519 note signer key');
  const signer = noteSignerFromSeed(m[1], raw.subarray(1));
  if (hex8(signer.keyHash) !== m[2]) throw new Error('the note signer key hash does not match its key');
  return signer;
}

/** The note's text signed: the text (ending in a newline), a blank line, then the signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new Error('a note text ends with one newline and has no blank line');
  const sig = signer.sign(Buffer.from(text, 'utf8'));
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(signer.keyHash);
  return `${text}\n\u2014 ${signer.name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
}

/** Checks a signed note against one verifier key and returns its text; throws when not signed by it. */
export function openNote(note: string, verifierKey: string): string {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(verifierKey.trim());
  if (!m) throw new Error('not a note verifier key (<name>+<hash>+<key>)');
  const key = Buffer.from(m[3], 'base64');
  if (key.length !== 33 || key[0] !== ALG_ED25519 || hex8(noteKeyHash(m[1], key)) !== m[2]) throw new Error('not an Ed25519 note verifier key');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('a signed note has its text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  const publicKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.subarray(1)]), format: 'der', type: 'spki' });
  for (const line of note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean)) {
    const s = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!s || s[1] !== m[1]) continue;
    const raw = Buffer.from(s[2], 'base64');
    if (raw.length !== 68 || hex8(raw.readUInt32BE(0)) !== m[2]) continue;
    if (verify(null, Buffer.from(text, 'utf8'), publicKey, raw.subarray(4))) return text;
    throw new Error('the note signature does not verify');
  }
  throw new Error(`the note carries no signature by ${m[1]}`);
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

/** The checkpoint body: origin, tree size (decimal), base64 root hash, each on its own line. */
export function formatCheckpoint(cp: Checkpoint): string {
  return `${cp.origin}\n${cp.size}\n${cp.root.toString('base64')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '' || !lines[0]) throw new Error('a checkpoint has an origin, a size and a root hash line');
  if (!/^(0|[1-9]\d{0,15})$/.test(lines[1])) throw new Error('the checkpoint tree size is not a decimal number');
  const root = Buffer.from(lines[2], 'base64');
  if (root.length !== HASH_SIZE || root.toString('base64') !== lines[2]) throw new Error('the checkpoint root is not a base64 SHA-256 hash');
  return { origin: lines[0], size: Number(lines[1]), root };
}
