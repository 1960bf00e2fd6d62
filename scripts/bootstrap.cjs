#!/usr/bin/env node
// The entry point of `npm start`, `npm test` and `npm run lint` on a fresh clone where only Node exists.
// It uses Node built-ins alone: it installs the npm dependencies when the lock file changed,
// generates the Prisma client when the schema changed, then hands over to the TypeScript
// program that does the real work (app/start.ts, scripts/test.ts or scripts/lint.ts).
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function hashOf(...files) {
  const h = createHash('sha256');
  for (const f of files) {
    const p = path.join(root, f);
    h.update(fs.existsSync(p) ? fs.readFileSync(p) : '');
  }
  return h.digest('hex');
}

function step(label, cmd, args, env) {
  process.stderr.write(`[setup] ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`[setup] failed: ${label} (exit ${r.status})\n`);
    process.exit(r.status || 1);
  }
}

/** Runs a step only when the hash of its inputs differs from the one recorded after its last success. */
function once(marker, inputsHash, label, run) {
  const markerPath = path.join(root, marker);
  if (fs.existsSync(markerPath) && fs.readFileSync(markerPath, 'utf8') === inputsHash) return;
  run(label);
  fs.mkdirSync(path.dirname(markerPath), { recursive: true });
  fs.writeFileSync(markerPath, inputsHash);
}

/**
 * What `npm ci` installs from: the lock file and the dependency fields of package.json. A new
 * script in package.json must not wipe node_modules under a test run that is using it.
 */
function installInputsHash() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'engines'];
  return createHash('sha256')
    .update(JSON.stringify(fields.map((f) => manifest[f] ?? null)))
    .update(hashOf('package-lock.json'))
    .digest('hex');
}

function ensureDependencies() {
  // `npm ci` installs exactly what the lock file pins and never rewrites it; it refuses a lock
  // file out of step with package.json, which CI checks for every platform (.ci/run).
  once('node_modules/.installed-lock-hash', installInputsHash(), 'installing npm dependencies (first run only)', (label) =>
    step(label, npm, ['ci', '--no-audit', '--no-fund']),
  );
  const schemaFiles = fs
    .readdirSync(path.join(root, 'prisma/schema'))
    .filter((f) => f.endsWith('.prisma'))
    .sort()
    .map((f) => `prisma/schema/${f}`);
  once('prisma/generated/.schema-hash', hashOf(...schemaFiles, 'package-lock.json'), 'generating the Prisma client', (label) =>
    // `prisma generate` needs no schema engine, but the CLI insists the variable names an existing
    // file; pointing it at our WebAssembly engine bridge keeps it from trying to download one.
    step(label, process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'], {
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || path.join(root, 'scripts/prisma-schema-engine'),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    }),
  );
}

const entries = { start: 'app/start.ts', test: 'scripts/test.ts', lint: 'scripts/lint.ts' };
const command = process.argv[2];
if (!entries[command]) {
  process.stderr.write(`usage: bootstrap.cjs ${Object.keys(entries).join('|')} [args]\n`);
  process.exit(2);
}
ensureDependencies();
// The program runs in its own process group and gets exactly one signal, from us: a terminal's
// Ctrl-C would otherwise reach it twice (directly and forwarded), which tsx treats as "force quit"
// and the orderly shutdown (API, then worker drain, then servers) would be cut short.
// tsx is loaded as a Node hook (not its CLI, which adds a process that handles signals its own way).
// `start` serves (API and worker in one process): the serving processes' V8 flags (platform/v8-flags.ts).
const v8Flags = command === 'start' ? ['--max-semi-space-size=32'] : [];
const child = spawn(process.execPath, [...v8Flags, '--import', 'tsx', entries[command], ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
