// A throw-away embedded PostgreSQL for one test file: temporary data directory, free port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../platform/db/embedded-postgres';
import { freePort } from '../../platform/net';
export { freePort };

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // The server runs as the `postgres` user when tests run as root; it must reach its directory.
  fs.chmodSync(dir, 0o755);
  return dir;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** URL of another database on the same server. */
  urlOf(database: string): string;
  query<T extends pg.QueryResultRow = any>(database: string, sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startTestServer(database = 'main'): Promise<TestServer> {
  const root = tempDir('erdr-db-');
  const dataDir = path.join(root, 'pg');
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port, database });
  const urlOf = (db: string) => {
    const u = new URL(server.url);
    u.pathname = '/' + db;
    return u.toString();
  };
  return {
    url: server.url,
    port,
    dataDir,
    urlOf,
    async query(db, sql, params) {
      const client = new pg.Client({ connectionString: urlOf(db) });
      await client.connect();
      try {
        return (await client.query(sql, params as any[])).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
