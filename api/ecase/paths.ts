// The OpenAPI paths of the electronic criminal case (api/ecase.ts; 001): the officials' list, the
// case, its documents and timeline, the conducting official's actions, familiarisation with
// materials (000 §4.9) and the access journal. Kept beside the router so the router stays short;
// re-exported as `ecasePaths` by api/ecase.ts.
import { z } from 'zod';
import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';
import {
  addParticipantBody,
  CASE_LIST_ROLES,
  caseListItemSchema,
  caseOfficialViewSchema,
  caseParticipantViewSchema,
  caseStateSchema,
  CONDUCTING_ROLES,
  erdrPathParam,
  resolveFormatBody,
  timelineEntrySchema,
} from '../../domain/ecase';
import { caseAccessEntrySchema, materialAccessBody, materialAccessResultSchema } from '../../domain/decisions';
import { registerNumber } from '../../domain/contract';
import { download, errorSchema, json, jsonBody, operation, pathParam } from '../openapi-kit';

/** Refusals any action on a case not in proceedings may get (001 ¶17–¶21, ¶29). */
export const CASE_STATUS_REFUSALS = [
  'CASE_SUSPENDED',
  'CASE_INACTIVE_FOR_SENDER',
  'AWAITING_PROSECUTOR_REVIEW',
  'CASE_ARCHIVED',
  'CASE_SENT_TO_COURT',
  'CASE_JOINED_INTO_ANOTHER',
  'ACTION_IN_PROGRESS',
];

/** A 409 of the case workflow: `Error` with the rule's code, its paragraph (`source`) and its text in three languages. */
export const caseRefusal = (codes: readonly string[]): ZodOpenApiResponseObject =>
  json(errorSchema, `Refused by a rule of Instruction 001; \`source\` names its paragraph. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`);

const erdr = { path: erdrPathParam };
const conducting = [...CONDUCTING_ROLES];
const FORMAT_REFUSALS = [
  'FORMAT_ALREADY_RESOLVED',
  'PAPER_TO_ELECTRONIC_FORBIDDEN',
  'SWITCH_NEEDS_REASONED_RESOLUTION',
  'NOT_ASSIGNED_OFFICIAL',
  'FORMAT_NOT_RESOLVED',
  ...CASE_STATUS_REFUSALS,
];
const PARTICIPANT_REFUSALS = ['UNKNOWN_ROLE', 'INVALID_IIN', 'PARTICIPANT_EXISTS', 'MARK_NOT_APPLICABLE', 'MARK_NAMES_NO_SUSPECT', ...CASE_STATUS_REFUSALS];
const CONFIRM_REFUSALS = ['UNKNOWN_PARTICIPANT', ...CASE_STATUS_REFUSALS];
const SUPERVISION_REFUSALS = ['ALREADY_SUPERVISED', 'CASE_INACTIVE_FOR_SENDER', 'ACTION_IN_PROGRESS'];
const GRANT_REFUSALS = ['UNKNOWN_PARTICIPANT', 'UNKNOWN_DOCUMENT', 'FORMAT_NOT_RESOLVED', ...CASE_STATUS_REFUSALS];
/** The conducting official's action: 403 for others who see the case, 404 for those who do not. */
const actionErrors = (refusals: string[], body: boolean) => ({
  400: body ? ['VALIDATION_FAILED', 'BAD_REQUEST'] : ['VALIDATION_FAILED'],
  403: ['FORBIDDEN'],
  404: ['NOT_FOUND'],
  409: refusals,
  ...(body && { 413: ['PAYLOAD_TOO_LARGE'] }),
});

const grant = (operationId: string, summary: string, description: string) =>
  operation({
    operationId,
    tag: 'Cases',
    summary,
    description,
    access: 'user',
    roles: conducting,
    requestParams: erdr,
    requestBody: jsonBody(materialAccessBody, '64 KB'),
    responses: { 200: json(materialAccessResultSchema, 'The documents now open to the participant.'), 409: caseRefusal(GRANT_REFUSALS) },
    errors: actionErrors(GRANT_REFUSALS, true),
  });

