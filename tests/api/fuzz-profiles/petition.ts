// How the operations of petitions (api/petition.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, petitions, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  petitionAvailableCases: { officials: ANY },
  listMyPetitions: { officials: ANY },
  submitPetition: { officials: ['investigator', 'head'], bodies: (f) => f.signedPetitions.map((p) => ({ label: p.label, make: async () => p.value })) },
  getPetition: { officials: ['investigator', 'head', 'prosecutor'], pathValues: petitions },
  downloadPetitionMaterials: { officials: ['investigator', 'head', 'prosecutor'], pathValues: petitions },
  downloadPetitionMaterial: { officials: ['investigator', 'head', 'prosecutor'], pathValues: (f) => ({ ...petitions(f), sha256: f.fileSha256s }) },
  answerPetition: { officials: ['investigator', 'head'], pathValues: petitions },
  officialsPetitionQueue: { officials: ['investigator', 'head', 'prosecutor'] },
};
