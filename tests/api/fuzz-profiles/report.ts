// How the operations of crime reports (api/report.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile, QUEUE, talons } from './kit';

export const profiles: Record<string, Profile> = {
  submitReport: { officials: ['investigator', 'registry_officer'], bodies: (f) => f.signedReports.map((r) => ({ label: r.label, make: async () => r.value })) },
  listMyReports: { officials: ANY },
  getReport: { officials: QUEUE, pathValues: talons },
  downloadReportMaterials: { officials: QUEUE, pathValues: talons },
  officialsReportQueue: { officials: QUEUE },
  registerReportInKui: { officials: ['registry_officer'], pathValues: talons },
  decideReport: { officials: ['registry_officer', 'investigator', 'head'], pathValues: talons },
};
