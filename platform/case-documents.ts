// The document register of an electronic criminal case (001 ¶11–¶16) in PostgreSQL, table
// `case_document`. The case workflow numbers its documents `d1`, `d2`… and keeps only how many
// there are (`documentCount`); every document is written here by the activity that records it,
// and the API, the inventory, the print package and the court read them from here. Runs begun
// before the register keep their documents in the state, and readers take them from there.
import type { CaseDocument, CaseState } from '../domain/ecase';
import type { PrismaClient } from '../prisma/generated/client';

/** The number in a document id (`d12` → 12): the document's place in the case. */
export const documentPosition = (id: string): number => Number(id.replace(/^d/, '')) || 0;

/** Writes the documents; a document already written (a retried activity) is left as it was. */
export async function saveCaseDocuments(prisma: Pick<PrismaClient, 'caseDocument'>, erdrNumber: string, documents: readonly CaseDocument[]): Promise<void> {
  if (documents.length === 0) return;
  await prisma.caseDocument.createMany({
    data: documents.map((d) => ({
      erdrNumber,
      documentId: d.id,
      position: documentPosition(d.id),
      kind: d.kind,
      generatedKind: d.generatedKind ?? null,
      title: typeof d.title === 'string' ? d.title : { ...d.title },
      sha256: d.sha256,
      addedAt: new Date(d.addedAt),
      addedBy: d.by,
      scanOf: d.scanOf ?? null,
      translationOf: d.translationOf ?? null,
      language: d.language ?? null,
    })),
    skipDuplicates: true,
  });
}

/** The case's documents in order, shaped as the workflow state used to hold them. */
export async function caseDocuments(prisma: Pick<PrismaClient, 'caseDocument'>, erdrNumber: string, ids?: readonly string[]): Promise<CaseDocument[]> {
  const rows = await prisma.caseDocument.findMany({
    where: { erdrNumber, ...(ids && { documentId: { in: [...ids] } }) },
    orderBy: { position: 'asc' },
  });
  return rows.map((r) => ({
    id: r.documentId,
    kind: r.kind as CaseDocument['kind'],
    ...(r.generatedKind !== null && { generatedKind: r.generatedKind }),
    title: r.title as CaseDocument['title'],
    sha256: r.sha256,
    addedAt: r.addedAt.toISOString(),
    by: r.addedBy,
    ...(r.scanOf !== null && { scanOf: r.scanOf }),
    ...(r.translationOf !== null && { translationOf: r.translationOf }),
    ...(r.language !== null && { language: r.language }),
  }));
}

/**
 * The case as API consumers have always seen it: a run keeping its documents in the register
 * (`documentCount` set) gets them from the table; an older run's state already holds them.
 */
export async function withCaseDocuments<S extends Pick<CaseState, 'erdrNumber' | 'documents' | 'documentCount'>>(
  prisma: Pick<PrismaClient, 'caseDocument'>,
  state: S,
): Promise<S> {
  if (state.documentCount === undefined) return state;
  const { documentCount: _count, ...rest } = state;
  const written = await caseDocuments(prisma, state.erdrNumber);
  // A run moving an older run's documents into the register still holds those not yet written.
  const ids = new Set(written.map((d) => d.id));
  const pending = state.documents.filter((d) => !ids.has(d.id));
  const documents = pending.length ? [...written, ...pending].sort((a, b) => documentPosition(a.id) - documentPosition(b.id)) : written;
  return { ...rest, documents } as S;
}
