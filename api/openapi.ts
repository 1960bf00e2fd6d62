// The OpenAPI 3.1 description of the whole HTTP API, served at GET /api/v1/openapi.json.
// Request schemas that exist in zod are derived from it (z.toJSONSchema), so the document cannot
// drift from what the server accepts; everything else is written here next to the routers it
// describes. tests/api/openapi.test.ts checks that the routes documented here are exactly the
// routes the app serves, and that the roles listed per route are the roles the server enforces.
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { DEADLINE_RULES } from '../domain/deadlines';
import { BODY_KINDS } from '../domain/dictionaries';
import { REPORT_STATUS_LABELS, REPORT_STATUSES, reportDecisionSchema, signedReportContent } from '../domain/report';
import { OFFICIAL_ROLES, ROLE_LABELS, type OfficialRole } from '../domain/roles';
import { LOCALES } from '../domain/notification-templates';
import { REASON_CODES } from '../eds/verdict';
import { ALLOWED_MEDIA_TYPES, MAX_FILE_BYTES } from '../documents/media-type';
import { CASE_FORMATS, CASE_STATUS_LABELS, CASE_STATUSES, PARTICIPANT_ROLES } from '../domain/ecase';
import { ACCESS_BASES, ACCESS_JOURNAL_ACTIONS, DECISION_TYPES, materialAccessBody } from '../domain/decisions';
import { confirmMobileBody, PROFILE_STATUSES, saveProfileBody } from '../domain/profile';
import { addParticipantBody, CASE_LIST_ROLES, CONDUCTING_ROLES, resolveFormatBody } from './ecase';
import { COMPLAINT_RESULT_LABELS, COMPLAINT_STATUS_LABELS, COMPLAINT_SUBJECTS, complaintAnswerSchema, complaintExtensionSchema, signedComplaintContent } from '../domain/complaint';
import { ARCHIVE_STATUS_LABELS, ARCHIVE_STEPS, archiveStepSchema, signedArchiveRequest } from '../domain/archive-certificate';
import { OFFENCE_STATUS_LABELS, signedOffenceRequest } from '../domain/offence-information';
import { CSV_COLUMNS, statisticsQuerySchema } from '../domain/deadline-statistics';
import { ARCHIVE_STAFF_ROLES } from './archive-certificate';
import { STATISTICS_ROLES } from './deadline-statistics';
import { ERDR_FILTER_MESSAGE, PETITION_RESULT_LABELS, PETITION_RESULTS, PETITION_STATUS_LABELS, petitionAnswerSchema, signedPetitionContent } from '../domain/petition';
import { sendForTranslationSchema, signedTranslationContent, TRANSLATION_STATUS_LABELS, translationReviewSchema } from '../domain/translation';

type Json = Record<string, unknown>;

export const OPENAPI_PATH = '/api/v1/openapi.json';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Shared pieces

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Json): Json => ({ oneOf: [schema, { type: 'null' }] });
const dateTime = (description?: string): Json => ({ type: 'string', format: 'date-time', ...(description && { description }) });
const arrayOf = (items: Json, description?: string): Json => ({ type: 'array', items, ...(description && { description }) });
const object = (properties: Record<string, Json>, required: string[] = Object.keys(properties), extra: Json = {}): Json => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

/** A zod schema as a JSON Schema (2020-12, the dialect of OpenAPI 3.1), as a client must send it. */
function fromZod(schema: z.ZodType, description: string): Json {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Json;
  return { description, ...jsonSchema };
}

const labelsTable = (labels: Record<string, { kk: string; ru: string; en: string }>) =>
  Object.entries(labels)
    .map(([value, l]) => `| \`${value}\` | ${l.kk} | ${l.ru} | ${l.en} |`)
    .join('\n');

const IIN = { type: 'string', pattern: '^\\d{12}$', description: 'Individual identification number (ЖСН / ИИН), 12 digits.' };
const REGISTER_NUMBER = { type: 'string', pattern: '^\\d{15}$' };
const BODY_CODE = { type: 'string', pattern: '^\\d{6}$', description: '6-digit code of the criminal-prosecution body.' };
const BASE64 = { type: 'string', contentEncoding: 'base64' };

const ERROR_RESPONSES = {
  400: ['BadRequest', 'The request is malformed or has invalid fields (`fields` names each one)'],
  401: ['Unauthenticated', 'Not logged in, or the login was refused'],
  403: ['Forbidden', 'Logged in, but not allowed to do this'],
  404: ['NotFound', 'No such thing, or not visible to this user'],
  409: ['Conflict', 'Refused by the rules of the process in its current state'],
  413: ['PayloadTooLarge', 'The body is larger than this endpoint accepts'],
  429: ['TooManyRequests', 'Too many requests from this address or person; `Retry-After` says when to try again'],
  422: ['Unprocessable', 'The electronic signature was not accepted (`reasons` says why)'],
  503: ['Unavailable', 'A service this request depends on does not answer; retry shortly'],
  500: ['Internal', 'An unexpected fault; the response carries `X-Request-Id` for the logs'],
} as const;
type ErrorStatus = keyof typeof ERROR_RESPONSES;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Operations

interface OperationSpec {
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  /**
   * public: no login; user: a session token (`Authorization: Bearer`); codec: the codec endpoint's
   * own check of the bearer token (a history reader's session, or the codec access token);
   * capability: the same check of the token in the path.
   */
  access: 'public' | 'user' | 'codec' | 'capability';
  /** Official roles of which the user needs at least one (enforced before the handler runs). */
  roles?: readonly OfficialRole[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  /** Machine error codes (`error.code`) by HTTP status. */
  errors?: Partial<Record<ErrorStatus, readonly string[]>>;
}

/** The operations api/abuse.ts rate-limits: the login challenge (per address) and SUBMISSION_ROUTES (per person). */
const RATE_LIMITED_OPERATIONS = ['authChallenge', 'uploadFile', 'submitReport', 'submitPetition', 'submitComplaint', 'submitTranslation', 'submitArchiveRequest', 'submitArchiveRequestAtStateCorporation', 'submitOffenceInformationRequest'];

function operation(spec: OperationSpec): Json {
  const errors: Partial<Record<ErrorStatus, string[]>> = {};
  for (const [status, codes] of Object.entries(spec.errors ?? {})) errors[Number(status) as ErrorStatus] = [...(codes ?? [])];
  const add = (status: ErrorStatus, code: string) => {
    const list = (errors[status] ??= []);
    if (!list.includes(code)) list.push(code);
  };
  if (spec.access === 'user') add(401, 'UNAUTHENTICATED');
  if (spec.roles) add(403, 'FORBIDDEN');
  if (RATE_LIMITED_OPERATIONS.includes(spec.operationId)) add(429, 'RATE_LIMITED');
  add(500, 'INTERNAL');

  const statuses = (Object.keys(errors).map(Number) as ErrorStatus[]).sort((a, b) => a - b);
  const responses: Record<string, Json> = { ...spec.responses };
  for (const status of statuses) {
    if (responses[status]) continue; // described by the route itself (GET /ready answers 503 with its report)
    const [name, meaning] = ERROR_RESPONSES[status];
    responses[status] = { $ref: `#/components/responses/${name}`, description: `${meaning}. Codes: ${errors[status]!.map((c) => `\`${c}\``).join(', ')}.` };
  }

  const access =
    spec.access === 'public'
      ? 'Public: no login needed.'
      : spec.access === 'user'
        ? 'Needs a session token (`Authorization: Bearer <token>`, see the `bearer` security scheme).'
        : spec.access === 'codec'
          ? 'Needs `Authorization: Bearer` with the codec access token, or the session token of a person allowed to read workflow histories.'
          : 'The token in the path: the codec access token, or the session token of a person allowed to read workflow histories.';
  const roles = spec.roles ? `\n\n**Roles:** at least one of ${spec.roles.map((r) => `\`${r}\` (${ROLE_LABELS[r].en})`).join(', ')} — \`x-required-roles\`.` : '';
  const codes = statuses.map((s) => `- ${s}: ${errors[s]!.map((c) => `\`${c}\``).join(', ')}`).join('\n');

  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: `${spec.description}\n\n**Access:** ${access}${roles}\n\n**Error codes** (\`error.code\`):\n${codes}`,
    security: spec.access === 'user' || spec.access === 'codec' ? [{ bearer: [] }] : [],
    ...(spec.roles && { 'x-required-roles': [...spec.roles] }),
    'x-error-codes': Object.fromEntries(statuses.map((s) => [String(s), errors[s]])),
    ...(spec.parameters && { parameters: spec.parameters }),
    ...(spec.requestBody && { requestBody: spec.requestBody }),
    responses,
  };
}

const json = (schema: Json, description: string, headers?: Json): Json => ({
  description,
  ...(headers && { headers }),
  content: { 'application/json': { schema } },
});
const jsonBody = (schema: Json, limit: string, description?: string): Json => ({
  required: true,
  description: `${description ? `${description} ` : ''}JSON, at most ${limit}.`,
  content: { 'application/json': { schema } },
});
const pathParam = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'path', required: true, description, schema });
const noContent = { description: 'Done; no body.' };
const download = (mediaType: string, description: string): Json => ({
  description,
  headers: {
    'Content-Disposition': { description: 'attachment; filename="…"; filename*=UTF-8\'\'… (RFC 6266; the UTF-8 form keeps Kazakh names intact)', schema: { type: 'string' } },
    'Cache-Control': { schema: { type: 'string', const: 'private, no-store' } },
  },
  content: { [mediaType]: { schema: { type: 'string', contentMediaType: mediaType } } },
});

// As enforced in api/reports.ts and platform/system.ts; tests/api/openapi.test.ts probes the
// server with each role, so these lists cannot drift from what the routes let through.
const QUEUE_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head', 'prosecutor'];
const DECIDING_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head'];
// Who may read decrypted workflow histories (platform/system.ts wires the codec endpoint so).
const HISTORY_READERS: OfficialRole[] = ['head', 'prosecutor', 'operator'];

// As enforced in api/ecase.ts.
const CASE_ROLES_LIST: OfficialRole[] = [...CASE_LIST_ROLES];
const CASE_CONDUCTING: OfficialRole[] = [...CONDUCTING_ROLES];
const erdrParam = pathParam('erdr', 'The 15-digit ERDR number of the case.', REGISTER_NUMBER);
/** Refusals any action on a case not in proceedings may get (001 ¶17–¶21, ¶29). */
const CASE_STATUS_REFUSALS = ['CASE_SUSPENDED', 'CASE_INACTIVE_FOR_SENDER', 'AWAITING_PROSECUTOR_REVIEW', 'CASE_ARCHIVED', 'CASE_SENT_TO_COURT', 'CASE_JOINED_INTO_ANOTHER', 'ACTION_IN_PROGRESS'];
/** A 409 of the case workflow: the rule's code, paragraph and text in three languages. */
const caseRefusal = (codes: string[]): Json =>
  json(ref('CaseRefusal'), `Refused by a rule of Instruction 001; \`source\` names its paragraph. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`);

const talonParam = pathParam('talon', 'The talon: the 15-digit number the applicant received on submission.', REGISTER_NUMBER);
const applicationIdParam = pathParam('id', 'The application id returned on filing.', { type: 'string', format: 'uuid' });
const fileIdParam = pathParam('id', 'The file id returned by the upload.', { type: 'string', format: 'uuid' });

function codecOperations(direction: 'encode' | 'decode', capability: boolean): Json {
  const verb = direction === 'encode' ? 'Encrypts' : 'Decrypts';
  return {
    post: operation({
      operationId: `codec${direction === 'encode' ? 'Encode' : 'Decode'}${capability ? 'WithCapability' : ''}`,
      tag: 'Codec',
      summary: `${verb} Temporal payloads${capability ? ' (capability path)' : ''}`,
      description:
        `${verb} payloads with the AES-256-GCM payload codec (the key id travels in the payload metadata), ` +
        'for the Temporal Web UI showing workflow histories. ' +
        (capability
          ? 'The token in the path stands in for the bearer token: it is configured as the codec endpoint of a Web UI without single sign-on and never shown to the public. '
          : 'The Web UI behind single sign-on passes the user’s token as `Authorization: Bearer`. ') +
        'A missing or unauthorised token answers 403, not 401. Browsers from the configured Web UI origin get CORS headers; their `OPTIONS` preflight is answered with 204.',
      access: capability ? 'capability' : 'codec',
      roles: HISTORY_READERS,
      parameters: capability ? [pathParam('token', 'The codec access token, or a history reader’s session token.')] : undefined,
      requestBody: jsonBody(ref('CodecPayloads'), '8 MB'),
      responses: { 200: json(ref('CodecPayloads'), `The payloads, ${direction}d, in the same order.`) },
      errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 413: ['PAYLOAD_TOO_LARGE'] },
    }),
  };
}

