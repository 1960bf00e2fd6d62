// How the operations of the electronic criminal case (api/ecase.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { cases, CONDUCTING, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  officialsCaseList: { officials: ['investigator', 'head', 'prosecutor'] },
  getCase: { officials: ['investigator', 'head', 'prosecutor'], pathValues: cases },
  getCaseTimeline: { officials: ['investigator', 'head', 'prosecutor'], pathValues: cases },
  resolveCaseFormat: { officials: CONDUCTING, pathValues: cases },
  addCaseParticipant: { officials: CONDUCTING, pathValues: cases },
  confirmCaseParticipant: { officials: CONDUCTING, pathValues: (f) => ({ erdr: f.erdrs, iin: [f.sessions.citizen.user.iin] }) },
  superviseCase: { officials: ['prosecutor'], pathValues: cases },
  downloadCaseDocument: {
    officials: ['investigator', 'head', 'prosecutor'],
    pathValues: (f) => ({ erdr: f.erdrs, documentId: [...f.documentIds, 'd0', 'd999999'] }),
  },
  grantCaseMaterialAccess: {
    officials: CONDUCTING,
    pathValues: cases,
    bodies: (f) => [{ label: 'd1 to the victim', make: async () => ({ iin: f.sessions.citizen.user.iin, documentIds: ['d1'] }) }],
  },
  revokeCaseMaterialAccess: {
    officials: CONDUCTING,
    pathValues: cases,
    bodies: (f) => [{ label: 'd1 from the victim', make: async () => ({ iin: f.sessions.citizen.user.iin, documentIds: ['d1'] }) }],
  },
  getCaseAccessJournal: { officials: ['investigator', 'head', 'prosecutor'], pathValues: cases },
};
