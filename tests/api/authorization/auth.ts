// Who may do what with logging in and out (api/auth.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { loginAs, signWith } from '../../helpers/pki';
import { get, type Operation, post, send, signerOf, sys } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'POST /api/v1/auth/challenge':                                            'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // Each signs the nonce with their own authentication key; anonymous has none to sign with.
  'POST /api/v1/auth/login':                                                '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/auth/logout':                                               '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/auth/me':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/auth/challenge': { request: (a) => post(a, '/api/v1/auth/challenge') },
  'POST /api/v1/auth/login': {
    request: async (a) => {
      const challenge = (await send(post('anonymous', '/api/v1/auth/challenge'))).body as { challengeId: string; nonce: string };
      const signature =
        a === 'anonymous'
          ? await signWith('citizen', 'auth', Buffer.from('not the nonce')) // a signature over something else
          : await signWith(a, 'auth', Buffer.from(challenge.nonce, 'base64'));
      return post('anonymous', '/api/v1/auth/login', { challengeId: challenge.challengeId, signature });
    },
  },
  'POST /api/v1/auth/logout': {
    request: (a, o) => {
      if (a !== 'anonymous' && !o.session) throw new Error('logging out needs a session of its own');
      return { method: 'POST', path: '/api/v1/auth/logout', token: a === 'anonymous' ? undefined : o.session };
    },
    own: async (a) => ({ session: (await loginAs(sys.baseUrl, signerOf(a))).token }),
  },
  'GET /api/v1/auth/me': { request: (a) => get(a, '/api/v1/auth/me') },
};
