// Who may do what with translation tasks (api/translation.ts): each row is the answer every caller must
// get (the columns are named in ./index.ts), and each operation says how it is called.
import { randomUUID } from 'node:crypto';
import { DAY_MS, get, newTranslationTask, type Operation, post, sessions, shared, translatedTask, translationProbe, translatorsFile } from './kit';

// The matrix is a table, one row per operation and one column per caller: kept aligned by hand.
// prettier-ignore
export const rows: Record<string, string> = {
  //                                                                         anon own  cit2 reg  inv  head pros tran oper inv² reg²
  // Translation tasks (000 §4.7–4.8, §5), on a second case whose confirmed translator is the translator: the conducting
  // investigator or the head sends; the translator and the body's investigators, head, prosecutor read; only the
  // translator sends the translation; the sender (the investigator) or the head reviews.
  'POST /api/v1/translations':                                              '401  403  403  403  ok   ok   403  403  403  404  403',
  'GET /api/v1/translations':                                               '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/translations/completed':                                     '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok',
  'GET /api/v1/translations/{id}':                                          '401  404  404  404  ok   ok   ok   ok   404  404  404',
  'GET /api/v1/translations/{id}/source':                                   '401  404  404  404  ok   ok   ok   ok   404  404  404',
  'GET /api/v1/translations/{id}/materials/{sha256}':                       '401  404  404  404  ok   ok   ok   ok   404  404  404',
  'POST /api/v1/translations/{id}/submission':                              '401  404  404  404  403  403  403  ok   404  404  404',
  'POST /api/v1/translations/{id}/review':                                  '401  403  403  403  ok   ok   403  403  403  404  403',
  'GET /api/v1/officials/translations':                                     '401  403  403  403  ok   ok   ok   403  403  ok   403',
};

export const operations: Record<string, Operation> = {
  'POST /api/v1/translations': {
    request: (a, o) => ({
      ...post(a, '/api/v1/translations', {
        erdrNumber: o.translationErdr,
        documentId: 'd1',
        translatorIin: sessions.translator.iin,
        dueAt: new Date(Date.now() + 3 * DAY_MS).toISOString(),
      }),
      headers: { 'Idempotency-Key': randomUUID() },
    }),
  },
  'GET /api/v1/translations': { request: (a) => get(a, '/api/v1/translations') },
  'GET /api/v1/translations/completed': { request: (a) => get(a, '/api/v1/translations/completed') },
  'GET /api/v1/translations/{id}': { request: (a, o) => get(a, `/api/v1/translations/${o.translationTaskId}`) },
  'GET /api/v1/translations/{id}/source': { request: (a, o) => get(a, `/api/v1/translations/${o.translationTaskId}/source`) },
  'GET /api/v1/translations/{id}/materials/{sha256}': {
    request: (a, o) => get(a, `/api/v1/translations/${o.translationTaskId}/materials/${o.translationFile.sha256}`),
  },
  'POST /api/v1/translations/{id}/submission': {
    request: (a, o) => translationProbe(a, o.translationTaskId, o.translationFile),
    own: async () => ({ translationTaskId: await newTranslationTask(shared.translationErdr), translationFile: await translatorsFile() }),
    invalid: (a, o) => post(a, `/api/v1/translations/${o.translationTaskId}/submission`, { signedTranslation: '' }),
  },
  'POST /api/v1/translations/{id}/review': {
    request: (a, o) => post(a, `/api/v1/translations/${o.translationTaskId}/review`, { decision: 'APPROVE' }),
    own: async () => translatedTask(shared.translationErdr),
    invalid: (a, o) => post(a, `/api/v1/translations/${o.translationTaskId}/review`, { decision: 'MAYBE' }),
  },
  'GET /api/v1/officials/translations': { request: (a) => get(a, '/api/v1/officials/translations') },
};
