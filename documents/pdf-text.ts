// Text of a PDF, via poppler's `pdftotext`.
//
// Used to check that converted documents kept their words (Kazakh letters included) and, later,
// for full-text search over attachments. Poppler is a system package (Debian `poppler-utils`);
// when it is missing the call fails with an error that says what to install.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from './executables';

export class PdfTextUnavailableError extends Error {
  constructor() {
    super('pdftotext was not found: install poppler-utils (Debian/Ubuntu) or set PDFTOTEXT_PATH');
    this.name = 'PdfTextUnavailableError';
  }
}

export function pdfTextAvailable(): boolean {
  return findExecutable(['pdftotext'], 'PDFTOTEXT_PATH') !== null;
}

/** Extracts the text of all pages, in reading order, as UTF-8. */
export async function extractPdfText(pdf: Buffer, opts: { timeoutMs?: number } = {}): Promise<string> {
  const pdftotext = findExecutable(['pdftotext'], 'PDFTOTEXT_PATH');
  if (!pdftotext) throw new PdfTextUnavailableError();
  // pdftotext needs a seekable file, so the PDF goes through a private temporary directory.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'erdr-pdftext-'));
  try {
    const input = path.join(dir, 'input.pdf');
    await fs.writeFile(input, pdf);
    return await new Promise<string>((resolve, reject) => {
      execFile(
        pdftotext,
        ['-q', '-enc', 'UTF-8', input, '-'],
        { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`pdftotext failed: ${stderr.trim() || error.message}`));
          else resolve(stdout);
        },
      );
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
