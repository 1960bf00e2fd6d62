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
