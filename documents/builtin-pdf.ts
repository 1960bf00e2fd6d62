// The built-in DOCX → PDF converter: the last resort when neither LibreOffice nor Gotenberg is
// available (a closed network without the office suite installed). It keeps every word of
// the document body: paragraphs, line breaks, bold, headings, list items and simple tables,
// laid out on A4 pages with an embedded Unicode font so Kazakh and Russian text survive.
// It does not try to reproduce Word's look (no images, columns, floating objects, headers).
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { readDocx, Block, Paragraph, TextRun } from './docx-reader';
import { loadUnicodeFonts } from './fonts';

// A4 in points, margins from Kazakhstan's office-work rules: left 30 mm, right 15 mm, 20 mm top and bottom.
// Exported with the font and line-breaking helpers below for the generated case documents
// (case-documents.ts), so both kinds of PDF share one page geometry and one way of setting text.
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MM = 72 / 25.4;
export const MARGIN = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;

const BODY_SIZE = 12;
const TABLE_SIZE = 10;
const LINE_FACTOR = 1.25;
const PARAGRAPH_GAP = 6;
const CELL_PADDING = 4;
const LIST_INDENT = 14;

function headingSize(p: Paragraph): number {
  if (p.title) return 18;
  if (p.headingLevel === 1) return 16;
  if (p.headingLevel === 2) return 14;
  if (p.headingLevel !== null) return 13;
  return BODY_SIZE;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** What line breaking needs to know of the fonts: text widths (Fonts has them, or a cache of them). */
export interface FontMetrics {
  regular: Pick<PDFFont, 'widthOfTextAtSize'>;
  bold: Pick<PDFFont, 'widthOfTextAtSize'>;
}

/** A piece of a laid-out line: text in one style. */
export interface Piece {
  text: string;
  bold: boolean;
  width: number;
}

/** Converts a DOCX to PDF without external programs. */
export async function builtinDocxToPdf(docx: Buffer): Promise<Buffer> {
  const blocks = readDocx(docx);
  return renderBlocks(blocks);
}

/** Embeds the Unicode regular and bold faces (fonts.ts) into a document. */
export async function embedUnicodeFonts(pdf: PDFDocument): Promise<Fonts> {
  const fontFiles = loadUnicodeFonts();
  pdf.registerFontkit(fontkit);
  // Subsetting keeps the output small (only the glyphs used are embedded).
  return {
    regular: await pdf.embedFont(fontFiles.regular, { subset: true }),
    bold: await pdf.embedFont(fontFiles.bold, { subset: true }),
  };
}

export async function renderBlocks(blocks: Block[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const fonts = await embedUnicodeFonts(pdf);
  pdf.setProducer('ERDR documents');
  pdf.setCreator('ERDR documents');

  const layout = new Layout(pdf, fonts);
  for (const block of blocks) {
    if (block.kind === 'pageBreak') layout.newPage();
    else if (block.kind === 'paragraph') layout.paragraph(block);
    else layout.table(block.rows);
  }
  return Buffer.from(await pdf.save());
}

class Layout {
  private page!: PDFPage;
  /** Baseline position of the next line, measured from the bottom of the page. */
  private cursor = 0;
  private pageHasContent = false;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.cursor = PAGE_HEIGHT - MARGIN.top;
    this.pageHasContent = false;
  }

  private ensureSpace(height: number): void {
    if (this.cursor - height < MARGIN.bottom && this.pageHasContent) this.newPage();
  }

  private font(bold: boolean): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  paragraph(p: Paragraph): void {
    const size = headingSize(p);
    const lineHeight = size * LINE_FACTOR;
    const isHeading = p.title || p.headingLevel !== null;
    if (isHeading && this.pageHasContent) this.cursor -= size * 0.6; // space above headings
    const indent = p.listItem ? LIST_INDENT : 0;
    const width = CONTENT_WIDTH - indent;

    const lines: Piece[][] = [];
    for (const runs of p.lines) lines.push(...this.wrap(runs, size, width));
    if (lines.length === 0) lines.push([]);

    lines.forEach((line, i) => {
      this.ensureSpace(lineHeight);
      this.cursor -= size; // move from the top of the line to its baseline
      const lineWidth = line.reduce((w, piece) => w + piece.width, 0);
      let x = MARGIN.left + indent;
      if (p.align === 'center') x += (width - lineWidth) / 2;
      else if (p.align === 'right') x += width - lineWidth;
      if (p.listItem && i === 0) {
        this.page.drawText('•', { x: MARGIN.left, y: this.cursor, size, font: this.fonts.regular });
      }
      for (const piece of line) {
        if (piece.text.trim()) {
          this.page.drawText(piece.text, { x, y: this.cursor, size, font: this.font(piece.bold), color: rgb(0, 0, 0) });
        }
        x += piece.width;
      }
      this.cursor -= lineHeight - size;
      this.pageHasContent = true;
    });
    this.cursor -= isHeading ? size * 0.4 : PARAGRAPH_GAP;
  }

  table(rows: string[][]): void {
    const columns = Math.max(1, ...rows.map((r) => r.length));
    const colWidth = CONTENT_WIDTH / columns;
    const lineHeight = TABLE_SIZE * LINE_FACTOR;
    const border = { borderColor: rgb(0, 0, 0), borderWidth: 0.5 };

    for (const row of rows) {
      const cellLines = Array.from({ length: columns }, (_, c) =>
        (row[c] ?? '').split('\n').flatMap((text) => this.wrap([{ text, bold: false }], TABLE_SIZE, colWidth - 2 * CELL_PADDING)),
      );
      const height = Math.max(1, ...cellLines.map((l) => l.length)) * lineHeight + 2 * CELL_PADDING;

      if (height > PAGE_HEIGHT - MARGIN.top - MARGIN.bottom) {
        // A row taller than a page cannot be drawn as a box; keep its words as plain paragraphs.
        for (const text of row) {
          this.paragraph({
            kind: 'paragraph',
            lines: text.split('\n').map((t) => [{ text: t, bold: false }]),
            headingLevel: null,
            title: false,
            align: 'left',
            listItem: false,
          });
        }
        continue;
      }
      this.ensureSpace(height);
      const top = this.cursor;
      cellLines.forEach((lines, c) => {
        const x = MARGIN.left + c * colWidth;
        this.page.drawRectangle({ x, y: top - height, width: colWidth, height, ...border });
        lines.forEach((line, i) => {
          let lx = x + CELL_PADDING;
          const y = top - CELL_PADDING - TABLE_SIZE - i * lineHeight;
          for (const piece of line) {
            if (piece.text.trim()) this.page.drawText(piece.text, { x: lx, y, size: TABLE_SIZE, font: this.font(piece.bold) });
            lx += piece.width;
          }
        });
      });
      this.cursor = top - height;
      this.pageHasContent = true;
    }
    this.cursor -= PARAGRAPH_GAP;
  }

  private wrap(runs: TextRun[], size: number, maxWidth: number): Piece[][] {
    return wrapRuns(this.fonts, runs, size, maxWidth);
  }
}

/** Greedy line breaking at spaces; a word wider than the line is broken between letters. */
export function wrapRuns(fonts: FontMetrics, runs: TextRun[], size: number, maxWidth: number): Piece[][] {
  const lines: Piece[][] = [[]];
  let lineWidth = 0;
  const measure = (text: string, bold: boolean) => (bold ? fonts.bold : fonts.regular).widthOfTextAtSize(text, size);
  const push = (text: string, bold: boolean, width: number) => {
    const line = lines[lines.length - 1];
    const last = line[line.length - 1];
    if (last && last.bold === bold) {
      last.text += text;
      last.width += width;
    } else line.push({ text, bold, width });
    lineWidth += width;
  };
  const breakLine = () => {
    // Trailing spaces do not count towards alignment.
    const line = lines[lines.length - 1];
    const last = line[line.length - 1];
    if (last) {
      const trimmed = last.text.replace(/\s+$/, '');
      if (trimmed !== last.text) {
        last.text = trimmed;
        last.width = measure(trimmed, last.bold);
      }
    }
    lines.push([]);
    lineWidth = 0;
  };

  for (const run of runs) {
    const text = sanitize(run.text);
    for (const token of text.split(/(\s+)/)) {
      if (!token) continue;
      const width = measure(token, run.bold);
      if (/^\s+$/.test(token)) {
        if (lineWidth > 0) push(token, run.bold, width); // no spaces at the start of a wrapped line
        continue;
      }
      if (lineWidth + width <= maxWidth) {
        push(token, run.bold, width);
        continue;
      }
      if (lineWidth > 0) breakLine();
      if (width <= maxWidth) {
        push(token, run.bold, width);
        continue;
      }
      // An overlong word (a URL, an IBAN): break it between characters.
      let chunk = '';
      for (const ch of Array.from(token)) {
        if (chunk && measure(chunk + ch, run.bold) > maxWidth) {
          push(chunk, run.bold, measure(chunk, run.bold));
          breakLine();
          chunk = '';
        }
        chunk += ch;
      }
      if (chunk) push(chunk, run.bold, measure(chunk, run.bold));
    }
  }
  const last = lines[lines.length - 1];
  if (last.length === 0 && lines.length > 1) lines.pop();
  return lines;
}

/** Removes control characters the font cannot draw; tabs were already turned into spaces. */
export function sanitize(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/\t/g, '    ');
}
