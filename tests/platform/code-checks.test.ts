// The code checks of `npm run lint` catch what they are for: the layer rules (.dependency-cruiser.cjs
// through scripts/check-layers.mjs) find each upward import of a small tree laid out like the
// repository and accept its allowed ones; the file-size check names the files over 450 lines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_LINES, oversizedFiles } from '../../scripts/check-file-size';

const root = path.resolve(__dirname, '../..');

describe('layer rules', () => {
  test('find exactly the forbidden imports of the fixture tree, and allow the type-only and downward ones', () => {
    const run = spawnSync(process.execPath, ['scripts/check-layers.mjs', '--base-dir', 'tests/fixtures/layers'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const violations = [...run.stdout.matchAll(/error (\S+): (\S+) → (\S+)/g)].map(([, rule, from, to]) => `${rule}: ${from} → ${to}`).sort();
    expect(violations).toEqual(
      [
        // A workflow loading activity code (its `import type` of the same module is allowed).
        'workflows-imports-below: workflows/process.ts → activities/effects.ts',
        // The platform reaching up into a router.
        'platform-imports-below: platform/readiness.ts → api/router.ts',
        // A router importing the wiring.
        'api-imports-below: api/router.ts → app/wiring.ts',
        // Domain code using a Node built-in (it runs in the workflow sandbox and the browser).
        'deterministic-no-node-builtins: domain/clock.ts → perf_hooks',
      ].sort(),
    );
    expect(run.status).toBe(1);
  });
});

describe('file-size check', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-file-size-'));
    const lines = (n: number, last = '\n') => Array.from({ length: n }, (_, i) => `const line${i} = ${i};`).join('\n') + last;
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('workflows/long.ts', lines(MAX_LINES + 1));
    write('workflows/at-the-limit.ts', lines(MAX_LINES));
    write('api/unterminated.ts', lines(MAX_LINES + 1, '')); // no newline after the last line
    write('scripts/tool', `#!/usr/bin/env node\n${lines(MAX_LINES + 10)}`);
    // Not source, or generated: never counted.
    write('scripts/notes', lines(MAX_LINES * 2));
    write('domain/data.json', lines(MAX_LINES * 2));
    write('README.md', lines(MAX_LINES * 2));
    write('prisma/generated/client.ts', lines(MAX_LINES * 2));
    write('tests/histories/report.ts', lines(MAX_LINES * 2));
    write('node_modules/pkg/index.js', lines(MAX_LINES * 2));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('names the source files over the limit, longest first, and nothing generated', () => {
    expect(oversizedFiles(dir)).toEqual([
      { file: 'scripts/tool', lines: MAX_LINES + 11 },
      { file: 'api/unterminated.ts', lines: MAX_LINES + 1 },
      { file: 'workflows/long.ts', lines: MAX_LINES + 1 },
    ]);
  });

  test('the command prints the offenders and fails; a tree within the limit passes', () => {
    const failing = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-file-size.ts', '--root', dir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('workflows/long.ts');
    expect(failing.stdout).not.toContain('at-the-limit.ts');

    const passing = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-file-size.ts', '--root', path.join(dir, 'domain')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(passing.stdout).toContain(`no source file over ${MAX_LINES} lines`);
    expect(passing.status).toBe(0);
  });
});
