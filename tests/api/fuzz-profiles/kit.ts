// What the fuzzing profiles of tests/api/contract-fuzz.test.ts (one file per process in this folder)
// share: the fixtures the suite makes in its beforeAll, the system under test (setSystem), the
// officials tried, and the real path values and bodies each profile aims with.
import { randomUUID } from 'node:crypto';
import type { TestSystem } from '../../helpers/system';
import * as A from '../../helpers/openapi-arbitraries';

export type Json = any;
export type Official = 'registry_officer' | 'investigator' | 'head' | 'prosecutor' | 'operator';
export type Session = { token: string; user: Json };

/** What the suite made in beforeAll for the requests to aim at. */
export interface Fixtures {
  sessions: Record<'citizen' | Official, Session>;
  talons: string[];
  erdrs: string[];
  fileIds: string[];
  fileSha256s: string[];
  documentIds: string[];
  petitionIds: string[];
  signedPetitions: { label: string; value: { signedPetition: string } }[];
  complaintIds: string[];
  signedComplaints: { label: string; value: { signedComplaint: string } }[];
  /** A task sent to the citizen as the case's translator (000 §5), and translations of it he signed. */
  translationIds: string[];
  signedTranslations: { label: string; value: { signedTranslation: string } }[];
  /** The citizen's archive certificate and offence-information requests (004), and requests signed for them. */
  archiveIds: string[];
  offenceIds: string[];
  signedStateRequests: { label: string; value: { signedRequest: string } }[];
  /** Fixtures that could not be made (the suite runs on without them, less deep). */
  missing: string[];
  applicationIds: string[];
  notificationIds: string[];
  challengeIds: string[];
  codecTokens: string[];
  signedReports: { label: string; value: { signedReport: string } }[];
  codecBodies: { label: string; value: unknown }[];
  signedUploads: { label: string; make: () => Promise<A.BodySpec> }[];
}

export let sys: TestSystem;
/** The system under test, started by the test's beforeAll. */
export function setSystem(started: TestSystem): void {
  sys = started;
}

/** A JSON request to the system under test. */
export async function call(method: string, p: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(sys.baseUrl + p, {
    method,
    headers: {
      ...(opts.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(opts.token && { Authorization: `Bearer ${opts.token}` }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Json };
}

export interface Profile {
  /** Officials whose tokens are tried (one per generated request), besides the citizen's. */
  officials: Official[];
  /** Real values of path parameters, by name. */
  pathValues?: (f: Fixtures) => Record<string, string[]>;
  /** Bodies that reach past validation. */
  bodies?: (f: Fixtures) => { label: string; make: () => Promise<unknown> }[];
  /** The multipart upload. */
  upload?: true;
  /** Each request with a fresh session (logging out would end the shared one). */
  freshSession?: true;
  /** Read before the operation is fuzzed (things the workflows made meanwhile). */
  refresh?: (f: Fixtures) => Promise<void>;
}

export const ANY: Official[] = ['registry_officer', 'investigator', 'head', 'prosecutor', 'operator'];
export const QUEUE: Official[] = ['registry_officer', 'investigator', 'head', 'prosecutor'];
export const HISTORY_READERS: Official[] = ['head', 'prosecutor', 'operator'];
export const CONDUCTING: Official[] = ['investigator', 'head'];
export const talons = (f: Fixtures) => ({ talon: f.talons });
export const cases = (f: Fixtures) => ({ erdr: f.erdrs });
export const petitions = (f: Fixtures) => ({ id: f.petitionIds.length ? f.petitionIds : [randomUUID()] });
export const complaints = (f: Fixtures) => ({ id: f.complaintIds.length ? f.complaintIds : [randomUUID()] });
export const translations = (f: Fixtures) => ({ id: f.translationIds.length ? f.translationIds : [randomUUID()] });
export const archiveRequests = (f: Fixtures) => ({ id: f.archiveIds.length ? f.archiveIds : [randomUUID()] });
export const stateRequests = (f: Fixtures) => f.signedStateRequests.map((r) => ({ label: r.label, make: async () => r.value }));
export const codecBodies = (f: Fixtures) => f.codecBodies.map((b) => ({ label: b.label, make: async () => b.value }));
export const challenge = async () => (await call('POST', '/api/v1/auth/challenge')).body as { challengeId: string; nonce: string };
