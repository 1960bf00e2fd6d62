// The authorisation matrix: every operation the app serves × every kind of caller → the answer the
// caller must get. The operations are read from the app's router stack (and checked against the
// OpenAPI document it serves); an operation without a row fails the suite, so no route comes in
// without a stated policy. The objects are real and belong to one citizen: his report and its
// files, his report registered in the KUI book, the case opened from his report (supervised by
// the body's prosecutor, the citizen a confirmed victim), his access application and a notice in
// his cabinet. Strangers — another citizen, officials of another body, officials whose role has
// nothing to do with the object — get 404, the same 404 as for an object that does not exist;
// people who may see the object but not do this get 403, and so does anyone without the official
// role an operation needs, before the object is looked at. Mutating operations are sent with bodies
// that pass validation, so that authorisation decides, and an invalid body must not change a
// refusal. Callers who are let through act on objects of their own, so every other cell meets the
// shared objects as they were.
//
// The rows and how each operation is called are in tests/api/authorization/, one file per process.
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { defaultPayloadConverter } from '@temporalio/common';
import { makeDocx } from '../../documents/make-docx';
import { DEV_ROLES } from '../../eds/dev-pki';
import { EncryptionCodec } from '../../platform/codec';
import { buildApp, searchPseudonymOf } from '../../app/system';
import { DEV_GRANTS, DEV_OFFICIALS_BODY, DEV_OTHER_BODY } from '../../platform/trust';
import { loginAs } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';
import { startTestSystem } from '../helpers/system';
import {
  type Actor,
  ACTORS,
  type Answer,
  asJson,
  expectOk,
  get,
  kuiRegistered,
  missing,
  newApplication,
  newArchiveRequest,
  newCase,
  newComplaint,
  newLegalityCheck,
  newPetition,
  newReport,
  newReview,
  type Objects,
  offenceProbe,
  officialToBlock,
  type Outcome,
  pdfBytes,
  type Person,
  post,
  prosecutorsResolution,
  send,
  sessions,
  setPayloads,
  setSystem,
  shared,
  sys,
  translatedTask,
  uploadProbe,
  witness,
} from './authorization/kit';
import { MATRIX, OPERATIONS } from './authorization';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The expectations

/** 404s that do not hide the object from someone who knows it: the victim sees the case, not its timeline. */
const KNOWN_TO_THE_CALLER: Record<string, Actor[]> = {
  'GET /api/v1/cases/{erdr}/timeline': ['citizen'],
  'GET /api/v1/cases/{erdr}/documents/{documentId}': ['citizen'],
  'GET /api/v1/cases/{erdr}/access-journal': ['citizen'],
};

function expectations(op: string): Record<Actor, Outcome> {
  const cells = MATRIX[op].trim().split(/\s+/);
  if (cells.length !== ACTORS.length) throw new Error(`${op}: ${cells.length} cells for ${ACTORS.length} actors`);
  return Object.fromEntries(
    cells.map((c, i) => {
      if (c !== 'ok' && !['401', '403', '404', '409'].includes(c)) throw new Error(`${op}: unknown outcome ${c}`);
      return [ACTORS[i], c === 'ok' ? '2xx' : (Number(c) as Outcome)];
    }),
  ) as Record<Actor, Outcome>;
}

