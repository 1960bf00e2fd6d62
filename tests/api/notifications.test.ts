// The notices in a person's cabinet through the API: the whole system in-process, logged in with
// the development PKI; one notice comes through the real activity and the mail stand-in.
import { createNotificationActivities } from '../../activities/notifications';
import { allBodies } from '../../domain/dictionaries';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { loginAs } from '../helpers/pki';

let sys: TestSystem;
let citizen: { token: string; iin: string };
let translator: { token: string; iin: string };

beforeAll(async () => {
  sys = await startTestSystem();
  const [c, t] = await Promise.all([loginAs(sys.baseUrl, 'citizen'), loginAs(sys.baseUrl, 'translator')]);
  citizen = { token: c.token, iin: c.user.iin };
  translator = { token: t.token, iin: t.user.iin };
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const api = async (method: string, p: string, token?: string) => {
  const res = await fetch(sys.baseUrl + p, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

const note = (iin: string, n: number, at: Date) =>
  sys.db.prisma.notification.create({
    data: {
      iin,
      subject: `subject-${n}`,
      kind: 'message',
      title: `Хабарлама ${n}`,
      body: `Мәтін ${n}`,
      channels: ['cabinet'],
      dedupeKey: `api-test/${iin}/${n}`,
      createdAt: at,
    },
  });

test('a notice sent by the activity appears in the citizen’s list, newest first', async () => {
  const talon = '260000000000101';
  const body = allBodies()[0];
  await note(citizen.iin, 1, new Date('2026-01-01T10:00:00Z'));
  await note(citizen.iin, 2, new Date('2026-01-02T10:00:00Z'));
  await note(translator.iin, 3, new Date('2026-01-03T10:00:00Z'));
  const { notifyPerson } = createNotificationActivities({ prisma: sys.db.prisma, adapters: sys.adapters });
  // The first login registered the account with the e-mail from the certificate.
  const sent = await notifyPerson({
    iin: citizen.iin,
    dedupeKey: `report-${talon}/accepted`,
    subject: talon,
    kind: 'report.accepted',
    data: { talon, bodyId: body.id },
  });
  expect(sent.channels).toEqual(['cabinet', 'email']);

  const list = await api('GET', '/api/v1/notifications', citizen.token);
  expect(list.status).toBe(200);
  expect(list.body.items.map((i: any) => i.subject)).toEqual([talon, 'subject-2', 'subject-1']);
  const newest = list.body.items[0];
  expect(newest).toEqual({
    id: expect.stringMatching(/^\d+$/),
    subject: talon,
    kind: 'report.accepted',
    title: `Арыз қабылданды — талон № ${talon}`,
    body: expect.stringContaining(body.name.kk),
    channels: ['cabinet', 'email'],
    createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    readAt: null,
  });
  expect(list.body.nextBefore).toBeNull();

  // The translator sees only their own.
  const other = await api('GET', '/api/v1/notifications', translator.token);
  expect(other.body.items.map((i: any) => i.subject)).toEqual(['subject-3']);
});

test('pages with limit and before', async () => {
  const first = await api('GET', '/api/v1/notifications?limit=2', citizen.token);
  expect(first.body.items).toHaveLength(2);
  expect(first.body.nextBefore).toBe(first.body.items[1].id);
  const second = await api('GET', `/api/v1/notifications?limit=2&before=${first.body.nextBefore}`, citizen.token);
  expect(second.body.items.map((i: any) => i.subject)).toEqual(['subject-1']);
  expect(second.body.nextBefore).toBeNull();

  const bad = await api('GET', '/api/v1/notifications?limit=0&before=abc', citizen.token);
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['before', 'limit']);
});

test('marks a notice read; unread=true leaves it out', async () => {
  const { items } = (await api('GET', '/api/v1/notifications', citizen.token)).body;
  const target = items.find((i: any) => i.subject === 'subject-2');

  expect((await api('POST', `/api/v1/notifications/${target.id}/read`, citizen.token)).status).toBe(204);
  const after = (await api('GET', '/api/v1/notifications', citizen.token)).body.items.find((i: any) => i.id === target.id);
  expect(after.readAt).toEqual(expect.stringMatching(/^\d{4}-/));

  // Reading again keeps the first time.
  expect((await api('POST', `/api/v1/notifications/${target.id}/read`, citizen.token)).status).toBe(204);
  const again = (await api('GET', '/api/v1/notifications', citizen.token)).body.items.find((i: any) => i.id === target.id);
  expect(again.readAt).toBe(after.readAt);

  const unread = await api('GET', '/api/v1/notifications?unread=true', citizen.token);
  expect(unread.body.items.map((i: any) => i.subject)).toEqual(['260000000000101', 'subject-1']);
});

test('someone else’s notice, or none, is 404; without a token 401', async () => {
  const theirs = (await api('GET', '/api/v1/notifications', translator.token)).body.items[0];
  const attempt = await api('POST', `/api/v1/notifications/${theirs.id}/read`, citizen.token);
  expect(attempt).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  const row = await sys.db.prisma.notification.findUniqueOrThrow({ where: { id: BigInt(theirs.id) } });
  expect(row.readAt).toBeNull();

  expect((await api('POST', '/api/v1/notifications/999999999/read', citizen.token)).status).toBe(404);
  expect((await api('POST', '/api/v1/notifications/not-a-number/read', citizen.token)).status).toBe(404);

  const anonymous = await api('GET', '/api/v1/notifications');
  expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  expect((await api('POST', `/api/v1/notifications/${theirs.id}/read`)).status).toBe(401);
});
