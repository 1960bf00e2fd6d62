// Content-based type detection, on small but structurally real samples built in the test.
import zlib from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { ALLOWED_MEDIA_TYPES, checkAttachment, detectMediaType, MAX_FILE_BYTES, MEDIA_TYPES } from '../../documents/media-type';
import { makeDocx } from '../../documents/make-docx';
import { crc32, writeZip } from '../../documents/zip';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u16le = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

function png1x1(): Buffer {
  const chunk = (type: string, data: Buffer) => Buffer.concat([u32be(data.length), ascii(type), data, u32be(crc32(Buffer.concat([ascii(type), data])))]);
  const ihdr = Buffer.concat([u32be(1), u32be(1), Buffer.from([8, 2, 0, 0, 0])]);
  const idat = zlib.deflateSync(Buffer.from([0, 255, 0, 0])); // filter byte + one red pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function wav(): Buffer {
  const samples = Buffer.alloc(16);
  const fmt = Buffer.concat([u16le(1), u16le(1), u32le(8000), u32le(16000), u16le(2), u16le(16)]);
  const body = Buffer.concat([ascii('WAVE'), ascii('fmt '), u32le(fmt.length), fmt, ascii('data'), u32le(samples.length), samples]);
  return Buffer.concat([ascii('RIFF'), u32le(body.length), body]);
}

function riff(form: string): Buffer {
  const body = Buffer.concat([ascii(form), ascii('LIST'), u32le(4), ascii('hdrl')]);
  return Buffer.concat([ascii('RIFF'), u32le(body.length), body]);
}

function ftyp(major: string, compatible: string[] = ['isom']): Buffer {
  const payload = Buffer.concat([ascii(major), u32be(0), ...compatible.map(ascii)]);
  const box = Buffer.concat([u32be(8 + payload.length), ascii('ftyp'), payload]);
  const mdat = Buffer.concat([u32be(16), ascii('mdat'), Buffer.alloc(8)]);
  return Buffer.concat([box, mdat]);
}

function ebml(docType: string): Buffer {
  const dt = ascii(docType);
  const header = Buffer.concat([Buffer.from([0x42, 0x86, 0x81, 0x01]), Buffer.from([0x42, 0x82, 0x80 | dt.length]), dt]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | header.length]), header, Buffer.alloc(16)]);
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames. */
function mp3Frames(count: number): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

