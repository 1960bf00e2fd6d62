// Who may do what with the audit log (api/audit-log.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // The audit log: checkpoint and proofs are hashes only, for anyone; entries for the operator and the prosecutor (002 p.39–41, p.54).
  'GET /api/v1/audit/checkpoint':                                           'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/audit/proof/inclusion':                                      'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/audit/proof/consistency':                                    'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/audit/entries/{index}':                                      '401  403  403  403  403  403  ok   403  ok   403  403',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/audit/checkpoint': { request: (a) => get(a, '/api/v1/audit/checkpoint') },
  'GET /api/v1/audit/proof/inclusion': { request: (a) => get(a, '/api/v1/audit/proof/inclusion?index=0&size=1') },
  'GET /api/v1/audit/proof/consistency': { request: (a) => get(a, '/api/v1/audit/proof/consistency?from=1&to=1') },
  'GET /api/v1/audit/entries/{index}': { request: (a) => get(a, '/api/v1/audit/entries/0') },
};
