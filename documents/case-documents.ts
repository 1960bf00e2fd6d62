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
// from `issuedAt`, producer and creator are fixed), so the PDF's own hash is stable as well.
import { createHash } from 'node:crypto';
import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { z } from 'zod';
import { bodyByCode, type Body } from '../domain/dictionaries';
import {
  CONTENT_WIDTH,
  MARGIN,
  MM,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  embedUnicodeFonts,
  wrapRuns,
  type FontMetrics,
  type Fonts,
  type Piece,
} from './builtin-pdf';
import type { TextRun } from './docx-reader';

// ---------------------------------------------------------------------------------------------
// Kinds and their data

export const CASE_DOCUMENT_KINDS = [
  'kui_registration_report',
  'offence_detection_report',
  'prosecutor_notice_start',
  'prosecutor_notice_format',
  'participant_letter',
  'case_inventory',
  'court_cover_letter',
  'print_package_cover',
] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

export interface Bilingual {
  kk: string;
  ru: string;
}

export const CASE_DOCUMENT_TITLES: Record<CaseDocumentKind, Bilingual> = {
  kui_registration_report: {
    kk: 'Қылмыстық құқық бұзушылықтар туралы арыздар мен хабарламаларды тіркеу кітабында (АЕК) тіркеу туралы баянат',
    ru: 'Рапорт о регистрации в КУИ',
  },
  offence_detection_report: {
    kk: 'Қылмыстық құқық бұзушылық туралы мәліметтерді анықтау туралы баянат',
    ru: 'Рапорт об обнаружении сведений об уголовном правонарушении',
  },
  prosecutor_notice_start: {
    kk: 'Сотқа дейінгі тергеп-тексерудің басталғаны туралы прокурорға хабарлама',
    ru: 'Уведомление прокурору о начале досудебного расследования',
  },
  prosecutor_notice_format: {
    kk: 'Қылмыстық сот ісін жүргізу форматы туралы прокурорға хабарлама',
    ru: 'Уведомление прокурору о формате уголовного судопроизводства',
  },
  participant_letter: {
    kk: 'Қылмыстық сот ісін жүргізу форматы және Жария секторды пайдалану туралы қатысушыға хат',
    ru: 'Письмо участнику о формате уголовного судопроизводства и использовании Публичного сектора',
  },
  case_inventory: {
    kk: 'Электрондық қылмыстық іс құжаттарының тізімдемесі',
    ru: 'Опись документов электронного уголовного дела',
  },
  court_cover_letter: {
    kk: 'Қылмыстық істі сотқа жіберу туралы ілеспе хат',
    ru: 'Сопроводительное письмо о направлении уголовного дела в суд',
  },
  print_package_cover: {
    kk: 'Қағаз форматқа ауыстыру кезінде басып шығарылған құжаттар топтамасының титул парағы',
    ru: 'Титульный лист пакета документов, распечатанных при переходе на бумажный формат',
  },
};

