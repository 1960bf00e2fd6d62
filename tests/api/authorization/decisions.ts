// Who may do what with decisions and materials opened to a participant (api/decisions.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Decisions and materials (000 §4.9): the citizen is the applicant and the confirmed victim, d2 is opened to him;
  // everyone else (officials too: they read the case itself) meets the 404 of a number of no case.
  'GET /api/v1/decisions/{erdr}':                                           '401  ok   404  404  404  404  404  404  404  404  404',
  'GET /api/v1/decisions/{erdr}/materials/{documentId}':                    '401  ok   404  404  404  404  404  404  404  404  404',
  'GET /api/v1/decisions/{erdr}/materials.zip':                             '401  ok   404  404  404  404  404  404  404  404  404',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/decisions/{erdr}': { request: (a, o) => get(a, `/api/v1/decisions/${o.erdr}`) },
  'GET /api/v1/decisions/{erdr}/materials/{documentId}': { request: (a, o) => get(a, `/api/v1/decisions/${o.erdr}/materials/d2`) },
  'GET /api/v1/decisions/{erdr}/materials.zip': { request: (a, o) => get(a, `/api/v1/decisions/${o.erdr}/materials.zip`) },
};
