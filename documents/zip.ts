// Minimal ZIP reading and writing with node:zlib only.
//
// DOCX files are ZIP archives. We need to look inside them twice: to tell a DOCX from an XLSX,
// an ODT or a plain ZIP (media-type detection), and to read `word/document.xml` for the
// built-in DOCX → PDF converter. Tests also need to *write* small DOCX files. Both directions
// are small enough to do by hand from the ZIP specification (PKWARE APPNOTE), which keeps the
// dependency list short and lets us put hard limits on what an uploaded archive may expand to.
//
// Reading goes through the central directory at the end of the file (the authoritative list of
// entries); local headers are only used to find where each entry's data starts.
import zlib from 'node:zlib';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated; other methods are reported but cannot be extracted. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (the IEEE polynomial used by ZIP and PNG)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Whether the bytes start like a ZIP archive (a local file header, or an empty archive). */
export function looksLikeZip(bytes: Buffer): boolean {
  if (bytes.length < 4) return false;
  const sig = bytes.readUInt32LE(0);
  return sig === SIG_LOCAL || sig === SIG_EOCD;
}

/** Lists the entries of a ZIP archive from its central directory. Throws ZipError if damaged. */
export function listZipEntries(bytes: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  let count = bytes.readUInt16LE(eocd + 10);
  let cdSize = bytes.readUInt32LE(eocd + 12);
  let cdOffset = bytes.readUInt32LE(eocd + 16);

  // ZIP64: the classic record holds 0xFFFF/0xFFFFFFFF and the real values live in a ZIP64 record.
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== SIG_ZIP64_LOCATOR) {
      throw new ZipError('ZIP64 archive without a ZIP64 locator');
    }
    const z64 = safeNumber(bytes.readBigUInt64LE(locator + 8));
    if (z64 + 56 > bytes.length || bytes.readUInt32LE(z64) !== SIG_ZIP64_EOCD) {
      throw new ZipError('ZIP64 end-of-central-directory record not found');
    }
    count = safeNumber(bytes.readBigUInt64LE(z64 + 32));
    cdSize = safeNumber(bytes.readBigUInt64LE(z64 + 40));
    cdOffset = safeNumber(bytes.readBigUInt64LE(z64 + 48));
  }
  if (cdOffset + cdSize > bytes.length) throw new ZipError('central directory lies outside the file');

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ZipError(`central directory entry ${i} is damaged`);
    }
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    let compressedSize = bytes.readUInt32LE(p + 20);
    let uncompressedSize = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    let localHeaderOffset = bytes.readUInt32LE(p + 42);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    // Bit 11 marks UTF-8 names; older tools wrote CP437, which for the ASCII names that matter
    // here (word/document.xml, …) reads the same as latin1.
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');

    // ZIP64 extra field (id 0x0001) carries the sizes/offset that overflowed, in this order.
    const extra = bytes.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length;) {
      const id = extra.readUInt16LE(e);
      const size = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = safeNumber(extra.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = safeNumber(extra.readBigUInt64LE(q));
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = safeNumber(extra.readBigUInt64LE(q));
      }
      e += 4 + size;
    }

    entries.push({ name, method, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Names of the entries, tolerating a truncated archive: when the central directory cannot be
 * read, the local headers are walked from the start instead (enough for type detection of a
 * file that was cut short in transit).
 */
export function zipEntryNames(bytes: Buffer): string[] {
  try {
    return listZipEntries(bytes).map((e) => e.name);
  } catch {
    const names: string[] = [];
    let p = 0;
    while (p + 30 <= bytes.length && bytes.readUInt32LE(p) === SIG_LOCAL) {
      const flags = bytes.readUInt16LE(p + 6);
      const compressedSize = bytes.readUInt32LE(p + 18);
      const nameLen = bytes.readUInt16LE(p + 26);
      const extraLen = bytes.readUInt16LE(p + 28);
      names.push(bytes.subarray(p + 30, p + 30 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1'));
      // With a data descriptor (bit 3) the size is not known up front; stop walking.
      if (flags & 0x8) break;
      p += 30 + nameLen + extraLen + compressedSize;
    }
    return names;
  }
}

/**
 * Extracts one entry. `maxBytes` bounds the inflated size so that a small upload cannot expand
 * into gigabytes (a "zip bomb"); the CRC is checked so a damaged file is reported, not parsed.
 */
export function readZipEntry(bytes: Buffer, entry: ZipEntry, maxBytes = 64 * 1024 * 1024): Buffer {
  if (entry.uncompressedSize > maxBytes) {
    throw new ZipError(`${entry.name} expands to ${entry.uncompressedSize} bytes, more than ${maxBytes}`);
  }
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== SIG_LOCAL) {
    throw new ZipError(`local header of ${entry.name} is damaged`);
  }
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError(`${entry.name} is truncated`);
  const raw = bytes.subarray(start, end);

  let data: Buffer;
  if (entry.method === 0) {
    data = Buffer.from(raw);
  } else if (entry.method === 8) {
    try {
      data = zlib.inflateRawSync(raw, { maxOutputLength: maxBytes });
    } catch (e) {
      throw new ZipError(`${entry.name} cannot be inflated: ${(e as Error).message}`);
    }
  } else {
    throw new ZipError(`${entry.name} uses unsupported compression method ${entry.method}`);
  }
  if (crc32(data) !== entry.crc32) throw new ZipError(`${entry.name} fails its CRC check`);
  return data;
}

/** Reads a named entry, or returns null when the archive has no such entry. */
export function readZipFile(bytes: Buffer, name: string, maxBytes?: number): Buffer | null {
  const entry = listZipEntries(bytes).find((e) => e.name === name);
  return entry ? readZipEntry(bytes, entry, maxBytes) : null;
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, so search only that tail.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= lowest; p--) {
    if (bytes.readUInt32LE(p) === SIG_EOCD && p + 22 + bytes.readUInt16LE(p + 20) <= bytes.length) return p;
  }
  throw new ZipError('not a ZIP archive (no end-of-central-directory record)');
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('ZIP64 value too large');
  return Number(v);
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface ZipInput {
  name: string;
  data: Buffer | string;
  /** Store without compression (needed e.g. for the ODF `mimetype` entry). */
  store?: boolean;
}

/** Builds a ZIP archive in memory (no ZIP64: entries and archive must stay below 4 GiB). */
export function writeZip(files: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // A fixed timestamp (1 Jan 2000) keeps generated archives byte-for-byte reproducible.
  const dosTime = 0;
  const dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;

  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
    const name = Buffer.from(file.name, 'utf8');
    const method = file.store ? 0 : 8;
    const body = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(SIG_CENTRAL, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }

  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
