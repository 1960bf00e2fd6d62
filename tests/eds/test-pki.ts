// Shared set-up for the EDS tests: a development PKI in a temporary folder, its HTTP stand-in,
// and small signing and reading shortcuts.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DevKeyFile, DevPkiManifest, generateDevPki } from '../../eds/dev-pki';
import { readPkcs12 } from '../../eds/pkcs12';
import { signerFromContainer, SignerKey } from '../../eds/sign';
import { loadTrustAnchors, TrustAnchors } from '../../eds/trust';
import { PkiStandIn, startPkiStandIn } from '../../standins/pki';
import { freePort } from '../../platform/net';
export { freePort };

export interface TestPki {
  dir: string;
  manifest: DevPkiManifest;
  standIn: PkiStandIn;
  anchors: TrustAnchors;
  close(): Promise<void>;
}

export async function startTestPki(): Promise<TestPki> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eds-pki-'));
  const port = await freePort();
  const manifest = await generateDevPki(dir, { baseUrl: `http://127.0.0.1:${port}` });
  const standIn = await startPkiStandIn({ host: '127.0.0.1', port, pkiDir: dir });
  const anchors = await loadTrustAnchors(manifest.trustAnchorsDir);
  return {
    dir,
    manifest,
    standIn,
    anchors,
    close: async () => {
      await standIn.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function signerOf(key: DevKeyFile, options: Parameters<typeof signerFromContainer>[1] = {}): Promise<SignerKey> {
  return signerFromContainer(await readPkcs12(new Uint8Array(await fs.readFile(key.p12)), key.password), options);
}

/** A verdict's reason codes, in order. */
export const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);
