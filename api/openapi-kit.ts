// What every router's OpenAPI paths share (zod-openapi): the structured error body and the error
// responses, the bearer scheme with the EDS login flow, common parameters (Idempotency-Key,
// pagination, path ids), and `operation()`, which turns a route's access rule, roles and machine
// error codes into the operation's security, `x-required-roles`, `x-error-codes`, error responses
// and description. Each `api/<stem>.ts` exports `<stem>Paths` built with these (api/report.ts is
// the worked example); api/openapi.ts only composes them into the document.
import type { Request } from 'express';
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiParameters, ZodOpenApiRequestBodyObject, ZodOpenApiResponseObject } from 'zod-openapi';
import { localisedText } from '../domain/contract';
import { ROLE_LABELS, type OfficialRole } from '../domain/roles';
import { REASON_CODES } from '../eds/verdict';
import { HttpError } from './errors';

export { labelledEnum, labelsTable } from '../domain/contract';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Errors (api/errors.ts writes them)

export const signatureReasonSchema = z
  .object({ code: z.enum(REASON_CODES), message: z.string(), localised: localisedText.optional() })
  .meta({ id: 'SignatureReason' });

/** Every failure: `{ error: { code, message, fields?, localised?, reasons?, source? } }`. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine code, e.g. `VALIDATION_FAILED`; each operation lists its codes.' }),
      message: z.string().meta({ description: 'Technical message in English.' }),
      fields: z.record(z.string(), z.string()).optional().meta({ description: 'Invalid field (path, or header name) → what is wrong.' }),
      localised: localisedText.optional().meta({ description: 'What to show a person, in kk/ru/en.' }),
      reasons: z.array(signatureReasonSchema).optional().meta({ description: 'Why a signature was not accepted.' }),
      source: z
        .string()
        .optional()
        .meta({ description: 'A refusal by a rule of a process: the paragraph the rule comes from, e.g. `001 ¶10` (the criminal case’s 409s).' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every failure: `{ error: { code, message, fields?, localised?, reasons?, source? } }`.' });

/** The shared error responses (components/responses), by HTTP status: [component name, meaning]. */
export const ERROR_RESPONSES = {
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
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** components/responses of the document: one per error status, each the `Error` body. */
export const errorResponseComponents = (): Record<string, ZodOpenApiResponseObject> =>
  Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(([name, meaning]) => [name, { description: `${meaning}.`, content: { 'application/json': { schema: errorSchema } } }]),
  );

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Security

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

export const SECURITY_SCHEMES = {
  bearer: { type: 'http' as const, scheme: 'bearer', bearerFormat: 'opaque session token', description: LOGIN_FLOW },
};

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Common parameters

/**
 * The Idempotency-Key header of a submission: the router checks it with this schema, and the
 * document shows it as the component parameter `IdempotencyKey`.
 */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\w.:-]{8,128}$/, '8–128 characters: letters, digits, . _ : -')
  .meta({
    param: {
      id: 'IdempotencyKey',
      in: 'header',
      name: 'Idempotency-Key',
      required: true,
      description: 'Chosen by the client per submission (e.g. a UUID) and reused on every retry of it; scoped to the user.',
    },
  });

/** The request's Idempotency-Key, or 400 VALIDATION_FAILED naming the header. */
export function requireIdempotencyKey(req: Request): string {
  const key = idempotencyKeyHeader.safeParse(req.header('Idempotency-Key'));
  if (!key.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is required', { 'Idempotency-Key': key.error.issues[0].message });
  return key.data;
}

/** A path parameter of `name`; pass them to `requestParams: { path: z.object({ … }) }`. */
export const pathParam = <T extends z.ZodType>(schema: T, description: string) => schema.meta({ description });
export const uuidParam = (description: string) => pathParam(z.uuid(), description);
/** Page size and cursor of a list that pages backwards in time (`before` = `nextBefore` of the previous page). */
export const pageQuery = (maximum = 100, defaultSize = 20) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(maximum).default(defaultSize).optional().meta({ description: 'Page size.' }),
    before: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional()
      .meta({ description: '`nextBefore` of the previous page: the next page holds older entries.' }),
  });

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Responses and bodies

type Schema = z.ZodType | Record<string, unknown>;

