// The electronic criminal case through the API, on real parts (PostgreSQL, the Temporal dev server,
// the worker with the real activities, the file store, the SMTP stand-in): a citizen's report is
// registered in the KUI book and the ERDR, the case workflow generates the three ¶11 PDFs, the
// investigator finds the case in their list, a prosecutor takes it under supervision, the format
// is resolved (the prosecutor notified), a victim is added and told by e-mail, the timeline tells
// it all; forbidden transitions answer 409 with the rule's paragraph, and outsiders see nothing.
// The officials stand in the search attributes by keyed pseudonyms, never by IIN; the timeline of a
// case that continued as new is told whole, its older events read from the audit chain.
import { randomInt, randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { extractPdfText } from '../../documents/pdf-text';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, type CallOptions } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { reportContent, waitFor } from '../helpers/report';
import { searchPseudonymOf } from '../../app/system';
import { attachDocument, caseWorkflow, getCase, registerPaperDocument, type CaseInput } from '../../workflows/ecase';
import { DAY, HOUR } from '../../domain/deadlines';
import { sendCaseUpdate } from '../../api/ecase';

let sys: TestSystem;
type Session = { token: string; user: any };
let citizen: Session;
let officer: Session;
let investigator: Session;
let prosecutor: Session;

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, officer, investigator, prosecutor] = await Promise.all([
    loginAs(sys.baseUrl, 'citizen'),
    loginAs(sys.baseUrl, 'registry_officer'),
    loginAs(sys.baseUrl, 'investigator'),
    loginAs(sys.baseUrl, 'prosecutor'),
  ]);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);

/** The case's search attributes by name, once `ok` holds (or the last seen). */
const searchAttributes = (h: WorkflowHandle, ok: (a: Record<string, unknown>) => boolean) =>
  waitFor(async () => Object.fromEntries((await h.describe()).typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])), ok);

/** A citizen's report, registered in the KUI book by the registry officer and in the ERDR by the investigator. */
async function registeredCase(): Promise<string> {
  const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent()), 'utf8'), true);
  const accepted = await call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport }, headers: { 'Idempotency-Key': randomUUID() } });
  expect(accepted.status).toBe(202);
  const talon = accepted.body.talon;
  expect((await call('POST', `/api/v1/reports/${talon}/kui-registration`, { token: officer.token })).status).toBe(200);
  // The official who registers in the ERDR conducts the case (workflows/report.ts): the investigator.
  const decided = await call('POST', `/api/v1/reports/${talon}/decision`, { token: investigator.token, body: { kind: 'REGISTER_ERDR' } });
  expect(decided.status).toBe(200);
  return decided.body.erdrNumber;
}

