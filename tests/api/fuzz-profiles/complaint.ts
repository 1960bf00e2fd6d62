// How the operations of complaints (api/complaint.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, complaints, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  listMyComplaints: { officials: ANY },
  submitComplaint: { officials: ['prosecutor', 'investigator'], bodies: (f) => f.signedComplaints.map((c) => ({ label: c.label, make: async () => c.value })) },
  getComplaint: { officials: ['prosecutor', 'head'], pathValues: complaints },
  downloadComplaintMaterials: { officials: ['prosecutor', 'head'], pathValues: complaints },
  downloadComplaintMaterial: { officials: ['prosecutor', 'head'], pathValues: (f) => ({ ...complaints(f), sha256: f.fileSha256s }) },
  extendComplaintCheck: { officials: ['prosecutor'], pathValues: complaints },
  answerComplaint: { officials: ['prosecutor'], pathValues: complaints },
  officialsComplaintQueue: { officials: ['prosecutor', 'head'] },
};
