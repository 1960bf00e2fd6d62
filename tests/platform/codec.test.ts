import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, loadCodecKeys, parseCodecKeys, formatCodecKeys } from '../../platform/codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const personal = { iin: '850615300124', fullName: 'Сәрсенбаев Айдос' };

test('encrypts payloads so personal data is not readable, and decrypts them back', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const payload = defaultPayloadConverter.toPayload(personal);
  const [encrypted] = await codec.encode([payload]);
  expect(Buffer.from(encrypted.data!).includes(Buffer.from('850615300124'))).toBe(false);
  expect(Buffer.from(encrypted.data!).includes(Buffer.from('Сәрсенбаев'))).toBe(false);
  expect(Buffer.from(encrypted.metadata!['encryption-key-id']).toString()).toBe('k1');
  const [decrypted] = await codec.decode([encrypted]);
  expect(defaultPayloadConverter.fromPayload(decrypted)).toEqual(personal);
});

test('rotation: the newest key encrypts, older keys still decrypt', async () => {
  const old = key('2025');
  const fresh = key('2026');
  const [before] = await new EncryptionCodec([old]).encode([defaultPayloadConverter.toPayload(personal)]);
  const rotated = new EncryptionCodec([fresh, old]);
  const [after] = await rotated.encode([defaultPayloadConverter.toPayload(personal)]);
  expect(Buffer.from(after.metadata!['encryption-key-id']).toString()).toBe('2026');
  const decoded = await rotated.decode([before, after]);
  expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([personal, personal]);
});

test('tampered ciphertext and unknown keys are refused', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const [p] = await codec.encode([defaultPayloadConverter.toPayload(personal)]);
  const tampered = { ...p, data: Buffer.from(p.data!) };
  tampered.data[20] ^= 1;
  await expect(codec.decode([tampered])).rejects.toThrow();
  await expect(new EncryptionCodec([key('other')]).decode([p])).rejects.toThrow(/unknown key "k1"/);
});

test('keys parse from CODEC_KEYS, and the development key is created once and kept', () => {
  const keys = [key('a'), key('b')];
  expect(parseCodecKeys(formatCodecKeys(keys))).toEqual(keys);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-'));
  const first = loadCodecKeys({ dataDir: dir });
  const second = loadCodecKeys({ dataDir: dir });
  expect(second).toEqual(first);
  expect(first[0].key).toHaveLength(32);
  expect(() => new EncryptionCodec([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
});
