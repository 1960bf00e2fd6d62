// How the operations of the profile (api/profile.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  getProfile: { officials: ANY },
  saveProfile: {
    officials: ANY,
    bodies: () => [{ label: 'the mandatory fields', make: async () => ({ mobile: '+77011234567', email: 'erlan@example.kz', locale: 'kk' }) }],
  },
  confirmProfileMobile: { officials: ANY, bodies: () => [{ label: 'a code', make: async () => ({ code: '123456' }) }] },
  cancelProfileMobileChange: { officials: ANY },
};
