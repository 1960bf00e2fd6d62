// How the operations of the emergency log (api/incident.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  listIncidents: { officials: ['operator', 'head'] },
  exportIncidentsA7: { officials: ['operator', 'head'] },
  reportIncident: { officials: ['operator'], pathValues: () => ({ id: ['REPORT_INTAKE_DELAY-2026-12-01T00:00:00.000Z'] }) },
};
