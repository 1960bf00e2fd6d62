// Prepares Temporal's time-skipping test server (used by workflow tests to run days of timers in
// milliseconds). The server is a Java program published on Maven Central, which closed networks
// mirror; we fetch it with `mvn` and write a small wrapper script that the Temporal SDK starts as an
// `existing-path` executable. Where Maven or Java is missing we fall back to the SDK's own route,
// the native build on temporal.download.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findOnPath, isExecutableFile, LogLine, quickOutput, runStep, ToolSetupError } from './run-step';
import { installFromArchive, lookUpArchive, releasePlatform } from './temporal-download';
import { withToolLock } from './tool-lock';
import { freePort } from '../net';
export { freePort };

export const TEST_SERVER_ARTIFACT = { groupId: 'io.temporal', artifactId: 'temporal-test-server', version: '1.31.0' };
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
/** Quiets the server's "no SLF4J binding" warning; it must match the slf4j-api the server depends on. */
const SLF4J_NOP = { groupId: 'org.slf4j', artifactId: 'slf4j-nop', version: '1.7.36' };

/**
 * The SDK gives the server a fixed 5 s to open its port. A cold JVM loading gRPC and Netty needs
 * about 2 s on an idle 2-core machine and more under load, so: C1 compiler only, serial GC, a small
 * heap, and above all a class-data-sharing archive of the classes loaded at start-up.
 */
const FAST_START_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xms32m', '-Xmx256m', '-XX:-UsePerfData'];

export interface ResolveTestServerOptions {
  toolsDir: string;
  log?: LogLine;
}

interface Layout {
  dir: string;
  wrapper: string;
  recipe: string;
  pom: string;
  lib: string;
  archive: string;
  nativeServer: string;
}

function layout(toolsDir: string): Layout {
  const dir = path.join(path.resolve(toolsDir), 'temporal-test-server');
  return {
    dir,
    wrapper: path.join(dir, 'temporal-test-server'),
    recipe: path.join(dir, 'wrapper.json'),
    pom: path.join(dir, 'pom.xml'),
    lib: path.join(dir, 'lib'),
    archive: path.join(dir, 'startup-classes.jsa'),
    nativeServer: path.join(dir, `temporal-test-server-native${releasePlatform().exeSuffix}`),
  };
}

/** What the wrapper was written for; a change (new version, Java moved) means writing it again. */
interface Recipe {
  version: string;
  java: string;
  /** The wrapper holds absolute paths: a moved tools directory needs a new one. */
  dir: string;
}

function cachedServer(l: Layout): string | undefined {
  if (isExecutableFile(l.wrapper)) {
    try {
      const recipe = JSON.parse(fs.readFileSync(l.recipe, 'utf8')) as Recipe;
      if (recipe.version === TEST_SERVER_ARTIFACT.version && recipe.dir === l.dir && isExecutableFile(recipe.java)) {
        return l.wrapper;
      }
    } catch {
      // No readable recipe: prepare again.
    }
  }
  if (isExecutableFile(l.nativeServer)) return l.nativeServer;
  return undefined;
}

/** Absolute path of an executable that runs the time-skipping test server with argv `<port>`. */
export async function resolveTestServer(opts: ResolveTestServerOptions): Promise<string> {
  const log = opts.log ?? (() => {});
  const l = layout(opts.toolsDir);
  const cached = cachedServer(l);
  if (cached) return cached;

  return withToolLock(
    l.dir,
    'temporal-test-server',
    async () => {
      const done = cachedServer(l);
      if (done) return done;
      return prepare(l, log);
    },
    { log },
  );
}

function findJava(): string | undefined {
  const fromHome = process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', `java${releasePlatform().exeSuffix}`);
  if (fromHome && isExecutableFile(fromHome)) return fromHome;
  const onPath = findOnPath('java');
  // Follow /usr/bin/java → /etc/alternatives → the real JDK, so the wrapper keeps the JVM it was tuned for.
  return onPath && fs.realpathSync(onPath);
}

