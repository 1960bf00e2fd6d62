// Interoperability with tools nobody here wrote: signatures, a CRL and an OCSP responder made
// by the OpenSSL command line, checked by our verifier and by the `eds` command.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { makeIin } from '../../eds/dev-pki';
import { httpFetcher, MemoryRevocationCache } from '../../eds/revocation';
import { loadTrustAnchors } from '../../eds/trust';
import { verifySignature, VerifyDeps } from '../../eds/verify';
import { codes, freePort } from './test-pki';

let dir: string;
let crlServer: http.Server;
let ocspResponder: ChildProcess | undefined;
let deps: VerifyDeps;
const document = Buffer.from('Өтініш / Заявление / Application №17\n');
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function config(crlPort: number, ocspPort: number): string {
  return `
[ req ]
distinguished_name = dn
string_mask = utf8only
prompt = no
[ dn ]
CN = unused
[ ca ]
default_ca = ca_default
[ ca_default ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/newcerts
certificate = ${dir}/ca.crt
private_key = ${dir}/ca.key
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
default_days = 30
default_crl_days = 7
policy = policy_any
preserve = yes
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
surname = optional
serialNumber = optional
countryName = optional
givenName = optional
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ sign_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://127.0.0.1:${crlPort}/ca.crl
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}
`;
}