const outcomeOf = (status: number): Outcome | number => (status >= 200 && status < 300 ? '2xx' : status);
const operationOf = (row: string) => row.split(' · ')[0];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The operations the app serves

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `METHOD /path/{param}` of every route in an Express 5 router stack (routers mounted under a prefix included). */
function servedOperations(app: Express): string[] {
  const found: string[] = [];
  const visit = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // A route may serve several paths (`app.post([...], limit)`); each needs its row.
        for (const p of [layer.route.path].flat()) {
          if (typeof p !== 'string') throw new Error(`a route on ${String(p)} cannot be given a row`);
          for (const method of Object.keys(layer.route.methods)) {
            if (method === '_all') throw new Error(`app.all('${p}') cannot be given a row per method`);
            found.push(`${method.toUpperCase()} ${prefix}${p.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        visit(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : String(layer.rawPath)));
      }
    }
  };
  visit((app as any).router.stack, '');
  return [...new Set(found)].sort();
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

beforeAll(async () => {
  setSystem(await startTestSystem());
  await Promise.all(
    ACTORS.filter((a): a is Person => a !== 'anonymous').map(async (a) => {
      const { token, user } = await loginAs(sys.baseUrl, a);
      sessions[a] = { token, iin: user.iin, name: user.name };
    }),
  );

  const codecOf = new EncryptionCodec(sys.keys);
  const plain = defaultPayloadConverter.toPayload({ талон: 'payload' })!;
  setPayloads(asJson(plain), asJson((await codecOf.encode([plain]))[0]));

  // The citizen's files, listed in his report: a DOCX (converted to PDF at intake) and a PDF.
  const docx = makeDocx(['Түсініктеме: ұрланған заттардың тізімі.']);
  const files: { id: string; sha256: string }[] = [];
  for (const [bytes, name] of [
    [docx, 'түсініктеме.docx'],
    [await pdfBytes('Receipt'), 'чек.pdf'],
  ] as const) {
    files.push((await expectOk(await uploadProbe('citizen', bytes, name), 'the citizen uploads')).body);
  }
  const talon = await newReport(reportContent({ attachments: files.map((f) => ({ id: f.id, sha256: f.sha256 })) }));
  const [kuiTalon, erdr, applicationId, operatorsApplicationId, blockable, blockableElsewhere, blockableProsecutor] = await Promise.all([
    kuiRegistered(),
    newCase(),
    newApplication(),
    newApplication('operator'),
    officialToBlock(DEV_OFFICIALS_BODY),
    officialToBlock(DEV_OTHER_BODY),
    officialToBlock(DEV_OFFICIALS_BODY, 'prosecutor'),
  ]);

  // The case: supervised by the body's prosecutor, the citizen a confirmed victim, a witness not yet confirmed.
  await expectOk(post('prosecutor', `/api/v1/cases/${erdr}/supervision`), 'supervision');
  const citizen = sessions.citizen;
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants`, { iin: citizen.iin, fullName: citizen.name, role: 'victim' }), 'the victim added');
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants/${citizen.iin}/confirmation`), 'the victim confirmed');
  const w = witness();
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/participants`, w), 'a witness added');

  // The documents generated at registration (d1 is read below).
  const generated = await waitFor(
    () => send(get('investigator', `/api/v1/cases/${erdr}`)),
    (r) => r.body?.documents?.length >= 3,
    60_000,
  );
  if (!(generated.body?.documents?.length >= 3)) throw new Error('the case documents were not generated');
  // 000 §4.9: d2 opened to the citizen for familiarisation (d1 stays closed to him).
  await expectOk(post('investigator', `/api/v1/cases/${erdr}/material-access`, { iin: citizen.iin, documentIds: ['d2'] }), 'familiarisation granted');
  // His petition on the case, with an attachment (the confirmation reaches the participants' list in the background).
  await waitFor(
    () => sys.db.prisma.caseParticipant.findFirst({ where: { erdrNumber: erdr, iin: citizen.iin } }),
    (r) => !!r,
    60_000,
  );
  const petitionFile = (await expectOk(await uploadProbe('citizen', await pdfBytes('Petition attachment'), 'өтінішхат.pdf'), 'the citizen uploads')).body as {
    id: string;
    sha256: string;
  };
  const petitionId = await newPetition(erdr, [{ id: petitionFile.id, sha256: petitionFile.sha256 }]);
  await waitFor(
    () => sys.db.prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: petitionId } }),
    (m) => !!m,
    60_000,
  );
  const complaintId = await newComplaint(erdr, [{ id: petitionFile.id, sha256: petitionFile.sha256 }]);
  await waitFor(
    () => sys.db.prisma.caseSubmissionMaterial.findFirst({ where: { submissionId: complaintId } }),
    (m) => !!m,
    60_000,
  );

  // A second case whose confirmed translator is the translator, with a document sent to him and translated (000 §5).
  const translationErdr = await newCase();
  const tr = sessions.translator;
  await expectOk(
    post('investigator', `/api/v1/cases/${translationErdr}/participants`, { iin: tr.iin, fullName: tr.name, role: 'translator' }),
    'the translator added',
  );
  await expectOk(post('investigator', `/api/v1/cases/${translationErdr}/participants/${tr.iin}/confirmation`), 'the translator confirmed');
  await waitFor(
    () => sys.db.prisma.caseParticipant.findFirst({ where: { erdrNumber: translationErdr, iin: tr.iin } }),
    (r) => !!r,
    60_000,
  );
  await waitFor(
    () => send(get('investigator', `/api/v1/cases/${translationErdr}`)),
    (r) => r.body?.documents?.length >= 3,
    60_000,
  );
  const translation = await translatedTask(translationErdr);

  // The intake has stored the materials (the DOCX converted) and told the citizen.
  const stored = await waitFor(
    () => sys.db.prisma.storedFile.findUnique({ where: { id: files[0].id } }),
    (f) => !!f?.pdfSha256,
    120_000,
  );
  if (!stored?.pdfSha256) throw new Error('the DOCX was not converted to PDF');
  const notice = await waitFor(
    () => sys.db.prisma.notification.findFirst({ where: { iin: citizen.iin }, orderBy: { id: 'asc' } }),
    (n) => !!n,
    60_000,
  );
  if (!notice) throw new Error('the citizen was not notified');

  // His archive certificate request taken as far as the head's signature (004 A-p.5.1–5.4), and his offence information.
  const archiveId = await newArchiveRequest('citizen');
  for (const [by, step] of [
    ['registry_officer', { step: 'register', registrationNumber: 'АС-1' }],
    ['head', { step: 'assign', executorIin: sessions.investigator.iin }],
    ['investigator', { step: 'draft', outcome: 'NO_INFORMATION', findings: 'Картотекалар толық қаралды.' }],
    ['head', { step: 'sign' }],
  ] as const)
    await expectOk(post(by, `/api/v1/archive-certificates/${archiveId}/steps`, step), `archive step ${step.step}`);
  const offenceId = (await expectOk(await offenceProbe('citizen'), 'the citizen asks for offence information')).body.id as string;
  await waitFor(
    () => sys.db.prisma.stateServiceRequest.findUnique({ where: { id: offenceId } }),
    (r) => !!r?.resultSha256,
    60_000,
  );

  Object.assign(shared, {
    talon,
    kuiTalon,
    fileId: files[0].id,
    erdr,
    participantIin: w.iin,
    applicationId,
    notificationId: notice.id.toString(),
    blockable,
    blockableElsewhere,
    blockableProsecutor,
    operatorsApplicationId,
    petitionId,
    petitionSha: petitionFile.sha256,
    complaintId,
    complaintSha: petitionFile.sha256,
    translationErdr,
    ...translation,
    archiveId,
    offenceId,
  });
  Object.assign(missing, {
    ...shared,
    talon: '269999999999999',
    kuiTalon: '269999999999998',
    fileId: randomUUID(),
    erdr: '999999999999999',
    applicationId: randomUUID(),
    operatorsApplicationId: randomUUID(),
    notificationId: '999999999999',
    petitionId: randomUUID(),
    complaintId: randomUUID(),
    translationTaskId: randomUUID(),
    archiveId: randomUUID(),
    offenceId: randomUUID(),
  });
}, 300_000);

