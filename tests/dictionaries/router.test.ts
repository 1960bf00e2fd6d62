// The dictionaries API through a real HTTP server: the router mounted under /api/v1 with the
// project's error handler, as createApp mounts domain routers.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { dictionariesRouter } from '../../api/dictionaries';
import { errorHandler } from '../../api/errors';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/api/v1', dictionariesRouter());
  app.use(errorHandler);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/dictionaries`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

const get = async (path: string) => {
  const res = await fetch(base + path);
  return { res, body: (await res.json()) as any };
};

describe('GET /api/v1/dictionaries', () => {
  it('lists regions as { id, code, name } with a one-hour public cache', async () => {
    const { res, body } = await get('/regions');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(body).toHaveLength(20);
    for (const r of body) expect(Object.keys(r).sort()).toEqual(['code', 'id', 'name']);
    expect(body).toContainEqual({ id: 'kz-ast', code: '71', name: { kk: 'Астана қаласы', ru: 'город Астана', en: 'Astana City' } });
  });

  it('lists the districts of a region', async () => {
    const { res, body } = await get('/regions/kz-ast/districts');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(body.map((d: any) => d.id)).toEqual(['kz-ast-almaty', 'kz-ast-esil', 'kz-ast-saryarka', 'kz-ast-baikonur', 'kz-ast-nura']);
    expect(body[2]).toEqual({ id: 'kz-ast-saryarka', code: '7113', name: { kk: 'Сарыарқа ауданы', ru: 'район Сарыарка', en: 'Saryarka District' } });
  });

  it('answers 404 with a structured error for an unknown region', async () => {
    const { res, body } = await get('/regions/kz-nowhere/districts');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).not.toBe('public, max-age=3600');
    expect(body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('kz-nowhere') });
    expect(body.error.localised).toEqual({ kk: expect.any(String), ru: expect.any(String), en: expect.any(String) });
  });

  it('lists the bodies of a district with their kind', async () => {
    const { res, body } = await get('/districts/kz-ast-saryarka/bodies');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    for (const b of body) expect(Object.keys(b).sort()).toEqual(['code', 'id', 'kind', 'name']);
    expect(body[0]).toEqual({
      id: 'kz-ast-saryarka-police',
      code: '711303',
      kind: 'police',
      name: {
        kk: 'Астана қаласы Полиция департаментінің Сарыарқа аудандық полиция басқармасы',
        ru: 'УП района Сарыарка ДП города Астана',
        en: 'Saryarka District Police Directorate, Astana City Police Department',
      },
    });
    expect(body.map((b: any) => b.kind)).toEqual(expect.arrayContaining(['anti_corruption', 'economic_investigation', 'national_security', 'military_police']));
  });

  it('answers 404 for an unknown district', async () => {
    const { res, body } = await get('/districts/kz-ast-nowhere/bodies');
    expect(res.status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});
