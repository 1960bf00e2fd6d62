// How the operations of the system links and the OpenAPI document (api/app.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  systemLinks: { officials: ANY },
  openApiDocument: { officials: ANY },
};
