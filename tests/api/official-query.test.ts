// Officials' queries over the whole system (002 P4): a query answers only with a basis the role
// has, refusals say why in three languages, and every query — answered or refused — is in the
// audit log with its result size, provably (its inclusion proof checks against the checkpoint).
import { auditLogSigner } from '../../platform/audit';
import { openCheckpoint } from '../../platform/audit-witness';
import { verifyInclusion } from '../../platform/tlog';
import { callApi } from '../helpers/api';
import { loginAs } from '../helpers/pki';
import { startTestSystem, type TestSystem } from '../helpers/system';

let sys: TestSystem;
const who: Record<string, { token: string; iin: string }> = {};
const erdr = '261711303100042';
const kui = '261711303000042';

beforeAll(async () => {
  sys = await startTestSystem();
  for (const role of ['investigator', 'prosecutor', 'operator', 'head', 'citizen'] as const) {
    const { token, user } = await loginAs(sys.baseUrl, role);
    who[role] = { token, iin: user.iin };
  }
  // A report of the citizen, registered in the KUI book and the ERDR, as the register holds it.
  await sys.db.prisma.report.create({
    data: {
      talon: '261711303900042',
      idempotencyKey: 'official-query-test',
      requestHash: 'x',
      applicantIin: who.citizen.iin,
      signedReport: Buffer.from('cms'),
      regionId: 'kz-ast',
      districtId: 'kz-ast-03',
      bodyId: 'b',
      bodyCode: '711303',
      status: 'REGISTERED_ERDR',
      kuiNumber: kui,
      erdrNumber: erdr,
      dueAt: new Date('2026-12-04T06:00:00Z'),
      submittedAt: new Date('2026-12-03T06:00:00Z'),
    },
  });
}, 180_000);

afterAll(async () => {
  await sys?.stop();
});

const query = (role: string, body: unknown) => callApi(sys.baseUrl, 'POST', '/api/v1/official-queries', { token: who[role].token, body });
const journalled = (queryId: string) => sys.db.prisma.auditEvent.findMany({ where: { subject: `official-query/${queryId}` } });

test('an investigator reads a case under its criminal-case basis: answered in Astana time, journalled with its size, provably', async () => {
  const res = await query('investigator', { basis: { basis: 'CRIM', erdrNumber: erdr }, target: { kind: 'CASE', erdrNumber: erdr } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    role: 'investigator',
    resultCount: 1,
    service: { id: 'erdr.case' },
    results: [{ erdrNumber: erdr, kuiNumber: kui, reportedAt: '2026-12-03T11:00:00.000+05:00' }],
  });
  expect(res.body.at).toMatch(/\+05:00$/);
  const [entry] = await journalled(res.body.queryId);
  expect(entry).toMatchObject({
    actor: who.investigator.iin,
    action: 'official-query.answered',
    detail: expect.objectContaining({ resultCount: 1, inOwnBody: true, basis: { basis: 'CRIM', erdrNumber: erdr } }),
  });
  expect(Number(entry.leafIndex)).toBe(res.body.journal.index);

  // The answer's journal entry is in the signed tree.
  const { signer, origin } = auditLogSigner({ configured: sys.config.AUDIT_LOG_SIGNER_KEY, origin: sys.config.AUDIT_LOG_ORIGIN, codecKeys: sys.keys });
  const note = await (await fetch(`${sys.baseUrl}/api/v1/audit/checkpoint?fresh=true`)).text();
  const cp = openCheckpoint(note, signer.verifierKey);
  expect(cp.origin).toBe(origin);
  const proof = await callApi(sys.baseUrl, 'GET', `/api/v1/audit/proof/inclusion?index=${res.body.journal.index}&size=${cp.size}`);
  expect(
    verifyInclusion({
      index: res.body.journal.index,
      size: cp.size,
      leaf: Buffer.from(res.body.journal.leafHash, 'base64'),
      proof: proof.body.hashes.map((h: string) => Buffer.from(h, 'base64')),
      root: cp.root,
    }),
  ).toBe(true);
});

test('a person’s records under the initial check; nothing found is an answer of size 0, journalled too', async () => {
  const found = await query('operator', {
    basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру жүргізілуде' },
    target: { kind: 'PERSON', iin: who.citizen.iin },
  });
  expect(found.status).toBe(200);
  expect(found.body.results).toEqual(expect.arrayContaining([expect.objectContaining({ record: 'REPORT_FILED', kuiNumber: kui })]));
  const none = await query('prosecutor', {
    basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру жүргізілуде' },
    target: { kind: 'PERSON', iin: '900101300999' },
  });
  expect(none.body).toMatchObject({ resultCount: 0, results: [] });
  expect((await journalled(none.body.queryId))[0].detail).toMatchObject({ resultCount: 0, role: 'prosecutor' });
});

