// How the operations of logging in and out (api/auth.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { signWith } from '../../helpers/pki';
import { ANY, challenge, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  authChallenge: { officials: ANY },
  authLogin: {
    officials: ANY,
    bodies: (f) => [
      {
        label: 'a valid login',
        make: async () => {
          const c = await challenge();
          return { challengeId: c.challengeId, signature: await signWith('citizen', 'auth', Buffer.from(c.nonce, 'base64')) };
        },
      },
      {
        label: 'a login signed with the signing key',
        make: async () => {
          const c = await challenge();
          return { challengeId: c.challengeId, signature: await signWith('citizen', 'sign', Buffer.from(c.nonce, 'base64')) };
        },
      },
      {
        label: 'a login signature over other bytes',
        make: async () => ({ challengeId: (await challenge()).challengeId, signature: await signWith('citizen', 'auth', Buffer.from('not the nonce')) }),
      },
      { label: 'a spent challenge', make: async () => ({ challengeId: f.challengeIds[0], signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx' }) },
      {
        label: 'a fresh challenge with junk base64',
        make: async () => ({ challengeId: (await challenge()).challengeId, signature: Buffer.from('junk junk junk junk').toString('base64') }),
      },
    ],
  },
  authLogout: { officials: ANY, freshSession: true },
  authMe: { officials: ANY },
};
