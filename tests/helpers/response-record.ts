// The record of answers that did not match the OpenAPI document (filled by
// tests/helpers/response-contract.ts, read by tests/setup-response-contract.ts). Kept apart and
// import-free so the setup of every test file stays light.

type Json = any;

export interface ResponseMismatch {
  operation: string;
  status: number;
  problems: string[];
  body: unknown;
}

// On globalThis: the setup file and the test share it even if the module were loaded twice.
const RECORD = Symbol.for('erdr.responseMismatches');
export const recordedMismatches = (): ResponseMismatch[] => ((globalThis as Json)[RECORD] ??= []);

/** The mismatches recorded since the last call, removed from the record. */
export function takeResponseMismatches(): ResponseMismatch[] {
  return recordedMismatches().splice(0);
}

/** Throws, naming each one, when answers since the last call did not match the document (run after every test). */
export function failOnResponseMismatches(): void {
  const mismatches = takeResponseMismatches();
  if (!mismatches.length) return;
  const text = mismatches
    .map((m) => `${m.operation} → ${m.status}:\n  ${m.problems.join('\n  ')}\n  body: ${JSON.stringify(m.body)?.slice(0, 600)}`)
    .join('\n');
  throw new Error(`Responses that do not match the OpenAPI document:\n${text}`);
}
