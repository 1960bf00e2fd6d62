// The audit log's routes and its CLI over the whole system: the public checkpoint and proofs check
// out against the key the system signs with (here, with `npm run audit`, and with Go's verifier
// when Go is on PATH), entries are for the operator and the prosecutor and in Astana time, and
// the CLI refuses a log whose history was rewritten after a checkpoint was kept.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { auditLogSigner } from '../../platform/audit';
import { checkLogGrowth, openCheckpoint } from '../../platform/audit-witness';
import { consistencyProof, leafHash, verifyConsistency, verifyInclusion } from '../../platform/tlog';
import { callApi } from '../helpers/api';
import { loginAs } from '../helpers/pki';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { tempDir } from '../helpers/postgres';

let sys: TestSystem;
let verifierKey: string;
const tokens: Record<string, string> = {};
const root = path.resolve(__dirname, '../..');

beforeAll(async () => {
  sys = await startTestSystem();
  verifierKey = auditLogSigner({ configured: sys.config.AUDIT_LOG_SIGNER_KEY, origin: sys.config.AUDIT_LOG_ORIGIN, codecKeys: sys.keys }).signer.verifierKey;
  for (const who of ['operator', 'prosecutor', 'citizen', 'head'] as const) tokens[who] = (await loginAs(sys.baseUrl, who)).token;
  // Something journalled to prove things about.
  await Promise.all(
    Array.from({ length: 12 }, (_, i) => sys.db.audit.append({ actor: '900101300011', action: 'test.route', subject: `r-${i}`, detail: { i } })),
  );
}, 180_000);

afterAll(async () => {
  await sys?.stop();
});

