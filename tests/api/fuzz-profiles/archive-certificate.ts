// How the operations of archive certificates (api/archive-certificate.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, archiveRequests, type Profile, stateRequests } from './kit';

export const profiles: Record<string, Profile> = {
  submitArchiveRequest: { officials: ['registry_officer', 'operator'], bodies: stateRequests },
  submitArchiveRequestAtStateCorporation: { officials: ['operator'], bodies: stateRequests },
  listMyArchiveRequests: { officials: ANY },
  officialsArchiveQueue: { officials: ['registry_officer', 'investigator', 'head'] },
  getArchiveRequest: { officials: ['registry_officer', 'head', 'operator'], pathValues: archiveRequests },
  downloadArchiveResult: { officials: ['registry_officer', 'head'], pathValues: archiveRequests },
  takeArchiveStep: { officials: ['registry_officer', 'head', 'investigator', 'operator'], pathValues: archiveRequests },
};
