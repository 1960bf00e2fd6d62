// A tiny DOCX writer for fixtures and tests.
//
// Tests need real DOCX files (with Kazakh text, headings, bold runs, tables) to exercise type
// detection and DOCX → PDF conversion; generating them here keeps binary fixtures out of the
// repository and makes each test's input readable in the test itself.
//
// The output is the smallest package Word and LibreOffice open without complaint:
// [Content_Types].xml, _rels/.rels, word/document.xml, plus word/styles.xml (so headings are
// real heading styles) and its relationship file.
import { writeZip } from './zip';

export interface DocxRun {
  text: string;
  bold?: boolean;
}

export type DocxBlock =
  | string
  | { kind: 'paragraph'; runs: (DocxRun | string)[]; style?: 'Title' | 'Heading1' | 'Heading2' | 'Heading3'; align?: 'left' | 'center' | 'right' | 'both' }
  | { kind: 'heading'; text: string; level?: 1 | 2 | 3 }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'pageBreak' };

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Builds a DOCX from blocks; a plain string is a paragraph, `\n` inside text is a line break. */
export function makeDocx(blocks: DocxBlock[]): Buffer {
  const body = blocks.map(blockXml).join('');
  const document =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${body}` +
    // A4 with the margins used in Kazakhstan's office-work rules (left 30 mm, right 15 mm).
    `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
    `<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>` +
    `</w:body></w:document>`;

  return writeZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'word/document.xml', data: document },
    { name: 'word/_rels/document.xml.rels', data: DOCUMENT_RELS },
    { name: 'word/styles.xml', data: STYLES },
  ]);
}

function runXml(run: DocxRun | string): string {
  const r = typeof run === 'string' ? { text: run } : run;
  const props = r.bold ? '<w:rPr><w:b/></w:rPr>' : '';
  const parts = r.text.split('\n').map((line) =>
    line
      .split('\t')
      .map((t) => `<w:t xml:space="preserve">${escapeXml(t)}</w:t>`)
      .join('<w:tab/>'),
  );
  return `<w:r>${props}${parts.join('<w:br/>')}</w:r>`;
}

function paragraphXml(runs: (DocxRun | string)[], style?: string, align?: string): string {
  const pPr = style || align ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${align ? `<w:jc w:val="${align}"/>` : ''}</w:pPr>` : '';
  return `<w:p>${pPr}${runs.map(runXml).join('')}</w:p>`;
}

function blockXml(block: DocxBlock): string {
  if (typeof block === 'string') return paragraphXml([block]);
  switch (block.kind) {
    case 'paragraph':
      return paragraphXml(block.runs, block.style, block.align);
    case 'heading':
      return paragraphXml([block.text], `Heading${block.level ?? 1}`);
    case 'pageBreak':
      return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
    case 'table': {
      const columns = Math.max(1, ...block.rows.map((r) => r.length));
      const width = Math.floor(9355 / columns); // text width of the page above, in twentieths of a point
      const grid = `<w:tblGrid>${`<w:gridCol w:w="${width}"/>`.repeat(columns)}</w:tblGrid>`;
      const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
      const tblPr =
        `<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>` +
        ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('') +
        `</w:tblBorders></w:tblPr>`;
      const rows = block.rows
        .map((row) => `<w:tr>${row.map((cell) => `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${paragraphXml([cell])}</w:tc>`).join('')}</w:tr>`)
        .join('');
      return `<w:tbl>${tblPr}${grid}${rows}</w:tbl>`;
    }
  }
}

const CONTENT_TYPES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
  `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
  `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
  `</Types>`;

const ROOT_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
  `</Relationships>`;

const DOCUMENT_RELS =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
  `</Relationships>`;

const headingStyle = (id: string, name: string, level: number, halfPoints: number) =>
  `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
  `<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="${level}"/></w:pPr>` +
  `<w:rPr><w:b/><w:sz w:val="${halfPoints}"/></w:rPr></w:style>`;

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
  `<w:styles xmlns:w="${W_NS}">` +
  `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans" w:cs="DejaVu Sans" w:eastAsia="DejaVu Sans"/>` +
  `<w:sz w:val="24"/><w:lang w:val="kk-KZ"/></w:rPr></w:rPrDefault>` +
  `<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
  `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
  `<w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>` +
  headingStyle('Heading1', 'heading 1', 0, 32) +
  headingStyle('Heading2', 'heading 2', 1, 28) +
  headingStyle('Heading3', 'heading 3', 2, 26) +
  `</w:styles>`;