test('a registered report becomes a case: ¶11 documents, the list, supervision, the format, a participant told, the timeline', async () => {
  const erdr = await registeredCase();
  expect(erdr).toMatch(/^\d{15}$/);

  // ¶11: the case workflow `case-<erdr>` generated and stored the three documents.
  const opened = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.status === 200 && r.body.documents.length === 3,
  );
  expect(opened.status).toBe(200);
  expect(opened.body).toMatchObject({
    access: 'conduct',
    erdrNumber: erdr,
    status: 'REGISTERED',
    bodyCode: DEV_OFFICIALS_BODY,
    officialIin: investigator.user.iin,
  });
  expect(opened.body.documents.map((d: any) => d.generatedKind).sort()).toEqual([
    'kui_registration_report',
    'offence_detection_report',
    'prosecutor_notice_start',
  ]);
  for (const d of opened.body.documents) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
  const detection = opened.body.documents.find((d: any) => d.generatedKind === 'offence_detection_report');
  const pdf = await sys.files.get(detection.sha256);
  expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
  const text = (await extractPdfText(pdf!)).replace(/\s+/g, ' ');
  expect(text).toContain(`СДТБТ нөмірі: ${erdr}`);
  expect(text).toContain('қылмыстық құқық бұзушылық туралы мәліметтер анықталғанын баяндаймын');
  expect(text).toContain('Қылмыстық процесті жүргізуші тұлға');

  // Outsiders see nothing: the citizen (not yet a confirmed participant), an unassigned prosecutor.
  expect((await call('GET', `/api/v1/cases/${erdr}`, { token: citizen.token })).status).toBe(404);
  expect((await call('GET', `/api/v1/cases/${erdr}/timeline`, { token: citizen.token })).status).toBe(404);
  expect((await call('GET', `/api/v1/cases/${erdr}`, { token: prosecutor.token })).status).toBe(404);
  expect((await call('GET', '/api/v1/officials/cases', { token: citizen.token })).status).toBe(403);

  // The investigator's list, from visibility: the case holds the investigator's pseudonym, not the IIN.
  const pseudonym = searchPseudonymOf(sys.config, sys.keys);
  const handle = sys.client.workflow.getHandle(`case-${erdr}`);
  const attributes = await searchAttributes(handle, (a) => a.Official !== undefined);
  expect(attributes.Official).toBe(pseudonym(investigator.user.iin));
  expect(attributes.Official).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(attributes)).not.toContain(investigator.user.iin);
  const mine = await waitFor(
    () => call('GET', '/api/v1/officials/cases', { token: investigator.token }),
    (r) => r.body?.items?.some((c: any) => c.erdrNumber === erdr),
  );
  expect(mine.body.items.find((c: any) => c.erdrNumber === erdr)).toEqual({
    erdrNumber: erdr,
    status: 'REGISTERED',
    format: null,
    bodyCode: DEV_OFFICIALS_BODY,
    nextDeadlineAt: null,
    overdue: false,
  });

  // A prosecutor of the body takes the case under supervision (¶27) and sees it.
  const supervised = await call('POST', `/api/v1/cases/${erdr}/supervision`, { token: prosecutor.token });
  expect(supervised.status).toBe(200);
  expect(supervised.body.prosecutorIin).toBe(prosecutor.user.iin);
  expect((await searchAttributes(handle, (a) => a.Prosecutor !== undefined)).Prosecutor).toBe(pseudonym(prosecutor.user.iin));
  expect((await call('GET', `/api/v1/cases/${erdr}`, { token: prosecutor.token })).body.access).toBe('supervise');

  // ¶10: the format. Bad input names the field; only the conducting official's roles act.
  const bad = await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'DIGITAL' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields).toHaveProperty('format');
  expect((await call('POST', `/api/v1/cases/${erdr}/format`, { token: officer.token, body: { format: 'ELECTRONIC' } })).status).toBe(403);
  const resolved = await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'ELECTRONIC' } });
  expect(resolved.status).toBe(200);
  expect(resolved.body).toMatchObject({ status: 'IN_PROCEEDINGS', format: 'ELECTRONIC' });

  // The prosecutor's notice of the format: generated (a fourth PDF), delivered to the cabinet, duty met.
  const noticed = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.obligations.some((o: any) => o.key === 'case.prosecutorNotice' && o.metAt),
  );
  expect(noticed.body.documents.map((d: any) => d.generatedKind)).toContain('prosecutor_notice_format');
  const inbox = await waitFor(
    () => call('GET', '/api/v1/notifications', { token: prosecutor.token }),
    (r) => r.body.items.some((n: any) => n.subject === erdr),
  );
  expect(inbox.body.items.find((n: any) => n.subject === erdr).title).toContain(erdr);

  // The list now shows the format and the next deadline (a duty still open or none).
  const listed = await waitFor(
    () => call('GET', '/api/v1/officials/cases', { token: prosecutor.token }),
    (r) => r.body.items.some((c: any) => c.erdrNumber === erdr && c.format === 'ELECTRONIC'),
  );
  expect(listed.body.items.find((c: any) => c.erdrNumber === erdr)).toMatchObject({ status: 'IN_PROCEEDINGS', format: 'ELECTRONIC' });

  // ¶10, ¶24: a victim is added and told the format by e-mail.
  const victimMail = `victim.${erdr}@mail.kz`;
  const invalid = await call('POST', `/api/v1/cases/${erdr}/participants`, { token: investigator.token, body: { iin: '123', fullName: '', role: 'hero' } });
  expect(invalid.status).toBe(400);
  expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['fullName', 'iin', 'role']);
  const added = await call('POST', `/api/v1/cases/${erdr}/participants`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'victim', contact: { email: victimMail, locale: 'kk' } },
  });
  expect(added.status).toBe(201);
  expect(added.body.participants).toEqual([expect.objectContaining({ id: 'p1', role: 'victim', iin: citizen.user.iin })]);
  const mail = await waitFor(
    async () => (await (await fetch(`${sys.standInUrls.mailbox}/messages?to=${encodeURIComponent(victimMail)}`)).json()) as any[],
    (m) => m.length > 0,
  );
  expect(mail).toHaveLength(1);
  expect(`${mail[0].subject}\n${mail[0].text}`).toContain(erdr);

  // The same participant twice is refused by the rule (¶26).
  const again = await call('POST', `/api/v1/cases/${erdr}/participants`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'victim' },
  });
  expect(again).toMatchObject({ status: 409, body: { error: { code: 'PARTICIPANT_EXISTS', source: '001 ¶26' } } });

  // The timeline: who did what, when, under which paragraph, and which deadline was met.
  const timeline = await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}/timeline`, { token: investigator.token }),
    (r) => r.body.entries.some((e: any) => e.what === 'participant.informed') && r.body.entries.filter((e: any) => e.what === 'deadline.met').length >= 2,
  );
  const steps = timeline.body.entries.map((e: any) => e.what);
  expect(steps).toEqual(
    expect.arrayContaining([
      'case.registered',
      'documents.generated',
      'prosecutor.assigned',
      'format.resolved',
      'prosecutor.notified',
      'participant.added',
      'participant.informed',
    ]),
  );
  expect(steps.indexOf('case.registered')).toBeLessThan(steps.indexOf('format.resolved'));
  expect(timeline.body.entries.find((e: any) => e.what === 'format.resolved')).toMatchObject({
    by: investigator.user.iin,
    source: '001 ¶10',
    note: 'ELECTRONIC',
  });
  expect(
    timeline.body.entries
      .filter((e: any) => e.what === 'deadline.met')
      .map((e: any) => e.deadline.key)
      .sort(),
  ).toEqual(['case.participantsInformed:p1', 'case.prosecutorNotice']);
  for (let i = 1; i < timeline.body.entries.length; i++)
    expect(Date.parse(timeline.body.entries[i].at)).toBeGreaterThanOrEqual(Date.parse(timeline.body.entries[i - 1].at));

  // ¶26: once confirmed, the victim sees the case (their own part), but not the officials' timeline.
  expect((await call('POST', `/api/v1/cases/${erdr}/participants/${citizen.user.iin}/confirmation`, { token: investigator.token })).status).toBe(200);
  const asVictim = await call('GET', `/api/v1/cases/${erdr}`, { token: citizen.token });
  expect(asVictim.status).toBe(200);
  expect(asVictim.body).toMatchObject({
    access: 'public',
    erdrNumber: erdr,
    format: 'ELECTRONIC',
    participants: [expect.objectContaining({ role: 'victim' })],
  });
  expect(asVictim.body).not.toHaveProperty('events');
  expect(asVictim.body).not.toHaveProperty('officialIin');
  expect((await call('GET', `/api/v1/cases/${erdr}/timeline`, { token: citizen.token })).status).toBe(404);
}, 90_000);

test('forbidden transitions answer 409 with the rule and its paragraph, and change nothing', async () => {
  const erdr = await registeredCase();
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.status === 200,
  );

  // The paper format chosen, then electronic asked for: ¶10 forbids paper → electronic except on joining (¶17).
  expect((await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'PAPER' } })).status).toBe(200);
  const toElectronic = await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'ELECTRONIC' } });
  expect(toElectronic.status).toBe(409);
  expect(toElectronic.body.error).toEqual({
    code: 'PAPER_TO_ELECTRONIC_FORBIDDEN',
    message: expect.stringContaining('paper to electronic'),
    source: '001 ¶10, ¶17',
    localised: { kk: expect.stringMatching(/Қағаз форматтан/), ru: expect.stringMatching(/^Переход с бумажного/), en: expect.any(String) },
  });
  // Resolving the same format twice: already resolved (¶10).
  const twice = await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'PAPER' } });
  expect(twice).toMatchObject({ status: 409, body: { error: { code: 'FORMAT_ALREADY_RESOLVED', source: '001 ¶10' } } });

  // Confirming someone who is not a participant.
  const unknown = await call('POST', `/api/v1/cases/${erdr}/participants/${citizen.user.iin}/confirmation`, { token: investigator.token });
  expect(unknown).toMatchObject({ status: 409, body: { error: { code: 'UNKNOWN_PARTICIPANT', source: '001 ¶26' } } });

  const state = await call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token });
  expect(state.body).toMatchObject({ format: 'PAPER', status: 'IN_PROCEEDINGS' });
  expect(state.body.formatChanges).toHaveLength(1);
  expect(state.body.events.filter((e: any) => e.action === 'format.resolved')).toHaveLength(1);

  // No prosecutor supervises this case, so the ¶10 notice is still due: its deadline puts the case
  // ahead of cases without an open duty in the investigator's list, and the head of the body sees it too.
  const mine = await waitFor(
    () => call('GET', '/api/v1/officials/cases', { token: investigator.token }),
    (r) => r.body.items.some((c: any) => c.erdrNumber === erdr && c.nextDeadlineAt),
  );
  const item = mine.body.items.find((c: any) => c.erdrNumber === erdr);
  const resolvedAt = Date.parse(state.body.formatChanges[0].at);
  expect(Date.parse(item.nextDeadlineAt)).toBeGreaterThanOrEqual(resolvedAt + 24 * 3600_000 - 1000);
  expect(Date.parse(item.nextDeadlineAt)).toBeLessThanOrEqual(resolvedAt + 24 * 3600_000 + 1000);
  const firstWithout = mine.body.items.findIndex((c: any) => c.nextDeadlineAt === null);
  if (firstWithout >= 0) expect(mine.body.items.indexOf(item)).toBeLessThan(firstWithout);
  expect(mine.body.items.length).toBeGreaterThanOrEqual(2);
  const head = await loginAs(sys.baseUrl, 'head');
  const headList = await call('GET', '/api/v1/officials/cases', { token: head.token });
  expect(headList.body.items.map((c: any) => c.erdrNumber)).toContain(erdr);
  expect((await call('GET', `/api/v1/cases/${erdr}`, { token: head.token })).body.access).toBe('conduct');

  // An ERDR number of no case, and a malformed one.
  expect((await call('GET', '/api/v1/cases/999999999999999', { token: investigator.token })).status).toBe(404);
  expect((await call('GET', '/api/v1/cases/12345', { token: investigator.token })).body.error.fields).toHaveProperty('erdr');
}, 60_000);

test("the case's 24-hour duties reach the supervisors' deadline statistics: one met, one breached and done late (#19)", async () => {
  const head = await loginAs(sys.baseUrl, 'head');
  const period = `from=${new Date(Date.now() - 2 * DAY).toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}`;
  const statistics = async (rule: string) => {
    const res = await call('GET', `/api/v1/statistics/deadlines?${period}&rule=${rule}&body=${DEV_OFFICIALS_BODY}`, { token: head.token });
    expect(res.status).toBe(200);
    return res.body.rows.find((r: any) => r.bodyCode === DEV_OFFICIALS_BODY) ?? { met: 0, metLate: 0, breached: 0, open: 0, total: 0 };
  };
  const [noticeBefore, scanBefore] = [await statistics('case.prosecutorNotice'), await statistics('case.paperToPdf')];

  const erdr = await registeredCase();
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.status === 200 && r.body.documents.length === 3,
  );
  expect((await call('POST', `/api/v1/cases/${erdr}/supervision`, { token: prosecutor.token })).status).toBe(200);
  expect((await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'ELECTRONIC' } })).status).toBe(200);
  // ¶10: the prosecutor's notice goes out at once: met.
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.obligations.some((o: any) => o.key === 'case.prosecutorNotice' && o.metAt),
  );

  // ¶11, ¶14: an on-site protocol drawn up 25 hours ago is registered only now: its scan was due an hour ago.
  const h = sys.client.workflow.getHandle(`case-${erdr}`);
  const createdAt = new Date(Date.now() - 25 * HOUR).toISOString();
  await sendCaseUpdate(h, (c) =>
    c.executeUpdate(registerPaperDocument, {
      args: [{ id: 'protocol-1', title: 'Қарау хаттамасы', origin: 'on_site', createdAt, officialIin: investigator.user.iin }],
    }),
  );
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.body.deadlines.some((d: any) => d.key === 'case.paperToPdf:protocol-1' && d.state === 'breached'),
  );
  const scanKey = 'case.paperToPdf:protocol-1';
  await sendCaseUpdate(h, (c) =>
    c.executeUpdate(attachDocument, {
      args: [
        {
          kind: 'scanned_pdf',
          sha256: randomUUID().replace(/-/g, '').repeat(2),
          title: 'Хаттама.pdf',
          obligationKey: scanKey,
          officialIin: investigator.user.iin,
        },
      ],
    }),
  );

  // The records are written by the workflow as the duties change; the statistics read them.
  const notice = await waitFor(
    () => statistics('case.prosecutorNotice'),
    (r) => r.met === noticeBefore.met + 1,
  );
  expect(notice).toMatchObject({ rule: 'case.prosecutorNotice', metLate: noticeBefore.metLate, medianMs: expect.any(Number) });
  const scan = await waitFor(
    () => statistics('case.paperToPdf'),
    (r) => r.metLate === scanBefore.metLate + 1,
  );
  expect(scan).toMatchObject({ rule: 'case.paperToPdf', met: scanBefore.met, breached: scanBefore.breached });
  // Its time to act runs from the protocol's drawing up: more than the 24-hour limit.
  const row = await sys.db.prisma.deadlineRecord.findFirst({ where: { workflowId: `case-${erdr}`, key: scanKey } });
  expect(row).toMatchObject({
    rule: 'case.paperToPdf',
    state: 'late',
    bodyCode: DEV_OFFICIALS_BODY,
    workflowType: 'caseWorkflow',
    startedAt: new Date(createdAt),
  });
  expect(row!.completedAt!.getTime() - row!.startedAt.getTime()).toBeGreaterThan(24 * HOUR);
}, 90_000);

test('after continue-as-new the case carries its latest events only, and the timeline still tells all of them, once each, in order', async () => {
  // Started directly with a low bound, as the report workflow would start it, conducted by the investigator.
  const erdr = `26${DEV_OFFICIALS_BODY}1${String(randomInt(1e6)).padStart(6, '0')}`;
  const input: CaseInput = {
    erdrNumber: erdr,
    bodyCode: DEV_OFFICIALS_BODY,
    registeredAt: new Date().toISOString(),
    officialIin: investigator.user.iin,
    fabula: 'Көліктен сөмке ұрланды / Из автомобиля похищена сумка',
    options: { continueAsNewAfterEvents: 60, carriedEvents: 2 },
  };
  const h = await sys.client.workflow.start(caseWorkflow, { args: [input], taskQueue: sys.taskQueue, workflowId: `case-${erdr}` });
  await waitFor(
    () => h.query(getCase),
    (s) => s.events.some((e) => e.action === 'documents.generated'),
  );
  for (let i = 0; (await h.query(getCase)).runs === 1; i++) {
    if (i === 40) throw new Error('the case did not continue as new');
    // Sent as the API sends updates: one refused while the case hands over is sent again to the next run.
    await sendCaseUpdate(h, (c) =>
      c.executeUpdate(attachDocument, {
        args: [{ kind: 'electronic', sha256: randomUUID().replace(/-/g, '').repeat(2), title: `Хаттама ${i + 1}`, officialIin: investigator.user.iin }],
      }),
    );
  }
  const state = (await call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token })).body;
  expect(state.runs).toBe(2);
  const last = state.events.at(-1).seq;
  expect(state.events[0].seq).toBeGreaterThan(1);
  expect(state.events.length).toBeLessThan(last);

  const timeline = await call('GET', `/api/v1/cases/${erdr}/timeline`, { token: investigator.token });
  expect(timeline.status).toBe(200);
  const steps = timeline.body.entries.filter((e: any) => !e.deadline);
  expect(steps).toHaveLength(last);
  expect(steps.slice(0, 2).map((e: any) => e.what)).toEqual(['case.registered', 'documents.generated']);
  expect(steps.filter((e: any) => e.what === 'case.continued_as_new')).toHaveLength(1);
  expect(steps.filter((e: any) => e.what === 'document.attached').map((e: any) => e.note)).toEqual(
    Array.from({ length: steps.filter((e: any) => e.what === 'document.attached').length }, (_, i) => `d${i + 3}: electronic`),
  );
  expect(steps.at(-1)).toMatchObject({ what: state.events.at(-1).action, at: state.events.at(-1).at });
  for (let i = 1; i < timeline.body.entries.length; i++)
    expect(Date.parse(timeline.body.entries[i].at)).toBeGreaterThanOrEqual(Date.parse(timeline.body.entries[i - 1].at));
  await h.terminate();
}, 90_000);
