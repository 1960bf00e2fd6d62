// Who may do what with health and readiness (api/health.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'GET /health':                                                            'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /ready':                                                             'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
};

export const operations: Record<string, Operation> = {
  'GET /health': { request: (a) => get(a, '/health') },
  'GET /ready': { request: (a) => get(a, '/ready') },
};
