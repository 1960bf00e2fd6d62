// The case's documents (001 ¶7, ¶11–¶16, ¶26, 000 §4.9): electronic documents, PDF scans meeting
// their paper document's obligation, media, paper registrations, the inventory, approved
// translations, and which documents a participant may read.
import { patched } from '@temporalio/workflow';
import {
  hasDocument,
  type AttachDocumentRequest,
  type CaseState,
  type MaterialAccessGrant,
  type MaterialAccessRequest,
  type RegisterPaperDocumentRequest,
} from '../../domain/ecase';
import type { By } from './messages';
import { acts, now, type CaseRun } from './run';

/** ¶12–¶16: electronic documents, PDF scans (meeting their paper document's obligation), media. */
export async function attachDocument(c: CaseRun, { kind, sha256, title, obligationKey, officialIin }: AttachDocumentRequest): Promise<CaseState> {
  const { state } = c;
  const paperId = obligationKey?.slice('case.paperToPdf:'.length);
  const doc = c.addDocument({ kind, title, sha256, addedAt: now(), by: officialIin, ...(paperId !== undefined && { scanOf: paperId }) });
  if (obligationKey) {
    const paper = state.paperDocuments.find((d) => d.id === paperId);
    if (paper) paper.scanId = doc.id;
    c.meet(obligationKey, officialIin);
  }
  const event = c.journal(
    'document.attached',
    officialIin,
    kind === 'media' ? '001 ¶13' : kind === 'scanned_pdf' ? '001 ¶14, ¶16' : '001 ¶12',
    `${doc.id}: ${kind}`,
  );
  // A document in the register is there, with its event, before the official is answered.
  if (c.documentsInRegister()) await event;
  return c.snapshot();
}

/** ¶14, ¶16: a paper document (on-site protocol, received, sent); on an electronic case its scan is due in 24 hours. */
export async function registerPaperDocument(c: CaseRun, { id, title, origin, createdAt, officialIin }: RegisterPaperDocumentRequest): Promise<CaseState> {
  c.state.paperDocuments.push({ id, title, origin, createdAt, registeredAt: now() });
  c.record('paper.registered', officialIin, origin === 'outgoing' ? '001 ¶16' : '001 ¶14', `${id}: ${origin}`);
  if (c.state.format === 'ELECTRONIC') c.oblige(`case.paperToPdf:${id}`, 'case.paperToPdf', title, Date.parse(createdAt));
  return c.snapshot();
}

/** ¶11: the inventory lists every document with its SHA-256. */
export async function produceInventory(c: CaseRun, { officialIin }: By): Promise<NonNullable<CaseState['inventory']>> {
  const made = await acts.produceInventory({ ...c.details(), ...c.documentRefs(), issuedAt: now() });
  c.state.inventory = { sha256: made.sha256, producedAt: now(), documentCount: made.documentCount };
  c.record('inventory.produced', officialIin, '001 ¶11', `${made.documentCount}`);
  return c.state.inventory;
}

/**
 * 001 ¶7: an approved translation enters the case as an electronic document. A signal that reached
 * a run of the code before this handler was left unhandled there, and replays so.
 */
export function translationApproved(
  c: CaseRun,
  { taskWorkflowId, documents, language, by }: { taskWorkflowId: string; documents: { title: string; sha256: string }[]; language: string; by: string },
): void {
  if (!patched('case-translation-documents')) return;
  const ids = documents.map(
    ({ title, sha256 }) => c.addDocument({ kind: 'electronic', title, sha256, addedAt: now(), by, translationOf: taskWorkflowId, language }).id,
  );
  c.record('document.translation_attached', by, '001 ¶7', `${taskWorkflowId}: ${ids.join(', ')} (${language})`);
}

/** 001 ¶26: a granted access request opens the listed documents to the participant through the case. */
export function materialsAccessGranted(c: CaseRun, grant: Omit<MaterialAccessGrant, 'at'>): void {
  const known = grant.documentIds.filter((id) => hasDocument(c.state, id));
  (c.state.materialAccess ??= []).push({ ...grant, documentIds: known, at: now() });
  c.record('materials.access_granted', grant.by, '001 ¶26', `${grant.grantedBy}: ${known.join(', ')}`);
}

/** 000 §4.9, 001 ¶26: familiarisation granted (or, with `revoke`, withdrawn) by the official, per document or set. */
export async function changeMaterialAccess(c: CaseRun, { iin, documentIds, officialIin }: MaterialAccessRequest, revoke: boolean): Promise<CaseState> {
  (c.state.materialAccess ??= []).push({
    iin,
    documentIds: [...new Set(documentIds)],
    ...(revoke && { revoke: true }),
    grantedBy: 'official',
    by: officialIin,
    at: now(),
  });
  const ids = c.state.participants
    .filter((p) => p.iin === iin)
    .map((p) => p.id)
    .join(', ');
  c.record(revoke ? 'materials.access_revoked' : 'materials.access_granted', officialIin, '000 §4.9, 001 ¶26', `${ids}: ${documentIds.join(', ')}`);
  return c.snapshot();
}

/**
 * A run taking over from one that kept its documents in the state (before the register): they are
 * written to the register, and from then on the state keeps only their count. Documents added
 * meanwhile are numbered after them; readers take the ones not yet written from the state.
 */
export async function moveToRegister(c: CaseRun): Promise<void> {
  const { state } = c;
  if (!c.documentsInDatabase || state.documentCount !== undefined) return;
  state.documentCount = state.documents.length;
  if (state.documents.length > 0) await acts.saveCaseDocuments({ erdrNumber: c.erdr, documents: state.documents });
  state.documents = [];
}
