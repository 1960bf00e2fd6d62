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

  async start(): Promise<void> {
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