beforeAll(async () => {
  shared.reviewId = await newReview();
  missing.reviewId = `query-review-${DEV_OFFICIALS_BODY}-missing`;
  shared.incidentId = `REPORT_INTAKE_DELAY-${new Date(Date.now() - 2 * 60 * 60_000).toISOString()}`;
  await sys.db.prisma.incident.create({
    data: { id: shared.incidentId, kind: 'REPORT_INTAKE_DELAY', startedAt: new Date(Date.now() - 2 * 60 * 60_000), detail: { waitingReports: 3 } },
  });
  missing.incidentId = 'REPORT_INTAKE_DELAY-1999-01-01T00:00:00.000Z';
  shared.legalityCheckId = await newLegalityCheck(false);
  shared.legalityResolution = await prosecutorsResolution();
  missing.legalityCheckId = `${DEV_OFFICIALS_BODY}-${'0'.repeat(24)}`;
}, 60_000);

afterAll(async () => {
  await sys?.stop();
});

test('every development person is a column, and every operation the app serves has a row', async () => {
  expect([...ACTORS].sort()).toEqual(['anonymous', ...DEV_ROLES].sort());
  expect(DEV_GRANTS.investigator_other_body?.bodyCode).not.toBe(DEV_OFFICIALS_BODY);

  // The routes of the app as app/system.ts wires it (its dependencies are not called while wiring).
  const app = buildApp({
    config: sys.config,
    db: sys.db,
    client: sys.client,
    keys: sys.keys,
    codecToken: sys.codecToken,
    signatures: {} as never,
    files: sys.files,
    searchPseudonym: searchPseudonymOf(sys.config, sys.keys),
  });
  const served = servedOperations(app);
  expect(served).toEqual(expect.arrayContaining(['GET /health', 'POST /api/v1/reports/{talon}/decision', 'POST /codec/t/{token}/decode']));
  // …and as the running system documents them.
  const doc = (await send(get('anonymous', '/api/v1/openapi.json'))).body as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths)
    .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
  expect(served).toEqual(documented);

  const rows = [...new Set(Object.keys(MATRIX).map(operationOf))].sort();
  expect({ withoutRow: served.filter((op) => !rows.includes(op)), notServed: rows.filter((op) => !served.includes(op)) }).toEqual({
    withoutRow: [],
    notServed: [],
  });
  expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(MATRIX).sort());
  for (const row of Object.keys(MATRIX)) expectations(row);
});

