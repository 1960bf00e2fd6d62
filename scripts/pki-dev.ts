// Creates (or reuses) the development PKI: npx tsx scripts/pki-dev.ts --out DIR [--base-url URL]
import path from 'node:path';
import { DEV_PKI_DEFAULT_BASE_URL, generateDevPki } from '../eds/dev-pki';

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = option('--out') ?? path.join('data', 'pki-dev');
  const manifest = await generateDevPki(out, { baseUrl: option('--base-url') ?? DEV_PKI_DEFAULT_BASE_URL });
  process.stdout.write(
    [
      `Development PKI in ${manifest.dir} (CRL/OCSP at ${manifest.baseUrl})`,
      `Trust anchors: ${manifest.trustAnchorsDir}`,
      ...manifest.people.map(
        (p) =>
          `  ${p.role.padEnd(28)} IIN ${p.iin}  ${p.fullNameKk}  auth ${path.relative(manifest.dir, p.auth.p12)} / sign ${path.relative(manifest.dir, p.sign.p12)}  password ${p.sign.password}`,
      ),
      `Manifest: ${path.join(manifest.dir, 'manifest.json')}`,
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  process.stderr.write(`pki-dev: ${(err as Error).message}\n`);
  process.exit(1);
});
