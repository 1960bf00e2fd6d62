import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import {
  CASE_DOCUMENT_KINDS,
  CASE_DOCUMENT_TITLES,
  CaseDocumentDataError,
  astanaDateTime,
  canonicalJson,
  caseDocumentDataHash,
  renderCaseDocument,
  type CaseDocumentData,
  type CaseDocumentDataOf,
  type CaseDocumentKind,
  type CaseInventoryData,
  type RenderedCaseDocument,
} from '../../documents/case-documents';
import { extractPdfText } from '../../documents/pdf-text';

const ERDR = '267113031000042';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const common = {
  issuedAt: '2026-03-12T09:30:00Z',
  erdrNumber: ERDR,
  // 23:05 UTC is already the next day in Astana.
  registeredAt: '2026-03-11T23:05:00Z',
  bodyCode: '711303',
  official: { name: 'Серікбаев Нұрлан Асқарұлы', position: { kk: 'Аға тергеуші', ru: 'Старший следователь' } },
  article: 'ҚК 188-б. 2-б. / ст. 188 ч. 2 УК',
  fabula: '2026 жылғы 11 наурызда белгісіз адам Сарыарқа ауданындағы дүкеннен ұялы телефонды ұрлаған.',
};
const prosecutor = { name: 'Ахметова Айгүл Серікқызы', position: { kk: 'Аудан прокуроры', ru: 'Прокурор района' } };

function inventory(rows: number): CaseInventoryData {
  return {
    kind: 'case_inventory',
    ...common,
    entries: Array.from({ length: rows }, (_, i) => ({
      title: `Жауап алу хаттамасы / Протокол допроса № ${i + 1}`,
      kind: 'Хаттама / Протокол',
      date: '2026-03-12T10:00:00+05:00',
      sha256: sha(`document ${i + 1}`),
    })),
  };
}

const SAMPLES: { [K in CaseDocumentKind]: CaseDocumentDataOf<K> } = {
  kui_registration_report: {
    kind: 'kui_registration_report',
    ...common,
    kuiNumber: '267113030000917',
    kuiRegisteredAt: '2026-03-11T22:40:00Z',
    source: 'Азаматтың арызы / Заявление гражданина',
    talon: '260000005900755',
  },
  offence_detection_report: {
    kind: 'offence_detection_report',
    ...common,
    detectedAt: '2026-03-11T22:00:00Z',
    circumstances: 'Патрульдеу кезінде анықталды / Обнаружено при патрулировании.',
  },
  prosecutor_notice_start: { kind: 'prosecutor_notice_start', ...common, prosecutor },
  prosecutor_notice_format: {
    kind: 'prosecutor_notice_format',
    ...common,
    prosecutor,
    format: 'ELECTRONIC',
    resolutionAt: '2026-03-12T04:00:00Z',
  },
  participant_letter: {
    kind: 'participant_letter',
    ...common,
    addressee: { name: 'Қасымова Әсел Болатқызы', address: ['Астана қ., Сарыарқа ауданы', 'Жеңіс даңғылы, 15, 42-пәтер'], role: 'victim' },
    format: 'ELECTRONIC',
    resolutionAt: '2026-03-12T04:00:00Z',
    publicSectorUrl: 'https://erdr.example.kz/public',
    delivery: 'post',
  },
  case_inventory: inventory(3),
  court_cover_letter: {
    kind: 'court_cover_letter',
    ...common,
    court: { kk: 'Астана қаласы Сарыарқа аудандық соты', ru: 'Районный суд района Сарыарка города Астаны' },
    signatory: prosecutor,
    volumes: [
      { number: 1, documents: [{ title: 'Айыптау актісі / Обвинительный акт', pages: 12 }, { title: 'Жауап алу хаттамасы / Протокол допроса' }] },
      { number: 2, documents: [{ title: 'Сараптама қорытындысы / Заключение эксперта', pages: 7 }] },
    ],
    paperOriginalsFollow: true,
  },
  print_package_cover: {
    kind: 'print_package_cover',
    ...common,
    ground: 'state_secret',
    resolutionAt: '2026-03-12T06:00:00Z',
    documents: [
      { title: 'Қылмыстық іс қозғау туралы баянат / Рапорт', sha256: sha('a'), source: 'printed' },
      { title: 'Қарап-тексеру хаттамасы / Протокол осмотра', sha256: sha('b'), source: 'original' },
    ],
  },
};

