// The signature service every part of the back office uses: verification against the configured
// trust anchors with revocation (OCSP, then CRL; answers kept until their nextUpdate, OCSP answers
// without one for a few minutes), and an audit record of every verification — who, what (SHA-256
// of the content), when, and the verdict.
import type { PrismaClient } from '../prisma/generated/client';
import { MemoryRevocationCache, httpFetcher, type RevocationFetcher, type RevocationPolicy } from './revocation';
import { loadTrustAnchors, type TrustAnchors } from './trust';
import type { Verdict } from './verdict';
import { verifySignature, type VerifyDeps, type VerifyInput } from './verify';

export interface SignatureService {
  /** Verifies and journals the verdict. Throws RevocationUnavailableError (retryable) when revocation cannot be checked. */
  verify(input: VerifyInput, actor?: { iin?: string }): Promise<Verdict>;
}

export async function createSignatureService(opts: {
  trustAnchorsDir: string;
  prisma: PrismaClient;
  fetcher?: RevocationFetcher;
  revocation?: RevocationPolicy;
  /** How long an OCSP answer that names no nextUpdate is reused, in milliseconds (default 5 minutes). */
  ocspCacheMs?: number;
}): Promise<SignatureService> {
  const trustAnchors: TrustAnchors = await loadTrustAnchors(opts.trustAnchorsDir);
  const deps: VerifyDeps = {
    trustAnchors,
    fetcher: opts.fetcher ?? httpFetcher(),
    cache: new MemoryRevocationCache(),
    revocation: opts.revocation,
    ocspCacheMs: opts.ocspCacheMs,
  };
  return {
    async verify(input, actor) {
      const verdict = await verifySignature(input, deps);
      await opts.prisma.signatureCheck.create({
        data: {
          actorIin: actor?.iin ?? verdict.signers[0]?.identity?.iin ?? null,
          purpose: input.purpose,
          contentSha256: verdict.contentSha256 ?? '',
          valid: verdict.valid,
          verdict: JSON.parse(JSON.stringify(verdict)),
        },
      });
      return verdict;
    },
  };
}
