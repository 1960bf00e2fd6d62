// Layout: a page writer with full-width paragraphs, Kazakh | Russian column pairs and tables,
// on the A4 page geometry and Unicode fonts of builtin-pdf.ts.
import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { CONTENT_WIDTH, MARGIN, MM, PAGE_HEIGHT, PAGE_WIDTH, wrapRuns, type FontMetrics, type Fonts, type Piece } from '../builtin-pdf';
import type { TextRun } from '../docx-reader';

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
export type Content = string | TextRun[];

const runsOf = (content: Content, bold: boolean): TextRun[] => (typeof content === 'string' ? [{ text: content, bold }] : content);

export const labelled = (label: string, value: string): TextRun[] => [
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

export class PageWriter {
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
