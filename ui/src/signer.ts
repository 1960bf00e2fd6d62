// One way to sign for every form (000 §7.1: one signing component): with a key file opened in the
// page, or through NCALayer. Keys opened from files stay in this page's memory (non-extractable
// CryptoKeys) until logout, so a report and its files are signed after one password entry.
import { fromBase64, openPkcs12, signCms, toBase64, type OpenedKey } from './eds';
import { ncaLayerSign } from './ncalayer';

export type Purpose = 'auth' | 'sign';
export type Storage = 'file' | 'ncalayer';

const opened = new Map<Purpose, OpenedKey>();

export const openedKey = (purpose: Purpose) => opened.get(purpose);
export const forgetKeys = () => opened.clear();

export async function openKeyFile(purpose: Purpose, file: File, password: string): Promise<OpenedKey> {
  const key = await openPkcs12(new Uint8Array(await file.arrayBuffer()), password);
  opened.set(purpose, key);
  return key;
}

/** Base64 CMS over `content`: attached for signed JSON documents, detached for files and the login nonce. */
export async function sign(storage: Storage, purpose: Purpose, content: Uint8Array, attached: boolean): Promise<string> {
  if (storage === 'ncalayer') return ncaLayerSign(content, purpose, attached, toBase64);
  const key = opened.get(purpose);
  if (!key) throw new Error(`no ${purpose} key opened`);
  return toBase64(await signCms(content, key, { attached }));
}

export { fromBase64, toBase64 };
