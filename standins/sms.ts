// A local SMS gateway for the embedded default. It accepts messages only from the sender 1414
// and only to Kazakhstan mobile numbers, as the operator's gateway does, and keeps them:
//   POST /api/sms        { sender?: "1414", to: "+77011234567", text }  → 201 { id, status, segments }
//                        (an `Idempotency-Key` header makes a repeated request return the first answer)
//   GET  /api/sms        everything sent (?to=+77… filters), oldest first
//   GET  /api/sms/:id    one message
import { randomUUID } from 'node:crypto';
import express from 'express';
import { KZ_MOBILE_E164, SMS_SENDER } from '../adapters/sms';
import { logger } from '../platform/logger';
import { Journal } from './journal';
import { closeServer, httpUrl, jsonErrors, listen } from './listen';

export interface SentSms {
  id: string;
  sender: string;
  to: string;
  text: string;
  /** How many SMS parts the operator bills (70 characters per part for Cyrillic, 160 for Latin). */
  segments: number;
  receivedAt: string;
  idempotencyKey: string | null;
}

const MAX_TEXT_LENGTH = 1000;

export async function startSmsStandIn(opts: { host?: string; port: number; dataDir?: string }): Promise<{ url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const log = logger.child({ component: 'sms-stand-in' });
  const journal = Journal.open<SentSms>(opts.dataDir, 'sms.jsonl');

  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.post('/api/sms', (req, res) => {
    const { sender = SMS_SENDER, to, text } = (req.body ?? {}) as Record<string, unknown>;
    if (sender !== SMS_SENDER) {
      return void res.status(400).json({ error: 'invalid_sender', message: `the only allowed sender is ${SMS_SENDER}` });
    }
    if (typeof to !== 'string' || !KZ_MOBILE_E164.test(to)) {
      return void res.status(400).json({ error: 'invalid_number', message: 'to must be a Kazakhstan mobile number in E.164, e.g. +77011234567' });
    }
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
      return void res.status(400).json({ error: 'invalid_text', message: `text must have 1–${MAX_TEXT_LENGTH} characters` });
    }
    const idempotencyKey = req.get('idempotency-key') ?? null;
    const earlier = idempotencyKey ? journal.all.find((m) => m.idempotencyKey === idempotencyKey) : undefined;
    if (earlier) return void res.status(200).json(answer(earlier));

    const sms: SentSms = {
      id: randomUUID(),
      sender: SMS_SENDER,
      to,
      text,
      segments: smsSegments(text),
      receivedAt: new Date().toISOString(),
      idempotencyKey,
    };
    journal.append(sms);
    log.debug({ id: sms.id }, 'SMS accepted');
    res.status(201).json(answer(sms));
  });

  app.get('/api/sms', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    res.json(journal.all.filter((m) => !to || m.to === to));
  });
  app.get('/api/sms/:id', (req, res) => {
    const sms = journal.all.find((m) => m.id === req.params.id);
    if (!sms) return void res.status(404).json({ error: 'not_found' });
    res.json(sms);
  });
  app.use(jsonErrors());

  const server = await listen(app, host, opts.port);
  return { url: httpUrl(host, server), close: () => closeServer(server) };
}

function answer(sms: SentSms) {
  return { id: sms.id, status: 'accepted', segments: sms.segments };
}

// The GSM 7-bit alphabet (basic set); any other character, Kazakh and Russian letters included,
// switches the whole message to UCS-2.
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

export function smsSegments(text: string): number {
  const [single, multi] = GSM7.test(text) ? [160, 153] : [70, 67];
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}
