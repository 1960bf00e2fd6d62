// The prosecutor's legality check's side effects (workflows/legality-check.ts, 002 P8): the second
// check of the resolution's signature (with revocation), the operator's answer made from the audit
// log — every query journal entry of the body's officials in the period, with its log index and an
// RFC 6962 inclusion proof against the latest signed checkpoint, as JSON and as a PDF extract kept in
// the file store — and the journal of each step and of each violation found (p.37, p.45, p.56).
// Idempotent: reading has no effect, the stores are content-addressed, and each journal entry carries
// an idempotency key of the check and its step.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import type { MerkleAuditLog } from '../platform/audit';
import { leafHash, parseCheckpoint } from '../platform/tlog';
import type { FileStore } from '../documents/store';
import { MEDIA_TYPES } from '../documents/media-type';
import { renderLegalityAnswer } from '../documents/legality-check-answer';
import type { SignatureService } from '../eds/service';
import { RevocationUnavailableError } from '../eds/revocation';
import { astanaTime } from '../domain/astana-time';
import { bodyByCode } from '../domain/dictionaries';
import { ANSWER_ENTRY_LIMIT, type CheckPeriod, type LegalityCheckInput, type LegalityViolation, type PreparedAnswer } from '../domain/legality-check';

export interface LegalityJournalInput {
  checkId: string;
  /** The step, unique within the check: the idempotency key of its entry. */
  step: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface LegalityActivities {
  /** p.55: the resolution is the basis of the check — its signature again, with revocation, by the prosecutor. */
  verifyLegalityResolution(input: {
    prosecutorIin: string;
    fileId: string;
    sha256: string;
  }): Promise<{ valid: boolean; reasons: { code: string; message: string }[] }>;
  /** p.54: the operator's answer, made from the audit log. */
  prepareLegalityAnswer(input: LegalityCheckInput): Promise<PreparedAnswer>;
  journalLegalityCheck(input: LegalityJournalInput): Promise<{ index: number }>;
  /** p.56, p.37, p.45: an illegally obtained query — an incident and a proposal to block the official. */
  recordLegalityViolation(input: { checkId: string; bodyCode: string; prosecutorIin: string; violation: LegalityViolation }): Promise<void>;
}

interface QueryRow {
  leaf_index: bigint;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
  entry: Uint8Array;
}

/** The journal entry's fields the answer names (api/official-query.ts writes them). */
function describeQuery(detail: Record<string, unknown>) {
  const d = detail as {
    queryId?: string;
    basis?: { basis?: string };
    stated?: { basis?: { basis?: string } };
    target?: { kind?: string };
    resultCount?: number;
  };
  return {
    queryId: String(d.queryId ?? ''),
    basis: d.basis?.basis ?? d.stated?.basis?.basis ?? '—',
    target: d.target?.kind ?? '—',
    resultCount: typeof d.resultCount === 'number' ? String(d.resultCount) : '—',
  };
}

/** The latest signed checkpoint: its note and what it names (the API signs one at least every AUDIT_CHECKPOINT_SECONDS). */
async function latestCheckpoint(prisma: PrismaClient): Promise<{ note: string; origin: string; size: number; root: Buffer } | null> {
  const rows = await prisma.$queryRaw<Array<{ note: string }>>`SELECT note FROM audit_checkpoint ORDER BY audit_checkpoint.tree_size DESC LIMIT 1`;
  if (!rows.length) return null;
  const note = rows[0].note;
  // A signed note is its text, a blank line and the signature lines.
  const cp = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
  return { note, ...cp };
}

export function createLegalityCheckActivities(deps: {
  prisma: PrismaClient;
  audit: MerkleAuditLog;
  files: FileStore;
  signatures: SignatureService;
}): LegalityActivities {
  const { prisma, audit, files } = deps;

  async function bodyQueries(bodyCode: string, period: CheckPeriod): Promise<QueryRow[]> {
    return prisma.$queryRaw<QueryRow[]>`
      SELECT leaf_index, at, actor, action, subject, detail, entry FROM audit_event
      WHERE action IN ('official-query.answered', 'official-query.refused')
        AND at >= ${new Date(period.from)} AND at < ${new Date(period.to)}
        AND detail -> 'bodies' ? ${bodyCode}
        AND leaf_index IS NOT NULL
      ORDER BY audit_event.leaf_index
      LIMIT ${ANSWER_ENTRY_LIMIT + 1}`;
  }

  return {
    async verifyLegalityResolution({ prosecutorIin, fileId, sha256 }) {
      const file = await prisma.storedFile.findUnique({ where: { id: fileId } });
      if (!file || file.sha256 !== sha256 || file.ownerIin !== prosecutorIin)
        return { valid: false, reasons: [{ code: 'RESOLUTION_MISSING', message: 'the resolution is not an upload of the prosecutor' }] };
      if (file.mediaType !== MEDIA_TYPES.pdf.mediaType)
        return { valid: false, reasons: [{ code: 'RESOLUTION_NOT_PDF', message: 'the resolution must be a PDF' }] };
      const bytes = await files.get(file.sha256);
      if (!bytes) throw ApplicationFailure.nonRetryable(`the content of file ${file.id} is not in the file store`, 'RESOLUTION_MISSING');
      let verdict;
      try {
        verdict = await deps.signatures.verify(
          { cms: new Uint8Array(file.signature), content: new Uint8Array(bytes), purpose: 'sign' },
          { iin: prosecutorIin },
        );
      } catch (e) {
        // The revocation services are down: retry (the activity's retry policy), never refuse for that.
        if (e instanceof RevocationUnavailableError) throw ApplicationFailure.retryable(e.message, 'REVOCATION_UNAVAILABLE');
        throw e;
      }
      const reasons = verdict.reasons.map((r) => ({ code: r.code as string, message: r.message }));
      if (verdict.contentSha256 !== sha256) reasons.push({ code: 'CONTENT_MISMATCH', message: 'the signature is over other content' });
      if (!verdict.signers.length || verdict.signers.some((s) => s.identity?.iin !== prosecutorIin))
        reasons.push({ code: 'IIN_MISMATCH', message: 'the resolution is not signed by the prosecutor' });
      return { valid: verdict.valid && reasons.length === 0, reasons };
    },

    async prepareLegalityAnswer(input) {
      const rows = await bodyQueries(input.bodyCode, input.period);
      const complete = rows.length <= ANSWER_ENTRY_LIMIT;
      const entries = rows.slice(0, ANSWER_ENTRY_LIMIT);
      const cp = await latestCheckpoint(prisma);
      const last = entries.length ? Number(entries[entries.length - 1].leaf_index) : -1;
      // The proofs are against a checkpoint already published; until one covers the last entry, wait
      // for the next (retryable: the activity's retry policy spaces the attempts).
      if (!cp || cp.size <= last || cp.size === 0) throw ApplicationFailure.retryable('no signed checkpoint covers the entries yet', 'CHECKPOINT_PENDING');
      const head = await audit.treeHead(cp.size);
      if (!head.root.equals(cp.root))
        throw ApplicationFailure.nonRetryable(`the log's tree of size ${cp.size} does not match its signed checkpoint`, 'CHECKPOINT_MISMATCH');

      const proved = [];
      for (const [i, r] of entries.entries()) {
        const index = Number(r.leaf_index);
        const proof = await audit.inclusionProof(index, cp.size);
        proved.push({
          index,
          at: astanaTime(r.at),
          actor: r.actor,
          action: r.action,
          subject: r.subject,
          detail: r.detail,
          // Prisma returns bytea as a Uint8Array: made a Buffer for its base64.
          entry: Buffer.from(r.entry).toString('base64'),
          leafHash: leafHash(r.entry).toString('base64'),
          inclusionProof: proof.map((h) => h.toString('base64')),
        });
        if (i % 200 === 199) Context.current().heartbeat(i);
      }
      const preparedAt = new Date().toISOString();
      const period = { label: input.period.label, from: astanaTime(new Date(input.period.from)), to: astanaTime(new Date(input.period.to)) };
      const document = {
        kind: 'erdr.legality-check.answer',
        source: '002 p.54–55',
        checkId: input.checkId,
        resolution: { number: input.resolution.number, sha256: input.resolution.sha256 },
        prosecutorIin: input.prosecutorIin,
        bodyCode: input.bodyCode,
        period,
        checkpoint: { note: cp.note, origin: cp.origin, size: cp.size, rootHash: cp.root.toString('base64') },
        hashing: 'RFC 6962: leaf SHA-256(0x00 || entry), node SHA-256(0x01 || left || right); proofs in RFC 9162 order',
        complete,
        entries: proved,
        preparedAt: astanaTime(new Date(preparedAt)),
      };
      const json = await files.put(Buffer.from(JSON.stringify(document, null, 2), 'utf8'));
      const pdf = await renderLegalityAnswer({
        checkId: input.checkId,
        resolutionNumber: input.resolution.number,
        resolutionSha256: input.resolution.sha256,
        bodyCode: input.bodyCode,
        bodyName: bodyByCode(input.bodyCode)?.name.ru ?? '',
        period,
        checkpoint: document.checkpoint,
        // Hashes split in groups so the table can wrap them.
        entries: proved.map((e) => ({
          index: e.index,
          at: e.at,
          officialIin: e.actor,
          answered: e.action === 'official-query.answered',
          ...describeQuery(e.detail),
          leafHash: e.leafHash.match(/.{1,11}/g)!.join(' '),
        })),
        complete,
        preparedAt: document.preparedAt,
      });
      const storedPdf = await files.put(pdf);
      return {
        checkpoint: cp.note,
        treeSize: cp.size,
        rootHash: cp.root.toString('base64'),
        queries: proved.map((e) => ({
          index: e.index,
          queryId: describeQuery(e.detail).queryId,
          officialIin: e.actor,
          answered: e.action === 'official-query.answered',
        })),
        complete,
        jsonSha256: json.sha256,
        pdfSha256: storedPdf.sha256,
        preparedAt,
      };
    },

    async journalLegalityCheck({ checkId, step, actor, action, detail }) {
      const entry = await audit.append({
        actor,
        action,
        subject: `legality-check/${checkId}`,
        detail: { checkId, ...detail },
        idempotencyKey: `legality-check/${checkId}/${step}`,
      });
      return { index: entry.index };
    },

    async recordLegalityViolation({ checkId, bodyCode, prosecutorIin, violation }) {
      const key = `legality-check/${checkId}/violation/${violation.index}`;
      const detail = {
        checkId,
        bodyCode,
        index: violation.index,
        queryId: violation.queryId,
        officialIin: violation.officialIin,
        reason: violation.reason,
        source: '002 p.56',
      };
      // The incident: illegal obtaining found, for the operator's analysis of its causes (p.37).
      await audit.append({
        actor: prosecutorIin,
        action: 'incident.illegal-query',
        subject: `official-query/${violation.queryId}`,
        detail,
        idempotencyKey: `${key}/incident`,
      });
      // The measure: the official's access proposed for blocking (p.45) while liability is considered (p.56).
      await audit.append({
        actor: prosecutorIin,
        action: 'legality-check.blocking-proposed',
        subject: `account/${violation.officialIin}`,
        detail,
        idempotencyKey: `${key}/blocking`,
      });
    },
  };
}
