// Prepares the local Temporal servers (the Temporal CLI and the time-skipping test server) before
// tests or start-up, printing progress, since the first run builds or downloads them.
//   npx tsx scripts/ensure-tools.ts           → progress on stderr, paths on stdout
//   npx tsx scripts/ensure-tools.ts --json    → paths as JSON on stdout
import { loadConfig } from '../platform/config';
import { ensureTestTools } from '../platform/tools';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => process.stderr.write(`[tools] ${line}\n`);
  const started = Date.now();
  const tools = await ensureTestTools({ toolsDir: config.toolsDir, explicitCliPath: config.TEMPORAL_CLI, log });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(tools)}\n`);
  } else {
    process.stdout.write(`Temporal CLI:         ${tools.temporalCli}\nTemporal test server: ${tools.testServer}\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  if (seconds >= 1) log(`Temporal servers ready in ${seconds.toFixed(1)}s`);
}

main().catch((err: Error) => {
  process.stderr.write(`[tools] ${err.message}\n`);
  process.exit(1);
});
