// The worker process of scripts/bench-cases.ts: the production workflows bundle on one worker, with
// activities that answer at once, in a process of its own so that its resident memory is measured
// alone. It is started by the benchmark with an IPC channel and answers its questions:
//
//   → { type: 'stats' }    ← { type: 'stats', ...WorkerStats }   (add gc: true to collect first)
//   → { type: 'heap-snapshot', file }   ← { type: 'heap-snapshot', file }   (of the workflows' thread)
//   → { type: 'stop' }     the worker drains and the process exits
//
// Configuration comes in environment variables set by the benchmark: BENCH_TEMPORAL_ADDRESS,
// BENCH_NAMESPACE, BENCH_TASK_QUEUE and, optionally, BENCH_MAX_CACHED (the sticky cache size;
// the production worker's default otherwise). The sticky cache and the V8 context are configured
// as in production (workflowCacheOptions of platform/worker.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Worker as Thread } from 'node:worker_threads';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { bundleWorkflows, workflowCacheOptions } from '../platform/worker';
import { createCaseSearchActivities } from '../activities/ecase';
import { searchPseudonymFor } from '../platform/search-pseudonyms';

export interface WorkerStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** Memory outside the V8 heap held by JavaScript objects (buffers of payloads, among others). */
  externalBytes: number;
  /** Workflows kept in the worker's sticky cache right now. */
  cachedWorkflows: number;
  /** The worker's cache size (the production default unless BENCH_MAX_CACHED was given). */
  maxCachedWorkflows: number;
  /** Cases whose participant letter was prepared: the last step before they wait on their timers. */
  casesWaiting: number;
  activitiesRun: number;
}

export type WorkerRequest = { type: 'stats'; gc?: boolean } | { type: 'heap-snapshot'; file: string } | { type: 'stop' };
export type WorkerMessage =
  | ({ type: 'stats' } & WorkerStats)
  | { type: 'heap-snapshot'; file: string }
  | { type: 'ready'; maxCachedWorkflows: number; reuseV8Context: boolean }
  | { type: 'failed'; error: string };

const sha = (n: number) => n.toString(16).padStart(64, '0');
let serial = 0;
const doc = (kind: string) => ({ kind, sha256: sha(++serial), title: { kk: `${kind} (kk)`, ru: `${kind} (ru)` } });

let casesWaiting = 0;
let activitiesRun = 0;
const answer =
  <T>(make: (input: any) => T) =>
  async (input: any): Promise<T> => {
    activitiesRun++;
    return make(input);
  };

// The side effects of a case, without their cost: what is measured is the worker and the server.
// A participant without e-mail or phone gets a paper letter, so their 24-hour duty stays open until
// the official confirms the posting, as in life.
const activities = {
  notifyDeadline: answer(() => undefined),
  recordDeadline: answer(() => undefined),
  recordCaseEvent: answer(({ event }: { event: { action: string } }) => {
    if (event.action === 'participant.letter_prepared') casesWaiting++;
  }),
  generateCaseDocuments: answer(() => ['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start'].map(doc)),
  deliverProsecutorNotice: answer(() => doc('prosecutor_notice_format')),
  informParticipant: answer(({ participant }: { participant: { contact: { email?: string; phone?: string } } }) =>
    participant.contact.email || participant.contact.phone
      ? { channels: ['cabinet', 'email'] }
      : { channels: ['cabinet', 'paper_letter'], letter: doc('participant_letter') },
  ),
  informProsecutor: answer(() => undefined),
  notifyReceivingBody: answer(() => 0),
  produceInventory: answer(({ documents }: { documents: unknown[] }) => ({ ...doc('case_inventory'), documentCount: documents.length })),
  producePrintPackage: answer(({ documents }: { documents: unknown[] }) => ({
    sha256: sha(++serial),
    documentCount: documents.length,
    originalsRequested: [],
  })),
  allocateSeparatedCaseNumber: answer(() => `26${String(++serial).padStart(13, '0')}`),
  submitCaseToCourt: answer(() => ({ receiptNumber: `T-${++serial}`, receivedAt: new Date().toISOString(), coverLetters: [doc('court_cover_letter')] })),
  // The real one: an HMAC costs next to nothing.
  searchPseudonyms: answer(createCaseSearchActivities({ pseudonym: searchPseudonymFor(randomBytes(32)) }).searchPseudonyms),
};

/**
 * The threads that run the workflow sandboxes: the SDK keeps them to itself (this reaches into its
 * internals, for measuring only). Their heaps are not in process.memoryUsage().heapUsed: the state
 * of the cached workflows lives there.
 */
function workflowThreads(worker: Worker): Thread[] {
  const creator = (worker as unknown as { workflowCreator?: { workerThreadClients?: { workerThread: Thread }[] } }).workflowCreator;
  return creator?.workerThreadClients?.map((c) => c.workerThread) ?? [];
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const address = process.env.BENCH_TEMPORAL_ADDRESS;
  const taskQueue = process.env.BENCH_TASK_QUEUE;
  if (!address || !taskQueue || !process.send) throw new Error('started by scripts/bench-cases.ts only (IPC, BENCH_TEMPORAL_ADDRESS, BENCH_TASK_QUEUE)');
  const maxCached = process.env.BENCH_MAX_CACHED ? Number(process.env.BENCH_MAX_CACHED) : undefined;

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: process.env.BENCH_NAMESPACE ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflows(),
    activities,
    ...workflowCacheOptions(maxCached),
  });

  const stats = (): WorkerStats => {
    const memory = process.memoryUsage();
    return {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external,
      cachedWorkflows: worker.getStatus().numCachedWorkflows,
      maxCachedWorkflows: worker.options.maxCachedWorkflows,
      casesWaiting,
      activitiesRun,
    };
  };
  process.on('message', (request: WorkerRequest) => {
    if (request.type === 'stats') {
      // global.gc exists when the benchmark starts this process with --expose-gc.
      if (request.gc && typeof global.gc === 'function') global.gc();
      send({ type: 'stats', ...stats() });
    } else if (request.type === 'heap-snapshot') {
      // A snapshot collects the thread's garbage first, then stops its workflows for a while
      // (seconds per 100 MB of heap).
      const [thread] = workflowThreads(worker);
      if (!thread) throw new Error('the worker runs no workflow thread (debug mode?)');
      void thread
        .getHeapSnapshot()
        .then((snapshot) => pipeline(snapshot, fs.createWriteStream(request.file)))
        .then(() => send({ type: 'heap-snapshot', file: request.file }));
    } else if (request.type === 'stop') {
      worker.shutdown();
    }
  });
  // The benchmark gone (its IPC channel closed): nothing is left to measure.
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });

  const running = worker.run();
  send({ type: 'ready', maxCachedWorkflows: worker.options.maxCachedWorkflows, reuseV8Context: worker.options.reuseV8Context });
  await running;
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    send({ type: 'failed', error: String((err as Error).stack ?? err) });
    process.stderr.write(`bench-cases-worker: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
