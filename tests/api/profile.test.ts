// The user profile (000 §6) through the API on real parts: the first login opens the gate — every
// service but logging in, the profile and the dictionaries answers 428 PROFILE_REQUIRED (kk/ru/en)
// until the mandatory fields are saved; the profile comes prefilled from the certificate and the
// individuals-register stand-in; phone numbers are validated; a changed mobile waits for the SMS
// code the 1414 stand-in delivered (wrong codes counted, a limit, an expiry); the notices follow
// the saved profile. Officials are not stopped by the gate.
import { createNotificationActivities } from '../../activities/notifications';
import { allBodies } from '../../domain/dictionaries';
import { PROFILE_ERRORS, PROFILE_GATE_EXEMPT } from '../../domain/profile';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, type CallOptions } from '../helpers/api';
import { loginAs } from '../helpers/pki';

let sys: TestSystem;

jest.setTimeout(180_000);

beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);
const smsTo = async (to: string) => (await (await fetch(`${sys.standInUrls.sms}/api/sms?to=${encodeURIComponent(to)}`)).json()) as { text: string }[];
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1];

test('the first login: every service answers 428 until the mandatory fields are saved, then works; officials pass', async () => {
  const { token, user } = await loginAs(sys.baseUrl, 'citizen2', { profile: false });
  expect(user.profileRequired).toBe(true);

  // Every operation of the OpenAPI document outside the exempt ones is closed, with the reason in three languages.
  const doc = (await call('GET', '/api/v1/openapi.json')).body;
  const closed: string[] = [];
  for (const [template, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
    const p = template.replace(/^\/api\/v1/, '');
    if (!template.startsWith('/api/v1') || PROFILE_GATE_EXEMPT.some((re) => re.test(p.replace(/\{[^}]+\}/g, 'x')))) continue;
    for (const method of Object.keys(ops).filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))) {
      const r = await call(method.toUpperCase(), template.replace(/\{[^}]+\}/g, '261234561000001'), {
        token,
        ...(method !== 'get' && method !== 'delete' && { body: {} }),
      });
      expect({ op: `${method} ${template}`, status: r.status, code: r.body?.error?.code }).toEqual({
        op: `${method} ${template}`,
        status: 428,
        code: 'PROFILE_REQUIRED',
      });
      closed.push(`${method} ${template}`);
    }
  }
  expect(closed).toEqual(
    expect.arrayContaining([
      'get /api/v1/reports',
      'post /api/v1/reports',
      'get /api/v1/notifications',
      'get /api/v1/decisions/{erdr}',
      'get /api/v1/petitions/available-cases',
    ]),
  );
  const refused = await call('GET', '/api/v1/reports', { token });
  expect(refused.body.error.localised).toEqual(PROFILE_ERRORS.PROFILE_REQUIRED.message);

  // Open meanwhile: who am I, the dictionaries, the profile — prefilled from the certificate and the register.
  expect((await call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
  expect((await call('GET', '/api/v1/dictionaries/regions', { token })).status).toBe(200);
  const form = await call('GET', '/api/v1/profile', { token });
  expect(form.status).toBe(200);
  expect(form.body).toMatchObject({ iin: user.iin, fullName: user.name, status: 'INCOMPLETE', register: 'asked', mobile: null, savedAt: null });
  expect(form.body.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(form.body.address).toEqual(expect.any(String));
  // «КҮШІН ЖОЮ»: leaving the form saves nothing, the gate stays.
  expect((await call('GET', '/api/v1/notifications', { token })).status).toBe(428);

  // «САҚТАУ»: the mandatory fields, the mobile as people type it.
  const saved = await call('PUT', '/api/v1/profile', {
    token,
    body: { mobile: '8 (701) 765-43-21', email: 'aliya.seitova@example.kz', locale: 'ru', phone: '+7 7172 55 66 77', smsOptIn: true },
  });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({
    mobile: '+77017654321',
    phone: '+77172556677',
    email: 'aliya.seitova@example.kz',
    locale: 'ru',
    smsOptIn: true,
    status: 'COMPLETE',
    pendingMobile: null,
  });
  expect((await call('GET', '/api/v1/reports', { token })).status).toBe(200);
  expect((await call('GET', '/api/v1/notifications', { token })).status).toBe(200);
  expect((await call('GET', '/api/v1/auth/me', { token })).body.user.profileRequired).toBeUndefined();
  // The next login finds the profile saved.
  expect((await loginAs(sys.baseUrl, 'citizen2', { profile: false })).user.profileRequired).toBeUndefined();

  // Officials work in the back office and are not asked (000 §6 is the Public Sector's).
  const investigator = await loginAs(sys.baseUrl, 'investigator', { profile: false });
  expect(investigator.user.profileRequired).toBeUndefined();
  expect((await call('GET', '/api/v1/officials/cases', { token: investigator.token })).status).toBe(200);

  // Notices follow the saved profile: the confirmed mobile with the consent, in the chosen language.
  const talon = '260000000000177';
  const { notifyPerson } = createNotificationActivities({ prisma: sys.db.prisma, adapters: sys.adapters });
  const sent = await notifyPerson({
    iin: user.iin,
    dedupeKey: `profile-test/${talon}`,
    subject: talon,
    kind: 'report.accepted',
    data: { talon, bodyId: allBodies()[0].id },
    contact: { locale: 'kk', smsOptIn: false },
  });
  expect(sent.channels.sort()).toEqual(['cabinet', 'email', 'sms']);
  const [sms] = await smsTo('+77017654321');
  expect(sms.text).toContain(talon);
  expect(sms.text).toMatch(/[а-я]/);
  expect(sms.text).not.toMatch(/[әғқңөұүһі]/);
});

test('profile validation: mobile, phone, e-mail, language; each refusal names the field, in three languages', async () => {
  const { token } = await loginAs(sys.baseUrl, 'citizen', { profile: false });
  const good = { mobile: '+77011112233', email: 'erlan@example.kz', locale: 'kk' };
  const bad = async (body: object) => call('PUT', '/api/v1/profile', { token, body });

  for (const mobile of ['+7123', '+77111112233', '+1 202 555 0100', 'мобильный', '']) {
    const r = await bad({ ...good, mobile });
    expect({ mobile, status: r.status, fields: Object.keys(r.body.error.fields) }).toEqual({ mobile, status: 400, fields: ['mobile'] });
    expect(r.body.error.localised.kk).toContain('+7 7XX');
  }
  const phone = await bad({ ...good, phone: '12345' });
  expect(Object.keys(phone.body.error.fields)).toEqual(['phone']);
  expect(Object.keys((await bad({ ...good, email: 'not-an-address' })).body.error.fields)).toEqual(['email']);
  expect(Object.keys((await bad({ ...good, locale: 'de' })).body.error.fields)).toEqual(['locale']);
  expect(Object.keys((await bad({ email: good.email, locale: 'kk' })).body.error.fields)).toEqual(['mobile']);
  expect((await bad({ ...good, iin: '000000000000' })).status).toBe(400);
  // Nothing half-saved: still closed.
  expect((await call('GET', '/api/v1/reports', { token })).status).toBe(428);
  expect((await bad(good)).status).toBe(200);
  expect((await call('GET', '/api/v1/reports', { token })).status).toBe(200);
  // A fixed line can be cleared again.
  expect((await bad({ ...good, phone: '+77172000000' })).body.phone).toBe('+77172000000');
  expect((await bad({ ...good, phone: null })).body.phone).toBeNull();
});

test('a changed mobile counts only once the SMS code from 1414 comes back: wrong codes counted, a limit, an expiry', async () => {
  const { token } = await loginAs(sys.baseUrl, 'registry_officer_other_body', { profile: false });
  // An official is not gated, but keeps a profile all the same.
  expect((await call('PUT', '/api/v1/profile', { token, body: { mobile: '+77021110000', email: 'officer@example.kz', locale: 'kk' } })).body.mobile).toBe(
    '+77021110000',
  );

  // The change: the code goes to the new number; the confirmed one stays until it comes back.
  const changed = await call('PUT', '/api/v1/profile', { token, body: { mobile: '+77051234567', email: 'officer@example.kz', locale: 'kk' } });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({
    mobile: '+77021110000',
    status: 'MOBILE_PENDING',
    pendingMobile: { mobile: '+77051234567', expiresAt: expect.any(String) },
  });
  const [message] = await smsTo('+77051234567');
  expect(message.text).toContain('ERDR');
  const code = codeIn(message.text);
  // Only the hash is kept.
  const row = await sys.db.prisma.mobileConfirmation.findUniqueOrThrow({ where: { iin: changed.body.iin } });
  expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(row)).not.toContain(code);

  const wrong = await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code: code === '000000' ? '111111' : '000000' } });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error).toMatchObject({ code: 'WRONG_CODE', fields: { attemptsLeft: '4' }, localised: { kk: 'Код дұрыс емес.' } });
  expect((await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code: '12ab' } })).status).toBe(400);
  const right = await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code } });
  expect(right.status).toBe(200);
  expect(right.body).toMatchObject({ mobile: '+77051234567', status: 'COMPLETE', pendingMobile: null });
  expect((await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code } })).body.error.code).toBe('NO_PENDING_CHANGE');

  // Five wrong codes spend the code: the right one no longer counts.
  await call('PUT', '/api/v1/profile', { token, body: { mobile: '+77059990011', email: 'officer@example.kz', locale: 'kk' } });
  const second = codeIn((await smsTo('+77059990011'))[0].text);
  const wrongCode = second === '000000' ? '111111' : '000000';
  const tries = [];
  for (let i = 0; i < 5; i++) tries.push((await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code: wrongCode } })).body.error.code);
  expect(tries).toEqual(['WRONG_CODE', 'WRONG_CODE', 'WRONG_CODE', 'WRONG_CODE', 'TOO_MANY_ATTEMPTS']);
  const spent = await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code: second } });
  expect(spent.status).toBe(409);
  expect(spent.body.error.code).toBe('TOO_MANY_ATTEMPTS');
  expect((await call('GET', '/api/v1/profile', { token })).body.mobile).toBe('+77051234567');

  // An expired code (its 5 minutes passed) is refused even when right.
  await call('PUT', '/api/v1/profile', { token, body: { mobile: '+77077770000', email: 'officer@example.kz', locale: 'kk' } });
  const third = codeIn((await smsTo('+77077770000'))[0].text);
  await sys.db.prisma.mobileConfirmation.update({ where: { iin: changed.body.iin }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const late = await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code: third } });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('EXPIRED');
  expect((await call('GET', '/api/v1/profile', { token })).body.mobile).toBe('+77051234567');

  // «КҮШІН ЖОЮ» of a pending change: the code no longer counts.
  await call('PUT', '/api/v1/profile', { token, body: { mobile: '+77078880000', email: 'officer@example.kz', locale: 'kk' } });
  const fourth = codeIn((await smsTo('+77078880000'))[0].text);
  expect((await call('DELETE', '/api/v1/profile/mobile-change', { token })).body).toMatchObject({ status: 'COMPLETE', pendingMobile: null });
  expect((await call('POST', '/api/v1/profile/mobile-confirmation', { token, body: { code: fourth } })).body.error.code).toBe('NO_PENDING_CHANGE');
  expect((await call('GET', '/api/v1/profile', { token })).body.mobile).toBe('+77051234567');
});
