// Decisions and materials (000 §4.9, 001 ¶26) through the API on real parts: the five situations
// that open the service — the applicant whose report became the case, a victim, a suspect or
// accused, their defender with the ERDR's mark, a representative (marked) or figurant — each
// refused until the official confirms the status, then answered with the case's decisions; the
// refusals (no such case and not a participant alike, not yet confirmed, no mark, a status not
// among the five, no case kept yet for the applicant's own number); materials only once familiarisation is granted, one document or all as a ZIP,
// withdrawn again; every look journalled and shown to the conducting official.
import { createHash, randomUUID } from 'node:crypto';
import { listZipEntries, readZipEntry } from '../../documents/zip';
import { ERDR_FILTER_MESSAGE } from '../../domain/petition';
import { DEV_OFFICIALS_BODY } from '../../platform/trust';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { callApi, downloadFrom, type CallOptions } from '../helpers/api';
import { loginAs, signWith } from '../helpers/pki';
import { reportContent, waitFor } from '../helpers/report';

let sys: TestSystem;
type Session = { token: string; user: any };
let citizen: Session;
let citizen2: Session;
let officer: Session;
let investigator: Session;

jest.setTimeout(240_000);

beforeAll(async () => {
  sys = await startTestSystem();
  [citizen, citizen2, officer, investigator] = await Promise.all([
    loginAs(sys.baseUrl, 'citizen'),
    loginAs(sys.baseUrl, 'citizen2'),
    loginAs(sys.baseUrl, 'registry_officer'),
    loginAs(sys.baseUrl, 'investigator'),
  ]);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const call = (method: string, p: string, opts?: CallOptions) => callApi(sys.baseUrl, method, p, opts);
const download = (p: string, token: string) => downloadFrom(sys.baseUrl, p, token);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The citizen's report registered in the ERDR by the investigator: a case with its three ¶11 documents. */
async function newCase(): Promise<string> {
  const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent()), 'utf8'), true);
  const accepted = await call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport }, headers: { 'Idempotency-Key': randomUUID() } });
  expect(accepted.status).toBe(202);
  const talon = accepted.body.talon;
  expect((await call('POST', `/api/v1/reports/${talon}/kui-registration`, { token: officer.token })).status).toBe(200);
  const decided = await call('POST', `/api/v1/reports/${talon}/decision`, { token: investigator.token, body: { kind: 'REGISTER_ERDR' } });
  expect(decided.status).toBe(200);
  const erdr = decided.body.erdrNumber;
  await waitFor(
    () => call('GET', `/api/v1/cases/${erdr}`, { token: investigator.token }),
    (r) => r.status === 200 && r.body.documents?.length === 3,
  );
  return erdr;
}

const addParticipant = async (erdr: string, who: Session | { user: { iin: string; name: string } }, role: string, represents?: string) =>
  call('POST', `/api/v1/cases/${erdr}/participants`, {
    token: investigator.token,
    body: { iin: who.user.iin, fullName: who.user.name, role, ...(represents && { represents }) },
  });
const confirm = async (erdr: string, who: Session) => {
  const r = await call('POST', `/api/v1/cases/${erdr}/participants/${who.user.iin}/confirmation`, { token: investigator.token });
  expect(r.status).toBe(200);
};
const decisions = (erdr: string, who: Session) => call('GET', `/api/v1/decisions/${erdr}`, { token: who.token });

