// Who may do what with petitions (api/petition.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, newPetition, type Operation, petitionProbe, post, shared } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Petitions (000 §4.5–4.6): only a confirmed participant files; the petitioner and the body's investigators, head, prosecutor read.
  'GET /api/v1/petitions/available-cases':                                  '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'POST /api/v1/petitions':                                                 '401  ok   403  403  403  403  403  403  403  403  403',
  'GET /api/v1/petitions':                                                  '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/petitions/{id}':                                             '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/petitions/{id}/materials.zip':                               '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/petitions/{id}/materials/{sha256}':                          '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/officials/petitions':                                        '401  403  403  403  ok   ok   ok   403  403  ok   403',
  // The official it was routed to (the conducting investigator) or the head of the body answers.
  'POST /api/v1/petitions/{id}/answer':                                     '401  403  403  403  ok   ok   403  403  403  404  403',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/petitions/available-cases': { request: (a) => get(a, '/api/v1/petitions/available-cases') },
  'POST /api/v1/petitions': { request: (a, o) => petitionProbe(a, o.erdr) },
  'GET /api/v1/petitions': { request: (a) => get(a, '/api/v1/petitions') },
  'GET /api/v1/petitions/{id}': { request: (a, o) => get(a, `/api/v1/petitions/${o.petitionId}`) },
  'GET /api/v1/petitions/{id}/materials.zip': { request: (a, o) => get(a, `/api/v1/petitions/${o.petitionId}/materials.zip`) },
  'GET /api/v1/petitions/{id}/materials/{sha256}': { request: (a, o) => get(a, `/api/v1/petitions/${o.petitionId}/materials/${o.petitionSha}`) },
  'GET /api/v1/officials/petitions': { request: (a) => get(a, '/api/v1/officials/petitions') },
  'POST /api/v1/petitions/{id}/answer': {
    request: (a, o) => post(a, `/api/v1/petitions/${o.petitionId}/answer`, { result: 'REFUSED', text: 'Қанағаттандырудан бас тартылды: негіз жоқ.' }),
    own: async () => ({ petitionId: await newPetition(shared.erdr) }),
    invalid: (a, o) => post(a, `/api/v1/petitions/${o.petitionId}/answer`, { result: 'MAYBE' }),
  },
};
