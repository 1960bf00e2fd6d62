// Stand-in for NCA RK's revocation services, serving the development PKI over HTTP:
//   GET  /crl/<name>.crl  → the CRL (DER), re-issued by the intermediate CA when it runs out
//   POST /ocsp            → a signed OCSP response (nonce echoed), application/ocsp-response
// State comes from DIR/manifest.json (see eds/dev-pki.ts); revocations listed there are served.
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { logger } from '../platform/logger';
import { loadPemCertificate, loadPemKey, readDevPkiManifest } from '../eds/dev-pki';
import { answerOcspRequest, issueCrl } from '../eds/x509-builder';
import * as pkijs from 'pkijs';
import { parseAsn1 } from '../eds/der';

export interface PkiStandIn {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startPkiStandIn({ host = '127.0.0.1', port = 3104, pkiDir }: { host?: string; port?: number; pkiDir: string }): Promise<PkiStandIn> {
  const log = logger.child({ component: 'pki-standin' });
  const manifest = await readDevPkiManifest(pkiDir);
  const intermediate = await loadPemCertificate(manifest.intermediate.cert);
  const intermediateKey = await loadPemKey(manifest.intermediate.key);
  const ocspState = {
    issuer: intermediate,
    responderCert: await loadPemCertificate(manifest.ocspResponder.cert),
    responderKey: await loadPemKey(manifest.ocspResponder.key),
    revoked: manifest.revoked,
    issued: manifest.issued,
  };
  const crlName = manifest.crl.url.split('/').pop()!;
  let crl: Uint8Array = new Uint8Array(await fs.readFile(manifest.crl.path));
  let crlNumber = 1;

  const freshCrl = async () => {
    const parsed = new pkijs.CertificateRevocationList({ schema: parseAsn1(crl, 'CRL') });
    if (!parsed.nextUpdate || parsed.nextUpdate.value.getTime() - Date.now() < 3600_000) {
      const now = new Date();
      crl = await issueCrl({
        issuer: intermediate,
        issuerKey: intermediateKey,
        revoked: manifest.revoked,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + 7 * 86_400_000),
        crlNumber: ++crlNumber,
      });
    }
    return crl;
  };

  const server = http.createServer((req, res) => {
    const reply = (status: number, type: string, body: Uint8Array | string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      if (req.method === 'GET' && url.pathname === `/crl/${crlName}`) return reply(200, 'application/pkix-crl', await freshCrl());
      if (req.method === 'POST' && url.pathname === '/ocsp') {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of req) {
          size += (chunk as Buffer).length;
          if (size > MAX_BODY) return reply(413, 'text/plain', 'request too large');
          chunks.push(chunk as Buffer);
        }
        const answer = await answerOcspRequest(new Uint8Array(Buffer.concat(chunks)), ocspState);
        return reply(200, 'application/ocsp-response', answer);
      }
      reply(404, 'text/plain', 'not found');
    })().catch((err) => {
      log.error({ err }, 'PKI stand-in request failed');
      if (!res.headersSent) reply(500, 'text/plain', 'internal error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  log.info({ url }, 'PKI stand-in (CRL, OCSP) listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
