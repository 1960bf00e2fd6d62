// Notices to a person over real parts: the activity runs in Temporal's mock activity context
// against an embedded PostgreSQL (migrated) and the SMTP and SMS stand-ins over real sockets.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createAdapters, ExternalSystemUnavailableError, type Adapters } from '../../adapters';
import { createNotificationActivities, type PersonNotice } from '../../activities/notifications';
import { createOfficialsNotifier, type OfficialsNotice } from '../../activities/officials';
import { allBodies } from '../../domain/dictionaries';
import { REPORT_STATUSES, REPORT_STATUS_LABELS } from '../../domain/report';
import { LOCALES, renderNotification, SMS_MAX_LENGTH } from '../../domain/notification-templates';
import { startStandIns, type StandIns } from '../../standins';
import { openDatabase, type Database } from '../../app/system';
import { startTestServer, type TestServer } from '../helpers/postgres';

let pg: TestServer;
let db: Database;
let standIns: StandIns;
let adapters: Adapters;
// Failures are expected in several tests; the SDK would print each one as a warning.
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const env = new MockActivityEnvironment(undefined, { logger: quiet });

beforeAll(async () => {
  [pg, standIns] = await Promise.all([
    startTestServer('notify'),
    startStandIns({ host: '127.0.0.1', ports: { smtp: 0, mailbox: 0, sms: 0, individuals: 0, courts: 0 } }),
  ]);
  db = await openDatabase(pg.url);
  adapters = createAdapters({ MAIL_FROM: 'ERDR Public Sector <noreply@qamqor.local>', ...standIns.env }, { timeoutMs: 5000 });
}, 90_000);

afterAll(async () => {
  await db?.prisma.$disconnect();
  await standIns?.close();
  await pg?.stop();
});

const body = allBodies()[0];
let counter = 0;
/** A fresh IIN-like id, e-mail and mobile number per test, so tests never see each other's mail. */
const fresh = () => {
  counter += 1;
  const n = String(counter).padStart(4, '0');
  return { iin: `90010130${n}`, email: `citizen${n}@example.kz`, phone: `+7701555${n.padStart(4, '0')}`, talon: `26000000000${n}` };
};

const mailTo = async (address: string) =>
  (await (await fetch(`${standIns.urls.mailbox}/messages?to=${encodeURIComponent(address)}`)).json()) as { subject: string; text: string; from: string }[];
const smsTo = async (phone: string) =>
  (await (await fetch(`${standIns.urls.sms}/api/sms?to=${encodeURIComponent(phone)}`)).json()) as {
    sender: string;
    text: string;
    idempotencyKey: string | null;
  }[];

const accepted = (p: ReturnType<typeof fresh>, extra: Partial<PersonNotice> = {}): PersonNotice =>
  ({
    iin: p.iin,
    dedupeKey: `report-${p.talon}/accepted`,
    subject: p.talon,
    kind: 'report.accepted',
    data: { talon: p.talon, bodyId: body.id },
    ...extra,
  }) as PersonNotice;

const notify = (notice: PersonNotice, a: Pick<Adapters, 'mail' | 'sms'> = adapters) =>
  env.run(createNotificationActivities({ prisma: db.prisma, adapters: a }).notifyPerson, notice) as Promise<{ channels: string[] }>;

