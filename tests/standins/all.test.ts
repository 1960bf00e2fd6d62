// The embedded default: every stand-in started together and reached through createAdapters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAdapters } from '../../adapters';
import { startStandIns } from '../../standins';

describe('startStandIns + createAdapters', () => {
  it('starts every stand-in on free ports and the real adapters reach all of them', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stand-ins-'));
    const standIns = await startStandIns({
      dataDir,
      ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 },
    });
    try {
      const adapters = createAdapters({ MAIL_FROM: 'ERDR <noreply@qamqor.local>', ...standIns.env });
      await adapters.mail.send({ to: 'a@example.kz', subject: 'Хабарлама', text: 'Сәлем' });
      await adapters.sms.send({ to: '+77011234567', text: 'Сәлем' });
      expect(await adapters.individuals.findByIin('900215300017')).toMatchObject({ gender: 'male' });
      const { receiptNumber } = await adapters.courts.submitCase({
        erdrNumber: '251100011000123',
        court: 'Сот',
        documents: [{ name: 'a.pdf', sha256: 'c'.repeat(64) }],
        coverLetter: 'Хат',
      });
      expect(await adapters.courts.getSubmission(receiptNumber)).toMatchObject({ status: 'received' });

      expect(await (await fetch(`${standIns.urls.mailbox}/messages`)).json()).toHaveLength(1);
      expect(Object.keys(standIns.where)).toHaveLength(5);
      for (const system of ['mail', 'sms', 'individuals', 'courts']) {
        expect(fs.readdirSync(path.join(dataDir, system)).length).toBeGreaterThan(0);
      }
    } finally {
      await standIns.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('starts stand-ins only for the systems without a configured URL', async () => {
    const config = { HOST: '127.0.0.1', SMTP_URL: 'smtps://relay.example.kz:465', COURTS_URL: 'https://torelik.example.kz/api-gw' };
    const standIns = await startStandIns({ config, ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 } });
    try {
      expect(Object.keys(standIns.urls).sort()).toEqual(['individuals', 'sms']);
      expect(standIns.env).toEqual({
        SMTP_URL: 'smtps://relay.example.kz:465',
        COURTS_URL: 'https://torelik.example.kz/api-gw',
        SMS_GATEWAY_URL: standIns.urls.sms,
        INDIVIDUALS_DB_URL: standIns.urls.individuals,
      });
      expect((await fetch(`${standIns.urls.sms}/api/sms`)).status).toBe(200);
    } finally {
      await standIns.close();
    }
  });

  it('refuses to build adapters while an outside system has no URL', () => {
    expect(() => createAdapters({ MAIL_FROM: 'x@y.kz', SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(/SMS_GATEWAY_URL, INDIVIDUALS_DB_URL, COURTS_URL not set/);
  });

  it('names the busy port when a stand-in cannot start, and leaves nothing running', async () => {
    const first = await startStandIns({ ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 } });
    try {
      const busy = Number(new URL(first.env.SMS_GATEWAY_URL).port);
      await expect(startStandIns({ ports: { smtp: 0, mailbox: 0, sms: busy, individuals: 0, courts: 0 } })).rejects.toThrow(
        `port 127.0.0.1:${busy} is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});
