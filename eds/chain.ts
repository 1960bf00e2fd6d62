// Certification path building: from the signer's certificate up to a trusted root, using the
// certificates carried in the CMS and the intermediates among the trust anchors.
import * as pkijs from 'pkijs';
import { authorityKeyId, fingerprint, isCa, isSelfIssued, keyUsage, sameCertificate, subjectKeyId } from './certificate';
import { nameDer, sameBytes } from './der';
import { cryptoEngine } from './engine';
import { TrustAnchors } from './trust';
import { BoundedMap } from './bounded-map';

export type ChainResult =
  { ok: true; chain: pkijs.Certificate[] } | { ok: false; code: 'UNTRUSTED_CHAIN' | 'CHAIN_INCOMPLETE'; message: string; chain: pkijs.Certificate[] };

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

// Paths found before, per set of trust anchors, by the leaf certificate's bytes. A person's
// certificate comes back with every report and upload they sign, and its path to the root does
// not change; checking the issuers' signatures again costs a public-key operation per link.
// Validity and revocation are still checked on every verification, by the caller.
const foundPaths = new WeakMap<TrustAnchors, BoundedMap<string, pkijs.Certificate[]>>();
const MAX_REMEMBERED_PATHS = 10_000;

/** The chain is leaf first, root last. */
export async function buildChain(leaf: pkijs.Certificate, extra: pkijs.Certificate[], anchors: TrustAnchors): Promise<ChainResult> {
  let paths = foundPaths.get(anchors);
  if (!paths) foundPaths.set(anchors, (paths = new BoundedMap(MAX_REMEMBERED_PATHS)));
  const known = paths.get(fingerprint(leaf));
  // Only a path whose issuers are still at hand: among the anchors or carried by this signature.
  const atHand = (c: pkijs.Certificate) =>
    anchors.roots.includes(c) || anchors.intermediates.includes(c) || extra.some((e) => fingerprint(e) === fingerprint(c));
  if (known && known.slice(1).every(atHand)) return { ok: true, chain: [leaf, ...known.slice(1)] };
  const result = await findPath(leaf, extra, anchors);
  if (result.ok) paths.set(fingerprint(leaf), result.chain);
  return result;
}

async function findPath(leaf: pkijs.Certificate, extra: pkijs.Certificate[], anchors: TrustAnchors): Promise<ChainResult> {
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
    const next =
      (await findAsync(pool, (c) => (!chain.some((x) => sameCertificate(x, c)) && !isSelfIssued(c) ? signedBy(current, c) : Promise.resolve(false)))) ??
      (await findAsync(pool, (c) => (isSelfIssued(c) && !chain.some((x) => sameCertificate(x, c)) ? signedBy(current, c) : Promise.resolve(false))));
    if (!next) {
      const namedButNotSigning = pool.some((c) => sameBytes(nameDer(c.subject), nameDer(current.issuer)));
      return namedButNotSigning
        ? { ok: false, code: 'UNTRUSTED_CHAIN', message: 'a certificate in the chain is not signed by its named issuer', chain }
        : {
            ok: false,
            code: 'CHAIN_INCOMPLETE',
            message: 'the issuer of a certificate in the chain is neither in the signature nor among the trust anchors',
            chain,
          };
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
