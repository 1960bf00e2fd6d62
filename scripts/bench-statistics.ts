// Deadline statistics at scale: `npm run bench:statistics [-- --records 1000000 --runs 5]`.
// Starts a scratch embedded PostgreSQL (temporary folder, free port), applies the migrations,
// loads the deadline records table with generated records — every rule of the policy, 300 bodies
// plus the central services, a year of clocks, outcomes mixed as in life (most met, some late,
// a few breached or open) — then times the statistics queries the supervisors' page makes (the
// same SQL as GET /api/v1/statistics/deadlines) and prints one JSON line: load time, table size,
// and per query the median and worst of its runs in milliseconds, with the plan's top node.
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../tests/helpers/postgres';
import { openDatabase } from '../app/system';
import { computeDeadlineStatistics } from '../api/deadline-statistics';
import { CENTRAL_BODY } from '../domain/deadline-statistics';
import { DAY, DEADLINE_RULES, type DeadlineRuleId } from '../domain/deadlines';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  const records = arg('records', 1_000_000);
  const runs = arg('runs', 5);
  const server = await startTestServer('bench');
  try {
    const db = await openDatabase(server.url);
    const rules = Object.keys(DEADLINE_RULES) as DeadlineRuleId[];
    const limits = rules.map((r) => DEADLINE_RULES[r].limitMs);
    const yearStart = Date.parse('2026-01-01T00:00:00Z');

    // Generated in the server: one INSERT … SELECT over generate_series, deterministic per row.
    const t0 = performance.now();
    await server.query(
      'bench',
      `
      WITH g AS (
        SELECT i,
               (ARRAY[${rules.map((r) => `'${r}'`).join(',')}])[(1 + i % ${rules.length})::int] AS rule,
               (ARRAY[${limits.join(',')}]::bigint[])[(1 + i % ${rules.length})::int] AS limit_ms,
               CASE WHEN i % 301 = 0 THEN '' ELSE (710000 + ((i * 7919) % 1000003) % 300)::text END AS body_code,
               to_timestamp(${yearStart / 1000} + ((i * 2654435761) % ${365 * 86400})) AS started_at,
               (i * 48271) % 100 AS fate
        FROM generate_series(1::bigint, ${records}::bigint) AS i
      )
      INSERT INTO deadline_record (workflow_id, key, rule, body_code, workflow_type, state, started_at, due_at, breached_at, completed_at)
      SELECT 'bench-' || i, rule, rule, body_code, 'bench',
             CASE WHEN fate < 80 THEN 'met' WHEN fate < 92 THEN 'late' WHEN fate < 96 THEN 'breached' WHEN fate < 99 THEN 'pending' ELSE 'cancelled' END,
             started_at,
             started_at + limit_ms * interval '1 millisecond',
             CASE WHEN fate >= 80 AND fate < 96 THEN started_at + limit_ms * interval '1 millisecond' END,
             CASE WHEN fate < 80 THEN started_at + (limit_ms * (0.05 + (i % 90) / 100.0)) * interval '1 millisecond'
                  WHEN fate < 92 THEN started_at + (limit_ms * (1.05 + (i % 50) / 100.0)) * interval '1 millisecond' END
      FROM g`,
    );
    // As autovacuum would: the visibility map lets the statistics read the index alone.
    await server.query('bench', 'VACUUM ANALYZE deadline_record');
    const loadMs = performance.now() - t0;
    const [{ size }] = await server.query<{ size: string }>('bench', `SELECT pg_size_pretty(pg_total_relation_size('deadline_record')) AS size`);

    const month = { from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') };
    const year = { from: new Date(yearStart), to: new Date(yearStart + 365 * DAY) };
    const supervisorBodies = ['710000', '710007', '710014', '710021', '710028', CENTRAL_BODY];
    const queries: Record<string, Parameters<typeof computeDeadlineStatistics>[1]> = {
      oneBodyMonth: { ...month, bodies: ['710007'] },
      oneBodyOneRuleYear: { ...year, bodies: ['710007'], rule: 'archive.draft' },
      supervisorMonth: { ...month, bodies: supervisorBodies },
      supervisorYear: { ...year, bodies: supervisorBodies },
      allBodiesMonth: { ...month, bodies: [...Array.from({ length: 300 }, (_, k) => String(710000 + k)), CENTRAL_BODY] },
    };
    const results: Record<string, { medianMs: number; maxMs: number; rows: number; plan: string }> = {};
    for (const [name, q] of Object.entries(queries)) {
      const times: number[] = [];
      let rows = 0;
      await computeDeadlineStatistics(db.prisma, q); // warm the plan and the cache
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        const stats = await computeDeadlineStatistics(db.prisma, q);
        times.push(performance.now() - t);
        rows = stats.rows.reduce((n, x) => n + x.total, 0);
      }
      times.sort((a, b) => a - b);
      const bodies = `ARRAY[${q.bodies.map((b) => `'${b}'`).join(',')}]::text[]`;
      const plan = await server.query<{ 'QUERY PLAN': string }>(
        'bench',
        `EXPLAIN SELECT rule, body_code, count(*) FROM deadline_record WHERE started_at >= '${q.from.toISOString()}' AND started_at < '${q.to.toISOString()}' AND body_code = ANY(${bodies}) ${q.rule ? `AND rule = '${q.rule}'` : ''} GROUP BY GROUPING SETS ((rule, body_code), (rule))`,
      );
      const scan = plan.map((p) => p['QUERY PLAN']).find((l) => /Scan/.test(l)) ?? '';
      results[name] = {
        medianMs: round(times[Math.floor(times.length / 2)]),
        maxMs: round(times[times.length - 1]),
        rows,
        plan: scan.trim().replace(/\s+\(cost.*$/, ''),
      };
    }
    await db.prisma.$disconnect();
    console.log(JSON.stringify({ bench: 'statistics', records, loadMs: round(loadMs), tableSize: size, runs, queries: results }));
  } finally {
    await server.stop();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
