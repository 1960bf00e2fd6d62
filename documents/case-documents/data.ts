// The data each generated document certifies, checked with zod before anything is drawn: unknown
// fields are refused, so nothing a caller sends is left out of the hash the document prints.
import { z } from 'zod';
import { CASE_FORMATS, PAPER_SWITCH_GROUNDS, PARTICIPANT_ROLES, type Bilingual, type CaseDocumentKind } from './kinds';

const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with offset is expected' });
const text = (max: number) => z.string().trim().min(1).max(max);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 is expected');
const bilingual = (max: number) => z.strictObject({ kk: text(max), ru: text(max) });

const person = z.strictObject({
  name: text(200),
  position: bilingual(300),
});
export type Person = z.infer<typeof person>;

/** What every document says about the case. */
const caseDetails = {
  /** Date of the document; also the PDF's creation date, so renders are reproducible. */
  issuedAt: instant,
  /** ERDR number: YY + 6-digit body code + 1 + 6 digits (domain/numbers.ts). */
  erdrNumber: z.string().regex(/^\d{8}1\d{6}$/, 'a 15-digit ERDR number is expected'),
  /** Registration in the ERDR, shown in Astana time. */
  registeredAt: instant,
  /** 6-digit code of the body conducting the case (it may differ from the registering body after a transfer, §21). */
  bodyCode: z.string().regex(/^\d{6}$/, 'a 6-digit body code is expected'),
  /** The person conducting the criminal process. */
  official: person,
  /** Qualifying article of the Criminal Code as written in the register, e.g. «ҚК 188-б. 2-б. / ст. 188 ч. 2 УК». */
  article: text(200).optional(),
  /** Short plot of the offence, in the language of the proceedings. */
  fabula: text(4000),
};

const prosecutor = person;

const kuiRegistrationReport = z.strictObject({
  kind: z.literal('kui_registration_report'),
  ...caseDetails,
  kuiNumber: z.string().regex(/^\d{8}0\d{6}$/, 'a 15-digit KUI number is expected'),
  kuiRegisteredAt: instant,
  /** Where the information came from, e.g. «Азаматтың арызы / Заявление гражданина». */
  source: text(1000),
  /** Talon of a report filed through the Public Sector, when there is one. */
  talon: z
    .string()
    .regex(/^\d{15}$/)
    .optional(),
});

const offenceDetectionReport = z.strictObject({
  kind: z.literal('offence_detection_report'),
  ...caseDetails,
  detectedAt: instant,
  /** How and where the information was detected. */
  circumstances: text(4000),
});

const prosecutorNoticeStart = z.strictObject({
  kind: z.literal('prosecutor_notice_start'),
  ...caseDetails,
  prosecutor,
});

const prosecutorNoticeFormat = z.strictObject({
  kind: z.literal('prosecutor_notice_format'),
  ...caseDetails,
  prosecutor,
  format: z.enum(CASE_FORMATS),
  /** When the resolution on the format was issued (§10). */
  resolutionAt: instant,
});

const participantLetter = z.strictObject({
  kind: z.literal('participant_letter'),
  ...caseDetails,
  addressee: z.strictObject({
    name: text(200),
    /** Postal address, one line per element. */
    address: z.array(text(200)).min(1).max(8),
    role: z.enum(PARTICIPANT_ROLES),
  }),
  format: z.enum(CASE_FORMATS),
  resolutionAt: instant,
  publicSectorUrl: z.url(),
  /** `post`: printed and posted because the participant has neither phone nor e-mail (§24). */
  delivery: z.enum(['post', 'in_person']),
});

const inventoryEntry = z.strictObject({
  title: text(1000),
  /** Kind of the document as the case module names it, e.g. «Хаттама / Протокол», «PDF». */
  kind: text(200),
  date: instant,
  sha256: sha256Hex,
});

const caseInventory = z.strictObject({
  kind: z.literal('case_inventory'),
  ...caseDetails,
  entries: z.array(inventoryEntry).min(1).max(10_000),
});

const courtCoverLetter = z.strictObject({
  kind: z.literal('court_cover_letter'),
  ...caseDetails,
  court: bilingual(300),
  /** Who sends the case: the prosecutor or the person conducting the process (§29); the official by default. */
  signatory: person.optional(),
  volumes: z
    .array(
      z.strictObject({
        number: z.number().int().min(1),
        documents: z.array(z.strictObject({ title: text(1000), pages: z.number().int().min(1).optional() })).min(1),
      }),
    )
    .min(1)
    .max(500),
  /** Paper originals and physical evidence follow the electronic case (§6). */
  paperOriginalsFollow: z.boolean(),
});

const printPackageCover = z.strictObject({
  kind: z.literal('print_package_cover'),
  ...caseDetails,
  ground: z.enum(PAPER_SWITCH_GROUNDS),
  /** The reasoned resolution on the change of format (§22). */
  resolutionAt: instant,
  documents: z
    .array(
      z.strictObject({
        title: text(1000),
        sha256: sha256Hex,
        /** `printed`: an electronic document printed out; `original`: a PDF replaced by its paper original (§23). */
        source: z.enum(['printed', 'original']),
      }),
    )
    .min(1)
    .max(10_000),
});

export const caseDocumentDataSchema = z.discriminatedUnion('kind', [
  kuiRegistrationReport,
  offenceDetectionReport,
  prosecutorNoticeStart,
  prosecutorNoticeFormat,
  participantLetter,
  caseInventory,
  courtCoverLetter,
  printPackageCover,
]);

export type KuiRegistrationReportData = z.infer<typeof kuiRegistrationReport>;
export type OffenceDetectionReportData = z.infer<typeof offenceDetectionReport>;
export type ProsecutorNoticeStartData = z.infer<typeof prosecutorNoticeStart>;
export type ProsecutorNoticeFormatData = z.infer<typeof prosecutorNoticeFormat>;
export type ParticipantLetterData = z.infer<typeof participantLetter>;
export type CaseInventoryData = z.infer<typeof caseInventory>;
export type CourtCoverLetterData = z.infer<typeof courtCoverLetter>;
export type PrintPackageCoverData = z.infer<typeof printPackageCover>;
/** The data of one generated document; `kind` tells which. */
export type CaseDocumentData = z.infer<typeof caseDocumentDataSchema>;
export type CaseDocumentDataOf<K extends CaseDocumentKind> = Extract<CaseDocumentData, { kind: K }>;

export interface RenderedCaseDocument {
  pdf: Buffer;
  /** SHA-256 of the PDF bytes. */
  sha256: string;
  /** SHA-256 of the canonical JSON of the data, the one printed on the document. */
  dataSha256: string;
  title: Bilingual;
}

export class CaseDocumentDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseDocumentDataError';
  }
}
