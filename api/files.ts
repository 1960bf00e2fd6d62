// Attachments (000 §3.3): a citizen uploads each file with a detached EDS signature over its
// bytes, made with the signing key, before submitting the report that names it. A file is
// accepted only when it is of an allowed type, at most 10 MB, and signed by the person uploading
// it; nothing is stored otherwise. Files are read back by their owner, and by the officials of
// the body that has a report listing the file — to anyone else a file does not exist (404).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import yazl from 'yazl';
import type { PrismaClient, StoredFile } from '../prisma/generated/client';
import type { Role } from '../domain/roles';
import type { SignatureService } from '../eds/service';
import { REASON_TEXT } from '../eds/verdict';
import { RevocationUnavailableError } from '../eds/revocation';
import { ALLOWED_MEDIA_TYPES, ATTACHMENT_PROBLEM_MESSAGES, checkAttachment, MAX_FILE_BYTES, MEDIA_TYPES } from '../documents/media-type';
import { sha256Hex, type FileStore } from '../documents/store';
import { logger } from '../platform/logger';
import { HttpError, notFound } from './errors';
import { requireUser } from './auth';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { download, json, operation } from './openapi-kit';

export interface FilesRouterOptions {
  prisma: PrismaClient;
  signatures: SignatureService;
  files: FileStore;
}

/** Officials who read the materials of the reports of their body. */
const MATERIAL_READERS: readonly Role[] = ['registry_officer', 'investigator', 'head', 'prosecutor'];

const log = logger.child({ component: 'api.files' });

// Held in memory, never on disk: the limit stops the upload as soon as it passes 10 MB (one byte
// over is enough to know), so a request cannot make the server buffer more than that.
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_FILE_BYTES + 1, files: 1, fields: 4, fieldSize: 1024 * 1024, parts: 6 },
}).single('file');

const TOO_LARGE = () =>
  new HttpError(
    413,
    'FILE_TOO_LARGE',
    ATTACHMENT_PROBLEM_MESSAGES['too-large'].en,
    { file: ATTACHMENT_PROBLEM_MESSAGES['too-large'].en },
    ATTACHMENT_PROBLEM_MESSAGES['too-large'],
  );

/** Runs multer and turns its errors into structured ones. */
function receiveUpload(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return reject(TOO_LARGE());
        const field = err.field ?? 'file';
        return reject(new HttpError(400, 'VALIDATION_FAILED', `The upload was refused: ${err.message}`, { [field]: err.message }));
      }
      // Malformed multipart bodies (busboy errors) are the sender's fault.
      reject(new HttpError(400, 'BAD_REQUEST', `The upload could not be read: ${(err as Error).message}`));
    });
  });
}

