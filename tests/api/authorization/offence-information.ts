// Who may do what with offence information (api/offence-information.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, offenceProbe, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Offence information (004 B): anyone about himself; only the recipient reads it.
  'POST /api/v1/offence-information':                                       '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/offence-information/{id}':                                   '401  ok   404  404  404  404  404  404  404  404  404',
  'GET /api/v1/offence-information/{id}/result.pdf':                        '401  ok   404  404  404  404  404  404  404  404  404',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/offence-information': { request: (a) => offenceProbe(a) },
  'GET /api/v1/offence-information/{id}': { request: (a, o) => get(a, `/api/v1/offence-information/${o.offenceId}`) },
  'GET /api/v1/offence-information/{id}/result.pdf': { request: (a, o) => get(a, `/api/v1/offence-information/${o.offenceId}/result.pdf`) },
};
