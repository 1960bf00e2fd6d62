// Who may do what with the emergency log (api/incident.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation, post } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // The emergency log (002 p.41–43): the Committee operator's.
  'GET /api/v1/incidents':                                                  '401  403  403  403  403  403  403  403  ok   403  403',
  'GET /api/v1/incidents/a7.csv':                                           '401  403  403  403  403  403  403  403  ok   403  403',
  'POST /api/v1/incidents/{id}/report':                                     '401  403  403  403  403  403  403  403  ok   403  403',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/incidents': { request: (a) => get(a, '/api/v1/incidents') },
  'GET /api/v1/incidents/a7.csv': { request: (a) => get(a, '/api/v1/incidents/a7.csv') },
  'POST /api/v1/incidents/{id}/report': {
    request: (a, o) =>
      post(a, `/api/v1/incidents/${o.incidentId}/report`, {
        scenario: 'SOFTWARE',
        causes: 'Жұмысшы процесі тоқтап қалды',
        measures: 'Қайта іске қосылды',
        responsible: 'Кезекші оператор',
      }),
    invalid: (a, o) => post(a, `/api/v1/incidents/${o.incidentId}/report`, { scenario: 'METEOR' }),
  },
};
