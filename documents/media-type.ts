// What kind of file did the citizen (or investigator) upload?
//
// The answer comes from the bytes themselves ("magic numbers" and container structure), never
// from the file name or the browser's Content-Type, both of which the sender controls. A file
// called `арыз.pdf` that is really an executable must not be stored or served as a PDF.
// The file name is only a tie-breaker between readings the bytes allow equally well (an MP4
// container whose brand says nothing about audio vs. video, an MP3 stream of a single frame).
//
// The Public Sector accepts attachments of at most 10 MB each; DOCX files are converted to PDF
// on arrival (see convert.ts). ALLOWED_MEDIA_TYPES is the list of what may be attached.
import { looksLikeZip, readZipFile, zipEntryNames } from './zip';

export interface DetectedType {
  mediaType: string;
  /** Canonical extension without the dot, for naming stored and downloaded files. */
  extension: string;
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const MEDIA_TYPES = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  zip: { mediaType: 'application/zip', extension: 'zip' },
  doc: { mediaType: 'application/msword', extension: 'doc' },
  xls: { mediaType: 'application/vnd.ms-excel', extension: 'xls' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
  tiff: { mediaType: 'image/tiff', extension: 'tif' },
  gif: { mediaType: 'image/gif', extension: 'gif' },
  webp: { mediaType: 'image/webp', extension: 'webp' },
  mp3: { mediaType: 'audio/mpeg', extension: 'mp3' },
  aac: { mediaType: 'audio/aac', extension: 'aac' },
  m4a: { mediaType: 'audio/mp4', extension: 'm4a' },
  wav: { mediaType: 'audio/wav', extension: 'wav' },
  ogg: { mediaType: 'audio/ogg', extension: 'ogg' },
  oggVideo: { mediaType: 'video/ogg', extension: 'ogv' },
  flac: { mediaType: 'audio/flac', extension: 'flac' },
  amr: { mediaType: 'audio/amr', extension: 'amr' },
  mp4: { mediaType: 'video/mp4', extension: 'mp4' },
  mov: { mediaType: 'video/quicktime', extension: 'mov' },
  threeGp: { mediaType: 'video/3gpp', extension: '3gp' },
  avi: { mediaType: 'video/x-msvideo', extension: 'avi' },
  webm: { mediaType: 'video/webm', extension: 'webm' },
  mkv: { mediaType: 'video/x-matroska', extension: 'mkv' },
} as const satisfies Record<string, DetectedType>;

/**
 * Media types accepted as attachments: documents, scans and photos, audio and video recordings
 * (evidence is often a phone recording). Spreadsheets, presentations and archives are not
 * accepted: an archive cannot be checked or previewed by the person reading the case.
 */
export const ALLOWED_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPES.pdf,
  MEDIA_TYPES.docx,
  MEDIA_TYPES.doc,
  MEDIA_TYPES.jpeg,
  MEDIA_TYPES.png,
  MEDIA_TYPES.tiff,
  MEDIA_TYPES.gif,
  MEDIA_TYPES.mp3,
  MEDIA_TYPES.aac,
  MEDIA_TYPES.m4a,
  MEDIA_TYPES.wav,
  MEDIA_TYPES.ogg,
  MEDIA_TYPES.amr,
  MEDIA_TYPES.mp4,
  MEDIA_TYPES.mov,
  MEDIA_TYPES.threeGp,
  MEDIA_TYPES.avi,
  MEDIA_TYPES.webm,
  MEDIA_TYPES.mkv,
].map((t) => t.mediaType);

export function isAllowedMediaType(mediaType: string): boolean {
  return ALLOWED_MEDIA_TYPES.includes(mediaType);
}

