// Content-addressed storage of attachment bytes.
//
// A file is stored under the SHA-256 of its content and found again by that hash. This makes
// storage idempotent (a workflow activity that is retried after a crash stores the same bytes
// under the same name, harmlessly), deduplicates identical uploads, and lets every reader check
// that the bytes it got are the bytes that were signed: `get` verifies the hash.
// Metadata (file name, uploader, case) lives in the database, never in the store.
//
// Two back ends share the `aa/bb/<sha256>` layout, so a folder can be copied into a bucket:
//   - FsFileStore: a local folder; writes go to a temporary file in the target folder, are
//     flushed, then renamed into place, so a reader never sees a half-written file.
//   - S3FileStore: any S3-compatible object storage, via PUT/GET/HEAD signed with SigV4.
// createFileStore() builds either from one URL-like setting:
//   file:///var/lib/erdr/files          (or a plain path)
//   s3://ACCESS_KEY:SECRET@host:9000/bucket?region=us-east-1&tls=false
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signRequest } from './s3-signer';

export interface StoredFile {
  sha256: string;
  size: number;
}

export interface FileStore {
  /** Stores the bytes (if not already there) and returns their hash and size. */
  put(bytes: Buffer): Promise<StoredFile>;
  /** The bytes with this hash, or null if the store does not have them. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

export class FileStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileStoreError';
  }
}

const SHA256_RE = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** `aa/bb/<sha256>`: two levels of fan-out keep folders small (65 536 leaves). */
export function contentPath(sha256: string): string {
  // Validating here also stops path traversal through a crafted "hash".
  if (!SHA256_RE.test(sha256)) throw new FileStoreError(`not a SHA-256 hex digest: ${JSON.stringify(sha256)}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

function verified(sha256: string, bytes: Buffer, where: string): Buffer {
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new FileStoreError(`content of ${where} is corrupt: expected ${sha256}, found ${actual}`);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Local folder

export class FsFileStore implements FileStore {
  constructor(readonly rootDir: string) {}

  private fileFor(sha256: string): string {
    return path.join(this.rootDir, ...contentPath(sha256).split('/'));
  }

  async put(bytes: Buffer): Promise<StoredFile> {
    const sha256 = sha256Hex(bytes);
    const target = this.fileFor(sha256);
    const stored = { sha256, size: bytes.length };
    if (await this.hasIntact(target, bytes)) return stored;

    await fs.mkdir(path.dirname(target), { recursive: true });
    // The temporary file sits next to the target so the rename stays on one file system
    // (and is therefore atomic); its random name keeps concurrent writers apart.
    const temp = `${target}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
    const handle = await fs.open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (e) {
      await handle.close();
      await fs.rm(temp, { force: true });
      throw e;
    }
    await handle.close();
    try {
      // Replacing an existing file with identical content is harmless, so racing writers are fine.
      await fs.rename(temp, target);
    } catch (e) {
      await fs.rm(temp, { force: true });
      throw e;
    }
    return stored;
  }

  async get(sha256: string): Promise<Buffer | null> {
    const file = this.fileFor(sha256);
    try {
      return verified(sha256, await fs.readFile(file), file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await fs.stat(this.fileFor(sha256))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** True when the file is already in place with exactly these bytes (a damaged copy gets replaced). */
  private async hasIntact(file: string, bytes: Buffer): Promise<boolean> {
    try {
      if ((await fs.stat(file)).size !== bytes.length) return false;
      return (await fs.readFile(file)).equals(bytes);
    } catch {
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// S3-compatible object storage

export interface S3Options {
  /** Base URL of the service, e.g. `http://127.0.0.1:9000` or `https://s3.eu-central-1.amazonaws.com`. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Prefix for object keys inside the bucket, e.g. `attachments/`. */
  prefix?: string;
  /** Per-request time limit, default 30 s. */
  timeoutMs?: number;
}

export class S3FileStore implements FileStore {
  constructor(readonly options: S3Options) {}

  /** Path-style URL (`endpoint/bucket/key`), which every S3-compatible service understands. */
  objectUrl(sha256: string): URL {
    const base = this.options.endpoint.replace(/\/+$/, '');
    const key = (this.options.prefix ?? '') + contentPath(sha256);
    const encodedKey = key.split('/').map(encodeURIComponent).join('/');
    return new URL(`${base}/${encodeURIComponent(this.options.bucket)}/${encodedKey}`);
  }

  private async request(method: 'PUT' | 'GET' | 'HEAD', sha256: string, body?: Buffer): Promise<Response> {
    const url = this.objectUrl(sha256);
    const headers: Record<string, string> = {};
    if (body) {
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = String(body.length);
    }
    const signed = signRequest(
      // The object key *is* the payload hash for a PUT, so the payload is always signed.
      { method, url, headers, payloadHash: body ? sha256 : undefined },
      { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey, region: this.options.region },
    );
    // fetch sets Host and Content-Length itself and refuses to be told.
    const { host: _host, 'content-length': _length, ...sendHeaders } = signed.headers;
    try {
      return await fetch(url, {
        method,
        headers: sendHeaders,
        body: body ? new Uint8Array(body.buffer, body.byteOffset, body.length) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new FileStoreError(`S3 ${method} ${url.pathname} failed: ${(e as Error).message}`);
    }
  }

  private async fail(method: string, sha256: string, response: Response): Promise<never> {
    const text = method === 'HEAD' ? '' : await response.text().catch(() => '');
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    throw new FileStoreError(`S3 ${method} of ${sha256} answered ${response.status}${code ? ` (${code})` : ''}`);
  }

  async put(bytes: Buffer): Promise<StoredFile> {
    const sha256 = sha256Hex(bytes);
    const stored = { sha256, size: bytes.length };
    if (await this.has(sha256)) return stored;
    const response = await this.request('PUT', sha256, bytes);
    if (!response.ok) await this.fail('PUT', sha256, response);
    await response.arrayBuffer(); // drain the body so the connection can be reused
    return stored;
  }

  async get(sha256: string): Promise<Buffer | null> {
    const response = await this.request('GET', sha256);
    if (response.status === 404) {
      await response.arrayBuffer();
      return null;
    }
    if (!response.ok) await this.fail('GET', sha256, response);
    return verified(sha256, Buffer.from(await response.arrayBuffer()), `s3://${this.options.bucket}/${contentPath(sha256)}`);
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.request('HEAD', sha256);
    if (response.status === 404) return false;
    if (!response.ok) await this.fail('HEAD', sha256, response);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration

/**
 * Builds a store from a URL-like setting. For S3, the access key and secret go in the user-info
 * part (percent-encode `/` and `+` in the secret), the bucket is the first path segment and the
 * rest of the path becomes a key prefix; `region` defaults to us-east-1, `tls=false` uses http.
 * A relative plain path is resolved against `baseDir` (default: the working directory).
 */
export function createFileStore(spec: string, baseDir = process.cwd()): FileStore {
  if (spec.startsWith('file:')) return new FsFileStore(fileURLToPath(spec));
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return new FsFileStore(path.resolve(baseDir, spec));

  const url = new URL(spec);
  if (url.protocol !== 's3:') throw new FileStoreError(`unsupported file store ${url.protocol} (use file:// or s3://)`);
  const [bucket, ...prefixParts] = url.pathname.replace(/^\/+/, '').split('/');
  if (!bucket) throw new FileStoreError('s3:// file store URL needs a bucket: s3://key:secret@host/bucket');
  if (!url.username || !url.password) throw new FileStoreError('s3:// file store URL needs credentials: s3://key:secret@host/bucket');
  const tls = url.searchParams.get('tls') !== 'false';
  const prefix = prefixParts.filter(Boolean).map(decodeURIComponent).join('/');
  return new S3FileStore({
    endpoint: `${tls ? 'https' : 'http'}://${url.host}`,
    bucket: decodeURIComponent(bucket),
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
    region: url.searchParams.get('region') ?? 'us-east-1',
    prefix: prefix ? `${prefix}/` : undefined,
  });
}
