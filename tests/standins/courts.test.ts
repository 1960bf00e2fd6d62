// «Төрелік»: the courts adapter against the stand-in, and how HTTP failures are classified.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CaseSubmission, HttpCourtsSystem } from '../../adapters/courts';
import { ExternalSystemRejectedError, ExternalSystemTimeoutError, ExternalSystemUnavailableError, isRetryable } from '../../adapters/errors';
import { startCourtsStandIn } from '../../standins/courts';

const submission: CaseSubmission = {
  erdrNumber: '251100011000123',
  court: 'Астана қаласының №2 аудандық соты',
  documents: [
    { name: 'Айыптау актісі.pdf', sha256: 'a'.repeat(64), url: 'https://erdr.example.kz/files/1' },
    { name: 'Іс материалдарының тізімдемесі.pdf', sha256: 'b'.repeat(64) },
  ],
  coverLetter: 'Қылмыстық іс соттың қарауына жіберіледі.',
};

describe('courts stand-in', () => {
  let dataDir: string;
  let standIn: { url: string; close(): Promise<void> };

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'courts-stand-in-'));
    standIn = await startCourtsStandIn({ port: 0, dataDir });
  });
  afterEach(async () => {
    await standIn.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('files a case once for one request id, however often it is sent', async () => {
    const courts = new HttpCourtsSystem({ url: standIn.url });
    const first = await courts.submitCase({ ...submission, requestId: 'wf-1/send-to-court' });
    expect(first.receiptNumber).toMatch(/^TRL-\d{4}-000001$/);
    expect(Date.parse(first.receivedAt)).not.toBeNaN();

    const repeated = await courts.submitCase({ ...submission, requestId: 'wf-1/send-to-court' });
    expect(repeated).toEqual(first);
    // Without a request id the key comes from the content: an identical repeat is still one filing.
    const derived = await courts.submitCase(submission);
    expect(await courts.submitCase(submission)).toEqual(derived);
    // A new request id is a new submission.
    const other = await courts.submitCase({ ...submission, requestId: 'wf-1/send-to-court-again' });
    expect(new Set([first.receiptNumber, derived.receiptNumber, other.receiptNumber]).size).toBe(3);

    const listed = (await (await fetch(`${standIn.url}/api/submissions?erdrNumber=${submission.erdrNumber}`)).json()) as unknown[];
    expect(listed).toHaveLength(3);
  });

  it('refuses a reused request id with different content, and an invalid submission, as non-retryable', async () => {
    const courts = new HttpCourtsSystem({ url: standIn.url });
    await courts.submitCase({ ...submission, requestId: 'key-1' });
    const reused = await courts.submitCase({ ...submission, coverLetter: 'Басқа хат', requestId: 'key-1' }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(ExternalSystemRejectedError);
    expect(reused).toMatchObject({ status: 422, retryable: false });

    const invalid = await courts.submitCase({ ...submission, erdrNumber: '123', documents: [] }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 400, retryable: false });

    const noKey = await fetch(`${standIn.url}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission),
    });
    expect(noKey.status).toBe(400);
  });

  it('shows a submission by receipt number, also after a restart', async () => {
    const courts = new HttpCourtsSystem({ url: standIn.url });
    const { receiptNumber, receivedAt } = await courts.submitCase(submission);
    await standIn.close();
    standIn = await startCourtsStandIn({ port: 0, dataDir });

    const restarted = new HttpCourtsSystem({ url: standIn.url });
    expect(await restarted.getSubmission(receiptNumber)).toEqual({
      receiptNumber,
      receivedAt,
      status: 'received',
      erdrNumber: submission.erdrNumber,
      court: submission.court,
      documents: submission.documents,
      coverLetter: submission.coverLetter,
    });
    expect(await restarted.getSubmission('TRL-1999-000001')).toBeNull();
    // Numbering continues after the restart.
    const next = await restarted.submitCase({ ...submission, requestId: 'after-restart' });
    expect(next.receiptNumber).toMatch(/-000002$/);
  });
});

describe('HTTP failures', () => {
  // A server that fails on purpose: 503 on /busy, never answers on /hang.
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.includes('busy')) res.writeHead(503).end('maintenance');
      if (req.url?.includes('echo'))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends credentials from the configured URL as HTTP Basic authentication', async () => {
    const withCredentials = url.replace('http://', 'http://erdr:p%40ss@') + '/echo';
    const answer = await new HttpCourtsSystem({ url: withCredentials }).getSubmission('TRL-1');
    expect(answer).toEqual({ authorization: 'Basic ' + Buffer.from('erdr:p@ss').toString('base64') });
  });

  it('treats 5xx as retryable', async () => {
    const error = await new HttpCourtsSystem({ url: `${url}/busy` }).getSubmission('TRL-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalSystemUnavailableError);
    expect(error).toMatchObject({ status: 503, system: 'courts' });
    expect(isRetryable(error)).toBe(true);
  });

  it('gives up after the timeout, retryably', async () => {
    const started = Date.now();
    const error = await new HttpCourtsSystem({ url: `${url}/hang`, timeoutMs: 300 }).getSubmission('TRL-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalSystemTimeoutError);
    expect(isRetryable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('treats a refused connection as retryable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await new HttpCourtsSystem({ url: `http://127.0.0.1:${port}` }).getSubmission('TRL-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalSystemUnavailableError);
    expect(isRetryable(error)).toBe(true);
  });
});
