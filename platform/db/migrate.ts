// Applies the migrations in prisma/migrations, exactly as `prisma migrate deploy` does (it runs
// that command, with the schema engine of scripts/prisma-schema-engine, so no native engine is
// downloaded), and reports how far a database is, cheaply, for the readiness probe.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { logger } from '../logger';

const root = path.resolve(__dirname, '..', '..');
export const migrationsDir = path.join(root, 'prisma', 'migrations');
const prismaCli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const schemaEngine = path.join(root, 'scripts', 'prisma-schema-engine');

export interface MigrationStatus {
  /** Migrations recorded as successfully applied (in order of application). */
  applied: string[];
  /** Migrations of the folder not applied yet. */
  pending: string[];
  /** True when nothing is pending and no migration is left failed. */
  current: boolean;
}

/** Migration names in the folder, in the order Prisma applies them (by name). */
export function migrationNames(dir: string = migrationsDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

function schemaOf(databaseUrl: string): string {
  return new URL(databaseUrl).searchParams.get('schema') ?? 'public';
}

/** Reads `_prisma_migrations` and compares it with the folder. One connection, two queries. */
export async function migrationStatus(databaseUrl: string): Promise<MigrationStatus> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const table = `"${schemaOf(databaseUrl).replace(/"/g, '""')}"."_prisma_migrations"`;
    const { rows: exists } = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    let applied: string[] = [];
    let failed = 0;
    if (exists[0].present) {
      const { rows } = await client.query<{ migration_name: string; finished_at: Date | null }>(
        `SELECT migration_name, finished_at FROM ${table} WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
      );
      applied = rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name);
      failed = rows.filter((r) => r.finished_at === null).length;
    }
    const done = new Set(applied);
    const pending = migrationNames().filter((name) => !done.has(name));
    return { applied, pending, current: pending.length === 0 && failed === 0 };
  } finally {
    await client.end();
  }
}

/** Equivalent of `prisma migrate deploy`; returns the names of the migrations it applied. */
export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  const before = await migrationStatus(databaseUrl);
  if (before.current) return { applied: [] };

  const log = logger.child({ component: 'migrate' });
  log.info({ pending: before.pending }, 'applying database migrations');
  await runPrisma(['migrate', 'deploy'], databaseUrl);

  const after = await migrationStatus(databaseUrl);
  const already = new Set(before.applied);
  const applied = after.applied.filter((name) => !already.has(name));
  if (!after.current) {
    throw new Error(`database migrations incomplete; pending: ${after.pending.join(', ') || 'none'} (a failed migration must be resolved)`);
  }
  log.info({ applied }, 'database migrations applied');
  return { applied };
}

/**
 * Runs the Prisma CLI of this project against `databaseUrl` (in `cwd`, where prisma.config.ts is
 * looked for); resolves with its output, rejects with it on failure.
 */
export function runPrisma(args: string[], databaseUrl: string, options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: options.cwd ?? root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || schemaEngine,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        // Never prompt: this runs unattended.
        CI: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      // The URL may carry a password; keep it out of error messages and logs.
      const text = output.split(databaseUrl).join('<DATABASE_URL>');
      if (code === 0) resolve(text);
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${text}`));
    });
  });
}