/** A JSON response with its zod schema (the one tests check real responses against). */
export const json = (schema: Schema, description: string, headers?: ZodOpenApiResponseObject['headers']): ZodOpenApiResponseObject => ({
  description,
  ...(headers && { headers }),
  content: { 'application/json': { schema: schema as z.ZodType } },
});
/** A JSON request body and its size limit (the router's `express.json({ limit })`). */
export const jsonBody = (schema: Schema, limit: string, description?: string): ZodOpenApiRequestBodyObject => ({
  required: true,
  description: `${description ? `${description} ` : ''}JSON, at most ${limit}.`,
  content: { 'application/json': { schema: schema as z.ZodType } },
});
export const noContent: ZodOpenApiResponseObject = { description: 'Done; no body.' };
/** A file sent as an attachment (RFC 6266 name, never cached). */
export const download = (mediaType: string, description: string): ZodOpenApiResponseObject => ({
  description,
  headers: {
    'Content-Disposition': {
      description: 'attachment; filename="…"; filename*=UTF-8\'\'… (RFC 6266; the UTF-8 form keeps Kazakh names intact)',
      schema: { type: 'string' },
    },
    'Cache-Control': { schema: { type: 'string', const: 'private, no-store' } },
  },
  content: { [mediaType]: { schema: { type: 'string', contentMediaType: mediaType } } },
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Operations

/**
 * The operations api/abuse.ts rate-limits: the login challenge (per address) and SUBMISSION_ROUTES
 * (per person). Add the operationId of a new submission route here (tests/api/openapi.test.ts
 * checks the list against api/abuse.ts).
 */
export const RATE_LIMITED_OPERATIONS = [
  'authChallenge',
  'uploadFile',
  'submitReport',
  'submitPetition',
  'submitComplaint',
  'submitTranslation',
  'submitArchiveRequest',
  'submitArchiveRequestAtStateCorporation',
  'submitOffenceInformationRequest',
];

export interface OperationSpec {
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
  /** Path, query and header parameters as zod objects (`{ path: z.object({ talon }) }`). */
  requestParams?: ZodOpenApiParameters;
  /** Parameters given one by one (component references such as `idempotencyKeyHeader`). */
  parameters?: ZodOpenApiOperationObject['parameters'] | Record<string, unknown>[];
  requestBody?: ZodOpenApiRequestBodyObject | Record<string, unknown>;
  /** Success responses (and a route's own error bodies); the shared error responses are added. */
  responses: Record<string, ZodOpenApiResponseObject | Record<string, unknown>>;
  /** Machine error codes (`error.code`) by HTTP status. */
  errors?: Partial<Record<ErrorStatus, readonly string[]>>;
}

const ACCESS_TEXT: Record<OperationSpec['access'], string> = {
  public: 'Public: no login needed.',
  user: 'Needs a session token (`Authorization: Bearer <token>`, see the `bearer` security scheme).',
  codec: 'Needs `Authorization: Bearer` with the codec access token, or the session token of a person allowed to read workflow histories.',
  capability: 'The token in the path: the codec access token, or the session token of a person allowed to read workflow histories.',
};

/** An operation of the document: access, roles and error codes written out the same way everywhere. */
export function operation(spec: OperationSpec): ZodOpenApiOperationObject {
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
  const responses: Record<string, unknown> = { ...spec.responses };
  for (const status of statuses) {
    if (responses[status]) continue; // described by the route itself (GET /ready answers 503 with its report)
    const [name, meaning] = ERROR_RESPONSES[status];
    responses[status] = { $ref: `#/components/responses/${name}`, description: `${meaning}. Codes: ${errors[status]!.map((c) => `\`${c}\``).join(', ')}.` };
  }

  const roles = spec.roles
    ? `\n\n**Roles:** at least one of ${spec.roles.map((r) => `\`${r}\` (${ROLE_LABELS[r].en})`).join(', ')} — \`x-required-roles\`.`
    : '';
  const codes = statuses.map((s) => `- ${s}: ${errors[s]!.map((c) => `\`${c}\``).join(', ')}`).join('\n');

  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: `${spec.description}\n\n**Access:** ${ACCESS_TEXT[spec.access]}${roles}\n\n**Error codes** (\`error.code\`):\n${codes}`,
    security: spec.access === 'user' || spec.access === 'codec' ? [{ bearer: [] }] : [],
    ...(spec.roles && { 'x-required-roles': [...spec.roles] }),
    'x-error-codes': Object.fromEntries(statuses.map((s) => [String(s), errors[s]])),
    ...(spec.requestParams && { requestParams: spec.requestParams }),
    ...(spec.parameters && { parameters: spec.parameters as ZodOpenApiOperationObject['parameters'] }),
    ...(spec.requestBody && { requestBody: spec.requestBody as ZodOpenApiRequestBodyObject }),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
}
