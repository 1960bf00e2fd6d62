// The OpenAPI paths of api/translation.ts, kept beside the router so that it stays short; re-exported by it.
import { z } from 'zod';
import type { OfficialRole } from '../../domain/roles';
import {
  sendForTranslationRequestSchema,
  signedTranslationContentComponent,
  translationDetailsSchema,
  translationQueueItemSchema,
  translationReviewRequestSchema,
  translationStateSchema,
  translationSubmissionSchema,
  translationTaskItemSchema,
} from '../../domain/translation';
import { erdrFilterQuery } from '../case-submissions';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { download, idempotencyKeyHeader, json as jsonResponse, jsonBody, operation } from '../openapi-kit';

/** Officials who send and review translations and see a body's tasks (000 §5 step 1: investigator, inquirer or prosecutor). */
export const TRANSLATION_OFFICIAL_ROLES: OfficialRole[] = ['investigator', 'head', 'prosecutor'];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI: the routes above, with the zod schemas they parse and answer with (domain/translation.ts)

const taskIdPath = z.object({ id: z.uuid().meta({ description: 'The task id.' }) });
/** The errors of a route with a JSON body on a task. */
const BODY_ERRORS = { 400: ['VALIDATION_FAILED', 'BAD_REQUEST'], 404: ['NOT_FOUND'], 413: ['PAYLOAD_TOO_LARGE'] } as const;
const items = <T extends z.ZodType>(item: T, description: string) => jsonResponse(z.object({ items: z.array(item) }), description);

/** Components only reachable from inside a schema (the content the CMS carries), not from a route. */
export const translationSchemas = { SignedTranslationContent: signedTranslationContentComponent };

export const translationPaths: ZodOpenApiPathsObject = {
  '/api/v1/translations': {
    post: operation({
      operationId: 'sendForTranslation',
      tag: 'Translations',
      summary: 'Send a case document to a translator',
      description:
        '000 §5 step 1: the official conducting the case, their head or the supervising prosecutor sends a document of the case to a translator who is a ' +
        'confirmed participant of it (role `translator`), with the due date (at least an hour, at most 30 days ahead). The workflow `translation-<id>` ' +
        'puts it in the translator’s inbox «Жұмыста», reminds a day before the due date and tells the head when it passes. Officials of other bodies get 404. ' +
        'The `Idempotency-Key` makes retries safe.',
      access: 'user',
      roles: TRANSLATION_OFFICIAL_ROLES,
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody(sendForTranslationRequestSchema, '2 MB'),
      responses: { 201: jsonResponse(translationTaskItemSchema, 'Sent (or sent before, for a retry).') },
      errors: {
        400: ['VALIDATION_FAILED', 'BAD_REQUEST', 'NO_SUCH_DOCUMENT'],
        404: ['NOT_FOUND'],
        409: ['TRANSLATOR_NOT_PARTICIPANT', 'IDEMPOTENCY_KEY_REUSED'],
        413: ['PAYLOAD_TOO_LARGE'],
      },
    }),
    get: operation({
      operationId: 'translationInbox',
      tag: 'Translations',
      summary: 'My documents to translate («Жұмыста»)',
      description:
        '000 §4.7 «Аударалатын құжаттар»: the tasks in work for the logged-in translator — ERDR number, sender («Жолдаушы»), date sent for execution, the deciding body, ' +
        'the document’s name, status, due date, the reason of a return. Refresh is reading it again. Newest first, at most 200.',
      access: 'user',
      requestParams: { query: erdrFilterQuery('000 §4.7: only this case’s tasks.') },
      responses: { 200: items(translationTaskItemSchema, 'The inbox.') },
      errors: { 400: ['VALIDATION_FAILED'] },
    }),
  },
  '/api/v1/translations/completed': {
    get: operation({
      operationId: 'completedTranslations',
      tag: 'Translations',
      summary: 'My completed translation tasks',
      description:
        '000 §4.8 «Орындалған тапсырмалар»: translations sent for checking and approved («Келісілді») — ERDR number, document, sender, deciding body, date sent for checking, status, the files to download.',
      access: 'user',
      requestParams: { query: erdrFilterQuery('000 §4.8: only this case’s tasks.') },
      responses: { 200: items(translationTaskItemSchema, 'The completed tasks.') },
      errors: { 400: ['VALIDATION_FAILED'] },
    }),
  },
  '/api/v1/translations/{id}': {
    get: operation({
      operationId: 'getTranslation',
      tag: 'Translations',
      summary: 'A translation task, live from its workflow',
      description:
        'Status, every round with its review, the files, the history and the due dates. For the translator and the officials of the body; 404 for anyone else.',
      access: 'user',
      requestParams: { path: taskIdPath },
      responses: { 200: jsonResponse(translationDetailsSchema, 'The task.') },
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
      requestParams: { path: taskIdPath },
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
      requestParams: {
        path: taskIdPath.extend({
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .meta({ description: 'The file’s SHA-256.' }),
        }),
      },
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
        'a translation after the due date is recorded as late. The same signed translation sent again is answered as the first time. Only the task’s translator, still a confirmed participant (403).',
      access: 'user',
      requestParams: { path: taskIdPath },
      requestBody: jsonBody(translationSubmissionSchema, '2 MB'),
      responses: { 200: jsonResponse(translationStateSchema, 'Sent for checking; the task as it now stands.') },
      errors: {
        ...BODY_ERRORS,
        403: ['NOT_THE_TRANSLATOR', 'TRANSLATOR_NOT_PARTICIPANT'],
        409: ['NOT_IN_WORK', 'NOTHING_TO_REVIEW', 'NOT_THE_TRANSLATOR', 'INVALID_SUBMISSION'],
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
        '000 §5 step 4: `APPROVE` — «Келісілді», the translated files join the case’s documents (001 ¶7); `RETURN` with the reason (and, if wished, a new due date) — ' +
        'back to «Жұмыста» for another round. Only the official who sent the task, or the head of the body (403 for other officials of the body).',
      access: 'user',
      roles: TRANSLATION_OFFICIAL_ROLES,
      requestParams: { path: taskIdPath },
      requestBody: jsonBody(translationReviewRequestSchema, '2 MB'),
      responses: { 200: jsonResponse(translationStateSchema, 'Reviewed; the task as it now stands.') },
      errors: {
        ...BODY_ERRORS,
        403: ['NOT_THE_REVIEWER'],
        409: ['NOTHING_TO_REVIEW', 'NOT_IN_WORK', 'REASON_REQUIRED', 'INVALID_DUE_DATE', 'UNKNOWN_DECISION'],
      },
    }),
  },
  '/api/v1/officials/translations': {
    get: operation({
      operationId: 'officialsTranslationQueue',
      tag: 'Translations',
      summary: 'Open translation tasks of my bodies, the soonest due first',
      description:
        'Tasks not yet approved in the bodies where the official holds a role, ordered by their due date, with the time left and whether one awaits my review; at most 500.',
      access: 'user',
      roles: TRANSLATION_OFFICIAL_ROLES,
      responses: { 200: items(translationQueueItemSchema, 'The queue.') },
    }),
  },
};
