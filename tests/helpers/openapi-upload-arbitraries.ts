// fast-check arbitraries for the file upload of the contract fuzzer: multipart bodies, as
// documented, nearly, or broken. Re-exported by ./openapi-request-arbitraries.ts.
import fc from 'fast-check';
import type { BodySpec } from './openapi-request-arbitraries';
import { hostileString, junkValue } from './hostile-values';
import { text } from './openapi-value-arbitraries';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Uint8Array | string;
}

/** A multipart/form-data body written by hand, so that it can also be written wrong. */
export function multipartBody(parts: Part[], opts: { boundary?: string; declaredBoundary?: string | null; closing?: boolean } = {}): BodySpec {
  const boundary = opts.boundary ?? 'fuzzboundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`, 'utf8'),
    );
    chunks.push(Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (opts.closing !== false) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const declared = opts.declaredBoundary === undefined ? boundary : opts.declaredBoundary;
  return {
    kind: 'bytes',
    data: new Uint8Array(Buffer.concat(chunks)),
    contentType: declared === null ? 'multipart/form-data' : `multipart/form-data; boundary=${declared}`,
  };
}

const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** File contents: a tiny PDF, random bytes, nothing, an executable, or text. */
export const fileBytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: fc.constant(new Uint8Array(PDF_BYTES)), weight: 3 },
  { arbitrary: fc.uint8Array({ maxLength: 512 }), weight: 2 },
  { arbitrary: fc.constant(new Uint8Array(0)), weight: 1 },
  { arbitrary: fc.constant(new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]))), weight: 1 },
  { arbitrary: fc.constant(new Uint8Array(Buffer.from('PK\u0003\u0004 not really a docx'))), weight: 1 },
  { arbitrary: text(1, 200).map((t) => new Uint8Array(Buffer.from(t))), weight: 1 },
);

const fileNameArb = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'арыз.pdf',
      'түсініктеме.docx',
      'a.pdf',
      '',
      '.',
      '..',
      '../../etc/passwd',
      'C:\\Windows\\evil.exe',
      '\u202Efdp.exe',
      'a\u0000b.pdf',
      'con.pdf',
      '"quoted".pdf',
      `${'Ә'.repeat(400)}.pdf`,
    ),
    weight: 3,
  },
  { arbitrary: hostileString.map((s) => s.replace(/["\r\n]/g, '')), weight: 1 },
);

/** The upload's signature field: missing, empty, not base64, base64 of junk, or huge. */
const signatureFieldArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '====', 'not base64!', 'MIAGCSqGSIb3DQEHAqCAMIACAQEx', 'AAAA', '-_-_'), weight: 2 },
  { arbitrary: fc.base64String({ minLength: 4, maxLength: 400 }), weight: 2 },
  { arbitrary: hostileString, weight: 2 },
  { arbitrary: fc.integer({ min: 1024 * 1024 + 1, max: 1024 * 1024 + 64 }).map((n) => 'A'.repeat(n)), weight: 1 },
);

export interface UploadOptions {
  /** Uploads with real signatures (or real signatures over other bytes), made when sent. */
  plausible?: { label: string; make: () => Promise<BodySpec> }[];
  /** The largest file accepted (bytes): one byte more is sometimes sent. */
  maxFileBytes: number;
}

/** The body of POST /files: well-formed multipart with good or bad parts, malformed multipart, or none. */
export function uploadBodyArb(opts: UploadOptions): fc.Arbitrary<BodySpec> {
  const wellFormed = fc
    .record({
      file: fc.option(fileBytesArb, { freq: 6 }),
      name: fileNameArb,
      fileType: fc.constantFrom(undefined, 'application/pdf', 'text/html', 'application/x-msdownload', 'multipart/mixed'),
      signature: signatureFieldArb,
      fileField: fc.constantFrom('file', 'file', 'file', 'files', 'signature', 'FILE', ''),
    })
    .map(({ file, name, fileType, signature, fileField }) => {
      const parts: Part[] = [];
      if (signature !== undefined) parts.push({ name: 'signature', data: signature });
      if (file) parts.push({ name: fileField, filename: name, contentType: fileType, data: file });
      return multipartBody(parts);
    });
  const malformed = fc.oneof(
    // Two files, a file under another field, too many fields, too many parts.
    fileBytesArb.map((f) =>
      multipartBody([
        { name: 'file', filename: 'a.pdf', data: f },
        { name: 'file', filename: 'b.pdf', data: f },
        { name: 'signature', data: 'AAAA' },
      ]),
    ),
    fileBytesArb.map((f) =>
      multipartBody([
        { name: 'attachment', filename: 'a.pdf', data: f },
        { name: 'signature', data: 'AAAA' },
      ]),
    ),
    fc.constant(multipartBody(Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, data: 'x' })))),
    fc.constant(multipartBody(Array.from({ length: 5 }, () => ({ name: 'signature', data: 'AAAA' })))),
    // The boundary missing, wrong, or never closed; the body cut short or not multipart at all.
    fileBytesArb.map((f) => multipartBody([{ name: 'file', filename: 'a.pdf', data: f }], { declaredBoundary: null })),
    fileBytesArb.map((f) => multipartBody([{ name: 'file', filename: 'a.pdf', data: f }], { declaredBoundary: 'other' })),
    fileBytesArb.map((f) =>
      multipartBody(
        [
          { name: 'file', filename: 'a.pdf', data: f },
          { name: 'signature', data: 'AAAA' },
        ],
        { closing: false },
      ),
    ),
    fc
      .constantFrom(
        '',
        '--',
        '--x\r\n',
        '--fuzzboundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data\r\n\r\nx\r\n--fuzzboundary7MA4YWxkTrZu0gW--',
        '\u0000\u0000',
      )
      .map((data): BodySpec => ({ kind: 'raw', data, contentType: 'multipart/form-data; boundary=fuzzboundary7MA4YWxkTrZu0gW' })),
    fc
      .constantFrom(
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary="unterminated',
        'multipart/mixed; boundary=x',
        'multipart/form-data; charset=bogus; boundary=fuzzboundary7MA4YWxkTrZu0gW',
      )
      .map((contentType): BodySpec => ({
        kind: 'raw',
        data: '--fuzzboundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--fuzzboundary7MA4YWxkTrZu0gW--\r\n',
        contentType,
      })),
    junkValue.map((value): BodySpec => ({ kind: 'json', value })),
  );
  const variants: fc.WeightedArbitrary<BodySpec>[] = [
    { arbitrary: wellFormed, weight: 6 },
    { arbitrary: malformed, weight: 4 },
    { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 1 },
    {
      // One byte over the limit, with a signature field that is fine as text.
      arbitrary: fc.constant<BodySpec>({
        kind: 'lazy',
        label: 'file one byte over the limit',
        make: async () =>
          multipartBody([
            { name: 'signature', data: 'AAAA' },
            { name: 'file', filename: 'big.pdf', data: Buffer.concat([PDF_BYTES, Buffer.alloc(opts.maxFileBytes + 1 - PDF_BYTES.length, 0x20)]) },
          ]),
      }),
      weight: 1,
    },
  ];
  if (opts.plausible?.length)
    variants.push({ arbitrary: fc.constantFrom(...opts.plausible.map((p): BodySpec => ({ kind: 'lazy', label: p.label, make: p.make }))), weight: 6 });
  return fc.oneof(...variants);
}
