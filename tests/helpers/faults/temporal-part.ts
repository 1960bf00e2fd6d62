// The Temporal dev server as a part of a fault run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { searchAttributeCliArgs } from '../../../domain/search-attributes';
import { GaveUp, track, until, type Part } from './processes';

/** The Temporal dev server, persisted to a SQLite file so that a kill loses nothing committed. */
export class TemporalPart implements Part {
  readonly name = 'temporal';
  child?: ChildProcess;

  constructor(
    private readonly cli: string,
    readonly port: number,
    private readonly dbFile: string,
    private readonly logFile: string,
  ) {}

  get address() {
    return `127.0.0.1:${this.port}`;
  }

  pid() {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /**
   * Starts the server. It binds its HTTP API (and its internal services) to ports it picks itself;
   * on a busy machine another process can take one between the pick and the bind, and the server
   * exits. That is a lost race, not a fault of the run: start it again, up to three times.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const logFrom = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
      try {
        return await this.startOnce();
      } catch (e) {
        const lostPortRace = e instanceof GaveUp && this.portTakenSince(logFrom);
        if (!lostPortRace || attempt === 3) throw e;
      }
    }
  }

  /** Whether the log written since `from` says a port other than our own frontend port was taken. */
  private portTakenSince(from: number): boolean {
    const fd = fs.openSync(this.logFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - from));
      fs.readSync(fd, buf, 0, buf.length, from);
      const taken = [...buf.toString('utf8').matchAll(/listen tcp [\d.]+:(\d+): bind: address already in use/g)].map((m) => Number(m[1]));
      return taken.length > 0 && !taken.includes(this.port);
    } finally {
      fs.closeSync(fd);
    }
  }

  private async startOnce(): Promise<void> {
    const args = [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--namespace',
      'default',
      '--db-filename',
      this.dbFile,
      '--log-format',
      'json',
      '--log-level',
      'warn',
      ...searchAttributeCliArgs(),
    ];
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(this.cli, args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    track(child.pid, this.dbFile);
    this.child = child;
    await until(
      'Temporal dev server ready',
      90_000,
      async () => {
        if (child.exitCode !== null) throw new GaveUp(`the Temporal dev server exited during start-up (code ${child.exitCode}); see ${this.logFile}`);
        const c = await Connection.connect({ address: this.address, connectTimeout: '1 second' });
        try {
          await c.workflowService.getSystemInfo({});
          await c.workflowService.describeNamespace({ namespace: 'default' });
          return true;
        } finally {
          await c.close();
        }
      },
      250,
    );
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