test('the applicant whose report became the case reads its decisions; materials only once granted, one or all as a ZIP, withdrawn again; every look journalled', async () => {
  const erdr = await newCase();

  // Situation (1): the registration decision on the applicant's own report opens the service.
  const first = await decisions(erdr, citizen);
  expect(first.status).toBe(200);
  expect(first.body.bases.map((b: any) => b.code)).toEqual(['APPLICANT']);
  expect(first.body.decisions).toEqual([
    expect.objectContaining({
      type: 'REGISTERED_IN_ERDR',
      decidingBody: { code: DEV_OFFICIALS_BODY, name: expect.objectContaining({ ru: 'УП района Сарыарка ДП города Астана' }) },
      officialName: investigator.user.name,
      source: '001 ¶11',
    }),
  ]);
  expect(first.body.decisions[0].label).toMatchObject({ kk: 'СДТБТ-да тіркеу', ru: 'Регистрация в ЕРДР' });
  // No official's IIN reaches a participant.
  expect(JSON.stringify(first.body)).not.toContain(investigator.user.iin);
  expect(first.body.materials).toEqual([]);

  // A new decision shows on the next request (refresh is asking again).
  expect((await call('POST', `/api/v1/cases/${erdr}/format`, { token: investigator.token, body: { format: 'ELECTRONIC' } })).status).toBe(200);
  const refreshed = await decisions(erdr, citizen);
  expect(refreshed.body.decisions.map((d: any) => d.type)).toEqual(['REGISTERED_IN_ERDR', 'FORMAT_RESOLVED']);
  expect(refreshed.body.decisions[1]).toMatchObject({ detail: 'ELECTRONIC', officialName: investigator.user.name });

  // No materials before familiarisation is granted (A:25).
  const noneYet = await download(`/api/v1/decisions/${erdr}/materials.zip`, citizen.token);
  expect(noneYet.status).toBe(404);
  expect(JSON.parse(noneYet.bytes.toString()).error.code).toBe('NO_MATERIALS_GRANTED');
  expect((await call('GET', `/api/v1/decisions/${erdr}/materials/d1`, { token: citizen.token })).body.error.code).toBe('MATERIAL_NOT_GRANTED');

  // The official grants familiarisation to participants of the case: the applicant is added first.
  const notYetParticipant = await call('POST', `/api/v1/cases/${erdr}/material-access`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, documentIds: ['d1'] },
  });
  expect(notYetParticipant.status).toBe(409);
  expect(notYetParticipant.body.error).toMatchObject({ code: 'UNKNOWN_PARTICIPANT', source: '001 ¶26' });
  expect((await addParticipant(erdr, citizen, 'applicant')).status).toBe(201);
  const unknownDoc = await call('POST', `/api/v1/cases/${erdr}/material-access`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, documentIds: ['d1', 'd99'] },
  });
  expect(unknownDoc.body.error).toMatchObject({
    code: 'UNKNOWN_DOCUMENT',
    localised: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
  });
  // Only the conducting official grants; the citizen cannot grant themself.
  expect(
    (await call('POST', `/api/v1/cases/${erdr}/material-access`, { token: citizen.token, body: { iin: citizen.user.iin, documentIds: ['d1'] } })).status,
  ).toBe(403);
  const granted = await call('POST', `/api/v1/cases/${erdr}/material-access`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, documentIds: ['d1', 'd2'] },
  });
  expect(granted.status).toBe(200);
  expect(granted.body.openDocumentIds).toEqual(['d1', 'd2']);

  const withMaterials = await decisions(erdr, citizen);
  expect(withMaterials.body.materials.map((m: any) => m.id)).toEqual(['d1', 'd2']);
  const [m1, m2] = withMaterials.body.materials;

  // Download one.
  const one = await download(`/api/v1/decisions/${erdr}/materials/d1`, citizen.token);
  expect(one.status).toBe(200);
  expect(one.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(sha256(one.bytes)).toBe(m1.sha256);

  // Download all: a ZIP with exactly the two granted documents, byte for byte.
  const all = await download(`/api/v1/decisions/${erdr}/materials.zip`, citizen.token);
  expect(all.status).toBe(200);
  expect(all.type).toBe('application/zip');
  const entries = listZipEntries(all.bytes);
  expect(entries).toHaveLength(2);
  expect(entries.map((e) => sha256(readZipEntry(all.bytes, e))).sort()).toEqual([m1.sha256, m2.sha256].sort());

  // Withdrawn: d2 is closed again, d1 stays open.
  const revoked = await call('POST', `/api/v1/cases/${erdr}/material-access/revocation`, {
    token: investigator.token,
    body: { iin: citizen.user.iin, documentIds: ['d2'] },
  });
  expect(revoked.body.openDocumentIds).toEqual(['d1']);
  expect((await download(`/api/v1/decisions/${erdr}/materials/d2`, citizen.token)).status).toBe(404);
  expect(listZipEntries((await download(`/api/v1/decisions/${erdr}/materials.zip`, citizen.token)).bytes)).toHaveLength(1);

  // A stranger gets the very answer a number of no case gets: the case's existence stays hidden.
  const stranger = await decisions(erdr, citizen2);
  const noCase = await decisions('261234561999999', citizen2);
  expect(stranger.status).toBe(404);
  expect(stranger.body).toEqual(noCase.body);
  expect(stranger.body.error).toMatchObject({
    code: 'NOT_A_PARTICIPANT',
    localised: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
  });
  expect((await call('GET', `/api/v1/decisions/${erdr}/materials/d1`, { token: citizen2.token })).body).toEqual(noCase.body);
  // The applicant whose report was registered under a number no electronic case is kept for (a
  // registration older than the case workflows) hears so; a stranger asking the same number does not.
  const signedReport = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(reportContent()), 'utf8'), true);
  const older = await call('POST', '/api/v1/reports', { token: citizen.token, body: { signedReport }, headers: { 'Idempotency-Key': randomUUID() } });
  // Once its intake is done, so the workflow writes the row no more.
  await waitFor(
    () => sys.db.prisma.report.findUniqueOrThrow({ where: { talon: older.body.talon } }),
    (r) => r.status === 'AWAITING_REGISTRATION',
  );
  await sys.db.prisma.report.update({ where: { talon: older.body.talon }, data: { status: 'REGISTERED_ERDR', erdrNumber: '261234561888888' } });
  const noCaseYet = await decisions('261234561888888', citizen);
  expect(noCaseYet.status).toBe(404);
  expect(noCaseYet.body.error).toMatchObject({ code: 'NO_SUCH_CASE', localised: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) } });
  expect((await decisions('261234561888888', citizen2)).body).toEqual(noCase.body);
  // 000 §7.5: a number that is not 15 digits, in three languages.
  const badNumber = await call('GET', '/api/v1/decisions/12345', { token: citizen.token });
  expect(badNumber.status).toBe(400);
  expect(badNumber.body.error.localised).toEqual(ERDR_FILTER_MESSAGE);
  expect((await call('GET', `/api/v1/decisions/${erdr}`)).status).toBe(401);

  // Who looked at what, when, on which basis: for the conducting official, not for the participant.
  const journal = await call('GET', `/api/v1/cases/${erdr}/access-journal`, { token: investigator.token });
  expect(journal.status).toBe(200);
  const seen = journal.body.entries.map(
    (e: any) =>
      `${e.actor === citizen.user.iin ? 'citizen' : e.actor === citizen2.user.iin ? 'citizen2' : e.actor} ${e.what} ${e.basis.join('+')} ${(e.documentIds ?? []).join(',')}`,
  );
  expect(seen).toEqual(
    expect.arrayContaining([
      'citizen decisions.viewed APPLICANT ',
      'citizen decisions.viewed APPLICANT d1,d2',
      'citizen material.downloaded APPLICANT d1',
      'citizen materials.downloaded_all APPLICANT d1,d2',
      'citizen materials.downloaded_all APPLICANT d1',
      'citizen2 decisions.refused NOT_A_PARTICIPANT ',
    ]),
  );
  expect(journal.body.entries.every((e: any) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  expect(journal.body.entries.find((e: any) => e.actor === citizen.user.iin).actorName).toBe(citizen.user.name);
  expect((await call('GET', `/api/v1/cases/${erdr}/access-journal`, { token: citizen.token })).status).toBe(404);
  // The grants are steps of the case, in its timeline.
  const timeline = await call('GET', `/api/v1/cases/${erdr}/timeline`, { token: investigator.token });
  expect(timeline.body.entries.map((e: any) => e.what)).toEqual(expect.arrayContaining(['materials.access_granted', 'materials.access_revoked']));
});

