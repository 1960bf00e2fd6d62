// How the operations of offence information (api/offence-information.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { randomUUID } from 'node:crypto';
import { type Profile, stateRequests } from './kit';

export const profiles: Record<string, Profile> = {
  submitOffenceInformationRequest: { officials: ['head'], bodies: stateRequests },
  getOffenceInformation: { officials: ['head'], pathValues: (f) => ({ id: f.offenceIds.length ? f.offenceIds : [randomUUID()] }) },
  downloadOffenceInformation: { officials: ['head'], pathValues: (f) => ({ id: f.offenceIds.length ? f.offenceIds : [randomUUID()] }) },
};