/** Participants who are told of the format decision (001 §10). */
export const PARTICIPANT_ROLES = [
  'suspect',
  'accused',
  'legal_representative',
  'defender',
  'private_prosecutor',
  'civil_defendant',
  'victim',
  'civil_plaintiff',
  'representative',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, Bilingual> = {
  suspect: { kk: 'күдікті', ru: 'подозреваемый' },
  accused: { kk: 'айыпталушы', ru: 'обвиняемый' },
  legal_representative: { kk: 'заңды өкіл', ru: 'законный представитель' },
  defender: { kk: 'қорғаушы', ru: 'защитник' },
  private_prosecutor: { kk: 'жеке айыптаушы', ru: 'частный обвинитель' },
  civil_defendant: { kk: 'азаматтық жауапкер', ru: 'гражданский ответчик' },
  victim: { kk: 'жәбірленуші', ru: 'потерпевший' },
  civil_plaintiff: { kk: 'азаматтық талапкер', ru: 'гражданский истец' },
  representative: { kk: 'өкіл', ru: 'представитель' },
};

export const CASE_FORMATS = ['ELECTRONIC', 'PAPER'] as const;
export type CaseFormat = (typeof CASE_FORMATS)[number];

/** "conducted … format", as it reads inside a sentence. */
const FORMAT_PHRASE: Record<CaseFormat, Bilingual> = {
  ELECTRONIC: { kk: 'электрондық форматта', ru: 'в электронном формате' },
  PAPER: { kk: 'қағаз форматында', ru: 'в бумажном формате' },
};

/** Grounds for going over from electronic to paper (001 §17 ¶4, §22). */
export const PAPER_SWITCH_GROUNDS = ['abnormal_situation', 'emergency', 'foreign_state', 'state_secret', 'joining'] as const;
export type PaperSwitchGround = (typeof PAPER_SWITCH_GROUNDS)[number];

export const PAPER_SWITCH_GROUND_LABELS: Record<PaperSwitchGround, Bilingual> = {
  abnormal_situation: {
    kk: 'штаттан тыс жағдай (электр жарығының, байланыстың немесе е-ҚІ модуліне қосылудың болмауы)',
    ru: 'нештатная ситуация (отсутствие электроэнергии, связи или подключения к модулю е-УД)',
  },
  emergency: { kk: 'төтенше жағдай', ru: 'чрезвычайная ситуация' },
  foreign_state: {
    kk: 'қылмыстық қудалауды жалғастыру үшін материалдарды шет мемлекетке жіберу қажеттілігі',
    ru: 'необходимость направления материалов в иностранное государство для продолжения уголовного преследования',
  },
  state_secret: {
    kk: 'іс материалдарына мемлекеттік құпияларды не заңмен қорғалатын өзге де мәліметтерді қосу қажеттілігі',
    ru: 'необходимость приобщения к материалам сведений, составляющих государственные секреты или иную охраняемую законом тайну',
  },
  joining: {
    kk: 'қылмыстық істерді біріктіру кезінде қағаз форматы таңдалды',
    ru: 'при соединении уголовных дел избран бумажный формат',
  },
};

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
  talon: z.string().regex(/^\d{15}$/).optional(),
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

// ---------------------------------------------------------------------------------------------
// Hashes and dates

/** JSON with object keys sorted (and undefined members left out), so equal data hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash a document prints: SHA-256 of the canonical JSON of its data. */
export function caseDocumentDataHash(data: CaseDocumentData): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

// Kazakhstan has one time zone, UTC+5, since 1 March 2024; register numbers use the same clock
// (platform/numbers.ts).
const ASTANA_OFFSET_MS = 5 * 3600_000;

function astanaParts(iso: string): { date: string; time: string } {
  const d = new Date(new Date(iso).getTime() + ASTANA_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`,
    time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`,
  };
}

/** «12.03.2026» in Astana time. */
export function astanaDate(iso: string): string {
  return astanaParts(iso).date;
}

/** «12.03.2026 14:05» in Astana time. */
export function astanaDateTime(iso: string): string {
  const p = astanaParts(iso);
  return `${p.date} ${p.time}`;
}

// ---------------------------------------------------------------------------------------------
// Layout: a page writer with full-width paragraphs, Kazakh | Russian column pairs and tables

const BODY_SIZE = 10.5;
const SMALL_SIZE = 8;
const TABLE_SIZE = 7.5;
const LINE_FACTOR = 1.3;
const GUTTER = 14;
const COLUMN_WIDTH = (CONTENT_WIDTH - GUTTER) / 2;
const CELL_PADDING = 3;
const FOOTER_Y = 10 * MM;
const BLACK = rgb(0, 0, 0);

type Align = 'left' | 'center' | 'right';

interface TextStyle {
  size?: number;
  bold?: boolean;
  align?: Align;
}

/** Text with an optional bold lead-in: «Label: value». */
type Content = string | TextRun[];

const runsOf = (content: Content, bold: boolean): TextRun[] =>
  typeof content === 'string' ? [{ text: content, bold }] : content;

const labelled = (label: string, value: string): TextRun[] => [
  { text: `${label}: `, bold: true },
  { text: value, bold: false },
];

export interface TableColumn {
  header: string;
  width: number;
}

/**
 * Text widths remembered per font and word. Measuring runs the font's shaping engine, the
 * slowest step of rendering; an inventory repeats the same words hundreds of times.
 */
function cachedMetrics(fonts: Fonts): FontMetrics {
  const cached = (font: PDFFont) => {
    const atSizeOne = new Map<string, number>();
    return {
      widthOfTextAtSize(text: string, size: number): number {
        let width = atSizeOne.get(text);
        if (width === undefined) {
          width = font.widthOfTextAtSize(text, 1);
          atSizeOne.set(text, width);
        }
        return width * size;
      },
    };
  };
  return { regular: cached(fonts.regular), bold: cached(fonts.bold) };
}

class PageWriter {
  private page!: PDFPage;
  /** Top of the next line, measured from the bottom of the page. */
  private cursor = 0;
  private readonly metrics: FontMetrics;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.metrics = cachedMetrics(fonts);
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.cursor = PAGE_HEIGHT - MARGIN.top;
  }

  gap(points: number): void {
    this.cursor -= points;
  }

  private font(bold: boolean): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /** Breaks text into lines of at most `width` points; a '\n' in the text always starts a new line. */
  private lines(content: Content, style: TextStyle, width: number): Piece[][] {
    const size = style.size ?? BODY_SIZE;
    const hardLines: TextRun[][] = [[]];
    for (const run of runsOf(content, style.bold ?? false)) {
      run.text.split('\n').forEach((part, i) => {
        if (i > 0) hardLines.push([]);
        hardLines[hardLines.length - 1].push({ text: part, bold: run.bold });
      });
    }
    return hardLines.flatMap((runs) => wrapRuns(this.metrics, runs, size, width));
  }

  private drawLine(line: Piece[], x: number, width: number, style: TextStyle): void {
    const size = style.size ?? BODY_SIZE;
    const lineWidth = line.reduce((w, p) => w + p.width, 0);
    let px = x;
    if (style.align === 'center') px += (width - lineWidth) / 2;
    else if (style.align === 'right') px += width - lineWidth;
    for (const piece of line) {
      if (piece.text.trim()) {
        this.page.drawText(piece.text, { x: px, y: this.cursor - size, size, font: this.font(piece.bold), color: BLACK });
      }
      px += piece.width;
    }
  }

  /** Moves to a new page when fewer than `height` points are left. */
  ensureSpace(height: number): void {
    if (this.cursor - height < MARGIN.bottom) this.newPage();
  }

  /** Height a paragraph() will take, to keep blocks together. */
  paragraphHeight(content: Content, style: TextStyle = {}): number {
    return this.lines(content, style, CONTENT_WIDTH).length * (style.size ?? BODY_SIZE) * LINE_FACTOR + 3;
  }

  /** Height a pair() will take. */
  pairHeight(kk: Content, ru: Content, style: TextStyle = {}): number {
    const lines = Math.max(this.lines(kk, style, COLUMN_WIDTH).length, this.lines(ru, style, COLUMN_WIDTH).length);
    return lines * (style.size ?? BODY_SIZE) * LINE_FACTOR + 3;
  }

  /** A paragraph across the whole text width. */
  paragraph(content: Content, style: TextStyle = {}): void {
    const lineHeight = (style.size ?? BODY_SIZE) * LINE_FACTOR;
    for (const line of this.lines(content, style, CONTENT_WIDTH)) {
      this.ensureSpace(lineHeight);
      this.drawLine(line, MARGIN.left, CONTENT_WIDTH, style);
      this.cursor -= lineHeight;
    }
    this.cursor -= 3;
  }

  /** Kazakh on the left, Russian on the right, line by line so a long pair may cross a page. */
  pair(kk: Content, ru: Content, style: TextStyle = {}): void {
    const lineHeight = (style.size ?? BODY_SIZE) * LINE_FACTOR;
    const left = this.lines(kk, style, COLUMN_WIDTH);
    const right = this.lines(ru, style, COLUMN_WIDTH);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      this.ensureSpace(lineHeight);
      if (left[i]) this.drawLine(left[i], MARGIN.left, COLUMN_WIDTH, style);
      if (right[i]) this.drawLine(right[i], MARGIN.left + COLUMN_WIDTH + GUTTER, COLUMN_WIDTH, style);
      this.cursor -= lineHeight;
    }
    this.cursor -= 3;
  }

  rule(): void {
    this.page.drawLine({
      start: { x: MARGIN.left, y: this.cursor },
      end: { x: MARGIN.left + CONTENT_WIDTH, y: this.cursor },
      thickness: 0.7,
      color: BLACK,
    });
    this.cursor -= 8;
  }

  /**
   * A bordered table whose header row is repeated on every page. A row taller than what is left
   * of the page continues on the next one, so nothing is ever cut off.
   */
  table(columns: TableColumn[], rows: string[][]): void {
    const lineHeight = TABLE_SIZE * LINE_FACTOR;
    const cellLines = (cells: string[], bold: boolean) =>
      columns.map((c, i) => this.lines(cells[i] ?? '', { size: TABLE_SIZE, bold }, c.width - 2 * CELL_PADDING));
    const header = cellLines(
      columns.map((c) => c.header),
      true,
    );
    const headerHeight = Math.max(...header.map((l) => l.length)) * lineHeight + 2 * CELL_PADDING;

    const drawRow = (cells: Piece[][][], from: number, count: number, bold: boolean) => {
      const height = count * lineHeight + 2 * CELL_PADDING;
      let x = MARGIN.left;
      cells.forEach((lines, c) => {
        const width = columns[c].width;
        this.page.drawRectangle({ x, y: this.cursor - height, width, height, borderColor: BLACK, borderWidth: 0.5 });
        lines.slice(from, from + count).forEach((line, i) => {
          let lx = x + CELL_PADDING;
          const y = this.cursor - CELL_PADDING - TABLE_SIZE - i * lineHeight;
          for (const piece of line) {
            if (piece.text.trim()) this.page.drawText(piece.text, { x: lx, y, size: TABLE_SIZE, font: this.font(bold || piece.bold) });
            lx += piece.width;
          }
        });
        x += width;
      });
      this.cursor -= height;
    };
    const drawHeader = () => drawRow(header, 0, Math.max(...header.map((l) => l.length)), true);

    // The header needs at least one body line under it; otherwise start on a fresh page.
    this.ensureSpace(headerHeight + lineHeight + 2 * CELL_PADDING);
    drawHeader();
    for (const row of rows) {
      const cells = cellLines(row, false);
      const total = Math.max(1, ...cells.map((l) => l.length));
      let drawn = 0;
      while (drawn < total) {
        const fits = Math.floor((this.cursor - MARGIN.bottom - 2 * CELL_PADDING) / lineHeight);
        // Keep short rows whole; split only rows that would not fit even on a fresh page.
        if (fits < Math.min(total - drawn, 3) || (drawn === 0 && fits < total && total <= 6)) {
          this.newPage();
          drawHeader();
          continue;
        }
        const count = Math.min(fits, total - drawn);
        drawRow(cells, drawn, count, false);
        drawn += count;
      }
    }
    this.cursor -= 6;
  }

  /** Page numbers and the ERDR number at the foot of every page, once the page count is known. */
  footers(erdrNumber: string): void {
    const pages = this.pdf.getPages();
    pages.forEach((page, i) => {
      const label = `СДТБТ / ЕРДР № ${erdrNumber}   ·   Бет ${i + 1} / ${pages.length}   ·   Страница ${i + 1} из ${pages.length}`;
      const width = this.metrics.regular.widthOfTextAtSize(label, SMALL_SIZE - 1);
      page.drawText(label, {
        x: MARGIN.left + (CONTENT_WIDTH - width) / 2,
        y: FOOTER_Y,
        size: SMALL_SIZE - 1,
        font: this.fonts.regular,
        color: rgb(0.3, 0.3, 0.3),
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The parts every document shares

/** Hash in a narrow table cell: two lines of 32 hex digits. */
const splitHash = (sha256: string) => `${sha256.slice(0, 32)}\n${sha256.slice(32)}`;

function letterhead(w: PageWriter, body: Body): void {
  w.pair('ҚАЗАҚСТАН РЕСПУБЛИКАСЫ', 'РЕСПУБЛИКА КАЗАХСТАН', { bold: true, align: 'center', size: 11 });
  w.pair(body.name.kk, body.name.ru, { align: 'center', size: 9.5 });
  w.gap(2);
  w.rule();
}

function addressee(w: PageWriter, kk: string[], ru: string[]): void {
  // Addressees sit in the right half of each column, as on an official letter.
  w.pair(kk.join('\n'), ru.join('\n'), { align: 'right', size: 10 });
  w.gap(6);
}

function title(w: PageWriter, t: Bilingual): void {
  w.gap(4);
  w.paragraph(t.kk.toUpperCase(), { bold: true, align: 'center', size: 12 });
  w.paragraph(t.ru.toUpperCase(), { bold: true, align: 'center', size: 12 });
  w.gap(6);
}

function caseDetailsBlock(w: PageWriter, data: CaseDocumentData, body: Body): void {
  const registered = astanaDateTime(data.registeredAt);
  w.pair(labelled('СДТБТ нөмірі', data.erdrNumber), labelled('Номер ЕРДР', data.erdrNumber));
  w.pair(
    labelled('Тіркелген күні мен уақыты (Астана уақыты)', registered),
    labelled('Дата и время регистрации (время Астаны)', registered),
  );
  w.pair(labelled('Орган', `${body.name.kk} (${body.code})`), labelled('Орган', `${body.name.ru} (${body.code})`));
  w.pair(
    labelled('Қылмыстық процесті жүргізуші тұлға', `${data.official.position.kk} ${data.official.name}`),
    labelled('Лицо, ведущее уголовный процесс', `${data.official.position.ru} ${data.official.name}`),
  );
  if (data.article) w.pair(labelled('Саралау (ҚК бабы)', data.article), labelled('Квалификация (статья УК)', data.article));
  w.pair('Қысқаша фабуласы:', 'Краткая фабула:', { bold: true });
  w.paragraph(data.fabula);
  w.gap(4);
}

function closing(w: PageWriter, data: CaseDocumentData, dataSha256: string, signatory: Person): void {
  const hash = labelled('Құжаттың хэші / Хэш документа (SHA-256)', dataSha256);
  const date = labelled('Күні / Дата', astanaDate(data.issuedAt));
  const signature = (position: string, mark: string): TextRun[] => [
    { text: `${position}\n`, bold: false },
    { text: signatory.name, bold: true },
    { text: `\n\n____________________ (${mark})`, bold: false },
  ];
  const kk = signature(signatory.position.kk, 'қолы');
  const ru = signature(signatory.position.ru, 'подпись');
  // The hash, the date and the signature stay on one page: a signature alone on a page certifies nothing.
  w.ensureSpace(6 + w.paragraphHeight(hash, { size: 9 }) + w.paragraphHeight(date) + 10 + w.pairHeight(kk, ru));
  w.gap(6);
  w.paragraph(hash, { size: 9 });
  w.paragraph(date);
  w.gap(10);
  w.pair(kk, ru);
}

// ---------------------------------------------------------------------------------------------
// What each kind says

function kuiRegistrationReportBody(w: PageWriter, d: KuiRegistrationReportData): void {
  const at = astanaDateTime(d.kuiRegisteredAt);
  w.pair(
    `Қылмыстық құқық бұзушылық туралы ақпарат ${at} АЕК-те № ${d.kuiNumber} болып тіркелгенін баяндаймын.`,
    `Докладываю, что информация об уголовном правонарушении ${at} зарегистрирована в Книге учёта информации (КУИ) за № ${d.kuiNumber}.`,
  );
  w.pair(labelled('Ақпарат көзі', d.source), labelled('Источник информации', d.source));
  if (d.talon) w.pair(labelled('Жария сектордағы талон', d.talon), labelled('Талон Публичного сектора', d.talon));
}

function offenceDetectionReportBody(w: PageWriter, d: OffenceDetectionReportData): void {
  const at = astanaDateTime(d.detectedAt);
  w.pair(
    `${at} қылмыстық құқық бұзушылық туралы мәліметтер анықталғанын баяндаймын.`,
    `Докладываю, что ${at} обнаружены сведения об уголовном правонарушении.`,
  );
  w.pair('Анықтау мән-жайлары:', 'Обстоятельства обнаружения:', { bold: true });
  w.paragraph(d.circumstances);
}

function prosecutorAddressee(w: PageWriter, p: Person): void {
  addressee(w, ['Кімге:', p.position.kk, p.name], ['Кому:', p.position.ru, p.name]);
}

function prosecutorNoticeStartBody(w: PageWriter, d: ProsecutorNoticeStartData): void {
  const at = astanaDateTime(d.registeredAt);
  w.pair(
    `${at} СДТБТ-де № ${d.erdrNumber} тіркелген материалдар бойынша сотқа дейінгі тергеп-тексеру басталғаны туралы хабарлаймын.`,
    `Уведомляю, что ${at} по материалам, зарегистрированным в ЕРДР за № ${d.erdrNumber}, начато досудебное расследование.`,
  );
}

function prosecutorNoticeFormatBody(w: PageWriter, d: ProsecutorNoticeFormatData): void {
  const at = astanaDateTime(d.resolutionAt);
  const format = FORMAT_PHRASE[d.format];
  w.pair(
    `№ ${d.erdrNumber} қылмыстық іс бойынша қылмыстық процесті жүргізуші тұлға ${at} қылмыстық сот ісін ${format.kk} жүргізу туралы қаулы шығарғаны туралы хабарлаймын (Нұсқаулықтың 10-тармағы).`,
    `Уведомляю, что по уголовному делу № ${d.erdrNumber} лицом, ведущим уголовный процесс, ${at} вынесено постановление о ведении уголовного судопроизводства ${format.ru} (пункт 10 Инструкции).`,
  );
  if (d.format === 'PAPER') {
    w.pair(
      'Қағаздан электрондық форматқа ауыстыруға қылмыстық істерді біріктіру жағдайларын қоспағанда жол берілмейді.',
      'Дальнейший переход с бумажного формата на электронный не допускается, за исключением случаев соединения уголовных дел.',
      { size: 9.5 },
    );
  }
}

function participantLetterBody(w: PageWriter, d: ParticipantLetterData): void {
  const at = astanaDateTime(d.resolutionAt);
  const format = FORMAT_PHRASE[d.format];
  const role = PARTICIPANT_ROLE_LABELS[d.addressee.role];
  w.pair(
    labelled('Процестік мәртебесі', role.kk),
    labelled('Процессуальный статус', role.ru),
  );
  w.pair(
    `Құрметті ${d.addressee.name}! № ${d.erdrNumber} қылмыстық іс бойынша ${at} қылмыстық сот ісін ${format.kk} жүргізу туралы шешім қабылданғанын хабарлаймыз.`,
    `Уважаемый(-ая) ${d.addressee.name}! Сообщаем, что по уголовному делу № ${d.erdrNumber} ${at} принято решение о ведении уголовного судопроизводства ${format.ru}.`,
  );
  w.pair('Жария секторды қалай пайдалануға болады:', 'Как пользоваться Публичным сектором:', { bold: true });
  const steps: Bilingual[] = [
    {
      kk: `1. ${d.publicSectorUrl} мекенжайы бойынша СДТБТ-нің Жария секторына ҚР Ұлттық куәландыру орталығы берген ЭЦҚ арқылы кіріңіз.`,
      ru: `1. Войдите в Публичный сектор ЕРДР по адресу ${d.publicSectorUrl} с помощью ЭЦП, выданной Национальным удостоверяющим центром РК.`,
    },
    {
      kk: '2. Процестік мәртебе алған сәттен бастап Сізге немесе Сіз қорғайтын адамға қатысты қабылданған процестік шешімдермен және іс материалдары туралы мәліметтермен танысуға болады.',
      ru: '2. С момента получения процессуального статуса Вам доступны принятые процессуальные решения, касающиеся Вас или защищаемого Вами лица, и сведения о материалах дела.',
    },
    {
      kk: '3. Жария сектор арқылы өтінішхаттар мен шағымдарды қашықтан беруге болады.',
      ru: '3. Через Публичный сектор можно дистанционно подавать ходатайства и жалобы.',
    },
    {
      kk: '4. Ұялы телефон нөмірін немесе электрондық пошта мекенжайын хабарласаңыз, хабарламалар мен шақырулар 1414 нөмірінен SMS арқылы немесе электрондық поштамен жіберіледі.',
      ru: '4. Если Вы сообщите номер мобильного телефона или адрес электронной почты, уведомления и вызовы будут направляться SMS с номера 1414 или по электронной почте.',
    },
  ];
  for (const step of steps) w.pair(step.kk, step.ru);
  if (d.delivery === 'post') {
    w.pair(
      'Сізде ұялы телефон мен электрондық пошта болмағандықтан, бұл хат қағаз түрінде пошта арқылы жіберілді (Нұсқаулықтың 24-тармағы).',
      'Письмо направлено на бумаге почтой, так как у Вас нет мобильного телефона и электронной почты (пункт 24 Инструкции).',
      { size: 9.5 },
    );
  }
}

function caseInventoryBody(w: PageWriter, d: CaseInventoryData): void {
  w.pair(
    `№ ${d.erdrNumber} электрондық қылмыстық істің құжаттары, барлығы ${d.entries.length}.`,
    `Документы электронного уголовного дела № ${d.erdrNumber}, всего ${d.entries.length}.`,
  );
  // Widths add up to the text width; the hash column fits 32 hex digits a line.
  const columns: TableColumn[] = [
    { header: '№', width: 26 },
    { header: 'Құжаттың атауы /\nНаименование документа', width: CONTENT_WIDTH - 26 - 86 - 52 - 158 },
    { header: 'Түрі / Вид', width: 86 },
    { header: 'Күні / Дата', width: 52 },
    { header: 'SHA-256', width: 158 },
  ];
  w.table(
    columns,
    d.entries.map((e, i) => [String(i + 1), e.title, e.kind, astanaDate(e.date), splitHash(e.sha256)]),
  );
  w.pair(labelled('Барлығы', `${d.entries.length} құжат`), labelled('Всего', `документов: ${d.entries.length}`));
}

function courtCoverLetterBody(w: PageWriter, d: CourtCoverLetterData): void {
  const documents = d.volumes.reduce((n, v) => n + v.documents.length, 0);
  const article = d.article ? { kk: ` (${d.article})`, ru: ` (${d.article})` } : { kk: '', ru: '' };
  w.pair(
    `№ ${d.erdrNumber} қылмыстық істі${article.kk} мәні бойынша қарау үшін СДТБТ АЖ мен «Төрелік» жүйесінің интеграциясы арқылы жолдаймын.`,
    `Направляю уголовное дело № ${d.erdrNumber}${article.ru} для рассмотрения по существу посредством интеграции АИС ЕРДР с системой «Төрелік».`,
  );
  w.table(
    [
      { header: 'Том', width: 34 },
      { header: '№', width: 30 },
      { header: 'Құжаттың атауы / Наименование документа', width: CONTENT_WIDTH - 34 - 30 - 70 },
      { header: 'Парақтар / Листов', width: 70 },
    ],
    d.volumes.flatMap((v) => v.documents.map((doc, i) => [String(v.number), String(i + 1), doc.title, doc.pages ? String(doc.pages) : '—'])),
  );
  w.pair(
    labelled('Қосымша', `${d.volumes.length} том, ${documents} құжат`),
    labelled('Приложение', `томов: ${d.volumes.length}, документов: ${documents}`),
  );
  if (d.paperOriginalsFollow) {
    w.pair(
      'Қағаз түпнұсқалар мен заттай дәлелдемелер электрондық қылмыстық іспен бірге жеке жіберіледі (Нұсқаулықтың 6-тармағы).',
      'Бумажные оригиналы и вещественные доказательства направляются отдельно вместе с электронным уголовным делом (пункт 6 Инструкции).',
      { size: 9.5 },
    );
  }
}

function printPackageCoverBody(w: PageWriter, d: PrintPackageCoverData): void {
  const at = astanaDateTime(d.resolutionAt);
  const ground = PAPER_SWITCH_GROUND_LABELS[d.ground];
  const printed = d.documents.filter((doc) => doc.source === 'printed').length;
  const originals = d.documents.length - printed;
  w.pair(
    `№ ${d.erdrNumber} қылмыстық іс ${at} уәжді қаулы негізінде электрондық форматтан қағаз форматқа ауыстырылды.`,
    `Уголовное дело № ${d.erdrNumber} переведено из электронного формата в бумажный на основании мотивированного постановления от ${at}.`,
  );
  w.pair(labelled('Негіздеме', ground.kk), labelled('Основание', ground.ru));
  w.pair(
    'Электрондық құжаттар басып шығарылды; бұрын енгізілген PDF-құжаттар сақтау орнынан сұратылған түпнұсқалармен ауыстырылады (Нұсқаулықтың 23-тармағы). Топтамаға мына құжаттар енгізілді:',
    'Электронные документы распечатаны; ранее внесённые PDF-документы заменяются оригиналами, истребованными из мест хранения (пункт 23 Инструкции). В пакет включены документы:',
  );
  w.table(
    [
      { header: '№', width: 26 },
      { header: 'Құжаттың атауы /\nНаименование документа', width: CONTENT_WIDTH - 26 - 96 - 158 },
      { header: 'Қалай енгізілді /\nКак включён', width: 96 },
      { header: 'SHA-256', width: 158 },
    ],
    d.documents.map((doc, i) => [
      String(i + 1),
      doc.title,
      doc.source === 'printed' ? 'басып шығарылды /\nраспечатан' : 'түпнұсқа /\nоригинал',
      splitHash(doc.sha256),
    ]),
  );
  w.pair(
    labelled('Барлығы', `${d.documents.length} (басып шығарылды: ${printed}, түпнұсқалар: ${originals})`),
    labelled('Всего', `${d.documents.length} (распечатано: ${printed}, оригиналов: ${originals})`),
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering

const PRODUCER = 'ERDR documents';

/**
 * Renders one generated document of the electronic criminal case as a bilingual A4 PDF.
 * The data is checked first (CaseDocumentDataError names what is wrong); the same data always
 * gives the same bytes.
 */
export async function renderCaseDocument<K extends CaseDocumentKind>(
  kind: K,
  data: CaseDocumentDataOf<K>,
): Promise<RenderedCaseDocument> {
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
  switch (d.kind) {
    case 'kui_registration_report':
      kuiRegistrationReportBody(w, d);
      break;
    case 'offence_detection_report':
      offenceDetectionReportBody(w, d);
      break;
    case 'prosecutor_notice_start':
      prosecutorNoticeStartBody(w, d);
      break;
    case 'prosecutor_notice_format':
      prosecutorNoticeFormatBody(w, d);
      break;
    case 'participant_letter':
      participantLetterBody(w, d);
      break;
    case 'case_inventory':
      caseInventoryBody(w, d);
      break;
    case 'court_cover_letter':
      courtCoverLetterBody(w, d);
      break;
    case 'print_package_cover':
      printPackageCoverBody(w, d);
      break;
    default: {
      const never: never = d;
      throw new CaseDocumentDataError(`unknown document kind ${(never as { kind: string }).kind}`);
    }
  }
  closing(w, d, dataSha256, signatory);
  w.footers(d.erdrNumber);

  const bytes = Buffer.from(await pdf.save());
  return { pdf: bytes, sha256: createHash('sha256').update(bytes).digest('hex'), dataSha256, title: documentTitle };
}
