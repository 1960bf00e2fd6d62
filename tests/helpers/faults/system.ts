// The system of a fault run, as deployed: PostgreSQL, the Temporal dev server, the worker (with
// REPORT_STARTER=off), the report starter and the API, every part its own OS process; how each is
// killed and started again, and what "back" means for the others.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startStandIns, type StandIns } from '../../../standins';
import { formatCodecKeys, type CodecKey } from '../../../platform/codec';
import { connectClient } from '../../../platform/temporal';
import { openDatabase } from '../../../app/system';
import { seedDevOfficials } from '../../../platform/trust';
import { REPORT_ACCEPTED_CHANNEL } from '../../../platform/report-starter';
import { freePort, tempDir } from '../postgres';
import { temporalCliPath } from '../temporal';
import { testPki } from '../pki';
import { PostgresPart, queryOnce } from './postgres-part';
import { belongsTo, descendantsOf, killQuietly, NodePart, processTable, runStopped, sleep, trackRun, until, waitGone } from './processes';
import type { FaultTarget } from './run-options';
import { TemporalPart } from './temporal-part';

export class FaultSystem {
  readonly dir = tempDir('erdr-faults-');
  readonly logsDir = path.join(this.dir, 'logs');
  readonly taskQueue = 'erdr-faults';
  readonly keys: CodecKey[] = [{ id: 'faults', key: randomBytes(32) }];
  postgres!: PostgresPart;
  temporal!: TemporalPart;
  worker!: NodePart;
  starter!: NodePart;
  api!: NodePart;
  apiPort = 0;
  standIns?: StandIns;
  client?: Client;
  /** Problems seen while the parts were handled (a part that did not come back, a process left behind). */
  readonly problems: string[] = [];

