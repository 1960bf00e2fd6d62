// The real things the contract fuzzing aims at, made before any request is generated (the suite's
// beforeAll): sessions, talons, an ERDR case whose confirmed victim is the citizen, a signed file, a
// petition, a complaint, a translation task, state-service requests, an access application,
// signed reports and encrypted payloads, so that handlers go past validation.
import { randomUUID } from 'node:crypto';
import { EncryptionCodec } from '../../../platform/codec';
import { DEV_OFFICIALS_BODY } from '../../../platform/trust';
import { loginAs, signWith } from '../../helpers/pki';
import { reportContent, waitFor } from '../../helpers/report';
import * as A from '../../helpers/openapi-arbitraries';
import { call, type Fixtures, type Json, sys } from './kit';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function expectStatus<T extends { status: number; body: Json }>(what: string, p: Promise<T>, status: number): Promise<T> {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

export async function makeFixtures(): Promise<Fixtures> {
  const roles = ['citizen', 'registry_officer', 'investigator', 'head', 'prosecutor', 'operator'] as const;
  const logged = await Promise.all(roles.map((r) => loginAs(sys.baseUrl, r)));
  const sessions = Object.fromEntries(roles.map((r, i) => [r, logged[i]])) as Fixtures['sessions'];
  const citizen = sessions.citizen;

  // A signed attachment, listed by the first report (so officials of the body may read it too).
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PDF)]), 'арыз.pdf');
  form.append('signature', await signWith('citizen', 'sign', PDF));
  const uploaded = await fetch(`${sys.baseUrl}/api/v1/files`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${citizen.token}` } });
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const file = (await uploaded.json()) as { id: string; sha256: string };

  const signReport = (content: unknown, role: 'citizen' | 'investigator' = 'citizen', purpose: 'sign' | 'auth' = 'sign', attached = true) =>
    signWith(role, purpose, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content), 'utf8'), attached);
  const submit = async (content: unknown) =>
    (
      await expectStatus(
        'report',
        call('POST', '/api/v1/reports', {
          token: citizen.token,
          body: { signedReport: await signReport(content) },
          headers: { 'Idempotency-Key': randomUUID() },
        }),
        202,
      )
    ).body.talon as string;
  const withFile = await submit(reportContent({ attachments: [{ id: file.id, sha256: file.sha256 }] }));
  const waiting = await submit(reportContent());

  // The first becomes a case: registered in the KUI book, then in the ERDR by the investigator.
  await expectStatus('KUI', call('POST', `/api/v1/reports/${withFile}/kui-registration`, { token: sessions.registry_officer.token }), 200);
  const erdr = (
    await expectStatus(
      'ERDR',
      call('POST', `/api/v1/reports/${withFile}/decision`, { token: sessions.investigator.token, body: { kind: 'REGISTER_ERDR' } }),
      200,
    )
  ).body.erdrNumber as string;

  // The citizen becomes the confirmed victim of the case and petitions on it (000 §4.5), so the
  // case and petition routes have real things to find. Made as far as it goes: the fuzzing does not
  // depend on it, it only reaches less deep without it.
  const missing: string[] = [];
  const documentIds: string[] = [];
  const petitionIds: string[] = [];
  const complaintIds: string[] = [];
  const translationIds: string[] = [];
  const complaintContent = {
    erdrNumber: erdr,
    subject: 'INVESTIGATOR_ACTION',
    language: 'ru',
    content: 'Следователь не уведомил меня о решении по делу в установленный срок.',
    attachments: [{ id: file.id, sha256: file.sha256 }],
  };
  const petitionContent = {
    erdrNumber: erdr,
    language: 'kk',
    content: 'Көршімді куә ретінде жауап алуды сұраймын: ол ұрлық болған түні подъезд жанында бөгде адамдарды көрген, оның деректері істе бар.',
    attachments: [{ id: file.id, sha256: file.sha256 }],
  };
  try {
    const opened = await waitFor(
      () => call('GET', `/api/v1/cases/${erdr}`, { token: sessions.investigator.token }),
      (r) => r.status === 200 && r.body.documents?.length >= 3,
    );
    documentIds.push(...(opened.body?.documents ?? []).map((d: Json) => d.id));
    await expectStatus(
      'participant',
      call('POST', `/api/v1/cases/${erdr}/participants`, {
        token: sessions.investigator.token,
        body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'victim', contact: { locale: 'kk' } },
      }),
      201,
    );
    await expectStatus(
      'confirmation',
      call('POST', `/api/v1/cases/${erdr}/participants/${citizen.user.iin}/confirmation`, { token: sessions.investigator.token }),
      200,
    );
    await waitFor(
      () => call('GET', '/api/v1/petitions/available-cases', { token: citizen.token }),
      (r) => r.body?.items?.some((c: Json) => c.erdrNumber === erdr),
    );
    const signedPetition = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(petitionContent), 'utf8'), true);
    const filed = await expectStatus(
      'petition',
      call('POST', '/api/v1/petitions', { token: citizen.token, body: { signedPetition }, headers: { 'Idempotency-Key': randomUUID() } }),
      202,
    );
    petitionIds.push(filed.body.id);
    const signedComplaint = await signWith('citizen', 'sign', Buffer.from(JSON.stringify(complaintContent), 'utf8'), true);
    const complained = await expectStatus(
      'complaint',
      call('POST', '/api/v1/complaints', { token: citizen.token, body: { signedComplaint }, headers: { 'Idempotency-Key': randomUUID() } }),
      202,
    );
    complaintIds.push(complained.body.id);
  } catch (e) {
    missing.push(`case participant, petition or complaint (${(e as Error).message.slice(0, 200)})`);
  }
  try {
    // The citizen is also the case's translator, so the translation routes have a task to find (000 §5).
    await expectStatus(
      'translator',
      call('POST', `/api/v1/cases/${erdr}/participants`, {
        token: sessions.investigator.token,
        body: { iin: citizen.user.iin, fullName: citizen.user.name, role: 'translator' },
      }),
      201,
    );
    await expectStatus(
      'translator confirmed',
      call('POST', `/api/v1/cases/${erdr}/participants/${citizen.user.iin}/confirmation`, { token: sessions.investigator.token }),
      200,
    );
    await waitFor(
      () => sys.db.prisma.caseParticipant.findFirst({ where: { erdrNumber: erdr, iin: citizen.user.iin, role: 'translator' } }),
      (r) => !!r,
    );
    const sent = {
      erdrNumber: erdr,
      documentId: documentIds[0],
      translatorIin: citizen.user.iin,
      dueAt: new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString(),
    };
    translationIds.push(
      (
        await expectStatus(
          'translation task',
          call('POST', '/api/v1/translations', { token: sessions.investigator.token, body: sent, headers: { 'Idempotency-Key': randomUUID() } }),
          201,
        )
      ).body.id,
    );
  } catch (e) {
    missing.push(`translation task (${(e as Error).message.slice(0, 200)})`);
  }
  const translationContent = {
    taskId: translationIds[0] ?? randomUUID(),
    comment: 'Аударма түпнұсқаға сәйкес орындалды.',
    language: 'kk',
    files: [{ id: file.id, sha256: file.sha256 }],
  };
  const signTranslation = async (content: unknown, role: 'citizen' | 'investigator' = 'citizen', purpose: 'sign' | 'auth' = 'sign') => ({
    signedTranslation: await signWith(role, purpose, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content), 'utf8'), true),
  });
  if (!documentIds.length) missing.push('case documents');
  const signPetition = async (content: unknown, role: 'citizen' | 'investigator' = 'citizen', purpose: 'sign' | 'auth' = 'sign') => ({
    signedPetition: await signWith(role, purpose, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content), 'utf8'), true),
  });

  // The Committee's state services (004): one archive certificate request and one offence-information request of the citizen.
  const archiveContent = {
    recipientIin: citizen.user.iin,
    recipientName: citizen.user.name,
    bodyCode: DEV_OFFICIALS_BODY,
    requested: 'CERTIFICATE',
    subject: '1998 жылғы қылмыстық іс туралы анықтама',
    language: 'kk',
    collectionBranch: 'Астана қ. ХҚКО',
  };
  const signRequest = async (content: unknown, role: 'citizen' | 'investigator' | 'operator' = 'citizen', purpose: 'sign' | 'auth' = 'sign') => ({
    signedRequest: await signWith(role, purpose, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content), 'utf8'), true),
  });
  const archiveIds: string[] = [];
  const offenceIds: string[] = [];
  try {
    archiveIds.push(
      (
        await expectStatus(
          'archive request',
          call('POST', '/api/v1/archive-certificates', {
            token: citizen.token,
            body: await signRequest(archiveContent),
            headers: { 'Idempotency-Key': randomUUID() },
          }),
          202,
        )
      ).body.id,
    );
    offenceIds.push(
      (
        await expectStatus(
          'offence request',
          call('POST', '/api/v1/offence-information', {
            token: citizen.token,
            body: await signRequest({ recipientIin: citizen.user.iin, language: 'ru' }),
            headers: { 'Idempotency-Key': randomUUID() },
          }),
          202,
        )
      ).body.id,
    );
  } catch (e) {
    missing.push(`state service requests (${(e as Error).message.slice(0, 200)})`);
  }

  const application = await expectStatus(
    'application',
    call('POST', '/api/v1/account-applications', {
      token: citizen.token,
      body: {
        kind: 'REGISTRATION',
        iin: citizen.user.iin,
        fullName: citizen.user.name,
        position: 'аудармашы',
        bodyCode: DEV_OFFICIALS_BODY,
        requestedRole: 'translator',
      },
    }),
    202,
  );

  const challengeIds: string[] = [];
  for (let i = 0; i < 3; i++) challengeIds.push((await expectStatus('challenge', call('POST', '/api/v1/auth/challenge'), 201)).body.challengeId);

  const codec = new EncryptionCodec(sys.keys);
  const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
  const [encrypted] = await codec.encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"talon":"260000000000101"}') }]);
  const encryptedJson = { metadata: Object.fromEntries(Object.entries(encrypted.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(encrypted.data!) };

  const good = reportContent();
  return {
    sessions,
    talons: [withFile, waiting],
    erdrs: [erdr],
    fileIds: [file.id],
    fileSha256s: [file.sha256],
    documentIds,
    petitionIds,
    signedPetitions: [
      { label: 'a valid signed petition', value: await signPetition(petitionContent) },
      { label: 'a signed petition too short', value: await signPetition({ ...petitionContent, content: 'қысқа' }) },
      { label: 'a signed petition on a case of someone else', value: await signPetition({ ...petitionContent, erdrNumber: '269999991000001' }) },
      { label: 'a signed petition with unknown fields', value: await signPetition({ ...petitionContent, extra: '\u0000' }) },
      { label: 'signed petition content that is not JSON', value: await signPetition('{"erdrNumber": ') },
      { label: 'a petition signed with the authentication key', value: await signPetition(petitionContent, 'citizen', 'auth') },
      { label: 'a petition signed by an official', value: await signPetition(petitionContent, 'investigator') },
    ],
    complaintIds,
    signedComplaints: [
      {
        label: 'a valid signed complaint',
        value: { signedComplaint: await signWith('citizen', 'sign', Buffer.from(JSON.stringify(complaintContent), 'utf8'), true) },
      },
      {
        label: 'a signed complaint about nothing known',
        value: {
          signedComplaint: await signWith(
            'citizen',
            'sign',
            Buffer.from(JSON.stringify({ ...complaintContent, subject: 'EVERYTHING', content: '' }), 'utf8'),
            true,
          ),
        },
      },
      {
        label: 'a complaint signed by an official',
        value: { signedComplaint: await signWith('investigator', 'sign', Buffer.from(JSON.stringify(complaintContent), 'utf8'), true) },
      },
      {
        label: 'a complaint signed with the authentication key',
        value: { signedComplaint: await signWith('citizen', 'auth', Buffer.from(JSON.stringify(complaintContent), 'utf8'), true) },
      },
    ],
    archiveIds,
    offenceIds,
    signedStateRequests: [
      { label: 'a valid signed archive request', value: await signRequest(archiveContent) },
      { label: 'a valid signed offence request', value: await signRequest({ recipientIin: citizen.user.iin, language: 'kk' }) },
      { label: 'an archive request about someone else', value: await signRequest({ ...archiveContent, recipientIin: '000000000000' }) },
      { label: 'an archive request to an unknown body', value: await signRequest({ ...archiveContent, bodyCode: '000000' }) },
      { label: 'a request signed by the operator', value: await signRequest(archiveContent, 'operator') },
      { label: 'a request signed with the authentication key', value: await signRequest(archiveContent, 'citizen', 'auth') },
      { label: 'signed request content that is not JSON', value: await signRequest('{"recipientIin": ') },
    ],
    translationIds,
    signedTranslations: [
      { label: 'a valid signed translation', value: await signTranslation(translationContent) },
      { label: 'a signed translation without a comment or files', value: await signTranslation({ ...translationContent, comment: '', files: [] }) },
      { label: 'a signed translation of another task', value: await signTranslation({ ...translationContent, taskId: randomUUID() }) },
      { label: 'a translation signed by an official', value: await signTranslation(translationContent, 'investigator') },
      { label: 'a translation signed with the authentication key', value: await signTranslation(translationContent, 'citizen', 'auth') },
    ],
    missing,
    applicationIds: [application.body.applicationId],
    notificationIds: [],
    challengeIds,
    codecTokens: [sys.codecToken, sessions.operator.token, sessions.head.token, citizen.token],
    signedReports: [
      { label: 'a valid signed report', value: { signedReport: await signReport(good) } },
      {
        label: 'a signed report listing a file that was never uploaded',
        value: { signedReport: await signReport(reportContent({ attachments: [{ id: randomUUID(), sha256: 'a'.repeat(64) }] })) },
      },
      {
        label: 'a signed report with invalid fields',
        value: { signedReport: await signReport({ ...good, fabula: 'қысқа', regionId: '__proto__', applicant: { phone: '%00' } }) },
      },
      { label: 'a signed report placed in a district of another region', value: { signedReport: await signReport({ ...good, districtId: 'constructor' }) } },
      { label: 'signed content that is not JSON', value: { signedReport: await signReport('{"fabula": "\u0000\uD800') } },
      { label: 'signed content that is JSON but not an object', value: { signedReport: await signReport('[null]') } },
      { label: 'a report signed with the authentication key', value: { signedReport: await signReport(good, 'citizen', 'auth') } },
      { label: 'a report signed by an official', value: { signedReport: await signReport(good, 'investigator') } },
      { label: 'a detached signature', value: { signedReport: await signReport(good, 'citizen', 'sign', false) } },
    ],
    codecBodies: [
      { label: 'a payload this system encrypted', value: { payloads: [encryptedJson] } },
      { label: 'a plain payload', value: { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('{"a":1}') }] } },
      { label: 'an encrypted payload cut short', value: { payloads: [{ ...encryptedJson, data: encryptedJson.data.slice(0, 12) }] } },
      { label: 'an encrypted payload with junk data', value: { payloads: [{ ...encryptedJson, data: b64('junk that is not ciphertext at all') }] } },
      {
        label: 'an encrypted payload under an unknown key',
        value: { payloads: [{ ...encryptedJson, metadata: { ...encryptedJson.metadata, 'encryption-key-id': b64('no-such-key') } }] },
      },
      { label: 'an encrypted payload with no data', value: { payloads: [{ metadata: encryptedJson.metadata }] } },
      { label: 'payloads that are not objects', value: { payloads: [null, 1, 'x', [], { metadata: { encoding: 5 } }, { metadata: null, data: {} }] } },
    ],
    signedUploads: [
      {
        label: 'a PDF with the uploader’s detached signature',
        make: async () =>
          A.multipartBody([
            { name: 'file', filename: 'чек.pdf', data: PDF },
            { name: 'signature', data: await signWith('citizen', 'sign', PDF) },
          ]),
      },
      {
        label: 'a PDF signed over other bytes',
        make: async () =>
          A.multipartBody([
            { name: 'file', filename: 'a.pdf', data: PDF },
            { name: 'signature', data: await signWith('citizen', 'sign', Buffer.from('other bytes')) },
          ]),
      },
      {
        label: 'a PDF signed with the authentication key',
        make: async () =>
          A.multipartBody([
            { name: 'signature', data: await signWith('citizen', 'auth', PDF) },
            { name: 'file', filename: 'a.pdf', data: PDF },
          ]),
      },
      {
        label: 'a PDF signed by an official',
        make: async () =>
          A.multipartBody([
            { name: 'file', filename: 'a.pdf', data: PDF },
            { name: 'signature', data: await signWith('investigator', 'sign', PDF) },
          ]),
      },
    ],
  };
}