describe('notifyPerson', () => {
  test('e-mails the person in Kazakh by default and lists the notice in the cabinet', async () => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'Сейітов Арман Болатұлы', email: p.email } });

    const result = await notify(accepted(p));

    expect(result.channels).toEqual(['cabinet', 'email']);
    const expected = renderNotification('report.accepted', { talon: p.talon, bodyId: body.id }, 'kk');
    expect(expected.title).toBe(`Арыз қабылданды — талон № ${p.talon}`);
    const mail = await mailTo(p.email);
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe(expected.title);
    expect(mail[0].from).toBe('noreply@qamqor.local');
    expect(mail[0].text).toContain(body.name.kk);
    expect(mail[0].text).toContain('жауап берудің қажеті жоқ');

    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `report-${p.talon}/accepted` } });
    expect(row).toMatchObject({ iin: p.iin, subject: p.talon, kind: 'report.accepted', title: expected.title, body: expected.text, readAt: null });
    expect(row.channels).toEqual(['cabinet', 'email']);
  });

  test('sends an SMS from 1414 only to a person who agreed to SMS', async () => {
    const declined = fresh();
    await db.prisma.account.create({ data: { iin: declined.iin, fullName: 'A', phone: declined.phone, smsOptIn: false } });
    expect((await notify(accepted(declined))).channels).toEqual(['cabinet']);
    expect(await smsTo(declined.phone)).toEqual([]);

    const agreed = fresh();
    await db.prisma.account.create({ data: { iin: agreed.iin, fullName: 'B', phone: agreed.phone, smsOptIn: true } });
    expect((await notify(accepted(agreed))).channels).toEqual(['cabinet', 'sms']);
    const sms = await smsTo(agreed.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({
      sender: '1414',
      text: renderNotification('report.accepted', { talon: agreed.talon, bodyId: body.id }, 'kk').sms,
      idempotencyKey: `report-${agreed.talon}/accepted`,
    });
    expect(sms[0].text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
  });

  test('contact details given with the matter win over the account, and phone numbers are normalised', async () => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'C', email: 'old@example.kz', smsOptIn: false } });
    const typedPhone = `8 ${p.phone.slice(2, 5)} ${p.phone.slice(5, 8)} ${p.phone.slice(8, 10)} ${p.phone.slice(10)}`;
    const result = await notify(accepted(p, { contact: { email: p.email, phone: typedPhone, smsOptIn: true } }));
    expect(result.channels).toEqual(['cabinet', 'email', 'sms']);
    expect(await mailTo(p.email)).toHaveLength(1);
    expect(await mailTo('old@example.kz')).toHaveLength(0);
    expect(await smsTo(p.phone)).toHaveLength(1);
  });

  test('marks a paper letter when the person has neither e-mail nor phone (001 ¶24)', async () => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'D' } });
    expect((await notify(accepted(p))).channels).toEqual(['cabinet', 'paper_letter']);

    // Without any account row at all, too.
    const unknown = fresh();
    expect((await notify(accepted(unknown))).channels).toEqual(['cabinet', 'paper_letter']);
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `report-${unknown.talon}/accepted` } });
    expect(row.channels).toEqual(['cabinet', 'paper_letter']);
  });

  test('the same dedupe key twice sends nothing the second time', async () => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'E', email: p.email, phone: p.phone, smsOptIn: true } });
    const first = await notify(accepted(p));
    const second = await notify(accepted(p));
    expect(second.channels).toEqual(first.channels);
    expect(first.channels).toEqual(['cabinet', 'email', 'sms']);
    expect(await mailTo(p.email)).toHaveLength(1);
    expect(await smsTo(p.phone)).toHaveLength(1);
    expect(await db.prisma.notification.count({ where: { iin: p.iin } })).toBe(1);
  });

  test('a retry after the SMS gateway failed sends the SMS but not the e-mail again', async () => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'F', email: p.email, phone: p.phone, smsOptIn: true } });
    let down = true;
    const flaky: Pick<Adapters, 'mail' | 'sms'> = {
      mail: adapters.mail,
      sms: {
        send: (sms) => (down ? Promise.reject(new ExternalSystemUnavailableError('sms', 'gateway down', 503)) : adapters.sms.send(sms)),
      },
    };

    const failure = await notify(accepted(p), flaky).catch((e: unknown) => e);
    // Retryable: Temporal tries again.
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: false, type: 'NOTICE_CHANNEL_UNAVAILABLE' });
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `report-${p.talon}/accepted` } })).channels).toEqual(['cabinet', 'email']);

    down = false;
    expect((await notify(accepted(p), flaky)).channels).toEqual(['cabinet', 'email', 'sms']);
    expect(await mailTo(p.email)).toHaveLength(1);
    expect(await smsTo(p.phone)).toHaveLength(1);
  });

  test('a refused address fails without retries, after the other channels went out', async () => {
    const p = fresh();
    const bad = `nobody${counter}@example.invalid`;
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'G', email: bad, phone: p.phone, smsOptIn: true } });

    const failure = await notify(accepted(p)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'NOTICE_REFUSED' });
    expect((failure as ApplicationFailure).message).toMatch(/^notice report-\d+\/accepted refused on email \(ExternalSystemRejectedError 550\)$/);
    // The address only in the details (encrypted by the payload codec), not in the clear-text message.
    expect((failure as ApplicationFailure).message).not.toContain(bad);
    expect((failure as ApplicationFailure).details?.[0]).toMatchObject({ refused: [{ channel: 'email', status: 550 }], channels: ['cabinet', 'sms'] });
    expect(await smsTo(p.phone)).toHaveLength(1);
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `report-${p.talon}/accepted` } });
    expect(row.channels).toEqual(['cabinet', 'sms']);
  });

  test('invalid notice data fails without retries and sends nothing', async () => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'H', email: p.email } });
    const failure = await notify({ ...accepted(p), data: { talon: p.talon } } as unknown as PersonNotice).catch((e: unknown) => e);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'NOTICE_INVALID' });
    expect((failure as Error).message).toContain('bodyId');
    expect(await mailTo(p.email)).toHaveLength(0);
    expect(await db.prisma.notification.count({ where: { iin: p.iin } })).toBe(0);
  });

  test.each([
    ['kk', 'Заявление', 'Арыз № '],
    ['ru', 'Арыз', 'Заявление № '],
    ['en', 'Заявление', 'Report No. '],
  ] as const)('locale %s picks the language of the e-mail and the cabinet entry', async (locale, foreign, titleStart) => {
    const p = fresh();
    await db.prisma.account.create({ data: { iin: p.iin, fullName: 'I', email: p.email, locale: locale === 'kk' ? 'kk' : 'ru' } });
    const notice: PersonNotice = {
      iin: p.iin,
      dedupeKey: `report-${p.talon}/status-1`,
      subject: p.talon,
      kind: 'report.status',
      data: { talon: p.talon, status: 'REGISTERED_KUI', kuiNumber: '267113030512388' },
      // The account says ru for ru and en; the locale given with the matter decides for en.
      ...(locale === 'en' && { contact: { locale: 'en' } }),
    };
    await notify(notice);
    const [mail] = await mailTo(p.email);
    expect(mail.subject).toBe(`${titleStart}${p.talon}: ${REPORT_STATUS_LABELS.REGISTERED_KUI[locale]}`);
    expect(mail.subject).not.toContain(foreign);
    expect(mail.text).toContain('267113030512388');
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: notice.dedupeKey } });
    expect(row.title).toBe(mail.subject);
  });
});

