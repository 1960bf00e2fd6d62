// Who may do what with the codec server of the Temporal Web UI (api/codec.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { codec, type Operation } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Decrypted histories: only history readers (app/system.ts); no token is a 403 as well.
  'POST /codec/encode':                                                     '403  403  403  403  403  ok   ok   403  ok   403  403',
  'POST /codec/decode':                                                     '403  403  403  403  403  ok   ok   403  ok   403  403',
  'POST /codec/t/{token}/encode':                                           '403  403  403  403  403  ok   ok   403  ok   403  403',
  'POST /codec/t/{token}/decode':                                           '403  403  403  403  403  ok   ok   403  ok   403  403',
};

export const operations: Record<string, Operation> = {
  'POST /codec/encode': { request: codec('encode', false) },
  'POST /codec/decode': { request: codec('decode', false) },
  'POST /codec/t/{token}/encode': { request: codec('encode', true) },
  'POST /codec/t/{token}/decode': { request: codec('decode', true) },
};
