// How the operations of translation tasks (api/translation.ts) are fuzzed: the officials whose tokens
// are tried and the real values that take a request past validation.
import { ANY, type Profile, translations } from './kit';

export const profiles: Record<string, Profile> = {
  sendForTranslation: { officials: ['investigator', 'head', 'prosecutor'] },
  translationInbox: { officials: ANY },
  completedTranslations: { officials: ANY },
  getTranslation: { officials: ['investigator', 'head', 'prosecutor'], pathValues: translations },
  downloadTranslationSource: { officials: ['investigator', 'head', 'prosecutor'], pathValues: translations },
  downloadTranslationMaterial: { officials: ['investigator', 'head', 'prosecutor'], pathValues: (f) => ({ ...translations(f), sha256: f.fileSha256s }) },
  submitTranslation: {
    officials: ['investigator'],
    pathValues: translations,
    bodies: (f) => f.signedTranslations.map((t) => ({ label: t.label, make: async () => t.value })),
  },
  reviewTranslation: { officials: ['investigator', 'head'], pathValues: translations },
  officialsTranslationQueue: { officials: ['investigator', 'head', 'prosecutor'] },
};
