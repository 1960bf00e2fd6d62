// The outside systems as the rest of the code sees them: one interface each, built here from the
// configured URLs. On the embedded default those URLs point at the local stand-ins
// (standins/index.ts), so the very same code talks to the stand-ins and to the real systems.
import type { Config } from '../platform/config';
import { CourtsSystem, HttpCourtsSystem } from './courts';
import { HttpIndividualsRegistry, IndividualsRegistry } from './individuals';
import { MailSender, SmtpMailSender } from './mail';
import { HttpSmsGateway, SmsGateway } from './sms';

export * from './errors';
export type { MailSender, OutgoingMail, MailAttachment } from './mail';
export type { SmsGateway, OutgoingSms } from './sms';
export type { IndividualsRegistry, Person } from './individuals';
export type { CourtsSystem, CaseSubmission, CaseDocumentRef, SubmissionReceipt, SubmissionRecord } from './courts';

export interface Adapters {
  mail: MailSender;
  sms: SmsGateway;
  individuals: IndividualsRegistry;
  courts: CourtsSystem;
}

/** The variables naming the outside systems; unset means "use the local stand-in". */
export const EXTERNAL_SYSTEM_VARIABLES = ['SMTP_URL', 'SMS_GATEWAY_URL', 'INDIVIDUALS_DB_URL', 'COURTS_URL'] as const;
export type ExternalSystemVariable = (typeof EXTERNAL_SYSTEM_VARIABLES)[number];

export type AdapterConfig = Pick<Config, ExternalSystemVariable | 'MAIL_FROM'>;

/**
 * Builds the real implementations. Every URL must be set by now: either configured, or filled in
 * from the started stand-ins (`startStandIns(...).env` in standins/index.ts).
 */
export function createAdapters(config: AdapterConfig, options: { timeoutMs?: number } = {}): Adapters {
  const missing = EXTERNAL_SYSTEM_VARIABLES.filter((v) => !config[v]);
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} not set: configure the outside systems or start the local stand-ins first`);
  }
  const { timeoutMs } = options;
  return {
    mail: new SmtpMailSender({ smtpUrl: config.SMTP_URL!, from: config.MAIL_FROM, timeoutMs }),
    sms: new HttpSmsGateway({ url: config.SMS_GATEWAY_URL!, timeoutMs }),
    individuals: new HttpIndividualsRegistry({ url: config.INDIVIDUALS_DB_URL!, timeoutMs }),
    courts: new HttpCourtsSystem({ url: config.COURTS_URL!, timeoutMs }),
  };
}