export function filesRouter(opts: FilesRouterOptions): Router {
  const { prisma, signatures, files } = opts;
  const router = Router();

  router.post('/files', requireUser, async (req, res) => {
    await receiveUpload(req, res);
    const user = req.user!;
    const file = req.file;
    const signature = typeof req.body?.signature === 'string' ? req.body.signature.replace(/\s+/g, '') : '';
    const missing: Record<string, string> = {};
    if (!file) missing.file = 'A file is required (multipart field "file")';
    if (!signature) missing.signature = 'A detached CMS signature over the file, in base64, is required';
    else if (!/^[A-Za-z0-9+/=_-]+$/.test(signature)) missing.signature = 'base64 CMS expected';
    if (Object.keys(missing).length) throw new HttpError(400, 'VALIDATION_FAILED', 'The request has invalid fields', missing);

    const bytes = file!.buffer;
    const name = safeFileName(decodeUploadName(file!.originalname), 'file');
    const check = checkAttachment(bytes, name);
    if (!check.ok) {
      if (check.problem === 'too-large') throw TOO_LARGE();
      throw new HttpError(400, 'FILE_NOT_ACCEPTED', check.message.en, { file: check.message.en }, check.message);
    }

    const sha256 = sha256Hex(bytes);
    let verdict;
    try {
      verdict = await signatures.verify({ cms: signature, content: new Uint8Array(bytes), purpose: 'sign' }, { iin: user.iin });
    } catch (e) {
      if (e instanceof RevocationUnavailableError) {
        throw new HttpError(
          503,
          'REVOCATION_UNAVAILABLE',
          'The certificate status service does not answer; try again shortly',
          undefined,
          REASON_TEXT.REVOCATION_UNAVAILABLE,
        );
      }
      throw e;
    }
    if (!verdict.valid || verdict.contentSha256 !== sha256) {
      const reasons = verdict.reasons.map((r) => ({ code: r.code, message: r.message, localised: REASON_TEXT[r.code] }));
      if (reasons.length === 0)
        reasons.push({ code: 'CONTENT_MISMATCH', message: 'The signature is over other content', localised: REASON_TEXT.CONTENT_MISMATCH });
      // The authentication key is the commonest mistake; name it so the page can say which key to use.
      const code = reasons.some((r) => r.code === 'WRONG_KEY_PURPOSE') ? 'WRONG_KEY_PURPOSE' : 'SIGNATURE_INVALID';
      res.status(422).json({ error: { code, message: 'The signature over the file was not accepted', fields: { signature: reasons[0].message }, reasons } });
      return;
    }
    if (!verdict.signers.some((s) => s.identity?.iin === user.iin)) {
      throw new HttpError(
        422,
        'SIGNER_MISMATCH',
        'The file must be signed by the person uploading it',
        { signature: 'signed by another person' },
        {
          kk: 'Файлға оны жүктеп отырған адамның өзі қол қоюы керек.',
          ru: 'Файл должен быть подписан тем, кто его загружает.',
          en: 'The file must be signed by the person uploading it.',
        },
      );
    }

    // Only now does anything get written: the content first, so a row never points at nothing.
    await files.put(bytes);
    const stored = await prisma.storedFile.create({
      data: {
        id: randomUUID(),
        sha256,
        size: bytes.length,
        mediaType: check.mediaType,
        name,
        ownerIin: user.iin,
        signature: new Uint8Array(Buffer.from(signature, 'base64')),
        signerIin: user.iin,
      },
    });
    res.status(201).json({ id: stored.id, sha256: stored.sha256, mediaType: stored.mediaType, size: stored.size, name: stored.name });
  });

  /** The file, if this user may read it; otherwise 404, so that its existence is not revealed. */
  async function readableFile(req: Request): Promise<StoredFile> {
    const id = String(req.params.id);
    const user = req.user!;
    const file = /^[0-9a-f-]{36}$/i.test(id) ? await prisma.storedFile.findUnique({ where: { id } }) : null;
    if (file && file.ownerIin === user.iin) return file;
    const bodies = [...new Set(user.grants.filter((g) => MATERIAL_READERS.includes(g.role)).map((g) => g.bodyCode))];
    if (file && bodies.length > 0) {
      const listed = await prisma.reportMaterial.findFirst({ where: { fileId: file.id, report: { bodyCode: { in: bodies } } }, select: { id: true } });
      if (listed) return file;
    }
    throw notFound('File');
  }

  router.get('/files/:id', requireUser, async (req, res) => {
    const file = await readableFile(req);
    await sendStored(res, files, file.sha256, file.mediaType, file.name);
  });

  router.get('/files/:id/pdf', requireUser, async (req, res) => {
    const file = await readableFile(req);
    if (file.mediaType !== MEDIA_TYPES.docx.mediaType || !file.pdfSha256) throw notFound('PDF of the file');
    await sendStored(res, files, file.pdfSha256, MEDIA_TYPES.pdf.mediaType, `${file.name.replace(/\.docx$/i, '')}.pdf`);
  });

  return router;
}