describe('notification templates', () => {
  const talon = '260000005900755';

  test('every status and locale gives a short SMS naming the talon and nothing personal', () => {
    for (const status of REPORT_STATUSES) {
      for (const locale of LOCALES) {
        const n = renderNotification(
          'report.status',
          {
            talon,
            status,
            kuiNumber: '267113030512388',
            erdrNumber: '267113031000001',
            reason: 'Іс-әрекетте қылмыс құрамы жоқ, Сейітов А.Б. түсініктемесі',
            toBodyId: body.id,
          },
          locale,
        );
        expect(n.sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
        expect(n.sms).toContain(talon);
        expect(n.sms).toContain(REPORT_STATUS_LABELS[status][locale]);
        expect(n.sms).not.toMatch(/Сейітов|267113030512388|267113031000001/);
        // The full text carries the numbers, the reason and the target body.
        expect(n.text).toContain('267113030512388');
        expect(n.text).toContain('267113031000001');
        expect(n.text).toContain('Сейітов А.Б.');
        expect(n.text).toContain(body.name[locale]);
      }
    }
  });

  test('a refusal tells how to appeal; a rejection lists its reasons per language', () => {
    expect(renderNotification('report.status', { talon, status: 'REFUSED', reason: 'Оқиға азаматтық-құқықтық сипатта' }, 'ru').text).toContain(
      'Вы вправе обжаловать это решение',
    );
    expect(renderNotification('report.status', { talon, status: 'REGISTERED_ERDR' }, 'ru').text).not.toContain('обжаловать');

    const reasons = [{ kk: 'Қолтаңба жарамсыз.', ru: 'Подпись недействительна.', en: 'The signature is not valid.' }, 'CONTENT_MISMATCH'];
    const kk = renderNotification('report.rejected', { talon, reasons }, 'kk');
    expect(kk.title).toBe(`Арыз қабылданбады — талон № ${talon}`);
    expect(kk.text).toContain('— Қолтаңба жарамсыз.');
    expect(kk.text).toContain('— CONTENT_MISMATCH');
    expect(renderNotification('report.rejected', { talon, reasons }, 'en').text).toContain('— The signature is not valid.');
  });

  test('a message takes its own title and text, and its SMS is clipped to the limit', () => {
    const n = renderNotification('message', { title: { kk: 'Шақыру', ru: 'Вызов', en: 'Summons' }, text: 'x'.repeat(500) }, 'en');
    expect(n.title).toBe('Summons');
    expect(n.sms).toBe('Summons. Details in your personal account.');
    const long = renderNotification('message', { title: 'T', text: 't', sms: 'ж'.repeat(300) }, 'kk');
    expect(long.sms).toHaveLength(SMS_MAX_LENGTH);
    expect(long.sms.endsWith('…')).toBe(true);
  });

  test('the same input always gives the same text', () => {
    const data = { talon, status: 'TRANSFERRED' as const, reason: 'Тергеулігі бойынша', toBodyId: body.id };
    expect(renderNotification('report.status', data, 'kk')).toEqual(renderNotification('report.status', { ...data }, 'kk'));
  });
});

describe('notifyOfficials', () => {
  test('an official whose address bounces keeps the notice in the cabinet, and the others are still told', async () => {
    const [bounced, reached] = [fresh(), fresh()];
    const bodyCode = `9${String(counter).padStart(5, '0')}`;
    for (const [p, email] of [
      [bounced, `officer${bounced.iin}@mail.invalid`],
      [reached, reached.email],
    ] as const) {
      await db.prisma.account.create({ data: { iin: p.iin, fullName: 'Тіркеуші', email } });
      await db.prisma.roleGrant.create({ data: { iin: p.iin, role: 'registry_officer', bodyCode, applicationId: `app-${p.iin}`, grantedBy: 'test' } });
    }
    const { notifyPerson } = createNotificationActivities({ prisma: db.prisma, adapters });
    const { notifyOfficials } = createOfficialsNotifier({ prisma: db.prisma, notifyPerson });
    const talon = `26${bodyCode}000001`;
    const notice: OfficialsNotice = {
      bodyCode,
      roles: ['registry_officer'],
      dedupeKey: `report-${talon}/awaiting-registration`,
      subject: talon,
      kind: 'report.awaiting_registration',
    };
    await env.run(notifyOfficials, notice);

    const rows = await db.prisma.notification.findMany({ where: { subject: talon }, orderBy: { iin: 'asc' } });
    expect(rows.map((r) => [r.iin, r.channels])).toEqual(
      [
        [bounced.iin, ['cabinet']],
        [reached.iin, ['cabinet', 'email']],
      ].sort(),
    );
    expect(await mailTo(reached.email)).toHaveLength(1);
  });

  test("only the active holders of the roles in the notice's body are told, each once", async () => {
    const [officer, alsoInvestigator, revoked, blocked, otherBody, otherRole] = [fresh(), fresh(), fresh(), fresh(), fresh(), fresh()];
    const bodyCode = `8${String(counter).padStart(5, '0')}`;
    const grant = (iin: string, role: string, body = bodyCode, extra = {}) =>
      db.prisma.roleGrant.create({ data: { iin, role, bodyCode: body, applicationId: `app-${iin}-${role}-${body}`, grantedBy: 'test', ...extra } });
    for (const p of [officer, alsoInvestigator, revoked, blocked, otherBody, otherRole]) {
      await db.prisma.account.create({ data: { iin: p.iin, fullName: 'Лауазымды тұлға', status: p === blocked ? 'BLOCKED' : 'ACTIVE' } });
    }
    await grant(officer.iin, 'registry_officer');
    await grant(alsoInvestigator.iin, 'registry_officer');
    await grant(alsoInvestigator.iin, 'investigator');
    await grant(revoked.iin, 'registry_officer', bodyCode, { revokedAt: new Date() });
    await grant(blocked.iin, 'registry_officer');
    await grant(otherBody.iin, 'registry_officer', `7${bodyCode.slice(1)}`);
    await grant(otherRole.iin, 'prosecutor');
    const told: string[] = [];
    const { notifyOfficials } = createOfficialsNotifier({ prisma: db.prisma, notifyPerson: async (n) => told.push(n.iin) });
    const talon = `26${bodyCode}000002`;
    await env.run(notifyOfficials, {
      bodyCode,
      roles: ['registry_officer', 'investigator'],
      dedupeKey: `report-${talon}/awaiting-registration`,
      subject: talon,
      kind: 'report.awaiting_registration',
    } satisfies OfficialsNotice);
    expect(told.sort()).toEqual([officer.iin, alsoInvestigator.iin].sort());
  });
});
