// The emergency log for the Committee operator (002 p.41–43, Annex 7): the incidents the health
// watch found (workflows/incident.ts), the operator's causes, measures and responsible person,
// and the A-7 form as CSV. Times in Astana time (p.29).
import express, { Router } from 'express';
import { astanaTime } from '../domain/astana-time';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { A7_SCENARIOS, INCIDENT_KIND_LABELS, incidentReportSchema, incidentViewSchema, type A7Scenario, type IncidentKind } from '../domain/incident';
import type { AuditLog } from '../platform/audit';
import type { PrismaClient } from '../prisma/generated/client';
import { requireRole } from './auth';
import { notFound, parseOr400 } from './errors';
import { download, json, jsonBody, operation } from './openapi-kit';

type Row = {
  id: string;
  kind: string;
  startedAt: Date;
  detectedAt: Date;
  endedAt: Date | null;
  detail: unknown;
  scenario: string | null;
  causes: string | null;
  measures: string | null;
  responsible: string | null;
};

function view(r: Row) {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: INCIDENT_KIND_LABELS[r.kind as IncidentKind] ?? null,
    startedAt: astanaTime(r.startedAt),
    detectedAt: astanaTime(r.detectedAt),
    endedAt: r.endedAt ? astanaTime(r.endedAt) : null,
    detail: r.detail,
    scenario: r.scenario,
    causes: r.causes,
    measures: r.measures,
    responsible: r.responsible,
  };
}

/** One CSV field: quoted, quotes doubled; a leading = + - @ is escaped so a spreadsheet does not run it. */
const csv = (v: string | null) => `"${(v ?? '').replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"`;

export function incidentRouter(opts: { prisma: PrismaClient; audit: AuditLog }): Router {
  const { prisma, audit } = opts;
  const router = Router();
  const json = express.json({ limit: '64kb' });

  router.get('/incidents', requireRole('operator'), async (_req, res) => {
    const rows = await prisma.incident.findMany({ orderBy: { startedAt: 'desc' }, take: 500 });
    res.json({ items: rows.map(view) });
  });

  // A-7 as a table: №, scenario, actions taken, causes, responsible, start and end (Astana time).
  router.get('/incidents/a7.csv', requireRole('operator'), async (_req, res) => {
    const rows = await prisma.incident.findMany({ orderBy: { startedAt: 'asc' } });
    const header = [
      '№',
      'Жағдай / Ситуация / Scenario',
      'Қабылданған шаралар / Принятые меры / Measures',
      'Себептері / Причины / Causes',
      'Жауапты тұлға / Ответственный / Responsible',
      'Басталуы / Начало / Start',
      'Аяқталуы / Окончание / End',
    ];
    const lines = rows.map((r, i) =>
      [
        String(i + 1),
        r.scenario ? (A7_SCENARIOS[r.scenario as A7Scenario]?.kk ?? r.scenario) : (INCIDENT_KIND_LABELS[r.kind as IncidentKind]?.kk ?? r.kind),
        r.measures,
        r.causes,
        r.responsible,
        astanaTime(r.startedAt),
        r.endedAt ? astanaTime(r.endedAt) : null,
      ]
        .map(csv)
        .join(','),
    );
    res
      .set('Content-Disposition', 'attachment; filename="a7-emergency-log.csv"')
      .set('Cache-Control', 'private, no-store')
      .type('text/csv; charset=utf-8')
      .send(`\ufeff${[header.map(csv).join(','), ...lines].join('\r\n')}\r\n`);
  });

  const INCIDENT_ID = /^[A-Z_]{1,40}-[0-9T:.Z+-]{10,40}$/;

  router.post('/incidents/:id/report', requireRole('operator'), json, async (req, res) => {
    const id = String(req.params.id);
    // An incident's id is its kind and start (activities/incident.ts): anything else, a NUL byte
    // among them, names no incident and never reaches the database.
    const existing = INCIDENT_ID.test(id) ? await prisma.incident.findUnique({ where: { id } }) : null;
    if (!existing) throw notFound('Incident');
    const body = parseOr400(incidentReportSchema, req.body);
    const row = await prisma.incident.update({ where: { id }, data: body });
    await audit.append({ actor: req.user!.iin, action: 'incident.reported', subject: `incident/${id}`, detail: body });
    res.json(view(row));
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

export const incidentPaths: ZodOpenApiPathsObject = {
  '/api/v1/incidents': {
    get: operation({
      operationId: 'listIncidents',
      tag: 'Incidents',
      summary: 'The emergency log',
      description:
        '002 p.41–43: every delay over one hour the system found (the health watch looks every five minutes), newest first, with what the operator added.',
      access: 'user',
      roles: ['operator'],
      responses: { 200: json(z.object({ items: z.array(incidentViewSchema) }), 'The entries.') },
    }),
  },
  '/api/v1/incidents/a7.csv': {
    get: operation({
      operationId: 'exportIncidentsA7',
      tag: 'Incidents',
      summary: 'The emergency log as the Annex 7 form (CSV)',
      description: '002 A-7: №, scenario, measures, causes, responsible, start and end (Astana time); UTF-8 with BOM, headers in Kazakh, Russian and English.',
      access: 'user',
      roles: ['operator'],
      responses: { 200: download('text/csv', 'The form.') },
    }),
  },
  '/api/v1/incidents/{id}/report': {
    post: operation({
      operationId: 'reportIncident',
      tag: 'Incidents',
      summary: 'Add the causes, measures and responsible person',
      description: '002 p.43: the operator records the scenario (A-7), causes and measures taken; journalled in the audit log.',
      access: 'user',
      roles: ['operator'],
      requestParams: { path: z.object({ id: z.string().max(100).meta({ description: 'The incident id.' }) }) },
      requestBody: jsonBody(incidentReportSchema, '64 kB'),
      responses: { 200: json(incidentViewSchema, 'The entry.') },
      errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
    }),
  },
};
