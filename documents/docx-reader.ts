// Reading the text structure of a DOCX: paragraphs with their runs (text, bold, line breaks),
// headings and simple tables. This is what the built-in PDF converter lays out when neither
// LibreOffice nor Gotenberg is available; it is not a Word renderer. Images, fonts, colours,
// numbering formats, headers and footers are dropped, but every word of the body survives.
//
// WordprocessingML is well-formed XML, so a small non-validating parser is enough: elements,
// attributes, text, CDATA and the predefined/numeric entities. Comments, processing
// instructions and the DOCTYPE (never present in DOCX) are skipped.
import { listZipEntries, readZipEntry, ZipError } from './zip';

// ---------------------------------------------------------------------------------------------
// XML

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;
  const top = () => stack[stack.length - 1];

  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      top().children.push(decodeEntities(xml.slice(i)));
      break;
    }
    if (lt > i) top().children.push(decodeEntities(xml.slice(i, lt)));

    if (xml.startsWith('<!--', lt)) {
      i = endOf(xml, '-->', lt);
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end === -1) throw new Error('unterminated CDATA section');
      top().children.push(xml.slice(lt + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      i = endOf(xml, '?>', lt);
    } else if (xml.startsWith('<!', lt)) {
      i = endOf(xml, '>', lt);
    } else if (xml[lt + 1] === '/') {
      const end = xml.indexOf('>', lt);
      if (end === -1) throw new Error('unterminated end tag');
      const name = xml.slice(lt + 2, end).trim();
      if (stack.length === 1 || top().name !== name) throw new Error(`mismatched end tag </${name}>`);
      stack.pop();
      i = end + 1;
    } else {
      // Start tag: scan to the closing '>' outside quoted attribute values.
      let j = lt + 1;
      let quote = '';
      for (; j < xml.length; j++) {
        const c = xml[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (j >= xml.length) throw new Error('unterminated start tag');
      let inner = xml.slice(lt + 1, j);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const nameMatch = /^[^\s/>]+/.exec(inner);
      if (!nameMatch) throw new Error('start tag without a name');
      const element: XmlElement = { name: nameMatch[0], attrs: {}, children: [] };
      const attrRe = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
      for (let m; (m = attrRe.exec(inner.slice(nameMatch[0].length)));) {
        element.attrs[m[1]] = decodeEntities(m[3] ?? m[4] ?? '');
      }
      top().children.push(element);
      if (!selfClosing) stack.push(element);
      i = j + 1;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed element <${top().name}>`);
  return root;
}

function endOf(xml: string, terminator: string, from: number): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) throw new Error(`unterminated markup starting at ${from}`);
  return end + terminator.length;
}

const elements = (node: XmlElement) => node.children.filter((c): c is XmlElement => typeof c !== 'string');
const child = (node: XmlElement, name: string) => elements(node).find((c) => c.name === name);

// ---------------------------------------------------------------------------------------------
// Document model

export interface TextRun {
  text: string;
  bold: boolean;
}

export interface Paragraph {
  kind: 'paragraph';
  /** Lines of runs: a `<w:br/>` starts a new line inside the same paragraph. */
  lines: TextRun[][];
  /** Heading level 1..9, or null for body text. */
  headingLevel: number | null;
  /** The document title style (larger than any heading). */
  title: boolean;
  align: 'left' | 'center' | 'right';
  listItem: boolean;
}

export interface Table {
  kind: 'table';
  /** Rows of cells; each cell is its paragraphs' text joined, lines kept. */
  rows: string[][];
}

export interface PageBreak {
  kind: 'pageBreak';
}

export type Block = Paragraph | Table | PageBreak;

export class DocxReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocxReadError';
  }
}

interface StyleInfo {
  headingLevel: number | null;
  title: boolean;
  bold: boolean;
  align?: Paragraph['align'];
}

/** Reads the body of a DOCX into blocks. Throws DocxReadError if the file is not a usable DOCX. */
export function readDocx(docx: Buffer): Block[] {
  let entries;
  try {
    entries = listZipEntries(docx);
  } catch (e) {
    throw new DocxReadError(`not a DOCX: ${(e as Error).message}`);
  }
  const read = (name: string): string | null => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) return null;
    try {
      return readZipEntry(docx, entry, 32 * 1024 * 1024).toString('utf8');
    } catch (e) {
      throw new DocxReadError(e instanceof ZipError ? e.message : String(e));
    }
  };

  // The main part is normally word/document.xml, but the package relationships are the authority.
  let mainPart = 'word/document.xml';
  const rels = read('_rels/.rels');
  if (rels) {
    const target =
      /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"/.exec(rels)?.[1] ??
      /<Relationship\b[^>]*Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(rels)?.[1];
    if (target) mainPart = target;
  }
  const documentXml = read(mainPart);
  if (documentXml === null) throw new DocxReadError(`not a DOCX: ${mainPart} is missing`);
  const stylesXml = read(mainPart.replace(/[^/]+$/, 'styles.xml'));

  let doc: XmlElement;
  try {
    doc = parseXml(documentXml);
  } catch (e) {
    throw new DocxReadError(`document.xml is not well-formed: ${(e as Error).message}`);
  }
  const styles = stylesXml ? readStyles(stylesXml) : new Map<string, StyleInfo>();
  const body = child(child(doc, 'w:document') ?? doc, 'w:body');
  if (!body) throw new DocxReadError('document.xml has no body');

  const blocks: Block[] = [];
  for (const el of elements(body)) collectBlock(el, styles, blocks);
  return blocks;
}

function readStyles(xml: string): Map<string, StyleInfo> {
  const map = new Map<string, StyleInfo>();
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch {
    return map; // styles only improve the look; a broken styles part is ignored
  }
  const stylesEl = child(root, 'w:styles');
  if (!stylesEl) return map;
  const raw = new Map<string, { basedOn?: string; info: Partial<StyleInfo> }>();
  for (const s of elements(stylesEl).filter((e) => e.name === 'w:style' && e.attrs['w:type'] === 'paragraph')) {
    const id = s.attrs['w:styleId'];
    if (!id) continue;
    const name = (child(s, 'w:name')?.attrs['w:val'] ?? '').toLowerCase();
    const pPr = child(s, 'w:pPr');
    const rPr = child(s, 'w:rPr');
    const info: Partial<StyleInfo> = {};
    const outline = pPr && child(pPr, 'w:outlineLvl')?.attrs['w:val'];
    const headingByName = /^heading\s*(\d)$/.exec(name)?.[1];
    if (outline !== undefined && outline !== null && Number(outline) < 9) info.headingLevel = Number(outline) + 1;
    else if (headingByName) info.headingLevel = Number(headingByName);
    if (name === 'title') info.title = true;
    if (rPr && isOn(child(rPr, 'w:b'))) info.bold = true;
    const jc = pPr && alignment(child(pPr, 'w:jc'));
    if (jc) info.align = jc;
    raw.set(id, { basedOn: child(s, 'w:basedOn')?.attrs['w:val'], info });
  }
  // Resolve inheritance (basedOn chains), guarding against cycles.
  const resolve = (id: string, depth = 0): StyleInfo => {
    const entry = raw.get(id);
    const base: StyleInfo = entry?.basedOn && depth < 10 ? resolve(entry.basedOn, depth + 1) : { headingLevel: null, title: false, bold: false };
    return { ...base, ...(entry?.info ?? {}) } as StyleInfo;
  };
  for (const id of raw.keys()) map.set(id, resolve(id));
  return map;
}

function isOn(el: XmlElement | undefined): boolean {
  if (!el) return false;
  const v = el.attrs['w:val'];
  return v === undefined || !['0', 'false', 'off', 'none'].includes(v);
}

function alignment(el: XmlElement | undefined): Paragraph['align'] | undefined {
  const v = el?.attrs['w:val'];
  if (v === 'center') return 'center';
  if (v === 'right' || v === 'end') return 'right';
  if (v === 'left' || v === 'start' || v === 'both' || v === 'distribute') return 'left';
  return undefined;
}

function collectBlock(el: XmlElement, styles: Map<string, StyleInfo>, out: Block[]): void {
  switch (el.name) {
    case 'w:p':
      readParagraph(el, styles, out);
      return;
    case 'w:tbl':
      out.push(readTable(el, styles));
      return;
    // Containers that may wrap paragraphs: content controls, tracked insertions, custom XML.
    case 'w:sdt':
    case 'w:sdtContent':
    case 'w:customXml':
    case 'w:ins':
    case 'w:smartTag':
      for (const c of elements(el)) collectBlock(c, styles, out);
      return;
    default:
      return; // section properties, bookmarks, deleted content, …
  }
}

function readParagraph(p: XmlElement, styles: Map<string, StyleInfo>, out: Block[]): void {
  const pPr = child(p, 'w:pPr');
  const styleId = pPr && child(pPr, 'w:pStyle')?.attrs['w:val'];
  const style = (styleId && styles.get(styleId)) || { headingLevel: null, title: false, bold: false };
  let headingLevel = style.headingLevel;
  const outline = pPr && child(pPr, 'w:outlineLvl')?.attrs['w:val'];
  if (outline !== undefined && Number(outline) < 9) headingLevel = Number(outline) + 1;
  // Documents without a styles part still name their headings by id.
  if (headingLevel === null && styleId) {
    const m = /^heading\s*(\d)$/i.exec(styleId);
    if (m) headingLevel = Number(m[1]);
  }
  const title = style.title || styleId === 'Title';

  const paragraph: Paragraph = {
    kind: 'paragraph',
    lines: [[]],
    headingLevel,
    title,
    align: (pPr && alignment(child(pPr, 'w:jc'))) ?? style.align ?? 'left',
    listItem: !!(pPr && child(pPr, 'w:numPr')),
  };
  const pending: Block[] = [];

  const addText = (text: string, bold: boolean) => {
    const line = paragraph.lines[paragraph.lines.length - 1];
    const last = line[line.length - 1];
    if (last && last.bold === bold) last.text += text;
    else line.push({ text, bold });
  };

  const walkRun = (r: XmlElement) => {
    const rPr = child(r, 'w:rPr');
    const boldEl = rPr && child(rPr, 'w:b');
    const bold = boldEl ? isOn(boldEl) : style.bold || headingLevel !== null || title;
    for (const c of elements(r)) {
      if (c.name === 'w:t') addText(c.children.filter((t): t is string => typeof t === 'string').join(''), bold);
      else if (c.name === 'w:tab' || c.name === 'w:ptab') addText('    ', bold);
      else if (c.name === 'w:noBreakHyphen') addText('\u2011', bold);
      else if (c.name === 'w:softHyphen') continue;
      else if (c.name === 'w:sym') {
        const code = parseInt(c.attrs['w:char'] ?? '', 16);
        // Symbol-font code points (F0xx) map to nothing readable; keep real characters only.
        if (Number.isFinite(code) && (code < 0xf000 || code > 0xf0ff)) addText(String.fromCodePoint(code), bold);
      } else if (c.name === 'w:br' || c.name === 'w:cr') {
        if (c.attrs['w:type'] === 'page') pending.push({ kind: 'pageBreak' });
        else paragraph.lines.push([]);
      }
    }
  };

  const walk = (el: XmlElement) => {
    for (const c of elements(el)) {
      if (c.name === 'w:r') walkRun(c);
      // Hyperlinks, simple fields, tracked insertions and content controls hold runs too;
      // tracked deletions (w:del) are not part of the text.
      else if (['w:hyperlink', 'w:fldSimple', 'w:ins', 'w:smartTag', 'w:sdt', 'w:sdtContent', 'w:customXml'].includes(c.name)) walk(c);
    }
  };
  walk(p);

  // A page break at the very start of a paragraph (the usual way Word stores one) goes before it.
  const empty = paragraph.lines.every((l) => l.length === 0);
  if (pending.length && empty) {
    out.push(...pending);
    return;
  }
  out.push(paragraph, ...pending);
}

function readTable(tbl: XmlElement, styles: Map<string, StyleInfo>): Table {
  const rows: string[][] = [];
  for (const tr of elements(tbl).filter((e) => e.name === 'w:tr')) {
    const cells: string[] = [];
    for (const tc of elements(tr).filter((e) => e.name === 'w:tc')) {
      const inner: Block[] = [];
      for (const c of elements(tc)) collectBlock(c, styles, inner);
      cells.push(blocksToText(inner));
    }
    rows.push(cells);
  }
  return { kind: 'table', rows };
}

/** Plain text of blocks: paragraphs and their line breaks become lines, table cells tab-separated. */
export function blocksToText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'paragraph') return b.lines.map((l) => l.map((r) => r.text).join('')).join('\n');
      if (b.kind === 'table') return b.rows.map((r) => r.join('\t')).join('\n');
      return '';
    })
    .join('\n');
}
