// `npm test`: makes sure the Temporal CLI and the time-skipping test server are at hand (building
// or fetching them once, with progress), then runs jest. Extra arguments go to jest, e.g.
// `npm test -- tests/platform`. The last line is the summary "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTestTools } from '../platform/tools';
import { resolveTemporalServer } from '../platform/tools/temporal-server';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..');
  const toolsDir = path.resolve(root, process.env.TOOLS_DIR || '.tools');
  const tools = await ensureTestTools({ toolsDir, log: (line) => console.error(`[tools] ${line}`) });
  // The production Temporal server, for the suite that runs on it; built once where Go is present.
  const productionServer = await resolveTemporalServer({ toolsDir, log: (line) => console.error(`[tools] ${line}`) });
  if ('missing' in productionServer) console.error(`[tools] the production Temporal server suite will not run: ${productionServer.missing}`);

  // --forceExit: a handle a failing suite leaves open (a worker polling a stopped server) must not
  // keep the run from ending and printing its summary.
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-jest-')), 'results.json');
  const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${results}`, '--forceExit', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      TOOLS_DIR: toolsDir,
      TEMPORAL_CLI: tools.temporalCli,
      TEMPORAL_TEST_SERVER: tools.testServer,
    },
  });
  let passed = 0;
  let failed: number;
  if (fs.existsSync(results)) {
    const r = JSON.parse(fs.readFileSync(results, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numFailedTestSuites: number;
      numRuntimeErrorTestSuites: number;
    };
    passed = r.numPassedTests;
    // A suite that fails to load has no failed tests of its own; count it so it cannot pass silently.
    failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  } else {
    failed = 1;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return jest.status === 0 && failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
