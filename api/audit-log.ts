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

/** Who reads the log's entries (see above). */
export const AUDIT_ENTRY_READERS: OfficialRole[] = ['operator', 'prosecutor'];

const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const inclusionQuery = z.object({ index: count, size: count.min(1) }).refine((q) => q.index < q.size, { message: 'index must be below size', path: ['index'] });
const consistencyQuery = z.object({ from: count.min(1), to: count.min(1) }).refine((q) => q.from <= q.to, { message: 'from must not exceed to', path: ['from'] });
const checkpointQuery = z.object({ fresh: z.enum(['true', 'false']).optional() });
const entryIndex = /^(0|[1-9]\d{0,15})$/;

const b64 = (h: Buffer) => h.toString('base64');

/** The tree has fewer entries than asked for: a 400 naming the field, kk/ru/en. */
function beyondTree(field: string, size: number): HttpError {
  return new HttpError(400, 'BEYOND_TREE_SIZE', `The log has ${size} entries`, { [field]: `at most ${size}` }, {
    kk: `Журналда ${size} жазба бар`,
    ru: `В журнале ${size} записей`,
    en: `The log has ${size} entries`,
  });
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
