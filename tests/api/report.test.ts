// Crime reports through the API as a citizen and the officials would use them, on real parts:
// EDS login, dictionaries, signed uploads, signed submission, the workflow, KUI and ERDR numbers,
// materials with the DOCX converted to PDF (Kazakh text checked in the PDF), e-mails received.
// Bad input gets a clear error and leaves nothing half-written.
import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { makeDocx } from '../../documents/make-docx';
import { extractPdfText } from '../../documents/pdf-text';
import { readZipFile, zipEntryNames } from '../../documents/zip';
import { signCms, signerFromPkcs12 } from '../../eds/sign';
import fs from 'node:fs';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { keyOf, loginAs, signWith, testPki } from '../helpers/pki';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { findBody } from '../../domain/dictionaries';
import { reportBody, reportContent, waitFor } from '../helpers/report';

let sys: TestSystem;
let citizen: { token: string; user: any };
let officer: { token: string; user: any };

beforeAll(async () => {
  sys = await startTestSystem();
  citizen = await loginAs(sys.baseUrl, 'citizen');
  officer = await loginAs(sys.baseUrl, 'registry_officer');
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = async (method: string, p: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: boolean } = {}) => {
  const res = await fetch(sys.baseUrl + p, {
    method,
    headers: {
      ...(opts.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(opts.token && { Authorization: `Bearer ${opts.token}` }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (opts.raw) return { status: res.status, body: Buffer.from(await res.arrayBuffer()) as any, headers: res.headers };
  return { status: res.status, body: (await res.json().catch(() => null)) as any, headers: res.headers };
};

const upload = async (bytes: Buffer, name: string) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  form.append('signature', await signWith('citizen', 'sign', bytes));
  const res = await fetch(`${sys.baseUrl}/api/v1/files`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${citizen.token}` } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; sha256: string; mediaType: string };
};

const body = reportBody;
const signReport = (content: unknown, role: 'citizen' | 'investigator' = 'citizen', purpose: 'sign' | 'auth' = 'sign') =>
  signWith(role, purpose, Buffer.from(JSON.stringify(content), 'utf8'), true);
const submit = async (signedReport: string, key = randomUUID()) =>
  call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport }, headers: { 'Idempotency-Key': key } });

const counts = async () => ({
  reports: await sys.db.prisma.report.count(),
  numbers: await sys.db.prisma.numberAllocation.count(),
  workflows: (await sys.pg.query('erdr', 'SELECT 1 FROM report')).length,
});

test('a citizen reports a crime with a DOCX and a PDF; officials register it in the KUI book and the ERDR', async () => {
  // Dictionaries, as the form reads them.
  const regions = (await call('GET', '/api/v1/dictionaries/regions')).body;
  expect(regions.find((r: any) => r.id === body.regionId)).toBeTruthy();
  const districts = (await call('GET', `/api/v1/dictionaries/regions/${body.regionId}/districts`)).body;
  expect(districts.map((d: any) => d.id)).toContain(body.districtId);
  const bodies = (await call('GET', `/api/v1/dictionaries/districts/${body.districtId}/bodies`)).body;
  expect(bodies.map((b: any) => b.id)).toContain(body.id);

  const docx = makeDocx([
    { kind: 'heading', text: 'Қосымша түсініктеме' },
    { kind: 'paragraph', runs: ['Ұрланған заттар: ноутбук, төлқұжат, әмиян. Күәгерлер: көршілер.'] },
  ]);
  const pdfDoc = await PDFDocument.create();
  pdfDoc.addPage().drawText('Receipt for the laptop');
  const pdf = Buffer.from(await pdfDoc.save());
  const [d, p] = [await upload(docx, 'түсініктеме.docx'), await upload(pdf, 'чек.pdf')];
  expect(d.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

  const content = reportContent({
    attachments: [
      { id: d.id, sha256: d.sha256 },
      { id: p.id, sha256: p.sha256 },
    ],
  });
  const accepted = await submit(await signReport(content));
  expect(accepted.status).toBe(202);
  expect(accepted.body).toEqual({ talon: expect.stringMatching(/^\d{15}$/), status: 'AWAITING_REGISTRATION' });
  const talon = accepted.body.talon;

  const awaiting = await waitFor(
    () => call('GET', `/api/v1/reports/${talon}`, { token: citizen.token }),
    (r) => r.status === 200 && r.body.materials.length >= 3,
  );
  expect(awaiting.body).toMatchObject({
    talon,
    status: 'AWAITING_REGISTRATION',
    statusLabel: { kk: 'Тіркеуді күту' },
    registeringBody: { code: DEV_OFFICIALS_BODY },
  });
  expect(awaiting.body.description).toMatch(/^Кеше түнде/);

  // The officer's queue shows it with the time left.
  const queue = await call('GET', '/api/v1/officials/reports', { token: officer.token });
  const item = queue.body.items.find((x: any) => x.talon === talon);
  expect(item.timeLeftMs).toBeGreaterThan(23 * 3600_000);
  expect(item.timeLeftMs).toBeLessThanOrEqual(24 * 3600_000);

  // The citizen cannot act as an official.
  expect((await call('POST', `/api/v1/reports/${talon}/kui-registration`, { token: citizen.token })).status).toBe(403);
  const kui = await call('POST', `/api/v1/reports/${talon}/kui-registration`, { token: officer.token });
  expect(kui.status).toBe(200);
  expect(kui.body.kuiNumber).toMatch(new RegExp(`^\\d{2}${DEV_OFFICIALS_BODY}0\\d{6}$`));
  const erdr = await call('POST', `/api/v1/reports/${talon}/decision`, { token: officer.token, body: { kind: 'REGISTER_ERDR' } });
  expect(erdr.status).toBe(200);
  expect(erdr.body.erdrNumber).toMatch(new RegExp(`^\\d{2}${DEV_OFFICIALS_BODY}1\\d{6}$`));

  const seen = await waitFor(
    () => call('GET', `/api/v1/reports/${talon}`, { token: citizen.token }),
    (r) => r.body.status === 'REGISTERED_ERDR',
  );
  expect(seen.body).toMatchObject({ status: 'REGISTERED_ERDR', kuiNumber: kui.body.kuiNumber, erdrNumber: erdr.body.erdrNumber });
  const list = await call('GET', '/api/v1/reports', { token: citizen.token });
  expect(list.body.items.find((x: any) => x.talon === talon)).toMatchObject({
    kuiNumber: kui.body.kuiNumber,
    erdrNumber: erdr.body.erdrNumber,
    status: 'REGISTERED_ERDR',
  });

  // Materials: the two attachments and the DOCX converted to PDF, with its Kazakh text.
  const converted = seen.body.materials.find((m: any) => m.kind === 'converted_pdf');
  expect(converted.mediaType).toBe('application/pdf');
  const zip = await call('GET', `/api/v1/reports/${talon}/materials.zip`, { token: citizen.token, raw: true });
  expect(zip.status).toBe(200);
  expect(zipEntryNames(zip.body).length).toBe(3);
  const text = await extractPdfText(readZipFile(zip.body, converted.name)!);
  expect(text).toMatch(/Ұрланған заттар/);
  expect(text).toMatch(/төлқұжат/);

  // E-mails reached the applicant's address through real SMTP.
  const mail = await waitFor(
    async () => (await (await fetch(`${sys.standInUrls.mailbox}/messages?to=erlan.abilkassymov@mail.kz`)).json()) as any[],
    (m) => m.filter((x) => x.subject.includes(talon)).length >= 3,
  );
  // Accepted, registered in the KUI book, registered in the ERDR: one e-mail each, in Kazakh.
  const ours = mail.filter((m) => m.subject.includes(talon));
  expect(ours).toHaveLength(3);
  expect(ours.map((m) => m.text).join('\n')).toContain(kui.body.kuiNumber);
  expect(ours.map((m) => m.text).join('\n')).toContain(erdr.body.erdrNumber);
});

test('the same Idempotency-Key gives the same talon, never a second report; a different report with it is refused', async () => {
  const key = randomUUID();
  const signed = await signReport(reportContent());
  const first = await submit(signed, key);
  const before = await counts();
  const again = await submit(signed, key);
  expect(again.status).toBe(202);
  expect(again.body.talon).toBe(first.body.talon);
  const other = await submit(await signReport(reportContent({ fabula: 'Басқа оқиға туралы мүлде басқа арыз мәтіні.' })), key);
  expect(other).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
  expect(await counts()).toEqual(before);
});

test('the same submission sent several times at once: one talon, one report, one number', async () => {
  const key = randomUUID();
  const signed = await signReport(reportContent({ fabula: 'Бір арыз бір мезгілде бірнеше рет жіберілді: талон біреу болуы тиіс.' }));
  const before = await counts();
  const answers = await Promise.all(Array.from({ length: 5 }, () => submit(signed, key)));
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
  expect(new Set(answers.map((a) => a.body.talon)).size).toBe(1);
  const after = await counts();
  expect(after.reports - before.reports).toBe(1);
  expect(after.numbers - before.numbers).toBe(1);
});

test('every signature check is journalled once: accepted (in the same statement as the report), retried or refused', async () => {
  const contentOf = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(reportContent(o)), 'utf8');
  const checksOf = (content: Buffer) =>
    sys.db.prisma.signatureCheck.findMany({ where: { contentSha256: createHash('sha256').update(content).digest('hex') }, orderBy: { id: 'asc' } });
  const accepted = { fabula: 'Журналға жазылатын арыз: әр тексеру бір рет қана жазылады.' };
  const signed = await signReport(reportContent(accepted));
  const key = randomUUID();
  expect((await submit(signed, key)).status).toBe(202);
  // The API's check, and the workflow's own re-check of the stored signature.
  expect(
    (
      await waitFor(
        () => checksOf(contentOf(accepted)),
        (c) => c.length >= 2,
      )
    ).map((c) => c.valid),
  ).toEqual([true, true]);
  expect((await submit(signed, key)).status).toBe(202); // a retry is checked again
  expect(await checksOf(contentOf(accepted))).toHaveLength(3);

  const refusedContent = { fabula: 'short' };
  expect((await submit(await signReport(reportContent(refusedContent)))).status).toBe(400);
  expect(await checksOf(contentOf(refusedContent))).toMatchObject([{ valid: true }]);
  const wrongKey = { fabula: 'Аутентификация кілтімен қол қойылған арыз қабылданбайды.' };
  expect((await submit(await signReport(reportContent(wrongKey), 'citizen', 'auth'))).status).toBe(422);
  expect(await checksOf(contentOf(wrongKey))).toMatchObject([{ valid: false, actorIin: citizen.user.iin }]);
});

describe('bad input gets a clear error and writes nothing', () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeEach(async () => {
    before = await counts();
  });
  afterEach(async () => {
    expect(await counts()).toEqual(before);
  });

  test('every invalid field is named', async () => {
    const r = await submit(
      await signReport(
        reportContent({
          offenceAt: 'yesterday',
          fabula: 'short',
          applicant: { address: '', email: 'not-mail', phone: '8701' },
          falseReportWarningAccepted: false,
        }),
      ),
    );
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual([
      'applicant.address',
      'applicant.email',
      'applicant.phone',
      'fabula',
      'falseReportWarningAccepted',
      'offenceAt',
    ]);
  });

  test('unknown or inconsistent region, district or body', async () => {
    expect((await submit(await signReport(reportContent({ regionId: 'kz-nowhere' })))).body.error.fields).toHaveProperty('regionId');
    const otherRegionDistrict = findBody('kz-ala-medeu-police');
    expect((await submit(await signReport(reportContent({ districtId: otherRegionDistrict?.districtId ?? 'kz-ala-medeu' })))).body.error.fields).toHaveProperty(
      'districtId',
    );
    expect((await submit(await signReport(reportContent({ bodyId: 'kz-ala-medeu-police' })))).body.error.fields).toHaveProperty('bodyId');
  });

  test('no Idempotency-Key, or no signature', async () => {
    const noKey = await call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport: await signReport(reportContent()) } });
    expect(noKey.body.error.fields).toHaveProperty('Idempotency-Key');
    const unsigned = await submit(Buffer.from(JSON.stringify(reportContent())).toString('base64'));
    expect(unsigned.status).toBe(422);
  });

  test('signed with the authentication key, by someone else, over other content, or with a revoked certificate: 422', async () => {
    const authKey = await submit(await signReport(reportContent(), 'citizen', 'auth'));
    expect(authKey.status).toBe(422);
    expect(authKey.body.error.reasons.map((x: any) => x.code)).toContain('WRONG_KEY_PURPOSE');
    expect((await submit(await signReport(reportContent(), 'investigator'))).body.error.code).toBe('SIGNER_MISMATCH');

    const cms = Buffer.from(await signReport(reportContent()), 'base64');
    const i = cms.indexOf(Buffer.from('Кеше'));
    cms[i + 1] ^= 1; // one bit of the signed content flipped
    expect((await submit(cms.toString('base64'))).status).toBe(422);

    const revoked = (await testPki()).special.revoked;
    const signer = await signerFromPkcs12(new Uint8Array(fs.readFileSync(revoked.p12)), revoked.password);
    const r = await submit(Buffer.from(await signCms(Buffer.from(JSON.stringify(reportContent())), signer, { attached: true })).toString('base64'));
    expect(r.status).toBe(422);
  });

  test('attachments that were not uploaded by the applicant, or with another hash', async () => {
    const r = await submit(await signReport(reportContent({ attachments: [{ id: randomUUID(), sha256: 'a'.repeat(64) }] })));
    expect(r.body.error.fields).toHaveProperty(['attachments.0.id']);
    // One real upload listed with another hash, one unknown, and one right: only the two wrong are named.
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Receipt');
    const file = await upload(Buffer.from(await doc.save()), 'receipt.pdf');
    const mixed = await submit(
      await signReport(
        reportContent({
          attachments: [
            { id: file.id, sha256: 'b'.repeat(64) },
            { id: randomUUID(), sha256: file.sha256 },
            { id: file.id, sha256: file.sha256 },
          ],
        }),
      ),
    );
    expect(mixed.status).toBe(400);
    expect(Object.keys(mixed.body.error.fields).sort()).toEqual(['attachments.0.sha256', 'attachments.1.id']);
  });
});

test("nobody else sees a citizen's report; officials of other bodies neither", async () => {
  const { body: accepted } = await submit(await signReport(reportContent()));
  const translator = await loginAs(sys.baseUrl, 'translator');
  expect((await call('GET', `/api/v1/reports/${accepted.talon}`, { token: translator.token })).status).toBe(404);
  expect((await call('GET', `/api/v1/reports/${accepted.talon}`)).status).toBe(401);
  const { iin } = await keyOf('citizen', 'sign');
  expect(iin).toBe(citizen.user.iin);
});

test('the applicant is told in the language of their profile', async () => {
  await sys.db.prisma.account.update({ where: { iin: citizen.user.iin }, data: { locale: 'ru' } });
  try {
    const { body: accepted } = await submit(await signReport(reportContent()));
    const notices = await waitFor(
      () => sys.db.prisma.notification.findMany({ where: { iin: citizen.user.iin, subject: accepted.talon } }),
      (n) => n.length > 0,
    );
    expect(notices[0].title).toMatch(/^Заявление принято/);
  } finally {
    await sys.db.prisma.account.update({ where: { iin: citizen.user.iin }, data: { locale: 'kk' } });
  }
});

test('a report is attached only to a case the register holds', async () => {
  const registered = async () => {
    const { body: accepted } = await submit(await signReport(reportContent()));
    await waitFor(
      () => call('GET', `/api/v1/reports/${accepted.talon}`, { token: citizen.token }),
      (r) => r.body?.status === 'AWAITING_REGISTRATION',
    );
    expect((await call('POST', `/api/v1/reports/${accepted.talon}/kui-registration`, { token: officer.token })).status).toBe(200);
    return accepted.talon as string;
  };
  const first = await registered();
  const { body: started } = await call('POST', `/api/v1/reports/${first}/decision`, { token: officer.token, body: { kind: 'REGISTER_ERDR' } });
  const caseExists = () =>
    sys.client.workflow
      .getHandle(`case-${started.erdrNumber}`)
      .describe()
      .then(
        () => true,
        () => false,
      );
  await waitFor(caseExists, Boolean);

  const second = await registered();
  const attach = (erdrNumber: string) =>
    call('POST', `/api/v1/reports/${second}/decision`, {
      token: officer.token,
      body: { kind: 'ATTACH_TO_CASE', erdrNumber, reason: 'Сол оқиға бойынша бұрын тіркелген іске қосылды' },
    });
  // A well-formed number of no case: refused, and the report still waits for a decision.
  const unknown = `${started.erdrNumber.slice(0, 8)}9999999`;
  const refused = await attach(unknown);
  expect(refused.status).toBe(400);
  expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { erdrNumber: 'no such case' } });
  expect((await call('GET', `/api/v1/reports/${second}`, { token: citizen.token })).body.status).toBe('REGISTERED_KUI');

  const attached = await attach(started.erdrNumber);
  expect(attached.status).toBe(200);
  expect(attached.body).toMatchObject({ status: 'ATTACHED_TO_CASE', decision: { kind: 'ATTACH_TO_CASE', erdrNumber: started.erdrNumber } });
});
