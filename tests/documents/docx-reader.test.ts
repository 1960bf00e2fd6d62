// Reading DOCX structure for the built-in converter: from our own writer and from hand-written
// WordprocessingML with the constructs real documents contain.
import { blocksToText, parseXml, readDocx, DocxReadError, Paragraph } from '../../documents/docx-reader';
import { makeDocx } from '../../documents/make-docx';
import { writeZip } from '../../documents/zip';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function docxFrom(bodyXml: string, stylesXml?: string): Buffer {
  return writeZip([
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'word/document.xml', data: `<?xml version="1.0"?><w:document ${W}><w:body>${bodyXml}</w:body></w:document>` },
    ...(stylesXml ? [{ name: 'word/styles.xml', data: `<w:styles ${W}>${stylesXml}</w:styles>` }] : []),
  ]);
}

describe('parseXml', () => {
  it('handles attributes, entities, CDATA, comments and self-closing tags', () => {
    const root = parseXml(`<?xml version="1.0"?><!-- c --><a x="1 &amp; 2" y='&#1179;'>t&lt;&#x49B;<b/><![CDATA[<raw>]]></a>`);
    const a = root.children[0] as { name: string; attrs: Record<string, string>; children: unknown[] };
    expect(a.name).toBe('a');
    expect(a.attrs).toEqual({ x: '1 & 2', y: 'қ' });
    expect(a.children).toEqual(['t<қ', { name: 'b', attrs: {}, children: [] }, '<raw>']);
  });

  it('rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/mismatched/);
    expect(() => parseXml('<a>')).toThrow(/unclosed/);
  });
});

describe('readDocx', () => {
  it('reads headings, bold runs, line breaks, tables and page breaks written by makeDocx', () => {
    const blocks = readDocx(
      makeDocx([
        { kind: 'paragraph', runs: ['АРЫЗ'], style: 'Title' },
        { kind: 'heading', text: 'Мән-жайлар', level: 2 },
        { kind: 'paragraph', runs: [{ text: 'Арыз беруші: ', bold: true }, 'Әлиев Ғ.\nАстана қ.'], align: 'center' },
        {
          kind: 'table',
          rows: [
            ['Күні', 'Оқиға'],
            ['01.02.2025', 'Ұрлық'],
          ],
        },
        { kind: 'pageBreak' },
        'Қолы',
      ]),
    );
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph', 'table', 'pageBreak', 'paragraph']);
    const [title, heading, body] = blocks as Paragraph[];
    expect(title).toMatchObject({ title: true, align: 'center' });
    expect(heading).toMatchObject({ headingLevel: 2, lines: [[{ text: 'Мән-жайлар', bold: true }]] });
    expect(body.align).toBe('center');
    expect(body.lines).toEqual([
      [
        { text: 'Арыз беруші: ', bold: true },
        { text: 'Әлиев Ғ.', bold: false },
      ],
      [{ text: 'Астана қ.', bold: false }],
    ]);
    expect(blocks[3]).toEqual({
      kind: 'table',
      rows: [
        ['Күні', 'Оқиға'],
        ['01.02.2025', 'Ұрлық'],
      ],
    });
    expect(blocksToText(blocks)).toContain('Әлиев Ғ.\nАстана қ.');
  });

  it('keeps hyperlinks, insertions and content controls, drops deletions, resolves localized heading styles', () => {
    const styles =
      '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="Мой заголовок"/><w:basedOn w:val="1"/></w:style>';
    const blocks = readDocx(
      docxFrom(
        '<w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr><w:r><w:t>Тақырып</w:t></w:r></w:p>' +
          '<w:p><w:r><w:t xml:space="preserve">Сілтеме: </w:t></w:r><w:hyperlink r:id="rId9" xmlns:r="r"><w:r><w:t>qamqor.gov.kz</w:t></w:r></w:hyperlink>' +
          '<w:del><w:r><w:delText>жойылған</w:delText></w:r></w:del><w:ins><w:r><w:t> қосылған</w:t></w:r></w:ins>' +
          '<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:tab/><w:t>соңы</w:t></w:r></w:p>' +
          '<w:sdt><w:sdtContent><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>тізім</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        styles,
      ),
    );
    const [heading, text, item] = blocks as Paragraph[];
    expect(heading.headingLevel).toBe(1);
    expect(blocksToText([text])).toBe('Сілтеме: qamqor.gov.kz қосылған    соңы');
    expect(item).toMatchObject({ listItem: true, lines: [[{ text: 'тізім', bold: true }]] });
  });

  it('refuses files that are not DOCX', () => {
    expect(() => readDocx(Buffer.from('%PDF-1.7'))).toThrow(DocxReadError);
    expect(() => readDocx(writeZip([{ name: 'a.txt', data: 'a' }]))).toThrow(/missing/);
    expect(() => readDocx(writeZip([{ name: 'word/document.xml', data: '<w:document><w:body>' }]))).toThrow(/well-formed/);
  });
});
