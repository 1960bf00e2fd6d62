// Temporal as production runs it: the server binary (go.temporal.io/server) in its own process,
// persisting histories and visibility to PostgreSQL (the `postgres12` plugin), with the
// `default` namespace and our search attributes registered through the API as an operator would.
// Used to run the end-to-end suite against the production server, not only the dev server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import pg from 'pg';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { freePort, freePortBetween } from './net';
import { PartError } from './part-error';
import type { TemporalServerTools } from './tools/temporal-server';

const PART = 'Temporal server';

export interface PostgresForTemporal {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface RunningTemporalServer {
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/** Creates (once) and migrates the two databases, then starts the server and registers what we need. */
export async function startTemporalServer(opts: {
  tools: TemporalServerTools;
  postgres: PostgresForTemporal;
  /** Holds the generated configuration and the server's log. */
  dir: string;
  namespace?: string;
  log?: (line: string) => void;
}): Promise<RunningTemporalServer> {
  const log = opts.log ?? (() => {});
  const namespace = opts.namespace ?? 'default';
  await prepareDatabase(opts.tools, opts.postgres, 'temporal', 'temporal', log);
  await prepareDatabase(opts.tools, opts.postgres, 'temporal_visibility', 'visibility', log);

  const ports = { frontend: await freePort(), frontendHttp: await freePort(), history: await freePort(), matching: await freePort(), worker: await freePort() };
  // Membership ports are stored in a smallint column: below 32768, unlike the kernel's ephemeral ones.
  const member = () => freePortBetween(20_000, 32_000);
  const membership = { frontend: await member(), history: await member(), matching: await member(), worker: await member() };
  fs.mkdirSync(path.join(opts.dir, 'config', 'dynamicconfig'), { recursive: true });
  fs.writeFileSync(
    path.join(opts.dir, 'config', 'production.yaml'),
    serverConfig(opts.postgres, ports, membership, path.join(opts.dir, 'config', 'dynamicconfig', 'production.yaml')),
  );
  fs.writeFileSync(path.join(opts.dir, 'config', 'dynamicconfig', 'production.yaml'), DYNAMIC_CONFIG);

  const address = `127.0.0.1:${ports.frontend}`;
  const logFile = fs.openSync(path.join(opts.dir, 'server.log'), 'a');
  log(`starting the Temporal server ${opts.tools.server} on ${address}`);
  const child = spawn(opts.tools.server, ['--root', opts.dir, '--config', 'config', '--env', 'production', '--allow-no-auth', 'start'], {
    stdio: ['ignore', logFile, logFile],
    detached: true,
  });
  fs.closeSync(logFile);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    await stopChild(child, exited);
    process.off('exit', killOnExit);
  };
  try {
    const connection = await waitForFrontend(address, exited, path.join(opts.dir, 'server.log'));
    try {
      await registerNamespace(connection, namespace);
      await connection.operatorService
        .addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
        })
        .catch((e: { code?: number }) => {
          if (e.code !== 6 /* ALREADY_EXISTS: a restart over the same databases */) throw e;
        });
    } finally {
      await connection.close();
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, namespace, stop };
}

/** `create-database`, `setup-schema -v 0.0` on a fresh one, then every versioned step not yet applied. */
async function prepareDatabase(
  tools: TemporalServerTools,
  db: PostgresForTemporal,
  name: string,
  schema: 'temporal' | 'visibility',
  log: (line: string) => void,
) {
  const admin = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: 'postgres' });
  await admin.connect();
  let fresh: boolean;
  try {
    fresh = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0;
  } finally {
    await admin.end();
  }
  const base = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--pw', db.password, '--db', name];
  const run = (args: string[]) => runTool(tools.sqlTool, [...base, ...args]);
  if (fresh) {
    log(`creating the ${name} database`);
    await run(['create-database']);
    await run(['setup-schema', '-v', '0.0']);
  }
  await run(['update-schema', '-d', path.join(tools.postgresSchemaDir, 'v12', schema, 'versioned')]);
}

function runTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new PartError(
              PART,
              `temporal-sql-tool ${args
                .filter((a) => !a.startsWith('-'))
                .slice(-2)
                .join(' ')} failed (exit ${code}): ${output.slice(-1500)}`,
              'check that the PostgreSQL user may create databases',
            ),
          ),
    );
  });
}

async function waitForFrontend(address: string, exited: Promise<number | null>, logPath: string): Promise<Connection> {
  let died: number | null | undefined;
  void exited.then((code) => (died = code));
  const tail = () => fs.readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n');
  for (const deadline = Date.now() + 90_000; ;) {
    if (died !== undefined) throw new PartError(PART, `the server exited with code ${died} during start-up:\n${tail()}`, 'see its log above');
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch {
      if (Date.now() > deadline) throw new PartError(PART, `the server did not answer on ${address} within 90 s:\n${tail()}`, 'see its log above');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Registers the namespace unless it exists; returns once the frontend serves it. */
async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return;
  } catch (e) {
    if ((e as { code?: number }).code !== 5 /* NOT_FOUND */) throw e;
  }
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') }).catch((e: { code?: number }) => {
    if (e.code !== 6 /* ALREADY_EXISTS */) throw e;
  });
  // Every service learns of a new namespace from its namespace cache (refreshed per the dynamic config below).
  for (const deadline = Date.now() + 30_000; ;) {
    try {
      await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

// A namespace is usable a second after it is registered rather than after the default 10 s.
const DYNAMIC_CONFIG = `system.namespaceCacheRefreshInterval:
  - value: 1s
`;

type Ports = { frontend: number; frontendHttp: number; history: number; matching: number; worker: number };
type MembershipPorts = { frontend: number; history: number; matching: number; worker: number };

/** The server's configuration: both stores on PostgreSQL, every service on loopback. */
function serverConfig(db: PostgresForTemporal, ports: Ports, membership: MembershipPorts, dynamicConfigFile: string): string {
  const store = (database: string, maxConns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${db.host}:${db.port}"
        connectProtocol: "tcp"
        user: "${db.user}"
        password: "${db.password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, member: number, extra = '') => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${member}
      bindOnLocalHost: true${extra}`;
  return `log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${store('temporal', 20)}
    postgres-visibility:
${store('temporal_visibility', 5)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"

services:
  frontend:
${service(ports.frontend, membership.frontend, `\n      httpPort: ${ports.frontendHttp}`)}
  matching:
${service(ports.matching, membership.matching)}
  history:
${service(ports.history, membership.history)}
  worker:
${service(ports.worker, membership.worker)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}