function issue(name: string, keyArgs: string[], iin: string) {
  openssl(
    'req',
    '-new',
    '-newkey',
    ...keyArgs,
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-config',
    'openssl.cnf',
    '-utf8',
    '-subj',
    `/CN=ОПЕНССЛОВ ТЕСТ/SN=ОПЕНССЛОВ/serialNumber=IIN${iin}/C=KZ/GN=ТЕСТҰЛЫ`,
  );
  openssl('ca', '-batch', '-config', 'openssl.cnf', '-extensions', 'sign_ext', '-utf8', '-notext', '-in', `${name}.csr`, '-out', `${name}.crt`);
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${seen}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`openssl ocsp exited with ${code}: ${seen}`)));
  });
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eds-openssl-'));
  const [crlPort, ocspPort] = [await freePort(), await freePort()];
  await fs.mkdir(path.join(dir, 'newcerts'));
  await fs.mkdir(path.join(dir, 'trust'));
  await fs.writeFile(path.join(dir, 'index.txt'), '');
  await fs.writeFile(path.join(dir, 'serial'), '1000\n');
  await fs.writeFile(path.join(dir, 'crlnumber'), '01\n');
  await fs.writeFile(path.join(dir, 'openssl.cnf'), config(crlPort, ocspPort));
  await fs.writeFile(path.join(dir, 'doc.txt'), document);

  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '365',
    '-config',
    'openssl.cnf',
    '-extensions',
    'v3_ca',
    '-subj',
    '/CN=OpenSSL Test CA/C=KZ',
  );
  await fs.copyFile(path.join(dir, 'ca.crt'), path.join(dir, 'trust', 'ca.pem'));
  issue('rsa', ['rsa:2048'], makeIin('870523', 3, 11));
  issue('ec', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], makeIin('920814', 4, 22));
  issue('gone', ['rsa:2048'], makeIin('750101', 3, 33));
  openssl('ca', '-config', 'openssl.cnf', '-revoke', 'gone.crt', '-crl_reason', 'keyCompromise');
  openssl('ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'ca.crl.pem');
  openssl('crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl');

  const crl = await fs.readFile(path.join(dir, 'ca.crl'));
  crlServer = http.createServer((req, res) => {
    if (req.url === '/ca.crl') res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(crl);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => crlServer.listen(crlPort, '127.0.0.1', resolve));

  ocspResponder = spawn(
    'openssl',
    ['ocsp', '-index', 'index.txt', '-port', String(ocspPort), '-rsigner', 'ca.crt', '-rkey', 'ca.key', '-CA', 'ca.crt', '-nmin', '5'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Wait for its own "ready" line: a probing connection would tie up this one-connection-at-a-time server.
  await waitForLine(ocspResponder, /waiting for OCSP client connections/);
  deps = { trustAnchors: await loadTrustAnchors(path.join(dir, 'trust')), fetcher: httpFetcher(3000), cache: new MemoryRevocationCache() };
}, 60_000);

afterAll(async () => {
  if (ocspResponder && ocspResponder.exitCode === null) ocspResponder.kill();
  await new Promise((r) => (crlServer ? crlServer.close(r) : r(undefined)));
  await fs.rm(dir, { recursive: true, force: true });
});

async function opensslSign(name: string, out: string, extra: string[] = []) {
  openssl('cms', '-sign', '-binary', '-in', 'doc.txt', '-signer', `${name}.crt`, '-inkey', `${name}.key`, '-outform', 'DER', '-out', out, ...extra);
  return new Uint8Array(await fs.readFile(path.join(dir, out)));
}

describe('CMS made by openssl cms -sign', () => {
  it('verifies RSA and ECDSA signatures, detached and -nodetach, with OCSP status from openssl ocsp', async () => {
    for (const [name, extra] of [
      ['rsa', []],
      ['rsa', ['-nodetach']],
      ['ec', ['-md', 'sha384']],
      ['ec', ['-nodetach', '-md', 'sha512']],
    ] as [string, string[]][]) {
      const cms = await opensslSign(name, `${name}.p7s`, extra);
      const attached = extra.includes('-nodetach');
      const verdict = await verifySignature({ cms, content: attached ? undefined : document, purpose: 'sign' }, deps);
      expect({ name, extra, reasons: verdict.reasons }).toEqual({ name, extra, reasons: [] });
      expect(verdict.signers[0].revocation).toMatchObject({ status: 'good', source: 'ocsp' });
    }
  });

  it('detects tampering', async () => {
    const detached = await opensslSign('ec', 'ec-detached.p7s');
    const changed = Buffer.from(document);
    changed[0] ^= 1;
    expect(codes(await verifySignature({ cms: detached, content: changed, purpose: 'sign' }, deps))).toEqual(['CONTENT_MISMATCH']);
    const attached = Buffer.from(await opensslSign('rsa', 'rsa-attached.p7s', ['-nodetach']));
    const at = attached.indexOf(document);
    attached[at + 2] ^= 1;
    expect(codes(await verifySignature({ cms: attached, purpose: 'sign' }, deps))).toEqual(['CONTENT_MISMATCH']);
  });

  it('honours a CRL from openssl ca -gencrl and an openssl ocsp responder for a revoked certificate', async () => {
    const cms = await opensslSign('gone', 'gone.p7s');
    const byCrl = await verifySignature({ cms, content: document, purpose: 'sign' }, { ...deps, revocation: 'crl' });
    expect(codes(byCrl)).toEqual(['CERT_REVOKED']);
    expect(byCrl.signers[0].revocation.source).toBe('crl');
    const byOcsp = await verifySignature({ cms, content: document, purpose: 'sign' }, { ...deps, revocation: 'ocsp' });
    expect(codes(byOcsp)).toEqual(['CERT_REVOKED']);
    expect(byOcsp.signers[0].revocation.source).toBe('ocsp');
    const good = await opensslSign('rsa', 'rsa-crl.p7s');
    expect((await verifySignature({ cms: good, content: document, purpose: 'sign' }, { ...deps, revocation: 'crl' })).signers[0].revocation).toMatchObject({
      status: 'good',
      source: 'crl',
    });
  });

  it('the eds command prints a JSON verdict and exits 0 only when valid', async () => {
    await opensslSign('ec', 'cli.p7s');
    const run = (content: string) => {
      try {
        return {
          code: 0,
          out: execFileSync(
            process.execPath,
            [
              require.resolve('tsx/cli'),
              path.resolve(__dirname, '../../scripts/eds.ts'),
              'verify',
              '--in',
              path.join(dir, 'cli.p7s'),
              '--content',
              content,
              '--trust',
              path.join(dir, 'trust'),
            ],
            { stdio: 'pipe' },
          ).toString(),
        };
      } catch (err) {
        const e = err as { status: number; stdout: Buffer };
        return { code: e.status, out: e.stdout.toString() };
      }
    };
    const ok = run(path.join(dir, 'doc.txt'));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, signers: [{ revocation: { status: 'good' } }] });
    await fs.writeFile(path.join(dir, 'changed.txt'), Buffer.concat([document, Buffer.from('!')]));
    const bad = run(path.join(dir, 'changed.txt'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).reasons[0].code).toBe('CONTENT_MISMATCH');
  });
});