export const ecasePaths: ZodOpenApiPathsObject = {
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
      roles: [...CASE_LIST_ROLES],
      responses: { 200: json(z.object({ items: z.array(caseListItemSchema) }), 'The cases.') },
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
        '(001 ¶30–33; `Case`); a confirmed participant sees the case header, their own part and the documents opened to them ' +
        '(¶26, `access: public`; `CaseParticipantView`). Anyone else gets 404.',
      access: 'user',
      requestParams: erdr,
      responses: { 200: json(z.union([caseOfficialViewSchema, caseParticipantViewSchema]), 'The case.') },
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
        'granted to them by an answered access request or by the official (000 §4.5, §4.9, 001 ¶26; `grantedDocuments` in their view of the case). 404 otherwise.',
      access: 'user',
      requestParams: { path: erdrPathParam.extend({ documentId: pathParam(z.string(), 'The document id within the case.') }) },
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
      requestParams: erdr,
      responses: { 200: json(z.object({ erdrNumber: registerNumber, entries: z.array(timelineEntrySchema) }), 'The timeline.') },
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
      roles: conducting,
      requestParams: erdr,
      requestBody: jsonBody(resolveFormatBody, '64 KB'),
      responses: { 200: json(caseStateSchema, 'Resolved; the case as it now stands.'), 409: caseRefusal(FORMAT_REFUSALS) },
      errors: actionErrors(FORMAT_REFUSALS, true),
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
      roles: conducting,
      requestParams: erdr,
      requestBody: jsonBody(addParticipantBody, '64 KB'),
      responses: { 201: json(caseStateSchema, 'Added; the case as it now stands.'), 409: caseRefusal(PARTICIPANT_REFUSALS) },
      errors: actionErrors(PARTICIPANT_REFUSALS, true),
    }),
  },
  '/api/v1/cases/{erdr}/participants/{iin}/confirmation': {
    post: operation({
      operationId: 'confirmCaseParticipant',
      tag: 'Cases',
      summary: 'Confirm a participant’s procedural status',
      description: '001 ¶26: the confirmation opens the case to the participant in the Public Sector. Only the conducting official. No body.',
      access: 'user',
      roles: conducting,
      requestParams: { path: erdrPathParam.extend({ iin: pathParam(z.string().regex(/^\d{12}$/), 'The participant’s IIN.') }) },
      responses: { 200: json(caseStateSchema, 'Confirmed; the case as it now stands.'), 409: caseRefusal(CONFIRM_REFUSALS) },
      errors: actionErrors(CONFIRM_REFUSALS, false),
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
      requestParams: erdr,
      responses: { 200: json(caseStateSchema, 'Supervised; the case as it now stands.'), 409: caseRefusal(SUPERVISION_REFUSALS) },
      errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'], 409: SUPERVISION_REFUSALS },
    }),
  },
  '/api/v1/cases/{erdr}/material-access': {
    post: grant(
      'grantCaseMaterialAccess',
      'Grant a participant familiarisation with chosen documents',
      '000 §4.9, A:25, 001 ¶26: the conducting official opens documents of the case (one or a set) to a participant, who then reads and downloads them through the decisions service. Recorded in the case’s timeline.',
    ),
  },
  '/api/v1/cases/{erdr}/material-access/revocation': {
    post: grant(
      'revokeCaseMaterialAccess',
      'Withdraw a participant’s familiarisation with chosen documents',
      'The conducting official closes documents again (a later grant opens them again). Recorded in the case’s timeline.',
    ),
  },
  '/api/v1/cases/{erdr}/access-journal': {
    get: operation({
      operationId: 'getCaseAccessJournal',
      tag: 'Cases',
      summary: 'Who looked at what through the decisions service',
      description:
        'Every view, download and refusal of the case through the Public Sector (000 §4.9), newest first (at most 500): who, what, when, on which basis. ' +
        'For the officials and the prosecutor who see the case (404 otherwise, also for participants).',
      access: 'user',
      requestParams: erdr,
      responses: { 200: json(z.object({ erdrNumber: registerNumber, entries: z.array(caseAccessEntrySchema) }), 'The journal.') },
      errors: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
    }),
  },
};
