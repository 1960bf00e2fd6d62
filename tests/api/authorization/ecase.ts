// Who may do what with the electronic criminal case (api/ecase.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { caseWithDocumentsAndParticipant, caseWithParticipant, get, newCase, type Operation, post, witness } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  'GET /api/v1/officials/cases':                                            '401  403  403  403  ok   ok   ok   403  403  ok   403',
  // The case: its conducting official, their head, the supervising prosecutor; the confirmed
  // victim sees his part, not the officials' timeline (¶26, ¶30).
  'GET /api/v1/cases/{erdr}':                                               '401  ok   404  404  ok   ok   ok   404  404  404  404',
  'GET /api/v1/cases/{erdr}/timeline':                                      '401  404  404  404  ok   ok   ok   404  404  404  404',
  // ¶10: the head conducts the case too, but only the assigned official resolves the format.
  'POST /api/v1/cases/{erdr}/format':                                       '401  403  403  403  ok   409  403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/participants':                                 '401  403  403  403  ok   ok   403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/participants/{iin}/confirmation':              '401  403  403  403  ok   ok   403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/supervision':                                  '401  403  403  403  403  403  ok   403  403  403  403',
  // A document of the case: those who see the case; a participant only what an answered petition granted (¶26).
  'GET /api/v1/cases/{erdr}/documents/{documentId}':                        '401  404  404  404  ok   ok   ok   404  404  404  404',
  // Familiarisation is granted and withdrawn by those who conduct the case; the journal is for those who see it, not for the participant.
  'POST /api/v1/cases/{erdr}/material-access':                              '401  403  403  403  ok   ok   403  403  403  404  403',
  'POST /api/v1/cases/{erdr}/material-access/revocation':                   '401  403  403  403  ok   ok   403  403  403  404  403',
  'GET /api/v1/cases/{erdr}/access-journal':                                '401  404  404  404  ok   ok   ok   404  404  404  404',
};

export const operations: Record<string, Operation> = {
  'GET /api/v1/officials/cases': { request: (a) => get(a, '/api/v1/officials/cases') },
  'GET /api/v1/cases/{erdr}': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}`) },
  'GET /api/v1/cases/{erdr}/timeline': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}/timeline`) },
  'POST /api/v1/cases/{erdr}/format': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/format`, { format: 'ELECTRONIC' }),
    own: async () => ({ erdr: await newCase() }),
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/format`, { format: 'DIGITAL' }),
  },
  'POST /api/v1/cases/{erdr}/participants': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/participants`, witness()),
    own: async () => ({ erdr: await newCase() }),
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/participants`, { iin: '123', fullName: '', role: 'hero' }),
  },
  'POST /api/v1/cases/{erdr}/participants/{iin}/confirmation': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/participants/${o.participantIin}/confirmation`),
    own: caseWithParticipant,
  },
  'POST /api/v1/cases/{erdr}/supervision': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/supervision`),
    own: async () => ({ erdr: await newCase() }),
  },
  'GET /api/v1/cases/{erdr}/documents/{documentId}': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}/documents/d1`) },
  'POST /api/v1/cases/{erdr}/material-access': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access`, { iin: o.participantIin, documentIds: ['d1'] }),
    own: caseWithDocumentsAndParticipant,
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access`, { iin: '123', documentIds: [] }),
  },
  'POST /api/v1/cases/{erdr}/material-access/revocation': {
    request: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access/revocation`, { iin: o.participantIin, documentIds: ['d1'] }),
    own: caseWithDocumentsAndParticipant,
    invalid: (a, o) => post(a, `/api/v1/cases/${o.erdr}/material-access/revocation`, { iin: '123', documentIds: [] }),
  },
  'GET /api/v1/cases/{erdr}/access-journal': { request: (a, o) => get(a, `/api/v1/cases/${o.erdr}/access-journal`) },
};
