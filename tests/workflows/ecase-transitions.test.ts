// The electronic criminal case workflow on the time-skipping server, activities replaced by
// recorders (tests/helpers/ecase-workflow.ts): each forbidden transition with the rule it names,
// suspension, transfer, separation, court, termination, and who may access a case.
import { HOUR } from '../../domain/deadlines';
import { canAccess } from '../../domain/ecase';
import {
  acceptTransfer,
  addParticipant,
  assignProsecutor,
  attachDocument,
  confirmParticipant,
  confirmPrintPackage,
  getCase,
  joinCases,
  registerPaperDocument,
  reportSituation,
  resolveFormat,
  resumeCase,
  reviewTermination,
  sendToCourt,
  separateCase,
  suspendCase,
  switchToPaper,
  terminateCase,
  transferCase,
} from '../../workflows/ecase';
import { recordHistory } from '../helpers/histories';
import {
  env,
  calls,
  sha,
  body,
  otherBody,
  OFFICIAL,
  PROSECUTOR,
  iin,
  scenario,
  electronic,
  paper,
  settle,
  start,
  finish,
  searchAttributesOnce,
  refused,
  pseudonym,
  withRegister,
} from '../helpers/ecase-workflow';

scenario('forbidden transitions are refused, each naming its rule', async () => {
  const h = await start();
  await refused(
    h.executeUpdate(switchToPaper, { args: [{ ground: 'STATE_SECRETS', reasoning: 'x', officialIin: OFFICIAL }] }),
    'FORMAT_NOT_RESOLVED',
    '001 ¶10',
  );
  await refused(h.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: '111111111111' }] }), 'NOT_ASSIGNED_OFFICIAL', '001 ¶10');
  await electronic(h);
  await refused(h.executeUpdate(resolveFormat, { args: [{ format: 'PAPER', officialIin: OFFICIAL }] }), 'SWITCH_NEEDS_REASONED_RESOLUTION', '001 ¶22');
  await refused(
    h.executeUpdate(switchToPaper, { args: [{ ground: 'BAD_WEATHER' as never, reasoning: 'x', officialIin: OFFICIAL }] }),
    'SWITCH_GROUND_NOT_LISTED',
    '001 ¶22',
  );
  await refused(
    h.executeUpdate(switchToPaper, { args: [{ ground: 'STATE_SECRETS', reasoning: ' ', officialIin: OFFICIAL }] }),
    'REASONED_RESOLUTION_REQUIRED',
    '001 ¶22',
  );
  await refused(
    h.executeUpdate(switchToPaper, { args: [{ ground: 'OUTAGE', reasoning: 'Жарық жоқ', officialIin: OFFICIAL }] }),
    'NO_SITUATION_REPORTED',
    '001 ¶22',
  );
  const onset = new Date((await env.currentTimeMs()) - 2 * HOUR).toISOString();
  await h.executeUpdate(reportSituation, { args: [{ kind: 'OUTAGE', startedAt: onset, officialIin: OFFICIAL }] });
  await refused(
    h.executeUpdate(switchToPaper, { args: [{ ground: 'OUTAGE', reasoning: 'Жарық жоқ', officialIin: OFFICIAL }] }),
    'SITUATION_UNDER_24H',
    '001 ¶22',
  );
  await refused(h.executeUpdate(confirmPrintPackage, { args: [{ officialIin: OFFICIAL }] }), 'NO_SWITCH_PENDING', '001 ¶23');
  await refused(
    h.executeUpdate(joinCases, {
      args: [{ joinedErdr: (await h.query(getCase)).erdrNumber, joinedFormat: 'PAPER', format: 'ELECTRONIC', officialIin: OFFICIAL }],
    }),
    'JOIN_WITH_ITSELF',
    '001 ¶17',
  );
  await refused(
    h.executeUpdate(attachDocument, {
      args: [{ kind: 'scanned_pdf', sha256: sha(1), title: 'x', obligationKey: 'case.paperToPdf:none', officialIin: OFFICIAL }],
    }),
    'UNKNOWN_OBLIGATION',
    '001 ¶11',
  );
  await h.executeUpdate(registerPaperDocument, {
    args: [{ id: 'p1', title: 'Хат', origin: 'outgoing', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }],
  });
  await refused(
    h.executeUpdate(attachDocument, {
      args: [{ kind: 'media', sha256: sha(2), title: 'video.mp4', obligationKey: 'case.paperToPdf:p1', officialIin: OFFICIAL }],
    }),
    'OBLIGATION_NEEDS_SCAN',
    '001 ¶14',
  );
  await refused(h.executeUpdate(sendToCourt, { args: [{ court: 'Астана қ. аудандық соты', byIin: OFFICIAL, by: 'official' }] }), 'UNSCANNED_PAPER', '001 ¶6');
  await refused(h.executeUpdate(addParticipant, { args: [{ iin: '123', fullName: 'X', role: 'victim', officialIin: OFFICIAL }] }), 'INVALID_IIN', '001 ¶26');
  await refused(
    h.executeUpdate(addParticipant, { args: [{ iin: iin(5), fullName: 'X', role: 'judge' as never, officialIin: OFFICIAL }] }),
    'UNKNOWN_ROLE',
    '001 ¶10',
  );
  await refused(h.executeUpdate(resumeCase, { args: [{ officialIin: OFFICIAL }] }), 'NOT_SUSPENDED', '001 ¶19');
  await refused(h.executeUpdate(transferCase, { args: [{ toBodyCode: body.code, reason: 'x', officialIin: OFFICIAL }] }), 'SAME_BODY', '001 ¶21');
  await refused(h.executeUpdate(transferCase, { args: [{ toBodyCode: '000000', reason: 'x', officialIin: OFFICIAL }] }), 'UNKNOWN_BODY', '001 ¶21');

  // On paper: no way back to electronic but joining; no second switch; no «Төрелік».
  const p = await start();
  await paper(p);
  await refused(p.executeUpdate(resolveFormat, { args: [{ format: 'ELECTRONIC', officialIin: OFFICIAL }] }), 'PAPER_TO_ELECTRONIC_FORBIDDEN', '001 ¶10, ¶17');
  await refused(p.executeUpdate(switchToPaper, { args: [{ ground: 'STATE_SECRETS', reasoning: 'x', officialIin: OFFICIAL }] }), 'ALREADY_PAPER', '001 ¶22');
  await refused(p.executeUpdate(sendToCourt, { args: [{ court: 'Сот', byIin: OFFICIAL, by: 'official' }] }), 'COURT_NEEDS_ELECTRONIC', '001 ¶29');
  await refused(p.executeUpdate(reviewTermination, { args: [{ lawful: true, prosecutorIin: PROSECUTOR }] }), 'NO_TERMINATION_PENDING', '001 ¶20');
  await p.executeUpdate(terminateCase, { args: [{ grounds: 'ҚПК 35-б. 1-б. 2) т.', officialIin: OFFICIAL }] });
  await refused(p.executeUpdate(reviewTermination, { args: [{ lawful: true, prosecutorIin: '700101300099' }] }), 'NOT_SUPERVISING_PROSECUTOR', '001 ¶20, ¶30');
  await refused(
    p.executeUpdate(addParticipant, { args: [{ iin: iin(6), fullName: 'X', role: 'victim', officialIin: OFFICIAL }] }),
    'AWAITING_PROSECUTOR_REVIEW',
    '001 ¶20',
  );
  // Nothing refused left a trace: the history has only the accepted steps.
  expect((await p.query(getCase)).events.map((e) => e.action).filter((a) => a !== 'prosecutor.notified')).toEqual([
    'case.registered',
    'documents.generated',
    'format.resolved',
    'case.terminated',
  ]);
  await finish(h, p);
});

