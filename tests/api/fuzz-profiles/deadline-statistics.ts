// How the operations of deadline statistics (api/deadline-statistics.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  deadlineStatistics: { officials: ['head', 'prosecutor', 'investigator'] },
};
