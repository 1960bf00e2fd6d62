// How the operations of legality checks (api/legality-check.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { randomUUID } from 'node:crypto';
import { DEV_OFFICIALS_BODY } from '../../../platform/trust';
import { type Profile } from './kit';

export const profiles: Record<string, Profile> = {
  openLegalityCheck: {
    officials: ['prosecutor', 'operator'],
    bodies: (f) => [
      {
        label: 'a check of the body on an upload that is not the prosecutor’s resolution',
        make: async () => ({
          resolution: { fileId: f.fileIds[0] ?? randomUUID(), sha256: f.fileSha256s[0] ?? '0'.repeat(64) },
          resolutionNumber: '2-0317-26',
          bodyCode: DEV_OFFICIALS_BODY,
          period: { from: '2026-11-01', to: '2026-11-30' },
        }),
      },
    ],
  },
  listLegalityChecks: { officials: ['prosecutor', 'operator'] },
  getLegalityCheck: { officials: ['prosecutor', 'operator'], pathValues: () => ({ id: [`${DEV_OFFICIALS_BODY}-${'ab'.repeat(12)}`, 'legality-check-x'] }) },
  downloadLegalityAnswer: { officials: ['prosecutor', 'operator'], pathValues: () => ({ id: [`${DEV_OFFICIALS_BODY}-${'ab'.repeat(12)}`] }) },
  downloadLegalityAnswerPdf: { officials: ['prosecutor', 'operator'], pathValues: () => ({ id: [`${DEV_OFFICIALS_BODY}-${'ab'.repeat(12)}`] }) },
  confirmLegalityAnswer: { officials: ['operator'], pathValues: () => ({ id: [`${DEV_OFFICIALS_BODY}-${'ab'.repeat(12)}`] }) },
  recordLegalityOutcome: { officials: ['prosecutor'], pathValues: () => ({ id: [`${DEV_OFFICIALS_BODY}-${'ab'.repeat(12)}`] }) },
};
