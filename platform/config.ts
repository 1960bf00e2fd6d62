// Configuration of every process (API, worker, start-up), read once from the environment and
// validated with zod. Every external part has an "embedded default": when its variable is unset,
// `npm start` runs a local instance or stand-in instead. A wrong value stops start-up with a
// message naming the variable.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.includes(new URL(v).protocol), { message: `must use ${protocols.join(' or ')}` });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('data'),
  TOOLS_DIR: z.string().min(1).default('.tools'),

  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** Processes of the stand-alone API (`npm run api`) sharing PORT, e.g. one per core (default 1). */
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),

  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  EMBEDDED_PG_PORT: port.default(54329),

  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('erdr'),
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /**
   * CPU priority of the stand-alone worker process (nice, 0–19; default 0). Where the worker
   * shares cores with the API, a higher value lets citizens' requests be answered first during a
   * burst, while the queue holds the background work until the worker gets to it.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
  /**
   * Size of the worker's sticky cache: workflows kept in memory between their tasks (default 1000).
   * The worker's memory is bounded by it, not by the number of open cases: an evicted case is
   * replayed from its history on its next task. Sized from `npm run bench:cases` (README).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(250),
  /**
   * Whether the stand-alone worker also runs the report starter (default `on`); `off` where the
   * starter runs as its own process (`npm run report-starter`).
   */
  REPORT_STARTER: z.enum(['on', 'off']).default('on'),

  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('ERDR Public Sector <noreply@qamqor.local>'),
  SMS_GATEWAY_URL: url(['http:', 'https:']).optional(),
  INDIVIDUALS_DB_URL: url(['http:', 'https:']).optional(),
  COURTS_URL: url(['http:', 'https:']).optional(),
  EDS_TRUST_ANCHORS: z.string().min(1).optional(),
  /** Port of the development PKI's CRL/OCSP stand-in (used when EDS_TRUST_ANCHORS is unset). */
  EMBEDDED_PKI_PORT: port.default(3104),
  /** Login challenges one address may ask for per minute (429 with Retry-After beyond). */
  RATE_LIMIT_CHALLENGES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Reports, uploaded files and other submissions one person may make per minute. */
  RATE_LIMIT_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** How long a login session lives, and a login challenge may be answered. */
  SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(480),
  CHALLENGE_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),

  /** Where attachment bytes are kept: `file:///path`, a plain path, or `s3://key:secret@host/bucket`; default `<DATA_DIR>/files`. */
  FILE_STORE_URL: z.string().min(1).optional(),
  /** A Gotenberg service for DOCX → PDF conversion, used when LibreOffice is not installed. */
  GOTENBERG_URL: url(['http:', 'https:']).optional(),

  /** Payload codec keys: `id:base64(32 bytes)` separated by commas; the first one encrypts. */
  CODEC_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, 'must be id:base64key[,id:base64key…]')
    .optional(),
  /** Bearer token that lets the Temporal Web UI call the codec endpoint (a session token also works). */
  CODEC_ACCESS_TOKEN: z.string().min(16).optional(),
  /** Origin of the Temporal Web UI allowed to call the codec endpoint (CORS). */
  CODEC_CORS_ORIGIN: z.string().min(1).optional(),
  /**
   * Secret of the keyed pseudonyms (HMAC-SHA256) that stand for officials' IINs in the search
   * attributes `Official` and `Prosecutor`; default: derived from the codec keys. Keep it once set:
   * a new one gives every official a new pseudonym.
   */
  SEARCH_PSEUDONYM_KEY: z.string().min(32, 'at least 32 characters, e.g. $(openssl rand -base64 32)').optional(),

  /**
   * The audit log's checkpoint key, a golang.org/x/mod/sumdb/note signer key
   * (`PRIVATE+KEY+<name>+<hash>+<key>`, Ed25519); default: derived from the codec keys under the
   * name AUDIT_LOG_ORIGIN. Its verifier key is what auditors keep.
   */
  AUDIT_LOG_SIGNER_KEY: z
    .string()
    .regex(/^PRIVATE\+KEY\+[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/, 'must be a note signer key PRIVATE+KEY+<name>+<hash>+<key>')
    .optional(),
  /** The origin line of the audit log's checkpoints (C2SP tlog-checkpoint), the log's name; default: the key's name, else `erdr.local/audit-log`. */
  AUDIT_LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'no spaces or +')
    .optional(),
  /** A served checkpoint is at most this old while the log grows (and one is signed this often). */
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
});

export type Config = z.infer<typeof schema> & {
  dataDir: string;
  toolsDir: string;
};

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment; empty strings count as unset so `VAR=` falls back to the default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  }
  const root = path.resolve(__dirname, '..');
  return {
    ...parsed.data,
    dataDir: path.resolve(root, parsed.data.DATA_DIR),
    toolsDir: path.resolve(root, parsed.data.TOOLS_DIR),
  };
}

/** For entry points: a wrong configuration prints which variables are wrong and exits. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
