// Signing tool for people without NCALayer, and a verifier printing one JSON verdict.
//   npx tsx scripts/eds.ts sign --p12 F --password P --in FILE [--attached] [--out SIG] [--hash SHA-256|SHA-384|SHA-512] [--pss] [--pem]
//   npx tsx scripts/eds.ts verify --in SIG [--content FILE] [--trust DIR] [--purpose sign|auth] [--revocation ocsp-then-crl|ocsp|crl|off]
// verify exits 0 only when the signature is valid; 1 when invalid; 2 when revocation services
// were unreachable (try again); 64 on usage errors.
import fs from 'node:fs/promises';
import { toPem } from '../eds/der';
import { httpFetcher, MemoryRevocationCache, RevocationPolicy, RevocationUnavailableError } from '../eds/revocation';
import { signCms, signerFromPkcs12, SignHash } from '../eds/sign';
import { loadTrustAnchors } from '../eds/trust';
import { verifySignature } from '../eds/verify';
import { Purpose, Verdict } from '../eds/verdict';

const USAGE = `usage:
  eds sign --p12 FILE --password PASSWORD --in FILE [--attached] [--out SIG] [--hash SHA-256|SHA-384|SHA-512] [--pss] [--pem]
  eds verify --in SIG [--content FILE] [--trust DIR] [--purpose sign|auth] [--revocation ocsp-then-crl|ocsp|crl|off]`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const flags = new Set<string>();
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument ${a}`);
    if (['--attached', '--pss', '--pem'].includes(a)) flags.add(a);
    else if (i + 1 < argv.length) values[a] = argv[++i];
    else throw new UsageError(`${a} needs a value`);
  }
  const need = (name: string) => {
    if (!values[name]) throw new UsageError(`${name} is required`);
    return values[name];
  };
  return { flags, values, need };
}

async function sign(argv: string[]) {
  const { flags, values, need } = parseArgs(argv);
  const hash = (values['--hash'] ?? 'SHA-256') as SignHash;
  if (!['SHA-256', 'SHA-384', 'SHA-512'].includes(hash)) throw new UsageError('--hash must be SHA-256, SHA-384 or SHA-512');
  const signer = await signerFromPkcs12(new Uint8Array(await fs.readFile(need('--p12'))), need('--password'), {
    hash,
    rsaScheme: flags.has('--pss') ? 'pss' : 'pkcs1',
  });
  const content = new Uint8Array(await fs.readFile(need('--in')));
  const cms = await signCms(content, signer, { attached: flags.has('--attached'), hash });
  const output = flags.has('--pem') ? toPem(cms, 'CMS') : cms;
  if (values['--out']) await fs.writeFile(values['--out'], output);
  else process.stdout.write(flags.has('--pem') ? output : Buffer.from(cms).toString('base64') + '\n');
  return 0;
}

async function verify(argv: string[]) {
  const { values, need } = parseArgs(argv);
  const purpose = (values['--purpose'] ?? 'sign') as Purpose;
  if (!['sign', 'auth'].includes(purpose)) throw new UsageError('--purpose must be sign or auth');
  const revocation = (values['--revocation'] ?? 'ocsp-then-crl') as RevocationPolicy;
  const trustDir = values['--trust'] ?? process.env.EDS_TRUST_ANCHORS;
  if (!trustDir) throw new UsageError('--trust DIR (or EDS_TRUST_ANCHORS) is required');
  const cms = new Uint8Array(await fs.readFile(need('--in')));
  const content = values['--content'] ? new Uint8Array(await fs.readFile(values['--content'])) : undefined;
  let verdict: Verdict;
  try {
    verdict = await verifySignature(
      { cms, content, purpose },
      { trustAnchors: await loadTrustAnchors(trustDir), fetcher: httpFetcher(), cache: new MemoryRevocationCache(), revocation },
    );
  } catch (err) {
    if (!(err instanceof RevocationUnavailableError)) throw err;
    process.stdout.write(
      JSON.stringify({ valid: false, purpose, retryable: true, reasons: [{ code: 'REVOCATION_UNAVAILABLE', message: err.message }] }, null, 2) + '\n',
    );
    return 2;
  }
  process.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
  return verdict.valid ? 0 : 1;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'sign') return sign(rest);
  if (command === 'verify') return verify(rest);
  throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`eds: ${(err as Error).message}\n${err instanceof UsageError ? USAGE + '\n' : ''}`);
    process.exit(err instanceof UsageError ? 64 : 1);
  },
);
