// How the operations of the codec server of the Temporal Web UI (api/codec.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { codecBodies, HISTORY_READERS, type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  codecEncode: { officials: HISTORY_READERS, bodies: codecBodies },
  codecDecode: { officials: HISTORY_READERS, bodies: codecBodies },
  codecEncodeWithCapability: { officials: HISTORY_READERS, bodies: codecBodies, pathValues: (f) => ({ token: f.codecTokens }) },
  codecDecodeWithCapability: { officials: HISTORY_READERS, bodies: codecBodies, pathValues: (f) => ({ token: f.codecTokens }) },
};
