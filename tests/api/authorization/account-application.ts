// Who may do what with access applications (api/account-application.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { DEV_OFFICIALS_BODY, DEV_OTHER_BODY } from '../../../platform/trust';
import { blocking, get, newApplication, officialToBlock, type Operation, post, registration, signedRefusal, signerOf } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'POST /api/v1/account-applications · REGISTRATION for oneself':           '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // A blocking closes the whole account at once: the operator, or the head of the body whose staff the official is.
  'POST /api/v1/account-applications · BLOCKING, official of 711303':       '401  403  403  403  403  ok   403  403  ok   403  403',
  'POST /api/v1/account-applications · BLOCKING, official of 711203':       '401  403  403  403  403  403  403  403  ok   403  403',
  'POST /api/v1/account-applications · BLOCKING, prosecutor of 711303':     '401  403  403  403  403  403  403  403  ok   403  403',
  'GET /api/v1/account-applications/{id}':                                  '401  ok   404  404  404  404  404  404  ok   404  404',
  'POST /api/v1/account-applications/{id}/decision':                        '401  403  403  403  403  403  403  403  ok   403  403',
  // Four eyes: nobody decides an application about themselves.
  'POST /api/v1/account-applications/{id}/decision · the operator\'s own':  '401  403  403  403  403  403  403  403  403  403  403',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/account-applications · REGISTRATION for oneself': { request: (a) => post(a, '/api/v1/account-applications', registration(a)) },
  'POST /api/v1/account-applications · BLOCKING, official of 711303': {
    request: (a, o) => post(a, '/api/v1/account-applications', blocking(o.blockable)),
    own: async () => ({ blockable: await officialToBlock(DEV_OFFICIALS_BODY) }),
  },
  'POST /api/v1/account-applications · BLOCKING, official of 711203': {
    request: (a, o) => post(a, '/api/v1/account-applications', blocking(o.blockableElsewhere)),
    own: async () => ({ blockableElsewhere: await officialToBlock(DEV_OTHER_BODY) }),
  },
  'POST /api/v1/account-applications · BLOCKING, prosecutor of 711303': {
    request: (a, o) => post(a, '/api/v1/account-applications', blocking(o.blockableProsecutor)),
    own: async () => ({ blockableProsecutor: await officialToBlock(DEV_OFFICIALS_BODY, 'prosecutor') }),
  },
  'GET /api/v1/account-applications/{id}': { request: (a, o) => get(a, `/api/v1/account-applications/${o.applicationId}`) },
  'POST /api/v1/account-applications/{id}/decision': {
    request: async (a, o) =>
      post(a, `/api/v1/account-applications/${o.applicationId}/decision`, { approve: false, signature: await signedRefusal(signerOf(a), o.applicationId) }),
    own: async () => ({ applicationId: await newApplication() }),
    invalid: (a, o) => post(a, `/api/v1/account-applications/${o.applicationId}/decision`, { approve: 'yes' }),
  },
  "POST /api/v1/account-applications/{id}/decision · the operator's own": {
    request: async (a, o) =>
      post(a, `/api/v1/account-applications/${o.operatorsApplicationId}/decision`, {
        approve: false,
        signature: await signedRefusal(signerOf(a), o.operatorsApplicationId),
      }),
    invalid: (a, o) => post(a, `/api/v1/account-applications/${o.operatorsApplicationId}/decision`, { approve: 'yes' }),
  },
};