/** Detects the type of a file from its content; null when the content is not recognised. */
export function detectMediaType(bytes: Buffer, fileName?: string): DetectedType | null {
  const nameExt = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const b = bytes;
  const ascii = (start: number, end: number) => b.toString('latin1', start, Math.min(end, b.length));
  const startsWith = (...sig: number[]) => b.length >= sig.length && sig.every((v, i) => b[i] === v);

  if (b.length < 4) return null;

  if (ascii(0, 5) === '%PDF-') return MEDIA_TYPES.pdf;

  if (looksLikeZip(b)) return detectZipBased(b);

  // OLE2 compound file (legacy Office). The directory stores stream names in UTF-16LE; the
  // stream that makes a Word document is "WordDocument", a workbook is "Workbook"/"Book".
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    if (b.includes(Buffer.from('WordDocument', 'utf16le'))) return MEDIA_TYPES.doc;
    if (b.includes(Buffer.from('Workbook', 'utf16le')) || b.includes(Buffer.from('Book', 'utf16le'))) return MEDIA_TYPES.xls;
    return null;
  }

  // Images
  if (startsWith(0xff, 0xd8, 0xff)) return MEDIA_TYPES.jpeg;
  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return MEDIA_TYPES.png;
  if (startsWith(0x49, 0x49, 0x2a, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2a)) return MEDIA_TYPES.tiff;
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return MEDIA_TYPES.gif;

  // RIFF containers: the form type at offset 8 tells WAV, AVI and WebP apart.
  if (ascii(0, 4) === 'RIFF' && b.length >= 12) {
    const form = ascii(8, 12);
    if (form === 'WAVE') return MEDIA_TYPES.wav;
    if (form === 'AVI ') return MEDIA_TYPES.avi;
    if (form === 'WEBP') return MEDIA_TYPES.webp;
    return null;
  }

  if (ascii(0, 4) === 'OggS') {
    // A Theora stream in the first page makes it a video; Vorbis/Opus/FLAC are audio.
    return b.subarray(0, 512).includes('theora') ? MEDIA_TYPES.oggVideo : MEDIA_TYPES.ogg;
  }
  if (ascii(0, 4) === 'fLaC') return MEDIA_TYPES.flac;
  if (ascii(0, 5) === '#!AMR') return MEDIA_TYPES.amr;

  // ISO base media (MP4, MOV, M4A, 3GP): a `ftyp` box first, whose major brand names the flavour.
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') return detectIsoMedia(b, nameExt);
  // Old QuickTime files start directly with a movie or data atom.
  if (b.length >= 8 && ['moov', 'mdat', 'wide'].includes(ascii(4, 8))) return MEDIA_TYPES.mov;

  // Matroska / WebM: EBML header; its DocType element says which.
  if (startsWith(0x1a, 0x45, 0xdf, 0xa3)) {
    const head = b.subarray(0, 64);
    if (head.includes('webm')) return MEDIA_TYPES.webm;
    if (head.includes('matroska')) return MEDIA_TYPES.mkv;
    return null;
  }

  // MP3 with an ID3v2 tag in front.
  if (ascii(0, 3) === 'ID3') return MEDIA_TYPES.mp3;
  // Raw MPEG audio or ADTS AAC, found by frame sync.
  const mpeg = detectMpegAudio(b, nameExt);
  if (mpeg) return mpeg;

  // PDF readers tolerate junk before the header within the first KiB (some scanners and mail
  // gateways prepend a few bytes), so we do too, after every stricter signature has had its say.
  if (b.subarray(0, 1024).includes('%PDF-')) return MEDIA_TYPES.pdf;
  return null;
}

function detectZipBased(b: Buffer): DetectedType {
  const names = zipEntryNames(b);
  // ODF packages store their type as the first entry, uncompressed, named "mimetype".
  if (names[0] === 'mimetype') {
    try {
      const mimetype = readZipFile(b, 'mimetype', 256)?.toString('ascii').trim();
      if (mimetype === MEDIA_TYPES.odt.mediaType) return MEDIA_TYPES.odt;
    } catch {
      // fall through: a damaged ODF package is just a ZIP
    }
  }
  if (names.includes('word/document.xml')) return MEDIA_TYPES.docx;
  if (names.includes('xl/workbook.xml')) return MEDIA_TYPES.xlsx;
  if (names.includes('ppt/presentation.xml')) return MEDIA_TYPES.pptx;
  return MEDIA_TYPES.zip;
}

function detectIsoMedia(b: Buffer, nameExt: string | undefined): DetectedType | null {
  const brand = b.toString('latin1', 8, 12);
  if (['M4A ', 'M4B ', 'M4P ', 'F4A '].includes(brand)) return MEDIA_TYPES.m4a;
  if (brand === 'qt  ') return MEDIA_TYPES.mov;
  if (brand.startsWith('3gp') || brand.startsWith('3g2')) return MEDIA_TYPES.threeGp;
  // Still images in an ISO container (HEIF/AVIF) are not video.
  if (['heic', 'heix', 'mif1', 'msf1', 'avif'].includes(brand)) return null;
  // Generic brands (isom, mp41, mp42, …) carry audio-only files too; the name may say so.
  if (nameExt === 'm4a') return MEDIA_TYPES.m4a;
  if (nameExt === 'mov') return MEDIA_TYPES.mov;
  return MEDIA_TYPES.mp4;
}

