// The API's abuse limits (api/abuse.ts) on the real application shell: logins begun per address
// and submissions per person are rate-limited with 429 + Retry-After and a structured error; a body
// announced larger than any route takes is refused before it is read, on every route; every answer
// carries the security headers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router, type RequestHandler } from 'express';
import { createApp, listen } from '../../api/app';
import { MAX_REQUEST_BYTES } from '../../api/abuse';
import { EncryptionCodec } from '../../platform/codec';

let baseUrl: string;
let server: http.Server;

// Stand-ins for the real routers: a login challenge and the two submission routes, each answering
// at once, so only the limits decide.
const router = Router();
router.post('/auth/challenge', (_req, res) => void res.status(201).json({ challengeId: 'c' }));
router.post('/reports', (_req, res) => void res.status(202).json({ talon: 't' }));
router.post('/files', (_req, res) => void res.status(201).json({ id: 'f' }));
router.get('/reports', (_req, res) => void res.json([]));
router.post('/cases/:erdr/documents', express.json({ limit: '64kb' }), (_req, res) => void res.status(201).json({}));
// The person is named by a test header, as the real authentication would name them from the token.
const fakeAuthentication: RequestHandler = (req, _res, next) => {
  const iin = req.header('X-Test-Person');
  if (iin) req.user = { iin, name: iin, locale: 'kk', roles: ['participant'], grants: [] };
  next();
};

beforeAll(async () => {
  const app = createApp({
    checks: {},
    codec: { codec: new EncryptionCodec([{ id: 'k', key: Buffer.alloc(32, 1) }]), corsOrigins: [], authorise: async () => false },
    middleware: [fakeAuthentication],
    routers: [router],
    limits: { challengesPerMinute: 5, submissionsPerMinute: 3 },
  });
  server = await listen(app, 0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const post = (path: string, headers: Record<string, string> = {}) => fetch(baseUrl + path, { method: 'POST', headers });

async function expectRateLimited(res: Response) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await res.json()) as { error: { code: string; message: string; localised: Record<string, string> } };
  expect(body.error.code).toBe('RATE_LIMITED');
  expect(body.error.message).toContain(`${retryAfter} s`);
  expect(Object.keys(body.error.localised).sort()).toEqual(['en', 'kk', 'ru']);
}

test('login challenges are limited per address, with Retry-After and a structured error', async () => {
  for (let i = 0; i < 5; i++) expect((await post('/api/v1/auth/challenge')).status).toBe(201);
  await expectRateLimited(await post('/api/v1/auth/challenge'));
  // Another address is not held back by this one (the API trusts X-Forwarded-For from a local proxy).
  expect((await post('/api/v1/auth/challenge', { 'X-Forwarded-For': '198.51.100.7' })).status).toBe(201);
});

test('submissions are limited per person across every submission route; reading is not', async () => {
  const alice = { 'X-Test-Person': '900101300011' };
  expect((await post('/api/v1/files', alice)).status).toBe(201);
  expect((await post('/api/v1/reports', alice)).status).toBe(202);
  expect((await post('/api/v1/files', alice)).status).toBe(201);
  await expectRateLimited(await post('/api/v1/reports', alice));
  await expectRateLimited(await post('/api/v1/files', alice));
  // Reading is not a submission; another person has a limit of their own.
  expect((await fetch(`${baseUrl}/api/v1/reports`, { headers: alice })).status).toBe(200);
  expect((await post('/api/v1/reports', { 'X-Test-Person': '850505400022' })).status).toBe(202);
});

/** Announces a body larger than any route takes and sends only its first bytes. */
function oversized(method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      baseUrl + path,
      { method, headers: { 'Content-Type': 'application/json', 'Content-Length': String(MAX_REQUEST_BYTES + 1) } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, body });
        });
      },
    );
    req.on('error', reject);
    req.write('{"a":"');
  });
}

test.each([
  ['POST', '/api/v1/reports'],
  ['POST', '/api/v1/cases/123456789012345/documents'],
  ['GET', '/api/v1/reports'],
  ['POST', '/codec/decode'],
  ['GET', '/health'],
])('%s %s: a body announced larger than any route takes is refused before it is read (413)', async (method, path) => {
  const { status, body } = await oversized(method, path);
  expect(status).toBe(413);
  expect(JSON.parse(body).error.code).toBe('PAYLOAD_TOO_LARGE');
});

test("a body over the route's own limit is refused with 413 and a structured error", async () => {
  const res = await fetch(`${baseUrl}/api/v1/cases/123456789012345/documents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: 'ә'.repeat(70_000) }),
  });
  expect(res.status).toBe(413);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
});

test.each(['/', '/health', '/api/v1/reports', '/api/v1/nothing-here'])('%s carries the security headers', async (path) => {
  const res = await fetch(baseUrl + path);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-powered-by')).toBeNull();
});
