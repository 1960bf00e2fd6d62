// Once per `npm test`: a development PKI (root, intermediate, key files per role) and its CRL/OCSP
// stand-in, shared by every suite that logs in or signs (tests/helpers/pki.ts reads it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDevPki } from '../eds/dev-pki';
import { startPkiStandIn } from '../standins/pki';
import { freePort } from '../platform/net';

export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-test-pki-'));
  const manifest = await generateDevPki(dir, { baseUrl: `http://127.0.0.1:${port}` });
  const standIn = await startPkiStandIn({ host: '127.0.0.1', port, pkiDir: manifest.dir });
  process.env.TEST_PKI_DIR = manifest.dir;
  (globalThis as { __erdrTestPki?: { close(): Promise<void>; dir: string } }).__erdrTestPki = { close: standIn.close, dir };
}
