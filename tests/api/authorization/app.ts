// Who may do what with the system links and the OpenAPI document (api/app.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'GET /api/v1/system/links':                                               'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/openapi.json':                                               'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/system/links': { request: (a) => get(a, '/api/v1/system/links') },
  'GET /api/v1/openapi.json': { request: (a) => get(a, '/api/v1/openapi.json') },
};