/** pdftotext breaks lines where the layout did; compare with runs of white space made single. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

// Each sample is rendered and read back once for the whole file.
const renders = new Map<CaseDocumentKind, Promise<{ doc: RenderedCaseDocument; text: string }>>();
function renderSample(kind: CaseDocumentKind): Promise<{ doc: RenderedCaseDocument; text: string }> {
  let render = renders.get(kind);
  if (!render) {
    render = renderCaseDocument(kind, SAMPLES[kind] as CaseDocumentDataOf<typeof kind>).then(async (doc) => ({
      doc,
      text: flat(await extractPdfText(doc.pdf)),
    }));
    renders.set(kind, render);
  }
  return render;
}

describe('generated documents of the electronic criminal case', () => {
  it('offers every kind with a title in Kazakh and Russian', () => {
    expect([...CASE_DOCUMENT_KINDS].sort()).toEqual(Object.keys(SAMPLES).sort());
    expect(CASE_DOCUMENT_TITLES.kui_registration_report.ru).toBe('Рапорт о регистрации в КУИ');
  });

  it.each(CASE_DOCUMENT_KINDS.map((k) => [k]))('%s renders a bilingual A4 PDF with the case details and the data hash', async (kind) => {
    const data = SAMPLES[kind] as CaseDocumentData;
    const { doc, text } = await renderSample(kind);

    const loaded = await PDFDocument.load(doc.pdf);
    expect(loaded.getPageCount()).toBeGreaterThanOrEqual(1);
    const { width, height } = loaded.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.sha256).toBe(createHash('sha256').update(doc.pdf).digest('hex'));
    expect(doc.title).toEqual(CASE_DOCUMENT_TITLES[kind]);

    // Titles are printed in capitals.
    expect(text).toContain(flat(doc.title.kk.toUpperCase()));
    expect(text).toContain(flat(doc.title.ru.toUpperCase()));
    expect(text).toContain('ҚАЗАҚСТАН РЕСПУБЛИКАСЫ');
    expect(text).toContain('РЕСПУБЛИКА КАЗАХСТАН');
    // The body's names come from the dictionary by its code.
    expect(text).toContain('Сарыарқа');
    expect(text).toContain('Сарыарка');
    expect(text).toContain(ERDR);
    // Registration time in Astana time (UTC+5): 23:05 UTC on the 11th is 04:05 on the 12th.
    expect(text).toContain('12.03.2026 04:05');
    expect(text).toContain(common.official.name);
    expect(text).toContain('188');
    expect(text).toContain(`Құжаттың хэші / Хэш документа (SHA-256): ${caseDocumentDataHash(data)}`);
    expect(caseDocumentDataHash(data)).toBe(sha(canonicalJson(data)));
    expect(doc.dataSha256).toBe(caseDocumentDataHash(data));
    expect(text).toContain('Күні / Дата: 12.03.2026');
    expect(text).toMatch(/\(қолы\)/);
    expect(text).toMatch(/\(подпись\)/);
  });

  it('says in the participant letter who it goes to and how to use the Public Sector', async () => {
    const { text } = await renderSample('participant_letter');
    expect(text).toContain('Қасымова Әсел Болатқызы');
    expect(text).toContain('Жеңіс даңғылы, 15, 42-пәтер');
    expect(text).toContain('жәбірленуші');
    expect(text).toContain('потерпевший');
    expect(text).toContain('https://erdr.example.kz/public');
    expect(text).toContain('1414');
    expect(text).toContain('в электронном формате');
  });

  it('lists the volumes in the court cover letter and the ground in the print package cover', async () => {
    const court = (await renderSample('court_cover_letter')).text;
    expect(court).toContain('Районный суд района Сарыарка города Астаны');
    expect(court).toContain('Сараптама қорытындысы / Заключение эксперта');
    expect(court).toContain('томов: 2, документов: 3');
    expect(court).toContain(prosecutor.name);

    const cover = (await renderSample('print_package_cover')).text;
    expect(cover).toContain('государственные секреты');
    expect(cover).toContain('распечатано: 1, оригиналов: 1');
    expect(cover.replace(/\s/g, '')).toContain(sha('b'));
  });

  it('spreads a 120-document inventory over several pages and lists the last one', async () => {
    const data = inventory(120);
    const doc = await renderCaseDocument('case_inventory', data);
    const loaded = await PDFDocument.load(doc.pdf);
    expect(loaded.getPageCount()).toBeGreaterThan(2);

    const text = await extractPdfText(doc.pdf);
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(loaded.getPageCount());
    // The first rows are on the first page, the last row several pages later, with its hash
    // (set in two lines of a narrow cell).
    expect(flat(pages[0])).toContain('Протокол допроса № 1 ');
    const lastRowPage = pages.findIndex((p) => flat(p).includes('Протокол допроса № 120'));
    expect(lastRowPage).toBeGreaterThanOrEqual(2);
    expect(pages[lastRowPage].replace(/\s/g, '')).toContain(data.entries[119].sha256);
    // The table header is repeated on every page the table runs over; every page carries its number.
    for (const [i, page] of pages.entries()) {
      if (i <= lastRowPage) expect(flat(page)).toContain('Наименование документа');
      expect(flat(page)).toContain(`Страница ${i + 1} из ${pages.length}`);
    }
    expect(flat(text)).toContain('документов: 120');
  });

  it('gives the same bytes for the same data, and other bytes for other data', async () => {
    const first = (await renderSample('prosecutor_notice_start')).doc;
    await new Promise((r) => setTimeout(r, 1100)); // a clock-dependent PDF would differ by now
    const second = await renderCaseDocument('prosecutor_notice_start', { ...SAMPLES.prosecutor_notice_start });
    expect(second.pdf.equals(first.pdf)).toBe(true);
    expect(second.sha256).toBe(first.sha256);

    const loaded = await PDFDocument.load(first.pdf, { updateMetadata: false });
    expect(loaded.getCreationDate()?.toISOString()).toBe('2026-03-12T09:30:00.000Z');
    expect(loaded.getProducer()).toBe('ERDR documents');

    const later = await renderCaseDocument('prosecutor_notice_start', { ...SAMPLES.prosecutor_notice_start, issuedAt: '2026-03-13T09:30:00Z' });
    expect(later.sha256).not.toBe(first.sha256);
    expect(later.dataSha256).not.toBe(first.dataSha256);
  });

  it('hashes data independently of key order', () => {
    const a = SAMPLES.prosecutor_notice_start;
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(caseDocumentDataHash(reordered)).toBe(caseDocumentDataHash(a));
  });

  it('refuses data it cannot certify', async () => {
    await expect(renderCaseDocument('prosecutor_notice_start', { ...SAMPLES.prosecutor_notice_start, bodyCode: '999999' })).rejects.toThrow(
      /bodyCode: no body with code 999999/,
    );
    await expect(renderCaseDocument('prosecutor_notice_start', { ...SAMPLES.prosecutor_notice_start, erdrNumber: '123' })).rejects.toThrow(
      CaseDocumentDataError,
    );
    const withExtra = { ...SAMPLES.prosecutor_notice_start, note: 'not part of the form' };
    await expect(renderCaseDocument('prosecutor_notice_start', withExtra)).rejects.toThrow(/note/);
    await expect(renderCaseDocument('case_inventory', SAMPLES.prosecutor_notice_start as unknown as CaseInventoryData)).rejects.toThrow(
      /"prosecutor_notice_start" given for a "case_inventory"/,
    );
  });

  it('formats instants in Astana time', () => {
    expect(astanaDateTime('2026-12-31T19:00:00Z')).toBe('01.01.2027 00:00');
    expect(astanaDateTime('2026-03-12T10:00:00+05:00')).toBe('12.03.2026 10:00');
  });
});
