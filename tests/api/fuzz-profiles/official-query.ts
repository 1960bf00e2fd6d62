// How the operations of officials' queries (api/official-query.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  officialQuery: {
    officials: ['investigator', 'prosecutor', 'operator', 'head'],
    bodies: (f) => [
      {
        label: 'an initial check of a person',
        make: async () => ({
          basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' },
          target: { kind: 'PERSON', iin: f.sessions.citizen.user.iin },
        }),
      },
      {
        label: 'a case under its own criminal-case basis',
        make: async () => ({
          basis: { basis: 'CRIM', erdrNumber: f.erdrs[0] ?? '261711303100001' },
          target: { kind: 'CASE', erdrNumber: f.erdrs[0] ?? '261711303100001' },
        }),
      },
      {
        label: 'an enforcement-proceedings basis',
        make: async () => ({ basis: { basis: 'ENFORCEMENT', enforcementNumber: '2612-00017' }, target: { kind: 'PERSON', iin: f.sessions.citizen.user.iin } }),
      },
    ],
  },
};
