// The OpenAPI 3.1 description of the whole HTTP API, served at GET /api/v1/openapi.json, generated
// with zod-openapi from the paths each router exports (`<stem>Paths` in api/<stem>.ts, built with
// api/openapi-kit.ts from the zod schemas the routes parse and answer with). This file composes
// them: metadata, tags, security, the shared components, and the spread of each stem's paths.
// tests/api/openapi.test.ts checks that the routes documented are exactly the routes the app serves, and
// that the roles listed per route are the roles the server enforces.
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { createDocument, type ZodOpenApiObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { deadlineRecord, localisedText, officialRoleSchema, roleSchema } from '../domain/contract';
import { reportStatusSchema } from '../domain/report';
import { reportPaths, reportSchemas } from './report';
import { officialQueryPaths } from './official-query';
import { profilePaths } from './profile';
import { auditLogPaths } from './audit-log';
import { deadlineStatisticsPaths } from './deadline-statistics';
import { queryReviewPaths } from './query-review';
import { incidentPaths } from './incident';
import { accountApplicationPaths } from './account-application';
import { filesPaths } from './files';
import { healthPaths } from './health';
import { codecPaths } from './codec';
import { authPaths } from './auth';
import { dictionariesPaths } from './dictionaries';
import { notificationsPaths } from './notifications';
import { legalityCheckPaths } from './legality-check';
import { accountPaths } from './account';
import { errorResponseComponents, errorSchema, idempotencyKeyHeader, json, operation, SECURITY_SCHEMES, signatureReasonSchema } from './openapi-kit';
import { ecasePaths } from './ecase';
import { decisionsPaths } from './decisions';
import { archiveCertificatePaths, archiveCertificateSchemas } from './archive-certificate';
import { offenceInformationPaths, offenceInformationSchemas } from './offence-information';
import { petitionPaths, petitionSchemas } from './petition';
import { complaintPaths, complaintSchemas } from './complaint';
import { translationPaths, translationSchemas } from './translation';

type Json = Record<string, unknown>;

export const OPENAPI_PATH = '/api/v1/openapi.json';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Shared pieces

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The routes api/app.ts serves itself: where the parts listen, and this document. */
const systemPaths: ZodOpenApiPathsObject = {
  '/api/v1/system/links': {
    get: operation({
      operationId: 'systemLinks',
      tag: 'System',
      summary: 'Where the parts listen',
      description: 'Name → URL of every part of the running system, shown on the status page (empty in production).',
      access: 'public',
      responses: { 200: json(z.record(z.string(), z.string()), 'The links.') },
    }),
  },
  [OPENAPI_PATH]: {
    get: operation({
      operationId: 'openApiDocument',
      tag: 'System',
      summary: 'This document',
      description: 'The OpenAPI 3.1 description of the HTTP API.',
      access: 'public',
      responses: {
        200: json(
          z
            .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
            .meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document.' }),
          'The document.',
        ),
      },
    }),
  },
};

/** Every documented route: the paths each router exports, then the hand-written rest. */
export function apiPaths(): ZodOpenApiPathsObject {
  return {
    ...reportPaths,
    ...officialQueryPaths,
    ...profilePaths,
    ...auditLogPaths,
    ...deadlineStatisticsPaths,
    ...queryReviewPaths,
    ...incidentPaths,
    ...accountApplicationPaths,
    ...filesPaths,
    ...healthPaths,
    ...codecPaths,
    ...systemPaths,
    ...authPaths,
    ...dictionariesPaths,
    ...notificationsPaths,
    ...legalityCheckPaths,
    ...accountPaths,
    ...ecasePaths,
    ...decisionsPaths,
    ...archiveCertificatePaths,
    ...offenceInformationPaths,
    ...petitionPaths,
    ...complaintPaths,
    ...translationPaths,
  };
}

function buildDocument(): Json {
  const spec: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: 'ERDR back office API',
      version: packageVersion(),
      summary: 'Public Sector and electronic criminal case of the Unified Register of Pre-Trial Investigations.',
      description: [
        'The HTTP API of the back office of the Unified Register of Pre-Trial Investigations (ERDR) of the Republic of Kazakhstan — ' +
          '«Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімі» (СДТБТ), «Единый реестр досудебных расследований» (ЕРДР): ' +
          'the citizens’ Public Sector (crime reports and their statuses, attachments, notices) and the officials’ side (report queues and decisions, access applications).',
        '',
        'Every failure answers `{ error: { code, message, fields?, localised?, reasons? } }` (schema `Error`); each operation lists the machine codes it can return ' +
          '(in its description and as `x-error-codes`). Unknown paths under `/api/v1` answer 404 `NOT_FOUND`. Texts meant for people come in Kazakh, Russian and English (`LocalisedText`).',
        '',
        'Any request may also be refused, in the same shape, before it reaches an operation: 400 `BAD_REQUEST` (malformed HTTP or JSON, a path segment that does not percent-decode), ' +
          '413 `PAYLOAD_TOO_LARGE`, 415 `UNSUPPORTED_MEDIA_TYPE` (a charset or `Content-Encoding` the server does not read), 431 `HEADERS_TOO_LARGE` (request line and headers over 16 kB).',
        '',
        'A citizen who has not yet saved the profile’s mandatory fields (mobile phone, e-mail, language; 000 §6) gets 428 `PROFILE_REQUIRED` (kk/ru/en) from every operation ' +
          'except logging in and out, `/api/v1/profile…`, the dictionaries and access applications; the login answer says so with `user.profileRequired: true`. Officials are not asked.',
        '',
        'An official who has not yet signed the user agreement (002 p.17, p.19) gets 428 `AGREEMENT_REQUIRED` (kk/ru/en) from every operation except logging in and out, ' +
          '`/api/v1/account/agreement`, the dictionaries and access applications; the login answer says so with `user.agreementRequired: true`. ' +
          'Every request with a token of a blocked account answers 403 `ACCOUNT_BLOCKED` with the reason (002 p.14), and so does its login.',
        '',
        'Official routes name the roles they need as `x-required-roles`; acting on a particular report also needs the role in the body the report is with.',
        '',
        'Every response carries `X-Request-Id` (the caller’s own, if it sent a valid one), which follows the action into the workflows and the logs.',
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'Health', description: 'Liveness and readiness.' },
      { name: 'Codec', description: 'The payload codec endpoint for the Temporal Web UI.' },
      { name: 'System', description: 'About the running system and this API.' },
      { name: 'Authentication', description: 'EDS login and sessions.' },
      { name: 'Dictionaries', description: 'Regions, districts and bodies of the crime-report form.' },
      { name: 'Account applications', description: 'Officials’ access applications (002).' },
      { name: 'Accounts', description: 'An official’s account (002 P2): the user agreement at the first login, blocking and unblocking.' },
      { name: 'Notifications', description: 'The notices in a person’s cabinet.' },
      { name: 'Files', description: 'Signed attachments.' },
      { name: 'Reports', description: 'Crime reports: the citizen’s side.' },
      { name: 'Officials', description: 'Crime reports: the officials’ queue and actions.' },
      { name: 'Cases', description: 'The electronic criminal case (001): officials’ list, the case, its timeline and actions.' },
      {
        name: 'Complaints',
        description: 'Complaints on a running case (000 §4.10, CPC art. 105–106): filing, status list, the prosecutors’ queue, extension and decision.',
      },
      { name: 'Petitions', description: 'Petitions on a running case (000 §4.5–4.6): available cases, filing, status list, the officials’ queue and answer.' },
      { name: 'Official queries', description: 'Officials’ information queries with a stated basis (002 P4, Annexes 1–3), each journalled in the audit log.' },
      { name: 'Query reviews', description: 'The monthly departmental review of officials’ queries (002 P7, p.9–12).' },
      {
        name: 'Legality checks',
        description:
          'The prosecutor’s legality check of a body’s queries (002 P8, p.54–56): the resolution, the operator’s answer from the audit log with inclusion proofs, the outcome.',
      },
      {
        name: 'Incidents',
        description: 'The emergency log (002 p.41–43, Annex 7): delays over an hour found by the system, with the operator’s causes and measures.',
      },
      {
        name: 'Audit log',
        description:
          'The verifiable audit log (RFC 6962 Merkle tree, C2SP tlog-checkpoint): signed checkpoints, inclusion and consistency proofs, entries (002 p.39–40, p.54).',
      },
      {
        name: 'Translations',
        description:
          'Translation tasks (000 §4.7–4.8, §5; 001 ¶7): sending a case document to a translator of the case, the inbox «Жұмыста», the signed translation, the review, the completed list, the officials’ queue.',
      },
      { name: 'State services', description: 'The Committee’s state services (004): archive certificates and administrative-offence information.' },
      {
        name: 'Decisions',
        description: 'Decisions taken in a criminal case and their materials (000 §4.9): for participants in the five situations, once confirmed.',
      },
      {
        name: 'Profile',
        description:
          'The user profile (000 §6): mandatory fields at the first login, prefilled data, phones, SMS consent, a changed mobile confirmed by SMS code.',
      },
      { name: 'Statistics', description: 'Deadline statistics for supervisors: every rule of the deadline policy, per body and period.' },
    ],
    paths: apiPaths(),
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        // Shared components, and those only reachable from inside a schema (the signed contents).
        LocalisedText: localisedText,
        Error: errorSchema,
        SignatureReason: signatureReasonSchema,
        Deadline: deadlineRecord,
        ReportStatus: reportStatusSchema,
        Role: roleSchema,
        OfficialRole: officialRoleSchema,
        ...reportSchemas,
        ...archiveCertificateSchemas,
        ...offenceInformationSchemas,
        ...petitionSchemas,
        ...complaintSchemas,
        ...translationSchemas,
      },
      responses: errorResponseComponents(),
      parameters: { IdempotencyKey: idempotencyKeyHeader },
      headers: {
        CacheControlHour: { description: 'Dictionaries change only with a release.', schema: { type: 'string', const: 'public, max-age=3600' } },
      },
    },
  };
  return createDocument(spec) as unknown as Json;
}

let cached: Json | undefined;

/** The OpenAPI 3.1 document of the HTTP API (a fresh copy: callers may change it freely). */
export function openApiDocument(): Json {
  cached ??= buildDocument();
  return structuredClone(cached);
}

/** GET /api/v1/openapi.json — public. */
export const sendOpenApiDocument: RequestHandler = (_req, res) => {
  cached ??= buildDocument();
  res.json(cached);
};
