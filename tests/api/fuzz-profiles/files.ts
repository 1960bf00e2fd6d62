// How the operations of uploaded files (api/files.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile, QUEUE } from './kit';

export const profiles: Record<string, Profile> = {
  uploadFile: { officials: ANY, upload: true },
  downloadFile: { officials: QUEUE, pathValues: (f) => ({ id: f.fileIds }) },
  downloadFilePdf: { officials: QUEUE, pathValues: (f) => ({ id: f.fileIds }) },
};
