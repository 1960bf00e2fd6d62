// The web UI's script: ui/src/*.ts (plain TypeScript and the DOM, plus pkijs for signing in the
// page) bundled by esbuild into one file, in memory, the first time a browser asks for it. esbuild
// is already installed (tsx runs on it, also in the production image), so the UI needs no build
// step, no generated file in the checkout and nothing from a CDN; a serving process pays about a
// second once. Plain middleware, not a route: it is a static asset, not an API operation.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RequestHandler } from 'express';

export const UI_SCRIPT_PATH = '/app/app.js';
const ENTRY = path.resolve(__dirname, '../ui/src/main.ts');

interface Bundle {
  code: Uint8Array;
  /** The same, gzip-compressed once (about a quarter of the size) for browsers that accept it. */
  gzipped: Buffer;
  etag: string;
}

let building: Promise<Bundle> | undefined;

/** Bundles the UI once per process (a failed build is tried again on the next request). */
export function uiBundle(): Promise<Bundle> {
  building ??= (async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    return { code, gzipped: gzipSync(code, { level: 9 }), etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
  })().catch((e) => {
    building = undefined;
    throw e;
  });
  return building;
}

/** Serves the bundle at /app/app.js; everything else goes on. */
export function uiBundleMiddleware(): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== UI_SCRIPT_PATH) return next();
    uiBundle().then((b) => {
      res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('ETag', b.etag);
      res.setHeader('Vary', 'Accept-Encoding');
      if (req.headers['if-none-match'] === b.etag) return void res.status(304).end();
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      const body = gzip ? b.gzipped : Buffer.from(b.code);
      res.setHeader('Content-Length', String(body.length));
      res.end(req.method === 'HEAD' ? undefined : body);
    }, next);
  };
}
