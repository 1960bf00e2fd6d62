// Who may do what with archive certificates (api/archive-certificate.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { archiveProbe, get, newArchiveRequest, type Operation, post } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Archive certificates (004 A): anyone asks about himself on the portal, only an operator enters one at the State
  // Corporation; the recipient and the staff of the body (office, executor, head) read; each step by its role; the
  // citizen's request waits for the envelope, so the office's own acceptance is of a request of its own.
  'POST /api/v1/archive-certificates':                                      '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/archive-certificates/state-corporation':                    '401  403  403  403  403  403  403  403  ok   403  403',
  'GET /api/v1/archive-certificates':                                       '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/officials/archive-certificates':                             '401  403  403  ok   ok   ok   403  403  403  ok   ok',
  'GET /api/v1/archive-certificates/{id}':                                  '401  ok   404  ok   ok   ok   404  404  404  404  404',
  'GET /api/v1/archive-certificates/{id}/result.pdf':                       '401  ok   404  ok   ok   ok   404  404  404  404  404',
  'POST /api/v1/archive-certificates/{id}/steps':                           '401  403  403  ok   403  403  403  403  404  404  404',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/archive-certificates': { request: (a) => archiveProbe(a) },
  'POST /api/v1/archive-certificates/state-corporation': { request: (a) => archiveProbe(a, '/api/v1/archive-certificates/state-corporation') },
  'GET /api/v1/archive-certificates': { request: (a) => get(a, '/api/v1/archive-certificates') },
  'GET /api/v1/officials/archive-certificates': { request: (a) => get(a, '/api/v1/officials/archive-certificates') },
  'GET /api/v1/archive-certificates/{id}': { request: (a, o) => get(a, `/api/v1/archive-certificates/${o.archiveId}`) },
  'GET /api/v1/archive-certificates/{id}/result.pdf': { request: (a, o) => get(a, `/api/v1/archive-certificates/${o.archiveId}/result.pdf`) },
  'POST /api/v1/archive-certificates/{id}/steps': {
    request: (a, o) => post(a, `/api/v1/archive-certificates/${o.archiveId}/steps`, { step: 'register', registrationNumber: 'АС-2' }),
    own: async () => ({ archiveId: await newArchiveRequest('citizen') }),
    invalid: (a, o) => post(a, `/api/v1/archive-certificates/${o.archiveId}/steps`, { step: 'register', registrationNumber: 5 }),
  },
};
