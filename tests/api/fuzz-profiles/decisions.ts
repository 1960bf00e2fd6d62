// How the operations of decisions and materials opened to a participant (api/decisions.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, cases, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  getCaseDecisions: { officials: ANY, pathValues: cases },
  downloadCaseDecisionMaterial: { officials: ANY, pathValues: (f) => ({ erdr: f.erdrs, documentId: [...f.documentIds, 'd0', 'd999999'] }) },
  downloadCaseDecisionMaterials: { officials: ANY, pathValues: cases },
};
