// Append throughput of the audit log (platform/audit.ts: batched leaves and tree hashes, one
// transaction and one advisory lock per batch) against a plain INSERT of the same rows into a
// table of the same shape (one autocommitted statement per row, no tree), both from the same
// number of concurrent writers over the same connection pool, on a throw-away embedded PostgreSQL.
//   npm run bench:audit -- [--entries 20000] [--concurrency 200] [--rounds 3]
// Prints progress to stderr and one JSON line to stdout: rates, the ratio plain ÷ log, latencies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditLog, encodeEntry, verifyAuditChain } from '../platform/audit';
import { createPrisma, poolOf } from '../platform/db/client';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres';
import { migrateDatabase } from '../platform/db/migrate';
import { freePort } from '../platform/net';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const say = (m: string) => process.stderr.write(`${m}\n`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Runs `total` operations with `concurrency` in flight; returns per-second rate and latencies. */
async function drive(total: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = new Array(total);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await op(i);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: Math.round(total / seconds), p50Ms: +percentile(latencies, 50).toFixed(2), p99Ms: +percentile(latencies, 99).toFixed(2) };
}

async function main() {
  const entries = option('entries', 20_000);
  const concurrency = option('concurrency', 200);
  const rounds = option('rounds', 3);
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erdr-bench-audit-'));
  fs.chmodSync(dataDir, 0o755);
  say('starting PostgreSQL and migrating…');
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), database: 'bench' });
  const prisma = createPrisma(pg.url);
  try {
    await migrateDatabase(pg.url);
    const pool = poolOf(prisma)!;
    await pool.query('CREATE TABLE bench_plain_insert (LIKE audit_event INCLUDING ALL)');
    const log = createAuditLog(prisma);
    await log.catchUp();

    const row = (round: number, i: number) => ({
      actor: `9001013${String(i % 100_000).padStart(5, '0')}`,
      action: 'official-query.performed',
      subject: `bench-${round}-${i}`,
      detail: { basis: 'CRIM', erdrNumber: '261711303100001', service: 'individuals', results: i % 17 },
    });

    const results: Array<{ log: Awaited<ReturnType<typeof drive>>; plain: Awaited<ReturnType<typeof drive>> }> = [];
    for (let round = 0; round < rounds; round++) {
      say(`round ${round + 1}/${rounds}: ${entries} appends to the log, ${concurrency} writers…`);
      const logRun = await drive(entries, concurrency, (i) => log.append(row(round, i)));
      say(`  log: ${logRun.perSecond}/s`);
      say(`round ${round + 1}/${rounds}: ${entries} plain INSERTs of the same rows…`);
      let leaf = round * entries;
      const plainRun = await drive(entries, concurrency, (i) => {
        const r = row(round, i);
        const at = new Date();
        return pool.query('INSERT INTO bench_plain_insert (at, actor, action, subject, detail, leaf_index, entry) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          at,
          r.actor,
          r.action,
          r.subject,
          JSON.stringify(r.detail),
          String(leaf++),
          encodeEntry({ at, ...r }),
        ]);
      });
      say(`  plain INSERT: ${plainRun.perSecond}/s`);
      results.push({ log: logRun, plain: plainRun });
    }
    const { rows } = await pool.query<{ batches: number }>('SELECT count(DISTINCT xmin::text)::int AS batches FROM audit_event');
    const intact = (await verifyAuditChain(prisma)) === null;
    await log.close();

    // The last round: both warm.
    const last = results[results.length - 1];
    console.log(
      JSON.stringify({
        bench: 'audit',
        entries,
        concurrency,
        rounds,
        logAppendsPerSecond: last.log.perSecond,
        plainInsertsPerSecond: last.plain.perSecond,
        ratioPlainToLog: +(last.plain.perSecond / last.log.perSecond).toFixed(2),
        logP50Ms: last.log.p50Ms,
        logP99Ms: last.log.p99Ms,
        plainP50Ms: last.plain.p50Ms,
        plainP99Ms: last.plain.p99Ms,
        meanBatch: Math.round((entries * rounds) / rows[0].batches),
        allRounds: results.map((r) => ({ log: r.log.perSecond, plain: r.plain.perSecond })),
        treeIntact: intact,
      }),
    );
  } finally {
    await prisma.$disconnect();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
