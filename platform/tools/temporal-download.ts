// The ordinary way to get Temporal's binaries where the internet is reachable: the official
// release archives on temporal.download (the same host the Temporal SDKs download from).
// Closed networks cannot reach it; the callers try the package-registry routes first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { LogLine, runStep, ToolSetupError } from './run-step';

export const TEMPORAL_DOWNLOAD_HOST = 'https://temporal.download';

export function releasePlatform(): { platform: string; arch: string; exeSuffix: string; archiveFormat: 'tar.gz' | 'zip' } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux';
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  return {
    platform,
    arch,
    exeSuffix: platform === 'windows' ? '.exe' : '',
    archiveFormat: platform === 'windows' ? 'zip' : 'tar.gz',
  };
}

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(10 * 60_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new ToolSetupError(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  if (!response.ok) throw new ToolSetupError(`${url} answered HTTP ${response.status}`);
  return response;
}

/** Asks temporal.download which archive holds an artifact, as the SDKs do. */
export async function lookUpArchive(artifact: string, version: string, query: Record<string, string>): Promise<{ archiveUrl: string; fileToExtract: string }> {
  const { platform, arch } = releasePlatform();
  const params = new URLSearchParams({ arch, platform, ...query });
  const url = `${TEMPORAL_DOWNLOAD_HOST}/${artifact}/${version}?${params}`;
  const info = (await (await fetchOk(url)).json()) as { archiveUrl?: string; fileToExtract?: string };
  if (!info.archiveUrl || !info.fileToExtract) {
    throw new ToolSetupError(`${url} did not name an archive (got ${JSON.stringify(info)})`);
  }
  return { archiveUrl: info.archiveUrl, fileToExtract: info.fileToExtract };
}

/**
 * Downloads `archiveUrl`, takes `member` out of it and installs it as the executable `dest`
 * (written beside it first, then renamed, so a half-written file is never mistaken for a tool).
 */
export async function installFromArchive(opts: { archiveUrl: string; member: string; dest: string; what: string; log?: LogLine }): Promise<void> {
  const { archiveUrl, member, dest, what, log = () => {} } = opts;
  log(`downloading ${what} from ${archiveUrl}…`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-download-'));
  try {
    const response = await fetchOk(archiveUrl);
    if (!response.body) throw new ToolSetupError(`${archiveUrl} sent no body`);
    const isZip = new URL(response.url || archiveUrl).pathname.endsWith('.zip');
    const archive = path.join(work, isZip ? 'archive.zip' : 'archive.tar.gz');
    let received = 0;
    const progress = setInterval(() => log(`still downloading ${what}… ${(received / 1e6).toFixed(1)} MB`), 5_000);
    progress.unref();
    try {
      const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => (received += chunk.length));
      await pipeline(body, fs.createWriteStream(archive));
    } finally {
      clearInterval(progress);
    }

    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    // GNU tar cannot read zip files; bsdtar (macOS, Windows) reads both.
    if (isZip && process.platform === 'linux') {
      await runStep('unzip', ['-o', archive, member, '-d', out], { activity: `unpacking ${what}`, log });
    } else {
      await runStep('tar', [isZip ? '-xf' : '-xzf', archive, '-C', out, member], { activity: `unpacking ${what}`, log });
    }
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const staged = `${dest}.${process.pid}.partial`;
    fs.copyFileSync(path.join(out, member), staged);
    fs.chmodSync(staged, 0o755);
    fs.renameSync(staged, dest);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
