// The blocks the Committee's generated PDFs are made of (state-service results, the legality-check
// extract): plain paragraphs, "label: value" lines and centred headings, laid out by builtin-pdf.ts.
import type { Paragraph, TextRun } from './docx-reader';

export const para = (runs: TextRun[] | string, opts: Partial<Omit<Paragraph, 'kind' | 'lines'>> = {}): Paragraph => ({
  kind: 'paragraph',
  lines: [typeof runs === 'string' ? [{ text: runs, bold: false }] : runs],
  headingLevel: null,
  title: false,
  align: 'left',
  listItem: false,
  ...opts,
});
export const labelled = (label: string, value: string) =>
  para([
    { text: `${label}: `, bold: true },
    { text: value, bold: false },
  ]);
export const heading = (text: string) => para([{ text, bold: true }], { headingLevel: 2, align: 'center' });
