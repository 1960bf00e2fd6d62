// How the operations of the audit log (api/audit-log.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  auditCheckpoint: { officials: ANY },
  auditInclusionProof: { officials: ANY },
  auditConsistencyProof: { officials: ANY },
  auditEntry: { officials: ['operator', 'prosecutor'], pathValues: () => ({ index: ['0', '1', '3'] }) },
};
