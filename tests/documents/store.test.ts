// Content-addressed file stores: the local folder store, and the S3 store against a small
// in-test S3 stand-in that checks every request's SigV4 signature the way S3 does (recomputed
// from the headers as received on the wire, so anything fetch adds or changes would show).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signRequest } from '../../documents/s3-signer';
import { contentPath, createFileStore, FileStoreError, FsFileStore, S3FileStore, sha256Hex } from '../../documents/store';

const kazakh = Buffer.from('Қылмыстық құқық бұзушылық туралы арыз', 'utf8');

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('FsFileStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'erdr-store-test-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('stores under aa/bb/<sha256> and reads back', async () => {
    const store = new FsFileStore(root);
    const sha = sha256Hex(kazakh);
    expect(await store.has(sha)).toBe(false);
    expect(await store.get(sha)).toBeNull();

    expect(await store.put(kazakh)).toEqual({ sha256: sha, size: kazakh.length });
    expect(listFiles(root)).toEqual([path.join(sha.slice(0, 2), sha.slice(2, 4), sha)]);
    expect(await store.has(sha)).toBe(true);
    expect(await store.get(sha)).toEqual(kazakh);
  });

  it('is idempotent, also under concurrent puts of the same content, and leaves no temporary files', async () => {
    const store = new FsFileStore(root);
    const bytes = Buffer.alloc(64 * 1024, 7);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    await store.put(bytes);
    expect(listFiles(root)).toHaveLength(1);
    expect(await store.get(results[0].sha256)).toEqual(bytes);
  });

  it('never shows a half-written file: a write that fails midway leaves nothing behind', async () => {
    const store = new FsFileStore(root);
    const realOpen = fsp.open;
    jest.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
      // Write half of the content, then fail as a full disk would.
      handle.writeFile = async (data: unknown) => {
        await handle.write((data as Buffer).subarray(0, 10));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      };
      return handle;
    });
    await expect(store.put(kazakh)).rejects.toThrow(/ENOSPC/);
    expect(await store.has(sha256Hex(kazakh))).toBe(false);
    expect(listFiles(root)).toEqual([]);

    jest.restoreAllMocks();
    await store.put(kazakh);
    expect(await store.get(sha256Hex(kazakh))).toEqual(kazakh);
  });

  it('detects a corrupted file on read and repairs it on the next put', async () => {
    const store = new FsFileStore(root);
    const { sha256 } = await store.put(kazakh);
    const file = path.join(root, contentPath(sha256));
    const damaged = Buffer.from(kazakh);
    damaged[0] ^= 1;
    fs.writeFileSync(file, damaged);
    await expect(store.get(sha256)).rejects.toThrow(/corrupt/);
    await store.put(kazakh);
    expect(await store.get(sha256)).toEqual(kazakh);
  });

  it('rejects anything but a SHA-256 hex digest as a name (no path traversal)', async () => {
    const store = new FsFileStore(root);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(FileStoreError);
    await expect(store.has('A'.repeat(64))).rejects.toThrow(FileStoreError);
  });
});

// ---------------------------------------------------------------------------------------------

interface StandIn {
  endpoint: string;
  objects: Map<string, Buffer>;
  requests: string[];
  close(): Promise<void>;
}

const creds = { accessKeyId: 'erdr-test-key', secretAccessKey: 'secret/with+special=chars', region: 'kz-central-1' };