export async function sendStored(res: Response, files: FileStore, sha256: string, mediaType: string, name: string): Promise<void> {
  const bytes = await files.get(sha256);
  // A row whose content is gone is a storage fault, not a missing file: say so in the log.
  if (!bytes) throw new Error(`content ${sha256} of "${name}" is missing from the file store`);
  res.setHeader('Content-Type', mediaType);
  res.setHeader('Content-Length', String(bytes.length));
  res.setHeader('Content-Disposition', contentDisposition(name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(bytes);
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 encoding): browsers use
 * the UTF-8 form, so Kazakh names arrive intact; the quoted ASCII form is for old clients.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Browsers and fetch send the file name as raw UTF-8 bytes, which the multipart parser reads as
 * latin1; turn it back into the name the person saw. A name that is not UTF-8 stays as it was.
 */
function decodeUploadName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? name : utf8;
}

const MAX_NAME_LENGTH = 150;

/**
 * A file name safe on every system and in a ZIP: no folders, no control or reserved characters,
 * not empty, not only dots, at most 150 characters (keeping the extension).
 */
export function safeFileName(name: string, fallback: string): string {
  let clean = name
    .normalize('NFC')
    .replace(/^.*[\\/]/, '') // a path: keep only its last part
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (!clean) clean = fallback;
  if (clean.length > MAX_NAME_LENGTH) {
    const ext = /\.[\p{L}\p{N}]{1,8}$/u.exec(clean)?.[0] ?? '';
    clean = clean.slice(0, MAX_NAME_LENGTH - ext.length).trimEnd() + ext;
  }
  return clean;
}

/** Makes each name unique (case-insensitively, as Windows and macOS compare): `a.pdf`, `a (2).pdf`. */
export function uniqueNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

// ---------------------------------------------------------------------------------------------
// "Download all" (СКАЧАТЬ ВСЕ)

/**
 * Streams a ZIP of the materials: entries are read from the store one at a time, as the archive
 * is written, so memory holds at most one file. Names are made safe and unique and stored as
 * UTF-8 (the ZIP "language encoding" flag), so Kazakh names survive. Every content is checked to
 * be present before the response starts; a fault after that aborts the download.
 */
export async function sendMaterialsZip(res: Response, entries: { name: string; sha256: string }[], files: FileStore, zipName: string): Promise<void> {
  for (const e of entries) {
    if (!(await files.has(e.sha256))) throw new Error(`content ${e.sha256} of "${e.name}" is missing from the file store`);
  }
  const names = uniqueNames(entries.map((e, i) => safeFileName(e.name, `file-${i + 1}`)));
  const zip = new yazl.ZipFile();
  entries.forEach((e, i) => {
    zip.addReadStreamLazy(names[i], (cb) => {
      files.get(e.sha256).then(
        (bytes) => (bytes ? cb(null, Readable.from([bytes])) : cb(new Error(`content ${e.sha256} disappeared from the file store`), undefined as never)),
        (err) => cb(err, undefined as never),
      );
    });
  });
  zip.end();

  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', contentDisposition(safeFileName(zipName, 'materials.zip')));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  await new Promise<void>((resolve) => {
    // Headers are gone by the time a late error happens: cut the connection so the client sees a
    // broken download instead of a truncated archive that looks complete.
    zip.on('error', (err: Error) => {
      log.error({ err }, 'materials archive failed');
      res.destroy(err);
      resolve();
    });
    res.on('close', resolve);
    zip.outputStream.pipe(res);
  });
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const fileUpload = z
  .object({
    file: z
      .string()
      .meta({ contentMediaType: 'application/octet-stream', description: `The file, at most ${MAX_FILE_BYTES} bytes; its name is kept (made safe).` }),
    signature: z.string().meta({ description: 'Detached CMS over the file’s bytes, base64, made with the uploader’s signing key.' }),
  })
  .meta({ id: 'FileUpload' });
const storedFile = z
  .object({
    id: z.uuid(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    mediaType: z.enum(ALLOWED_MEDIA_TYPES as [string, ...string[]]),
    size: z.number().int(),
    name: z.string(),
  })
  .meta({ id: 'StoredFile' });
const fileIdPath = z.object({ id: z.uuid().meta({ description: 'The file id returned by the upload.' }) });

export const filesPaths: ZodOpenApiPathsObject = {
  '/api/v1/files': {
    post: operation({
      operationId: 'uploadFile',
      tag: 'Files',
      summary: 'Upload an attachment with its detached EDS signature',
      description:
        `A file for a crime report (000 §3.3), at most ${MAX_FILE_BYTES / 1024 / 1024} MB, of an allowed type (detected from the bytes, not the name), ` +
        'with a detached CMS signature over its bytes made with the uploader’s own signing key (not the authentication key). ' +
        'Nothing is stored unless all of that holds. The response’s `id` and `sha256` go into `attachments` of the signed report.\n\n' +
        `Allowed media types: ${ALLOWED_MEDIA_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
      access: 'user',
      requestBody: {
        required: true,
        content: { 'multipart/form-data': { schema: fileUpload, encoding: { file: { contentType: 'application/octet-stream' } } } },
      },
      responses: { 201: json(storedFile, 'Stored.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST', 'FILE_NOT_ACCEPTED'],
        413: ['FILE_TOO_LARGE'],
        422: ['SIGNATURE_INVALID', 'WRONG_KEY_PURPOSE', 'SIGNER_MISMATCH'],
        503: ['REVOCATION_UNAVAILABLE'],
      },
    }),
  },
  '/api/v1/files/{id}': {
    get: operation({
      operationId: 'downloadFile',
      tag: 'Files',
      summary: 'Download a file',
      description:
        'The file as uploaded. Readable by its owner and by the officials (registry officer, investigator, head, prosecutor) of a body ' +
        'that has a report listing it; to anyone else it does not exist (404).',
      access: 'user',
      requestParams: { path: fileIdPath },
      responses: { 200: download('application/octet-stream', 'The bytes, with the detected media type as `Content-Type`.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/files/{id}/pdf': {
    get: operation({
      operationId: 'downloadFilePdf',
      tag: 'Files',
      summary: 'Download the PDF conversion of a DOCX file',
      description: 'The PDF made from an uploaded DOCX; 404 for other types or before the conversion is done. Same readers as the file.',
      access: 'user',
      requestParams: { path: fileIdPath },
      responses: { 200: download('application/pdf', 'The PDF.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
};
