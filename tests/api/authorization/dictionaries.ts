// Who may do what with the territorial dictionaries (api/dictionaries.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { reportBody } from '../../helpers/report';
import { get, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'GET /api/v1/dictionaries/regions':                                       'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/dictionaries/regions/{id}/districts':                        'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/dictionaries/districts/{id}/bodies':                         'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/dictionaries/regions': { request: (a) => get(a, '/api/v1/dictionaries/regions') },
  'GET /api/v1/dictionaries/regions/{id}/districts': { request: (a) => get(a, `/api/v1/dictionaries/regions/${reportBody.regionId}/districts`) },
  'GET /api/v1/dictionaries/districts/{id}/bodies': { request: (a) => get(a, `/api/v1/dictionaries/districts/${reportBody.districtId}/bodies`) },
};
