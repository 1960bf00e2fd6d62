// Side effects of administrative-offence information (seed 004, Regulation B): the Committee's
// records of the recipient read (the «Арнайы есепке алу» system), and the certificate made as a
// PDF (kk/ru), signed with the EDS of the provider's authorised person (a detached CMS), kept in
// the file store and recorded with the measured service time. The registration, the second
// signature check and the row are shared with the archive certificate (activities/archive-certificate.ts).
import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/generated/client';
import type { FileStore } from '../documents/store';
import { renderOffenceInformation } from '../documents/state-service-documents';
import { readDevPkiManifest } from '../eds/dev-pki';
import { signCms, signerFromPkcs12, type SignerKey } from '../eds/sign';
import type { OffenceRecordView } from '../domain/offence-information';

/** The key the certificates are signed with (004 B-p.5: the provider's authorised person). */
export interface AuthorisedSigner {
  signer: SignerKey;
  name: string;
}

/**
 * The authorised person's signing key: `AUTHORISED_SIGNER_P12` with `AUTHORISED_SIGNER_PASSWORD`
 * (and `AUTHORISED_SIGNER_NAME`), else the head's signing key of the development PKI (the tests' in
 * TEST_PKI_DIR, `npm start`'s in DATA_DIR/pki-dev), as every development official has one.
 */
export function authorisedSignerFromEnvironment(env: NodeJS.ProcessEnv = process.env): () => Promise<AuthorisedSigner> {
  let loaded: Promise<AuthorisedSigner> | undefined;
  const load = async (): Promise<AuthorisedSigner> => {
    if (env.AUTHORISED_SIGNER_P12) {
      const signer = await signerFromPkcs12(new Uint8Array(fs.readFileSync(env.AUTHORISED_SIGNER_P12)), env.AUTHORISED_SIGNER_PASSWORD ?? '');
      return { signer, name: env.AUTHORISED_SIGNER_NAME ?? 'Authorised person' };
    }
    const manifest = await readDevPkiManifest(env.TEST_PKI_DIR ?? path.join(env.DATA_DIR ?? 'data', 'pki-dev'));
    const head = manifest.people.find((p) => p.role === 'head');
    if (!head) throw new Error('the development PKI has no head to sign with');
    const signer = await signerFromPkcs12(new Uint8Array(fs.readFileSync(head.sign.p12)), head.sign.password);
    return { signer, name: `${head.surname} ${head.givenName} ${head.patronymic}` };
  };
  return () => {
    loaded ??= load().catch((e) => {
      loaded = undefined;
      throw e;
    });
    return loaded;
  };
}

export interface OffenceInformationActivities {
  /** B-p.5 condition 4: the recipient's records in the Committee's system. */
  findAdministrativeOffences(input: { iin: string }): Promise<OffenceRecordView[]>;
  /** The certificate: rendered, signed, stored; the row records it with the service time. */
  makeOffenceInformation(input: {
    requestId: string;
    recipient: { iin: string; name: string };
    language: 'kk' | 'ru';
    offences: OffenceRecordView[];
    issuedAt: string;
  }): Promise<{ sha256: string; signedBy: string }>;
}

export function createOffenceInformationActivities(deps: {
  prisma: PrismaClient;
  files: FileStore;
  authorisedSigner?: () => Promise<AuthorisedSigner>;
}): OffenceInformationActivities {
  const { prisma } = deps;
  const signerOf = deps.authorisedSigner ?? authorisedSignerFromEnvironment();
  return {
    async findAdministrativeOffences({ iin }) {
      const rows = await prisma.administrativeOffence.findMany({ where: { iin }, orderBy: { decidedAt: 'desc' }, take: 200 });
      return rows.map((r) => ({ article: r.article, decidedAt: r.decidedAt.toISOString().slice(0, 10), bodyName: r.bodyName, penalty: r.penalty }));
    },

    async makeOffenceInformation({ requestId, recipient, language, offences, issuedAt }) {
      let authorised: AuthorisedSigner;
      try {
        authorised = await signerOf();
      } catch (e) {
        // Without the key nothing can be issued; retrying will not make one appear.
        throw ApplicationFailure.nonRetryable(`the authorised person's key is not available: ${(e as Error).message}`, 'SIGNER_UNAVAILABLE');
      }
      const pdf = await renderOffenceInformation({ requestId, language, recipient, offences, authorisedPerson: { name: authorised.name }, issuedAt });
      const signature = await signCms(new Uint8Array(pdf), authorised.signer, { attached: false, signingTime: new Date(issuedAt) });
      const stored = await deps.files.put(pdf);
      await prisma.stateServiceRequest.update({
        where: { id: requestId },
        data: { resultSha256: stored.sha256, resultSignature: new Uint8Array(signature) },
      });
      return { sha256: stored.sha256, signedBy: authorised.name };
    },
  };
}
