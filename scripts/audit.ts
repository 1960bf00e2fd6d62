// The audit log from outside, for auditors and witnesses (platform/audit-witness.ts):
//   npm run audit -- checkpoint [--out FILE] [--url URL] [--key VERIFIER_KEY]   fetch, check and keep the current checkpoint
//   npm run audit -- verify FILE [--save] [--url URL] [--key VERIFIER_KEY]       check the log still extends the kept one
//   npm run audit -- key                                                          the verifier key of this configuration
// The verifier key is --key, else AUDIT_LOG_VERIFIER_KEY, else the one this machine's configuration
// signs with (the development default). The URL defaults to this machine's API (HOST, PORT).
// Prints one JSON line; `verify` exits 0 only when the log is consistent with the kept checkpoint.
import fs from 'node:fs';
import { auditLogSigner } from '../platform/audit';
import { checkLogGrowth, openCheckpoint } from '../platform/audit-witness';
import { loadCodecKeys } from '../platform/codec';
import { loadConfigOrExit } from '../platform/config';

const USAGE = 'usage: npm run audit -- checkpoint [--out FILE] | verify FILE [--save] | key   [--url URL] [--key VERIFIER_KEY]';

function args(argv: string[]) {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--save') flags.add('--save');
    else if (argv[i].startsWith('--')) values[argv[i]] = argv[++i] ?? '';
    else rest.push(argv[i]);
  }
  return { values, flags, rest };
}

function localVerifierKey(): string {
  const config = loadConfigOrExit();
  const keys = loadCodecKeys({ spec: config.CODEC_KEYS, dataDir: config.dataDir });
  return auditLogSigner({ configured: config.AUDIT_LOG_SIGNER_KEY, origin: config.AUDIT_LOG_ORIGIN, codecKeys: keys }).signer.verifierKey;
}

async function main() {
  const [command, ...argv] = process.argv.slice(2);
  const { values, flags, rest } = args(argv);
  const baseUrl = values['--url'] ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? '3000'}`;
  const verifierKey = () => values['--key'] ?? process.env.AUDIT_LOG_VERIFIER_KEY ?? localVerifierKey();
  if (command === 'key') {
    console.log(verifierKey());
    return;
  }
  if (command === 'checkpoint') {
    const res = await fetch(`${baseUrl}/api/v1/audit/checkpoint?fresh=true`);
    const note = await res.text();
    if (!res.ok) throw new Error(`GET checkpoint: ${res.status} ${note}`);
    const cp = openCheckpoint(note, verifierKey());
    if (values['--out']) fs.writeFileSync(values['--out'], note);
    console.log(
      JSON.stringify({ ok: true, origin: cp.origin, size: cp.size, root: cp.root.toString('base64'), ...(values['--out'] && { savedTo: values['--out'] }) }),
    );
    return;
  }
  if (command === 'verify' && rest[0]) {
    const result = await checkLogGrowth({ baseUrl, saved: fs.readFileSync(rest[0], 'utf8'), verifierKey: verifierKey() });
    // --save: keep the newer checkpoint for the next check, only once it was proved to extend the old.
    if (result.ok && flags.has('--save') && result.current) fs.writeFileSync(rest[0], result.current);
    const { current: _current, ...printed } = result;
    console.log(JSON.stringify(printed));
    process.exitCode = result.ok ? 0 : 1;
    return;
  }
  console.error(USAGE);
  process.exitCode = 64;
}

main().catch((err) => {
  console.log(JSON.stringify({ ok: false, error: (err as Error).message }));
  process.exitCode = 1;
});