// Bitrates (kbit/s) by [MPEG-1?][layer index 1..3][bitrate index], for frame-length checks.
const BITRATES: Record<string, number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] } as Record<number, number[]>;

/** Length in bytes of the MPEG audio frame whose header starts at `p`, or null if invalid. */
function mpegFrameLength(b: Buffer, p: number): number | null {
  if (p + 4 > b.length || b[p] !== 0xff || (b[p + 1] & 0xe0) !== 0xe0) return null;
  const version = (b[p + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 = reserved
  const layerBits = (b[p + 1] >> 1) & 3; // 3 = layer I, 2 = II, 1 = III, 0 = reserved
  const bitrateIndex = b[p + 2] >> 4;
  const rateIndex = (b[p + 2] >> 2) & 3;
  const padding = (b[p + 2] >> 1) & 1;
  if (version === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const layer = 4 - layerBits;
  const bitrate = BITRATES[`${version === 3 ? 1 : 2}-${layer}`][bitrateIndex] * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
  const samplesFactor = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((samplesFactor * bitrate) / sampleRate) + padding;
}

function detectMpegAudio(b: Buffer, nameExt: string | undefined): DetectedType | null {
  if (b[0] !== 0xff) return null;
  // ADTS (AAC): 12 sync bits, layer always 00; the frame length is in the header.
  if ((b[1] & 0xf6) === 0xf0 && b.length >= 7) {
    const profileRate = (b[2] >> 2) & 0xf;
    const frameLength = ((b[3] & 0x3) << 11) | (b[4] << 3) | (b[5] >> 5);
    if (profileRate < 13 && frameLength >= 7) {
      const next = frameLength;
      if (next + 2 <= b.length) return b[next] === 0xff && (b[next + 1] & 0xf6) === 0xf0 ? MEDIA_TYPES.aac : null;
      return nameExt === 'aac' ? MEDIA_TYPES.aac : null;
    }
    return null;
  }
  const length = mpegFrameLength(b, 0);
  if (length === null) return null;
  // Eleven sync bits alone are common in random data; require the next frame to follow,
  // unless the file is a single frame and its name agrees.
  if (length + 4 <= b.length) return mpegFrameLength(b, length) !== null ? MEDIA_TYPES.mp3 : null;
  return nameExt === 'mp3' ? MEDIA_TYPES.mp3 : null;
}

// ---------------------------------------------------------------------------------------------
// Checking an upload

export type AttachmentProblem = 'empty' | 'too-large' | 'unknown-type' | 'type-not-allowed';

export interface LocalizedText {
  kk: string;
  ru: string;
  en: string;
}

export const ATTACHMENT_PROBLEM_MESSAGES: Record<AttachmentProblem, LocalizedText> = {
  empty: { kk: 'Файл бос.', ru: 'Файл пуст.', en: 'The file is empty.' },
  'too-large': {
    kk: 'Жүктелген файлдың көлемі 10 МБ-тан аспауы керек.',
    ru: 'Размер загружаемого файла не должен превышать 10 МБ.',
    en: 'An uploaded file must not be larger than 10 MB.',
  },
  'unknown-type': {
    kk: 'Файл түрі танылмады.',
    ru: 'Тип файла не распознан.',
    en: 'The file type was not recognised.',
  },
  'type-not-allowed': {
    kk: 'Бұл файл түрін тіркеуге болмайды.',
    ru: 'Файлы этого типа прикреплять нельзя.',
    en: 'Files of this type cannot be attached.',
  },
};

export type AttachmentCheck = ({ ok: true } & DetectedType) | { ok: false; problem: AttachmentProblem; message: LocalizedText; detected?: DetectedType };

/** Size limit, content detection and the allow-list, in one place for every upload path. */
export function checkAttachment(bytes: Buffer, fileName?: string): AttachmentCheck {
  const fail = (problem: AttachmentProblem, detected?: DetectedType): AttachmentCheck => ({
    ok: false,
    problem,
    message: ATTACHMENT_PROBLEM_MESSAGES[problem],
    ...(detected ? { detected } : {}),
  });
  if (bytes.length === 0) return fail('empty');
  if (bytes.length > MAX_FILE_BYTES) return fail('too-large');
  const detected = detectMediaType(bytes, fileName);
  if (!detected) return fail('unknown-type');
  if (!isAllowedMediaType(detected.mediaType)) return fail('type-not-allowed', detected);
  return { ok: true, ...detected };
}
