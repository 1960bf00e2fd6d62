// The hand-written ZIP reader and writer, cross-checked against an independent implementation (yazl).
import yazl from 'yazl';
import { crc32, listZipEntries, readZipEntry, readZipFile, writeZip, ZipError } from '../../documents/zip';

function yazlZip(files: { name: string; data: Buffer; compress?: boolean }[], options: Partial<yazl.Options> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const f of files) zip.addBuffer(f.data, f.name, { compress: f.compress ?? true, ...options });
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

describe('zip', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('reads back what it writes, stored and deflated, with UTF-8 names', () => {
    const text = 'Қазақстан Республикасы '.repeat(50);
    const zip = writeZip([
      { name: 'mimetype', data: 'application/x-test', store: true },
      { name: 'құжаттар/арыз.txt', data: text },
    ]);
    const entries = listZipEntries(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['mimetype', 0],
      ['құжаттар/арыз.txt', 8],
    ]);
    expect(entries[1].compressedSize).toBeLessThan(entries[1].uncompressedSize);
    expect(readZipEntry(zip, entries[1]).toString('utf8')).toBe(text);
    expect(readZipFile(zip, 'mimetype')?.toString()).toBe('application/x-test');
    expect(readZipFile(zip, 'missing')).toBeNull();
  });

  it('reads archives written by yazl, including data descriptors and ZIP64 records', async () => {
    const data = Buffer.from('ә ғ қ ң ө ұ ү һ і\n'.repeat(100));
    for (const options of [{}, { forceZip64Format: true }]) {
      const zip = await yazlZip(
        [
          { name: 'word/document.xml', data },
          { name: 'raw.bin', data: Buffer.from([1, 2, 3]), compress: false },
        ],
        options,
      );
      expect(listZipEntries(zip).map((e) => e.name)).toEqual(['word/document.xml', 'raw.bin']);
      expect(readZipFile(zip, 'word/document.xml')).toEqual(data);
      expect(readZipFile(zip, 'raw.bin')).toEqual(Buffer.from([1, 2, 3]));
    }
  });

  it('rejects damaged archives and entries that expand beyond the limit', () => {
    const zip = writeZip([{ name: 'a.txt', data: 'x'.repeat(10_000) }]);
    const entry = listZipEntries(zip)[0];
    expect(() => readZipEntry(zip, entry, 1000)).toThrow(ZipError);

    const stored = writeZip([{ name: 'a.txt', data: 'hello world', store: true }]);
    const corrupted = Buffer.from(stored);
    corrupted[30 + 'a.txt'.length] ^= 0xff; // flip the first data byte
    expect(() => readZipFile(corrupted, 'a.txt')).toThrow(/CRC/);

    expect(() => listZipEntries(Buffer.from('not a zip at all'))).toThrow(ZipError);
  });
});
