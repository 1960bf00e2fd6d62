// The header that carries an API request's id into Temporal: client → workflow → activities.
// Deterministic and dependency-free so workflow code may import it.
export const REQUEST_ID_HEADER = 'erdr-request-id';
