// Who may do what with legality checks (api/legality-check.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, legalityRequest, newLegalityCheck, type Operation, post } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // The prosecutor's legality check (002 P8): a prosecutor of the body opens it and records the outcome; the
  // Committee operator signs off the answer; both read it (p.54–56).
  'POST /api/v1/legality-checks':                                           '401  403  403  403  403  403  ok   403  403  403  403',
  'GET /api/v1/legality-checks':                                            '401  403  403  403  403  403  ok   403  ok   403  403',
  'GET /api/v1/legality-checks/{id}':                                       '401  403  403  403  403  403  ok   403  ok   403  403',
  'GET /api/v1/legality-checks/{id}/answer':                                '401  403  403  403  403  403  ok   403  ok   403  403',
  'GET /api/v1/legality-checks/{id}/answer.pdf':                            '401  403  403  403  403  403  ok   403  ok   403  403',
  'POST /api/v1/legality-checks/{id}/answer':                               '401  403  403  403  403  403  403  403  ok   403  403',
  'POST /api/v1/legality-checks/{id}/outcome':                              '401  403  403  403  403  403  ok   403  403  403  403',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/legality-checks': {
    request: (a, o) => post(a, '/api/v1/legality-checks', legalityRequest(o.legalityResolution)),
    invalid: (a) => post(a, '/api/v1/legality-checks', { bodyCode: 'x' }),
  },
  'GET /api/v1/legality-checks': { request: (a) => get(a, '/api/v1/legality-checks') },
  'GET /api/v1/legality-checks/{id}': { request: (a, o) => get(a, `/api/v1/legality-checks/${o.legalityCheckId}`) },
  'GET /api/v1/legality-checks/{id}/answer': { request: (a, o) => get(a, `/api/v1/legality-checks/${o.legalityCheckId}/answer`) },
  'GET /api/v1/legality-checks/{id}/answer.pdf': { request: (a, o) => get(a, `/api/v1/legality-checks/${o.legalityCheckId}/answer.pdf`) },
  'POST /api/v1/legality-checks/{id}/answer': {
    request: (a, o) => post(a, `/api/v1/legality-checks/${o.legalityCheckId}/answer`, {}),
    own: async () => ({ legalityCheckId: await newLegalityCheck(false) }),
    invalid: (a, o) => post(a, `/api/v1/legality-checks/${o.legalityCheckId}/answer`, { note: '' }),
  },
  'POST /api/v1/legality-checks/{id}/outcome': {
    request: (a, o) => post(a, `/api/v1/legality-checks/${o.legalityCheckId}/outcome`, { outcome: 'NO_VIOLATIONS' }),
    own: async () => ({ legalityCheckId: await newLegalityCheck(true) }),
    invalid: (a, o) => post(a, `/api/v1/legality-checks/${o.legalityCheckId}/outcome`, { outcome: 'MAYBE' }),
  },
};
