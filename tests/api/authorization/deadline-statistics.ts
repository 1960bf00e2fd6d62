// Who may do what with deadline statistics (api/deadline-statistics.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Deadline statistics: the supervisors (heads, prosecutors).
  'GET /api/v1/statistics/deadlines':                                       '401  403  403  403  403  ok   ok   403  403  403  403',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/statistics/deadlines': { request: (a) => get(a, '/api/v1/statistics/deadlines') },
};
