// The signature service every part of the back office uses: verification against the configured
// trust anchors with revocation (OCSP, then CRL; answers kept until their nextUpdate, OCSP answers
// without one for a few minutes), and an audit record of every verification — who, what (SHA-256
// of the content), when, and the verdict.
import { Prisma, type PrismaClient } from '../prisma/generated/client';
import { MemoryRevocationCache, httpFetcher, type RevocationFetcher, type RevocationPolicy } from './revocation';
import { loadTrustAnchors, type TrustAnchors } from './trust';
import type { Verdict } from './verdict';
import { verifySignature, type VerifyDeps, type VerifyInput } from './verify';

export interface SignatureService {
  /** Verifies and journals the verdict. Throws RevocationUnavailableError (retryable) when revocation cannot be checked. */
  verify(input: VerifyInput, actor?: { iin?: string }): Promise<Verdict>;
}

/** One row of the `signature_check` journal. */
export interface SignatureCheckEntry {
  actorIin: string | null;
  purpose: string;
  contentSha256: string;
  valid: boolean;
  /** The verdict as JSON text (serialised once, stored as jsonb). */
  verdict: string;
}

/** The INSERT of a journal row: run alone by `record`, or as a step of the caller's statement. */
export function signatureCheckInsert(entry: SignatureCheckEntry): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO signature_check (actor_iin, purpose, content_sha256, valid, verdict)
    VALUES (${entry.actorIin}, ${entry.purpose}, ${entry.contentSha256}, ${entry.valid}, ${entry.verdict}::jsonb)`;
}

/**
 * For a caller that writes the journal row in its own statement (the report submission writes it
 * with the report, one round trip instead of two): verifies, and hands back the row to write.
 * `record` writes it alone — on every path where the caller's statement did not.
 */
export interface JournallingSignatureService extends SignatureService {
  verifyUnrecorded(input: VerifyInput, actor?: { iin?: string }): Promise<{ verdict: Verdict; entry: SignatureCheckEntry }>;
  record(entry: SignatureCheckEntry): Promise<void>;
}

export function signatureCheckEntry(verdict: Verdict, purpose: string, actor?: { iin?: string }): SignatureCheckEntry {
  return {
    actorIin: actor?.iin ?? verdict.signers[0]?.identity?.iin ?? null,
    purpose,
    contentSha256: verdict.contentSha256 ?? '',
    valid: verdict.valid,
    verdict: JSON.stringify(verdict),
  };
}

export async function createSignatureService(opts: {
  trustAnchorsDir: string;
  prisma: PrismaClient;
  fetcher?: RevocationFetcher;
  revocation?: RevocationPolicy;
  /** How long an OCSP answer that names no nextUpdate is reused, in milliseconds (default 5 minutes). */
  ocspCacheMs?: number;
}): Promise<JournallingSignatureService> {
  const trustAnchors: TrustAnchors = await loadTrustAnchors(opts.trustAnchorsDir);
  const deps: VerifyDeps = {
    trustAnchors,
    fetcher: opts.fetcher ?? httpFetcher(),
    cache: new MemoryRevocationCache(),
    revocation: opts.revocation,
    ocspCacheMs: opts.ocspCacheMs,
  };
  const record = async (entry: SignatureCheckEntry) => {
    await opts.prisma.$executeRaw`${signatureCheckInsert(entry)}`;
  };
  const verifyUnrecorded = async (input: VerifyInput, actor?: { iin?: string }) => {
    const verdict = await verifySignature(input, deps);
    return { verdict, entry: signatureCheckEntry(verdict, input.purpose, actor) };
  };
  return {
    async verify(input, actor) {
      const { verdict, entry } = await verifyUnrecorded(input, actor);
      await record(entry);
      return verdict;
    },
    verifyUnrecorded,
    record,
  };
}
