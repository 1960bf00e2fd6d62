// Who may do what with uploaded files (api/files.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { get, type Operation, pdfBytes, uploadProbe } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'POST /api/v1/files':                                                     '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  // Report materials: the owner, and the officials of the body that has the report.
  'GET /api/v1/files/{id}':                                                 '401  ok   404  ok   ok   ok   ok   404  404  404  404',
  'GET /api/v1/files/{id}/pdf':                                             '401  ok   404  ok   ok   ok   ok   404  404  404  404',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/files': { request: async (a) => uploadProbe(a, await pdfBytes(`Upload by ${a}`), 'түбіртек.pdf') },
  'GET /api/v1/files/{id}': { request: (a, o) => get(a, `/api/v1/files/${o.fileId}`) },
  'GET /api/v1/files/{id}/pdf': { request: (a, o) => get(a, `/api/v1/files/${o.fileId}/pdf`) },
};
