// Real SMTP over a real socket: nodemailer (adapters/mail.ts) against the SMTP stand-in.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SmtpMailSender } from '../../adapters/mail';
import { ExternalSystemRejectedError, ExternalSystemUnavailableError, isRetryable } from '../../adapters/errors';
import { startSmtpStandIn } from '../../standins/smtp';

const FROM = 'ERDR Public Sector <noreply@qamqor.local>';
// Every letter specific to Kazakh, lower and upper case, plus Russian.
const KAZAKH_SUBJECT = 'Өтінішхат қаралды: ә ғ қ ң ө ұ ү һ і — Ә Ғ Қ Ң Ө Ұ Ү Һ І';
const KAZAKH_TEXT = 'Құрметті Әйгерім Нұрланқызы! Сіздің өтінішхатыңыз қаралды. Уважаемая заявительница, ходатайство рассмотрено.';

describe('mail: nodemailer against the SMTP stand-in', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-stand-in-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('delivers a Kazakh message with an attachment and lists it intact', async () => {
    const standIn = await startSmtpStandIn({ smtpPort: 0, httpPort: 0, dataDir });
    try {
      const sender = new SmtpMailSender({ smtpUrl: standIn.smtpUrl, from: FROM });
      const pdf = Buffer.from('%PDF-1.7 шешім');
      const { messageId } = await sender.send({
        to: 'aigerim@example.kz',
        subject: KAZAKH_SUBJECT,
        text: KAZAKH_TEXT,
        html: `<p>${KAZAKH_TEXT}</p>`,
        attachments: [{ filename: 'шешім.pdf', content: pdf, contentType: 'application/pdf' }],
      });
      expect(messageId).toMatch(/^<.+@.+>$/);

      const list = (await (await fetch(`${standIn.url}/messages`)).json()) as Array<Record<string, unknown>>;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        messageId,
        subject: KAZAKH_SUBJECT,
        to: ['aigerim@example.kz'],
        from: 'noreply@qamqor.local',
      });
      expect((list[0].text as string).trim()).toBe(KAZAKH_TEXT);
      expect(Date.parse(list[0].date as string)).not.toBeNaN();

      const full = (await (await fetch(`${standIn.url}/messages/${list[0].id}`)).json()) as Record<string, any>;
      expect(full.html).toContain(KAZAKH_TEXT);
      expect(full.attachments).toEqual([expect.objectContaining({ filename: 'шешім.pdf', contentType: 'application/pdf', size: pdf.length })]);
      const raw = await (await fetch(`${standIn.url}/messages/${list[0].id}/raw`)).text();
      expect(raw).toContain(`Message-ID: ${messageId}`);

      const filtered = (await (await fetch(`${standIn.url}/messages?to=someone.else@example.kz`)).json()) as unknown[];
      expect(filtered).toEqual([]);
    } finally {
      await standIn.close();
    }
  });

  it('keeps received messages across a restart with the same data folder, and forgets them on DELETE', async () => {
    const first = await startSmtpStandIn({ smtpPort: 0, httpPort: 0, dataDir });
    await new SmtpMailSender({ smtpUrl: first.smtpUrl, from: FROM }).send({ to: 'a@example.kz', subject: 'Бірінші хат', text: 'мәтін' });
    await first.close();

    const second = await startSmtpStandIn({ smtpPort: 0, httpPort: 0, dataDir });
    try {
      await new SmtpMailSender({ smtpUrl: second.smtpUrl, from: FROM }).send({ to: 'b@example.kz', subject: 'Екінші хат', text: 'мәтін' });
      const list = (await (await fetch(`${second.url}/messages`)).json()) as Array<{ id: string; subject: string }>;
      expect(list.map((m) => m.subject)).toEqual(['Бірінші хат', 'Екінші хат']);
      // The source of the message received before the restart is still there.
      expect((await fetch(`${second.url}/messages/${list[0].id}/raw`)).status).toBe(200);

      expect((await fetch(`${second.url}/messages`, { method: 'DELETE' })).status).toBe(204);
      expect(await (await fetch(`${second.url}/messages`)).json()).toEqual([]);
    } finally {
      await second.close();
    }
    const third = await startSmtpStandIn({ smtpPort: 0, httpPort: 0, dataDir });
    try {
      expect(await (await fetch(`${third.url}/messages`)).json()).toEqual([]);
    } finally {
      await third.close();
    }
  });

  it('logs in when the SMTP URL carries credentials', async () => {
    const standIn = await startSmtpStandIn({ smtpPort: 0, httpPort: 0 });
    try {
      const port = new URL(standIn.smtpUrl).port;
      const sender = new SmtpMailSender({ smtpUrl: `smtp://erdr:s%C3%A9cret@127.0.0.1:${port}`, from: FROM });
      await sender.send({ to: 'a@example.kz', subject: 'Кіру', text: 'мәтін' });
      expect(await (await fetch(`${standIn.url}/messages`)).json()).toEqual([expect.objectContaining({ subject: 'Кіру' })]);
    } finally {
      await standIn.close();
    }
  });

  it('reports a refused recipient as non-retryable and an unreachable server as retryable', async () => {
    const standIn = await startSmtpStandIn({ smtpPort: 0, httpPort: 0 });
    const smtpUrl = standIn.smtpUrl;
    try {
      const refused = new SmtpMailSender({ smtpUrl, from: FROM }).send({ to: 'nobody@example.invalid', subject: 's', text: 't' });
      await expect(refused).rejects.toBeInstanceOf(ExternalSystemRejectedError);
      await expect(refused).rejects.toMatchObject({ status: 550, retryable: false });
    } finally {
      await standIn.close();
    }
    // The same port, now closed: connection refused.
    const error = await new SmtpMailSender({ smtpUrl, from: FROM, timeoutMs: 2000 })
      .send({ to: 'a@example.kz', subject: 's', text: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalSystemUnavailableError);
    expect(isRetryable(error)).toBe(true);
  });

  it('gives up on a server that accepts the connection but never greets, after the configured timeout', async () => {
    // A socket that stays silent: without the greeting timeout the sender would wait for minutes.
    const open = new Set<net.Socket>();
    const silent = net.createServer((socket) => open.add(socket.on('close', () => open.delete(socket))));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const started = Date.now();
      const error = await new SmtpMailSender({ smtpUrl: `smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, from: FROM, timeoutMs: 500 })
        .send({ to: 'a@example.kz', subject: 's', text: 't' })
        .catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(isRetryable(error)).toBe(true);
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
