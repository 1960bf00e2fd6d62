// The OpenAPI paths of api/report.ts, kept beside the router so that it stays short; re-exported by it.
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  kuiRegistrationSchema,
  reportAcceptedSchema,
  reportDecisionResultSchema,
  reportDecisionSchema,
  reportDetailsSchema,
  reportListItemSchema,
  reportQueueItemSchema,
  reportStatusSchema,
  reportSubmissionSchema,
  signedReportContentComponent,
} from '../../domain/report';
import { registerNumber } from '../../domain/contract';
import type { OfficialRole } from '../../domain/roles';
import { download, idempotencyKeyHeader, json, jsonBody, operation } from '../openapi-kit';

/** Who sees the officials' queue of reports, and who decides on a report (api/report.ts). */
export const QUEUE_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head', 'prosecutor'];
export const DECIDING_ROLES: OfficialRole[] = ['registry_officer', 'investigator', 'head'];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/report.ts).
// The worked example of the convention (README, "The OpenAPI document").

const talonPath = z.object({ talon: registerNumber.meta({ description: 'The talon: the 15-digit number the applicant received on submission.' }) });

/** Components only reachable from inside a schema (the content the CMS carries), not from a route. */
export const reportSchemas = { SignedReportContent: signedReportContentComponent };

export const reportPaths: ZodOpenApiPathsObject = {
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
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody(reportSubmissionSchema, '2 MB'),
      responses: { 202: json(reportAcceptedSchema, 'Accepted (or accepted before, for a retry).') },
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
      responses: { 200: json(z.object({ items: z.array(reportListItemSchema) }), 'The reports.') },
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
      requestParams: { path: talonPath },
      responses: { 200: json(reportDetailsSchema, 'The report.') },
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
      requestParams: { path: talonPath },
      responses: { 200: download('application/zip', 'The archive `<talon>.zip`.') },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
  '/api/v1/officials/reports': {
    get: operation({
      operationId: 'officialsReportQueue',
      tag: 'Officials',
      summary: 'The reports queue of my bodies',
      description: 'Reports with the bodies the official serves, the most urgent first (by the 24-hour registration deadline), at most 500.',
      access: 'user',
      roles: QUEUE_ROLES,
      requestParams: {
        query: z.object({
          status: z
            .array(reportStatusSchema)
            .optional()
            .meta({
              description: 'Statuses to list, comma-separated. Default `AWAITING_REGISTRATION,REGISTERED_KUI,TRANSFERRED`.',
              param: { style: 'form', explode: false },
            }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(reportQueueItemSchema) }), 'The queue.') },
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
      requestParams: { path: talonPath },
      responses: { 200: json(kuiRegistrationSchema, 'Registered.') },
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
      requestParams: { path: talonPath },
      requestBody: jsonBody(reportDecisionSchema, '2 MB'),
      responses: { 200: json(reportDecisionResultSchema, 'Decided.') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST'],
        404: ['NOT_FOUND'],
        409: ['ALREADY_DECIDED', 'DECISION_IN_PROGRESS', 'NOT_REGISTERED_IN_KUI', 'UNKNOWN_BODY', 'SAME_BODY', 'REPORT_REJECTED'],
        413: ['PAYLOAD_TOO_LARGE'],
      },
    }),
  },
};