function paths(): Json {
  return {
    // ── Health ──────────────────────────────────────────────────────────────────────────────
    '/health': {
      get: operation({
        operationId: 'health',
        tag: 'Health',
        summary: 'Liveness',
        description: 'The process is alive. Checks nothing else.',
        access: 'public',
        responses: { 200: json(ref('Health'), 'Alive.') },
      }),
    },
    '/ready': {
      get: operation({
        operationId: 'ready',
        tag: 'Health',
        summary: 'Readiness',
        description:
          'Every part the API depends on works right now: PostgreSQL reachable (`postgres`), migrations current (`migrations`), ' +
          'Temporal reachable (`temporal`), a worker polling the task queue (`worker`). Each check gives up after 3 seconds.',
        access: 'public',
        responses: {
          200: json(ref('Readiness'), 'Every part is ready.'),
          503: json(ref('Readiness'), 'At least one part is not ready; `parts` says which and why.'),
        },
      }),
    },

    // ── Codec ───────────────────────────────────────────────────────────────────────────────
    '/codec/encode': codecOperations('encode', false),
    '/codec/decode': codecOperations('decode', false),
    '/codec/t/{token}/encode': codecOperations('encode', true),
    '/codec/t/{token}/decode': codecOperations('decode', true),

    // ── System ──────────────────────────────────────────────────────────────────────────────
    '/api/v1/system/links': {
      get: operation({
        operationId: 'systemLinks',
        tag: 'System',
        summary: 'Where the parts listen',
        description: 'Name → URL of every part of the running system, shown on the status page (empty in production).',
        access: 'public',
        responses: { 200: json({ type: 'object', additionalProperties: { type: 'string' } }, 'The links.') },
      }),
    },
    [OPENAPI_PATH]: {
      get: operation({
        operationId: 'openApiDocument',
        tag: 'System',
        summary: 'This document',
        description: 'The OpenAPI 3.1 description of the HTTP API.',
        access: 'public',
        responses: { 200: json(ref('OpenApiDocument'), 'The document.') },
      }),
    },

    // ── Authentication ──────────────────────────────────────────────────────────────────────
    '/api/v1/auth/challenge': {
      post: operation({
        operationId: 'authChallenge',
        tag: 'Authentication',
        summary: 'Start an EDS login',
        description: 'Hands out a single-use random nonce to be signed with the EDS authentication key (000 §3.2, 002 p.18). No body.',
        access: 'public',
        responses: { 201: json(ref('AuthChallenge'), 'The challenge.') },
      }),
    },
    '/api/v1/auth/login': {
      post: operation({
        operationId: 'authLogin',
        tag: 'Authentication',
        summary: 'Log in with the signed nonce',
        description:
          'Checks the CMS signature over the challenge nonce against the NCA trust anchors, with revocation (CRL/OCSP) and for the ' +
          'authentication key purpose, and opens a session. The challenge is spent by the first attempt, successful or not. ' +
          'The first login registers the person (role `participant`); official roles come from approved access applications.',
        access: 'public',
        requestBody: jsonBody(ref('LoginRequest'), '256 kB'),
        responses: { 200: json(ref('LoginResult'), 'Logged in.') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          401: ['CHALLENGE_INVALID', 'SIGNATURE_INVALID'],
          403: ['FORBIDDEN'],
          413: ['PAYLOAD_TOO_LARGE'],
          503: ['REVOCATION_UNAVAILABLE'],
        },
      }),
    },
    '/api/v1/auth/logout': {
      post: operation({
        operationId: 'authLogout',
        tag: 'Authentication',
        summary: 'End the session',
        description: 'Revokes the session token of the request.',
        access: 'user',
        responses: { 204: noContent },
      }),
    },
    '/api/v1/auth/me': {
      get: operation({
        operationId: 'authMe',
        tag: 'Authentication',
        summary: 'Who am I',
        description: 'The logged-in person with their roles and the bodies they serve.',
        access: 'user',
        responses: { 200: json(object({ user: ref('User') }), 'The user.') },
      }),
    },

    // ── Dictionaries ────────────────────────────────────────────────────────────────────────
    '/api/v1/dictionaries/regions': {
      get: operation({
        operationId: 'listRegions',
        tag: 'Dictionaries',
        summary: 'Regions',
        description: 'The regions (oblystar and cities of republican significance) of the crime-report form. Cacheable for an hour.',
        access: 'public',
        responses: { 200: json(arrayOf(ref('DictionaryEntry')), 'The regions.', { 'Cache-Control': { $ref: '#/components/headers/CacheControlHour' } }) },
      }),
    },
    '/api/v1/dictionaries/regions/{id}/districts': {
      get: operation({
        operationId: 'listDistricts',
        tag: 'Dictionaries',
        summary: 'Districts of a region',
        description: 'The districts and cities of a region. Cacheable for an hour.',
        access: 'public',
        parameters: [pathParam('id', 'Region id, e.g. `kz-ast`.')],
        responses: { 200: json(arrayOf(ref('DictionaryEntry')), 'The districts.', { 'Cache-Control': { $ref: '#/components/headers/CacheControlHour' } }) },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/dictionaries/districts/{id}/bodies': {
      get: operation({
        operationId: 'listBodies',
        tag: 'Dictionaries',
        summary: 'Bodies receiving reports in a district',
        description: 'The criminal-prosecution bodies a report from the district may go to: the district’s own police first, then the region-wide bodies. Cacheable for an hour.',
        access: 'public',
        parameters: [pathParam('id', 'District id, e.g. `kz-ast-saryarka`.')],
        responses: { 200: json(arrayOf(ref('BodyEntry')), 'The bodies.', { 'Cache-Control': { $ref: '#/components/headers/CacheControlHour' } }) },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },

    // ── Officials' access applications ──────────────────────────────────────────────────────
    '/api/v1/account-applications': {
      post: operation({
        operationId: 'fileAccountApplication',
        tag: 'Account applications',
        summary: 'File an access application (form A-5)',
        description:
          'Starts the workflow `account-application-<id>`; the Committee operator decides within one day (002 p.13–16). ' +
          '`REGISTRATION` and `TRANSFER` are filed by the official themself (the `iin` must be the user’s own); ' +
          '`BLOCKING` is filed by the operator, or by the `head` of the body (`bodyCode`) whose staff the official is — not a prosecutor or operator granted there (002 p.16); otherwise 403.',
        access: 'user',
        requestBody: jsonBody(ref('AccountApplicationRequest'), '64 kB'),
        responses: { 202: json(ref('AccountApplicationAccepted'), 'Filed; the decision follows.') },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/account-applications/{id}': {
      get: operation({
        operationId: 'getAccountApplication',
        tag: 'Account applications',
        summary: 'An access application and its state',
        description: 'Visible to the official it is about, to whoever filed it, and to operators; to anyone else it does not exist (404).',
        access: 'user',
        parameters: [applicationIdParam],
        responses: { 200: json(ref('AccountApplicationState'), 'The application.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/account-applications/{id}/decision': {
      post: operation({
        operationId: 'decideAccountApplication',
        tag: 'Account applications',
        summary: 'Decide an access application',
        description:
          'The Committee operator approves (determining the role, by default the requested one) or refuses with reasons (002 p.14). ' +
          'Never an application about or filed by the operator themself (403: another operator decides it). ' +
          'Rule violations answer 409 with the rule’s code.',
        access: 'user',
        roles: ['operator'],
        parameters: [applicationIdParam],
        requestBody: jsonBody(ref('OperatorDecisionRequest'), '64 kB'),
        responses: { 200: json(ref('AccountApplicationState'), 'Decided.') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          404: ['NOT_FOUND'],
          409: ['ALREADY_DECIDED', 'REASON_REQUIRED', 'ROLE_REQUIRED'],
          413: ['PAYLOAD_TOO_LARGE'],
        },
      }),
    },

    // ── Notifications ───────────────────────────────────────────────────────────────────────
    '/api/v1/notifications': {
      get: operation({
        operationId: 'listNotifications',
        tag: 'Notifications',
        summary: 'The notices in my cabinet',
        description: 'Every notice sent to the user by any process, newest first (001 ¶24), in pages.',
        access: 'user',
        parameters: [
          { name: 'unread', in: 'query', description: '`true`: only notices not yet read.', schema: { type: 'string', enum: ['true', 'false'] } },
          { name: 'limit', in: 'query', description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          { name: 'before', in: 'query', description: '`nextBefore` of the previous page: the next page holds older notices.', schema: { type: 'string', pattern: '^\\d{1,18}$' } },
        ],
        responses: { 200: json(ref('NotificationPage'), 'A page of notices.') },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/notifications/{id}/read': {
      post: operation({
        operationId: 'markNotificationRead',
        tag: 'Notifications',
        summary: 'Mark a notice read',
        description: 'Idempotent: reading twice keeps the first time. Someone else’s notice answers exactly like a missing one (404).',
        access: 'user',
        parameters: [pathParam('id', 'The notice id.', { type: 'string', pattern: '^\\d{1,18}$' })],
        responses: { 204: noContent },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },

    // ── Files ───────────────────────────────────────────────────────────────────────────────
    '/api/v1/files': {
      post: operation({
        operationId: 'uploadFile',
        tag: 'Files',
        summary: 'Upload an attachment with its detached EDS signature',
        description:
          `A file for a crime report (000 §3.3), at most ${MAX_FILE_BYTES / 1024 / 1024} MB, of an allowed type (detected from the bytes, not the name), ` +
          'with a detached CMS signature over its bytes made with the uploader’s own signing key (not the authentication key). ' +
          'Nothing is stored unless all of that holds. The response’s `id` and `sha256` go into `attachments` of the signed report.\n\n' +
          `Allowed media types: ${ALLOWED_MEDIA_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
        access: 'user',
        requestBody: {
          required: true,
          content: { 'multipart/form-data': { schema: ref('FileUpload'), encoding: { file: { contentType: 'application/octet-stream' } } } },
        },
        responses: { 201: json(ref('StoredFile'), 'Stored.') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST', 'FILE_NOT_ACCEPTED'],
          413: ['FILE_TOO_LARGE'],
          422: ['SIGNATURE_INVALID', 'WRONG_KEY_PURPOSE', 'SIGNER_MISMATCH'],
          503: ['REVOCATION_UNAVAILABLE'],
        },
      }),
    },
    '/api/v1/files/{id}': {
      get: operation({
        operationId: 'downloadFile',
        tag: 'Files',
        summary: 'Download a file',
        description:
          'The file as uploaded. Readable by its owner and by the officials (registry officer, investigator, head, prosecutor) of a body ' +
          'that has a report listing it; to anyone else it does not exist (404).',
        access: 'user',
        parameters: [fileIdParam],
        responses: { 200: download('application/octet-stream', 'The bytes, with the detected media type as `Content-Type`.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/files/{id}/pdf': {
      get: operation({
        operationId: 'downloadFilePdf',
        tag: 'Files',
        summary: 'Download the PDF conversion of a DOCX file',
        description: 'The PDF made from an uploaded DOCX; 404 for other types or before the conversion is done. Same readers as the file.',
        access: 'user',
        parameters: [fileIdParam],
        responses: { 200: download('application/pdf', 'The PDF.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },

    // ── Crime reports: citizens ─────────────────────────────────────────────────────────────
    '/api/v1/reports': {
      post: operation({
        operationId: 'submitReport',
        tag: 'Reports',
        summary: 'Submit a signed crime report',
        description:
          'The citizen signs the UTF-8 JSON of `SignedReportContent` with their signing key, content attached (CMS with encapsulated ' +
          'content), and sends it in base64. The whole submission is checked before anything is written: the signature (with ' +
          'revocation) and that the signer is the logged-in applicant, the content, the region → district → body choice, and that ' +
          'each attachment was uploaded by the applicant with the signed hash. Then the talon is issued and the report is recorded in ' +
          'one statement; the 202 is sent once that is committed, and the workflow `report-<talon>` starts from the record moments ' +
          'later (also after a restart). The registering body must decide within 24 hours of the submission.\n\n' +
          'The `Idempotency-Key` header makes retries safe: the same key with the same signed report answers 202 with the same talon; ' +
          'with a different report, 409 `IDEMPOTENCY_KEY_REUSED`.',
        access: 'user',
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: jsonBody(ref('ReportSubmission'), '2 MB'),
        responses: { 202: json(ref('ReportAccepted'), 'Accepted (or accepted before, for a retry).') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          409: ['IDEMPOTENCY_KEY_REUSED'],
          413: ['PAYLOAD_TOO_LARGE'],
          422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED'],
          503: ['REVOCATION_UNAVAILABLE'],
        },
      }),
      get: operation({
        operationId: 'listMyReports',
        tag: 'Reports',
        summary: 'My reports and their statuses',
        description: 'The user’s own reports, newest first, at most 200 (000 §3.4).',
        access: 'user',
        responses: { 200: json(object({ items: arrayOf(ref('ReportListItem')) }), 'The reports.') },
      }),
    },
    '/api/v1/reports/{talon}': {
      get: operation({
        operationId: 'getReport',
        tag: 'Reports',
        summary: 'A report: status, decision, materials, history, deadlines',
        description:
          'Visible to its applicant and to the officials (registry officer, investigator, head, prosecutor) of the body it is with; ' +
          'to anyone else it does not exist (404). In the moment between the 202 and the start of its workflow it is shown as accepted ' +
          '(status, talon, body), with empty history and deadlines.',
        access: 'user',
        parameters: [talonParam],
        responses: { 200: json(ref('ReportDetails'), 'The report.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/reports/{talon}/materials.zip': {
      get: operation({
        operationId: 'downloadReportMaterials',
        tag: 'Reports',
        summary: 'Download all materials (ZIP)',
        description: 'Every material of the report in one ZIP, streamed; names made safe and unique, stored as UTF-8. Same readers as the report.',
        access: 'user',
        parameters: [talonParam],
        responses: { 200: download('application/zip', 'The archive `<talon>.zip`.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },

    // ── Crime reports: officials ────────────────────────────────────────────────────────────
    '/api/v1/officials/reports': {
      get: operation({
        operationId: 'officialsReportQueue',
        tag: 'Officials',
        summary: 'The reports queue of my bodies',
        description: 'Reports with the bodies the official serves, the most urgent first (by the 24-hour registration deadline), at most 500.',
        access: 'user',
        roles: QUEUE_ROLES,
        parameters: [
          {
            name: 'status',
            in: 'query',
            description: 'Statuses to list, comma-separated. Default `AWAITING_REGISTRATION,REGISTERED_KUI,TRANSFERRED`.',
            style: 'form',
            explode: false,
            schema: { type: 'array', items: ref('ReportStatus') },
          },
        ],
        responses: { 200: json(object({ items: arrayOf(ref('QueueItem')) }), 'The queue.') },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/reports/{talon}/kui-registration': {
      post: operation({
        operationId: 'registerReportInKui',
        tag: 'Officials',
        summary: 'Register the report in the KUI book',
        description:
          'Allocates the KUI number (book of registration of criminal offences) and moves the report to `REGISTERED_KUI`. ' +
          'Only a registry officer of the body the report is with: 403 to others who may read the report, 404 to officials of other bodies (as for reading it). No body.',
        access: 'user',
        roles: ['registry_officer'],
        parameters: [talonParam],
        responses: { 200: json(ref('KuiRegistration'), 'Registered.') },
        errors: { 404: ['NOT_FOUND'], 409: ['ALREADY_REGISTERED', 'REGISTRATION_IN_PROGRESS', 'REPORT_REJECTED'] },
      }),
    },
    '/api/v1/reports/{talon}/decision': {
      post: operation({
        operationId: 'decideReport',
        tag: 'Officials',
        summary: 'Decide a report registered in the KUI book',
        description:
          'Register in the ERDR (an ERDR number is allocated and the case opened), transfer by jurisdiction to another body, attach ' +
          'to an existing criminal case, or refuse registration with reasons. Only an official with one of the roles in the body ' +
          'the report is with: 403 to others who may read the report, 404 to officials of other bodies; the body is checked after that. Rule violations answer 409 with the rule’s code.',
        access: 'user',
        roles: DECIDING_ROLES,
        parameters: [talonParam],
        requestBody: jsonBody(ref('ReportDecision'), '2 MB'),
        responses: { 200: json(ref('ReportDecisionResult'), 'Decided.') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          404: ['NOT_FOUND'],
          409: ['ALREADY_DECIDED', 'DECISION_IN_PROGRESS', 'NOT_REGISTERED_IN_KUI', 'UNKNOWN_BODY', 'SAME_BODY', 'REPORT_REJECTED'],
          413: ['PAYLOAD_TOO_LARGE'],
        },
      }),
    },

    // ── Electronic criminal case ────────────────────────────────────────────────────────────
    '/api/v1/officials/cases': {
      get: operation({
        operationId: 'officialsCaseList',
        tag: 'Cases',
        summary: 'My criminal cases, the soonest deadline first',
        description:
          'Running cases the official conducts, supervises as prosecutor, or — as head — all cases of the bodies they head, ' +
          'from Temporal visibility (search attributes `Official` and `Prosecutor`, which hold keyed pseudonyms of the IINs, and `Body`), ordered by `NextDeadlineAt` ' +
          '(the earliest open 24-hour duty; cases without one last), at most 1000.',
        access: 'user',
        roles: CASE_ROLES_LIST,
        responses: { 200: json(object({ items: arrayOf(ref('CaseListItem')) }), 'The cases.') },
      }),
    },
    '/api/v1/cases/{erdr}': {
      get: operation({
        operationId: 'getCase',
        tag: 'Cases',
        summary: 'A criminal case',
        description:
          'The case as its workflow holds it: status, format, documents with SHA-256, participants, obligations and deadlines, events. ' +
          'Visible to the conducting official and their head, the supervising prosecutor, group members and departmental control ' +
          '(001 ¶30–33); a confirmed participant sees the case header and their own part (¶26, `access: public`). Anyone else gets 404.',
        access: 'user',
        parameters: [erdrParam],
        responses: { 200: json(ref('Case'), 'The case.') },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/cases/{erdr}/documents/{documentId}': {
      get: operation({
        operationId: 'downloadCaseDocument',
        tag: 'Cases',
        summary: 'Download a document of the case',
        description:
          'One document of the case by its id (`d1`, `d2`…): for those who see the whole case, and for a participant only the documents ' +
          'granted to them by an answered access request (000 §4.5, 001 ¶26; `grantedDocuments` in their view of the case). 404 otherwise.',
        access: 'user',
        parameters: [erdrParam, pathParam('documentId', 'The document id within the case.', { type: 'string' })],
        responses: { 200: download('application/octet-stream', 'The document (usually a PDF).') },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/cases/{erdr}/timeline': {
      get: operation({
        operationId: 'getCaseTimeline',
        tag: 'Cases',
        summary: 'The case’s history as a readable timeline',
        description:
          'Who did what and when, with the paragraph of 001 each step follows, and each deadline reminded, breached, met or met late, in time order, ' +
          'from the registration on: the case carries its latest events, the older ones are read from the audit chain. ' +
          'For the officials and the prosecutor who see the case (404 otherwise, also for participants).',
        access: 'user',
        parameters: [erdrParam],
        responses: { 200: json(object({ erdrNumber: REGISTER_NUMBER, entries: arrayOf(ref('TimelineEntry')) }), 'The timeline.') },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/cases/{erdr}/format': {
      post: operation({
        operationId: 'resolveCaseFormat',
        tag: 'Cases',
        summary: 'Take the case into proceedings and resolve its format',
        description:
          '001 ¶10: the official conducting the case resolves the format, electronic or paper, once. The supervising prosecutor gets the ' +
          'notice within 24 hours, participants with a status of ¶10 are told within 24 hours. Paper → electronic is refused (except on joining, ¶17); ' +
          'electronic → paper needs a reasoned resolution on a ¶22 ground. Only the conducting official (403 for others who see the case).',
        access: 'user',
        roles: CASE_CONDUCTING,
        parameters: [erdrParam],
        requestBody: jsonBody(ref('ResolveFormat'), '64 KB'),
        responses: {
          200: json(ref('Case'), 'Resolved; the case as it now stands.'),
          409: caseRefusal(['FORMAT_ALREADY_RESOLVED', 'PAPER_TO_ELECTRONIC_FORBIDDEN', 'SWITCH_NEEDS_REASONED_RESOLUTION', 'NOT_ASSIGNED_OFFICIAL', 'FORMAT_NOT_RESOLVED', ...CASE_STATUS_REFUSALS]),
        },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          403: ['FORBIDDEN'],
          404: ['NOT_FOUND'],
          409: ['FORMAT_ALREADY_RESOLVED', 'PAPER_TO_ELECTRONIC_FORBIDDEN', 'SWITCH_NEEDS_REASONED_RESOLUTION', 'NOT_ASSIGNED_OFFICIAL', 'FORMAT_NOT_RESOLVED', ...CASE_STATUS_REFUSALS],
          413: ['PAYLOAD_TOO_LARGE'],
        },
      }),
    },
    '/api/v1/cases/{erdr}/participants': {
      post: operation({
        operationId: 'addCaseParticipant',
        tag: 'Cases',
        summary: 'Add a participant with their procedural status',
        description:
          '001 ¶26: a participant of the case; `represents` is the ERDR’s mark of a defender or representative naming the suspect or accused (`p1`…) they act for (000 §4.9). ' +
          'Once the format is resolved, a participant with a status of ¶10 (suspect, victim, defender…) ' +
          'is told the format within 24 hours by SMS from 1414 and e-mail, or a paper letter is prepared (¶24). Only the conducting official.',
        access: 'user',
        roles: CASE_CONDUCTING,
        parameters: [erdrParam],
        requestBody: jsonBody(ref('AddParticipant'), '64 KB'),
        responses: {
          201: json(ref('Case'), 'Added; the case as it now stands.'),
          409: caseRefusal(['UNKNOWN_ROLE', 'INVALID_IIN', 'PARTICIPANT_EXISTS', 'MARK_NOT_APPLICABLE', 'MARK_NAMES_NO_SUSPECT', ...CASE_STATUS_REFUSALS]),
        },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          403: ['FORBIDDEN'],
          404: ['NOT_FOUND'],
          409: ['UNKNOWN_ROLE', 'INVALID_IIN', 'PARTICIPANT_EXISTS', 'MARK_NOT_APPLICABLE', 'MARK_NAMES_NO_SUSPECT', ...CASE_STATUS_REFUSALS],
          413: ['PAYLOAD_TOO_LARGE'],
        },
      }),
    },
    '/api/v1/cases/{erdr}/participants/{iin}/confirmation': {
      post: operation({
        operationId: 'confirmCaseParticipant',
        tag: 'Cases',
        summary: 'Confirm a participant’s procedural status',
        description: '001 ¶26: the confirmation opens the case to the participant in the Public Sector. Only the conducting official. No body.',
        access: 'user',
        roles: CASE_CONDUCTING,
        parameters: [erdrParam, pathParam('iin', 'The participant’s IIN.', IIN)],
        responses: {
          200: json(ref('Case'), 'Confirmed; the case as it now stands.'),
          409: caseRefusal(['UNKNOWN_PARTICIPANT', ...CASE_STATUS_REFUSALS]),
        },
        errors: { 400: ['VALIDATION_FAILED'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['UNKNOWN_PARTICIPANT', ...CASE_STATUS_REFUSALS] },
      }),
    },
    '/api/v1/cases/{erdr}/supervision': {
      post: operation({
        operationId: 'superviseCase',
        tag: 'Cases',
        summary: 'Take the case under prosecutorial supervision',
        description:
          '001 ¶27, ¶30: a prosecutor serving the case’s body becomes its supervising prosecutor: they receive the format notice (¶10) and ' +
          'every procedural decision (¶27) and see the case. A case of another body answers 404. No body.',
        access: 'user',
        roles: ['prosecutor'],
        parameters: [erdrParam],
        responses: {
          200: json(ref('Case'), 'Supervised; the case as it now stands.'),
          409: caseRefusal(['ALREADY_SUPERVISED', 'CASE_INACTIVE_FOR_SENDER', 'ACTION_IN_PROGRESS']),
        },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'], 409: ['ALREADY_SUPERVISED', 'CASE_INACTIVE_FOR_SENDER', 'ACTION_IN_PROGRESS'] },
      }),
    },
    ...petitionPaths(),
    ...complaintPaths(),
    ...translationPaths(),
    ...stateServicePaths(),
    ...statisticsPaths(),
    ...auditLogPaths(),
    ...officialQueryPaths(),
    ...queryReviewPaths(),
    ...incidentPaths(),
    ...decisionsPaths(),
    ...profilePaths(),
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Components

function schemas(): Record<string, Json> {
  const localised = ref('LocalisedText');
  const deadline = object(
    {
      key: { type: 'string', description: 'Unique within the process: the rule plus what it is about.' },
      rule: { type: 'string', enum: Object.keys(DEADLINE_RULES), description: 'The rule of the deadline policy table (domain/deadlines.ts), with its legal source.' },
      startedAt: dateTime(),
      dueAt: dateTime(),
      state: { type: 'string', enum: ['pending', 'met', 'breached', 'late', 'cancelled'] },
      remindedAt: dateTime(),
      breachedAt: dateTime(),
      completedAt: dateTime(),
    },
    ['key', 'rule', 'startedAt', 'dueAt', 'state'],
  );
  const registeringBody = nullable(object({ id: { type: 'string' }, code: BODY_CODE, name: localised }));

  return {
    LocalisedText: object(
      { kk: { type: 'string', description: 'Kazakh' }, ru: { type: 'string', description: 'Russian' }, en: { type: 'string', description: 'English' } },
      ['kk', 'ru', 'en'],
      { description: 'A text in the three languages of the service.' },
    ),
    Error: object(
      {
        error: object(
          {
            code: { type: 'string', description: 'Stable machine code, e.g. `VALIDATION_FAILED`; each operation lists its codes.' },
            message: { type: 'string', description: 'Technical message in English.' },
            fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Invalid field (path, or header name) → what is wrong.' },
            localised: { ...localised, description: 'What to show a person, in kk/ru/en.' },
            reasons: arrayOf(ref('SignatureReason'), 'Why a signature was not accepted.'),
          },
          ['code', 'message'],
        ),
      },
      ['error'],
      { description: 'Every failure: `{ error: { code, message, fields?, localised?, reasons? } }`.' },
    ),
    SignatureReason: object(
      {
        code: { type: 'string', enum: [...REASON_CODES] },
        message: { type: 'string' },
        localised,
      },
      ['code', 'message'],
    ),
    Role: {
      type: 'string',
      enum: ['participant', ...OFFICIAL_ROLES],
      description: `Every logged-in person is a \`participant\`; official roles are granted per body by the Committee operator.\n\n| role | kk | ru | en |\n|---|---|---|---|\n${labelsTable(ROLE_LABELS)}`,
      'x-enum-labels': ROLE_LABELS,
    },
    OfficialRole: { type: 'string', enum: [...OFFICIAL_ROLES], description: 'An official role (see `Role` for the labels).' },
    ReportStatus: {
      type: 'string',
      enum: [...REPORT_STATUSES],
      description: `Status of a crime report; responses carry the label as \`statusLabel\`.\n\n| status | kk | ru | en |\n|---|---|---|---|\n${labelsTable(REPORT_STATUS_LABELS)}`,
      'x-enum-labels': REPORT_STATUS_LABELS,
    },

    Health: object({ ok: { type: 'boolean', const: true }, startedAt: dateTime(), uptimeSeconds: { type: 'integer' } }),
    Readiness: object({
      ok: { type: 'boolean' },
      parts: {
        type: 'object',
        description: 'By part: `postgres`, `migrations`, `temporal`, `worker`.',
        additionalProperties: object({ ok: { type: 'boolean' }, detail: {}, error: { type: 'string' }, ms: { type: 'integer' } }, ['ok']),
      },
    }),
    CodecPayloads: object({
      payloads: arrayOf(
        object({ metadata: { type: 'object', additionalProperties: BASE64 }, data: BASE64 }, [], { description: 'A Temporal payload; metadata values and data in base64.' }),
      ),
    }),

    AuthChallenge: object({
      challengeId: { type: 'string', format: 'uuid' },
      nonce: { ...BASE64, description: '32 random bytes. Sign these bytes (not their base64 text).' },
      expiresAt: dateTime(),
    }),
    LoginRequest: object({
      challengeId: { type: 'string', format: 'uuid' },
      signature: { type: 'string', minLength: 16, pattern: '^[A-Za-z0-9+/=\\s-]+$', description: 'Base64 CMS over the nonce, made with the EDS authentication key.' },
    }),
    LoginResult: object({ token: { type: 'string', description: 'The session token for `Authorization: Bearer`.' }, user: ref('User') }),
    User: object({
      iin: IIN,
      name: { type: 'string' },
      locale: { type: 'string', enum: [...LOCALES], description: 'The language messages are sent in (profile setting; Kazakh by default).' },
      roles: arrayOf(ref('Role'), '`participant` and every official role held in any body.'),
      grants: arrayOf(object({ role: ref('OfficialRole'), bodyCode: BODY_CODE }), 'Official roles and the body each is held in.'),
    }),

    DictionaryEntry: object({ id: { type: 'string' }, code: { type: 'string' }, name: localised }),
    BodyEntry: object({ id: { type: 'string' }, code: BODY_CODE, name: localised, kind: { type: 'string', enum: [...BODY_KINDS] } }),

    AccountApplicationRequest: {
      description: 'Form A-5. `REGISTRATION`/`TRANSFER` name the requested role; `BLOCKING` names the reason.',
      oneOf: [
        object(
          {
            kind: { type: 'string', enum: ['REGISTRATION', 'TRANSFER'] },
            iin: IIN,
            fullName: { type: 'string', minLength: 3, maxLength: 200 },
            position: { type: 'string', minLength: 2, maxLength: 200 },
            bodyCode: BODY_CODE,
            requestedRole: ref('OfficialRole'),
          },
          undefined,
          { title: 'Registration or transfer' },
        ),
        object(
          {
            kind: { type: 'string', const: 'BLOCKING' },
            iin: IIN,
            fullName: { type: 'string', minLength: 3, maxLength: 200 },
            position: { type: 'string', maxLength: 200, default: '' },
            bodyCode: BODY_CODE,
            reason: { type: 'string', minLength: 5, maxLength: 2000, description: 'Dismissal, removal, absence over two months, own request, violation (002 p.12, p.16).' },
          },
          ['kind', 'iin', 'fullName', 'bodyCode', 'reason'],
          { title: 'Blocking' },
        ),
      ],
    },
    AccountApplicationAccepted: object({ applicationId: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['SUBMITTED', 'BLOCKING'] } }),
    OperatorDecisionRequest: object(
      {
        approve: { type: 'boolean' },
        role: { ...ref('OfficialRole'), description: 'On approval: the role granted; by default the requested one.' },
        reason: { type: 'string', maxLength: 2000, description: 'Required on refusal (002 p.14).' },
      },
      ['approve'],
    ),
    AccountApplicationState: object(
      {
        application: object(
          {
            applicationId: { type: 'string', format: 'uuid' },
            kind: { type: 'string', enum: ['REGISTRATION', 'TRANSFER', 'BLOCKING'] },
            iin: IIN,
            fullName: { type: 'string' },
            position: { type: 'string' },
            bodyCode: BODY_CODE,
            requestedRole: ref('OfficialRole'),
            reason: { type: 'string' },
            submittedBy: IIN,
          },
          ['applicationId', 'kind', 'iin', 'fullName', 'position', 'bodyCode', 'submittedBy'],
        ),
        status: { type: 'string', enum: ['SUBMITTED', 'APPROVED', 'REFUSED', 'BLOCKED'] },
        decision: object(
          { approve: { type: 'boolean' }, role: ref('OfficialRole'), reason: { type: 'string' }, operatorIin: IIN, decidedAt: dateTime() },
          ['approve', 'operatorIin', 'decidedAt'],
        ),
        deadlines: arrayOf(ref('Deadline')),
      },
      ['application', 'status', 'deadlines'],
    ),
    Deadline: deadline,

    Notification: object({
      id: { type: 'string', pattern: '^\\d+$' },
      subject: { type: 'string', description: 'What it is about, e.g. a talon or an ERDR number.' },
      kind: { type: 'string', description: 'e.g. `report.accepted`.' },
      title: { type: 'string' },
      body: { type: 'string' },
      channels: arrayOf({ type: 'string' }, 'Where it was sent: `cabinet`, `email`, `sms`.'),
      createdAt: dateTime(),
      readAt: nullable(dateTime()),
    }),
    NotificationPage: object({
      items: arrayOf(ref('Notification')),
      nextBefore: nullable({ type: 'string', description: 'Pass as `before` for the next page; null on the last page.' }),
    }),

    FileUpload: object(
      {
        file: { type: 'string', contentMediaType: 'application/octet-stream', description: `The file, at most ${MAX_FILE_BYTES} bytes; its name is kept (made safe).` },
        signature: { type: 'string', description: 'Detached CMS over the file’s bytes, base64, made with the uploader’s signing key.' },
      },
      ['file', 'signature'],
    ),
    StoredFile: object({
      id: { type: 'string', format: 'uuid' },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      mediaType: { type: 'string', enum: [...ALLOWED_MEDIA_TYPES] },
      size: { type: 'integer' },
      name: { type: 'string' },
    }),

    SignedReportContent: fromZod(
      signedReportContent,
      'The crime report as the citizen signs it: UTF-8 JSON, the encapsulated content of the CMS in `ReportSubmission.signedReport`. ' +
        'Stored exactly as signed. `regionId` → `districtId` → `bodyId` come from the dictionaries; `attachments` are files uploaded ' +
        'beforehand (POST /api/v1/files) with their SHA-256; `falseReportWarningAccepted` confirms the Criminal Code art. 419 warning.',
    ),
    ReportSubmission: object({
      signedReport: {
        type: 'string',
        minLength: 1,
        pattern: '^[A-Za-z0-9+/=\\s]+$',
        contentEncoding: 'base64',
        contentMediaType: 'application/pkcs7-mime',
        contentSchema: ref('SignedReportContent'),
        description: 'Base64 CMS with attached content; the content is the UTF-8 JSON of `SignedReportContent`.',
      },
    }),
    ReportAccepted: object({ talon: { ...REGISTER_NUMBER, description: 'The talon: the number the applicant keeps.' }, status: ref('ReportStatus') }),
    ReportListItem: object({
      talon: REGISTER_NUMBER,
      status: ref('ReportStatus'),
      statusLabel: localised,
      description: { type: 'string', description: 'The opening of the fabula.' },
      registeringBody,
      submittedAt: dateTime(),
      kuiNumber: nullable(REGISTER_NUMBER),
      erdrNumber: nullable(REGISTER_NUMBER),
    }),
    ReportDetails: object({
      talon: REGISTER_NUMBER,
      status: ref('ReportStatus'),
      statusLabel: localised,
      description: { type: 'string' },
      registeringBody,
      submittedAt: dateTime(),
      kuiNumber: nullable(REGISTER_NUMBER),
      erdrNumber: nullable(REGISTER_NUMBER),
      decision: nullable(ref('RecordedDecision')),
      rejectionReasons: nullable(arrayOf(object({ code: { type: 'string' }, message: { type: 'string' } }))),
      materials: arrayOf(
        object({
          name: { type: 'string' },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          mediaType: { type: 'string' },
          size: { type: 'integer' },
          kind: { type: 'string', enum: ['attachment', 'converted_pdf', 'official_document'] },
          addedAt: dateTime(),
          fileId: nullable({ type: 'string', format: 'uuid' }),
        }),
      ),
      history: arrayOf(object({ at: dateTime(), status: ref('ReportStatus'), by: IIN, note: { type: 'string' } }, ['at', 'status'])),
      deadlines: arrayOf(ref('Deadline')),
    }),
    QueueItem: object({
      talon: REGISTER_NUMBER,
      status: ref('ReportStatus'),
      statusLabel: localised,
      registeringBody,
      submittedAt: dateTime(),
      dueAt: dateTime('The 24-hour registration deadline.'),
      timeLeftMs: { type: 'integer', description: 'Negative when overdue.' },
      overdue: { type: 'boolean' },
      kuiNumber: nullable(REGISTER_NUMBER),
    }),
    ReportDecision: fromZod(reportDecisionSchema, 'An official’s decision on a report registered in the KUI book, by `kind`.'),
    RecordedDecision: {
      allOf: [
        ref('ReportDecision'),
        object({ by: IIN, at: dateTime(), late: { type: 'boolean', description: 'Taken after the deadline.' } }),
      ],
    },
    KuiRegistration: object({ talon: REGISTER_NUMBER, status: ref('ReportStatus'), kuiNumber: REGISTER_NUMBER }),
    ReportDecisionResult: object(
      {
        talon: REGISTER_NUMBER,
        status: ref('ReportStatus'),
        statusLabel: localised,
        kuiNumber: REGISTER_NUMBER,
        erdrNumber: REGISTER_NUMBER,
        decision: ref('RecordedDecision'),
      },
      ['talon', 'status', 'statusLabel', 'kuiNumber'],
    ),
    OpenApiDocument: { type: 'object', required: ['openapi', 'info', 'paths'], description: 'An OpenAPI 3.1 document.' },
    CaseStatus: {
      type: 'string',
      enum: [...CASE_STATUSES],
      'x-enum-labels': CASE_STATUS_LABELS,
      description: `Where a criminal case stands (001):\n\n| status | kk | ru | en |\n|---|---|---|---|\n${labelsTable(CASE_STATUS_LABELS)}`,
    },
    CaseListItem: object({
      erdrNumber: REGISTER_NUMBER,
      status: nullable(ref('CaseStatus')),
      format: nullable({ type: 'string', enum: [...CASE_FORMATS] }),
      bodyCode: nullable(BODY_CODE),
      nextDeadlineAt: nullable(dateTime('The earliest open 24-hour duty of the case.')),
      overdue: { type: 'boolean', description: 'An open duty is past its limit.' },
    }),
    Case: {
      type: 'object',
      description:
        'The case as its workflow holds it (domain/ecase.ts `CaseState`), with `access` (`conduct`, `supervise`, `control`, `public`). ' +
        'A participant (`public`) gets only the header, their own entries in `participants`, and `grantedDocuments` (opened by an answered access request, 000 §4.5).',
      required: ['access', 'erdrNumber', 'bodyCode', 'status', 'statusLabel'],
      properties: {
        access: { type: 'string', enum: ['conduct', 'supervise', 'control', 'public'] },
        accessSource: { type: 'string', description: 'The paragraph of 001 that grants the access.' },
        erdrNumber: REGISTER_NUMBER,
        talon: REGISTER_NUMBER,
        bodyCode: BODY_CODE,
        registeredAt: dateTime(),
        officialIin: IIN,
        prosecutorIin: IIN,
        format: nullable({ type: 'string', enum: [...CASE_FORMATS] }),
        status: ref('CaseStatus'),
        statusLabel: localised,
        documents: arrayOf(
          object(
            { id: { type: 'string' }, kind: { type: 'string' }, generatedKind: { type: 'string' }, title: {}, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, addedAt: dateTime(), by: { type: 'string' } },
            ['id', 'kind', 'title', 'sha256', 'addedAt', 'by'],
          ),
          'Every document with its SHA-256 (the file store key); ¶11’s three are generated on registration.',
        ),
        participants: arrayOf(
          object(
            { id: { type: 'string' }, iin: IIN, fullName: { type: 'string' }, role: { type: 'string', enum: [...PARTICIPANT_ROLES] }, confirmedAt: dateTime(), informedAt: dateTime(), channels: arrayOf({ type: 'string' }) },
            ['id', 'fullName', 'role'],
          ),
        ),
        obligations: arrayOf({ type: 'object', description: 'A 24-hour duty: `key`, `rule`, `startedAt`, `metAt`, `cancelledAt`.' }),
        events: arrayOf({ type: 'object', description: '`seq`, `at`, `by`, `action`, `source`, `note`. The latest events (up to 500); the whole history is the timeline.' }),
        deadlines: arrayOf(ref('Deadline')),
      },
    },
    TimelineEntry: object(
      {
        at: dateTime(),
        by: { type: 'string', description: 'IIN of the official or prosecutor, or `system`.' },
        what: { type: 'string', description: 'The step, e.g. `format.resolved`, `participant.informed`, `deadline.met`.' },
        source: { type: 'string', description: 'The paragraph of 001 the step follows.' },
        note: { type: 'string' },
        deadline: object({ key: { type: 'string' }, outcome: { type: 'string', enum: ['reminded', 'breached', 'met', 'late', 'cancelled'] }, dueAt: dateTime() }),
      },
      ['at', 'by', 'what'],
    ),
    ResolveFormat: fromZod(resolveFormatBody, 'The format resolution (001 ¶10).'),
    AddParticipant: fromZod(addParticipantBody, 'A participant with their procedural status and how to reach them (001 ¶24, ¶26).'),
    CaseRefusal: object(
      {
        error: object(
          {
            code: { type: 'string', description: 'The rule refused, e.g. `FORMAT_ALREADY_RESOLVED`.' },
            message: { type: 'string', description: 'Technical message in English.' },
            localised: { ...localised, description: 'The refusal in kk/ru/en.' },
            source: { type: 'string', description: 'The paragraph of Instruction 001 the rule comes from, e.g. `001 ¶10`.' },
          },
          ['code', 'message'],
        ),
      },
      ['error'],
      { description: 'A refusal by the rules of the criminal case: `{ error: { code, message, localised, source } }`.' },
    ),
    ...petitionSchemas(),
    ...complaintSchemas(),
    ...translationSchemas(),
    ...stateServiceSchemas(),
    ...decisionsSchemas(),
    ...profileSchemas(),
  };
}

function responses(): Record<string, Json> {
  return Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(([name, meaning]) => [name, { description: `${meaning}.`, content: { 'application/json': { schema: ref('Error') } } }]),
  );
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const LOGIN_FLOW = [
  'A session token from the EDS login (000 §3.2, 002 p.18):',
  '',
  '1. `POST /api/v1/auth/challenge` → `{ challengeId, nonce, expiresAt }`; the nonce is 32 random bytes in base64, single use, valid for a few minutes.',
  '2. Sign the nonce bytes with the **authentication** key (AUTH_RSA / AUTH_GOST) of your NCA RK certificate — NCALayer in a browser, or `npm run eds -- sign` — producing a CMS (base64).',
  '3. `POST /api/v1/auth/login` with `{ challengeId, signature }`. The signature is checked against the NCA trust anchors with revocation and for the authentication key purpose; the answer is `{ token, user }`.',
  '4. Send `Authorization: Bearer <token>` on every request. `POST /api/v1/auth/logout` ends the session.',
  '',
  'Documents (crime reports, attachments) are signed with the **signing** key (RSA / GOST), not the authentication key.',
].join('\n');

/** The two material downloads a petition or a complaint offers (000 §4.6: one file, or all as a ZIP). */
function submissionMaterialsPaths(kind: 'petition' | 'complaint', tag: string, idParam: Json, zipContents: string): Record<string, Json> {
  const Kind = kind[0].toUpperCase() + kind.slice(1);
  return {
    [`/api/v1/${kind}s/{id}/materials.zip`]: {
      get: operation({
        operationId: `download${Kind}Materials`,
        tag,
        summary: `Download all materials of a ${kind} (ZIP)`,
        description: `${zipContents} Same readers as the ${kind}.`,
        access: 'user',
        parameters: [idParam],
        responses: { 200: download('application/zip', 'The archive.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    [`/api/v1/${kind}s/{id}/materials/{sha256}`]: {
      get: operation({
        operationId: `download${Kind}Material`,
        tag,
        summary: `Download one material of a ${kind}`,
        description: `One material by its SHA-256. Same readers as the ${kind}.`,
        access: 'user',
        parameters: [idParam, pathParam('sha256', 'The material\'s SHA-256.', { type: 'string', pattern: '^[0-9a-f]{64}$' })],
        responses: { 200: download('application/octet-stream', 'The file.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
  };
}

function buildDocument(): Json {
  return {
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
      { name: 'Notifications', description: 'The notices in a person’s cabinet.' },
      { name: 'Files', description: 'Signed attachments.' },
      { name: 'Reports', description: 'Crime reports: the citizen’s side.' },
      { name: 'Officials', description: 'Crime reports: the officials’ queue and actions.' },
      { name: 'Cases', description: 'The electronic criminal case (001): officials’ list, the case, its timeline and actions.' },
      { name: 'Complaints', description: 'Complaints on a running case (000 §4.10, CPC art. 105–106): filing, status list, the prosecutors’ queue, extension and decision.' },
      { name: 'Petitions', description: 'Petitions on a running case (000 §4.5–4.6): available cases, filing, status list, the officials’ queue and answer.' },
      { name: 'Official queries', description: 'Officials’ information queries with a stated basis (002 P4, Annexes 1–3), each journalled in the audit log.' },
      { name: 'Query reviews', description: 'The monthly departmental review of officials’ queries (002 P7, p.9–12).' },
      { name: 'Incidents', description: 'The emergency log (002 p.41–43, Annex 7): delays over an hour found by the system, with the operator’s causes and measures.' },
      { name: 'Audit log', description: 'The verifiable audit log (RFC 6962 Merkle tree, C2SP tlog-checkpoint): signed checkpoints, inclusion and consistency proofs, entries (002 p.39–40, p.54).' },
      { name: 'Translations', description: 'Translation tasks (000 §4.7–4.8, §5; 001 ¶7): sending a case document to a translator of the case, the inbox «Жұмыста», the signed translation, the review, the completed list, the officials’ queue.' },
      { name: 'State services', description: 'The Committee’s state services (004): archive certificates and administrative-offence information.' },
      { name: 'Decisions', description: 'Decisions taken in a criminal case and their materials (000 §4.9): for participants in the five situations, once confirmed.' },
      { name: 'Profile', description: 'The user profile (000 §6): mandatory fields at the first login, prefilled data, phones, SMS consent, a changed mobile confirmed by SMS code.' },
      { name: 'Statistics', description: 'Deadline statistics for supervisors: every rule of the deadline policy, per body and period.' },
    ],
    paths: paths(),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'opaque session token', description: LOGIN_FLOW },
      },
      schemas: schemas(),
      responses: responses(),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'Chosen by the client per report (e.g. a UUID) and reused on every retry of that submission; scoped to the user.',
          schema: { type: 'string', pattern: '^[\\w.:-]{8,128}$' },
        },
      },
      headers: {
        CacheControlHour: { description: 'Dictionaries change only with a release.', schema: { type: 'string', const: 'public, max-age=3600' } },
      },
    },
  };
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

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Petitions (000 §4.5–4.6)

const petitionIdParam = pathParam('id', 'The petition id returned on filing.', { type: 'string', format: 'uuid' });
const PETITION_ANSWERING: OfficialRole[] = ['investigator', 'head'];
const SUBMISSION_QUEUE: OfficialRole[] = ['investigator', 'head', 'prosecutor'];

function petitionPaths(): Json {
  const erdrFilter = {
    name: 'erdrNumber',
    in: 'query',
    required: false,
    description: `000 §7.5: only this case's petitions. Exactly 15 digits, else 400 with «${ERDR_FILTER_MESSAGE.kk}» (kk/ru/en in \`localised\`).`,
    schema: { type: 'string' },
  };
  return {
    '/api/v1/petitions/available-cases': {
      get: operation({
        operationId: 'petitionAvailableCases',
        tag: 'Petitions',
        summary: 'The cases I may petition on',
        description:
          '000 §4.5 screen 1: the cases where the user holds a procedural status the conducting official confirmed (001 ¶26): ERDR number, ' +
          'fabula, my petitions filed and considered, the body and official conducting the case now («Өндірісте»), the body that decided (registered it).',
        access: 'user',
        responses: { 200: json(object({ items: arrayOf(ref('PetitionAvailableCase')) }), 'The cases.') },
      }),
    },
    '/api/v1/petitions': {
      post: operation({
        operationId: 'submitPetition',
        tag: 'Petitions',
        summary: 'File a signed petition',
        description:
          'The participant signs the UTF-8 JSON of `SignedPetitionContent` with their signing key, content attached, and sends it in base64. ' +
          'Only on a case where their status is confirmed (403 `NOT_A_PARTICIPANT` otherwise). Without the access-request tick the content has ' +
          'at least 100 characters; with it, the template in the petition\'s language followed by the list of materials. Attachments are ' +
          'the filer\'s uploads (POST /api/v1/files, signed, ≤ 10 MB, DOCX converted to PDF). Routed to the body and official conducting the case; ' +
          'decided within 3 days (CPC art. 99). The `Idempotency-Key` makes retries safe: the same key answers with the same petition.',
        access: 'user',
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: jsonBody(ref('PetitionSubmission'), '2 MB'),
        responses: { 202: json(ref('PetitionAccepted'), 'Accepted (or accepted before, for a retry).') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          403: ['NOT_A_PARTICIPANT'],
          409: ['IDEMPOTENCY_KEY_REUSED'],
          413: ['PAYLOAD_TOO_LARGE'],
          422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED'],
          503: ['REVOCATION_UNAVAILABLE'],
        },
      }),
      get: operation({
        operationId: 'listMyPetitions',
        tag: 'Petitions',
        summary: 'My petitions and their answers',
        description: '000 §4.6: ERDR number, content, date sent, body, result («Не рассмотрено» until answered), answer, responder, answer date; newest first, at most 200.',
        access: 'user',
        parameters: [erdrFilter],
        responses: { 200: json(object({ items: arrayOf(ref('PetitionListItem')) }), 'The petitions.') },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/petitions/{id}': {
      get: operation({
        operationId: 'getPetition',
        tag: 'Petitions',
        summary: 'A petition, live from its workflow (refresh)',
        description: 'The row refreshed from the workflow `petition-<id>`: status, answer, materials, history, the 3-day deadline. For the petitioner and the officials of the body it is with; 404 for anyone else.',
        access: 'user',
        parameters: [petitionIdParam],
        responses: { 200: json(ref('PetitionDetails'), 'The petition.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    ...submissionMaterialsPaths('petition', 'Petitions', petitionIdParam, 'The attachments, the answer materials and their PDFs in one ZIP («СКАЧАТЬ ВСЕ»).'),
    '/api/v1/petitions/{id}/answer': {
      post: operation({
        operationId: 'answerPetition',
        tag: 'Petitions',
        summary: 'Answer a petition',
        description:
          '000 §4.6: result, text, materials (the official\'s own signed uploads); the responder\'s full name and the date are recorded. ' +
          'A granted access request names the case documents (`grantedDocumentIds`) the petitioner may then open through the case (001 ¶26). ' +
          'Only the official the petition was routed to, or the head of their body (403 for other officials of the body, 404 for strangers). ' +
          'An answer after 3 days is taken and recorded as late.',
        access: 'user',
        roles: PETITION_ANSWERING,
        parameters: [petitionIdParam],
        requestBody: jsonBody(ref('PetitionAnswer'), '2 MB'),
        responses: { 200: json(ref('PetitionState'), 'Answered; the petition as it now stands.') },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['ALREADY_ANSWERED', 'UNKNOWN_RESULT', 'ANSWER_TEXT_REQUIRED'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/officials/petitions': {
      get: operation({
        operationId: 'officialsPetitionQueue',
        tag: 'Petitions',
        summary: 'Open petitions of my bodies, the soonest deadline first',
        description: 'Petitions not yet answered in the bodies where the official holds a role, ordered by the 3-day deadline (CPC art. 99), with the time left.',
        access: 'user',
        roles: SUBMISSION_QUEUE,
        responses: { 200: json(object({ items: arrayOf(ref('SubmissionQueueItem')) }), 'The queue.') },
      }),
    },
  };
}

function petitionSchemas(): Record<string, Json> {
  const localised = ref('LocalisedText');
  const bodyRef = object({ code: BODY_CODE, name: nullable(localised) });
  const material = object({ name: { type: 'string' }, sha256: { type: 'string' }, mediaType: { type: 'string' }, size: { type: 'integer' }, kind: { type: 'string', enum: ['attachment', 'converted_pdf', 'answer', 'answer_pdf'] }, addedAt: dateTime() });
  const listItem = {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['petition', 'complaint'] },
    erdrNumber: REGISTER_NUMBER,
    content: { type: 'string' },
    accessRequest: { type: 'boolean' },
    sentAt: dateTime(),
    registeringBody: bodyRef,
    status: { type: 'string' },
    statusLabel: nullable(localised),
    result: nullable({ type: 'string', enum: [...PETITION_RESULTS] }),
    resultLabel: localised,
    answerText: nullable({ type: 'string' }),
    responderName: nullable({ type: 'string' }),
    answeredAt: nullable(dateTime()),
    dueAt: dateTime('The 3-day decision deadline (CPC art. 99).'),
  };
  return {
    SignedPetitionContent: fromZod(
      signedPetitionContent,
      'The petition as the participant signs it (000 §4.5): the ERDR number of an available case, the access-request tick, the language it is written in, ' +
        'the content (≥ 100 characters without the tick; with it, the template in that language followed by the list of materials), attachments uploaded beforehand.',
    ),
    PetitionSubmission: object({
      signedPetition: {
        type: 'string',
        minLength: 1,
        pattern: '^[A-Za-z0-9+/=\\s]+$',
        contentEncoding: 'base64',
        contentMediaType: 'application/pkcs7-mime',
        contentSchema: ref('SignedPetitionContent'),
        description: 'Base64 CMS with attached content; the content is the UTF-8 JSON of `SignedPetitionContent`.',
      },
    }),
    PetitionAccepted: object({ id: { type: 'string', format: 'uuid' }, status: { type: 'string' }, submittedAt: dateTime(), erdrNumber: REGISTER_NUMBER }),
    PetitionAvailableCase: object({
      erdrNumber: REGISTER_NUMBER,
      fabula: nullable({ type: 'string' }),
      petitions: object({ filed: { type: 'integer' }, considered: { type: 'integer' } }),
      inProceedings: object({ body: bodyRef, officialName: nullable({ type: 'string' }) }),
      decidingBody: bodyRef,
      myStatuses: arrayOf({ type: 'string', enum: [...PARTICIPANT_ROLES] }),
    }),
    PetitionListItem: object({ ...listItem, materialCount: { type: 'integer' } }),
    PetitionDetails: object(
      { ...listItem, answer: nullable({ type: 'object' }), translation: nullable({ type: 'object', description: '001 ¶7: the translation task it needed (another language than the case\'s), its status and due date.' }), materials: arrayOf(material), history: arrayOf({ type: 'object' }), deadlines: arrayOf({ type: 'object' }) },
      undefined,
      { description: `Statuses:\n\n| status | kk | ru | en |\n|---|---|---|---|\n${labelsTable(PETITION_STATUS_LABELS)}\n\nResults:\n\n| result | kk | ru | en |\n|---|---|---|---|\n${labelsTable(PETITION_RESULT_LABELS)}` },
    ),
    PetitionState: { type: 'object', description: 'The petition as its workflow holds it (domain/petition.ts `PetitionState`).', required: ['petitionId', 'status', 'statusLabel'] },
    PetitionAnswer: fromZod(petitionAnswerSchema, 'The official\'s answer (000 §4.6).'),
    SubmissionQueueItem: object({
      id: { type: 'string', format: 'uuid' },
      kind: { type: 'string' },
      erdrNumber: REGISTER_NUMBER,
      status: { type: 'string' },
      body: bodyRef,
      addressedToMe: { type: 'boolean' },
      submittedAt: dateTime(),
      dueAt: dateTime(),
      timeLeftMs: { type: 'integer' },
      overdue: { type: 'boolean' },
    }),
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Complaints (000 §4.10; CPC art. 105–106)

const complaintIdParam = pathParam('id', 'The complaint id returned on filing.', { type: 'string', format: 'uuid' });
const COMPLAINT_READERS: OfficialRole[] = ['prosecutor', 'head'];

function complaintPaths(): Json {
  const erdrFilter = { name: 'erdrNumber', in: 'query', required: false, description: 'Only this case\'s complaints: exactly 15 digits (000 §7.5).', schema: { type: 'string' } };
  const decideErrors = { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 413: ['PAYLOAD_TOO_LARGE'] } as const;
  return {
    '/api/v1/complaints': {
      post: operation({
        operationId: 'submitComplaint',
        tag: 'Complaints',
        summary: 'File a signed complaint',
        description:
          'Like a petition: the confirmed participant signs the UTF-8 JSON of `SignedComplaintContent`, content attached. About an investigator\'s action ' +
          'it goes to the supervising prosecutor (CPC art. 105), about a prosecutor\'s action to another prosecutor of the body (art. 106). Decided within 3 days, ' +
          '10 when the prosecutor requests materials. The `Idempotency-Key` makes retries safe.',
        access: 'user',
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: jsonBody(ref('ComplaintSubmission'), '2 MB'),
        responses: { 202: json(ref('PetitionAccepted'), 'Accepted (or accepted before, for a retry).') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          403: ['NOT_A_PARTICIPANT'],
          409: ['IDEMPOTENCY_KEY_REUSED'],
          413: ['PAYLOAD_TOO_LARGE'],
          422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED'],
          503: ['REVOCATION_UNAVAILABLE'],
        },
      }),
      get: operation({
        operationId: 'listMyComplaints',
        tag: 'Complaints',
        summary: 'My complaints and their decisions',
        description: '«Бұрын берілген шағымның мәртебесі»: the columns of the petition list plus `subject`; newest first, at most 200.',
        access: 'user',
        parameters: [erdrFilter],
        responses: { 200: json(object({ items: arrayOf(ref('ComplaintListItem')) }), 'The complaints.') },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/complaints/{id}': {
      get: operation({
        operationId: 'getComplaint',
        tag: 'Complaints',
        summary: 'A complaint, live from its workflow (refresh)',
        description: 'For the complainant and the prosecutors and head of the body it is with; 404 for anyone else.',
        access: 'user',
        parameters: [complaintIdParam],
        responses: { 200: json(ref('ComplaintListItem'), 'The complaint, with its decision, materials, history and deadlines.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    ...submissionMaterialsPaths('complaint', 'Complaints', complaintIdParam, 'Attachments, the decision\'s materials and their PDFs.'),
    '/api/v1/complaints/{id}/extension': {
      post: operation({
        operationId: 'extendComplaintCheck',
        tag: 'Complaints',
        summary: 'Extend the check to 10 days (materials requested)',
        description: 'CPC art. 105 part 1: within the 3 days the prosecutor may request materials; the term becomes 10 days from receipt. Only the addressed prosecutor (any prosecutor of the body when none is addressed).',
        access: 'user',
        roles: ['prosecutor'],
        parameters: [complaintIdParam],
        requestBody: jsonBody(ref('ComplaintExtension'), '2 MB'),
        responses: { 200: json({ type: 'object' }, 'Extended; the complaint as it now stands.') },
        errors: { ...decideErrors, 409: ['ALREADY_ANSWERED', 'ALREADY_EXTENDED', 'TERM_PASSED', 'OWN_ACTION', 'REASON_REQUIRED'] },
      }),
    },
    '/api/v1/complaints/{id}/answer': {
      post: operation({
        operationId: 'answerComplaint',
        tag: 'Complaints',
        summary: 'Decide a complaint',
        description: 'Result, text and materials (the prosecutor\'s signed uploads); the responder\'s name and the date are recorded; late when past the term. A prosecutor never decides a complaint about themselves (409 `OWN_ACTION`, art. 106).',
        access: 'user',
        roles: ['prosecutor'],
        parameters: [complaintIdParam],
        requestBody: jsonBody(ref('ComplaintAnswer'), '2 MB'),
        responses: { 200: json({ type: 'object' }, 'Decided; the complaint as it now stands.') },
        errors: { ...decideErrors, 409: ['ALREADY_ANSWERED', 'OWN_ACTION', 'UNKNOWN_RESULT', 'ANSWER_TEXT_REQUIRED'] },
      }),
    },
    '/api/v1/officials/complaints': {
      get: operation({
        operationId: 'officialsComplaintQueue',
        tag: 'Complaints',
        summary: 'Open complaints of my bodies, the soonest deadline first',
        description: 'Complaints not yet decided in the bodies where the prosecutor or head holds a role, by their 3- or 10-day term.',
        access: 'user',
        roles: COMPLAINT_READERS,
        responses: { 200: json(object({ items: arrayOf(ref('SubmissionQueueItem')) }), 'The queue.') },
      }),
    },
  };
}

function complaintSchemas(): Record<string, Json> {
  return {
    SignedComplaintContent: fromZod(signedComplaintContent, 'The complaint as the participant signs it: the case, what it is about (whose action), its language, the content, attachments uploaded beforehand.'),
    ComplaintSubmission: object({
      signedComplaint: {
        type: 'string',
        minLength: 1,
        pattern: '^[A-Za-z0-9+/=\\s]+$',
        contentEncoding: 'base64',
        contentMediaType: 'application/pkcs7-mime',
        contentSchema: ref('SignedComplaintContent'),
        description: 'Base64 CMS with attached content; the content is the UTF-8 JSON of `SignedComplaintContent`.',
      },
    }),
    ComplaintListItem: {
      type: 'object',
      description:
        `A complaint in the status list: the petition list's columns plus \`subject\` (${COMPLAINT_SUBJECTS.join(', ')}).\n\n| status | kk | ru | en |\n|---|---|---|---|\n${labelsTable(COMPLAINT_STATUS_LABELS)}` +
        `\n\n| result | kk | ru | en |\n|---|---|---|---|\n${labelsTable(COMPLAINT_RESULT_LABELS)}`,
      required: ['id', 'erdrNumber', 'subject', 'status', 'resultLabel'],
    },
    ComplaintAnswer: fromZod(complaintAnswerSchema, 'The prosecutor\'s decision.'),
    ComplaintExtension: fromZod(complaintExtensionSchema, 'Why materials are requested (CPC art. 105 part 1).'),
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The Committee's state services (004) and the deadline statistics

const stateServiceIdParam = pathParam('id', 'The request id returned on filing.', { type: 'string', format: 'uuid' });
const SUBMISSION_ERRORS = {
  400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
  409: ['IDEMPOTENCY_KEY_REUSED'],
  413: ['PAYLOAD_TOO_LARGE'],
  422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED', 'IIN_MISMATCH'],
  503: ['REVOCATION_UNAVAILABLE'],
} as const;

function stateServicePaths(): Json {
  const archiveSubmission = (operationId: string, summary: string, description: string, roles?: OfficialRole[], extra: Partial<Record<ErrorStatus, readonly string[]>> = {}) =>
    operation({
      operationId,
      tag: 'State services',
      summary,
      description:
        `${description} The signature is checked with revocation (004 A-p.8.2 condition 2) and again by the workflow \`archive-certificate-<id>\` ` +
        '(condition 3). The provider\'s steps then run against their limits (A-p.5, A-p.7); the paper result goes to the State Corporation a day ' +
        'before the service term. The `Idempotency-Key` makes retries safe: the same key answers with the same request.',
      access: 'user',
      ...(roles && { roles }),
      parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: jsonBody(ref('StateServiceSubmission'), '2 MB'),
      responses: { 202: json(ref('StateServiceAccepted'), 'Accepted (or accepted before, for a retry).') },
      errors: { ...SUBMISSION_ERRORS, ...extra, 422: [...SUBMISSION_ERRORS[422], ...(extra[422] ?? [])] },
    });
  return {
    '/api/v1/archive-certificates': {
      post: archiveSubmission(
        'submitArchiveRequest',
        'Ask for an archive certificate on the portal',
        'The recipient signs the UTF-8 JSON of `SignedArchiveRequest` with their signing key, content attached, about themselves: the IIN in the request must be the certificate\'s (422 `IIN_MISMATCH`).',
      ),
      get: operation({
        operationId: 'listMyArchiveRequests',
        tag: 'State services',
        summary: 'My archive certificate requests',
        description: 'The requests I am the recipient of or filed (a State Corporation operator), newest first, at most 200.',
        access: 'user',
        responses: { 200: json(object({ items: arrayOf(ref('ArchiveRequestItem')) }), 'The requests.') },
      }),
    },
    '/api/v1/archive-certificates/state-corporation': {
      post: archiveSubmission(
        'submitArchiveRequestAtStateCorporation',
        'Enter an archive certificate request at the State Corporation',
        'The State Corporation operator enters the recipient (and a representative under a power of attorney), who must be in the State Database of Individuals ' +
          '(A-p.8.1 process 4: 422 `PERSON_NOT_FOUND`, «деректерді алу мүмкін емес»), and signs the request with their own signing key.',
        ['operator'],
        { 422: ['PERSON_NOT_FOUND'], 503: ['REVOCATION_UNAVAILABLE', 'INDIVIDUALS_UNAVAILABLE'] },
      ),
    },
    '/api/v1/officials/archive-certificates': {
      get: operation({
        operationId: 'officialsArchiveQueue',
        tag: 'State services',
        summary: 'Open archive requests of my bodies, the soonest term first',
        description: 'The requests not yet finished in the bodies where the official is office staff, executor or head.',
        access: 'user',
        roles: ARCHIVE_STAFF_ROLES,
        responses: { 200: json(object({ items: arrayOf(ref('ArchiveRequestItem')) }), 'The queue.') },
      }),
    },
    '/api/v1/archive-certificates/{id}': {
      get: operation({
        operationId: 'getArchiveRequest',
        tag: 'State services',
        summary: 'An archive certificate request, live from its workflow',
        description: 'Status, steps taken, every step\'s deadline, the result, the retention. For the recipient, whoever filed it and the staff of its body; 404 for anyone else.',
        access: 'user',
        parameters: [stateServiceIdParam],
        responses: { 200: json(ref('ArchiveRequestDetails'), 'The request.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/archive-certificates/{id}/result.pdf': {
      get: operation({
        operationId: 'downloadArchiveResult',
        tag: 'State services',
        summary: 'The result as a PDF (Kazakh and Russian)',
        description: 'The certificate / copies cover, or the «no information» reply recommending other archives (A-p.7.4), made when the head signs. 404 before that and once an uncollected result was destroyed (A-p.10).',
        access: 'user',
        parameters: [stateServiceIdParam],
        responses: { 200: download('application/pdf', 'The PDF.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/archive-certificates/{id}/steps': {
      post: operation({
        operationId: 'takeArchiveStep',
        tag: 'State services',
        summary: 'Take the next step of the provider',
        description:
          `One of ${ARCHIVE_STEPS.map((x) => `\`${x}\``).join(', ')}, in that order (409 \`STEP_OUT_OF_ORDER\` otherwise, kk/ru/en in \`localised\`): ` +
          'accept and register (office staff: `registry_officer`), assign the executor (`head`), draft (the assigned executor), sign (`head`; the PDF is made), ' +
          'envelope (the executor), dispatch (office), collect (a State Corporation `operator`, A-p.9). Each step is timed against its rule (`archive.*`); a late one is taken and recorded as late.',
        access: 'user',
        roles: [...ARCHIVE_STAFF_ROLES, 'operator'],
        parameters: [stateServiceIdParam],
        requestBody: jsonBody(ref('ArchiveStep'), '2 MB'),
        responses: { 200: json(ref('ArchiveRequestState'), 'Taken; the request as it now stands.') },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: ['STEP_OUT_OF_ORDER', 'NOT_THE_EXECUTOR', 'UNKNOWN_STEP'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/offence-information': {
      post: operation({
        operationId: 'submitOffenceInformationRequest',
        tag: 'State services',
        summary: 'Ask for administrative-offence information',
        description:
          'The recipient signs the UTF-8 JSON of `SignedOffenceRequest` about themselves (004 B-p.6 conditions 2–3; 422 `IIN_MISMATCH` otherwise). Fully automatic ' +
          '(`offence-information-<id>`): registered, verified, and the certificate signed with the authorised person\'s EDS and put into the cabinet, 5 minutes each, ' +
          '15 minutes in all (B-p.5), the time measured on every request.',
        access: 'user',
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: jsonBody(ref('StateServiceSubmission'), '256 KB'),
        responses: { 202: json(ref('StateServiceAccepted'), 'Accepted (or accepted before, for a retry).') },
        errors: SUBMISSION_ERRORS,
      }),
    },
    '/api/v1/offence-information/{id}': {
      get: operation({
        operationId: 'getOffenceInformation',
        tag: 'State services',
        summary: 'My offence-information request and its service time',
        description: 'Status, the measured service time against the 15 minutes (B-p.5), the certificate\'s SHA-256 and the authorised person\'s detached CMS over it (base64). Only for the recipient; 404 for anyone else.',
        access: 'user',
        parameters: [stateServiceIdParam],
        responses: { 200: json(ref('OffenceInformationDetails'), 'The request.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/offence-information/{id}/result.pdf': {
      get: operation({
        operationId: 'downloadOffenceInformation',
        tag: 'State services',
        summary: 'The certificate as a PDF (Kazakh and Russian)',
        description: 'The certificate the provider\'s system made; its signature is `resultSignature` of the request. 404 until it is made.',
        access: 'user',
        parameters: [stateServiceIdParam],
        responses: { 200: download('application/pdf', 'The PDF.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
  };
}

function statisticsPaths(): Json {
  const query = (name: string, description: string, schema: Json): Json => ({ name, in: 'query', required: false, description, schema });
  return {
    '/api/v1/statistics/deadlines': {
      get: operation({
        operationId: 'deadlineStatistics',
        tag: 'Statistics',
        summary: 'Deadline statistics per rule, body and period',
        description:
          'For every rule of the deadline policy (domain/deadlines.ts): met, met late, breached (escalated, still open), open, and the median and 95th percentile of the ' +
          'time to act (ms), of the deadlines whose clock started in [from, to) (default: the last 30 days; at most a year). Per rule and body (`rows`) and per rule over ' +
          'the bodies asked (`byRule`, what the supervisors\' chart draws); without `body`, every body where the caller is head or prosecutor, and the Committee\'s central ' +
          `services (body \`""\`). \`format=csv\` gives the same as CSV (columns ${CSV_COLUMNS.join(', ')}; body \`*\` for all bodies asked).`,
        access: 'user',
        roles: STATISTICS_ROLES,
        parameters: [
          query('from', 'Start of the period (ISO 8601 date or date-time), inclusive.', { type: 'string' }),
          query('to', 'End of the period, exclusive (default: now).', { type: 'string' }),
          query('body', 'One body (6 digits) the caller supervises (403 otherwise).', { type: 'string', pattern: '^\\d{6}$' }),
          query('rule', 'One rule of the deadline policy.', { type: 'string', enum: Object.keys(DEADLINE_RULES) }),
          query('format', '`json` (default) or `csv`.', { type: 'string', enum: ['json', 'csv'] }),
        ],
        responses: {
          200: {
            description: 'The statistics.',
            content: {
              'application/json': { schema: ref('DeadlineStatistics') },
              'text/csv': { schema: { type: 'string', description: `CSV with a header line: ${CSV_COLUMNS.join(',')}.` } },
            },
          },
        },
        errors: { 400: ['VALIDATION_FAILED'], 403: ['FORBIDDEN'] },
      }),
    },
  };
}

function stateServiceSchemas(): Record<string, Json> {
  const localised = ref('LocalisedText');
  const statRow = object(
    {
      rule: { type: 'string', enum: Object.keys(DEADLINE_RULES) },
      bodyCode: nullable({ type: 'string' }),
      met: { type: 'integer' }, metLate: { type: 'integer' }, breached: { type: 'integer' }, open: { type: 'integer' }, total: { type: 'integer' },
      medianMs: nullable({ type: 'integer' }), p95Ms: nullable({ type: 'integer' }),
    },
  );
  void statisticsQuerySchema;
  return {
    StateServiceSubmission: object({ signedRequest: { ...BASE64, description: 'Attached CMS (signing key) over the UTF-8 JSON of the request.' } }, ['signedRequest'], { additionalProperties: false }),
    SignedArchiveRequest: fromZod(signedArchiveRequest, 'The archive certificate request as signed (004 A-p.8): the recipient, the body whose archive is asked, what is asked, the State Corporation branch of collection.'),
    SignedOffenceRequest: fromZod(signedOffenceRequest, 'The offence-information request as the recipient signs it (004 B-p.6): about themselves.'),
    StateServiceAccepted: object({ id: { type: 'string', format: 'uuid' }, status: { type: 'string' }, receivedAt: dateTime(), dueAt: dateTime(), channel: { type: 'string', enum: ['PORTAL', 'STATE_CORPORATION'] } }, ['id', 'status', 'receivedAt', 'dueAt']),
    ArchiveStep: fromZod(archiveStepSchema, 'One step of the provider (004 A-p.5, A-p.7, A-p.9).'),
    ArchiveRequestItem: object({
      id: { type: 'string', format: 'uuid' },
      channel: { type: 'string', enum: ['PORTAL', 'STATE_CORPORATION'] },
      bodyCode: { type: 'string' },
      status: { type: 'string', enum: Object.keys(ARCHIVE_STATUS_LABELS), description: `\n| status | kk | ru | en |\n|---|---|---|---|\n${labelsTable(ARCHIVE_STATUS_LABELS)}` },
      statusLabel: nullable(localised),
      receivedAt: dateTime(), dueAt: dateTime(), completedAt: nullable(dateTime()),
      hasResult: { type: 'boolean' },
    }),
    ArchiveRequestState: { type: 'object', description: 'The request as its workflow holds it (domain/archive-certificate.ts `ArchiveCertificateState`).', required: ['requestId', 'status', 'statusLabel', 'deadlines'] },
    ArchiveRequestDetails: { allOf: [ref('ArchiveRequestItem'), object({ state: ref('ArchiveRequestState') }, [])] },
    OffenceInformationDetails: object(
      {
        id: { type: 'string', format: 'uuid' },
        status: { type: 'string', enum: Object.keys(OFFENCE_STATUS_LABELS) },
        statusLabel: nullable(localised),
        receivedAt: dateTime(), completedAt: nullable(dateTime()),
        serviceLevel: nullable(object({ ms: { type: 'integer' }, limitMs: { type: 'integer' }, met: { type: 'boolean' } })),
        resultSha256: nullable({ type: 'string' }),
        resultSignature: nullable({ ...BASE64, description: 'Detached CMS over the PDF by the authorised person.' }),
        state: nullable({ type: 'object', description: 'domain/offence-information.ts `OffenceInformationState`.' }),
      },
    ),
    DeadlineStatistics: object({
      from: dateTime(), to: dateTime(),
      bodies: arrayOf({ type: 'string' }),
      rule: nullable({ type: 'string' }),
      byRule: arrayOf(statRow, 'Per rule over all the bodies asked.'),
      rows: arrayOf(statRow, 'Per rule and body.'),
      rules: arrayOf(object({ rule: { type: 'string' }, source: { type: 'string' }, limitMs: { type: 'integer' }, title: localised })),
    }),
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Translation tasks (000 §4.7–4.8, §5; 001 ¶7)

const translationIdParam = pathParam('id', 'The task id.', { type: 'string', format: 'uuid' });
// As enforced in api/translation.ts (TRANSLATION_OFFICIAL_ROLES).
const TRANSLATION_OFFICIALS: OfficialRole[] = ['investigator', 'head', 'prosecutor'];

function translationPaths(): Json {
  const erdrFilter = {
    name: 'erdrNumber',
    in: 'query',
    required: false,
    description: `000 §4.7: only this case's tasks. Exactly 15 digits, else 400 with «${ERDR_FILTER_MESSAGE.kk}» (kk/ru/en in \`localised\`).`,
    schema: { type: 'string' },
  };
  return {
    '/api/v1/translations': {
      post: operation({
        operationId: 'sendForTranslation',
        tag: 'Translations',
        summary: 'Send a case document to a translator',
        description:
          '000 §5 step 1: the official conducting the case, their head or the supervising prosecutor sends a document of the case to a translator who is a ' +
          'confirmed participant of it (role `translator`), with the due date (at least an hour, at most 30 days ahead). The workflow `translation-<id>` ' +
          'puts it in the translator\'s inbox «Жұмыста», reminds a day before the due date and tells the head when it passes. Officials of other bodies get 404. ' +
          'The `Idempotency-Key` makes retries safe.',
        access: 'user',
        roles: TRANSLATION_OFFICIALS,
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: jsonBody(ref('SendForTranslation'), '2 MB'),
        responses: { 201: json(ref('TranslationTaskItem'), 'Sent (or sent before, for a retry).') },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST', 'NO_SUCH_DOCUMENT'], 404: ['NOT_FOUND'], 409: ['TRANSLATOR_NOT_PARTICIPANT', 'IDEMPOTENCY_KEY_REUSED'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
      get: operation({
        operationId: 'translationInbox',
        tag: 'Translations',
        summary: 'My documents to translate («Жұмыста»)',
        description:
          '000 §4.7 «Аударалатын құжаттар»: the tasks in work for the logged-in translator — ERDR number, sender («Жолдаушы»), date sent for execution, the deciding body, ' +
          'the document\'s name, status, due date, the reason of a return. Refresh is reading it again. Newest first, at most 200.',
        access: 'user',
        parameters: [erdrFilter],
        responses: { 200: json(object({ items: arrayOf(ref('TranslationTaskItem')) }), 'The inbox.') },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/translations/completed': {
      get: operation({
        operationId: 'completedTranslations',
        tag: 'Translations',
        summary: 'My completed translation tasks',
        description: '000 §4.8 «Орындалған тапсырмалар»: translations sent for checking and approved («Келісілді») — ERDR number, document, sender, deciding body, date sent for checking, status, the files to download.',
        access: 'user',
        parameters: [erdrFilter],
        responses: { 200: json(object({ items: arrayOf(ref('TranslationTaskItem')) }), 'The completed tasks.') },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/translations/{id}': {
      get: operation({
        operationId: 'getTranslation',
        tag: 'Translations',
        summary: 'A translation task, live from its workflow',
        description: 'Status, every round with its review, the files, the history and the due dates. For the translator and the officials of the body; 404 for anyone else.',
        access: 'user',
        parameters: [translationIdParam],
        responses: { 200: json(ref('TranslationTaskItem'), 'The task.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/translations/{id}/source': {
      get: operation({
        operationId: 'downloadTranslationSource',
        tag: 'Translations',
        summary: 'Download the document to translate («Жүктеу»)',
        description: 'The case document as stored; for a petition or complaint (001 ¶7) its signed text as plain text. Same readers as the task.',
        access: 'user',
        parameters: [translationIdParam],
        responses: { 200: download('application/octet-stream', 'The document.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/translations/{id}/materials/{sha256}': {
      get: operation({
        operationId: 'downloadTranslationMaterial',
        tag: 'Translations',
        summary: 'Download a translated file',
        description: 'One file of a round by its SHA-256 (the DOCX and its PDF). Same readers as the task.',
        access: 'user',
        parameters: [translationIdParam, pathParam('sha256', 'The file\'s SHA-256.', { type: 'string', pattern: '^[0-9a-f]{64}$' })],
        responses: { 200: download('application/octet-stream', 'The file.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/translations/{id}/submission': {
      post: operation({
        operationId: 'submitTranslation',
        tag: 'Translations',
        summary: 'Send the signed translation («Аударманы жіберу»)',
        description:
          '000 §4.7 steps 1–10: the translator signs the UTF-8 JSON of `SignedTranslationContent` (the task, the mandatory comment, the language translated into, ' +
          'the translated files uploaded and signed beforehand, ≤ 10 MB each, DOCX converted to PDF) with the signing key, content attached. The task goes for checking; ' +
          'a translation after the due date is recorded as late. The same signed translation sent again is answered as the first time. Only the task\'s translator, still a confirmed participant (403).',
        access: 'user',
        parameters: [translationIdParam],
        requestBody: jsonBody(ref('TranslationSubmission'), '2 MB'),
        responses: { 200: json(ref('TranslationState'), 'Sent for checking; the task as it now stands.') },
        errors: {
          400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
          403: ['NOT_THE_TRANSLATOR', 'TRANSLATOR_NOT_PARTICIPANT'],
          404: ['NOT_FOUND'],
          409: ['NOT_IN_WORK', 'NOTHING_TO_REVIEW', 'NOT_THE_TRANSLATOR', 'INVALID_SUBMISSION'],
          413: ['PAYLOAD_TOO_LARGE'],
          422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED'],
          503: ['REVOCATION_UNAVAILABLE'],
        },
      }),
    },
    '/api/v1/translations/{id}/review': {
      post: operation({
        operationId: 'reviewTranslation',
        tag: 'Translations',
        summary: 'Approve or return a translation',
        description:
          '000 §5 step 4: `APPROVE` — «Келісілді», the translated files join the case\'s documents (001 ¶7); `RETURN` with the reason (and, if wished, a new due date) — ' +
          'back to «Жұмыста» for another round. Only the official who sent the task, or the head of the body (403 for other officials of the body).',
        access: 'user',
        roles: TRANSLATION_OFFICIALS,
        parameters: [translationIdParam],
        requestBody: jsonBody(ref('TranslationReview'), '2 MB'),
        responses: { 200: json(ref('TranslationState'), 'Reviewed; the task as it now stands.') },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['NOT_THE_REVIEWER'], 404: ['NOT_FOUND'], 409: ['NOTHING_TO_REVIEW', 'NOT_IN_WORK', 'REASON_REQUIRED', 'INVALID_DUE_DATE', 'UNKNOWN_DECISION'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/officials/translations': {
      get: operation({
        operationId: 'officialsTranslationQueue',
        tag: 'Translations',
        summary: 'Open translation tasks of my bodies, the soonest due first',
        description: 'Tasks not yet approved in the bodies where the official holds a role, ordered by their due date, with the time left and whether one awaits my review.',
        access: 'user',
        roles: TRANSLATION_OFFICIALS,
        responses: { 200: json(object({ items: arrayOf(ref('TranslationTaskItem')) }), 'The queue.') },
      }),
    },
  };
}

function translationSchemas(): Record<string, Json> {
  return {
    SendForTranslation: fromZod(sendForTranslationSchema, 'What the official sends (000 §5 step 1): the case, its document, the translator (a confirmed participant), the language wanted, the due date, a comment.'),
    SignedTranslationContent: fromZod(signedTranslationContent, 'The translation as the translator signs it (000 §4.7): the task, the comment («Пікірлер», mandatory), the language translated into, the files.'),
    TranslationSubmission: object({
      signedTranslation: {
        type: 'string',
        minLength: 1,
        pattern: '^[A-Za-z0-9+/=\\s]+$',
        contentEncoding: 'base64',
        contentMediaType: 'application/pkcs7-mime',
        contentSchema: ref('SignedTranslationContent'),
        description: 'Base64 CMS with attached content; the content is the UTF-8 JSON of `SignedTranslationContent`.',
      },
    }),
    TranslationReview: fromZod(translationReviewSchema, 'The review (000 §5 step 4).'),
    TranslationTaskItem: {
      type: 'object',
      description: `A task in the inbox, the completed list or the queue (000 §4.7, §4.8 columns).\n\n| status | kk | ru | en |\n|---|---|---|---|\n${labelsTable(TRANSLATION_STATUS_LABELS)}`,
      required: ['id', 'erdrNumber', 'documentName', 'status', 'statusLabel', 'dueAt'],
    },
    TranslationState: { type: 'object', description: 'The task as its workflow holds it (domain/translation.ts `TranslationState`).', required: ['taskId', 'status', 'statusLabel', 'rounds'] },
  };
}

/** The audit log (api/audit-log.ts): checkpoint and proofs are public (hashes only), entries for their readers. */
function auditLogPaths(): Json {
  const size = (name: string, description: string) => ({ name, in: 'query', required: true, description, schema: { type: 'integer', minimum: name === 'index' ? 0 : 1, maximum: Number.MAX_SAFE_INTEGER } });
  const hashes = arrayOf({ ...BASE64, description: 'A SHA-256 hash, base64.' }, 'The proof: the hashes in the order RFC 9162 gives them.');
  return {
    '/api/v1/audit/checkpoint': {
      get: operation({
        operationId: 'auditCheckpoint',
        tag: 'Audit log',
        summary: 'The signed checkpoint of the audit log',
        description:
          'A C2SP tlog-checkpoint signed note: the origin line, the tree size, the base64 root hash (RFC 6962 MTH), a blank line and an Ed25519 ' +
          'note signature (golang.org/x/mod/sumdb/note). A checkpoint is at most AUDIT_CHECKPOINT_SECONDS old while the log grows; `fresh=true` ' +
          'signs the tree as it is now. Keep one: every later checkpoint must be proved consistent with it.',
        access: 'public',
        parameters: [{ name: 'fresh', in: 'query', description: '`true`: a checkpoint of the tree as it is now.', schema: { type: 'string', enum: ['true', 'false'] } }],
        responses: {
          200: {
            description: 'The signed note.',
            headers: { 'Cache-Control': { schema: { type: 'string', const: 'no-store' } } },
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
        errors: { 400: ['VALIDATION_FAILED'] },
      }),
    },
    '/api/v1/audit/proof/inclusion': {
      get: operation({
        operationId: 'auditInclusionProof',
        tag: 'Audit log',
        summary: 'Proof that an entry is in the tree of a given size',
        description: 'RFC 9162 §2.1.3: the audit path of leaf `index` in the tree of the first `size` entries, with the leaf hash SHA-256(0x00 ‖ entry).',
        access: 'public',
        parameters: [size('index', 'The entry (leaf index, from 0).'), size('size', 'The tree size, that of a checkpoint; above `index`.')],
        responses: { 200: json(object({ index: { type: 'integer' }, size: { type: 'integer' }, leafHash: { ...BASE64 }, hashes }), 'The proof.') },
        errors: { 400: ['VALIDATION_FAILED', 'BEYOND_TREE_SIZE'], 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/audit/proof/consistency': {
      get: operation({
        operationId: 'auditConsistencyProof',
        tag: 'Audit log',
        summary: 'Proof that a tree extends an earlier one',
        description: 'RFC 9162 §2.1.4: the consistency proof from the tree of `from` entries to the tree of `to` entries (1 ≤ from ≤ to).',
        access: 'public',
        parameters: [size('from', 'The earlier tree size (a saved checkpoint).'), size('to', 'The later tree size (the current checkpoint).')],
        responses: { 200: json(object({ from: { type: 'integer' }, to: { type: 'integer' }, hashes }), 'The proof.') },
        errors: { 400: ['VALIDATION_FAILED', 'BEYOND_TREE_SIZE'] },
      }),
    },
    '/api/v1/audit/entries/{index}': {
      get: operation({
        operationId: 'auditEntry',
        tag: 'Audit log',
        summary: 'One entry of the audit log',
        description:
          'The entry as journalled, `at` in Astana time (002 p.29), with the exact bytes hashed into its leaf (`entry`, base64) and the leaf hash. ' +
          'For the Committee operator, who keeps the Log journals (002 p.5, p.35, p.39–41), and the prosecutor, who checks the legality of ' +
          'officials’ queries (p.54–56). The read is itself journalled.',
        access: 'user',
        roles: ['operator', 'prosecutor'],
        parameters: [pathParam('index', 'The leaf index, from 0.', { type: 'string', pattern: '^\\d{1,16}$' })],
        responses: {
          200: json(
            object({
              index: { type: 'integer' },
              at: { type: 'string', description: 'ISO 8601 in Astana time (UTC+5).' },
              actor: { type: 'string' },
              action: { type: 'string' },
              subject: { type: 'string' },
              detail: { type: 'object' },
              entry: { ...BASE64 },
              leafHash: { ...BASE64 },
            }),
            'The entry.',
          ),
        },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Decisions and materials (000 §4.9, 001 ¶26) and the profile (000 §6)

const DECISIONS_ACCESS_CODES = ['NOT_A_PARTICIPANT', 'NO_SUCH_CASE'] as const;
const DECISIONS_FORBIDDEN = ['STATUS_NOT_CONFIRMED', 'MARK_MISSING', 'STATUS_NOT_ELIGIBLE'] as const;

function decisionsPaths(): Json {
  const who =
    'Open in the five situations of 000 §4.9 — the applicant whose report was registered in the ERDR as this case, a victim, a suspect or accused, ' +
    'their defender with the ERDR’s mark, a representative (with the mark) or figurant — once the official confirmed the status (A:11). ' +
    'A number of no case and a case that does not list the caller answer the same 404 `NOT_A_PARTICIPANT` (only the applicant whose report was registered under the number hears 404 `NO_SUCH_CASE` while no electronic case is kept); a participant hears why else: ' +
    '403 `STATUS_NOT_CONFIRMED`, `MARK_MISSING`, `STATUS_NOT_ELIGIBLE`. Every look is journalled (who, what, when, basis).';
  const materialParam = pathParam('documentId', 'The case document id (`d1`, `d2`…).', { type: 'string' });
  const grantBody = jsonBody(ref('MaterialAccess'), '64 KB');
  const grantResponse = json(ref('MaterialAccessResult'), 'The documents now open to the participant.');
  const grantRefusals = ['UNKNOWN_PARTICIPANT', 'UNKNOWN_DOCUMENT', 'FORMAT_NOT_RESOLVED', ...CASE_STATUS_REFUSALS];
  return {
    '/api/v1/decisions/{erdr}': {
      get: operation({
        operationId: 'getCaseDecisions',
        tag: 'Decisions',
        summary: 'Decisions taken in a case and the materials opened to me',
        description: `000 §4.9 (fig. 43): the case’s procedural decisions (type, date, deciding body, official) and the documents the official opened to the caller for familiarisation. Asking again refreshes. ${who}`,
        access: 'user',
        parameters: [erdrParam],
        responses: { 200: json(ref('CaseDecisions'), 'The decisions and the materials.') },
        errors: { 400: ['VALIDATION_FAILED'], 403: [...DECISIONS_FORBIDDEN], 404: [...DECISIONS_ACCESS_CODES] },
      }),
    },
    '/api/v1/decisions/{erdr}/materials/{documentId}': {
      get: operation({
        operationId: 'downloadCaseDecisionMaterial',
        tag: 'Decisions',
        summary: 'Download one material opened to me',
        description: `One document the official granted familiarisation with (A:25); 404 \`MATERIAL_NOT_GRANTED\` for any other. ${who}`,
        access: 'user',
        parameters: [erdrParam, materialParam],
        responses: { 200: download('application/octet-stream', 'The document (usually a PDF).') },
        errors: { 400: ['VALIDATION_FAILED'], 403: [...DECISIONS_FORBIDDEN], 404: [...DECISIONS_ACCESS_CODES, 'MATERIAL_NOT_GRANTED'] },
      }),
    },
    '/api/v1/decisions/{erdr}/materials.zip': {
      get: operation({
        operationId: 'downloadCaseDecisionMaterials',
        tag: 'Decisions',
        summary: 'Download all materials opened to me (ZIP)',
        description: `«СКАЧАТЬ ВСЕ» (000 §7.4): every document opened to the caller in one ZIP; 404 \`NO_MATERIALS_GRANTED\` when none is. ${who}`,
        access: 'user',
        parameters: [erdrParam],
        responses: { 200: download('application/zip', 'The archive.') },
        errors: { 400: ['VALIDATION_FAILED'], 403: [...DECISIONS_FORBIDDEN], 404: [...DECISIONS_ACCESS_CODES, 'NO_MATERIALS_GRANTED'] },
      }),
    },
    '/api/v1/cases/{erdr}/material-access': {
      post: operation({
        operationId: 'grantCaseMaterialAccess',
        tag: 'Cases',
        summary: 'Grant a participant familiarisation with chosen documents',
        description: '000 §4.9, A:25, 001 ¶26: the conducting official opens documents of the case (one or a set) to a participant, who then reads and downloads them through the decisions service. Recorded in the case’s timeline.',
        access: 'user',
        roles: CASE_CONDUCTING,
        parameters: [erdrParam],
        requestBody: grantBody,
        responses: { 200: grantResponse, 409: caseRefusal(grantRefusals) },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: grantRefusals, 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/cases/{erdr}/material-access/revocation': {
      post: operation({
        operationId: 'revokeCaseMaterialAccess',
        tag: 'Cases',
        summary: 'Withdraw a participant’s familiarisation with chosen documents',
        description: 'The conducting official closes documents again (a later grant opens them again). Recorded in the case’s timeline.',
        access: 'user',
        roles: CASE_CONDUCTING,
        parameters: [erdrParam],
        requestBody: grantBody,
        responses: { 200: grantResponse, 409: caseRefusal(grantRefusals) },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'], 409: grantRefusals, 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/cases/{erdr}/access-journal': {
      get: operation({
        operationId: 'getCaseAccessJournal',
        tag: 'Cases',
        summary: 'Who looked at what through the decisions service',
        description: 'Every view, download and refusal of the case through the Public Sector (000 §4.9), newest first (at most 500): who, what, when, on which basis. For the officials and the prosecutor who see the case (404 otherwise, also for participants).',
        access: 'user',
        parameters: [erdrParam],
        responses: { 200: json(object({ erdrNumber: REGISTER_NUMBER, entries: arrayOf(ref('CaseAccessEntry')) }), 'The journal.') },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
      }),
    },
  };
}

function decisionsSchemas(): Record<string, Json> {
  const localised = ref('LocalisedText');
  const body = object({ code: BODY_CODE, name: nullable(localised) });
  return {
    CaseDecisions: object(
      {
        erdrNumber: REGISTER_NUMBER,
        status: { type: 'string', enum: [...CASE_STATUSES] },
        statusLabel: localised,
        bases: arrayOf(object({ code: { type: 'string', enum: [...ACCESS_BASES] }, label: localised }), 'The situations of 000 §4.9 the caller is in.'),
        decisions: arrayOf(
          object(
            {
              type: { type: 'string', enum: [...DECISION_TYPES] },
              label: localised,
              at: dateTime(),
              decidingBody: body,
              officialName: nullable({ type: 'string' }),
              source: { type: 'string', description: 'The paragraph of 001 the decision follows.' },
              detail: { type: 'string' },
            },
            ['type', 'label', 'at', 'decidingBody', 'officialName', 'source'],
          ),
          'Oldest first.',
        ),
        materials: arrayOf(object({ id: { type: 'string' }, title: { oneOf: [{ type: 'string' }, localised] }, kind: { type: 'string' }, addedAt: dateTime(), sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } })),
        retrievedAt: dateTime(),
      },
      undefined,
      { description: '000 §4.9: the decisions of a case and the documents opened to the caller.' },
    ),
    MaterialAccess: fromZod(materialAccessBody, 'A participant (by IIN) and the case documents (`d1`…) to open or close.'),
    MaterialAccessResult: object({ erdrNumber: REGISTER_NUMBER, iin: IIN, openDocumentIds: arrayOf({ type: 'string' }) }),
    CaseAccessEntry: object(
      {
        at: dateTime(),
        actor: IIN,
        actorName: nullable({ type: 'string' }),
        what: { type: 'string', enum: [...ACCESS_JOURNAL_ACTIONS] },
        basis: arrayOf({ type: 'string' }, 'The situations of 000 §4.9, or the refusal’s code.'),
        documentIds: arrayOf({ type: 'string' }),
      },
      ['at', 'actor', 'actorName', 'what', 'basis'],
    ),
  };
}

function profilePaths(): Json {
  const profileResponse = json(ref('Profile'), 'The profile.');
  return {
    '/api/v1/profile': {
      get: operation({
        operationId: 'getProfile',
        tag: 'Profile',
        summary: 'My profile',
        description:
          '000 §6: the name and IIN from the certificate, the birth date and registered address from the State Database of Individuals (asked once; ' +
          '`register: unavailable` when it did not answer, asked again next time), and the contact details. Open before the profile is saved.',
        access: 'user',
        responses: { 200: json(ref('Profile'), 'The profile, prefilled.') },
        errors: {},
      }),
      put: operation({
        operationId: 'saveProfile',
        tag: 'Profile',
        summary: 'Save my profile («САҚТАУ»)',
        description:
          '000 §6: the mandatory fields (mobile +7 7XX…, e-mail, language of messages) and the optional fixed-line phone and SMS consent. The first save opens the other services. ' +
          'The first mobile is taken as entered; a changed one waits for the 6-digit code sent to it by SMS from 1414 (`pendingMobile`; 5 minutes, 5 tries), notices keep going to the confirmed one.',
        access: 'user',
        requestBody: jsonBody(ref('SaveProfile'), '16 KB'),
        responses: { 200: profileResponse },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/profile/mobile-confirmation': {
      post: operation({
        operationId: 'confirmProfileMobile',
        tag: 'Profile',
        summary: 'Confirm a changed mobile number with the SMS code',
        description: 'The code sent to the new number. A wrong one answers 400 `WRONG_CODE` with the tries left (`fields.attemptsLeft`); the fifth wrong one spends the code (409 `TOO_MANY_ATTEMPTS`); after 5 minutes it is refused (409 `EXPIRED`): save the number again for a new one.',
        access: 'user',
        requestBody: jsonBody(ref('ConfirmMobile'), '16 KB'),
        responses: { 200: profileResponse },
        errors: { 400: ['VALIDATION_FAILED', 'BAD_REQUEST', 'WRONG_CODE'], 409: ['NO_PENDING_CHANGE', 'EXPIRED', 'TOO_MANY_ATTEMPTS'], 413: ['PAYLOAD_TOO_LARGE'] },
      }),
    },
    '/api/v1/profile/mobile-change': {
      delete: operation({
        operationId: 'cancelProfileMobileChange',
        tag: 'Profile',
        summary: 'Cancel a changed mobile number still waiting for its code («КҮШІН ЖОЮ»)',
        description: 'The code no longer counts; the confirmed number stays.',
        access: 'user',
        responses: { 200: profileResponse },
        errors: {},
      }),
    },
  };
}

function profileSchemas(): Record<string, Json> {
  const localised = ref('LocalisedText');
  const text = nullable({ type: 'string' });
  return {
    Profile: object({
      iin: IIN,
      fullName: { type: 'string' },
      birthDate: text,
      address: text,
      mobile: nullable({ type: 'string', pattern: '^\\+77\\d{9}$' }),
      phone: text,
      email: text,
      smsOptIn: { type: 'boolean' },
      locale: { type: 'string', enum: [...LOCALES] },
      status: { type: 'string', enum: [...PROFILE_STATUSES] },
      statusLabel: localised,
      pendingMobile: nullable(object({ mobile: { type: 'string' }, expiresAt: dateTime() })),
      savedAt: nullable(dateTime()),
      register: { type: 'string', enum: ['asked', 'unavailable'] },
    }, ['iin', 'fullName', 'birthDate', 'address', 'mobile', 'phone', 'email', 'smsOptIn', 'locale', 'status', 'statusLabel', 'pendingMobile', 'savedAt']),
    SaveProfile: fromZod(saveProfileBody, 'The profile’s fields (000 §6); phone numbers as people type them, kept as +7…'),
    ConfirmMobile: fromZod(confirmMobileBody, 'The 6-digit code from the SMS.'),
  };
}

/** Officials' information queries (api/official-query.ts, domain/official-query.ts). */
function officialQueryPaths(): Json {
  const text = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max });
  const number = { type: 'string', minLength: 1, maxLength: 50, description: 'Letters, digits, `-`, `/`, `.`.' };
  const year = { type: 'integer', minimum: 1991, maximum: 2100 };
  const basis = (name: string, properties: Record<string, Json>, required: string[], description: string): Json => ({
    type: 'object',
    description,
    properties: { basis: { const: name }, ...properties },
    required: ['basis', ...required],
    additionalProperties: false,
  });
  const basisSchema = {
    oneOf: [
      basis('CRIM', {
        erdrNumber: REGISTER_NUMBER,
        instructionOutgoingNumber: number,
        internationalRequest: object({ outgoingNumber: number, requestingBody: text(2, 200), coverLetterOutgoingNumber: number }, undefined, { additionalProperties: false }),
      }, [], '002 p.21–22: the ERDR number (with the instruction’s outgoing number when executing one), or an international legal-assistance request.'),
      basis('ADM_COURT', { caseNumber: number, recordYear: year, court: text(2, 200) }, ['caseNumber', 'recordYear', 'court'], '002 p.25.'),
      basis('ADM_KPSSU', { caseNumber: number }, ['caseNumber'], '002 p.23: the administrative case number of the Special Records AIS.'),
      basis('CIVIL_COURT', { caseNumber: number, recordYear: year, court: text(2, 200) }, ['caseNumber', 'recordYear', 'court'], '002 p.25.'),
      basis('INITIAL_CHECK', { justification: text(10, 1000) }, ['justification'], '002 p.20 names no identifier; the official states why.'),
      basis('ENFORCEMENT', { enforcementNumber: number }, ['enforcementNumber'], '002 p.27: the through number of the enforcement AIS.'),
      basis('SEARCH_CASE', { searchCaseNumber: number }, ['searchCaseNumber'], '002 p.26.'),
    ],
  };
  const target = {
    oneOf: [
      object({ kind: { const: 'CASE' }, erdrNumber: REGISTER_NUMBER }, undefined, { additionalProperties: false, description: 'A case of the ERDR (under the criminal-case basis that names it).' }),
      object({ kind: { const: 'REPORT' }, kuiNumber: REGISTER_NUMBER }, undefined, { additionalProperties: false, description: 'A report of the KUI register (initial check, or the case it became).' }),
      object({ kind: { const: 'PERSON' }, iin: IIN }, undefined, { additionalProperties: false, description: 'A person’s records (Annex 2 row 16, special records).' }),
    ],
  };
  const refusals = ['ROLE_HAS_NO_QUERIES', 'BASIS_NOT_FOR_ROLE', 'SERVICE_NOT_UNDER_BASIS', 'SERVICE_MVD_ONLY', 'ARTICLE_NOT_IN_ANNEX_3', 'BASIS_NAMES_ANOTHER_CASE'];
  return {
    '/api/v1/official-queries': {
      post: operation({
        operationId: 'officialQuery',
        tag: 'Official queries',
        summary: 'Query a case, a report or a person, stating the basis',
        description:
          '002 P4: the basis (one of the seven of §2.2) with its identifiers, and what is read. The role must have the basis in Annex 1 and the ' +
          'service must answer under it in Annex 2, else 403 with the reason (`localised`, kk/ru/en) and the refusal’s code. Every query, answered ' +
          'or refused, is journalled in the audit log with its result size before the answer; `journal.index` is its entry (for an inclusion proof). ' +
          'Times in Astana time (UTC+5, p.29).',
        access: 'user',
        roles: [...OFFICIAL_ROLES],
        requestBody: jsonBody(object({ basis: basisSchema, target, role: { type: 'string', enum: [...OFFICIAL_ROLES], description: 'Which of my roles sends it; by default the first that may.' } }, ['basis', 'target'], { additionalProperties: false }), '100 kB'),
        responses: {
          200: json(
            object({
              queryId: { type: 'string', format: 'uuid' },
              at: { type: 'string', description: 'ISO 8601, Astana time.' },
              role: { type: 'string' },
              basis: { type: 'object' },
              target: { type: 'object' },
              service: { type: 'object' },
              resultCount: { type: 'integer' },
              results: arrayOf({ type: 'object' }),
              journal: object({ index: { type: 'integer' }, leafHash: { ...BASE64 } }),
            }),
            'The answer, journalled.',
          ),
        },
        errors: { 400: ['VALIDATION_FAILED'], 403: refusals },
      }),
    },
  };
}

/** The departmental review of queries (api/query-review.ts). */
function queryReviewPaths(): Json {
  const reviewId = pathParam('id', 'The review’s workflow id, `query-review-<body code>-…`.', { type: 'string', pattern: '^query-review-\\d{6}-[\\w:.-]{1,40}$' });
  const review = object(
    {
      reviewId: { type: 'string' },
      bodyCode: BODY_CODE,
      period: object({ label: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }),
      status: { type: 'string', enum: ['AWAITING_MARKS', 'COMPLETED'] },
      statusLabel: ref('LocalisedText'),
      queries: arrayOf({ type: 'object', description: 'A query of the «Есептер» report with its mark (null until marked); `at` in Astana time.' }),
      blockingProposals: arrayOf(object({ queryId: { type: 'string' }, officialIin: IIN, reason: { type: 'string' } })),
      deadlines: arrayOf({ type: 'object' }),
    },
    undefined,
    { description: 'A month’s review of a body’s queries; times in Astana time (UTC+5).' },
  );
  return {
    '/api/v1/officials/query-reviews': {
      get: operation({
        operationId: 'officialsQueryReviews',
        tag: 'Query reviews',
        summary: 'The reviews of my bodies',
        description: '002 p.10–11: the monthly reviews of the bodies the user heads or supervises as prosecutor, each with its status.',
        access: 'user',
        roles: ['head', 'prosecutor'],
        responses: { 200: json(object({ items: arrayOf(object({ reviewId: { type: 'string' }, bodyCode: nullable(BODY_CODE), status: nullable({ type: 'string' }), statusLabel: { oneOf: [ref('LocalisedText'), { type: 'null' }] }, startedAt: { type: 'string' } })) }), 'The reviews.') },
      }),
    },
    '/api/v1/query-reviews/{id}': {
      get: operation({
        operationId: 'getQueryReview',
        tag: 'Query reviews',
        summary: 'One review: the «Есептер» report of the month and its marks',
        description: '002 p.11: every query the body’s officials sent in the month (answered or refused) from the audit log, with its basis, what was read, the result size and whether it is with the official’s own body (p.5). Another body’s review answers 404.',
        access: 'user',
        roles: ['head', 'prosecutor'],
        parameters: [reviewId],
        responses: { 200: json(review, 'The review.') },
        errors: { 404: ['NOT_FOUND'] },
      }),
    },
    '/api/v1/query-reviews/{id}/marks': {
      post: operation({
        operationId: 'markQueryReview',
        tag: 'Query reviews',
        summary: 'Mark queries justified or unjustified',
        description:
          '002 p.10–12: the head of the body marks each query; an unjustified one needs its reason and makes an incident and a proposal to block the official (p.12, p.37), both in the audit log. ' +
          'Due within 10 days of the review’s start (`queryReview.marks`: reminder at 7, the prosecutor told at 10; later marks recorded as late).',
        access: 'user',
        roles: ['head'],
        parameters: [reviewId],
        requestBody: jsonBody(object({ marks: arrayOf(object({ queryId: { type: 'string', format: 'uuid' }, justified: { type: 'boolean' }, note: { type: 'string', minLength: 1, maxLength: 1000 } }, ['queryId', 'justified'], { additionalProperties: false }), 'At least one, at most 1000.') }, ['marks'], { additionalProperties: false }), '256 kB'),
        responses: { 200: json(review, 'The review with the marks.') },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'], 409: ['UNKNOWN_QUERY', 'ALREADY_MARKED', 'REVIEW_COMPLETED', 'REASON_REQUIRED'] },
      }),
    },
  };
}

/** The emergency log (api/incident.ts). */
function incidentPaths(): Json {
  const incident = object(
    {
      id: { type: 'string' },
      kind: { type: 'string' },
      kindLabel: nullable(ref('LocalisedText')),
      startedAt: { type: 'string' },
      detectedAt: { type: 'string' },
      endedAt: nullable({ type: 'string' }),
      detail: { type: 'object' },
      scenario: nullable({ type: 'string' }),
      causes: nullable({ type: 'string' }),
      measures: nullable({ type: 'string' }),
      responsible: nullable({ type: 'string' }),
    },
    undefined,
    { description: 'An entry of the emergency log; times in Astana time (UTC+5).' },
  );
  return {
    '/api/v1/incidents': {
      get: operation({
        operationId: 'listIncidents',
        tag: 'Incidents',
        summary: 'The emergency log',
        description: '002 p.41–43: every delay over one hour the system found (the health watch looks every five minutes), newest first, with what the operator added.',
        access: 'user',
        roles: ['operator'],
        responses: { 200: json(object({ items: arrayOf(incident) }), 'The entries.') },
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
        parameters: [pathParam('id', 'The incident id.', { type: 'string', maxLength: 100 })],
        requestBody: jsonBody(
          object(
            { scenario: { type: 'string', enum: ['SERVER_EQUIPMENT_DAMAGE', 'PREMISES_PARTIAL_DAMAGE', 'FIRE_ALARM', 'AC_FAILURE', 'POWER_FAILURE', 'FLOOD', 'SOFTWARE'] }, causes: { type: 'string', minLength: 3, maxLength: 4000 }, measures: { type: 'string', minLength: 3, maxLength: 4000 }, responsible: { type: 'string', minLength: 3, maxLength: 300 } },
            undefined,
            { additionalProperties: false },
          ),
          '64 kB',
        ),
        responses: { 200: json(incident, 'The entry.') },
        errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
      }),
    },
  };
}