async function prepare(l: Layout, log: LogLine): Promise<string> {
  const problems: string[] = [];
  const mvn = findOnPath('mvn');
  const java = findJava();
  if (process.platform === 'win32') {
    problems.push('the Maven route writes a POSIX shell wrapper, which Windows cannot run');
  } else if (!mvn || !java) {
    problems.push(`no ${[!mvn && 'mvn', !java && 'java'].filter(Boolean).join(' or ')} on PATH to fetch it from Maven Central`);
  } else {
    try {
      return await prepareFromMaven(l, mvn, java, log);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  log(`${problems[0].split('\n')[0]} — downloading the native test server from temporal.download instead`);
  try {
    await downloadNativeServer(l, log);
  } catch (err) {
    problems.push(`download failed: ${(err as Error).message}`);
    throw new ToolSetupError(
      `Could not obtain the Temporal time-skipping test server:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\nInstall a JDK (17+) and Maven so that ${TEST_SERVER_ARTIFACT.groupId}:${TEST_SERVER_ARTIFACT.artifactId}:` +
        `${TEST_SERVER_ARTIFACT.version} can be fetched from Maven Central or its mirror.`,
    );
  }
  return l.nativeServer;
}

function pomXml(): string {
  const dep = (d: { groupId: string; artifactId: string; version: string }) =>
    `    <dependency>\n      <groupId>${d.groupId}</groupId>\n      <artifactId>${d.artifactId}</artifactId>\n` +
    `      <version>${d.version}</version>\n    </dependency>\n`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<!-- Written by platform/tools/test-server.ts: the runtime class path of the Temporal test server. -->\n` +
    `<project xmlns="http://maven.apache.org/POM/4.0.0">\n` +
    `  <modelVersion>4.0.0</modelVersion>\n` +
    `  <groupId>local.tools</groupId>\n  <artifactId>temporal-test-server-runtime</artifactId>\n` +
    `  <version>1</version>\n  <packaging>pom</packaging>\n` +
    `  <dependencies>\n${dep(TEST_SERVER_ARTIFACT)}${dep(SLF4J_NOP)}  </dependencies>\n` +
    `</project>\n`
  );
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function prepareFromMaven(l: Layout, mvn: string, java: string, log: LogLine): Promise<string> {
  const started = Date.now();
  fs.mkdirSync(l.dir, { recursive: true });
  fs.writeFileSync(l.pom, pomXml());

  log(`fetching the Temporal test server ${TEST_SERVER_ARTIFACT.version} from Maven Central (first run only)…`);
  const staging = `${l.lib}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  await runStep(mvn, ['-B', '-q', '-f', l.pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`], {
    cwd: l.dir,
    log,
    activity: 'fetching the Temporal test server',
  });
  fs.rmSync(l.lib, { recursive: true, force: true });
  fs.renameSync(staging, l.lib);
  // An explicit, sorted class path: a class-data archive is only used with the class path it was made for.
  const classPath = fs
    .readdirSync(l.lib)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => path.join(l.lib, f))
    .join(path.delimiter);
  if (!classPath.includes(`${TEST_SERVER_ARTIFACT.artifactId}-${TEST_SERVER_ARTIFACT.version}.jar`)) {
    throw new ToolSetupError(`Maven did not deliver ${TEST_SERVER_ARTIFACT.artifactId}-${TEST_SERVER_ARTIFACT.version}.jar into ${l.lib}`);
  }

  const baseArgs = [...FAST_START_FLAGS, '-cp', classPath, TEST_SERVER_MAIN_CLASS];
  const feature = javaFeatureVersion(java);
  const archiveFlags: string[] = [];
  // Dynamic class-data archives exist since Java 13.
  if (feature !== undefined && feature >= 13) {
    log('recording the classes the test server loads at start-up, so that later starts are fast…');
    fs.rmSync(l.archive, { force: true });
    const partial = `${l.archive}.partial`;
    try {
      await startAndStop([java, `-XX:ArchiveClassesAtExit=${partial}`, ...FAST_START_FLAGS, '-cp', classPath, TEST_SERVER_MAIN_CLASS], 60_000);
      if (fs.existsSync(partial)) {
        fs.renameSync(partial, l.archive);
        archiveFlags.push(`-XX:SharedArchiveFile=${l.archive}`);
        // Java 19+ rebuilds the archive by itself if the JVM is updated under it.
        if (feature >= 19) archiveFlags.push('-XX:+AutoCreateSharedArchive');
      } else {
        log('the JVM wrote no class-data archive; the test server will start more slowly');
      }
    } catch (err) {
      fs.rmSync(partial, { force: true });
      log(`could not record a class-data archive (${(err as Error).message}); the test server will start more slowly`);
    }
  }

  const script =
    `#!/bin/sh\n` +
    `# Temporal time-skipping test server ${TEST_SERVER_ARTIFACT.version}, written by platform/tools/test-server.ts.\n` +
    `# Usage: temporal-test-server <port>. \`exec\` keeps one process, so stopping it stops the JVM.\n` +
    `exec ${[java, ...archiveFlags, ...baseArgs].map(shellQuote).join(' ')} "$@"\n`;
  const stagedWrapper = `${l.wrapper}.partial`;
  fs.writeFileSync(stagedWrapper, script, { mode: 0o755 });
  fs.renameSync(stagedWrapper, l.wrapper);

  // Prove the wrapper works before recording it as done.
  const startMs = await startAndStop([l.wrapper], 30_000);
  fs.writeFileSync(l.recipe, JSON.stringify({ version: TEST_SERVER_ARTIFACT.version, java, dir: l.dir } satisfies Recipe, null, 2));
  log(
    `Temporal test server ready in ${Math.round((Date.now() - started) / 1000)}s ` +
      `(opens its port ${(startMs / 1000).toFixed(1)}s after start) → ${l.wrapper}`,
  );
  return l.wrapper;
}

/** Java's feature version (17, 21, …) from `java -XshowSettings:properties -version`. */
export function javaFeatureVersion(java: string): number | undefined {
  const out = quickOutput(java, ['-XshowSettings:properties', '-version']) ?? '';
  const m = /java\.specification\.version = (\d+)(?:\.(\d+))?/.exec(out);
  if (!m) return undefined;
  // Java 8 and older report "1.8".
  return m[1] === '1' && m[2] ? Number(m[2]) : Number(m[1]);
}

/**
 * Starts the server with a free port appended to `argv`, waits until the port accepts connections,
 * then stops it gracefully (SIGTERM lets the JVM write its class-data archive). Returns the
 * milliseconds from start to open port.
 */
export async function startAndStop(argv: string[], timeoutMs: number): Promise<number> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(argv[0], [...argv.slice(1), String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  try {
    for (;;) {
      if (!running) throw new ToolSetupError(`${argv[0]} exited before opening port ${port}:\n${stderr}`);
      if (Date.now() - started > timeoutMs) throw new ToolSetupError(`${argv[0]} did not open port ${port} within ${timeoutMs / 1000}s`);
      if (await portAccepts(port)) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    if (running) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
  }
}

export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function downloadNativeServer(l: Layout, log: LogLine): Promise<void> {
  // Exactly what TestWorkflowEnvironment.createTimeSkipping() downloads by default.
  const sdkVersion = (require('@temporalio/testing/package.json') as { version: string }).version;
  const { archiveUrl, fileToExtract } = await lookUpArchive('temporal-test-server', 'default', {
    'sdk-name': 'sdk-typescript',
    'sdk-version': sdkVersion,
  });
  await installFromArchive({ archiveUrl, member: fileToExtract, dest: l.nativeServer, what: 'the Temporal test server', log });
}