/** What each caller got, by row. */
const observed: Record<string, Partial<Record<Actor, Answer>>> = {};

test('every caller gets what the matrix says, for every operation', async () => {
  // Objects of their own for the callers let through, made ahead, a few at a time.
  let running = 0;
  const waiting: (() => void)[] = [];
  const throttled = async <T>(work: () => Promise<T>): Promise<T> => {
    while (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  const owned = new Map<string, Promise<Partial<Objects>>>();
  for (const row of Object.keys(MATRIX)) {
    const own = OPERATIONS[row].own;
    if (!own) continue;
    for (const [a, outcome] of Object.entries(expectations(row)) as [Actor, Outcome][]) {
      if (outcome !== '2xx') continue;
      const made = throttled(() => own(a));
      made.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      owned.set(`${row}|${a}`, made);
    }
  }

  const mismatches: string[] = [];
  for (const row of Object.keys(MATRIX)) {
    const expected = expectations(row);
    observed[row] = {};
    // Refused callers first: nobody let through has changed anything when they ask.
    const order = [...ACTORS].sort((x, y) => Number(expected[x] === '2xx' || expected[x] === 409) - Number(expected[y] === '2xx' || expected[y] === 409));
    for (const a of order) {
      const objects = owned.has(`${row}|${a}`) ? { ...shared, ...(await owned.get(`${row}|${a}`)) } : shared;
      const answer = await send(await OPERATIONS[row].request(a, objects));
      observed[row][a] = answer;
      if (outcomeOf(answer.status) !== expected[a]) {
        mismatches.push(
          `${row} as ${a}: expected ${expected[a]}, got ${answer.status} ${answer.body?.error?.code ?? ''} ${answer.body?.error?.message ?? ''}`.trim(),
        );
      }
    }
  }

  const cells = Object.keys(MATRIX).length * ACTORS.length;
  expect(Object.values(observed).reduce((n, r) => n + Object.keys(r).length, 0)).toBe(cells);
  if (mismatches.length) {
    const width = Math.max(...Object.keys(MATRIX).map((r) => r.length));
    const table = Object.keys(MATRIX).map(
      (row) => `${row.padEnd(width)}  ${ACTORS.map((a) => String(outcomeOf(observed[row][a]!.status)).replace('2xx', 'ok').padEnd(4)).join(' ')}`,
    );
    throw new Error(`${mismatches.length} of ${cells} cells differ:\n${mismatches.join('\n')}\n\nObserved:\n${table.join('\n')}`);
  }
}, 600_000);

test("a stranger's 404 is the 404 of an object that does not exist", async () => {
  const differences: string[] = [];
  for (const row of Object.keys(MATRIX)) {
    for (const [a, outcome] of Object.entries(expectations(row)) as [Actor, Outcome][]) {
      if (outcome !== 404 || KNOWN_TO_THE_CALLER[row]?.includes(a)) continue;
      const real = observed[row][a]!;
      const none = await send(await OPERATIONS[row].request(a, missing));
      if (none.status !== real.status || JSON.stringify(none.body) !== JSON.stringify(real.body)) {
        differences.push(`${row} as ${a}: ${real.status} ${JSON.stringify(real.body)} but for nothing ${none.status} ${JSON.stringify(none.body)}`);
      }
    }
  }
  expect(differences).toEqual([]);
}, 120_000);

test('an invalid body does not change a refusal: authorisation answers before validation', async () => {
  const differences: string[] = [];
  for (const row of Object.keys(MATRIX)) {
    const invalid = OPERATIONS[row].invalid;
    if (!invalid) continue;
    for (const [a, outcome] of Object.entries(expectations(row)) as [Actor, Outcome][]) {
      if (outcome === '2xx' || outcome === 409) continue;
      const r = await send(invalid(a, shared));
      if (r.status !== outcome || r.body?.error?.code !== observed[row][a]!.body?.error?.code)
        differences.push(`${row} as ${a}: ${r.status} ${r.body?.error?.code}`);
    }
  }
  expect(differences).toEqual([]);
}, 120_000);

test("lists hold only the caller's own: no other citizen's reports or notices, no other body's queue or cases", async () => {
  const theirs = await sys.db.prisma.report.findMany({ where: { applicantIin: sessions.citizen.iin }, select: { talon: true } });
  const talons = new Set(theirs.map((r) => r.talon));
  expect(talons.has(shared.talon)).toBe(true);
  const items = (row: string, a: Actor) => observed[row][a]!.body.items as { talon?: string; erdrNumber?: string; id?: string }[];

  expect(items('GET /api/v1/reports', 'citizen').map((r) => r.talon)).toContain(shared.talon);
  expect(items('GET /api/v1/reports', 'citizen2').filter((r) => talons.has(r.talon!))).toEqual([]);
  const notices = await sys.db.prisma.notification.findMany({ where: { iin: sessions.citizen.iin }, select: { id: true } });
  const noticeIds = new Set(notices.map((n) => n.id.toString()));
  expect(items('GET /api/v1/notifications', 'citizen').some((n) => noticeIds.has(n.id!))).toBe(true);
  expect(items('GET /api/v1/notifications', 'citizen2').filter((n) => noticeIds.has(n.id!))).toEqual([]);

  // Officials of body 711303 have the citizen's report in their queue; those of 711203 do not.
  expect(items('GET /api/v1/officials/reports', 'registry_officer').map((r) => r.talon)).toContain(shared.talon);
  for (const a of ['investigator_other_body', 'registry_officer_other_body'] as const) {
    expect(items('GET /api/v1/officials/reports', a).filter((r) => talons.has(r.talon!))).toEqual([]);
  }
  expect(items('GET /api/v1/officials/cases', 'investigator_other_body').filter((c) => c.erdrNumber === shared.erdr)).toEqual([]);

  // Who is logged in is who the session says, for everyone.
  for (const a of ACTORS) if (a !== 'anonymous') expect(observed['GET /api/v1/auth/me'][a]!.body.user.iin).toBe(sessions[a].iin);
  // The victim sees his own part of the case, not the officials' record.
  expect(observed['GET /api/v1/cases/{erdr}'].citizen!.body).toMatchObject({ access: 'public', erdrNumber: shared.erdr });
  expect(observed['GET /api/v1/cases/{erdr}'].citizen!.body).not.toHaveProperty('events');
});
