// Who may do what with officials' queries (api/official-query.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { type Operation, post, sessions } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Officials' queries (002 P4): Annex 1 decides. Prosecutor, investigator (internal affairs) and the operator
  // (system administrator) have the initial check; registry officers, heads and translators send no queries.
  'POST /api/v1/official-queries · INITIAL_CHECK, a person':                '401  403  403  403  ok   403  ok   403  ok   ok   403',
  // Enforcement proceedings: of these roles only the prosecutor (Annex 1 row 1).
  'POST /api/v1/official-queries · ENFORCEMENT, a person':                  '401  403  403  403  403  403  ok   403  403  403  403',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/official-queries · INITIAL_CHECK, a person': {
    request: (a) =>
      post(a, '/api/v1/official-queries', {
        basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру' },
        target: { kind: 'PERSON', iin: sessions.citizen.iin },
      }),
    invalid: (a) => post(a, '/api/v1/official-queries', { basis: { basis: 'INITIAL_CHECK' }, target: { kind: 'PERSON', iin: sessions.citizen.iin } }),
  },
  'POST /api/v1/official-queries · ENFORCEMENT, a person': {
    request: (a) =>
      post(a, '/api/v1/official-queries', {
        basis: { basis: 'ENFORCEMENT', enforcementNumber: '2612-00017' },
        target: { kind: 'PERSON', iin: sessions.citizen.iin },
      }),
  },
};
