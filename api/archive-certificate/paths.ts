// The OpenAPI paths of api/archive-certificate.ts, kept beside the router so that it stays short; re-exported by it.
import { z } from 'zod';
import {
  ARCHIVE_STEPS,
  archiveRequestDetailsSchema,
  archiveRequestItemSchema,
  archiveRequestStateSchema,
  archiveRequestSubmissionSchema,
  archiveStepRequestSchema,
  signedArchiveRequestComponent,
  stateServiceAcceptedSchema,
} from '../../domain/archive-certificate';
import type { OfficialRole } from '../../domain/roles';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { download, idempotencyKeyHeader, json as jsonResponse, jsonBody, operation, type ErrorStatus } from '../openapi-kit';

/** The Committee's officials who see a body's archive requests (office employee, executor, head). */
export const ARCHIVE_STAFF_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head'];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/archive-certificate.ts)

const requestIdPath = z.object({ id: z.uuid().meta({ description: 'The request id returned on filing.' }) });

/** The errors of a signed state-service submission (api/offence-information.ts uses them too). */
export const STATE_SERVICE_SUBMISSION_ERRORS = {
  400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
  409: ['IDEMPOTENCY_KEY_REUSED'],
  413: ['PAYLOAD_TOO_LARGE'],
  422: ['SIGNATURE_INVALID', 'SIGNER_MISMATCH', 'CONTENT_NOT_ENCAPSULATED', 'IIN_MISMATCH'],
  503: ['REVOCATION_UNAVAILABLE'],
} as const;

/** Components only reachable from inside a schema (the content the CMS carries), not from a route. */
export const archiveCertificateSchemas = { SignedArchiveRequest: signedArchiveRequestComponent };

const archiveSubmission = (
  operationId: string,
  summary: string,
  description: string,
  roles?: OfficialRole[],
  extra: Partial<Record<ErrorStatus, readonly string[]>> = {},
): ZodOpenApiOperationObject =>
  operation({
    operationId,
    tag: 'State services',
    summary,
    description:
      `${description} The signature is checked with revocation (004 A-p.8.2 condition 2) and again by the workflow \`archive-certificate-<id>\` ` +
      '(condition 3). The provider’s steps then run against their limits (A-p.5, A-p.7); the paper result goes to the State Corporation a day ' +
      'before the service term. The `Idempotency-Key` makes retries safe: the same key answers with the same request.',
    access: 'user',
    ...(roles && { roles }),
    parameters: [idempotencyKeyHeader],
    requestBody: jsonBody(archiveRequestSubmissionSchema, '2 MB'),
    responses: { 202: jsonResponse(stateServiceAcceptedSchema, 'Accepted (or accepted before, for a retry).') },
    errors: { ...STATE_SERVICE_SUBMISSION_ERRORS, ...extra, 422: [...STATE_SERVICE_SUBMISSION_ERRORS[422], ...(extra[422] ?? [])] },
  });

const archiveItems = (description: string) => jsonResponse(z.object({ items: z.array(archiveRequestItemSchema) }), description);

export const archiveCertificatePaths: ZodOpenApiPathsObject = {
  '/api/v1/archive-certificates': {
    post: archiveSubmission(
      'submitArchiveRequest',
      'Ask for an archive certificate on the portal',
      'The recipient signs the UTF-8 JSON of `SignedArchiveRequest` with their signing key, content attached, about themselves: the IIN in the request must be the certificate’s (422 `IIN_MISMATCH`).',
    ),
    get: operation({
      operationId: 'listMyArchiveRequests',
      tag: 'State services',
      summary: 'My archive certificate requests',
      description: 'The requests I am the recipient of or filed (a State Corporation operator), newest first, at most 200.',
      access: 'user',
      responses: { 200: archiveItems('The requests.') },
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
      description: 'The requests not yet finished in the bodies where the official is office staff, executor or head, at most 500.',
      access: 'user',
      roles: ARCHIVE_STAFF_ROLES,
      responses: { 200: archiveItems('The queue.') },
    }),
  },
  '/api/v1/archive-certificates/{id}': {
    get: operation({
      operationId: 'getArchiveRequest',
      tag: 'State services',
      summary: 'An archive certificate request, live from its workflow',
      description:
        'Status, steps taken, every step’s deadline, the result, the retention. For the recipient, whoever filed it and the staff of its body; 404 for anyone else.',
      access: 'user',
      requestParams: { path: requestIdPath },
      responses: { 200: jsonResponse(archiveRequestDetailsSchema, 'The request.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/archive-certificates/{id}/result.pdf': {
    get: operation({
      operationId: 'downloadArchiveResult',
      tag: 'State services',
      summary: 'The result as a PDF (Kazakh and Russian)',
      description:
        'The certificate / copies cover, or the «no information» reply recommending other archives (A-p.7.4), made when the head signs. 404 before that and once an uncollected result was destroyed (A-p.10).',
      access: 'user',
      requestParams: { path: requestIdPath },
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
      requestParams: { path: requestIdPath },
      requestBody: jsonBody(archiveStepRequestSchema, '2 MB'),
      responses: { 200: jsonResponse(archiveRequestStateSchema, 'Taken; the request as it now stands.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        403: ['FORBIDDEN'],
        404: ['NOT_FOUND'],
        409: ['STEP_OUT_OF_ORDER', 'NOT_THE_EXECUTOR', 'UNKNOWN_STEP'],
        413: ['PAYLOAD_TOO_LARGE'],
      },
    }),
  },
};
