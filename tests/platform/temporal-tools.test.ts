// The local Temporal servers prepared by platform/tools: a wrong TEMPORAL_CLI is reported by name,
// the build lock serialises concurrent preparations, the Java test server starts well within the
// SDK's 5 s and skips a day of timers in seconds, and the CLI's dev server runs real timers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, withToolLock } from '../../platform/tools';
import { portAccepts, startAndStop } from '../../platform/tools/test-server';
import { sleepyWorkflow } from '../fixtures/sleepy-workflow';
import { createDevServerEnv, createTimeSkippingEnv, testServerExecutable, workerFor } from '../helpers/temporal';

const SLEEPY_WORKFLOWS = path.resolve(__dirname, '../fixtures/sleepy-workflow.ts');
const DAY_MS = 24 * 60 * 60 * 1000;

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-tools-test-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('resolveTemporalCli', () => {
  test('a TEMPORAL_CLI that does not exist is reported by the variable name', async () => {
    const missing = path.join(scratch, 'no-such-temporal');
    await expect(resolveTemporalCli({ toolsDir: scratch, explicitPath: missing })).rejects.toThrow(`TEMPORAL_CLI points to ${missing}, which does not exist`);
  });

  test('a TEMPORAL_CLI that is not executable is reported by the variable name', async () => {
    const notExecutable = path.join(scratch, 'temporal.txt');
    fs.writeFileSync(notExecutable, 'not a program', { mode: 0o644 });
    await expect(resolveTemporalCli({ toolsDir: scratch, explicitPath: notExecutable })).rejects.toThrow(
      /TEMPORAL_CLI points to .*temporal\.txt, which is not an executable file/,
    );
  });

  test('an executable TEMPORAL_CLI is used as given, without building anything', async () => {
    const fake = path.join(scratch, 'temporal');
    fs.writeFileSync(fake, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const toolsDir = path.join(scratch, 'untouched-tools');
    await expect(resolveTemporalCli({ toolsDir, explicitPath: fake })).resolves.toBe(fake);
    expect(fs.existsSync(toolsDir)).toBe(false);
  });
});

describe('withToolLock', () => {
  test('two preparations of the same tool run one after the other', async () => {
    const events: string[] = [];
    const prepare = (who: string) =>
      withToolLock(
        scratch,
        'serial-tool',
        async () => {
          events.push(`${who} start`);
          await new Promise((r) => setTimeout(r, 150));
          events.push(`${who} end`);
          return who;
        },
        { pollMs: 20 },
      );
    await expect(Promise.all([prepare('a'), prepare('b')])).resolves.toEqual(['a', 'b']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(fs.existsSync(path.join(scratch, 'serial-tool.lock'))).toBe(false);
  });

  test('a lock left by a process that died is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']);
    expect(dead.pid).toBeGreaterThan(0);
    const lockPath = path.join(scratch, 'abandoned-tool.lock');
    fs.writeFileSync(lockPath, JSON.stringify({ pid: dead.pid, host: os.hostname(), since: Date.now() }));
    const started = Date.now();
    await expect(withToolLock(scratch, 'abandoned-tool', async () => 'done', { pollMs: 20 })).resolves.toBe('done');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fs.existsSync(lockPath)).toBe(false);
  });
});

describe('time-skipping test server (Java, from Maven Central)', () => {
  let env: TestWorkflowEnvironment | undefined;
  afterAll(async () => {
    await env?.teardown();
  });

  test('its wrapper opens the port well within the 5 s the SDK waits', async () => {
    const wrapper = await testServerExecutable();
    const startMs = await startAndStop([wrapper], 10_000);
    process.stderr.write(`[temporal-tools.test] test server opened its port after ${startMs} ms\n`);
    expect(startMs).toBeLessThan(5_000);
  });

  test('a workflow sleeping 24 hours completes in seconds of wall time', async () => {
    env = await createTimeSkippingEnv();
    const taskQueue = `sleepy-${randomUUID()}`;
    const worker = await workerFor(env, { workflowsPath: SLEEPY_WORKFLOWS, taskQueue });
    const { result, wallMs } = await worker.runUntil(async () => {
      const started = Date.now();
      const result = await env!.client.workflow.execute(sleepyWorkflow, {
        args: [DAY_MS],
        taskQueue,
        workflowId: `sleepy-${randomUUID()}`,
      });
      return { result, wallMs: Date.now() - started };
    });
    process.stderr.write(`[temporal-tools.test] 24 h sleep took ${wallMs} ms of wall time\n`);
    expect(result).toBe(`woke up after ${DAY_MS} ms`);
    expect(wallMs).toBeLessThan(5_000);
  });

  test('teardown stops the JVM itself (the wrapper execs java)', async () => {
    expect(env).toBeDefined();
    const port = Number(env!.address.split(':').pop());
    expect(await portAccepts(port)).toBe(true);
    await env!.teardown();
    env = undefined;
    const deadline = Date.now() + 3_000;
    while ((await portAccepts(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await portAccepts(port)).toBe(false);
  });
});

describe('dev server (Temporal CLI)', () => {
  let env: TestWorkflowEnvironment | undefined;
  afterAll(async () => {
    await env?.teardown();
  });

  test('starts with the requested search attributes and runs real timers', async () => {
    const label = defineSearchAttributeKey('SleepyLabel', SearchAttributeType.KEYWORD);
    env = await createDevServerEnv({ searchAttributes: [label] });
    const registered = await env.connection.operatorService.listSearchAttributes({ namespace: env.namespace ?? 'default' });
    expect(Object.keys(registered.customAttributes)).toContain('SleepyLabel');

    const taskQueue = `sleepy-${randomUUID()}`;
    const worker = await workerFor(env, { workflowsPath: SLEEPY_WORKFLOWS, taskQueue });
    const sleepMs = 400;
    const { result, wallMs } = await worker.runUntil(async () => {
      const started = Date.now();
      const result = await env!.client.workflow.execute(sleepyWorkflow, {
        args: [sleepMs],
        taskQueue,
        workflowId: `sleepy-${randomUUID()}`,
      });
      return { result, wallMs: Date.now() - started };
    });
    expect(result).toBe(`woke up after ${sleepMs} ms`);
    // Not skipped: the dev server waits the real time.
    expect(wallMs).toBeGreaterThanOrEqual(sleepMs);
  });

  test('a server that refuses to start is reported with its own words, not only as a timeout', async () => {
    await expect(createDevServerEnv({ searchAttributes: [], extraArgs: ['--dynamic-config-value', 'not-a-pair'] })).rejects.toThrow(
      /did not start within 5s[\s\S]*The dev server itself said:[\s\S]*not-a-pair/,
    );
  });
});
