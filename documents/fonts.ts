// The Unicode font the built-in PDF converter embeds.
//
// PDF's standard 14 fonts only cover Latin-1, so Kazakh letters (ә ғ қ ң ө ұ ү һ і) need an
// embedded TrueType font. DejaVu Sans covers Kazakh, Russian and Latin. It is looked for in:
//   1. DOCUMENTS_FONT_DIR, if set (a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf);
//   2. the npm package `dejavu-fonts-ttf`, when installed (same font on every machine);
//   3. the system font folders of Debian/Ubuntu (`fonts-dejavu-core`), Fedora and Alpine.
// If none has it, conversion fails with an error saying how to provide one, rather than
// producing a PDF with missing letters.
import fs from 'node:fs';
import path from 'node:path';

export interface UnicodeFonts {
  regular: Buffer;
  bold: Buffer;
  /** Where the fonts were found, for logs. */
  source: string;
}

export class FontUnavailableError extends Error {
  constructor(searched: string[]) {
    super(
      'No Unicode font for PDF output: DejaVuSans.ttf was not found in ' +
        searched.join(', ') +
        '. Install the Debian package fonts-dejavu-core, the npm package dejavu-fonts-ttf, ' +
        'or set DOCUMENTS_FONT_DIR to a folder containing DejaVuSans.ttf.',
    );
    this.name = 'FontUnavailableError';
  }
}

const REGULAR = 'DejaVuSans.ttf';
const BOLD = 'DejaVuSans-Bold.ttf';

/** Candidate folders, in order of preference. */
export function fontDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  if (env.DOCUMENTS_FONT_DIR) return [env.DOCUMENTS_FONT_DIR];
  try {
    dirs.push(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    // package not installed
  }
  dirs.push('/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu-sans-fonts');
  return dirs;
}

let cached: { key: string; fonts: UnicodeFonts } | undefined;

export function loadUnicodeFonts(env: NodeJS.ProcessEnv = process.env): UnicodeFonts {
  const dirs = fontDirectories(env);
  const key = dirs.join('|');
  if (cached?.key === key) return cached.fonts;
  for (const dir of dirs) {
    const regularPath = path.join(dir, REGULAR);
    if (!fs.existsSync(regularPath)) continue;
    const regular = fs.readFileSync(regularPath);
    const boldPath = path.join(dir, BOLD);
    // Without the bold face, bold text is set in the regular one: words matter more than weight.
    const bold = fs.existsSync(boldPath) ? fs.readFileSync(boldPath) : regular;
    cached = { key, fonts: { regular, bold, source: dir } };
    return cached.fonts;
  }
  throw new FontUnavailableError(dirs);
}
