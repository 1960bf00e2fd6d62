// Where signatures are checked against. With EDS_TRUST_ANCHORS the configured NCA RK roots and
// intermediates are used and revocation goes to the URLs in the certificates (the real NCA
// OCSP/CRL). Without it, `npm start` and the tests use a development PKI kept in the data folder:
// an NCA-like hierarchy, key files per role, and a stand-in serving its CRL and OCSP over HTTP
// (here in the wiring, because it starts a stand-in). The development officials' roles are
// granted by platform/trust.ts.
import path from 'node:path';
import { generateDevPki, type DevPkiManifest } from '../eds/dev-pki';
import { startPkiStandIn } from '../standins/pki';

export interface Trust {
  trustAnchorsDir: string;
  /** Present on the development PKI. */
  devPki?: { manifest: DevPkiManifest; url: string; close(): Promise<void> };
}

export async function prepareTrust(opts: { trustAnchors?: string; dataDir: string; host: string; port: number }): Promise<Trust> {
  if (opts.trustAnchors) return { trustAnchorsDir: path.resolve(opts.trustAnchors) };
  const manifest = await generateDevPki(path.join(opts.dataDir, 'pki-dev'), { baseUrl: `http://${opts.host}:${opts.port}` });
  const standIn = await startPkiStandIn({ host: opts.host, port: opts.port, pkiDir: manifest.dir });
  return { trustAnchorsDir: manifest.trustAnchorsDir, devPki: { manifest, url: standIn.url, close: () => standIn.close() } };
}