const checkpointText = async (fresh = true) => {
  const res = await fetch(`${sys.baseUrl}/api/v1/audit/checkpoint${fresh ? '?fresh=true' : ''}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

test('anyone may fetch the signed checkpoint and the proofs, and they check out against the system’s key', async () => {
  const old = openCheckpoint(await checkpointText(), verifierKey);
  expect(old.origin).toBe('erdr.local/audit-log');
  await sys.db.audit.append({ actor: '900101300011', action: 'test.route', subject: 'later', detail: {} });
  const note = await checkpointText();
  const now = openCheckpoint(note, verifierKey);
  expect(now.size).toBeGreaterThan(old.size);

  const inclusion = await callApi(sys.baseUrl, 'GET', `/api/v1/audit/proof/inclusion?index=${old.size - 1}&size=${now.size}`);
  expect(inclusion.status).toBe(200);
  const leaf = Buffer.from(inclusion.body.leafHash, 'base64');
  expect(
    verifyInclusion({ index: old.size - 1, size: now.size, leaf, proof: inclusion.body.hashes.map((h: string) => Buffer.from(h, 'base64')), root: now.root }),
  ).toBe(true);

  const consistency = await callApi(sys.baseUrl, 'GET', `/api/v1/audit/proof/consistency?from=${old.size}&to=${now.size}`);
  expect(consistency.status).toBe(200);
  expect(
    verifyConsistency({
      from: old.size,
      to: now.size,
      fromRoot: old.root,
      toRoot: now.root,
      proof: consistency.body.hashes.map((h: string) => Buffer.from(h, 'base64')),
    }),
  ).toBe(true);

  // Sizes the log does not have are refused, naming the field, in three languages.
  const beyond = await callApi(sys.baseUrl, 'GET', `/api/v1/audit/proof/consistency?from=1&to=${now.size + 5}`);
  expect(beyond).toMatchObject({
    status: 400,
    body: { error: { code: 'BEYOND_TREE_SIZE', fields: { to: expect.any(String) }, localised: { kk: expect.any(String), ru: expect.any(String) } } },
  });
  expect((await callApi(sys.baseUrl, 'GET', '/api/v1/audit/proof/inclusion?index=3&size=3')).body.error).toMatchObject({
    code: 'VALIDATION_FAILED',
    fields: { index: expect.any(String) },
  });
  expect((await callApi(sys.baseUrl, 'GET', '/api/v1/audit/proof/consistency?from=0&to=3')).status).toBe(400);
});

test('entries are for the operator and the prosecutor, in Astana time, with the bytes of their leaf; each read is journalled', async () => {
  const appended = await sys.db.audit.append({ actor: '900101300011', action: 'test.entry', subject: 'e', detail: { what: 'a query' } });
  const read = await callApi(sys.baseUrl, 'GET', `/api/v1/audit/entries/${appended.index}`, { token: tokens.operator });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ index: appended.index, action: 'test.entry', detail: { what: 'a query' } });
  expect(read.body.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:00$/);
  const stored = (await sys.db.audit.entry(appended.index))!;
  expect(Date.parse(read.body.at)).toBe(stored.at.getTime());
  expect(read.body.leafHash).toBe(Buffer.from(appended.hash, 'hex').toString('base64'));
  expect(leafHash(Buffer.from(read.body.entry, 'base64')).toString('hex')).toBe(appended.hash);
  expect((await callApi(sys.baseUrl, 'GET', `/api/v1/audit/entries/${appended.index}`, { token: tokens.prosecutor })).status).toBe(200);
  expect((await callApi(sys.baseUrl, 'GET', `/api/v1/audit/entries/${appended.index}`, { token: tokens.head })).status).toBe(403);
  expect((await callApi(sys.baseUrl, 'GET', `/api/v1/audit/entries/${appended.index}`, { token: tokens.citizen })).status).toBe(403);
  expect((await callApi(sys.baseUrl, 'GET', `/api/v1/audit/entries/${appended.index}`)).status).toBe(401);
  expect((await callApi(sys.baseUrl, 'GET', '/api/v1/audit/entries/99999999', { token: tokens.operator })).status).toBe(404);
  const reads = await sys.db.prisma.auditEvent.findMany({ where: { action: 'audit.entry-read', subject: `audit-entry/${appended.index}` } });
  expect(reads).toHaveLength(2);
});

/** Runs a program without blocking this process, which serves the API it calls. */
function run(cmd: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function cli(...args: string[]) {
  const r = await run(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/audit.ts', ...args], root);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { status: r.status, result: last.startsWith('{') ? JSON.parse(last) : { stdout: r.stdout, stderr: r.stderr } };
}

test('`npm run audit -- verify` accepts a log that grew and refuses one whose history was rewritten', async () => {
  const dir = tempDir('audit-cli-');
  const saved = path.join(dir, 'kept.checkpoint');
  // A kept tree whose size is not a power of two, so that the proofs from it rest on stored hashes.
  const size = await sys.db.audit.size();
  if (Number.isInteger(Math.log2(size))) await sys.db.audit.append({ actor: 'a', action: 'test.cli', subject: 'odd', detail: {} });
  const kept = await cli('checkpoint', '--out', saved, '--url', sys.baseUrl, '--key', verifierKey);
  expect(kept).toMatchObject({ status: 0, result: { ok: true } });
  await Promise.all(Array.from({ length: 5 }, (_, i) => sys.db.audit.append({ actor: 'a', action: 'test.cli', subject: `c-${i}`, detail: {} })));
  const grown = await cli('verify', saved, '--url', sys.baseUrl, '--key', verifierKey);
  expect(grown).toMatchObject({ status: 0, result: { ok: true, from: kept.result.size, to: kept.result.size + 5 } });

  // The Go verifier, reading the same routes.
  if (spawnSync('go', ['version']).status === 0) {
    const go = await run('go', ['run', '.', '-url', sys.baseUrl, '-key', verifierKey, '-old', saved, '-index', '0'], path.join(root, 'scripts/tlog-verify'));
    expect(go.stdout).toContain('{"ok":true}');
    expect(go.status).toBe(0);
  } else {
    console.log(
      'The external verifier (Go sumdb/tlog and sumdb/note, scripts/tlog-verify) did NOT run: `go` is not on PATH. Only the in-repo proof checks ran.',
    );
  }

  // A wrong key: the signature does not verify.
  const stranger = auditLogSigner({ origin: 'erdr.local/audit-log', codecKeys: [{ id: 'x', key: Buffer.alloc(32, 1) }] }).signer.verifierKey;
  expect(await cli('verify', saved, '--url', sys.baseUrl, '--key', stranger)).toMatchObject({ status: 1, result: { ok: false } });

  // Stored hashes of the kept tree changed: the next consistency proof no longer holds.
  const tampered: Array<[number, number]> = [];
  // (The hashes inside the kept tree that the next proof is made of; the log grows by one more below.)
  const to = (await sys.db.audit.size()) + 1;
  consistencyProof(
    kept.result.size,
    to,
  )((level, index) => {
    if ((index + 1) * 2 ** level <= kept.result.size) tampered.push([level, index]);
    return Buffer.alloc(32);
  });
  for (const [level, index] of tampered)
    await sys.pg.query('erdr', "UPDATE audit_tree_node SET hash = decode(repeat('cd', 32), 'hex') WHERE level = $1 AND idx = $2", [level, String(index)]);
  await sys.db.audit.append({ actor: 'a', action: 'test.cli', subject: 'after', detail: {} });
  const rewritten = await cli('verify', saved, '--url', sys.baseUrl, '--key', verifierKey);
  expect(rewritten).toMatchObject({ status: 1, result: { ok: false, error: expect.stringContaining('history was changed') } });
  expect(await checkLogGrowth({ baseUrl: sys.baseUrl, saved: fs.readFileSync(saved, 'utf8'), verifierKey })).toMatchObject({ ok: false });
});
