// How the parts are wired, shared by `npm start` (everything in one process) and the stand-alone
// API and worker processes of the production topology, so all three behave the same. Like all of
// app/, it may import every layer; nothing below imports it (README "Layers and code checks").
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import type { Adapters } from '../adapters';
import { createActivities } from '../activities';
import { createCaseSearchActivities } from '../activities/ecase';
import { createApp } from '../api/app';
import { dictionariesRouter } from '../api/dictionaries';
import { authenticate, authRouter, userForToken } from '../api/auth';
import { accountApplicationsRouter } from '../api/account-application';
import { notificationsRouter } from '../api/notifications';
import { filesRouter } from '../api/files';
import { reportsRouter } from '../api/report';
import { casesRouter } from '../api/ecase';
import { petitionRouter } from '../api/petition';
import { complaintRouter } from '../api/complaint';
import { archiveCertificateRouter } from '../api/archive-certificate';
import { offenceInformationRouter } from '../api/offence-information';
import { deadlineStatisticsRouter } from '../api/deadline-statistics';
import { HttpIndividualsRegistry, type IndividualsRegistry } from '../adapters/individuals';
import { translationRouter } from '../api/translation';
import { auditLogRouter } from '../api/audit-log';
import { officialQueryRouter } from '../api/official-query';
import { queryReviewRouter } from '../api/query-review';
import { incidentRouter } from '../api/incident';
import { legalityCheckRouter } from '../api/legality-check';
import { decisionsRouter } from '../api/decisions';
import { profileGate, profileRouter } from '../api/profile';
import { accountRouter, agreementGate, recordOfficialLogin } from '../api/account';
import { createFileStore, type FileStore } from '../documents/store';
import type { JournallingSignatureService, SignatureService } from '../eds/service';
import type { Role } from '../domain/roles';
import type { Config } from '../platform/config';
import { EncryptionCodec, type CodecKey } from '../platform/codec';
import { searchPseudonymFor, searchPseudonymKey, type SearchPseudonym } from '../platform/search-pseudonyms';
import { createPrisma } from '../platform/db/client';
import { migrateDatabase } from '../platform/db/migrate';
import { auditLogSigner, createAuditLog, type MerkleAuditLog } from '../platform/audit';
import { readinessChecks } from '../platform/readiness';
import type { PrismaClient } from '../prisma/generated/client';

export interface Database {
  prisma: PrismaClient;
  audit: MerkleAuditLog;
  url: string;
}

/** Applies pending migrations, then opens the client. */
export async function openDatabase(url: string): Promise<Database & { applied: string[] }> {
  const { applied } = await migrateDatabase(url);
  const prisma = createPrisma(url);
  const audit = createAuditLog(prisma);
  // The rows of the old audit chain join the Merkle log before anything new is appended to it.
  await audit.catchUp();
  return { prisma, audit, url, applied };
}

/** The attachment store named by FILE_STORE_URL, by default the folder `files` in DATA_DIR. */
export function openFileStore(config: Config): FileStore {
  return createFileStore(config.FILE_STORE_URL ?? pathToFileURL(path.join(config.dataDir, 'files')).href, path.resolve(__dirname, '..'));
}

/** The pseudonym function of the search attributes Official and Prosecutor (platform/search-pseudonyms.ts). */
export function searchPseudonymOf(config: Config, keys: readonly CodecKey[]): SearchPseudonym {
  return searchPseudonymFor(searchPseudonymKey({ configured: config.SEARCH_PSEUDONYM_KEY, codecKeys: keys }));
}

/**
 * The worker's activities. `searchPseudonym` must be the API's (searchPseudonymOf with the same
 * configuration and codec keys): the worker publishes the pseudonyms the API queries by.
 */
export function workerActivities(deps: { db: Database; adapters: Adapters; files: FileStore; signatures: SignatureService; searchPseudonym: SearchPseudonym }) {
  return {
    ...createActivities({ prisma: deps.db.prisma, audit: deps.db.audit, adapters: deps.adapters, files: deps.files, signatures: deps.signatures }),
    ...createCaseSearchActivities({ pseudonym: deps.searchPseudonym }),
  };
}

export interface AppWiring {
  config: Config;
  db: Database;
  client: Client;
  keys: CodecKey[];
  codecToken: string;
  signatures: JournallingSignatureService;
  /** The worker's pseudonym function (searchPseudonymOf): "my cases" queries by what the worker publishes. */
  searchPseudonym: SearchPseudonym;
  /** Where uploaded attachments and their PDF conversions are kept. */
  files: FileStore;
  links?: Record<string, string>;
  /** The State Database of Individuals for the State Corporation channel (default: INDIVIDUALS_DB_URL, when set). */
  individuals?: IndividualsRegistry;
}

