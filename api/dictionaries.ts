// Read-only dictionaries behind the cascading dropdowns of the crime-report form:
//   GET /dictionaries/regions
//   GET /dictionaries/regions/:id/districts
//   GET /dictionaries/districts/:id/bodies
// They change only with a release, so clients and proxies may cache them for an hour.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { bodiesOf, BODY_KINDS, districtsOf, regions, type Body, type Names } from '../domain/dictionaries';
import { bodyCodeString, localisedText } from '../domain/contract';
import { json, operation } from './openapi-kit';
import { HttpError } from './errors';

interface Entry {
  id: string;
  code: string;
  name: Names;
}

const entry = ({ id, code, name }: Entry): Entry => ({ id, code, name });
const bodyEntry = (b: Body): Entry & { kind: Body['kind'] } => ({ ...entry(b), kind: b.kind });

function sendCached(res: Response, body: unknown): void {
  res.setHeader('Cache-Control', 'public, max-age=3600');
  res.json(body);
}

const unknownRegion = (id: string) =>
  new HttpError(404, 'NOT_FOUND', `Region ${id} not found`, undefined, {
    kk: 'Мұндай облыс табылмады',
    ru: 'Такая область не найдена',
    en: 'No such region',
  });

const unknownDistrict = (id: string) =>
  new HttpError(404, 'NOT_FOUND', `District ${id} not found`, undefined, {
    kk: 'Мұндай аудан табылмады',
    ru: 'Такой район не найден',
    en: 'No such district',
  });

export function dictionariesRouter(): Router {
  const router = Router();

  router.get('/dictionaries/regions', (_req, res) => {
    sendCached(res, regions().map(entry));
  });

  router.get('/dictionaries/regions/:id/districts', (req, res) => {
    const districts = districtsOf(req.params.id);
    if (!districts) throw unknownRegion(req.params.id);
    sendCached(res, districts.map(entry));
  });

  router.get('/dictionaries/districts/:id/bodies', (req, res) => {
    const bodies = bodiesOf(req.params.id);
    if (!bodies) throw unknownDistrict(req.params.id);
    sendCached(res, bodies.map(bodyEntry));
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const dictionaryEntry = z.object({ id: z.string(), code: z.string(), name: localisedText }).meta({ id: 'DictionaryEntry' });
const bodyEntrySchema = z.object({ id: z.string(), code: bodyCodeString, name: localisedText, kind: z.enum(BODY_KINDS) }).meta({ id: 'BodyEntry' });
const cachedHour = { 'Cache-Control': { $ref: '#/components/headers/CacheControlHour' } };

export const dictionariesPaths: ZodOpenApiPathsObject = {
  '/api/v1/dictionaries/regions': {
    get: operation({
      operationId: 'listRegions',
      tag: 'Dictionaries',
      summary: 'Regions',
      description: 'The regions (oblystar and cities of republican significance) of the crime-report form. Cacheable for an hour.',
      access: 'public',
      responses: { 200: json(z.array(dictionaryEntry), 'The regions.', cachedHour) },
    }),
  },
  '/api/v1/dictionaries/regions/{id}/districts': {
    get: operation({
      operationId: 'listDistricts',
      tag: 'Dictionaries',
      summary: 'Districts of a region',
      description: 'The districts and cities of a region. Cacheable for an hour.',
      access: 'public',
      requestParams: { path: z.object({ id: z.string().meta({ description: 'Region id, e.g. `kz-ast`.' }) }) },
      responses: { 200: json(z.array(dictionaryEntry), 'The districts.', cachedHour) },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/dictionaries/districts/{id}/bodies': {
    get: operation({
      operationId: 'listBodies',
      tag: 'Dictionaries',
      summary: 'Bodies receiving reports in a district',
      description:
        'The criminal-prosecution bodies a report from the district may go to: the district’s own police first, then the region-wide bodies. Cacheable for an hour.',
      access: 'public',
      requestParams: { path: z.object({ id: z.string().meta({ description: 'District id, e.g. `kz-ast-saryarka`.' }) }) },
      responses: { 200: json(z.array(bodyEntrySchema), 'The bodies.', cachedHour) },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
};
