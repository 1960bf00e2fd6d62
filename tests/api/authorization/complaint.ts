// Who may do what with complaints (api/complaint.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { complaintProbe, get, newComplaint, type Operation, post, shared } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Complaints (CPC art. 105–106): the complainant reads; the body's prosecutors and head read; the addressed prosecutor decides.
  'POST /api/v1/complaints':                                                '401  ok   403  403  403  403  403  403  403  403  403',
  'GET /api/v1/complaints':                                                 '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/complaints/{id}':                                            '401  ok   404  404  404  ok   ok   404  404  404  404',
  'GET /api/v1/complaints/{id}/materials.zip':                              '401  ok   404  404  404  ok   ok   404  404  404  404',
  'GET /api/v1/complaints/{id}/materials/{sha256}':                         '401  ok   404  404  404  ok   ok   404  404  404  404',
  'GET /api/v1/officials/complaints':                                       '401  403  403  403  403  ok   ok   403  403  403  403',
  'POST /api/v1/complaints/{id}/extension':                                 '401  403  403  403  403  403  ok   403  403  403  403',
  'POST /api/v1/complaints/{id}/answer':                                    '401  403  403  403  403  403  ok   403  403  403  403',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/complaints': { request: (a, o) => complaintProbe(a, o.erdr) },
  'GET /api/v1/complaints': { request: (a) => get(a, '/api/v1/complaints') },
  'GET /api/v1/complaints/{id}': { request: (a, o) => get(a, `/api/v1/complaints/${o.complaintId}`) },
  'GET /api/v1/complaints/{id}/materials.zip': { request: (a, o) => get(a, `/api/v1/complaints/${o.complaintId}/materials.zip`) },
  'GET /api/v1/complaints/{id}/materials/{sha256}': { request: (a, o) => get(a, `/api/v1/complaints/${o.complaintId}/materials/${o.complaintSha}`) },
  'GET /api/v1/officials/complaints': { request: (a) => get(a, '/api/v1/officials/complaints') },
  'POST /api/v1/complaints/{id}/extension': {
    request: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/extension`, { reason: 'Тергеушіден материалдар сұратылды.' }),
    own: async () => ({ complaintId: await newComplaint(shared.erdr) }),
    invalid: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/extension`, { reason: '' }),
  },
  'POST /api/v1/complaints/{id}/answer': {
    request: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/answer`, { result: 'DISMISSED', text: 'Шағым қанағаттандырусыз қалдырылды.' }),
    own: async () => ({ complaintId: await newComplaint(shared.erdr) }),
    invalid: (a, o) => post(a, `/api/v1/complaints/${o.complaintId}/answer`, { result: 'MAYBE' }),
  },
};
