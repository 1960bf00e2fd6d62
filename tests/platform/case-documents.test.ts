// The case document register (platform/case-documents.ts) on an embedded PostgreSQL with the
// migrations: idempotent writes, reads in the case's order, and the case as the API shows it.
import { openDatabase, type Database } from '../../app/system';
import type { CaseDocument, CaseState } from '../../domain/ecase';
import { caseDocuments, saveCaseDocuments, withCaseDocuments } from '../../platform/case-documents';
import { startTestServer, type TestServer } from '../helpers/postgres';

let pg: TestServer;
let db: Database;

beforeAll(async () => {
  pg = await startTestServer('case_documents');
  db = await openDatabase(pg.url);
}, 60_000);

afterAll(async () => {
  await db?.prisma.$disconnect();
  await pg?.stop();
});

const ERDR = '261711303000001';
const doc = (n: number, over: Partial<CaseDocument> = {}): CaseDocument => ({
  id: `d${n}`,
  kind: 'electronic',
  title: `Хаттама ${n}`,
  sha256: n.toString(16).padStart(64, '0'),
  addedAt: new Date(Date.UTC(2026, 11, 1, 0, 0, n)).toISOString(),
  by: '850101300011',
  ...over,
});

test('documents are written once, read back in the order of their numbers, whatever the order written', async () => {
  const generated = doc(1, { kind: 'generated', generatedKind: 'kui_registration_report', title: { kk: 'Баянат', ru: 'Рапорт', en: 'Рапорт' } });
  const scan = doc(11, { kind: 'scanned_pdf', scanOf: 'protocol-1' });
  const translation = doc(2, { translationOf: 'translation-1', language: 'ru' });
  await saveCaseDocuments(db.prisma, ERDR, [scan, ...Array.from({ length: 8 }, (_, i) => doc(i + 3)), translation, generated]);
  // A retried activity writes the same documents again: nothing changes, nothing fails.
  await saveCaseDocuments(db.prisma, ERDR, [generated, { ...translation, title: 'changed' }]);
  const read = await caseDocuments(db.prisma, ERDR);
  expect(read.map((d) => d.id)).toEqual(Array.from({ length: 11 }, (_, i) => `d${i + 1}`));
  expect(read[0]).toEqual(generated);
  expect(read[1]).toEqual(translation);
  expect(read[10]).toEqual(scan);
  expect(await caseDocuments(db.prisma, ERDR, ['d11', 'd2'])).toEqual([translation, scan]);
  expect(await caseDocuments(db.prisma, '261711303000002')).toEqual([]);
});

test("the case as the API shows it: documents from the register, or the older run's own array", async () => {
  const state = { erdrNumber: ERDR, documents: [], documentCount: 11, status: 'IN_PROCEEDINGS' } as unknown as CaseState;
  const shown = await withCaseDocuments(db.prisma, state);
  expect(shown.documents).toHaveLength(11);
  expect('documentCount' in shown).toBe(false);
  // A run moving an older run's array into the register still holds the ones not yet written.
  const moving = await withCaseDocuments(db.prisma, { ...state, documentCount: 12, documents: [doc(12)] });
  expect(moving.documents.map((d) => d.id).slice(-2)).toEqual(['d11', 'd12']);
  const older = { erdrNumber: ERDR, documents: [doc(1)], status: 'IN_PROCEEDINGS' } as unknown as CaseState;
  expect(await withCaseDocuments(db.prisma, older)).toBe(older);
});

test('a case of 10 000 documents: written a thousand at a time as the activity writes them, read back whole and in order', async () => {
  const erdr = '261711303000010';
  const TOTAL = 10_000;
  const documents = Array.from({ length: TOTAL }, (_, i) =>
    doc(i + 1, { title: `Аударма / Перевод ${i + 1}`, translationOf: `translation-${Math.floor(i / 1000)}` }),
  );
  const t0 = Date.now();
  for (let b = 0; b < TOTAL / 1000; b++) await saveCaseDocuments(db.prisma, erdr, documents.slice(b * 1000, (b + 1) * 1000));
  const writtenMs = Date.now() - t0;
  // A retried batch changes nothing.
  await saveCaseDocuments(db.prisma, erdr, documents.slice(4000, 5000));
  const t1 = Date.now();
  const shown = await withCaseDocuments(db.prisma, { erdrNumber: erdr, documents: [], documentCount: TOTAL } as unknown as CaseState);
  const readMs = Date.now() - t1;
  console.log(`case_document: ${TOTAL} documents written in ${writtenMs} ms (ten batches), read back in ${readMs} ms`);
  expect(shown.documents).toHaveLength(TOTAL);
  expect(shown.documents.map((d) => d.id)).toEqual(documents.map((d) => d.id));
  expect(shown.documents[TOTAL - 1]).toEqual(documents[TOTAL - 1]);
  // The rules that need a few of them read only those.
  expect((await caseDocuments(db.prisma, erdr, ['d9999', 'd1'])).map((d) => d.id)).toEqual(['d1', 'd9999']);
});
