// Median time to verify a detached signature over 1 MB and 10 MB (revocation not asked, so
// only hashing, signature and path checks are measured).
//   npx tsx scripts/bench-eds.ts [--pki DIR] [--runs N]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateDevPki } from '../eds/dev-pki';
import { readPkcs12 } from '../eds/pkcs12';
import { signCms, signerFromContainer } from '../eds/sign';
import { loadTrustAnchors } from '../eds/trust';
import { verifySignature } from '../eds/verify';

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const runs = Number(option('--runs') ?? 9);
  const pkiDir = option('--pki') ?? path.join(os.tmpdir(), 'erdr-bench-pki');
  const pki = await generateDevPki(pkiDir);
  const key = pki.people.find((p) => p.role === 'investigator')!.sign;
  const signer = await signerFromContainer(await readPkcs12(new Uint8Array(await fs.readFile(key.p12)), key.password));
  const deps = { trustAnchors: await loadTrustAnchors(pki.trustAnchorsDir), revocation: 'off' as const };

  for (const megabytes of [1, 10]) {
    const content = new Uint8Array(randomBytes(megabytes * 1024 * 1024));
    const cms = await signCms(content, signer);
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const start = process.hrtime.bigint();
      const verdict = await verifySignature({ cms, content, purpose: 'sign' }, deps);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (!verdict.valid) throw new Error(`benchmark signature did not verify: ${JSON.stringify(verdict.reasons)}`);
      if (i > 0) times.push(ms); // the first run warms up
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    process.stdout.write(
      `detached signature over ${megabytes} MB: median ${median.toFixed(1)} ms (${runs} runs, min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)})\n`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`bench-eds: ${(err as Error).message}\n`);
  process.exit(1);
});
