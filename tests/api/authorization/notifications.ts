// Who may do what with the cabinet's notices (api/notifications.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation, post } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'GET /api/v1/notifications':                                              '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/notifications/{id}/read':                                   '401  ok   404  404  404  404  404  404  404  404  404',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/notifications': { request: (a) => get(a, '/api/v1/notifications') },
  'POST /api/v1/notifications/{id}/read': { request: (a, o) => post(a, `/api/v1/notifications/${o.notificationId}/read`) },
};
