// `npm run test:faults`: the fault-injection suite in full (tests/helpers/faults.ts). 200 crime
// reports are submitted with Idempotency-Keys by concurrent citizens while each part of the system
// — the worker, the report starter, the API, the Temporal dev server, PostgreSQL, each its own OS
// process — is SIGKILLed and started again, twice over (the second time in reverse order, and
// the API's serving process instead of its supervisor). Prints one line of counts; exits 1 when
// anything was lost or doubled.
//
//   npm run test:faults [-- --submissions 200 --clients 6 --rounds 2 --down-ms 1500 --keep-logs]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as DevPki from '../eds/dev-pki';
import type * as StandInsPki from '../standins/pki';
import type * as Net from '../platform/net';
import type * as Faults from '../tests/helpers/faults';

// Before the project's modules load (with require() in main): the logger is made on first load, and this process's own
// lines (migrations, stand-ins) would bury the suite's.
process.env.LOG_LEVEL ??= 'silent';

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number, got ${argv[i + 1]}`);
  return n;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const submissions = option(argv, '--submissions', 200);
  const clients = option(argv, '--clients', 6);
  const rounds = option(argv, '--rounds', 2);
  const downMs = option(argv, '--down-ms', 1_500);
  // Ctrl-C or a stop: exit through process.exit, so that the suite's exit hook kills what it started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const t0 = Date.now();
  const say = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

  // The development PKI and its CRL/OCSP stand-in, as tests/global-setup.ts makes them for jest.
  const { generateDevPki } = require('../eds/dev-pki') as typeof DevPki;
  const { startPkiStandIn } = require('../standins/pki') as typeof StandInsPki;
  const { freePort } = require('../platform/net') as typeof Net;
  const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-faults-pki-'));
  process.once('exit', () => fs.rmSync(pkiDir, { recursive: true, force: true }));
  const pkiPort = await freePort();
  const manifest = await generateDevPki(pkiDir, { baseUrl: `http://127.0.0.1:${pkiPort}` });
  const pki = await startPkiStandIn({ host: '127.0.0.1', port: pkiPort, pkiDir: manifest.dir });
  process.env.TEST_PKI_DIR = manifest.dir;

  const { EVERY_PART, runFaultSuite } = require('../tests/helpers/faults') as typeof Faults;
  // Round by round: every part in the order, then in reverse with the API's serving process.
  const faults: Faults.FaultTarget[] = [];
  for (let round = 0; round < rounds; round++) {
    const parts = round % 2 === 0 ? EVERY_PART : [...EVERY_PART].reverse().map((p): Faults.FaultTarget => (p === 'api' ? 'api-serving' : p));
    faults.push(...parts);
  }
  const started = Date.now();
  say(`faults: ${submissions} submissions from ${clients} clients; kills: ${faults.join(', ')}`);
  try {
    const keepLogs = argv.includes('--keep-logs');
    const result = await runFaultSuite({ submissions, clients, faults, downMs, deadlineMs: 15 * 60_000, log: say, keepLogs });
    say(`faults: back after: ${result.recoveries.join(', ')}`);
    if (result.problems.length) {
      say(`\n${result.logTails()}\n`);
      say(`faults: ${result.problems.length} problem(s):\n  ${result.problems.join('\n  ')}`);
    }
    if (result.problems.length || keepLogs) say(`faults: the parts' logs are kept in ${result.logsDir}`);
    console.log(`${result.line} seconds=${Math.round((Date.now() - started) / 1000)}`);
    return result.problems.length ? 1 : 0;
  } finally {
    await pki.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
