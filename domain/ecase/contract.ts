// The HTTP contract of the electronic criminal case (001): the bodies the officials send and the
// case as the API answers with it, in zod. api/ecase.ts parses requests with these and documents
// its routes with them (the OpenAPI document is generated from them); tests check every real
// answer against them. Re-exported by domain/ecase.ts.
import { z } from 'zod';
import { bodyCodeString, dateTimeString, deadlineRecord, iinString, labelledEnum, localisedText, registerNumber, sha256Hex } from '../contract';
import { isValidIin } from '../iin';
import { LOCALES } from '../notification-templates';
import { CASE_FORMATS, CASE_STATUS_LABELS, CASE_STATUSES, PARTICIPANT_ROLES, SWITCH_GROUNDS, type CaseState } from './state';

/** Officials who have cases to list: conducting them, heading their body, or supervising them. */
export const CASE_LIST_ROLES = ['investigator', 'head', 'prosecutor'] as const;
/** Officials who conduct a case (¶10, ¶30): its investigator, or the head of the investigator's body. */
export const CONDUCTING_ROLES = ['investigator', 'head'] as const;

// ---------------------------------------------------------------------------------------------
// Requests

export const erdrPathParam = z.object({
  erdr: z
    .string()
    .regex(/^\d{15}$/, 'the 15-digit ERDR number expected')
    .meta({ description: 'The 15-digit ERDR number of the case.' }),
});
export const caseIinField = z.string().refine(isValidIin, 'a valid 12-digit IIN expected');

/** 001 ¶10; CPC art. 30: the language of proceedings may be stated with the format (001 ¶7 needs it). */
export const resolveFormatBody = z
  .object({ format: z.enum(CASE_FORMATS), language: z.enum(['kk', 'ru']).optional() })
  .strict()
  .meta({ id: 'ResolveFormat', description: 'The format resolution (001 ¶10).' });

export const addParticipantBody = z
  .object({
    iin: caseIinField,
    fullName: z.string().trim().min(2, 'the full name expected').max(200),
    role: z.enum(PARTICIPANT_ROLES),
    contact: z
      .object({
        email: z.email('an e-mail address expected').optional(),
        phone: z
          .string()
          .regex(/^\+?\d{10,15}$/, 'a phone number of 10–15 digits expected')
          .optional(),
        smsOptIn: z.boolean().optional(),
        locale: z.enum(LOCALES).optional(),
        postalAddress: z.array(z.string().trim().min(1).max(200)).max(6).optional(),
      })
      .strict()
      .optional(),
    /** 000 §4.9 (4), (5): a defender's or representative's mark — the suspect or accused (`p1`…) they act for. */
    represents: z
      .string()
      .regex(/^p\d{1,6}$/, 'a participant id such as p1 expected')
      .optional(),
  })
  .strict()
  .meta({ id: 'AddParticipant', description: 'A participant with their procedural status and how to reach them (001 ¶24, ¶26).' });

// ---------------------------------------------------------------------------------------------
// Responses: the case as its workflow holds it (state.ts `CaseState`)

export const caseStatusSchema = labelledEnum('CaseStatus', CASE_STATUSES, CASE_STATUS_LABELS, 'Where a criminal case stands (001):');
export const caseFormatSchema = z.enum(CASE_FORMATS).meta({ id: 'CaseFormat', description: 'Electronic or paper (001 ¶10).' });
const at = dateTimeString;
const by = z.string().meta({ description: 'IIN of the official or prosecutor, or `system`.' });
const docTitle = z.union([localisedText, z.string()]);

export const caseDocumentSchema = z
  .object({
    id: z.string().meta({ description: '`d1`, `d2`… within the case.' }),
    kind: z.enum(['electronic', 'scanned_pdf', 'media', 'generated']),
    generatedKind: z.string().optional().meta({ description: 'For generated documents, which one (¶11) or which letter.' }),
    title: docTitle,
    sha256: sha256Hex.meta({ description: 'The file store key.' }),
    addedAt: at,
    by,
    scanOf: z.string().optional().meta({ description: 'The paper document this is the scan of (¶14, ¶16).' }),
    translationOf: z.string().optional().meta({ description: '001 ¶7: the translation task this approved translation came from.' }),
    language: z.string().optional(),
  })
  .meta({ id: 'CaseDocument' });

