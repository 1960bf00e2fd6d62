#!/usr/bin/env node
// Checks the Dockerfile's steps without a Docker engine: its COPY, WORKDIR, ENV and npm/node RUN
// steps are carried out in a scratch folder (the build context filtered by .dockerignore), then
// each command the image is started with (the Dockerfile's CMD, the compose file's `npm run …`)
// is run to the point where it asks for its configuration — which proves the production
// dependencies alone load it. OS package steps (apt-get) and steps on system folders are listed,
// not run. Uses Node built-ins only, so it runs before `npm ci` on a fresh clone.
//
//   node scripts/check-dockerfile.cjs [--keep]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text) {
  const out = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    current += line;
    const [, op, args] = current.match(/^(\w+)\s+([\s\S]*)$/) ?? [];
    if (op) out.push({ op: op.toUpperCase(), args: args.trim() });
    current = '';
  }
  return out;
}

/** `a=b c="d e"` → { a: 'b', c: 'd e' } */
function envPairs(args) {
  const env = {};
  for (const m of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) env[m[1]] = m[3] ?? m[2];
  return env;
}

/** .dockerignore patterns as a predicate over paths relative to the context. */
function ignoredBy(patterns) {
  const res = patterns.map((p) => new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*') + '(/.*)?$'));
  return (rel) => res.some((re) => re.test(rel));
}

function copyContext(srcs, dest, ignored) {
  for (const src of srcs) {
    const from = path.join(root, src);
    const to = src === '.' ? dest : path.join(dest, path.basename(src));
    fs.cpSync(from, to, {
      recursive: true,
      filter: (p) => {
        const rel = path.relative(root, p);
        return rel === '' || !ignored(rel.split(path.sep).join('/'));
      },
    });
  }
}

function run(label, command, cwd, env, expect) {
  process.stderr.write(`[docker-check] ${label}\n`);
  const r = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 600_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const ok = expect ? expect(r.status, output) : r.status === 0;
  if (!ok) {
    process.stderr.write(output.slice(-4000));
    throw new Error(`step failed: ${label} (exit ${r.status})`);
  }
  return output;
}

function main() {
  const dockerfile = instructions(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  const ignore = fs.existsSync(path.join(root, '.dockerignore'))
    ? fs
        .readFileSync(path.join(root, '.dockerignore'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const ignored = ignoredBy(ignore);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-docker-check-'));
  const image = (p) => path.join(scratch, 'image', p);
  const env = { PATH: process.env.PATH, HOME: image('home'), npm_config_cache: path.join(os.homedir(), '.npm') };
  fs.mkdirSync(env.HOME, { recursive: true });
  let workdir = image('');
  let cmd;
  const notRun = [];
  try {
    for (const { op, args } of dockerfile) {
      switch (op) {
        case 'FROM': {
          const major = args.match(/node:(\d+)/)?.[1];
          if (major && major !== process.versions.node.split('.')[0])
            process.stderr.write(`[docker-check] note: the image has Node ${major}, this machine ${process.versions.node}\n`);
          break;
        }
        case 'ENV':
          Object.assign(env, envPairs(args));
          break;
        case 'WORKDIR':
          workdir = image(args);
          fs.mkdirSync(workdir, { recursive: true });
          break;
        case 'COPY': {
          const parts = args.split(/\s+/).filter((a) => !a.startsWith('--'));
          const dest = parts.pop();
          copyContext(parts, dest === './' || dest === '.' ? workdir : path.resolve(workdir, dest), ignored);
          break;
        }
        case 'RUN':
          // Steps that install OS packages or change system folders need the image's root file system.
          if (/apt-get|chown|\s\/var\/|^mkdir -p \//.test(args)) notRun.push(args);
          // The image drops npm's cache to stay small; here that cache is this machine's own.
          else {
            const command = args.replace(/\s*&&\s*npm cache clean --force/, '');
            run(`RUN ${command}`, command.replace(/\/app\//g, `${image('app')}/`), workdir, env);
          }
          break;
        case 'CMD':
          cmd = JSON.parse(args);
          break;
        default:
          break;
      }
    }
    if (!cmd) throw new Error('the Dockerfile has no CMD');
    // Each command the image is started with must load with the production dependencies alone:
    // without configuration it stops at once, saying which variables it needs.
    const compose = fs.existsSync(path.join(root, 'docker-compose.yml')) ? fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8') : '';
    // (The stand-ins' command starts servers rather than asking for configuration; it is not run.)
    const composed = [...compose.matchAll(/command:\s*(\[.*\])/g)].map((m) => JSON.parse(m[1]).join(' ')).filter((c) => /app\/run-(api|worker)/.test(c));
    const commands = [...new Set([cmd.join(' '), ...composed])];
    for (const command of commands) {
      run(
        `start: ${command}`,
        command,
        workdir,
        { ...env, DATA_DIR: image('data') },
        (status, output) => status !== 0 && /needs DATABASE_URL/.test(output) && !/Cannot find module|ERR_MODULE_NOT_FOUND/.test(output),
      );
    }
    for (const step of notRun) process.stderr.write(`[docker-check] not run here (needs the image's root file system): RUN ${step}\n`);
    process.stderr.write(`[docker-check] the Dockerfile's steps passed in ${scratch}\n`);
  } finally {
    if (!keep) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`[docker-check] ${e.message}\n`);
  process.exit(1);
}