test('a victim, a suspect or accused, a marked defender, a marked representative and a figurant: refused until confirmed, then answered; the refusals say why', async () => {
  const [victimCase, suspectCase, defenderCase, representativeCase, figurantCase] = await Promise.all([newCase(), newCase(), newCase(), newCase(), newCase()]);
  // Someone with a valid IIN to be the suspect the marks name.
  const suspect = { user: { iin: officer.user.iin, name: officer.user.name } };

  // (2) Victim: not yet confirmed → 403 saying so; confirmed → the decisions.
  expect((await addParticipant(victimCase, citizen2, 'victim')).status).toBe(201);
  const unconfirmed = await decisions(victimCase, citizen2);
  expect(unconfirmed.status).toBe(403);
  expect(unconfirmed.body.error).toMatchObject({
    code: 'STATUS_NOT_CONFIRMED',
    localised: { kk: expect.any(String), ru: expect.any(String), en: expect.any(String) },
  });
  await confirm(victimCase, citizen2);
  const victim = await decisions(victimCase, citizen2);
  expect(victim.status).toBe(200);
  expect(victim.body.bases.map((b: any) => b.code)).toEqual(['VICTIM']);
  expect(victim.body.decisions[0].type).toBe('REGISTERED_IN_ERDR');

  // (3) Accused.
  expect((await addParticipant(suspectCase, citizen2, 'accused')).status).toBe(201);
  expect((await decisions(suspectCase, citizen2)).body.error.code).toBe('STATUS_NOT_CONFIRMED');
  await confirm(suspectCase, citizen2);
  expect((await decisions(suspectCase, citizen2)).body.bases.map((b: any) => b.code)).toEqual(['SUSPECT_OR_ACCUSED']);

  // (4) Defender: a representative without the mark is refused for the missing mark; the defender
  // whose mark names the suspect gets through. A mark naming no suspect is refused by the case.
  expect((await addParticipant(defenderCase, suspect, 'suspect')).status).toBe(201); // p1
  expect((await addParticipant(defenderCase, citizen2, 'victim')).status).toBe(201); // p2
  const markOnVictim = await addParticipant(defenderCase, citizen2, 'defender', 'p2');
  expect(markOnVictim.status).toBe(409);
  expect(markOnVictim.body.error).toMatchObject({ code: 'MARK_NAMES_NO_SUSPECT', source: '000 §4.9' });
  expect((await addParticipant(defenderCase, citizen2, 'witness', 'p1')).body.error.code).toBe('MARK_NOT_APPLICABLE');
  const defenderCaseOther = await newCase();
  expect((await addParticipant(defenderCaseOther, suspect, 'suspect')).status).toBe(201);
  expect((await addParticipant(defenderCaseOther, citizen2, 'defender')).status).toBe(201);
  await confirm(defenderCaseOther, citizen2);
  const unmarked = await decisions(defenderCaseOther, citizen2);
  expect(unmarked.status).toBe(403);
  expect(unmarked.body.error.code).toBe('MARK_MISSING');
  expect(
    (
      await call('POST', `/api/v1/cases/${defenderCase}/participants`, {
        token: investigator.token,
        body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'defender', represents: 'p1' },
      })
    ).status,
  ).toBe(201);
  await confirm(defenderCase, citizen);
  // The citizen is also this case's applicant; the defender's mark adds its own basis.
  expect((await decisions(defenderCase, citizen)).body.bases.map((b: any) => b.code)).toEqual(['APPLICANT', 'DEFENDER']);

  // (5) Representative with the mark, and figurant.
  expect((await addParticipant(representativeCase, suspect, 'accused')).status).toBe(201);
  expect((await addParticipant(representativeCase, citizen2, 'legal_representative', 'p1')).status).toBe(201);
  expect((await decisions(representativeCase, citizen2)).body.error.code).toBe('STATUS_NOT_CONFIRMED');
  await confirm(representativeCase, citizen2);
  expect((await decisions(representativeCase, citizen2)).body.bases.map((b: any) => b.code)).toEqual(['REPRESENTATIVE_OR_FIGURANT']);

  // A witness is a participant but not among the five; as a figurant too, the figurant opens it.
  expect((await addParticipant(figurantCase, citizen2, 'witness')).status).toBe(201);
  await confirm(figurantCase, citizen2);
  const witness = await decisions(figurantCase, citizen2);
  expect(witness.status).toBe(403);
  expect(witness.body.error).toMatchObject({ code: 'STATUS_NOT_ELIGIBLE', localised: { kk: expect.any(String) } });
  expect((await addParticipant(figurantCase, citizen2, 'figurant')).status).toBe(201);
  expect((await decisions(figurantCase, citizen2)).body.error.code).toBe('STATUS_NOT_CONFIRMED');
  await confirm(figurantCase, citizen2);
  expect((await decisions(figurantCase, citizen2)).body.bases.map((b: any) => b.code)).toEqual(['REPRESENTATIVE_OR_FIGURANT']);

  // The refusals are journalled with their reason.
  const journal = await call('GET', `/api/v1/cases/${figurantCase}/access-journal`, { token: investigator.token });
  const refused = journal.body.entries.filter((e: any) => e.what === 'decisions.refused').map((e: any) => e.basis[0]);
  expect(refused.sort()).toEqual(['STATUS_NOT_CONFIRMED', 'STATUS_NOT_ELIGIBLE']);
});
