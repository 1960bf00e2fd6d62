// The signature service every part of the back office uses: verification against the configured
// trust anchors with revocation (OCSP, then CRL, cached until nextUpdate), and an audit record of
// every verification — who, what (SHA-256 of the content), when, and the verdict.
import type { PrismaClient } from '../prisma/generated/client';
import { MemoryRevocationCache, httpFetcher, type RevocationFetcher, type RevocationPolicy } from './revocation';
import { loadTrustAnchors, type TrustAnchors } from './trust';
import type { Verdict } from './verdict';
import { verifySignature, type VerifyInput } from './verify';

export interface SignatureService {
  /** Verifies and journals the verdict. Throws RevocationUnavailableError (retryable) when revocation cannot be checked. */
  verify(input: VerifyInput, actor?: { iin?: string }): Promise<Verdict>;
}

export async function createSignatureService(opts: {
  trustAnchorsDir: string;
  prisma: PrismaClient;
  fetcher?: RevocationFetcher;
  revocation?: RevocationPolicy;
}): Promise<SignatureService> {
  const trustAnchors: TrustAnchors = await loadTrustAnchors(opts.trustAnchorsDir);
  const deps = { trustAnchors, fetcher: opts.fetcher ?? httpFetcher(), cache: new MemoryRevocationCache(), revocation: opts.revocation };
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