scenario('suspension restricts actions until resumption (¶19); transfer makes the case inactive for the sender (¶21)', async () => {
  const h = await start();
  await electronic(h);
  await h.executeUpdate(suspendCase, { args: [{ reason: 'Күдікті іздестіруде', officialIin: OFFICIAL }] });
  await refused(
    h.executeUpdate(addParticipant, { args: [{ iin: iin(7), fullName: 'X', role: 'victim', officialIin: OFFICIAL }] }),
    'CASE_SUSPENDED',
    '001 ¶19',
  );
  await refused(
    h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(3), title: 'Қаулы', officialIin: OFFICIAL }] }),
    'CASE_SUSPENDED',
    '001 ¶19',
  );
  await refused(h.executeUpdate(terminateCase, { args: [{ grounds: 'x', officialIin: OFFICIAL }] }), 'CASE_SUSPENDED', '001 ¶19');
  await refused(h.executeUpdate(suspendCase, { args: [{ reason: 'x', officialIin: OFFICIAL }] }), 'CASE_SUSPENDED', '001 ¶19');
  // A motion that arrives on paper is still recorded (¶14).
  await h.executeUpdate(registerPaperDocument, {
    args: [{ id: 'm1', title: 'Өтінішхат', origin: 'incoming', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }],
  });
  const resumed = await h.executeUpdate(resumeCase, { args: [{ officialIin: OFFICIAL }] });
  expect(resumed.status).toBe('IN_PROCEEDINGS');
  expect(resumed.suspensions[0].resumedAt).toBeDefined();
  await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(4), title: 'Қаулы', officialIin: OFFICIAL }] });

  const moved = await h.executeUpdate(transferCase, { args: [{ toBodyCode: otherBody.code, reason: 'Тергеулігі бойынша', officialIin: OFFICIAL }] });
  expect(moved).toMatchObject({ status: 'TRANSFERRED_OUT', bodyCode: otherBody.code });
  await refused(
    h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(5), title: 'Қаулы', officialIin: OFFICIAL }] }),
    'CASE_INACTIVE_FOR_SENDER',
    '001 ¶21',
  );
  await settle(h, () => calls.some((c) => c.name === 'notifyReceivingBody'));
  expect(calls.find((c) => c.name === 'notifyReceivingBody')!.input).toMatchObject({ fromBodyCode: body.code, toBodyCode: otherBody.code });
  const desc = await h.describe();
  expect(desc.typedSearchAttributes.getAll().find((p) => p.key.name === 'Body')!.value).toBe(otherBody.code);
  const accepted = await h.executeUpdate(acceptTransfer, { args: [{ officialIin: '860101300044' }] });
  expect(accepted).toMatchObject({ status: 'IN_PROCEEDINGS', officialIin: '860101300044' });
  // The receiving official's list finds the case: the attribute now holds their pseudonym.
  await searchAttributesOnce(h, (a) => a.Official === pseudonym('860101300044'));
  expect(calls.filter((c) => c.name === 'informProsecutor').map((c) => c.input.decision)).toEqual(
    expect.arrayContaining(['interruption of terms', 'resumption', 'transfer by jurisdiction']),
  );
  await finish(h);
});

