// Text of a PDF, read with Mozilla's PDF.js (the npm package pdfjs-dist), so nothing outside npm
// is needed.
//
// Used to check that converted documents kept their words (Kazakh letters included) and, later,
// for full-text search over attachments. The text comes out as pdftotext's does: the lines of a
// page in reading order, pages separated by a form feed.
import path from 'node:path';
import { nativeRequire } from '../platform/native-require';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });

let pdfjs: PdfJs | undefined;

/** PDF.js is an ES module, loaded once. */
function loadPdfJs(): PdfJs {
  pdfjs ??= nativeRequire(__filename)('pdfjs-dist/legacy/build/pdf.mjs') as PdfJs;
  return pdfjs;
}

/** Bytes PDF.js could not read as a PDF. */
export class PdfTextError extends Error {
  constructor(reason: string) {
    super(`the file could not be read as a PDF: ${reason}`);
    this.name = 'PdfTextError';
  }
}

/** Where PDF.js finds the metrics of the 14 standard fonts (a PDF may use them without embedding); found once. */
let standardFonts: string | undefined;
const standardFontDataUrl = () =>
  (standardFonts ??= path.join(path.dirname(nativeRequire(__filename).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep);

/** What PDF.js reports of a run of text: its string and where it is drawn. */
interface TextPiece {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** Extracts the text of all pages, in reading order. */
export async function extractPdfText(pdf: Uint8Array): Promise<string> {
  const { getDocument, VerbosityLevel } = loadPdfJs();
  const task = getDocument({
    // PDF.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
    data: new Uint8Array(pdf),
    standardFontDataUrl: standardFontDataUrl(),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    // PDF.js's own errors come from another realm under jest; ours say what failed, everywhere.
    const doc = await task.promise.catch((e: unknown) => {
      throw new PdfTextError(String((e as { message?: unknown })?.message ?? e));
    });
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items.filter((i): i is TextPiece & typeof i => 'str' in i)));
      page.cleanup();
    }
    return pages.join('\f');
  } finally {
    await task.destroy();
  }
}

/** A run of text on one baseline, with no wide gap inside it. */
interface Segment {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/**
 * A page's text in reading order, as pdftotext gives it: runs on one baseline are joined into
 * segments, broken where a gap is wider than a column gutter; each segment continues the block
 * just above it that it mostly overlaps, or starts a new one; blocks are read top to bottom, left
 * to right. So two columns side by side (a bilingual form) come out one after the other, not
 * interleaved line by line.
 */
function pageText(pieces: TextPiece[]): string {
  const segments = toSegments(pieces);
  const blocks: Segment[][] = [];
  for (const seg of segments) {
    const block = blocks.find((b) => continues(b[b.length - 1], seg));
    if (block) block.push(seg);
    else blocks.push([seg]);
  }
  blocks.sort((a, b) => b[0].y - a[0].y || a[0].x0 - b[0].x0);
  return blocks.map((b) => b.map((s) => `${s.text}\n`).join('')).join('');
}

function toSegments(pieces: TextPiece[]): Segment[] {
  const runs = pieces
    // PDF.js reports the blank between two columns as a wide space; gaps are measured instead.
    .filter((p) => p.str.trim().length > 0)
    .map((p) => ({ text: p.str, x0: p.transform[4], x1: p.transform[4] + p.width, y: p.transform[5], size: Math.abs(p.transform[3]) || p.height || 10 }));
  // Top to bottom, then left to right; runs whose baselines differ by under a fifth of the font
  // size share a line.
  runs.sort((a, b) => (Math.abs(a.y - b.y) < Math.min(a.size, b.size) / 5 ? a.x0 - b.x0 : b.y - a.y));
  const segments: Segment[] = [];
  for (const run of runs) {
    const last = segments[segments.length - 1];
    const sameLine = last && Math.abs(last.y - run.y) < Math.min(last.size, run.size) / 5;
    const gap = sameLine ? run.x0 - last.x1 : Infinity;
    // A gap wider than the font size is a gutter (columns, table cells); a smaller one is a space.
    if (sameLine && gap < Math.max(last.size, run.size)) {
      last.text += gap > last.size / 8 && !/\s$/.test(last.text) && !/^\s/.test(run.text) ? ` ${run.text}` : run.text;
      last.x1 = Math.max(last.x1, run.x1);
    } else {
      segments.push({ ...run });
    }
  }
  return segments;
}

/** Whether `next` is the line after `above` in the same block: just below it and mostly under it. */
function continues(above: Segment, next: Segment): boolean {
  const drop = above.y - next.y;
  if (drop <= 0 || drop > 2 * Math.max(above.size, next.size)) return false;
  const overlap = Math.min(above.x1, next.x1) - Math.max(above.x0, next.x0);
  return overlap > 0.6 * Math.max(above.x1 - above.x0, next.x1 - next.x0) || Math.abs(above.x0 - next.x0) < above.size;
}
