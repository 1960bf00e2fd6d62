// A local mail server for the embedded default: it speaks real SMTP (so nodemailer is exercised
// exactly as against the department's relay), keeps every message, and shows them over HTTP:
//   GET    /messages            summaries, newest last (?to=address filters by recipient)
//   GET    /messages/:id        one message with its HTML and attachment list
//   GET    /messages/:id/raw    the message source (.eml)
//   DELETE /messages            forget everything
// Recipients in the reserved `.invalid` domain are refused with 550, to exercise permanent failures.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { logger } from '../platform/logger';
import { Journal } from './journal';
import { boundPort, closeServer, httpUrl, jsonErrors, listen, urlHost } from './listen';

export interface ReceivedMail {
  id: string;
  /** The Message-ID header; MailSender.send returns the same value. */
  messageId: string | null;
  /** Addresses only (display names dropped), as in `to`. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** When the stand-in received it (ISO 8601). */
  date: string;
  envelope: { from: string | null; to: string[] };
  attachments: { filename: string | null; contentType: string; size: number; sha256: string }[];
}

const MAX_MESSAGE_BYTES = 30 * 1024 * 1024; // files are ≤ 10 MB each; leave room for several and base64

export async function startSmtpStandIn(opts: {
  host?: string;
  smtpPort: number;
  httpPort: number;
  dataDir?: string;
}): Promise<{ smtpUrl: string; url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const log = logger.child({ component: 'smtp-stand-in' });
  const journal = Journal.open<ReceivedMail>(opts.dataDir, 'messages.jsonl');
  const rawDir = opts.dataDir ? path.join(opts.dataDir, 'raw') : undefined;
  if (rawDir) fs.mkdirSync(rawDir, { recursive: true });
  const rawInMemory = new Map<string, Buffer>();

  const smtp = new SMTPServer({
    banner: 'ERDR mail stand-in',
    logger: false,
    size: MAX_MESSAGE_BYTES,
    closeTimeout: 1000, // on close, do not wait the default 30 s for idle clients
    // Loopback only: no TLS, but accept any credentials so SMTP_URLs with user:password work too.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().endsWith('.invalid')) {
        callback(Object.assign(new Error(`Mailbox unavailable: ${address.address}`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const mail: ReceivedMail = {
              id: randomUUID(),
              messageId: parsed.messageId ?? null,
              from: addresses(parsed.from)[0] ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              date: new Date().toISOString(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename ?? null,
                contentType: a.contentType,
                size: a.size,
                sha256: createHash('sha256').update(a.content).digest('hex'),
              })),
            };
            if (rawDir) fs.writeFileSync(path.join(rawDir, `${mail.id}.eml`), raw);
            else rawInMemory.set(mail.id, raw);
            journal.append(mail);
            log.debug({ id: mail.id }, 'mail received');
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });

  const app = express();
  app.get('/messages', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to.toLowerCase() : undefined;
    const list = journal.all
      .filter((m) => !to || m.to.concat(m.envelope.to).some((a) => a.toLowerCase() === to))
      .map(({ id, messageId, from, to, subject, text, date }) => ({ id, messageId, from, to, subject, text, date }));
    res.json(list);
  });
  app.get('/messages/:id', (req, res) => {
    const mail = journal.all.find((m) => m.id === req.params.id);
    if (!mail) return void res.status(404).json({ error: 'not_found' });
    res.json(mail);
  });
  app.get('/messages/:id/raw', (req, res) => {
    const mail = journal.all.find((m) => m.id === req.params.id);
    const raw = mail && (rawDir ? readIfExists(path.join(rawDir, `${mail.id}.eml`)) : rawInMemory.get(mail.id));
    if (!raw) return void res.status(404).json({ error: 'not_found' });
    res.type('message/rfc822').send(raw);
  });
  app.delete('/messages', (_req, res) => {
    journal.clear();
    rawInMemory.clear();
    if (rawDir) for (const f of fs.readdirSync(rawDir)) fs.rmSync(path.join(rawDir, f), { force: true });
    res.status(204).end();
  });
  app.use(jsonErrors());

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${host}:${opts.smtpPort} is already in use`, { cause: err }) : err);
    smtp.once('error', onError);
    smtp.listen(opts.smtpPort, host, () => {
      smtp.off('error', onError);
      resolve();
    });
  });
  // A broken client connection must not bring the whole process down.
  smtp.on('error', (err) => log.warn({ err }, 'SMTP connection error'));
  const server = await listen(app, host, opts.httpPort).catch(async (err: unknown) => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw err;
  });

  return {
    smtpUrl: `smtp://${urlHost(host)}:${boundPort(smtp.server)}`,
    url: httpUrl(host, server),
    async close() {
      await Promise.all([closeServer(server), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((group) => group.value.map((a) => a.address).filter((a): a is string => Boolean(a)));
}

function readIfExists(file: string): Buffer | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
}
