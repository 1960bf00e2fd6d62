// How the operations of accounts (api/account.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import fc from 'fast-check';
import { signWith } from '../../helpers/pki';
import { agreementToSign } from '../../../api/account';
import * as A from '../../helpers/openapi-arbitraries';
import { ANY, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  getUserAgreement: { officials: ANY },
  signUserAgreement: {
    officials: ANY,
    bodies: (f) => [
      // Signing again is idempotent; the citizen's is refused (no role to sign for).
      {
        label: 'the operator’s agreement, signed',
        make: async () => ({ signature: await signWith('operator', 'sign', Buffer.from(JSON.stringify(agreementToSign(f.sessions.operator.user.iin))), true) }),
      },
      {
        label: 'the agreement signed with the login key',
        make: async () => ({ signature: await signWith('operator', 'auth', Buffer.from(JSON.stringify(agreementToSign(f.sessions.operator.user.iin))), true) }),
      },
      {
        label: 'another text signed',
        make: async () => ({
          signature: await signWith(
            'operator',
            'sign',
            Buffer.from(
              JSON.stringify({ document: 'user-agreement', version: 'x', textSha256: '0'.repeat(64), iin: f.sessions.operator.user.iin, accepted: true }),
            ),
            true,
          ),
        }),
      },
    ],
  },
  // IINs no account has: blocking a real official would change what every later request meets.
  blockAccount: { officials: ['head', 'operator'], pathValues: () => ({ iin: fc.sample(A.validIin, 3) }) },
  unblockAccount: { officials: ['operator'], pathValues: () => ({ iin: fc.sample(A.validIin, 3) }) },
};
