// No source file over 450 lines (issue #21: a newcomer reads a file whole; split a long one by its
// named steps). Part of `npm run lint`. Prints the offenders, longest first, and exits 1 when any.
// Generated code and data are not source: the Prisma client, migrations, recorded histories,
// lock files, JSON, Markdown.
//   tsx scripts/check-file-size.ts                the repository
//   tsx scripts/check-file-size.ts --root <dir>   another folder (the check's own test)
import fs from 'node:fs';
import path from 'node:path';

export const MAX_LINES = 450;

/** Folders never walked (relative to the root): dependencies, tools, run-time data, generated code. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.tools',
  'data',
  'artifacts',
  'coverage',
  'prisma/generated',
  'prisma/migrations',
  'tests/histories',
]);
const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.css', '.html', '.prisma', '.go', '.sh']);

export interface Offender {
  file: string;
  lines: number;
}

/** Lines as `wc -l` counts them, plus an unterminated last line. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/** A source file: a known extension, or an extension-less script (`#!`). */
function isSource(file: string): boolean {
  const ext = path.extname(file);
  if (SOURCE_EXTENSIONS.has(ext)) return true;
  if (ext !== '') return false;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } finally {
    fs.closeSync(fd);
  }
}

export function oversizedFiles(root: string, maxLines = MAX_LINES): Offender[] {
  const offenders: Offender[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(rel) && entry.name !== 'node_modules') walk(full);
      } else if (entry.isFile() && isSource(full)) {
        const lines = countLines(fs.readFileSync(full, 'utf8'));
        if (lines > maxLines) offenders.push({ file: rel, lines });
      }
    }
  };
  walk(root);
  return offenders.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

if (require.main === module) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? path.resolve(process.argv[at + 1]) : path.resolve(__dirname, '..');
  const offenders = oversizedFiles(root);
  if (offenders.length === 0) {
    console.log(`[file-size] no source file over ${MAX_LINES} lines`);
  } else {
    console.log(`[file-size] ${offenders.length} source file(s) over ${MAX_LINES} lines; split each by its named steps or modules:`);
    for (const o of offenders) console.log(`  ${String(o.lines).padStart(6)}  ${o.file}`);
    process.exitCode = 1;
  }
}
