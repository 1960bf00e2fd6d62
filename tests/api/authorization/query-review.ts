// Who may do what with the departmental review of queries (api/query-review.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { firstQueryOf, get, newReview, type Operation, post } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // The departmental review (002 P7): the head of the body marks; its prosecutors read too.
  'GET /api/v1/officials/query-reviews':                                    '401  403  403  403  403  ok   ok   403  403  403  403',
  'GET /api/v1/query-reviews/{id}':                                         '401  403  403  403  403  ok   ok   403  403  403  403',
  'POST /api/v1/query-reviews/{id}/marks':                                  '401  403  403  403  403  ok   403  403  403  403  403',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/officials/query-reviews': { request: (a) => get(a, '/api/v1/officials/query-reviews') },
  'GET /api/v1/query-reviews/{id}': { request: (a, o) => get(a, `/api/v1/query-reviews/${o.reviewId}`) },
  'POST /api/v1/query-reviews/{id}/marks': {
    request: async (a, o) => post(a, `/api/v1/query-reviews/${o.reviewId}/marks`, { marks: [{ queryId: await firstQueryOf(o.reviewId), justified: true }] }),
    own: async () => ({ reviewId: await newReview() }),
    invalid: (a, o) => post(a, `/api/v1/query-reviews/${o.reviewId}/marks`, { marks: [] }),
  },
};
