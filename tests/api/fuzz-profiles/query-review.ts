// How the operations of the departmental review of queries (api/query-review.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  officialsQueryReviews: { officials: ['head', 'prosecutor'] },
  getQueryReview: { officials: ['head', 'prosecutor'], pathValues: () => ({ id: ['query-review-711303-2026-11', 'query-review-711203-x'] }) },
  markQueryReview: { officials: ['head'], pathValues: () => ({ id: ['query-review-711303-2026-11'] }) },
};
