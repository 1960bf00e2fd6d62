// DOCX → PDF conversion with each converter, checked by reading the text back out of the PDF:
// the Kazakh letters (ә ғ қ ң ө ұ ү һ і) must survive every route.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import {
  availableConverters,
  ConversionError,
  convertDocxToPdf,
  disposeLibreOfficeProfiles,
  libreOfficeProfileRoot,
  sofficePath,
} from '../../documents/convert';
import { FontUnavailableError } from '../../documents/fonts';
import { makeDocx } from '../../documents/make-docx';
import { extractPdfText, PdfTextError } from '../../documents/pdf-text';

const STATEMENT = 'Қылмыстық құқық бұзушылық туралы арыз: әңгіме, ғимарат, құқық, өмір, ұлт, үй, һ, ірі';
const WORDS = ['Қылмыстық', 'құқық', 'бұзушылық', 'туралы', 'арыз', 'әңгіме', 'ғимарат', 'өмір', 'ұлт', 'үй', 'һ', 'ірі'];

const docx = makeDocx([
  { kind: 'paragraph', runs: ['АРЫЗ'], style: 'Title' },
  { kind: 'heading', text: 'Мән-жайлары', level: 1 },
  STATEMENT,
  { kind: 'paragraph', runs: [{ text: 'Арыз беруші: ', bold: true }, 'Серікбаев Нұрлан\nАстана қаласы'] },
  {
    kind: 'table',
    rows: [
      ['Күні', 'Оқиға орны'],
      ['12.03.2025', 'Қонаев көшесі'],
    ],
  },
]);

const normalize = (text: string) => text.replace(/\s+/g, ' ');

function expectKazakhText(text: string) {
  const flat = normalize(text);
  for (const word of WORDS) expect(flat).toContain(word);
  expect(flat).toContain('Серікбаев Нұрлан');
  expect(flat).toContain('Қонаев көшесі');
}

