// `npm run lint` (and CI, before the tests): the code checks, run side by side, each one's problems
// printed in full, then one line per check. Exits 1 when any check fails.
//   layers     no upward import (.dependency-cruiser.cjs through scripts/check-layers.mjs; README "Layers")
//   eslint     eslint.config.mjs
//   prettier   the formatting of .prettierrc.json (`npm run format` rewrites the files)
//   file-size  no source file over 450 lines (scripts/check-file-size.ts)
// `npm run lint -- eslint prettier` runs only the checks named.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const node = process.execPath;
const bin = (file: string) => path.join(root, 'node_modules', file);

const CHECKS: Record<string, string[]> = {
  layers: [node, 'scripts/check-layers.mjs'],
  // The caches (under node_modules) make a second run on an unchanged tree quick.
  eslint: [node, bin('eslint/bin/eslint.js'), '.', '--cache', '--cache-location', bin('.cache/eslint/')],
  prettier: [node, bin('prettier/bin/prettier.cjs'), '--check', '.', '--cache', '--log-level', 'warn'],
  'file-size': [node, '--import', 'tsx', 'scripts/check-file-size.ts'],
};

interface Outcome {
  name: string;
  ok: boolean;
  output: string;
  seconds: number;
}

function run(name: string, [cmd, ...args]: string[]): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Plain text (the output is read in CI logs); FORCE_COLOR, even "0", turns colours on in some tools.
    const { FORCE_COLOR: _force, ...env } = process.env;
    const child = spawn(cmd, args, { cwd: root, env: { ...env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ name, ok: false, output: String(e), seconds: (Date.now() - started) / 1000 }));
    child.on('close', (code) => resolve({ name, ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  });
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((n) => !CHECKS[n]);
  if (unknown.length) {
    console.error(`[lint] unknown check(s): ${unknown.join(', ')}; the checks: ${Object.keys(CHECKS).join(', ')}`);
    return 2;
  }
  const names = asked.length ? asked : Object.keys(CHECKS);
  const outcomes = await Promise.all(names.map((n) => run(n, CHECKS[n])));
  for (const o of outcomes) {
    if (o.ok) continue;
    console.log(`\n[lint] ── ${o.name} ──`);
    console.log(o.output.trimEnd());
  }
  console.log('');
  for (const o of outcomes) console.log(`[lint] ${o.name}: ${o.ok ? 'ok' : 'FAILED'} (${o.seconds.toFixed(1)} s)`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

main().then((code) => process.exit(code));