/** Who may read decrypted workflow histories through the codec endpoint. */
const HISTORY_READERS: Role[] = ['head', 'prosecutor', 'operator'];

export function buildApp(opts: AppWiring) {
  const { config, db, client } = opts;
  return createApp({
    checks: readinessChecks({
      prisma: db.prisma,
      databaseUrl: db.url,
      temporal: client,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    }),
    codec: {
      codec: new EncryptionCodec(opts.keys),
      corsOrigins: config.CODEC_CORS_ORIGIN
        ? [config.CODEC_CORS_ORIGIN]
        : [`http://127.0.0.1:${config.TEMPORAL_UI_PORT}`, `http://localhost:${config.TEMPORAL_UI_PORT}`],
      authorise: async (token) => {
        if (token === opts.codecToken) return true;
        const user = await userForToken(db.prisma, token);
        return !!user && user.roles.some((r) => HISTORY_READERS.includes(r));
      },
    },
    // 000 §6: a citizen who has not saved the profile's mandatory fields is asked for them first.
    // 002 p.17, p.19: an official who has not signed the user agreement is asked to sign it first.
    middleware: [authenticate(db.prisma), profileGate, agreementGate],
    routers: [
      authRouter({
        prisma: db.prisma,
        signatures: opts.signatures,
        sessionTtlMinutes: config.SESSION_TTL_MINUTES,
        challengeTtlSeconds: config.CHALLENGE_TTL_SECONDS,
        onLogin: recordOfficialLogin({ client, taskQueue: config.TEMPORAL_TASK_QUEUE, pseudonym: opts.searchPseudonym }),
      }),
      dictionariesRouter(),
      accountApplicationsRouter({ client, taskQueue: config.TEMPORAL_TASK_QUEUE, prisma: db.prisma, signatures: opts.signatures }),
      notificationsRouter(db.prisma),
      filesRouter({ prisma: db.prisma, signatures: opts.signatures, files: opts.files }),
      reportsRouter({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, signatures: opts.signatures, files: opts.files }),
      casesRouter({ prisma: db.prisma, client, searchPseudonym: opts.searchPseudonym, files: opts.files }),
      petitionRouter({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, signatures: opts.signatures, files: opts.files }),
      complaintRouter({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, signatures: opts.signatures, files: opts.files }),
      archiveCertificateRouter({
        prisma: db.prisma,
        client,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        signatures: opts.signatures,
        files: opts.files,
        individuals: opts.individuals ?? (config.INDIVIDUALS_DB_URL ? new HttpIndividualsRegistry({ url: config.INDIVIDUALS_DB_URL }) : undefined),
      }),
      offenceInformationRouter({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, signatures: opts.signatures, files: opts.files }),
      deadlineStatisticsRouter({ prisma: db.prisma }),
      translationRouter({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE, signatures: opts.signatures, files: opts.files }),
      auditLogRouter({
        audit: db.audit,
        ...auditLogSigner({ configured: config.AUDIT_LOG_SIGNER_KEY, origin: config.AUDIT_LOG_ORIGIN, codecKeys: opts.keys }),
        checkpointSeconds: config.AUDIT_CHECKPOINT_SECONDS,
      }),
      officialQueryRouter({ prisma: db.prisma, audit: db.audit }),
      queryReviewRouter({ client }),
      incidentRouter({ prisma: db.prisma, audit: db.audit }),
      legalityCheckRouter({ client, prisma: db.prisma, audit: db.audit, files: opts.files, taskQueue: config.TEMPORAL_TASK_QUEUE }),
      decisionsRouter({ prisma: db.prisma, client, audit: db.audit, files: opts.files }),
      profileRouter({ prisma: db.prisma, client, taskQueue: config.TEMPORAL_TASK_QUEUE }),
      accountRouter({
        prisma: db.prisma,
        client,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        signatures: opts.signatures,
        audit: db.audit,
        pseudonym: opts.searchPseudonym,
      }),
    ],
    links: opts.links,
    limits: { challengesPerMinute: config.RATE_LIMIT_CHALLENGES_PER_MINUTE, submissionsPerMinute: config.RATE_LIMIT_SUBMISSIONS_PER_MINUTE },
  });
}