/** Runs `fn` with environment variables changed, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const NO_SOFFICE = { SOFFICE_PATH: '/nonexistent/soffice', GOTENBERG_URL: undefined };

// LibreOffice improves fidelity but is not required: where it is not installed, the converter's
// handling of it (profiles, output files, time-outs) is run against a stand-in with soffice's
// command line that converts with the built-in converter.
const SOFFICE_STAND_IN = path.resolve(__dirname, '../fixtures/soffice/soffice');
const savedSofficePath = process.env.SOFFICE_PATH;
beforeAll(() => {
  if (sofficePath()) return;
  console.log(`LibreOffice is not installed: the LibreOffice converter tests run against ${path.relative(process.cwd(), SOFFICE_STAND_IN)}`);
  process.env.SOFFICE_PATH = SOFFICE_STAND_IN;
});
afterAll(async () => {
  await disposeLibreOfficeProfiles();
  if (savedSofficePath === undefined) delete process.env.SOFFICE_PATH;
  else process.env.SOFFICE_PATH = savedSofficePath;
});

describe('LibreOffice converter', () => {
  it('is chosen automatically when soffice is installed and keeps Kazakh text', async () => {
    expect(availableConverters()[0]).toBe('libreoffice');
    const { pdf, converter } = await convertDocxToPdf(docx);
    expect(converter).toBe('libreoffice');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expectKazakhText(await extractPdfText(pdf));
  });

  it('runs concurrent conversions side by side (each with its own profile)', async () => {
    const other = makeDocx(['Екінші құжат: ұлттық қауіпсіздік']);
    const [a, b] = await Promise.all([convertDocxToPdf(docx, { converter: 'libreoffice' }), convertDocxToPdf(other, { converter: 'libreoffice' })]);
    expectKazakhText(await extractPdfText(a.pdf));
    expect(normalize(await extractPdfText(b.pdf))).toContain('Екінші құжат: ұлттық қауіпсіздік');
  });

  it('stops a conversion that runs over its time limit, leaving no process behind', async () => {
    await expect(convertDocxToPdf(docx, { converter: 'libreoffice', timeoutMs: 100 })).rejects.toThrow(/did not finish within 100 ms/);
    await new Promise((r) => setTimeout(r, 300));
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes).not.toContain(`erdr-soffice-${process.pid}/`);
  });

  it('leaves no profile folders behind once disposed', async () => {
    await convertDocxToPdf(docx, { converter: 'libreoffice' });
    const root = libreOfficeProfileRoot();
    expect(fs.readdirSync(root).length).toBeGreaterThan(0);
    await disposeLibreOfficeProfiles();
    expect(fs.existsSync(root)).toBe(false);
  });
});

describe('built-in converter', () => {
  it('keeps Kazakh text, bold, headings and tables', async () => {
    const { pdf, converter } = await convertDocxToPdf(docx, { converter: 'builtin' });
    expect(converter).toBe('builtin');
    const text = await extractPdfText(pdf);
    expectKazakhText(text);
    expect(text).toMatch(/АРЫЗ\s+Мән-жайлары/);
    // The line break inside the paragraph is kept.
    expect(text).toMatch(/Серікбаев Нұрлан\s*\n\s*Астана қаласы/);
  });

  it('flows long documents over several A4 pages without losing a paragraph', async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => `${i + 1}-тармақ. ${STATEMENT}`);
    const { pdf } = await convertDocxToPdf(makeDocx(paragraphs), { converter: 'builtin' });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThan(3);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    const text = normalize(await extractPdfText(pdf));
    for (let i = 1; i <= 120; i++) expect(text).toContain(`${i}-тармақ.`);
  });

  it('is chosen when LibreOffice is absent (SOFFICE_PATH points nowhere)', async () => {
    await withEnv(NO_SOFFICE, async () => {
      expect(availableConverters()).toEqual(['builtin']);
      const { pdf, converter } = await convertDocxToPdf(docx);
      expect(converter).toBe('builtin');
      expectKazakhText(await extractPdfText(pdf));
      await expect(convertDocxToPdf(docx, { converter: 'libreoffice' })).rejects.toThrow(/not installed/);
    });
  });

  it('fails clearly when no Unicode font can be found', async () => {
    await withEnv({ DOCUMENTS_FONT_DIR: '/nonexistent/fonts' }, async () => {
      const error = await convertDocxToPdf(docx, { converter: 'builtin' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FontUnavailableError);
      expect((error as Error).message).toMatch(/fonts-dejavu-core|dejavu-fonts-ttf/);
    });
  });
});

describe('built-in converter on a DOCX written by Word-compatible software', () => {
  it('reads what LibreOffice writes as "MS Word 2007 XML"', async () => {
    // The fixture is the test document saved by LibreOffice 7.4 as "MS Word 2007 XML": it has the
    // clutter of real documents (rsids, run properties, named styles, section settings), unlike
    // makeDocx's minimal output.
    const wordDocx = fs.readFileSync(path.resolve(__dirname, '../fixtures/statement-libreoffice.docx'));
    expect(wordDocx.toString('latin1')).toContain('word/document.xml');
    const { pdf, converter } = await convertDocxToPdf(wordDocx, { converter: 'builtin' });
    expect(converter).toBe('builtin');
    expectKazakhText(await extractPdfText(pdf));
  });
});

describe('Gotenberg converter', () => {
  let server: http.Server;
  let baseUrl: string;
  const received: { url?: string; contentType?: string; body: Buffer }[] = [];
  let fail = false;

  beforeAll(async () => {
    // A stand-in for Gotenberg's LibreOffice route: checks the multipart upload, answers a PDF.
    const onePagePdf = async () => {
      const doc = await PDFDocument.create();
      doc.addPage();
      return Buffer.from(await doc.save());
    };
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        received.push({ url: req.url, contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
        if (fail || req.method !== 'POST' || req.url !== '/forms/libreoffice/convert') {
          res.statusCode = fail ? 503 : 404;
          return res.end('unavailable');
        }
        res.setHeader('content-type', 'application/pdf');
        res.end(await onePagePdf());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    fail = false;
  });

  it('posts the DOCX as multipart form data and returns the PDF', async () => {
    const { pdf, converter } = await convertDocxToPdf(docx, { converter: 'gotenberg', gotenbergUrl: `${baseUrl}/` });
    expect(converter).toBe('gotenberg');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(received).toHaveLength(1);
    expect(received[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
    const body = received[0].body;
    expect(body.toString('latin1')).toMatch(/name="files"; filename="document\.docx"/);
    expect(body.includes(docx)).toBe(true);
  });

  it('is the automatic choice without LibreOffice, and hands over to the built-in one when it fails', async () => {
    await withEnv({ ...NO_SOFFICE, GOTENBERG_URL: baseUrl }, async () => {
      expect(availableConverters()).toEqual(['gotenberg', 'builtin']);
      expect((await convertDocxToPdf(docx)).converter).toBe('gotenberg');

      fail = true;
      const fallback = await convertDocxToPdf(docx);
      expect(fallback.converter).toBe('builtin');
      expectKazakhText(await extractPdfText(fallback.pdf));
      await expect(convertDocxToPdf(docx, { converter: 'gotenberg' })).rejects.toThrow(/answered 503/);
    });
  });
});

describe('input checks and tools', () => {
  it('refuses input that is not a DOCX', async () => {
    await expect(convertDocxToPdf(Buffer.from('%PDF-1.7\n%%EOF'))).rejects.toThrow(ConversionError);
  });

  it('reads PDF text without any program outside npm (no pdftotext on PATH)', async () => {
    const { pdf } = await convertDocxToPdf(docx, { converter: 'builtin' });
    await withEnv({ PATH: '/nonexistent' }, async () => expectKazakhText(await extractPdfText(pdf)));
  });

  it('refuses bytes that are not a PDF', async () => {
    await expect(extractPdfText(Buffer.from('%PDF-1.7 and nothing more'))).rejects.toThrow(PdfTextError);
  });
});
