// How the operations of access applications (api/account-application.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import fc from 'fast-check';
import { DEV_OFFICIALS_BODY } from '../../../platform/trust';
import * as A from '../../helpers/openapi-arbitraries';
import { type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  fileAccountApplication: {
    officials: ['head', 'operator', 'investigator'],
    bodies: (f) => [
      {
        label: 'my own registration',
        make: async () => ({
          kind: 'REGISTRATION',
          iin: f.sessions.citizen.user.iin,
          fullName: 'Әбілқасымов Ерлан',
          position: 'тергеуші',
          bodyCode: DEV_OFFICIALS_BODY,
          requestedRole: 'investigator',
        }),
      },
      {
        label: 'a blocking',
        make: async () => ({
          kind: 'BLOCKING',
          iin: fc.sample(A.validIin, 1)[0],
          fullName: 'Бөгде Адам',
          bodyCode: DEV_OFFICIALS_BODY,
          reason: 'Қызметтен босатылды',
        }),
      },
    ],
  },
  getAccountApplication: { officials: ['operator', 'head'], pathValues: (f) => ({ id: f.applicationIds }) },
  decideAccountApplication: { officials: ['operator'], pathValues: (f) => ({ id: f.applicationIds }) },
};
