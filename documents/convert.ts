// DOCX → PDF conversion of uploaded attachments ("DOCX files are converted to PDF
// automatically"). The PDF is what gets signed, stored with the case and shown to readers.
//
// Three converters, chosen in this order by `converter: 'auto'` (the default):
//   1. LibreOffice headless (`soffice`), when installed: the most faithful rendering.
//      SOFFICE_PATH names the program; SOFFICE_PATH=/nonexistent switches it off.
//   2. Gotenberg (a LibreOffice-in-a-container HTTP service), when GOTENBERG_URL or the
//      `gotenbergUrl` option is set.
//   3. The built-in converter (builtin-pdf.ts): text, bold, headings and tables only, but it
//      needs nothing outside this repository except a Unicode font.
// With 'auto', a converter that fails hands over to the next one, so a crashed office suite
// degrades the rendering instead of losing the citizen's upload. Naming a converter explicitly
// uses that one only.
//
// LibreOffice keeps its settings in a "user installation" folder and refuses to run twice on the
// same one, so every conversion runs with a profile of its own: profiles are pooled per process
// (a warm profile starts faster) and a conversion never shares one with another in flight.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { logger } from '../platform/logger';
import { builtinDocxToPdf } from './builtin-pdf';
import { findExecutable } from './executables';
import { detectMediaType, MEDIA_TYPES } from './media-type';

export type ConverterName = 'libreoffice' | 'gotenberg' | 'builtin';

export interface ConvertOptions {
  converter?: 'auto' | ConverterName;
  /** Base URL of a Gotenberg service; defaults to GOTENBERG_URL. */
  gotenbergUrl?: string;
  /** Per-converter time limit; LibreOffice is killed when it runs over. Default 60 s. */
  timeoutMs?: number;
}

export interface ConvertResult {
  pdf: Buffer;
  converter: ConverterName;
}

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly converter?: ConverterName,
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

const log = logger.child({ component: 'documents.convert' });
const DEFAULT_TIMEOUT_MS = 60_000;

export function sofficePath(): string | null {
  return findExecutable(['soffice', 'libreoffice'], 'SOFFICE_PATH');
}

/** Converters usable right now, in the order 'auto' tries them. */
export function availableConverters(opts: Pick<ConvertOptions, 'gotenbergUrl'> = {}): ConverterName[] {
  const list: ConverterName[] = [];
  if (sofficePath()) list.push('libreoffice');
  if (opts.gotenbergUrl ?? process.env.GOTENBERG_URL) list.push('gotenberg');
  list.push('builtin');
  return list;
}

export async function convertDocxToPdf(docx: Buffer, opts: ConvertOptions = {}): Promise<ConvertResult> {
  if (detectMediaType(docx)?.mediaType !== MEDIA_TYPES.docx.mediaType) {
    throw new ConversionError('the file is not a DOCX document');
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const gotenbergUrl = opts.gotenbergUrl ?? process.env.GOTENBERG_URL;
  const choice = opts.converter ?? 'auto';
  const order = choice === 'auto' ? availableConverters({ gotenbergUrl }) : [choice];

  let lastError: unknown;
  for (const converter of order) {
    const started = Date.now();
    try {
      const pdf = await runConverter(converter, docx, { timeoutMs, gotenbergUrl });
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new ConversionError('the converter did not return a PDF', converter);
      }
      log.debug({ converter, ms: Date.now() - started, bytes: pdf.length }, 'DOCX converted to PDF');
      return { pdf, converter };
    } catch (e) {
      lastError = e;
      if (choice !== 'auto') break;
      log.warn({ converter, err: (e as Error).message }, 'DOCX conversion failed; trying the next converter');
    }
  }
  throw lastError instanceof Error ? lastError : new ConversionError(String(lastError));
}

