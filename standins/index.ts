// The local stand-ins for every outside system, started together by the embedded default
// (`npm start`, tests). Each one speaks the real system's protocol on its own port, so the adapters
// cannot tell them from the real thing. Run this file directly to start them alone:
// `npx tsx standins/index.ts` (default ports, HOST and DATA_DIR from the configuration).
import path from 'node:path';
import type { ExternalSystemVariable } from '../adapters';
import { loadConfig } from '../platform/config';
import { logger } from '../platform/logger';
import { startCourtsStandIn } from './courts';
import { startIndividualsStandIn } from './individuals';
import { startSmsStandIn } from './sms';
import { startSmtpStandIn } from './smtp';

export { startSmtpStandIn } from './smtp';
export { startSmsStandIn } from './sms';
export { startIndividualsStandIn } from './individuals';
export { startCourtsStandIn } from './courts';

export interface StandInPorts {
  smtp: number;
  /** The HTTP page listing received mail. */
  mailbox: number;
  sms: number;
  individuals: number;
  courts: number;
}

export const DEFAULT_STAND_IN_PORTS: StandInPorts = {
  smtp: 2525,
  mailbox: 8025,
  sms: 3101,
  individuals: 3102,
  courts: 3103,
};

export interface StandInUrls {
  smtp: string;
  mailbox: string;
  sms: string;
  individuals: string;
  courts: string;
}

export interface StandIns {
  /** The stand-ins started by this call; a system with a configured URL has none. */
  urls: Partial<StandInUrls>;
  /** The URL for every outside-system variable: the configured one, else the stand-in's. */
  env: Record<ExternalSystemVariable, string>;
  /** Human-readable "what runs where" lines for the start-up banner. */
  where: Record<string, string>;
  close(): Promise<void>;
}

export interface StartStandInsOptions {
  /**
   * When given, only the systems whose variable is unset here get a stand-in, and HOST is the
   * default host. Without it every stand-in starts.
   */
  config?: Partial<Record<ExternalSystemVariable, string>> & { HOST?: string };
  host?: string;
  /** With a data folder each stand-in keeps what it received under `<dataDir>/<system>/`. */
  dataDir?: string;
  /** Ports default to DEFAULT_STAND_IN_PORTS; 0 picks a free port, as tests do. */
  ports?: Partial<StandInPorts>;
}

export async function startStandIns(opts: StartStandInsOptions = {}): Promise<StandIns> {
  const ports = { ...DEFAULT_STAND_IN_PORTS, ...opts.ports };
  const host = opts.host ?? opts.config?.HOST ?? '127.0.0.1';
  const configured = (variable: ExternalSystemVariable) => opts.config?.[variable] || undefined;
  const dir = (system: string) => (opts.dataDir ? path.join(opts.dataDir, system) : undefined);

  const started: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(s: T): T => (started.push(s), s);
  const closeAll = async () => {
    await Promise.allSettled(
      started
        .splice(0)
        .reverse()
        .map((s) => s.close()),
    );
  };

  try {
    const urls: Partial<StandInUrls> = {};
    if (!configured('SMTP_URL')) {
      const mail = track(await startSmtpStandIn({ host, smtpPort: ports.smtp, httpPort: ports.mailbox, dataDir: dir('mail') }));
      urls.smtp = mail.smtpUrl;
      urls.mailbox = mail.url;
    }
    if (!configured('SMS_GATEWAY_URL')) {
      urls.sms = track(await startSmsStandIn({ host, port: ports.sms, dataDir: dir('sms') })).url;
    }
    if (!configured('INDIVIDUALS_DB_URL')) {
      urls.individuals = track(await startIndividualsStandIn({ host, port: ports.individuals, dataDir: dir('individuals') })).url;
    }
    if (!configured('COURTS_URL')) {
      urls.courts = track(await startCourtsStandIn({ host, port: ports.courts, dataDir: dir('courts') })).url;
    }
    // The NCA RK PKI stand-in (standins/pki.ts: CRL and OCSP) has its own owner; when it joins this
    // set, start it here like the others and add its URLs to `urls`, `env` and `where`.

    const env: Record<ExternalSystemVariable, string> = {
      SMTP_URL: configured('SMTP_URL') ?? urls.smtp!,
      SMS_GATEWAY_URL: configured('SMS_GATEWAY_URL') ?? urls.sms!,
      INDIVIDUALS_DB_URL: configured('INDIVIDUALS_DB_URL') ?? urls.individuals!,
      COURTS_URL: configured('COURTS_URL') ?? urls.courts!,
    };
    const where: Record<string, string> = {};
    if (urls.smtp) where['Mail stand-in (SMTP)'] = urls.smtp;
    if (urls.mailbox) where['Mail stand-in (received mail)'] = `${urls.mailbox}/messages`;
    if (urls.sms) where['SMS gateway stand-in (1414)'] = `${urls.sms}/api/sms`;
    if (urls.individuals) where['Individuals register stand-in'] = `${urls.individuals}/api/persons/:iin`;
    if (urls.courts) where['Courts «Төрелік» stand-in'] = `${urls.courts}/api/submissions`;
    return { urls, env, where, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function main() {
  const config = loadConfig();
  // Standalone, every stand-in starts, whatever the outside-system variables say.
  const standIns = await startStandIns({ host: config.HOST, dataDir: path.join(config.dataDir, 'standins') });
  logger.info({ where: standIns.where }, 'stand-ins of the outside systems are running');
  const stop = () => {
    standIns.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    logger.fatal({ err }, 'stand-ins failed to start');
    process.exit(1);
  });
}
