// The development PKI of this test run (made once by tests/global-setup.ts): key files per role,
// signing with them, and logging in through the API as a citizen would with NCALayer.
import fs from 'node:fs';
import { readDevPkiManifest, type DevPkiManifest, type DevRole } from '../../eds/dev-pki';
import { signCms, signerFromPkcs12, type SignerKey } from '../../eds/sign';

let manifest: Promise<DevPkiManifest> | undefined;

export function testPki(): Promise<DevPkiManifest> {
  const dir = process.env.TEST_PKI_DIR;
  if (!dir) throw new Error('TEST_PKI_DIR is not set: run the tests through jest (tests/global-setup.ts makes the PKI)');
  manifest ??= readDevPkiManifest(dir);
  return manifest;
}

const signers = new Map<string, Promise<SignerKey>>();

/** The auth or sign key of the development person with that role. */
export async function keyOf(role: DevRole, purpose: 'auth' | 'sign'): Promise<{ signer: SignerKey; iin: string; name: string }> {
  const m = await testPki();
  const person = m.people.find((p) => p.role === role);
  if (!person) throw new Error(`no development person with role ${role}`);
  const file = person[purpose];
  const key = `${role}/${purpose}`;
  if (!signers.has(key)) signers.set(key, signerFromPkcs12(new Uint8Array(fs.readFileSync(file.p12)), file.password));
  return { signer: await signers.get(key)!, iin: person.iin, name: `${person.surname} ${person.givenName} ${person.patronymic}` };
}

export async function signWith(role: DevRole, purpose: 'auth' | 'sign', content: Uint8Array, attached = false): Promise<string> {
  const { signer } = await keyOf(role, purpose);
  return Buffer.from(await signCms(content, signer, { attached })).toString('base64');
}

/**
 * Challenge → sign the nonce with the role's auth key → login; returns the bearer token. A citizen
 * logging in for the first time is asked for the profile's mandatory fields before any other
 * service (000 §6): unless `profile: false`, the profile is saved here as the person would — the
 * certificate's e-mail (or one of the person's own), a mobile number of their own, their language.
 * An official is asked to sign the user agreement first (002 p.17): unless `agreement: false`, it
 * is signed here with the official's signing key, as NCALayer would.
 */
export async function loginAs(
  baseUrl: string,
  role: DevRole,
  opts: { attached?: boolean; profile?: boolean; agreement?: boolean } = {},
): Promise<{ token: string; user: any }> {
  const session = await login(baseUrl, role, opts);
  if (session.user.agreementRequired && opts.agreement !== false) {
    await signAgreement(baseUrl, role, session.token);
    const { agreementRequired: _, ...user } = session.user;
    return { ...session, user };
  }
  if (!session.user.profileRequired || opts.profile === false) return session;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` };
  const current = (await (await fetch(`${baseUrl}/api/v1/profile`, { headers })).json()) as any;
  const saved = await fetch(`${baseUrl}/api/v1/profile`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ mobile: devMobileOf(session.user.iin), email: current.email ?? `${role}@example.kz`, locale: current.locale ?? 'kk' }),
  });
  if (saved.status !== 200) throw new Error(`saving the profile of ${role} failed: ${saved.status} ${await saved.text()}`);
  const { profileRequired: _, ...user } = session.user;
  return { ...session, user };
}

/** Signs the user agreement (002 A-6) as the official `role`: the JSON the API names, attached, with the signing key. */
export async function signAgreement(baseUrl: string, role: DevRole, token: string): Promise<void> {
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  const agreement = (await (await fetch(`${baseUrl}/api/v1/account/agreement`, { headers })).json()) as { toSign: unknown };
  const signature = await signWith(role, 'sign', Buffer.from(JSON.stringify(agreement.toSign), 'utf8'), true);
  const signed = await fetch(`${baseUrl}/api/v1/account/agreement`, { method: 'POST', headers, body: JSON.stringify({ signature }) });
  if (signed.status !== 201) throw new Error(`signing the agreement as ${role} failed: ${signed.status} ${await signed.text()}`);
}

/** A Kazakhstan mobile number of the person's own (+7 747 and seven digits of the IIN), for the default profile. */
export const devMobileOf = (iin: string) => `+7747${iin.slice(-7)}`;

async function login(baseUrl: string, role: DevRole, opts: { attached?: boolean }): Promise<{ token: string; user: any }> {
  const challenge = (await (await fetch(`${baseUrl}/api/v1/auth/challenge`, { method: 'POST' })).json()) as { challengeId: string; nonce: string };
  const signature = await signWith(role, 'auth', Buffer.from(challenge.nonce, 'base64'), opts.attached);
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ challengeId: challenge.challengeId, signature }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