/** ADTS AAC-LC frames of 32 bytes each. */
function adtsFrames(count: number): Buffer {
  const length = 32;
  const frame = Buffer.alloc(length);
  frame.set([0xff, 0xf1, 0x50, 0x80 | ((length >> 11) & 3), (length >> 3) & 0xff, ((length & 7) << 5) | 0x1f, 0xfc]);
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

function ole2(stream: string): Buffer {
  const b = Buffer.alloc(1536);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  Buffer.from(stream, 'utf16le').copy(b, 1024); // a directory entry name
  return b;
}

describe('detectMediaType', () => {
  it('recognises a PDF made by pdf-lib', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(detectMediaType(Buffer.from(await doc.save()))).toEqual(MEDIA_TYPES.pdf);
  });

  it('recognises a PDF with junk before the header', () => {
    expect(detectMediaType(Buffer.concat([ascii('\r\n\r\n'), ascii('%PDF-1.7\n%%EOF')]))).toEqual(MEDIA_TYPES.pdf);
  });

  it('tells DOCX, XLSX, PPTX, ODT and plain ZIP apart', () => {
    expect(detectMediaType(makeDocx(['Сәлем']))).toEqual(MEDIA_TYPES.docx);
    expect(
      detectMediaType(
        writeZip([
          { name: '[Content_Types].xml', data: '<Types/>' },
          { name: 'xl/workbook.xml', data: '<workbook/>' },
        ]),
      ),
    ).toEqual(MEDIA_TYPES.xlsx);
    expect(detectMediaType(writeZip([{ name: 'ppt/presentation.xml', data: '<p/>' }]))).toEqual(MEDIA_TYPES.pptx);
    expect(
      detectMediaType(
        writeZip([
          { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
          { name: 'content.xml', data: '<office:document-content/>' },
        ]),
      ),
    ).toEqual(MEDIA_TYPES.odt);
    expect(detectMediaType(writeZip([{ name: 'notes.txt', data: 'hello' }]))).toEqual(MEDIA_TYPES.zip);
    // A DOCX entry name in the wrong place (not word/document.xml) is just a ZIP.
    expect(detectMediaType(writeZip([{ name: 'document.xml', data: '<w:document/>' }]))).toEqual(MEDIA_TYPES.zip);
  });

  it('still recognises a DOCX whose end (central directory) was cut off', () => {
    const docx = makeDocx(['Арыз']);
    expect(detectMediaType(docx.subarray(0, docx.length - 40))).toEqual(MEDIA_TYPES.docx);
  });

  it('recognises legacy Word and Excel files by their OLE2 stream names', () => {
    expect(detectMediaType(ole2('WordDocument'))).toEqual(MEDIA_TYPES.doc);
    expect(detectMediaType(ole2('Workbook'))).toEqual(MEDIA_TYPES.xls);
    expect(detectMediaType(ole2('Something'))).toBeNull();
  });

  it('recognises images', () => {
    expect(detectMediaType(png1x1())).toEqual(MEDIA_TYPES.png);
    expect(detectMediaType(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), ascii('JFIF\0'), Buffer.alloc(8)]))).toEqual(MEDIA_TYPES.jpeg);
    expect(detectMediaType(Buffer.concat([ascii('II'), Buffer.from([0x2a, 0x00]), u32le(8), Buffer.alloc(8)]))).toEqual(MEDIA_TYPES.tiff);
    expect(detectMediaType(Buffer.concat([ascii('MM'), Buffer.from([0x00, 0x2a]), u32be(8), Buffer.alloc(8)]))).toEqual(MEDIA_TYPES.tiff);
    expect(detectMediaType(Buffer.concat([ascii('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0])]))).toEqual(MEDIA_TYPES.gif);
    expect(detectMediaType(Buffer.concat([ascii('GIF87a'), Buffer.from([1, 0, 1, 0, 0, 0, 0])]))).toEqual(MEDIA_TYPES.gif);
  });

  it('recognises audio', () => {
    expect(detectMediaType(Buffer.concat([ascii('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), mp3Frames(1)]))).toEqual(MEDIA_TYPES.mp3);
    expect(detectMediaType(mp3Frames(3))).toEqual(MEDIA_TYPES.mp3);
    expect(detectMediaType(adtsFrames(3))).toEqual(MEDIA_TYPES.aac);
    expect(detectMediaType(wav())).toEqual(MEDIA_TYPES.wav);
    expect(detectMediaType(Buffer.concat([ascii('OggS'), Buffer.alloc(24), Buffer.from([1]), ascii('vorbis'), Buffer.alloc(16)]))).toEqual(MEDIA_TYPES.ogg);
    expect(detectMediaType(Buffer.concat([ascii('OggS'), Buffer.alloc(24), Buffer.from([0x80]), ascii('theora'), Buffer.alloc(16)]))).toEqual(
      MEDIA_TYPES.oggVideo,
    );
    expect(detectMediaType(ftyp('M4A ', ['M4A ', 'mp42', 'isom']))).toEqual(MEDIA_TYPES.m4a);
    expect(detectMediaType(Buffer.concat([ascii('#!AMR\n'), Buffer.alloc(13)]))).toEqual(MEDIA_TYPES.amr);
  });

  it('recognises video', () => {
    expect(detectMediaType(ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']))).toEqual(MEDIA_TYPES.mp4);
    expect(detectMediaType(ftyp('mp42'))).toEqual(MEDIA_TYPES.mp4);
    expect(detectMediaType(ftyp('qt  ', ['qt  ']))).toEqual(MEDIA_TYPES.mov);
    expect(detectMediaType(ftyp('3gp4', ['3gp4']))).toEqual(MEDIA_TYPES.threeGp);
    expect(detectMediaType(riff('AVI '))).toEqual(MEDIA_TYPES.avi);
    expect(detectMediaType(ebml('webm'))).toEqual(MEDIA_TYPES.webm);
    expect(detectMediaType(ebml('matroska'))).toEqual(MEDIA_TYPES.mkv);
  });

  it('uses the file name only to choose between readings the bytes allow', () => {
    // A generic MP4 brand is a video unless the name says it is an audio file.
    expect(detectMediaType(ftyp('isom'), 'recording.m4a')).toEqual(MEDIA_TYPES.m4a);
    expect(detectMediaType(ftyp('isom'), 'recording.mp4')).toEqual(MEDIA_TYPES.mp4);
    // A name never makes unknown or different content into what it claims.
    expect(detectMediaType(png1x1(), 'арыз.pdf')).toEqual(MEDIA_TYPES.png);
    expect(detectMediaType(ascii('MZ\x90\x00\x03\x00\x00\x00 this program cannot be run'), 'арыз.pdf')).toBeNull();
    expect(detectMediaType(ftyp('heic', ['mif1', 'heic']), 'photo.mp4')).toBeNull();
  });

  it('does not mistake random frame-sync bytes for MP3', () => {
    const lone = Buffer.alloc(2000, 0x55);
    lone.set([0xff, 0xfb, 0x90, 0x00]);
    expect(detectMediaType(lone)).toBeNull();
    expect(detectMediaType(mp3Frames(1).subarray(0, 200))).toBeNull();
    expect(detectMediaType(mp3Frames(1).subarray(0, 200), 'voice.mp3')).toEqual(MEDIA_TYPES.mp3);
  });

  it('returns null for unknown content', () => {
    expect(detectMediaType(Buffer.alloc(0))).toBeNull();
    expect(detectMediaType(ascii('PK'))).toBeNull();
    expect(detectMediaType(Buffer.from('Қылмыстық құқық бұзушылық туралы арыз', 'utf8'))).toBeNull();
    expect(detectMediaType(ascii('RIFF\x10\x00\x00\x00XYZ '))).toBeNull();
    expect(detectMediaType(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80, 0, 0, 0]))).toBeNull();
  });
});

describe('checkAttachment and the allow-list', () => {
  it('lists documents, images, audio and video but not archives or spreadsheets', () => {
    for (const t of [MEDIA_TYPES.pdf, MEDIA_TYPES.docx, MEDIA_TYPES.jpeg, MEDIA_TYPES.mp3, MEDIA_TYPES.mp4]) {
      expect(ALLOWED_MEDIA_TYPES).toContain(t.mediaType);
    }
    for (const t of [MEDIA_TYPES.zip, MEDIA_TYPES.xlsx, MEDIA_TYPES.pptx]) expect(ALLOWED_MEDIA_TYPES).not.toContain(t.mediaType);
    expect(MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('accepts an allowed file and reports problems in three languages', () => {
    expect(checkAttachment(makeDocx(['Арыз']), 'арыз.docx')).toEqual({ ok: true, ...MEDIA_TYPES.docx });

    const tooBig = Buffer.concat([ascii('%PDF-1.7\n'), Buffer.alloc(MAX_FILE_BYTES)]);
    const big = checkAttachment(tooBig);
    expect(big).toMatchObject({ ok: false, problem: 'too-large' });
    if (!big.ok) expect(big.message.kk).toContain('10 МБ');
    // Exactly at the limit is still accepted.
    expect(checkAttachment(tooBig.subarray(0, MAX_FILE_BYTES)).ok).toBe(true);

    expect(checkAttachment(Buffer.alloc(0))).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkAttachment(ascii('just text'))).toMatchObject({ ok: false, problem: 'unknown-type' });
    const zip = checkAttachment(writeZip([{ name: 'a.txt', data: 'a' }]));
    expect(zip).toMatchObject({ ok: false, problem: 'type-not-allowed', detected: MEDIA_TYPES.zip });
    if (!zip.ok) expect(Object.keys(zip.message).sort()).toEqual(['en', 'kk', 'ru']);
  });
});
