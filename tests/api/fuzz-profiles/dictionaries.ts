// How the operations of the territorial dictionaries (api/dictionaries.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { regions, districtsOf } from '../../../domain/dictionaries';
import { ANY, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  listRegions: { officials: ANY },
  listDistricts: { officials: ANY, pathValues: () => ({ id: regions().map((r) => r.id) }) },
  listBodies: {
    officials: ANY,
    pathValues: () => ({
      id: regions()
        .flatMap((r) => (districtsOf(r.id) ?? []).map((d) => d.id))
        .slice(0, 40),
    }),
  },
};
