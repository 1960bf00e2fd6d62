// What a fault run is asked (which parts to kill, how many submissions) and what it answers.

/** What can be killed: a whole part, or (`api-serving`) only the API's serving process, which its supervisor replaces. */
export type FaultTarget = 'worker' | 'report-starter' | 'api' | 'api-serving' | 'temporal' | 'postgres';

/** Every part once, in the order of the issue: the worker, the report starter, the API, Temporal, PostgreSQL. */
export const EVERY_PART: FaultTarget[] = ['worker', 'report-starter', 'api', 'temporal', 'postgres'];

export interface FaultRunOptions {
  submissions: number;
  /** Concurrent citizens' clients. */
  clients: number;
  /** The kills, in order; the submissions are spread over them. */
  faults: FaultTarget[];
  /** How long a killed part stays down before it is started again. */
  downMs: number;
  /** The whole run (start-up excluded) must end within this. */
  deadlineMs: number;
  log: (line: string) => void;
  /** Keep the temporary directory with the parts' logs even when the run passed. */
  keepLogs?: boolean;
}

export interface FaultCounts {
  submissions: number;
  talons: number;
  duplicates: number;
  lost: number;
  workflows: number;
  awaiting: number;
  kui: number;
  kills: Record<string, number>;
  retries: number;
  kuiRetries: number;
  /** Which process started the workflows: the report starter, or the API acting on a report not yet started. */
  startedBy: Record<string, number>;
}

export interface FaultRunResult {
  counts: FaultCounts;
  /** Everything found wrong; empty when the run passed. */
  problems: string[];
  /** The one line to print: `faults: submissions=… talons=… …`. */
  line: string;
  /** Seconds each part took to come back (kill to ready), in order of the faults. */
  recoveries: string[];
  /** Where the parts' logs are, kept when the run failed. */
  logsDir: string;
  /** The last lines of each part's log (for a failed run). */
  logTails(): string;
}
