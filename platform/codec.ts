// Payload encryption for everything Temporal stores: workflow inputs, results, signals, updates,
// queries, memos and failures pass through this codec in every client and worker, so the
// Temporal database never holds citizens' personal data in clear text.
//
// AES-256-GCM with a fresh 96-bit IV per payload. The key id travels in the payload metadata,
// so keys can rotate: the first configured key encrypts, every configured key can decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const METADATA_ENCODING_KEY = 'encoding';
const METADATA_KEY_ID = 'encryption-key-id';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

export interface CodecKey {
  id: string;
  key: Buffer; // 32 bytes
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: CodecKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`codec key "${k.id}" must be 32 bytes (AES-256)`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((payload) => {
      const iv = randomBytes(IV_LENGTH);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCODING),
          [METADATA_KEY_ID]: Buffer.from(id),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCODING) return payload; // not ours: pass through
      const keyIdBytes = payload.metadata?.[METADATA_KEY_ID];
      const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '';
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`payload encrypted with unknown key "${keyId}"`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const iv = data.subarray(0, IV_LENGTH);
      const tag = data.subarray(data.length - TAG_LENGTH);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(data.subarray(IV_LENGTH, data.length - TAG_LENGTH)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** Parses `id:base64,id:base64` (the CODEC_KEYS variable). */
export function parseCodecKeys(spec: string): CodecKey[] {
  return spec.split(',').map((part) => {
    const [id, b64] = part.split(':');
    return { id, key: Buffer.from(b64, 'base64') };
  });
}

export function formatCodecKeys(keys: CodecKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}

/**
 * Keys from CODEC_KEYS, or — on the embedded default — a development key kept in the data folder,
 * created once, so histories written by one `npm start` stay readable by the next.
 */
export function loadCodecKeys(opts: { spec?: string; dataDir: string }): CodecKey[] {
  if (opts.spec) return parseCodecKeys(opts.spec);
  const spec = readOrCreateSecret(path.join(opts.dataDir, 'codec-keys'), () =>
    formatCodecKeys([{ id: `dev-${Date.now().toString(36)}`, key: randomBytes(32) }]),
  );
  return parseCodecKeys(spec);
}

/**
 * The token that lets the Temporal Web UI use the codec endpoint: CODEC_ACCESS_TOKEN, or on the
 * embedded default a random one kept in the data folder.
 */
export function loadCodecAccessToken(opts: { token?: string; dataDir: string }): string {
  return opts.token ?? readOrCreateSecret(path.join(opts.dataDir, 'codec-access-token'), () => randomBytes(24).toString('base64url'));
}

/** Reads a secret file, creating it once (owner-only); if two processes race, one wins and both read it. */
function readOrCreateSecret(file: string, make: () => string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, make(), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}
