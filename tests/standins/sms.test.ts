// The SMS adapter against the gateway stand-in over HTTP: sender 1414, Kazakhstan mobiles only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExternalSystemRejectedError, isRetryable } from '../../adapters/errors';
import { HttpSmsGateway, normalizeKzMobile } from '../../adapters/sms';
import { smsSegments, startSmsStandIn } from '../../standins/sms';

describe('SMS gateway stand-in', () => {
  let dataDir: string;
  let standIn: { url: string; close(): Promise<void> };

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-stand-in-'));
    standIn = await startSmsStandIn({ port: 0, dataDir });
  });
  afterEach(async () => {
    await standIn.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown) =>
    fetch(`${standIn.url}/api/sms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses numbers that are not Kazakhstan mobiles in E.164 and senders other than 1414', async () => {
    const notKzMobiles = ['87011234567', '+7701123456', '+79161234567', '+77272500000', '+77011234567 ', '+7 701 123 45 67'];
    for (const to of notKzMobiles) {
      const res = await post({ to, text: 'Хабарлама' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_number' });
    }
    expect((await post({ sender: 'ERDR', to: '+77011234567', text: 'Хабарлама' })).status).toBe(400);
    expect((await post({ to: '+77011234567', text: '' })).status).toBe(400);

    const error = await new HttpSmsGateway({ url: standIn.url }).send({ to: '+7123', text: 'Хабарлама' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalSystemRejectedError);
    expect((error as ExternalSystemRejectedError).status).toBe(400);
    expect(isRetryable(error)).toBe(false);
    expect(await (await fetch(`${standIn.url}/api/sms`)).json()).toEqual([]);
  });

  it('keeps an accepted message from 1414, also across a restart', async () => {
    const text = 'ЕРДР: іс электрондық форматта жүргізіледі. Қосымша: qamqor.gov.kz';
    const { id } = await new HttpSmsGateway({ url: standIn.url }).send({ to: '+77011234567', text });
    expect(id).toEqual(expect.any(String));

    await standIn.close();
    standIn = await startSmsStandIn({ port: 0, dataDir });
    const list = (await (await fetch(`${standIn.url}/api/sms?to=%2B77011234567`)).json()) as unknown[];
    expect(list).toEqual([expect.objectContaining({ id, sender: '1414', to: '+77011234567', text, segments: 1 })]);
    expect((await fetch(`${standIn.url}/api/sms/${id}`)).status).toBe(200);
  });

  it('sends once per request id, however often the call is repeated', async () => {
    const gateway = new HttpSmsGateway({ url: standIn.url });
    const sms = { to: '+77771234567', text: 'Шақыру', requestId: 'case-1/summons-1' };
    const first = await gateway.send(sms);
    const again = await gateway.send(sms);
    expect(again.id).toBe(first.id);
    expect(await (await fetch(`${standIn.url}/api/sms`)).json()).toHaveLength(1);
  });
});

describe('phone numbers and SMS parts', () => {
  it('normalises the ways people type a Kazakhstan mobile number', () => {
    expect(normalizeKzMobile('8 701 234 56 78')).toBe('+77012345678');
    expect(normalizeKzMobile('+7 (701) 234-56-78')).toBe('+77012345678');
    expect(normalizeKzMobile('7012345678')).toBe('+77012345678');
    expect(normalizeKzMobile('+7 727 250 00 00')).toBeNull(); // an Almaty fixed line
    expect(normalizeKzMobile('+7 916 123 45 67')).toBeNull(); // a Russian mobile
    expect(normalizeKzMobile('1414')).toBeNull();
  });

  it('counts 70 Cyrillic or 160 Latin characters per part', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('ә'.repeat(70))).toBe(1);
    expect(smsSegments('ә'.repeat(71))).toBe(2);
    expect(smsSegments('ә'.repeat(135))).toBe(3);
  });
});
