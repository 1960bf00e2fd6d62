// A local «Төрелік» for the embedded default: it registers the cases sent to court and gives
// receipt numbers. Submitting is idempotent: the same ERDR number with the same `Idempotency-Key`
// returns the first receipt instead of filing the case again, so an activity may safely retry.
//   POST /api/submissions               (header Idempotency-Key) → 201 receipt | 200 the earlier receipt
//                                        | 422 the key was already used for different content
//   GET  /api/submissions?erdrNumber=…  submissions, oldest first
//   GET  /api/submissions/:receipt      one submission
import { createHash } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { SubmissionRecord } from '../adapters/courts';
import { Journal } from './journal';
import { closeServer, httpUrl, jsonErrors, listen } from './listen';

interface StoredSubmission extends SubmissionRecord {
  idempotencyKey: string;
  /** Hash of the submitted content, to tell a true repeat from a reused key. */
  contentHash: string;
}

const submissionSchema = z.object({
  erdrNumber: z.string().regex(/^\d{15}$/, 'the ERDR number has 15 digits'),
  court: z.string().trim().min(1),
  documents: z
    .array(
      z.object({
        name: z.string().trim().min(1),
        sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex digits'),
        url: z.string().url().optional(),
      }),
    )
    .min(1, 'a case goes to court with at least one document'),
  coverLetter: z.string().trim().min(1),
});

export async function startCourtsStandIn(opts: { host?: string; port: number; dataDir?: string }): Promise<{ url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const journal = Journal.open<StoredSubmission>(opts.dataDir, 'submissions.jsonl');

  const app = express();
  app.use(express.json({ limit: '1mb' }));

  app.post('/api/submissions', (req, res) => {
    const idempotencyKey = req.get('idempotency-key');
    if (!idempotencyKey) {
      return void res.status(400).json({ error: 'idempotency_key_required', message: 'the Idempotency-Key header is required' });
    }
    const parsed = submissionSchema.safeParse(req.body);
    if (!parsed.success) {
      return void res
        .status(400)
        .json({ error: 'invalid_submission', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const content = parsed.data;
    const contentHash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
    const earlier = journal.all.find((s) => s.erdrNumber === content.erdrNumber && s.idempotencyKey === idempotencyKey);
    if (earlier) {
      if (earlier.contentHash !== contentHash) {
        return void res.status(422).json({ error: 'idempotency_key_reused', message: 'this Idempotency-Key was used for a different submission' });
      }
      res.set('Idempotent-Replayed', 'true');
      return void res.status(200).json(receipt(earlier));
    }
    const receivedAt = new Date();
    const year = receivedAt.getUTCFullYear();
    const sequence = journal.all.filter((s) => s.receiptNumber.startsWith(`TRL-${year}-`)).length + 1;
    const submission: StoredSubmission = {
      ...content,
      receiptNumber: `TRL-${year}-${String(sequence).padStart(6, '0')}`,
      receivedAt: receivedAt.toISOString(),
      status: 'received',
      idempotencyKey,
      contentHash,
    };
    journal.append(submission);
    res.status(201).json(receipt(submission));
  });

  app.get('/api/submissions', (req, res) => {
    const erdrNumber = typeof req.query.erdrNumber === 'string' ? req.query.erdrNumber : undefined;
    res.json(journal.all.filter((s) => !erdrNumber || s.erdrNumber === erdrNumber).map(publicView));
  });
  app.get('/api/submissions/:receiptNumber', (req, res) => {
    const submission = journal.all.find((s) => s.receiptNumber === req.params.receiptNumber);
    if (!submission) return void res.status(404).json({ error: 'not_found' });
    res.json(publicView(submission));
  });
  app.use(jsonErrors());

  const server = await listen(app, host, opts.port);
  return { url: httpUrl(host, server), close: () => closeServer(server) };
}

function receipt(s: StoredSubmission) {
  return { receiptNumber: s.receiptNumber, receivedAt: s.receivedAt };
}

function publicView({ idempotencyKey: _key, contentHash: _hash, ...submission }: StoredSubmission): SubmissionRecord {
  return submission;
}