scenario('separation (¶18) starts the new case under its own ERDR number; sending to court (¶29) closes the case', async () => {
  const h = await start();
  await electronic(h);
  const withMedia = await h.executeUpdate(attachDocument, { args: [{ kind: 'media', sha256: sha(6), title: 'Бейнежазба', officialIin: OFFICIAL }] });
  const mediaId = withRegister(withMedia).documents.find((d) => d.sha256 === sha(6))!.id;
  const { erdrNumber, workflowId } = await h.executeUpdate(separateCase, { args: [{ reason: 'Басқа эпизод', documentIds: [mediaId], officialIin: OFFICIAL }] });
  expect(erdrNumber).toMatch(new RegExp(`^26${body.code}1\\d{6}$`));
  expect(workflowId).toBe(`case-${erdrNumber}`);
  const child = env.client.workflow.getHandle(workflowId);
  const separated = await settle(child, (s) => s.events.length > 0);
  expect(separated).toMatchObject({ erdrNumber, separatedFrom: (await h.query(getCase)).erdrNumber, status: 'REGISTERED' });
  expect(separated.documents.map((d) => d.sha256)).toEqual([sha(6)]);
  expect(separated.documents[0].title).toBe('Бейнежазба');
  // The separated case starts with its officials' pseudonyms, without asking again.
  expect(await searchAttributesOnce(child, (a) => a.Official !== undefined)).toMatchObject({
    Official: pseudonym(OFFICIAL),
    Prosecutor: pseudonym(PROSECUTOR),
  });
  expect(calls.filter((c) => c.name === 'searchPseudonyms')).toHaveLength(1);

  await settle(h, (x) => x.documents.length === 5);
  const sent = await h.executeUpdate(sendToCourt, { args: [{ court: 'Астана қ. Сарыарқа аудандық соты', byIin: PROSECUTOR, by: 'prosecutor' }] });
  expect(sent.status).toBe('SENT_TO_COURT');
  expect(sent.court).toMatchObject({ receiptNumber: 'T-2026-0001' });
  expect(calls.find((c) => c.name === 'submitCaseToCourt')!.input.documents).toHaveLength(5);
  expect((await h.result()).status).toBe('SENT_TO_COURT');
  await finish(child);
});