/** An S3-like server: path-style PUT/GET/HEAD, checking signatures and the payload hash. */
async function startS3StandIn(bucket: string): Promise<StandIn> {
  const objects = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, `http://${req.headers.host}`);
      requests.push(`${req.method} ${url.pathname}`);
      const auth = req.headers.authorization ?? '';
      const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
      const reply = (status: number, text = '') => {
        res.statusCode = status;
        res.end(text);
      };
      if (!m || m[1] !== creds.accessKeyId) return reply(403, '<Error><Code>InvalidAccessKeyId</Code></Error>');
      const signedNames = m[4].split(';');
      const headers: Record<string, string> = {};
      for (const name of signedNames) {
        if (req.headers[name] === undefined) return reply(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');
        headers[name] = String(req.headers[name]);
      }
      const expected = signRequest(
        {
          method: req.method!,
          url,
          headers,
          payloadHash: headers['x-amz-content-sha256'],
          date: new Date(headers['x-amz-date'].replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')),
        },
        { ...creds, region: m[3] },
      );
      if (expected.signature !== m[5]) return reply(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');

      const prefix = `/${bucket}/`;
      if (!url.pathname.startsWith(prefix)) return reply(404, '<Error><Code>NoSuchBucket</Code></Error>');
      const key = decodeURIComponent(url.pathname.slice(prefix.length));
      if (req.method === 'PUT') {
        if (sha256Hex(body) !== headers['x-amz-content-sha256']) return reply(400, '<Error><Code>XAmzContentSHA256Mismatch</Code></Error>');
        objects.set(key, body);
        return reply(200);
      }
      const object = objects.get(key);
      if (!object) return reply(404, req.method === 'HEAD' ? '' : '<Error><Code>NoSuchKey</Code></Error>');
      res.setHeader('content-length', object.length);
      res.statusCode = 200;
      res.end(req.method === 'HEAD' ? undefined : object);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('S3FileStore', () => {
  let s3: StandIn;
  beforeAll(async () => {
    s3 = await startS3StandIn('erdr-files');
  });
  afterAll(() => s3.close());

  it('puts, heads and gets objects with valid signatures, under the same layout as the folder store', async () => {
    const store = new S3FileStore({ endpoint: s3.endpoint, bucket: 'erdr-files', ...creds });
    const sha = sha256Hex(kazakh);
    expect(await store.has(sha)).toBe(false);
    expect(await store.get(sha)).toBeNull();
    expect(await store.put(kazakh)).toEqual({ sha256: sha, size: kazakh.length });
    expect([...s3.objects.keys()]).toEqual([contentPath(sha)]);
    expect(await store.has(sha)).toBe(true);
    expect(await store.get(sha)).toEqual(kazakh);

    // A second put of the same content only checks that it is there.
    s3.requests.length = 0;
    await store.put(kazakh);
    expect(s3.requests).toEqual([`HEAD /erdr-files/${contentPath(sha)}`]);
  });

  it('reports refused requests and corrupted objects', async () => {
    const wrongKey = new S3FileStore({ endpoint: s3.endpoint, bucket: 'erdr-files', ...creds, secretAccessKey: 'wrong' });
    await expect(wrongKey.put(Buffer.from('x'))).rejects.toThrow(/403/);

    const store = new S3FileStore({ endpoint: s3.endpoint, bucket: 'erdr-files', ...creds });
    const { sha256 } = await store.put(Buffer.from('original'));
    s3.objects.set(contentPath(sha256), Buffer.from('tampered'));
    await expect(store.get(sha256)).rejects.toThrow(/corrupt/);
  });

  it('is built from an s3:// setting by createFileStore', async () => {
    const secret = encodeURIComponent(creds.secretAccessKey);
    const host = new URL(s3.endpoint).host;
    const store = createFileStore(`s3://${creds.accessKeyId}:${secret}@${host}/erdr-files?region=${creds.region}&tls=false`);
    expect(store).toBeInstanceOf(S3FileStore);
    expect((store as S3FileStore).options).toMatchObject({ endpoint: s3.endpoint, bucket: 'erdr-files', ...creds });
    const { sha256 } = await store.put(Buffer.from('через настройку'));
    expect((await store.get(sha256))?.toString()).toBe('через настройку');
  });
});

describe('createFileStore', () => {
  it('understands file URLs, plain paths and S3 options', () => {
    expect((createFileStore('file:///var/lib/erdr/files') as FsFileStore).rootDir).toBe('/var/lib/erdr/files');
    expect((createFileStore('data/files', '/srv/erdr') as FsFileStore).rootDir).toBe('/srv/erdr/data/files');
    const s3 = createFileStore('s3://AK:S%2FK@minio.local:9000/bucket/attachments/2025') as S3FileStore;
    expect(s3.options).toMatchObject({
      endpoint: 'https://minio.local:9000',
      bucket: 'bucket',
      accessKeyId: 'AK',
      secretAccessKey: 'S/K',
      region: 'us-east-1',
      prefix: 'attachments/2025/',
    });
    expect(s3.objectUrl('ab'.repeat(32)).pathname).toBe(`/bucket/attachments/2025/ab/ab/${'ab'.repeat(32)}`);
  });

  it('rejects incomplete or unknown settings', () => {
    expect(() => createFileStore('s3://AK:SK@minio.local:9000/')).toThrow(/bucket/);
    expect(() => createFileStore('s3://minio.local:9000/bucket')).toThrow(/credentials/);
    expect(() => createFileStore('ftp://host/files')).toThrow(/unsupported/);
  });
});
