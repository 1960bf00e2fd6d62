// The options of scripts/bench-reports.ts, the crime-report submission benchmark, and their defaults.
// Node built-ins and types only: the benchmark loads the project's modules itself, after it has
// silenced the logger.
//
//   npx tsx scripts/bench-reports.ts [--clients 20] [--submissions 400] [--warmup 3000]
//                                    [--raw-starts N (default: --submissions)] [--serial 20]
//                                    [--attachments 1] [--pki-in-process] [--cpu-profile FILE]
//                                    [--worker process|in-process|none] [--worker-nice 10]
//                                    [--api process|in-process] [--api-processes N (default: 1)]
//                                    [--latencies FILE]

export interface Options {
  clients: number;
  submissions: number;
  warmup: number;
  rawStarts: number;
  serial: number;
  attachments: number;
  pkiInProcess: boolean;
  /** Where to write each measured submission's start (epoch ms) and 202 latency (ms), a line each. */
  latencies?: string;
  /** Where to write a CPU profile of this process's main thread during the measured submissions. */
  cpuProfile?: string;
  /**
   * Where the worker runs: its own process as deployed (`npm run worker`, docker-compose; the
   * default), inside this process as `npm start` runs it, or nowhere — the front door alone, the
   * workflows left waiting on the task queue.
   */
  worker: 'process' | 'in-process' | 'none';
  /** WORKER_NICE of the worker process (its CPU priority below the API's; 0 = the same). */
  workerNice: number;
  /**
   * Where the API runs: its own process as deployed (`npm run api`, docker-compose; the default),
   * or inside this process beside the load generator (then the 202's server-side time is probed).
   */
  api: 'process' | 'in-process';
  /**
   * API_PROCESSES of the API process (its serving processes), with `api: 'process'`. One by
   * default, as the API is configured on a host whose cores it shares: on two cores beside
   * PostgreSQL, the worker, Temporal and the load generator, one warm process took 1.7–2.9 ms of
   * CPU per submission (eight runs) where two together took 3.0–5.1 ms (each had half the
   * warm-up, and they contend).
   */
  apiProcesses: number;
}

export function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${argv[i + 1]}`);
    return n;
  };
  const text = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const submissions = value('--submissions', 400);
  return {
    clients: Math.max(1, value('--clients', 20)),
    submissions,
    warmup: value('--warmup', 3000),
    rawStarts: value('--raw-starts', submissions),
    serial: value('--serial', 20),
    attachments: value('--attachments', 1),
    pkiInProcess: argv.includes('--pki-in-process'),
    cpuProfile: text('--cpu-profile'),
    worker: workerPlacement(text('--worker') ?? 'process'),
    workerNice: Math.min(19, value('--worker-nice', 10)),
    api: text('--api') === 'in-process' ? 'in-process' : 'process',
    apiProcesses: Math.max(1, value('--api-processes', 1)),
    latencies: text('--latencies'),
  };
}

function workerPlacement(value: string): Options['worker'] {
  if (value === 'process' || value === 'in-process' || value === 'none') return value;
  throw new Error(`--worker is process, in-process or none, got ${value}`);
}
