// Errors of the outside systems, sorted by the one question a Temporal activity asks: will trying
// again help? Network failures, timeouts and 5xx answers are "unavailable" — retry later. A 4xx
// answer means the request itself was refused — retrying the same request cannot succeed, so the
// caller turns it into a non-retryable ApplicationFailure and the workflow decides what next.

export type ExternalSystemName = 'mail' | 'sms' | 'individuals' | 'courts';

export abstract class ExternalSystemError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    readonly system: ExternalSystemName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${system}: ${message}`, options);
  }
}

/** The system could not be reached, timed out or failed on its side (5xx, 408, 429, SMTP 4xx). */
export class ExternalSystemUnavailableError extends ExternalSystemError {
  override readonly name: string = 'ExternalSystemUnavailableError';
  readonly retryable = true;

  constructor(
    system: ExternalSystemName,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(system, message, options);
  }
}

/** The system did not answer within the deadline; a subclass of "unavailable", so it is retried too. */
export class ExternalSystemTimeoutError extends ExternalSystemUnavailableError {
  override readonly name: string = 'ExternalSystemTimeoutError';

  constructor(system: ExternalSystemName, timeoutMs: number, options?: { cause?: unknown }) {
    super(system, `no answer within ${timeoutMs} ms`, undefined, options);
  }
}

/** The system refused this request (4xx, SMTP 5xx): the same request will be refused again. */
export class ExternalSystemRejectedError extends ExternalSystemError {
  override readonly name: string = 'ExternalSystemRejectedError';
  readonly retryable = false;

  constructor(
    system: ExternalSystemName,
    message: string,
    /** HTTP status; for mail the SMTP reply code (0 when the message was refused before sending). */
    readonly status: number,
    /** The system's own explanation (parsed JSON body or text), for the workflow history. */
    readonly details?: unknown,
  ) {
    super(system, message);
  }
}

/**
 * Whether an activity should let Temporal retry after this error. Errors that do not come from an
 * adapter (bugs, unexpected states) count as retryable, which is Temporal's own default: a fixed
 * deployment then lets the stuck activity finish.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ExternalSystemError) return err.retryable;
  return true;
}
