// Locating the external programs the documents layer can use (LibreOffice).
//
// Each can be pointed at explicitly with an environment variable (SOFFICE_PATH);
// a variable that names a missing file means "not available" rather than "search PATH", so a
// deployment (or a test) can switch a program off with e.g. SOFFICE_PATH=/nonexistent.
import fs from 'node:fs';
import path from 'node:path';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of the first of `names` found, honouring the override variable; else null. */
export function findExecutable(names: string[], envVar: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env[envVar];
  if (override) return isExecutable(override) ? override : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}