scenario('termination: the prosecutor finds it lawful → archived with its status (¶20)', async () => {
  const h = await start({ prosecutorIin: undefined });
  await h.executeUpdate(addParticipant, {
    args: [{ iin: iin(8), fullName: 'Жәбірленуші', role: 'victim', contact: { email: 'v@example.kz' }, officialIin: OFFICIAL }],
  });
  await electronic(h);
  await h.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: PROSECUTOR, byIin: '700101300033' }] });
  await settle(h, (s) => s.obligations.every((o) => o.metAt));
  await h.executeUpdate(confirmParticipant, { args: [{ iin: iin(8), officialIin: OFFICIAL }] });
  await h.executeUpdate(terminateCase, { args: [{ grounds: 'Қылмыс құрамы жоқ', officialIin: OFFICIAL }] });
  await settle(h, () => calls.some((c) => c.name === 'informProsecutor' && /termination/.test(c.input.decision)));
  await h.executeUpdate(reviewTermination, { args: [{ lawful: true, prosecutorIin: PROSECUTOR, reasoning: 'Заңды' }] });
  const result = await h.result();
  expect(result).toMatchObject({ status: 'ARCHIVED', archive: { status: 'TERMINATED' } });
  expect(result.events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.terminated', 'termination.upheld', 'case.archived']));
  // Every event was journalled, and the pseudonyms asked for, by local activities inside the
  // workflow tasks: none of them went through the server as an activity task of its own.
  const journalled = calls.filter((c) => c.name === 'recordCaseEvent').map((c) => c.input.event.action);
  expect(journalled).toEqual(expect.arrayContaining(['case.registered', 'format.resolved', 'case.terminated', 'case.archived']));
  const { events } = await h.fetchHistory();
  const scheduled = events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(scheduled).not.toContain('recordCaseEvent');
  expect(scheduled).not.toContain('searchPseudonyms');
  expect(scheduled).toContain('generateCaseDocuments');
  // The same story as recorded by earlier code, with activity tasks: ecase-lifecycle-archived.json.
  await recordHistory('ecase-lifecycle-archived-journal-local', h);
});

scenario('termination cancelled by the prosecutor → back in proceedings (¶20)', async () => {
  const h = await start();
  await electronic(h);
  await h.executeUpdate(terminateCase, { args: [{ grounds: 'Тоқтату', officialIin: OFFICIAL }] });
  const back = await h.executeUpdate(reviewTermination, { args: [{ lawful: false, prosecutorIin: PROSECUTOR, reasoning: 'Дәлелдемелер толық жиналмаған' }] });
  expect(back.status).toBe('IN_PROCEEDINGS');
  expect(back.termination!.review).toMatchObject({ lawful: false });
  await h.executeUpdate(attachDocument, { args: [{ kind: 'electronic', sha256: sha(7), title: 'Тапсырма', officialIin: OFFICIAL }] });
  await finish(h);
});

test('access (¶21, ¶26, ¶30–33): conductor and heads, group, supervising prosecutor only, controllers, confirmed participants', () => {
  const c = {
    erdrNumber: '267111031000001',
    bodyCode: body.code,
    officialIin: OFFICIAL,
    prosecutorIin: PROSECUTOR,
    status: 'IN_PROCEEDINGS' as const,
    transfers: [],
    participants: [
      { id: 'p1', iin: iin(1), fullName: 'X', role: 'victim' as const, contact: {}, addedAt: '', addedBy: OFFICIAL, confirmedAt: '2026-01-01T00:00:00Z' },
      { id: 'p2', iin: iin(2), fullName: 'Y', role: 'suspect' as const, contact: {}, addedAt: '', addedBy: OFFICIAL },
    ],
  };
  expect(canAccess({ iin: OFFICIAL, roles: ['investigator'], bodyCode: body.code }, c)).toEqual({ level: 'conduct', source: '001 ¶30' });
  expect(canAccess({ iin: '1', roles: ['head'], bodyCode: body.code, subordinateIins: [OFFICIAL] }, c).level).toBe('conduct');
  expect(canAccess({ iin: '2', roles: ['investigator'], bodyCode: otherBody.code, groupCases: [c.erdrNumber] }, c)).toEqual({
    level: 'conduct',
    source: '001 ¶31',
  });
  expect(canAccess({ iin: PROSECUTOR, roles: ['prosecutor'] }, c).level).toBe('supervise');
  expect(canAccess({ iin: '3', roles: ['prosecutor'] }, c)).toEqual({ level: 'none', source: '001 ¶30' });
  expect(canAccess({ iin: '4', roles: ['head'], bodyCode: '710000', controlledBodyCodes: [body.code] }, c)).toEqual({ level: 'control', source: '001 ¶33' });
  expect(canAccess({ iin: iin(1), roles: ['participant'] }, c)).toEqual({ level: 'public', source: '001 ¶26' });
  expect(canAccess({ iin: iin(2), roles: ['participant'] }, c).level).toBe('none'); // not yet confirmed
  const moved = {
    ...c,
    bodyCode: otherBody.code,
    status: 'TRANSFERRED_OUT' as const,
    transfers: [{ fromBodyCode: body.code, toBodyCode: otherBody.code, at: '', by: OFFICIAL, reason: '' }],
  };
  expect(canAccess({ iin: OFFICIAL, roles: ['investigator'], bodyCode: body.code }, moved)).toEqual({ level: 'none', source: '001 ¶21' });
});
