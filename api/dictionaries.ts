// Read-only dictionaries behind the cascading dropdowns of the crime-report form:
//   GET /dictionaries/regions
//   GET /dictionaries/regions/:id/districts
//   GET /dictionaries/districts/:id/bodies
// They change only with a release, so clients and proxies may cache them for an hour.
import { Router, type Response } from 'express';
import { bodiesOf, districtsOf, regions, type Body, type Names } from '../domain/dictionaries';
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
