import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const pki = (globalThis as { __erdrTestPki?: { close(): Promise<void>; dir: string } }).__erdrTestPki;
  if (!pki) return;
  await pki.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
}
