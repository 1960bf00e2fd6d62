// The audit log, readable and verifiable from outside (platform/audit.ts): its signed checkpoint,
// inclusion and consistency proofs (hashes in base64, as the transparency-log tools expect), and
// its entries.
//
// Who may read what. The checkpoint and the proofs carry hashes only, no personal data, and are
// public: their worth is that anyone — an auditor, a prosecutor's office, a court — can keep a
// checkpoint and later demand proof that the log only grew. The entries name officials and what
// they looked at, so they are for those 002 makes the log's keepers and checkers: the Committee
// operator, who keeps the Log journals and checks that queries are justified (p.5, p.35, p.39–41,
// A-6 §4 duty 3), and the prosecutor, who supervises the legality of what officials obtained and
// asks the operator for their queries (p.54–56). A head controls only his subordinates' queries,
// through their report (p.10–11), not the whole log. Each entry read is itself journalled.
import { Router } from 'express';
import { z } from 'zod';
import { astanaTime } from '../domain/astana-time';
import type { OfficialRole } from '../domain/roles';
import type { MerkleAuditLog } from '../platform/audit';
import type { NoteSigner } from '../platform/tlog';
import { leafHash } from '../platform/tlog';
import { logger } from '../platform/logger';
import { requireRole } from './auth';
import { HttpError, notFound, parseOr400 } from './errors';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { dateTimeString } from '../domain/contract';
import { json, operation } from './openapi-kit';

/** Who reads the log's entries (see above). */
export const AUDIT_ENTRY_READERS: OfficialRole[] = ['operator', 'prosecutor'];

const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const inclusionQuery = z.object({ index: count, size: count.min(1) }).refine((q) => q.index < q.size, { message: 'index must be below size', path: ['index'] });
const consistencyQuery = z
  .object({ from: count.min(1), to: count.min(1) })
  .refine((q) => q.from <= q.to, { message: 'from must not exceed to', path: ['from'] });
const checkpointQuery = z.object({ fresh: z.enum(['true', 'false']).optional() });
const entryIndex = /^(0|[1-9]\d{0,15})$/;

const b64 = (h: Buffer) => h.toString('base64');

/** The tree has fewer entries than asked for: a 400 naming the field, kk/ru/en. */
function beyondTree(field: string, size: number): HttpError {
  return new HttpError(
    400,
    'BEYOND_TREE_SIZE',
    `The log has ${size} entries`,
    { [field]: `at most ${size}` },
    {
      kk: `Журналда ${size} жазба бар`,
      ru: `В журнале ${size} записей`,
      en: `The log has ${size} entries`,
    },
  );
}

export function auditLogRouter(opts: { audit: MerkleAuditLog; signer: NoteSigner; origin: string; checkpointSeconds: number }): Router {
  const { audit, signer, origin } = opts;
  const maxAgeMs = opts.checkpointSeconds * 1000;
  const router = Router();

  // A checkpoint at least every `checkpointSeconds` while the log grows, asked for or not.
  const timer = setInterval(() => {
    Promise.resolve()
      .then(() => audit.checkpoint(signer, origin, maxAgeMs))
      .catch((err) => logger.debug({ err }, 'audit checkpoint not signed this time'));
  }, maxAgeMs);
  timer.unref();

  router.get('/audit/checkpoint', async (req, res) => {
    const q = parseOr400(checkpointQuery, req.query);
    const { note } = await audit.checkpoint(signer, origin, q.fresh === 'true' ? 0 : maxAgeMs);
    res.set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(note);
  });

  router.get('/audit/proof/inclusion', async (req, res) => {
    const q = parseOr400(inclusionQuery, req.query);
    const size = await audit.size();
    if (q.size > size) throw beyondTree('size', size);
    const entry = await audit.entry(q.index);
    if (!entry) throw notFound('Entry');
    res.json({ index: q.index, size: q.size, leafHash: b64(leafHash(entry.entry)), hashes: (await audit.inclusionProof(q.index, q.size)).map(b64) });
  });

  router.get('/audit/proof/consistency', async (req, res) => {
    const q = parseOr400(consistencyQuery, req.query);
    const size = await audit.size();
    if (q.to > size) throw beyondTree('to', size);
    res.json({ from: q.from, to: q.to, hashes: (await audit.consistencyProof(q.from, q.to)).map(b64) });
  });

  router.get('/audit/entries/:index', requireRole(...AUDIT_ENTRY_READERS), async (req, res) => {
    const raw = String(req.params.index);
    if (!entryIndex.test(raw)) throw notFound('Entry');
    const entry = await audit.entry(Number(raw));
    if (!entry) throw notFound('Entry');
    await audit.append({ actor: req.user!.iin, action: 'audit.entry-read', subject: `audit-entry/${entry.index}`, detail: { index: entry.index } });
    res.set('Cache-Control', 'private, no-store').json({
      index: entry.index,
      at: astanaTime(entry.at),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      detail: entry.detail,
      entry: b64(entry.entry),
      leafHash: b64(leafHash(entry.entry)),
    });
  });

  return router;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// OpenAPI (api/openapi-kit.ts; api/report.ts is the worked example)

const base64 = z.string().meta({ contentEncoding: 'base64' });
const proofHashes = z
  .array(base64.meta({ description: 'A SHA-256 hash, base64.' }))
  .meta({ description: 'The proof: the hashes in the order RFC 9162 gives them.' });
/** A tree size or leaf index in the query, as the document shows it (the routes coerce the text). */
const sizeParam = (minimum: number, description: string) => z.number().int().min(minimum).max(Number.MAX_SAFE_INTEGER).meta({ description });

export const auditLogPaths: ZodOpenApiPathsObject = {
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
      requestParams: { query: z.object({ fresh: checkpointQuery.shape.fresh.meta({ description: '`true`: a checkpoint of the tree as it is now.' }) }) },
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
      requestParams: {
        query: z.object({ index: sizeParam(0, 'The entry (leaf index, from 0).'), size: sizeParam(1, 'The tree size, that of a checkpoint; above `index`.') }),
      },
      responses: { 200: json(z.object({ index: z.number().int(), size: z.number().int(), leafHash: base64, hashes: proofHashes }), 'The proof.') },
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
      requestParams: {
        query: z.object({
          from: sizeParam(1, 'The earlier tree size (a saved checkpoint).'),
          to: sizeParam(1, 'The later tree size (the current checkpoint).'),
        }),
      },
      responses: { 200: json(z.object({ from: z.number().int(), to: z.number().int(), hashes: proofHashes }), 'The proof.') },
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
      roles: AUDIT_ENTRY_READERS,
      requestParams: {
        path: z.object({
          index: z
            .string()
            .regex(/^\d{1,16}$/)
            .meta({ description: 'The leaf index, from 0.' }),
        }),
      },
      responses: {
        200: json(
          z.object({
            index: z.number().int(),
            at: dateTimeString.meta({ description: 'ISO 8601 in Astana time (UTC+5).' }),
            actor: z.string(),
            action: z.string(),
            subject: z.string(),
            detail: z.unknown(),
            entry: base64,
            leafHash: base64,
          }),
          'The entry.',
        ),
      },
      errors: { 404: ['NOT_FOUND'] },
    }),
  },
};
