// Who may do what with crime reports (api/report.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, kuiRegistered, newReport, type Operation, post, REFUSAL, reportProbe } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'POST /api/v1/reports':                                                   '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/reports':                                                    '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/reports/{talon}':                                            '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'GET /api/v1/reports/{talon}/materials.zip':                              '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'GET /api/v1/officials/reports':                                          '401  403  403  ok   ok   ok   ok   403  403  ok   ok',
  'POST /api/v1/reports/{talon}/kui-registration':                          '401  403  403  ok   403  403  403  403  403  403  404',
  'POST /api/v1/reports/{talon}/decision':                                  '401  403  403  ok   ok   ok   403  403  403  404  404',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/reports': { request: (a) => reportProbe(a) },
  'GET /api/v1/reports': { request: (a) => get(a, '/api/v1/reports') },
  'GET /api/v1/reports/{talon}': { request: (a, o) => get(a, `/api/v1/reports/${o.talon}`) },
  'GET /api/v1/reports/{talon}/materials.zip': { request: (a, o) => get(a, `/api/v1/reports/${o.talon}/materials.zip`) },
  'GET /api/v1/officials/reports': { request: (a) => get(a, '/api/v1/officials/reports') },
  'POST /api/v1/reports/{talon}/kui-registration': {
    request: (a, o) => post(a, `/api/v1/reports/${o.talon}/kui-registration`),
    own: async () => ({ talon: await newReport() }),
  },
  'POST /api/v1/reports/{talon}/decision': {
    request: (a, o) => post(a, `/api/v1/reports/${o.kuiTalon}/decision`, REFUSAL),
    own: async () => ({ kuiTalon: await kuiRegistered() }),
    invalid: (a, o) => post(a, `/api/v1/reports/${o.kuiTalon}/decision`, { kind: 'MAYBE' }),
  },
};
