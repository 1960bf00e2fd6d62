// Uploading signed attachments and reading them back (000 §3.3), through the API on the whole
// system: each file comes with a detached CMS over its bytes made with the uploader's signing key;
// anything wrong is refused with nothing stored; files are shown only to those allowed.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { keyOf, loginAs, signWith } from '../helpers/pki';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { makeDocx } from '../../documents/make-docx';
import { MAX_FILE_BYTES, MEDIA_TYPES } from '../../documents/media-type';
import { sha256Hex } from '../../documents/store';
import { listZipEntries, readZipFile } from '../../documents/zip';
import { contentDisposition, filesRouter, sendMaterialsZip } from '../../api/files';
import { errorHandler } from '../../api/errors';
import { RevocationUnavailableError } from '../../eds/revocation';

let sys: TestSystem;
let citizen: string;
beforeAll(async () => {
  sys = await startTestSystem();
  citizen = (await loginAs(sys.baseUrl, 'citizen')).token;
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const docx = makeDocx([{ kind: 'heading', text: 'Арыз', level: 1 }, 'Қалтамнан әмиянымды ұрлап кетті; куәлар бар.']);
const DOCX_NAME = 'Арыз мәтіні (қосымша).docx';

async function makePdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text, { font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

async function upload(token: string | undefined, parts: { bytes?: Buffer; name?: string; signature?: string }) {
  const form = new FormData();
  if (parts.bytes) form.append('file', new Blob([new Uint8Array(parts.bytes)]), parts.name ?? 'file.bin');
  if (parts.signature !== undefined) form.append('signature', parts.signature);
  const res = await fetch(`${sys.baseUrl}/api/v1/files`, { method: 'POST', body: form, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

async function download(token: string | undefined, path: string) {
  const res = await fetch(`${sys.baseUrl}/api/v1/files/${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Runs an upload that must be refused, and checks that nothing at all was kept of it. */
async function expectRefused(bytes: Buffer | undefined, call: () => ReturnType<typeof upload>) {
  const before = await sys.db.prisma.storedFile.count();
  const r = await call();
  expect(await sys.db.prisma.storedFile.count()).toBe(before);
  if (bytes) expect(await sys.files.has(sha256Hex(bytes))).toBe(false);
  return r;
}

/** A report of the development officials' body whose materials list the file. */
async function listInReport(fileId: string, bodyCode = DEV_OFFICIALS_BODY) {
  const talon = randomBytes(8).readBigUInt64BE().toString().padStart(20, '0').slice(0, 15);
  const file = await sys.db.prisma.storedFile.findUniqueOrThrow({ where: { id: fileId } });
  await sys.db.prisma.report.create({
    data: {
      talon,
      idempotencyKey: randomUUID(),
      requestHash: 'test',
      applicantIin: file.ownerIin,
      signedReport: new Uint8Array([0x30, 0x00]),
      regionId: 'r',
      districtId: 'd',
      bodyId: 'b',
      bodyCode,
      status: 'AWAITING_REGISTRATION',
      dueAt: new Date(Date.now() + 86_400_000),
    },
  });
  await sys.db.prisma.reportMaterial.create({
    data: { talon, fileId, sha256: file.sha256, name: file.name, mediaType: file.mediaType, size: file.size, kind: 'attachment' },
  });
}

test('a citizen uploads a signed DOCX and PDF and downloads the same bytes under the Kazakh name', async () => {
  const { iin } = await keyOf('citizen', 'sign');
  const r = await upload(citizen, { bytes: docx, name: DOCX_NAME, signature: await signWith('citizen', 'sign', docx) });
  expect(r.status).toBe(201);
  expect(r.body).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    sha256: sha256Hex(docx),
    mediaType: MEDIA_TYPES.docx.mediaType,
    size: docx.length,
    name: DOCX_NAME,
  });
  expect(await sys.db.prisma.storedFile.findUnique({ where: { id: r.body.id } })).toMatchObject({ ownerIin: iin, signerIin: iin, pdfSha256: null });

  const got = await download(citizen, r.body.id);
  expect(got.status).toBe(200);
  expect(got.bytes.equals(docx)).toBe(true);
  expect(got.headers.get('content-type')).toBe(MEDIA_TYPES.docx.mediaType);
  expect(got.headers.get('content-disposition')).toBe(contentDisposition(DOCX_NAME));
  expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Арыз мәтіні').replace(/'/g, '%27')}%20%28`);

  const pdf = await makePdf('Receipt 42');
  const p = await upload(citizen, { bytes: pdf, name: 'чек.pdf', signature: await signWith('citizen', 'sign', pdf) });
  expect(p).toMatchObject({ status: 201, body: { sha256: sha256Hex(pdf), mediaType: 'application/pdf', size: pdf.length, name: 'чек.pdf' } });
  const back = await download(citizen, p.body.id);
  expect(back.bytes.equals(pdf)).toBe(true);
  expect(back.headers.get('content-type')).toBe('application/pdf');
});

test('a file is hidden (404) from others until a report of their body lists it', async () => {
  const pdf = await makePdf('Witness statement');
  const { body } = await upload(citizen, { bytes: pdf, name: 'куә.pdf', signature: await signWith('citizen', 'sign', pdf) });
  const investigator = (await loginAs(sys.baseUrl, 'investigator')).token;
  const translator = (await loginAs(sys.baseUrl, 'translator')).token;

  expect((await download(undefined, body.id)).status).toBe(401);
  expect((await download(translator, body.id)).status).toBe(404);
  expect((await download(investigator, body.id)).status).toBe(404);
  expect((await download(citizen, randomUUID())).status).toBe(404);

  // A report of another body does not open it to this body's investigator.
  await listInReport(body.id, '000000');
  expect((await download(investigator, body.id)).status).toBe(404);

  await listInReport(body.id);
  const seen = await download(investigator, body.id);
  expect(seen.status).toBe(200);
  expect(seen.bytes.equals(pdf)).toBe(true);
  // A translator of the same body does not read report materials.
  expect((await download(translator, body.id)).status).toBe(404);
});

test('the PDF of a DOCX is served once it has been converted', async () => {
  const { body } = await upload(citizen, { bytes: docx, name: DOCX_NAME, signature: await signWith('citizen', 'sign', docx) });
  expect((await download(citizen, `${body.id}/pdf`)).status).toBe(404);

  const converted = await makePdf('Converted statement');
  const { sha256 } = await sys.files.put(converted);
  await sys.db.prisma.storedFile.update({ where: { id: body.id }, data: { pdfSha256: sha256 } });
  const got = await download(citizen, `${body.id}/pdf`);
  expect(got.status).toBe(200);
  expect(got.bytes.equals(converted)).toBe(true);
  expect(got.headers.get('content-type')).toBe('application/pdf');
  expect(got.headers.get('content-disposition')).toBe(contentDisposition('Арыз мәтіні (қосымша).pdf'));
  expect((await download((await loginAs(sys.baseUrl, 'translator')).token, `${body.id}/pdf`)).status).toBe(404);

  // A PDF upload has no conversion.
  const pdf = await makePdf('Already a PDF');
  const p = await upload(citizen, { bytes: pdf, name: 'a.pdf', signature: await signWith('citizen', 'sign', pdf) });
  expect((await download(citizen, `${p.body.id}/pdf`)).status).toBe(404);
});

test('10 MB is accepted; one byte more is refused with 413 and nothing stored', async () => {
  const pdfOfSize = (size: number) => {
    const b = randomBytes(size);
    b.write('%PDF-1.7\n', 0, 'latin1');
    return b;
  };
  const limit = pdfOfSize(MAX_FILE_BYTES);
  const ok = await upload(citizen, { bytes: limit, name: 'scan.pdf', signature: await signWith('citizen', 'sign', limit) });
  expect(ok).toMatchObject({ status: 201, body: { size: MAX_FILE_BYTES } });

  for (const size of [MAX_FILE_BYTES + 1, MAX_FILE_BYTES + 3 * 1024 * 1024]) {
    const big = pdfOfSize(size);
    const r = await expectRefused(big, async () => upload(citizen, { bytes: big, name: 'scan.pdf', signature: await signWith('citizen', 'sign', big) }));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', localised: { kk: expect.stringContaining('10 МБ') } });
  }
});

test('a missing file or signature, or a type not allowed, is a 400 naming the field', async () => {
  const noise = randomBytes(4096);
  noise[0] = 0x00;
  const unknown = await expectRefused(noise, async () =>
    upload(citizen, { bytes: noise, name: 'арыз.pdf', signature: await signWith('citizen', 'sign', noise) }),
  );
  expect(unknown.status).toBe(400);
  expect(Object.keys(unknown.body.error.fields)).toEqual(['file']);
  expect(unknown.body.error.localised.kk).toBeTruthy();

  const fresh = makeDocx([`Түсініктеме ${randomUUID()}`]);
  const unsigned = await expectRefused(fresh, () => upload(citizen, { bytes: fresh, name: DOCX_NAME }));
  expect(unsigned.status).toBe(400);
  expect(Object.keys(unsigned.body.error.fields)).toEqual(['signature']);

  const nothing = await expectRefused(undefined, () => upload(citizen, { signature: 'MIIB' }));
  expect(nothing.status).toBe(400);
  expect(Object.keys(nothing.body.error.fields)).toEqual(['file']);

  expect((await expectRefused(fresh, async () => upload(undefined, { bytes: fresh, signature: await signWith('citizen', 'sign', fresh) }))).status).toBe(401);
});

test("a signature that is not the uploader's signing-key signature over these bytes is a 422", async () => {
  const pdf = await makePdf(`Unique ${randomUUID()}`);

  const authKey = await expectRefused(pdf, async () => upload(citizen, { bytes: pdf, name: 'a.pdf', signature: await signWith('citizen', 'auth', pdf) }));
  expect(authKey.status).toBe(422);
  expect(authKey.body.error.code).toBe('WRONG_KEY_PURPOSE');
  const wrongKey = authKey.body.error.reasons.find((x: any) => x.code === 'WRONG_KEY_PURPOSE');
  expect(wrongKey.localised.kk).toContain('кілт');

  const otherBytes = await expectRefused(pdf, async () =>
    upload(citizen, { bytes: pdf, name: 'a.pdf', signature: await signWith('citizen', 'sign', Buffer.from('other bytes')) }),
  );
  expect(otherBytes.status).toBe(422);
  expect(otherBytes.body.error.code).toBe('SIGNATURE_INVALID');
  expect(otherBytes.body.error.reasons.length).toBeGreaterThan(0);

  const garbage = await expectRefused(pdf, () => upload(citizen, { bytes: pdf, name: 'a.pdf', signature: Buffer.from('not a CMS at all').toString('base64') }));
  expect(garbage.status).toBe(422);

  const someoneElse = await expectRefused(pdf, async () =>
    upload(citizen, { bytes: pdf, name: 'a.pdf', signature: await signWith('investigator', 'sign', pdf) }),
  );
  expect(someoneElse.status).toBe(422);
  expect(someoneElse.body.error).toMatchObject({
    code: 'SIGNER_MISMATCH',
    localised: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
  });
});

/** Serves `app` on a free port for the duration of `fn`. */
async function withServer(app: express.Express, fn: (base: string) => Promise<void>) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('when certificate status cannot be checked the upload is a 503, with nothing stored', async () => {
  const { iin } = await keyOf('citizen', 'sign');
  const app = express();
  app.use((req, _res, next) => {
    req.user = { iin, name: 'citizen', locale: 'kk', roles: ['participant'], grants: [] };
    next();
  });
  const signatures = {
    verify: async () => {
      throw new RevocationUnavailableError('OCSP and CRL both unreachable');
    },
  };
  app.use('/api/v1', filesRouter({ prisma: sys.db.prisma, signatures, files: sys.files }));
  app.use(errorHandler);
  const pdf = await makePdf(`Unique ${randomUUID()}`);
  await withServer(app, async (base) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)]), 'a.pdf');
    form.append('signature', await signWith('citizen', 'sign', pdf));
    const r = await expectRefused(pdf, async () => {
      const res = await fetch(`${base}/api/v1/files`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as any };
    });
    expect(r).toMatchObject({ status: 503, body: { error: { code: 'REVOCATION_UNAVAILABLE' } } });
  });
});