const participantSchema = z
  .object({
    id: z.string().meta({ description: '`p1`, `p2`…: obligations and logs name this, never the IIN.' }),
    iin: iinString,
    fullName: z.string(),
    role: z.enum(PARTICIPANT_ROLES),
    contact: z.object({
      email: z.string().optional(),
      phone: z.string().optional(),
      smsOptIn: z.boolean().optional(),
      locale: z.enum(LOCALES).optional(),
      postalAddress: z.array(z.string()).optional(),
    }),
    represents: z.string().optional().meta({ description: '000 §4.9 (4), (5): the suspect or accused (`p1`…) a defender or representative acts for.' }),
    addedAt: at,
    addedBy: z.string(),
    confirmedAt: at.optional().meta({ description: '¶26: confirmed by the official; opens the Public Sector to the participant.' }),
    confirmedBy: z.string().optional(),
    informedAt: at.optional().meta({ description: '¶10, ¶24: told of the format.' }),
    channels: z.array(z.string()).optional(),
    letterId: z.string().optional().meta({ description: '¶24: a paper letter awaiting posting.' }),
  })
  .meta({ id: 'CaseParticipant' });

const eventSchema = z.object({ seq: z.number().int(), at, by, action: z.string(), source: z.string().optional(), note: z.string().optional() });

/** The case as its workflow holds it: what the officials' actions answer with. */
export const caseStateSchema = z
  .object({
    erdrNumber: registerNumber,
    talon: registerNumber.optional(),
    bodyCode: bodyCodeString,
    registeredAt: at,
    officialIin: iinString,
    prosecutorIin: iinString.optional(),
    format: caseFormatSchema.optional(),
    language: z.enum(['kk', 'ru']).optional().meta({ description: 'CPC art. 30: the language of proceedings.' }),
    status: caseStatusSchema,
    statusLabel: localisedText,
    documents: z.array(caseDocumentSchema).meta({ description: 'Every document with its SHA-256; ¶11’s three are generated on registration.' }),
    documentCount: z
      .number()
      .int()
      .optional()
      .meta({ description: 'How many documents the case has (`d1`…`d<count>`) when they are kept in the document register rather than in `documents`.' }),
    paperDocuments: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        origin: z.enum(['on_site', 'incoming', 'outgoing', 'joined_case']),
        createdAt: at,
        registeredAt: at,
        scanId: z.string().optional(),
      }),
    ),
    participants: z.array(participantSchema),
    obligations: z
      .array(
        z.object({
          key: z.string(),
          rule: deadlineRecord.shape.rule,
          about: z.string(),
          startedAt: at,
          metAt: at.optional(),
          metBy: z.string().optional(),
          cancelledAt: at.optional(),
        }),
      )
      .meta({ description: 'The 24-hour duties of the case (001).' }),
    formatChanges: z.array(
      z.object({
        from: caseFormatSchema.optional(),
        to: caseFormatSchema,
        at,
        by,
        basis: z.enum(['resolution', 'joining', ...SWITCH_GROUNDS]),
        reasoning: z.string().optional(),
        urgentActions: z.boolean().optional(),
        executedAt: at.optional(),
      }),
    ),
    situation: z.object({ kind: z.enum(['OUTAGE', 'EMERGENCY']), startedAt: at, reportedAt: at, by }).optional(),
    printPackage: z.object({ sha256: sha256Hex, producedAt: at, documentCount: z.number().int(), originalsRequested: z.array(z.string()) }).optional(),
    inventory: z.object({ sha256: sha256Hex, producedAt: at, documentCount: z.number().int() }).optional(),
    joined: z.array(z.object({ erdrNumber: registerNumber, format: caseFormatSchema, at, by, completedAt: at.optional() })),
    joinedInto: z.object({ erdrNumber: registerNumber, at }).optional(),
    separated: z.array(z.object({ erdrNumber: registerNumber, at, by, documentIds: z.array(z.string()) })),
    separatedFrom: registerNumber.optional(),
    transfers: z.array(
      z.object({
        fromBodyCode: bodyCodeString,
        toBodyCode: bodyCodeString,
        at,
        by,
        reason: z.string(),
        acceptedAt: at.optional(),
        acceptedBy: z.string().optional(),
      }),
    ),
    suspensions: z.array(z.object({ at, by, reason: z.string(), resumedAt: at.optional(), resumedBy: z.string().optional() })),
    termination: z
      .object({
        at,
        by,
        grounds: z.string(),
        review: z.object({ lawful: z.boolean(), prosecutorIin: iinString, at, reasoning: z.string().optional() }).optional(),
      })
      .optional(),
    archive: z.object({ at, status: z.literal('TERMINATED') }).optional(),
    court: z.object({ court: z.string(), at, by, receiptNumber: z.string(), receivedAt: at, coverLetters: z.array(z.string()) }).optional(),
    events: z.array(eventSchema).meta({ description: 'The latest events (up to 500); the whole history is the timeline.' }),
    materialAccess: z
      .array(z.object({ iin: iinString, documentIds: z.array(z.string()), revoke: z.literal(true).optional(), grantedBy: z.string(), by, at }))
      .optional()
      .meta({ description: '¶26, 000 §4.5, §4.9: familiarisation granted and withdrawn, in order.' }),
    deadlines: z.array(deadlineRecord),
    runs: z.number().int().meta({ description: 'How many runs (continue-as-new) the case has lived through.' }),
  })
  .meta({ id: 'CaseState', description: 'The case as its workflow holds it (domain/ecase/state.ts `CaseState`).' });