  constructor() {
    trackRun(this.dir);
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  async start(say: (line: string) => void): Promise<void> {
    fs.mkdirSync(this.logsDir);
    const pki = await testPki();
    const [pgPort, temporalPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
    this.apiPort = apiPort;
    this.postgres = new PostgresPart(path.join(this.dir, 'pg'), pgPort);
    this.temporal = new TemporalPart(await temporalCliPath(), temporalPort, path.join(this.dir, 'temporal.db'), path.join(this.logsDir, 'temporal.log'));
    say(`faults: starting PostgreSQL and Temporal (logs in ${this.logsDir})`);
    await Promise.all([this.postgres.start(), this.temporal.start()]);
    // Migrated before the parts start, which then find nothing to apply (none races another).
    const db = await openDatabase(this.postgres.url);
    await seedDevOfficials(db.prisma, pki);
    await db.prisma.$disconnect();
    this.standIns = await startStandIns({
      host: '127.0.0.1',
      dataDir: path.join(this.dir, 'standins'),
      ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 },
    });
    this.client = await connectClient({ address: this.temporal.address, namespace: 'default', keys: this.keys });

    const common = (): Record<string, string> => ({
      DATABASE_URL: this.postgres.url,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      EDS_TRUST_ANCHORS: pki.trustAnchorsDir,
      CODEC_KEYS: formatCodecKeys(this.keys),
      CODEC_ACCESS_TOKEN: 'faults-codec-access-token',
      FILE_STORE_URL: pathToFileURL(path.join(this.dir, 'files')).href,
      DATA_DIR: this.dir,
      LOG_LEVEL: 'warn',
      ...this.standIns!.env,
    });
    const log = (name: string) => path.join(this.logsDir, `${name}.log`);
    this.worker = new NodePart(
      'worker',
      'app/run-worker.ts',
      () => ({ ...common(), REPORT_STARTER: 'off' }),
      log('worker'),
      (pid) => this.polls(pid),
    );
    this.starter = new NodePart('report-starter', 'app/run-report-starter.ts', common, log('report-starter'), (_pid, since) => this.starterListens(since));
    this.api = new NodePart(
      'api',
      'app/run-api.ts',
      () => ({
        ...common(),
        HOST: '127.0.0.1',
        PORT: String(this.apiPort),
        API_PROCESSES: '1',
        // This load must never be throttled: a 429 would only slow the run.
        RATE_LIMIT_CHALLENGES_PER_MINUTE: '100000',
        RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '100000',
      }),
      log('api'),
      () => this.apiHealthy(),
    );
    say('faults: starting the worker, the report starter and the API');
    await Promise.all([this.worker.start(), this.starter.start(), this.api.start()]);
    say('faults: the system is up');
  }

  /** The worker process `pid` polls the workflow task queue (pollers are named `<pid>@<host>`). */
  async polls(pid: number): Promise<boolean> {
    const r = await this.client!.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: this.taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (r.pollers ?? []).some((p) => p.identity === `${pid}@${os.hostname()}`);
  }

  /** A report starter listens for accepted reports on a connection opened after `since`. */
  async starterListens(since: number): Promise<boolean> {
    const rows = await queryOnce<{ n: number }>(this.postgres.url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND backend_start >= $2`, [
      `LISTEN ${REPORT_ACCEPTED_CHANNEL}`,
      new Date(since - 1000),
    ]);
    return rows[0].n > 0;
  }

  /** /health of the API; with `not`, only an answer from another serving process than that one counts. */
  async apiHealthy(not?: string): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) return false;
    const { startedAt } = (await res.json()) as { startedAt: string };
    return startedAt !== not;
  }

  /** The API's serving processes: the children of its supervisor. */
  servingPids(): number[] {
    const supervisor = this.api.pid();
    if (!supervisor) return [];
    const parents = processTable();
    return [...parents].filter(([, parent]) => parent === supervisor).map(([pid]) => pid);
  }

  /**
   * Kills `target`, calls `whileDown`, waits `downMs`, starts it again and waits until it serves
   * again. Returns the seconds from the kill until it (and every part that needs it) was back.
   */
  async fault(target: FaultTarget, downMs: number, whileDown: () => void): Promise<number> {
    const killedAt = Date.now();
    const down = async () => {
      whileDown();
      await sleep(downMs);
    };
    switch (target) {
      case 'worker':
      case 'report-starter': {
        const part = target === 'worker' ? this.worker : this.starter;
        await part.kill();
        await down();
        await part.start();
        break;
      }
      case 'api': {
        // The supervisor, the process `npm run api` starts and the one listening on the port; its
        // serving processes must end with it (Node's cluster children exit when the channel closes).
        const serving = this.servingPids();
        await this.api.kill();
        const lingering = await waitGone(serving, 10_000);
        if (lingering.length) {
          this.problems.push(`API serving process(es) ${lingering.join(', ')} outlived their killed supervisor`);
          lingering.filter((pid) => belongsTo(pid, this.dir)).forEach(killQuietly);
        }
        await down();
        await this.api.start();
        break;
      }
      case 'api-serving': {
        // Only the serving process: the supervisor keeps the port and starts another.
        const before = ((await (await fetch(`${this.baseUrl}/health`)).json()) as { startedAt: string }).startedAt;
        const serving = this.servingPids();
        if (serving.length === 0) throw new Error('the API has no serving process to kill');
        for (const pid of serving) process.kill(pid, 'SIGKILL');
        whileDown();
        await waitGone(serving, 10_000);
        await until('a new API serving process', 90_000, () => this.apiHealthy(before), 250);
        break;
      }
      case 'temporal':
        await this.temporal.kill();
        await down();
        await this.temporal.start();
        break;
      case 'postgres':
        await this.postgres.kill();
        await down();
        await this.postgres.start();
        break;
    }
    await this.recovered(target, killedAt);
    return (Date.now() - killedAt) / 1000;
  }

  /**
   * After a restart, every other part must carry on by itself: none may have died, the worker must
   * poll again, the report starter listen again, and the API answer /ready.
   */
  private async recovered(target: FaultTarget, since: number): Promise<void> {
    for (const part of [this.worker, this.starter, this.api]) {
      if (part.name === target) continue;
      if (!part.pid()) {
        const exit = part.exits.at(-1);
        this.problems.push(`${part.name} exited (${exit?.code ?? exit?.signal}) when ${target} was killed; started again`);
        await part.start();
      }
    }
    const wait = async (what: string, ok: () => Promise<boolean>) => {
      try {
        await until(what, 90_000, ok, 250);
      } catch (e) {
        this.problems.push(`after killing ${target}: ${(e as Error).message}`);
      }
    };
    await wait('the worker polls again', () => this.polls(this.worker.pid()!));
    if (target === 'postgres' || target === 'report-starter') await wait('the report starter listens again', () => this.starterListens(since));
    await wait('the API is ready again', async () => (await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(5_000) })).ok);
  }

  /** Every process of the system: the parts, the API's serving processes, PostgreSQL's backends. */
  private ownProcesses(): number[] {
    const mains = [this.worker?.pid(), this.starter?.pid(), this.api?.pid(), this.temporal?.pid(), this.postgres?.pid()].filter((p): p is number => !!p);
    return [...mains, ...mains.flatMap(descendantsOf)];
  }

  /** Processes of this run still running. */
  leftovers(): number[] {
    return [...processTable().keys()].filter((pid) => pid !== process.pid && belongsTo(pid, this.dir));
  }

  /** Kills everything (the data is thrown away), then checks that nothing is left running. */
  async stop(keepDir: boolean): Promise<void> {
    const pids = this.ownProcesses();
    await this.client?.connection.close().catch(() => undefined);
    pids.forEach(killQuietly);
    await waitGone(pids, 15_000);
    await this.standIns?.close();
    const left = await (async () => {
      for (const end = Date.now() + 15_000; ; await sleep(200)) {
        const l = this.leftovers();
        if (l.length === 0 || Date.now() > end) return l;
      }
    })();
    if (left.length) {
      const name = (pid: number) => {
        try {
          return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {
          return 'ended meanwhile';
        }
      };
      this.problems.push(`processes left running after the suite: ${left.map((p) => `${p} (${name(p)})`).join(', ')}`);
      left.forEach(killQuietly);
    }
    runStopped(this.dir);
    if (!keepDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTails(lines = 15): string {
    if (!fs.existsSync(this.logsDir)) return '';
    return fs
      .readdirSync(this.logsDir)
      .map((f) => {
        const text = fs
          .readFileSync(path.join(this.logsDir, f), 'utf8')
          .trimEnd()
          .split('\n')
          .slice(-lines)
          .map((l) => l.slice(0, 300))
          .join('\n');
        return `── ${f} ──\n${text}`;
      })
      .join('\n');
  }
}
