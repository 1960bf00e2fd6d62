// The courts' automated system «Төрелік»: a finished case is sent to court electronically
// (001 ¶29) as a list of documents identified by their SHA-256, with a covering letter.
import { createHash } from 'node:crypto';
import { JsonHttpClient } from './http';

export interface CaseDocumentRef {
  name: string;
  /** Hex SHA-256 of the file, so the court can check it received exactly what was signed. */
  sha256: string;
  /** Where the court fetches the file from, when it is not delivered by other means. */
  url?: string;
}

export interface CaseSubmission {
  /** 15-digit ERDR number of the case. */
  erdrNumber: string;
  /** The receiving court (its code or name as «Төрелік» knows it). */
  court: string;
  documents: CaseDocumentRef[];
  coverLetter: string;
  /**
   * Identifies this submission across retries (the `Idempotency-Key` header). When left out it is
   * derived from the content, so repeating the same submission never files the case twice.
   */
  requestId?: string;
}

export interface SubmissionReceipt {
  receiptNumber: string;
  /** ISO 8601 time the court's system registered the submission. */
  receivedAt: string;
}

export interface SubmissionRecord extends SubmissionReceipt {
  erdrNumber: string;
  court: string;
  documents: CaseDocumentRef[];
  coverLetter: string;
  /** The court's processing state, e.g. `received`, `registered`, `returned`. */
  status: string;
}

export interface CourtsSystem {
  submitCase(submission: CaseSubmission): Promise<SubmissionReceipt>;
  /** The submission as the court sees it, or null when the receipt number is unknown. */
  getSubmission(receiptNumber: string): Promise<SubmissionRecord | null>;
}

export class HttpCourtsSystem implements CourtsSystem {
  private readonly http: JsonHttpClient;

  constructor(options: { url: string; timeoutMs?: number }) {
    this.http = new JsonHttpClient('courts', options.url, options.timeoutMs ?? 30_000);
  }

  async submitCase(submission: CaseSubmission): Promise<SubmissionReceipt> {
    const { requestId, ...content } = submission;
    const answer = await this.http.request<SubmissionReceipt>({
      method: 'POST',
      path: 'api/submissions',
      body: content,
      headers: { 'idempotency-key': requestId ?? contentKey(content) },
    });
    return { receiptNumber: answer.receiptNumber, receivedAt: answer.receivedAt };
  }

  async getSubmission(receiptNumber: string): Promise<SubmissionRecord | null> {
    return this.http.request<SubmissionRecord>({
      path: `api/submissions/${encodeURIComponent(receiptNumber)}`,
      notFoundAsNull: true,
    });
  }
}

function contentKey(content: Omit<CaseSubmission, 'requestId'>): string {
  const canonical = JSON.stringify([
    content.erdrNumber,
    content.court,
    content.documents.map((d) => [d.name, d.sha256.toLowerCase(), d.url ?? null]),
    content.coverLetter,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
