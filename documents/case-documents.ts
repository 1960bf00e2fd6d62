// The documents the electronic criminal case generates by itself (001 §10, §11, §22–24, §29):
// the three first documents made at registration, the prosecutor's notices, the letter that tells
// a participant without phone or e-mail about the format of the proceedings, the inventory of the
// case, the cover letter to the court and the cover sheet of the print package when the case goes
// over to paper.
//
// Every document is an A4 PDF in Kazakh and Russian side by side (Kazakh on the left, as on the
// bodies' letterheads), set in the Unicode font of builtin-pdf.ts. Each one prints the SHA-256 of
// the canonical JSON of the data it certifies, so a printout can be matched to the record in the
// register. Rendering is deterministic: the same data gives the same bytes (the PDF dates come
// from `issuedAt`, producer and creator are fixed), so the PDF's own hash is stable as well.//
// The parts, in the order a document is made: kinds.ts (kinds and their bilingual labels), data.ts
// (the zod schema of each kind's data), hashes-and-dates.ts, page-writer.ts (layout),
// shared-parts.ts (letterhead, case details, closing) and bodies.ts (what each kind says).
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { bodyByCode } from '../domain/dictionaries';
import { embedUnicodeFonts } from './builtin-pdf';
import { kindBody, prosecutorAddressee } from './case-documents/bodies';
import { CaseDocumentDataError, caseDocumentDataSchema, type CaseDocumentDataOf, type Person, type RenderedCaseDocument } from './case-documents/data';
import { caseDocumentDataHash } from './case-documents/hashes-and-dates';
import { CASE_DOCUMENT_TITLES, type CaseDocumentKind } from './case-documents/kinds';
import { PageWriter } from './case-documents/page-writer';
import { addressee, caseDetailsBlock, closing, letterhead, title } from './case-documents/shared-parts';

// What the rest of the system imports from here (activities/ecase.ts, state-service-documents.ts).
export {
  CASE_DOCUMENT_KINDS,
  CASE_DOCUMENT_TITLES,
  CASE_FORMATS,
  PAPER_SWITCH_GROUNDS,
  PAPER_SWITCH_GROUND_LABELS,
  PARTICIPANT_ROLES,
  PARTICIPANT_ROLE_LABELS,
  type Bilingual,
  type CaseDocumentKind,
  type CaseFormat,
  type PaperSwitchGround,
  type ParticipantRole,
} from './case-documents/kinds';
export {
  CaseDocumentDataError,
  caseDocumentDataSchema,
  type CaseDocumentData,
  type CaseDocumentDataOf,
  type CaseInventoryData,
  type CourtCoverLetterData,
  type KuiRegistrationReportData,
  type OffenceDetectionReportData,
  type ParticipantLetterData,
  type Person,
  type PrintPackageCoverData,
  type ProsecutorNoticeFormatData,
  type ProsecutorNoticeStartData,
  type RenderedCaseDocument,
} from './case-documents/data';
export { astanaDate, astanaDateTime, canonicalJson, caseDocumentDataHash } from './case-documents/hashes-and-dates';
export type { TableColumn } from './case-documents/page-writer';

const PRODUCER = 'ERDR documents';

/**
 * Renders one generated document of the electronic criminal case as a bilingual A4 PDF.
 * The data is checked first (CaseDocumentDataError names what is wrong); the same data always
 * gives the same bytes.
 */
export async function renderCaseDocument<K extends CaseDocumentKind>(kind: K, data: CaseDocumentDataOf<K>): Promise<RenderedCaseDocument> {
  if (data.kind !== kind) throw new CaseDocumentDataError(`data of kind "${data.kind}" given for a "${kind}" document`);
  const parsed = caseDocumentDataSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
    throw new CaseDocumentDataError(`invalid ${kind} data: ${issues}`);
  }
  const d = parsed.data;
  const body = bodyByCode(d.bodyCode);
  if (!body) throw new CaseDocumentDataError(`bodyCode: no body with code ${d.bodyCode} in the dictionary`);

  // Hash of the data as given: the schema rejects unknown fields, so nothing the caller sent is
  // left out of what the document certifies.
  const dataSha256 = caseDocumentDataHash(data);
  const documentTitle = CASE_DOCUMENT_TITLES[kind];

  // updateMetadata: false keeps pdf-lib from stamping the current time; the dates come from the data.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedUnicodeFonts(pdf);
  const issued = new Date(d.issuedAt);
  pdf.setTitle(`${documentTitle.kk} / ${documentTitle.ru}`);
  pdf.setSubject(`СДТБТ / ЕРДР № ${d.erdrNumber}`);
  pdf.setAuthor(body.name.ru);
  pdf.setKeywords([d.kind, d.erdrNumber, `sha256:${dataSha256}`]);
  pdf.setLanguage('kk-KZ');
  pdf.setProducer(PRODUCER);
  pdf.setCreator(PRODUCER);
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);

  const w = new PageWriter(pdf, fonts);
  letterhead(w, body);
  let signatory: Person = d.official;
  switch (d.kind) {
    case 'prosecutor_notice_start':
    case 'prosecutor_notice_format':
      prosecutorAddressee(w, d.prosecutor);
      break;
    case 'participant_letter':
      addressee(w, ['Кімге:', d.addressee.name, ...d.addressee.address], ['Кому:', d.addressee.name, ...d.addressee.address]);
      break;
    case 'court_cover_letter':
      addressee(w, ['Кімге:', d.court.kk], ['Кому:', d.court.ru]);
      signatory = d.signatory ?? d.official;
      break;
    default:
      break;
  }
  title(w, documentTitle);
  caseDetailsBlock(w, d, body);
  kindBody(w, d);
  closing(w, d, dataSha256, signatory);
  w.footers(d.erdrNumber);

  const bytes = Buffer.from(await pdf.save());
  return { pdf: bytes, sha256: createHash('sha256').update(bytes).digest('hex'), dataSha256, title: documentTitle };
}
