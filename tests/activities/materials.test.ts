// Report materials on real parts: an embedded PostgreSQL with the migrations, a file store in a
// temporary folder, the real DOCX → PDF conversion. The activity runs in a mock activity context,
// so its heartbeats are seen.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createMaterialActivities, type MaterialActivities, type MaterialView } from '../../activities/materials';
import { disposeLibreOfficeProfiles } from '../../documents/convert';
import { makeDocx } from '../../documents/make-docx';
import { MEDIA_TYPES } from '../../documents/media-type';
import { extractPdfText } from '../../documents/pdf-text';
import { FsFileStore } from '../../documents/store';
import { openDatabase, type Database } from '../../app/system';
import { startTestServer, tempDir, type TestServer } from '../helpers/postgres';

const APPLICANT = '900101300011';
const SOMEONE_ELSE = '850505400022';

let pg: TestServer;
let db: Database;
let files: FsFileStore;
let activities: MaterialActivities;

beforeAll(async () => {
  pg = await startTestServer('materials');
  db = await openDatabase(pg.url);
  files = new FsFileStore(path.join(tempDir('erdr-materials-'), 'files'));
  activities = createMaterialActivities({ prisma: db.prisma, files });
}, 60_000);

afterAll(async () => {
  await db?.prisma.$disconnect();
  await pg?.stop();
  await disposeLibreOfficeProfiles();
});

async function newReport(): Promise<string> {
  const talon = String(Date.now()).padEnd(15, '0').slice(0, 15) + randomUUID().slice(0, 4);
  await db.prisma.report.create({
    data: {
      talon,
      idempotencyKey: randomUUID(),
      requestHash: 'test',
      applicantIin: APPLICANT,
      signedReport: new Uint8Array([0x30, 0x00]),
      regionId: 'r',
      districtId: 'd',
      bodyId: 'b',
      bodyCode: '711103',
      status: 'AWAITING_REGISTRATION',
      dueAt: new Date(Date.now() + 86_400_000),
    },
  });
  return talon;
}

/** Stores the bytes and registers them as an upload, as POST /api/v1/files does after the signature check. */
async function upload(bytes: Buffer, name: string, mediaType: string, ownerIin = APPLICANT) {
  const { sha256, size } = await files.put(bytes);
  const row = await db.prisma.storedFile.create({
    data: { id: randomUUID(), sha256, size, mediaType, name, ownerIin, signature: new Uint8Array([0x30, 0x00]), signerIin: ownerIin },
  });
  return { id: row.id, sha256 };
}

/** Runs the activity in a fresh mock context and counts its heartbeats. */
async function attach(input: Parameters<MaterialActivities['attachReportMaterials']>[0]) {
  // Expected failures are asserted below; the SDK's warning about each would only be noise.
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  let heartbeats = 0;
  env.on('heartbeat', () => heartbeats++);
  const materials = (await env.run(activities.attachReportMaterials, input)) as MaterialView[];
  return { materials, heartbeats };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (e) {
    return e as ApplicationFailure;
  }
  throw new Error('expected the activity to fail');
}

const statement = makeDocx([
  { kind: 'heading', text: 'Арыз', level: 1 },
  'Көршімнің үйінен ұрланған әңгіме кітабы туралы хабарлаймын; оқиға Қонаев көшесінде болды.',
]);

test('a DOCX attachment is converted to a PDF that keeps its Kazakh text; a retry changes nothing', async () => {
  const talon = await newReport();
  const docx = await upload(statement, 'Арыз мәтіні.docx', MEDIA_TYPES.docx.mediaType);
  const pdfDoc = await PDFDocument.create();
  pdfDoc.addPage().drawText('Photo of the receipt', { font: await pdfDoc.embedFont(StandardFonts.Helvetica) });
  const pdf = await upload(Buffer.from(await pdfDoc.save()), 'чек.pdf', MEDIA_TYPES.pdf.mediaType);

  const first = await attach({ talon, attachments: [docx, pdf] });
  expect(first.heartbeats).toBeGreaterThan(0);
  expect(first.materials.map((m) => [m.kind, m.name, m.mediaType])).toEqual([
    ['attachment', 'Арыз мәтіні.docx', MEDIA_TYPES.docx.mediaType],
    ['attachment', 'чек.pdf', MEDIA_TYPES.pdf.mediaType],
    ['converted_pdf', 'Арыз мәтіні.pdf', MEDIA_TYPES.pdf.mediaType],
  ]);
  expect(first.materials[0]).toMatchObject({ sha256: docx.sha256, size: statement.length });
  expect(Date.parse(first.materials[0].addedAt)).not.toBeNaN();

  const converted = first.materials[2];
  const stored = await db.prisma.storedFile.findUniqueOrThrow({ where: { id: docx.id } });
  expect(stored.pdfSha256).toBe(converted.sha256);
  const pdfBytes = (await files.get(converted.sha256))!;
  expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfBytes.length).toBe(converted.size);
  const text = (await extractPdfText(pdfBytes)).replace(/\s+/g, ' ');
  for (const word of ['Арыз', 'Көршімнің', 'үйінен', 'ұрланған', 'әңгіме', 'Қонаев', 'көшесінде']) expect(text).toContain(word);
  // The PDF upload needs no conversion.
  expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: pdf.id } })).pdfSha256).toBeNull();

  // A retry (the worker crashed after the work was done): same list, no new rows, no new conversion.
  const again = await attach({ talon, attachments: [docx, pdf] });
  expect(again.heartbeats).toBe(0);
  expect(again.materials).toEqual(first.materials);
  expect(await db.prisma.reportMaterial.count({ where: { talon } })).toBe(3);
  expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: docx.id } })).pdfSha256).toBe(converted.sha256);
});

test("an attachment that is not the applicant's upload fails without retries, and adds nothing", async () => {
  const talon = await newReport();
  const real = await upload(makeDocx(['Түсініктеме']), 'түсініктеме.docx', MEDIA_TYPES.docx.mediaType);

  const unknown = await failureOf(attach({ talon, attachments: [real, { id: randomUUID(), sha256: real.sha256 }] }));
  expect(unknown).toBeInstanceOf(ApplicationFailure);
  expect(unknown).toMatchObject({ type: 'ATTACHMENT_MISSING', nonRetryable: true });

  const otherBytes = await failureOf(attach({ talon, attachments: [{ id: real.id, sha256: '0'.repeat(64) }] }));
  expect(otherBytes).toMatchObject({ type: 'ATTACHMENT_MISSING', nonRetryable: true });

  const foreign = await upload(makeDocx(['Бөгде құжат']), 'бөгде.docx', MEDIA_TYPES.docx.mediaType, SOMEONE_ELSE);
  expect(await failureOf(attach({ talon, attachments: [foreign] }))).toMatchObject({ type: 'ATTACHMENT_MISSING', nonRetryable: true });

  expect(await db.prisma.reportMaterial.count({ where: { talon } })).toBe(0);
  expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: real.id } })).pdfSha256).toBeNull();

  const noReport = await failureOf(attach({ talon: '999999999999999', attachments: [real] }));
  expect(noReport).toMatchObject({ type: 'REPORT_MISSING', nonRetryable: true });
});