test('"download all" streams a ZIP with safe, unique UTF-8 names and the exact bytes', async () => {
  const a = await makePdf('first');
  const b = await makePdf('second');
  const c = docx;
  for (const bytes of [a, b, c]) await sys.files.put(bytes);
  const entries = [
    { name: 'Арыз.pdf', sha256: sha256Hex(a) },
    { name: 'арыз.PDF', sha256: sha256Hex(b) },
    { name: 'Арыз.pdf', sha256: sha256Hex(b) },
    { name: '../../etc/қосымша.docx', sha256: sha256Hex(c) },
    { name: '..', sha256: sha256Hex(a) },
  ];
  const app = express();
  app.get('/zip', (_req, res) => sendMaterialsZip(res, entries, sys.files, 'Материалдар 123456789012345.zip'));
  app.get('/missing', (_req, res) => sendMaterialsZip(res, [{ name: 'x.pdf', sha256: '0'.repeat(64) }], sys.files, 'x.zip'));
  await withServer(app, async (base) => {
    const res = await fetch(`${base}/zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(contentDisposition('Материалдар 123456789012345.zip'));
    const zip = Buffer.from(await res.arrayBuffer());
    const names = listZipEntries(zip).map((e) => e.name);
    expect(names).toEqual(['Арыз.pdf', 'арыз (2).PDF', 'Арыз (3).pdf', 'қосымша.docx', 'file-5']);
    expect(readZipFile(zip, 'Арыз.pdf')!.equals(a)).toBe(true);
    expect(readZipFile(zip, 'арыз (2).PDF')!.equals(b)).toBe(true);
    expect(readZipFile(zip, 'қосымша.docx')!.equals(c)).toBe(true);

    // Content that is not in the store fails before anything is sent.
    expect((await fetch(`${base}/missing`)).status).toBe(500);
  });
});
