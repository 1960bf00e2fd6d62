// How the operations of health and readiness (api/health.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  health: { officials: ANY },
  ready: { officials: ANY },
};
