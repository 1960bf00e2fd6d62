// What a V8 heap snapshot holds, summed by kind: objects by constructor name, closures by function
// name, and strings, code and arrays as a whole. Used by scripts/bench-cases.ts to measure the
// heap of the worker's workflow thread (a snapshot collects its garbage first) and show what
// dominates the memory of a cached case. The file is read in chunks: a snapshot of a heap of
// gigabytes is longer than a JavaScript string may be.
import fs from 'node:fs';

export interface HeapSummary {
  /** Live bytes in the heap (the sum of the nodes' self sizes). */
  totalBytes: number;
  /** The heaviest kinds, heaviest first. */
  kinds: { kind: string; bytes: number; count: number }[];
}

/** Kinds whose nodes are summed under their type alone: their names are their contents. */
const BY_TYPE = new Set(['string', 'concatenated string', 'sliced string', 'number', 'code', 'hidden', 'array', 'object shape']);

export function summariseHeapSnapshot(file: string, top = 15): HeapSummary {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  let carry = '';
  const read = (): string | undefined => {
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    return n === 0 ? undefined : chunk.toString('latin1', 0, n);
  };
  try {
    // The header, up to the nodes: {"snapshot":{"meta":{…},…},\n"nodes":[
    let text = '';
    while (!text.includes('"nodes":[')) {
      const part = read();
      if (part === undefined) break;
      text += part;
    }
    const at = text.indexOf('"nodes":[');
    if (at < 0) throw new Error(`${file}: no nodes in the snapshot`);
    const meta = (JSON.parse(`${text.slice(0, at).trim().replace(/,$/, '')}}`) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } } })
      .snapshot.meta;
    const fieldCount = meta.node_fields.length;
    const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f));
    const typeNames = meta.node_types[0];

    // The nodes: numbers separated by commas (and newlines), one node every fieldCount numbers.
    const sizes = new Map<number, { bytes: number; count: number }>(); // key: type × 2^32 + name
    const node: number[] = new Array(fieldCount).fill(0);
    let field = 0;
    let value = 0;
    let inNumber = false;
    let totalBytes = 0;
    let rest = text.slice(at + '"nodes":['.length);
    let done = false;
    while (!done) {
      for (let i = 0; i < rest.length; i++) {
        const c = rest.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48);
          inNumber = true;
          continue;
        }
        if (inNumber) {
          node[field++] = value;
          value = 0;
          inNumber = false;
          if (field === fieldCount) {
            field = 0;
            const type = typeNames[node[typeAt]];
            const key = BY_TYPE.has(type) ? node[typeAt] * 2 ** 32 : node[typeAt] * 2 ** 32 + node[nameAt];
            const entry = sizes.get(key) ?? { bytes: 0, count: 0 };
            entry.bytes += node[sizeAt];
            entry.count++;
            sizes.set(key, entry);
            totalBytes += node[sizeAt];
          }
        }
        if (c === 93 /* ] */) {
          carry = rest.slice(i + 1);
          done = true;
          break;
        }
      }
      if (!done) {
        const part = read();
        if (part === undefined) throw new Error(`${file}: the nodes do not end`);
        rest = part;
      }
    }

    // The names of the heaviest kinds, from the strings table at the end of the file.
    const heaviest = [...sizes.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
    // Kept from the marker on; before it, the last few characters in case it spans two chunks.
    const MARKER = '"strings":[';
    let found = carry.includes(MARKER);
    let tail = found ? carry.slice(carry.indexOf(MARKER)) : carry.slice(-MARKER.length);
    for (let part = read(); part !== undefined; part = read()) {
      tail += part;
      if (!found && tail.includes(MARKER)) {
        tail = tail.slice(tail.indexOf(MARKER));
        found = true;
      } else if (!found) tail = tail.slice(-MARKER.length);
      // Names are a nicety: a table past what a string may hold goes without them.
      if (tail.length > 400 * 1024 * 1024) break;
    }
    const strings =
      found && tail.length <= 400 * 1024 * 1024
        ? (JSON.parse(Buffer.from(tail.slice(MARKER.length - 1).replace(/}\s*$/, ''), 'latin1').toString('utf8')) as string[])
        : [];
    return {
      totalBytes,
      kinds: heaviest.map(([key, { bytes, count }]) => {
        const type = typeNames[Math.floor(key / 2 ** 32)];
        const name = BY_TYPE.has(type) ? '' : (strings[key % 2 ** 32] ?? '?').slice(0, 60);
        return { kind: name ? `${name} (${type})` : `(${type})`, bytes, count };
      }),
    };
  } finally {
    fs.closeSync(fd);
  }
}
