// E-mail to citizens and participants (001 ¶24: notification by SMS from 1414 and/or e-mail).
// Real SMTP through nodemailer; the configured SMTP_URL decides the server (the stand-in on the
// embedded default, the department's relay in production).
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { ExternalSystemRejectedError, ExternalSystemTimeoutError, ExternalSystemUnavailableError } from './errors';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface MailSender {
  /** Sends one message; `messageId` is its Message-ID header, for the notification record. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export interface SmtpMailSenderOptions {
  /** `smtp://[user:pass@]host:port` (STARTTLS when the server offers it) or `smtps://…` (TLS from the start). */
  smtpUrl: string;
  /** The From header, e.g. `ERDR Public Sector <noreply@qamqor.gov.kz>` (MAIL_FROM). */
  from: string;
  timeoutMs?: number;
}

export class SmtpMailSender implements MailSender {
  private readonly transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
  private readonly timeoutMs: number;

  constructor(private readonly options: SmtpMailSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    // One connection per message: a pool would outlive short-lived activity workers and keep
    // sockets open in tests, and measured it saved no CPU. The URL is parsed here because, given a
    // `url`, nodemailer ignores every other option (the timeouts).
    this.transport = nodemailer.createTransport({
      ...parseConnectionUrl(options.smtpUrl),
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
    } as SMTPTransport.Options);
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
      if (info.rejected.length > 0) {
        throw new ExternalSystemRejectedError('mail', `recipients refused: ${info.rejected.join(', ')}`, 550, info.response);
      }
      return { messageId: info.messageId };
    } catch (err) {
      throw classifySmtpError(err, this.timeoutMs);
    }
  }
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * SMTP's own convention matches ours: 4xx replies are transient, 5xx permanent. Authentication
 * failures are a configuration fault rather than a fault of the message, so they stay retryable
 * and the notification goes out once the credentials are fixed.
 */
function classifySmtpError(err: unknown, timeoutMs: number): Error {
  if (err instanceof ExternalSystemRejectedError) return err;
  const e = err as NodemailerError;
  if (e?.code === 'ETIMEDOUT') return new ExternalSystemTimeoutError('mail', timeoutMs, { cause: err });
  const code = e?.responseCode;
  if (e?.code !== 'EAUTH' && code !== undefined && code >= 500) {
    return new ExternalSystemRejectedError('mail', e.message, code, e.response);
  }
  // Refused by nodemailer before anything was sent (no recipients, malformed address or message).
  if (code === undefined && (e?.code === 'EENVELOPE' || e?.code === 'EMESSAGE')) {
    return new ExternalSystemRejectedError('mail', e.message, 0);
  }
  return new ExternalSystemUnavailableError('mail', e?.message ?? String(err), code, { cause: err });
}