// The schema and the state type stay one: a field added to `CaseState` but not here (or the other
// way round), or a value the schema would refuse, fails the typecheck.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const _stateFieldsDocumented: SameKeys<CaseState, z.output<typeof caseStateSchema>> = true;
const _stateValuesDocumented = (s: CaseState): z.output<typeof caseStateSchema> => s;

/** What the officials who see the whole case read (001 ¶30–33): the state and the access that opens it. */
export const caseOfficialViewSchema = caseStateSchema
  .extend({
    access: z.enum(['conduct', 'supervise', 'control']),
    accessSource: z.string().meta({ description: 'The paragraph of 001 that grants the access.' }),
  })
  .meta({ id: 'Case', description: 'The case with `access` (`conduct`, `supervise`, `control`) and the paragraph granting it.' });

/** ¶26: a confirmed participant sees the header, their own part, and the documents opened to them. */
export const caseParticipantViewSchema = z
  .object({
    access: z.literal('public'),
    erdrNumber: registerNumber,
    bodyCode: bodyCodeString,
    registeredAt: at,
    format: caseFormatSchema.nullable(),
    status: caseStatusSchema,
    statusLabel: localisedText,
    participants: z.array(participantSchema.pick({ id: true, fullName: true, role: true, confirmedAt: true, informedAt: true })),
    grantedDocuments: z
      .array(caseDocumentSchema.pick({ id: true, title: true, kind: true, sha256: true, addedAt: true }))
      .meta({ description: 'Opened by a granted petition or by the official (000 §4.5, §4.9).' }),
  })
  .meta({ id: 'CaseParticipantView', description: 'A participant’s view of the case (001 ¶26).' });

export const caseListItemSchema = z
  .object({
    erdrNumber: registerNumber,
    status: caseStatusSchema.nullable(),
    format: caseFormatSchema.nullable(),
    bodyCode: bodyCodeString.nullable(),
    nextDeadlineAt: at.nullable().meta({ description: 'The earliest open 24-hour duty of the case.' }),
    overdue: z.boolean().meta({ description: 'An open duty is past its limit.' }),
  })
  .meta({ id: 'CaseListItem' });

export const timelineEntrySchema = z
  .object({
    at,
    by,
    what: z.string().meta({ description: 'The step, e.g. `format.resolved`, `participant.informed`, `deadline.met`.' }),
    source: z.string().optional().meta({ description: 'The paragraph of 001 the step follows.' }),
    note: z.string().optional(),
    deadline: z.object({ key: z.string(), outcome: z.enum(['reminded', 'breached', 'met', 'late', 'cancelled']), dueAt: at }).optional(),
  })
  .meta({ id: 'TimelineEntry' });
