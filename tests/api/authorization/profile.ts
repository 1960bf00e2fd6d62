// Who may do what with the profile (api/profile.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { devMobileOf } from '../../helpers/pki';
import { get, type Operation, post, sessions, signerOf, tokenOf } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // The profile (000 §6): everyone's own; no change of mobile is waiting, so a code is refused by the rule.
  'GET /api/v1/profile':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'PUT /api/v1/profile':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/profile/mobile-confirmation':                               '401  409  409  409  409  409  409  409  409  409  409',
  'DELETE /api/v1/profile/mobile-change':                                   '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/profile': { request: (a) => get(a, '/api/v1/profile') },
  // The same mobile the caller saved at login: no SMS code is sent.
  'PUT /api/v1/profile': {
    request: (a) => ({
      method: 'PUT',
      path: '/api/v1/profile',
      token: tokenOf(a),
      json: { mobile: devMobileOf(sessions[signerOf(a)].iin), email: `${signerOf(a)}@example.kz`, locale: 'kk' },
    }),
    invalid: (a) => ({ method: 'PUT', path: '/api/v1/profile', token: tokenOf(a), json: { mobile: '123' } }),
  },
  'POST /api/v1/profile/mobile-confirmation': { request: (a) => post(a, '/api/v1/profile/mobile-confirmation', { code: '123456' }) },
  'DELETE /api/v1/profile/mobile-change': { request: (a) => ({ method: 'DELETE', path: '/api/v1/profile/mobile-change', token: tokenOf(a) }) },
};