test('a basis the role lacks is refused with the reason, in three languages, and the attempt is journalled', async () => {
  const res = await query('investigator', {
    basis: { basis: 'ENFORCEMENT', enforcementNumber: '02-1234-26' },
    target: { kind: 'PERSON', iin: who.citizen.iin },
  });
  expect(res.status).toBe(403);
  expect(res.body.error).toMatchObject({
    code: 'BASIS_NOT_FOR_ROLE',
    localised: { kk: expect.stringContaining('1-қосымша'), ru: expect.stringContaining('приложение 1'), en: expect.stringContaining('Annex 1') },
  });
  const refusals = await sys.db.prisma.auditEvent.findMany({ where: { actor: who.investigator.iin, action: 'official-query.refused' } });
  expect(refusals.some((r) => (r.detail as { refusal: { code: string } }).refusal.code === 'BASIS_NOT_FOR_ROLE')).toBe(true);

  // Even with the identifiers missing, the refusal stays a refusal (not a 400).
  expect((await query('investigator', { basis: { basis: 'ENFORCEMENT' }, target: { kind: 'PERSON', iin: who.citizen.iin } })).status).toBe(403);
  // A head sends no queries at all; a citizen is no official.
  expect(
    (await query('head', { basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша тексеру' }, target: { kind: 'PERSON', iin: who.citizen.iin } })).body
      .error.code,
  ).toBe('ROLE_HAS_NO_QUERIES');
  expect(
    (await query('citizen', { basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша тексеру' }, target: { kind: 'PERSON', iin: who.citizen.iin } }))
      .status,
  ).toBe(403);
  // The criminal-case basis names another case.
  expect(
    (await query('prosecutor', { basis: { basis: 'CRIM', erdrNumber: '261711303100043' }, target: { kind: 'CASE', erdrNumber: erdr } })).body.error.code,
  ).toBe('BASIS_NAMES_ANOTHER_CASE');
});

test('identifiers a basis needs are checked: 400 naming the field', async () => {
  const res = await query('prosecutor', {
    basis: { basis: 'CIVIL_COURT', caseNumber: '7194-26-00-2/88', court: 'Сарыарқа аудандық соты' },
    target: { kind: 'PERSON', iin: who.citizen.iin },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.fields).toHaveProperty(['basis.recordYear']);
});

test('the monthly review (002 P7): the head reads the body’s queries and marks one unjustified — an incident and a blocking proposal in the log', async () => {
  const sent = await query('investigator', {
    basis: { basis: 'INITIAL_CHECK', justification: 'Арыз бойынша бастапқы тексеру жүргізілуде' },
    target: { kind: 'PERSON', iin: who.citizen.iin },
  });
  expect(sent.status).toBe(200);
  const now = Date.now();
  const handle = await sys.client.workflow.start('queryReviewWorkflow', {
    args: [{ bodyCode: '711303', period: { label: 'test', from: new Date(now - 10 * 60_000).toISOString(), to: new Date(now + 60_000).toISOString() } }],
    taskQueue: sys.taskQueue,
    workflowId: `query-review-711303-t${now}`,
  });
  let review: any;
  for (let i = 0; i < 40 && !review?.queries?.some((q: any) => q.queryId === sent.body.queryId); i++) {
    review = (await callApi(sys.baseUrl, 'GET', `/api/v1/query-reviews/${handle.workflowId}`, { token: who.head.token })).body;
    await new Promise((r) => setTimeout(r, 250));
  }
  const listed = review.queries.find((q: any) => q.queryId === sent.body.queryId);
  expect(listed).toMatchObject({ officialIin: who.investigator.iin, basis: 'INITIAL_CHECK', target: 'PERSON', answered: true, mark: null });
  expect(listed.at).toMatch(/\+05:00$/);
  expect((await callApi(sys.baseUrl, 'GET', `/api/v1/query-reviews/${handle.workflowId}`, { token: who.investigator.token })).status).toBe(403);

  // The refused attempts of the body's officials are in the report too.
  const refused = review.queries.filter((q: any) => !q.answered);
  expect(refused.length).toBeGreaterThan(0);

  const marks = review.queries.map((q: any) =>
    q.queryId === sent.body.queryId
      ? { queryId: q.queryId, justified: false, note: 'Іспен байланысы жоқ адам туралы сұрау' }
      : { queryId: q.queryId, justified: true },
  );
  const marked = await callApi(sys.baseUrl, 'POST', `/api/v1/query-reviews/${handle.workflowId}/marks`, { token: who.head.token, body: { marks } });
  expect(marked.status).toBe(200);
  expect(marked.body.blockingProposals).toEqual([
    { queryId: sent.body.queryId, officialIin: who.investigator.iin, reason: 'Іспен байланысы жоқ адам туралы сұрау' },
  ]);
  expect((await handle.result()).status).toBe('COMPLETED');
  const again = await callApi(sys.baseUrl, 'POST', `/api/v1/query-reviews/${handle.workflowId}/marks`, {
    token: who.head.token,
    body: { marks: [{ queryId: sent.body.queryId, justified: true }] },
  });
  expect(again.status).toBe(409);
  const logged = await sys.db.prisma.auditEvent.findMany({
    where: { action: { in: ['incident.unjustified-query', 'query-review.blocking-proposed'] }, detail: { path: ['queryId'], equals: sent.body.queryId } },
  });
  expect(logged.map((e) => e.action).sort()).toEqual(['incident.unjustified-query', 'query-review.blocking-proposed']);
});