function runConverter(converter: ConverterName, docx: Buffer, opts: { timeoutMs: number; gotenbergUrl?: string }): Promise<Buffer> {
  switch (converter) {
    case 'libreoffice':
      return convertWithLibreOffice(docx, opts.timeoutMs);
    case 'gotenberg':
      if (!opts.gotenbergUrl) throw new ConversionError('no Gotenberg URL configured (GOTENBERG_URL)', 'gotenberg');
      return convertWithGotenberg(docx, opts.gotenbergUrl, opts.timeoutMs);
    case 'builtin':
      return builtinDocxToPdf(docx);
    default:
      throw new ConversionError(`unknown converter ${String(converter)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

const PROFILE_DIR_PREFIX = 'erdr-soffice-';
// A LibreOffice profile in use admits one soffice at a time: a second one started on it hands its
// work to the first and exits. A folder unique to this loaded module (pid + random) keeps two
// copies of it in one process (test files run one after another in one jest worker) apart.
const profileRoot = path.join(os.tmpdir(), `${PROFILE_DIR_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
const idleProfiles: string[] = [];
let profileCounter = 0;

/** The folder holding this process's LibreOffice profiles. */
export const libreOfficeProfileRoot = (): string => profileRoot;
let firstUse = true;

function acquireProfile(): string {
  if (firstUse) {
    firstUse = false;
    removeProfilesOfDeadProcesses();
    process.once('exit', () => fs.rmSync(profileRoot, { recursive: true, force: true }));
  }
  return idleProfiles.pop() ?? path.join(profileRoot, `profile-${++profileCounter}`);
}

/** A process killed without running its exit handler leaves its profiles behind; sweep them. */
function removeProfilesOfDeadProcesses(): void {
  let names: string[];
  try {
    names = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.startsWith(PROFILE_DIR_PREFIX) ? name.slice(PROFILE_DIR_PREFIX.length).split('-')[0] : NaN);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0); // still running: leave its profiles alone
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * Deletes the pooled LibreOffice profiles of this process (on shutdown, or after tests).
 * Conversions still running keep theirs and delete them when they finish.
 */
export async function disposeLibreOfficeProfiles(): Promise<void> {
  const idle = idleProfiles.splice(0);
  await Promise.all(idle.map((p) => fsp.rm(p, { recursive: true, force: true })));
  // Removes the folder only once it is empty, i.e. no conversion is using a profile in it.
  await fsp.rmdir(profileRoot).catch(() => undefined);
}

export async function convertWithLibreOffice(docx: Buffer, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
  const soffice = sofficePath();
  if (!soffice) throw new ConversionError('LibreOffice (soffice) is not installed', 'libreoffice');

  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'erdr-docx-'));
  const profile = acquireProfile();
  let profileHealthy = false;
  try {
    const input = path.join(workDir, 'input.docx');
    await fsp.writeFile(input, docx);
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      '--nofirststartwizard',
      '--convert-to',
      'pdf:writer_pdf_Export',
      '--outdir',
      workDir,
      input,
    ];
    const { code, output } = await run(soffice, args, workDir, timeoutMs);
    const pdfPath = path.join(workDir, 'input.pdf');
    // soffice exits 0 even when it could not load the document, so the output file decides.
    if (code !== 0 || !fs.existsSync(pdfPath)) {
      throw new ConversionError(`LibreOffice failed (exit ${code}): ${output.trim().slice(-500)}`, 'libreoffice');
    }
    profileHealthy = true;
    return await fsp.readFile(pdfPath);
  } finally {
    // A profile left by a killed or failed run may be locked or half-written: throw it away.
    if (profileHealthy) idleProfiles.push(profile);
    else await fsp.rm(profile, { recursive: true, force: true });
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so a timeout kills soffice.bin and the launcher alike.
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new ConversionError(`LibreOffice did not finish within ${timeoutMs} ms and was stopped`, 'libreoffice'));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ConversionError(`LibreOffice could not be started: ${e.message}`, 'libreoffice'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Gotenberg

export async function convertWithGotenberg(docx: Buffer, baseUrl: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
  const url = `${baseUrl.replace(/\/+$/, '')}/forms/libreoffice/convert`;
  const form = new FormData();
  form.append('files', new Blob([docx], { type: MEDIA_TYPES.docx.mediaType }), 'document.docx');
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new ConversionError(`Gotenberg at ${baseUrl} could not be reached: ${(e as Error).message}`, 'gotenberg');
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    throw new ConversionError(`Gotenberg answered ${response.status}: ${body.toString('utf8').slice(0, 300)}`, 'gotenberg');
  }
  return body;
}
