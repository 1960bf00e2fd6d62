// Certification path building: from the signer's certificate up to a trusted root, using the
// certificates carried in the CMS and the intermediates among the trust anchors.
import * as pkijs from 'pkijs';
import { authorityKeyId, isCa, isSelfIssued, keyUsage, sameCertificate, subjectKeyId } from './certificate';
import { nameDer, sameBytes } from './der';
import { cryptoEngine } from './engine';
import { TrustAnchors } from './trust';

export type ChainResult =
  | { ok: true; chain: pkijs.Certificate[] }
  | { ok: false; code: 'UNTRUSTED_CHAIN' | 'CHAIN_INCOMPLETE'; message: string; chain: pkijs.Certificate[] };

const MAX_DEPTH = 8;

async function signedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  if (!sameBytes(nameDer(cert.issuer), nameDer(issuer.subject))) return false;
  const aki = authorityKeyId(cert);
  const ski = subjectKeyId(issuer);
  if (aki && ski && !sameBytes(aki, ski)) return false;
  try {
    return await cert.verify(issuer, cryptoEngine());
  } catch {
    return false;
  }
}

function usableAsCa(cert: pkijs.Certificate): boolean {
  const usage = keyUsage(cert);
  return isCa(cert) && (!usage || usage.has('keyCertSign'));
}

/** The chain is leaf first, root last. */
export async function buildChain(leaf: pkijs.Certificate, extra: pkijs.Certificate[], anchors: TrustAnchors): Promise<ChainResult> {
  const chain = [leaf];
  const pool = [...anchors.intermediates, ...extra];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (anchors.roots.some((r) => sameCertificate(r, current))) return { ok: true, chain };
    const root = await findAsync(anchors.roots, (r) => signedBy(current, r));
    if (root) {
      if (!usableAsCa(root)) return { ok: false, code: 'UNTRUSTED_CHAIN', message: 'the trust anchor is not a CA certificate', chain };
      chain.push(root);
      return { ok: true, chain };
    }
    if (isSelfIssued(current)) {
      return { ok: false, code: 'UNTRUSTED_CHAIN', message: 'the chain ends at a root that is not a trust anchor', chain };
    }
    const next = await findAsync(pool, (c) => !chain.some((x) => sameCertificate(x, c)) && !isSelfIssued(c) ? signedBy(current, c) : Promise.resolve(false))
      ?? await findAsync(pool, (c) => isSelfIssued(c) && !chain.some((x) => sameCertificate(x, c)) ? signedBy(current, c) : Promise.resolve(false));
    if (!next) {
      const namedButNotSigning = pool.some((c) => sameBytes(nameDer(c.subject), nameDer(current.issuer)));
      return namedButNotSigning
        ? { ok: false, code: 'UNTRUSTED_CHAIN', message: 'a certificate in the chain is not signed by its named issuer', chain }
        : { ok: false, code: 'CHAIN_INCOMPLETE', message: 'the issuer of a certificate in the chain is neither in the signature nor among the trust anchors', chain };
    }
    if (!usableAsCa(next)) return { ok: false, code: 'UNTRUSTED_CHAIN', message: 'an issuer in the chain is not a CA certificate', chain };
    chain.push(next);
    current = next;
  }
  return { ok: false, code: 'UNTRUSTED_CHAIN', message: 'the chain is too long', chain };
}

async function findAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<T | undefined> {
  for (const item of items) if (await test(item)) return item;
  return undefined;
}
