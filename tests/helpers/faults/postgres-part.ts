// PostgreSQL as a part of a fault run, and the suite's own questions to it.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../platform/db/embedded-postgres';
import { belongsTo, descendantsOf, sleep, track, waitGone, type Part } from './processes';

/** PostgreSQL: the postmaster of the embedded-postgres package, killed by the pid in postmaster.pid. */
export class PostgresPart implements Part {
  readonly name = 'postgres';
  server?: EmbeddedPostgres;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  pid(): number | undefined {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 && belongsTo(pid, this.dataDir) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    // A restart right after the kill may still find the old server's shared memory in use (by a
    // backend that has not yet noticed): try again a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        this.server = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: 'erdr' });
        track(this.pid(), this.dataDir);
        return;
      } catch (e) {
        if (attempt >= 5) throw e;
        await sleep(500 * attempt);
      }
    }
  }

  async kill(): Promise<void> {
    const pid = this.pid();
    if (!pid) return;
    const children = descendantsOf(pid);
    process.kill(pid, 'SIGKILL');
    // The backends and auxiliary processes notice that the postmaster is gone and end themselves;
    // a new postmaster may start only once they have let go of the shared memory.
    const left = await waitGone([pid, ...children], 30_000);
    if (left.length) throw new Error(`PostgreSQL processes ${left.join(', ')} outlived their postmaster`);
  }

  get url(): string {
    return `postgresql://postgres:postgres@127.0.0.1:${this.port}/erdr`;
  }
}

/** One short-lived connection per question, so that the suite's own checks survive a PostgreSQL kill. */
export async function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
