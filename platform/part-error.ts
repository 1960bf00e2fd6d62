// A part of the system (PostgreSQL, Temporal, a stand-in, the API's port …) that could not start.
// It carries what failed and how to fix it, so start-up ends with one line a person can act on
// instead of a stack trace.
export class PartError extends Error {
  constructor(
    readonly part: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${part}: ${problem}. Fix: ${fix}.`);
    this.name = 'PartError';
  }
}
