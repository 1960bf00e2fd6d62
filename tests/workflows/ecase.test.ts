// The electronic criminal case workflow on the time-skipping server, activities replaced by
// recorders (tests/helpers/ecase-workflow.ts): its start and every 24-hour rule of 001 (met in
// time; reminded, breached with escalation, completed late). The forbidden and other transitions
// are tests/workflows/ecase-transitions.test.ts.
import { HOUR } from '../../domain/deadlines';
import {
  addParticipant,
  assignProsecutor,
  attachDocument,
  completeJoin,
  confirmLetterSent,
  confirmParticipant,
  confirmPrintPackage,
  getCase,
  joinCases,
  produceInventory,
  registerPaperDocument,
  reportSituation,
  switchToPaper,
  timeline,
} from '../../workflows/ecase';
import {
  env,
  calls,
  sha,
  body,
  pseudonym,
  OFFICIAL,
  PROSECUTOR,
  iin,
  scenario,
  electronic,
  paper,
  deadline,
  noticesFor,
  settle,
  start,
  finish,
  searchAttributesOnce,
  expectLate,
} from '../helpers/ecase-workflow';

scenario('start: the three ¶11 documents are generated and the case waits for its format', async () => {
  const h = await start();
  const s = await settle(h, (x) => x.documents.length === 3);
  expect(s.status).toBe('REGISTERED');
  expect(s.documents.map((d) => d.generatedKind)).toEqual(['kui_registration_report', 'offence_detection_report', 'prosecutor_notice_start']);
  expect(calls.find((c) => c.name === 'generateCaseDocuments')!.input).toMatchObject({
    erdrNumber: s.erdrNumber,
    kuiNumber: `26${body.code}0000001`,
    talon: '260000000000001',
  });
  // The officials appear in the search attributes by their keyed pseudonyms, never by IIN.
  const attributes = await searchAttributesOnce(h, (a) => a.Official !== undefined && a.Prosecutor !== undefined);
  expect(attributes).toMatchObject({
    ErdrNumber: s.erdrNumber,
    Body: body.code,
    CaseStatus: 'REGISTERED',
    Official: pseudonym(OFFICIAL),
    Prosecutor: pseudonym(PROSECUTOR),
  });
  expect(JSON.stringify(attributes)).not.toContain(OFFICIAL);
  expect(JSON.stringify(attributes)).not.toContain(PROSECUTOR);
  await finish(h);
});

scenario('¶10 prosecutor notice: delivered at once when a prosecutor is known; otherwise reminded, breached, and late when assigned at 30 h', async () => {
  const inTime = await start();
  const late = await start({ prosecutorIin: undefined });
  const t0 = await env.currentTimeMs();
  await electronic(inTime);
  await electronic(late);
  await settle(inTime, (s) => s.obligations.find((o) => o.key === 'case.prosecutorNotice')?.metAt !== undefined);
  await env.sleep(30 * HOUR);
  expect((await deadline(inTime, 'case.prosecutorNotice'))!.state).toBe('met');
  expect(noticesFor((await inTime.query(getCase)).erdrNumber, 'case.prosecutorNotice')).toEqual([]);
  expect((await deadline(late, 'case.prosecutorNotice'))!.state).toBe('breached');

  await late.executeUpdate(assignProsecutor, { args: [{ prosecutorIin: PROSECUTOR, byIin: '700101300033' }] });
  const s = await settle(late, (x) => x.deadlines.find((d) => d.key === 'case.prosecutorNotice')?.state === 'late');
  await expectLate(s.erdrNumber, 'case.prosecutorNotice', t0);
  expect(calls.find((c) => c.name === 'deliverProsecutorNotice' && c.input.erdrNumber === s.erdrNumber)!.input).toMatchObject({
    prosecutorIin: PROSECUTOR,
    format: 'ELECTRONIC',
  });
  expect(s.documents.at(-1)!.generatedKind).toBe('prosecutor_notice_format');
  const tl = await late.query(timeline);
  expect(tl.map((e) => e.what)).toEqual(
    expect.arrayContaining(['format.resolved', 'deadline.reminded', 'deadline.breached', 'prosecutor.assigned', 'deadline.late']),
  );
  await finish(inTime, late);
});

scenario('¶10, ¶24 participants: e-mail tells at once; without phone and e-mail a paper letter, reminded, breached, late when posted', async () => {
  const h = await start();
  await h.executeUpdate(addParticipant, {
    args: [{ iin: iin(1), fullName: 'Сейітов Арман', role: 'victim', contact: { email: 'arman@example.kz' }, officialIin: OFFICIAL }],
  });
  await h.executeUpdate(addParticipant, { args: [{ iin: iin(2), fullName: 'Бекова Айгүл', role: 'suspect', officialIin: OFFICIAL }] });
  await h.executeUpdate(addParticipant, {
    args: [{ iin: iin(3), fullName: 'Куәгер Болат', role: 'witness', contact: { phone: '+77010000000' }, officialIin: OFFICIAL }],
  });
  const t0 = await env.currentTimeMs();
  await electronic(h);
  const s = await settle(h, (x) => x.participants[0].informedAt !== undefined && x.participants[1].letterId !== undefined);
  expect(s.participants[0].channels).toEqual(['cabinet', 'email']);
  expect(s.participants[1].channels).toEqual(['cabinet', 'paper_letter']);
  // ¶10 lists who is told; a witness is not.
  expect(s.obligations.map((o) => o.key)).not.toContain('case.participantsInformed:p3');
  expect(
    calls
      .filter((c) => c.name === 'informParticipant')
      .map((c) => c.input.participant.id)
      .sort(),
  ).toEqual(['p1', 'p2']);

  await env.sleep(30 * HOUR);
  await h.executeUpdate(confirmLetterSent, { args: [{ iin: iin(2), officialIin: OFFICIAL }] });
  const done = await settle(h, (x) => x.deadlines.find((d) => d.key === 'case.participantsInformed:p2')?.state === 'late');
  expect(done.deadlines.find((d) => d.key === 'case.participantsInformed:p1')!.state).toBe('met');
  await expectLate(done.erdrNumber, 'case.participantsInformed:p2', t0);
  expect(noticesFor(done.erdrNumber, 'case.participantsInformed:p1')).toEqual([]);

  // ¶26: confirmation opens the Public Sector.
  const confirmed = await h.executeUpdate(confirmParticipant, { args: [{ iin: iin(1), officialIin: OFFICIAL }] });
  expect(confirmed.participants[0].confirmedAt).toBeDefined();
  expect(confirmed.participants[1].confirmedAt).toBeUndefined();
  await finish(h);
});

scenario('¶11, ¶14 paper to PDF: earlier paper on an electronic resolution and a new on-site protocol; one scanned in time, one late', async () => {
  const h = await start();
  await h.executeUpdate(registerPaperDocument, {
    args: [
      {
        id: 'protocol-1',
        title: 'Оқиға орнын қарау хаттамасы',
        origin: 'on_site',
        createdAt: new Date(await env.currentTimeMs()).toISOString(),
        officialIin: OFFICIAL,
      },
    ],
  });
  // Before the format decision no scan is due yet.
  expect((await h.query(getCase)).obligations).toEqual([]);
  const t0 = await env.currentTimeMs();
  await electronic(h);
  await h.executeUpdate(registerPaperDocument, {
    args: [{ id: 'motion-1', title: 'Өтінішхат', origin: 'incoming', createdAt: new Date(t0).toISOString(), officialIin: OFFICIAL }],
  });
  const s0 = await h.query(getCase);
  expect(s0.obligations.filter((o) => o.rule === 'case.paperToPdf').map((o) => o.key)).toEqual(['case.paperToPdf:protocol-1', 'case.paperToPdf:motion-1']);

  await h.executeUpdate(attachDocument, {
    args: [{ kind: 'scanned_pdf', sha256: sha(9001), title: 'Өтінішхат.pdf', obligationKey: 'case.paperToPdf:motion-1', officialIin: OFFICIAL }],
  });
  await env.sleep(30 * HOUR);
  await h.executeUpdate(attachDocument, {
    args: [{ kind: 'scanned_pdf', sha256: sha(9002), title: 'Хаттама.pdf', obligationKey: 'case.paperToPdf:protocol-1', officialIin: OFFICIAL }],
  });
  const s = await settle(h, (x) => x.deadlines.find((d) => d.key === 'case.paperToPdf:protocol-1')?.state === 'late');
  expect(s.deadlines.find((d) => d.key === 'case.paperToPdf:motion-1')!.state).toBe('met');
  await expectLate(s.erdrNumber, 'case.paperToPdf:protocol-1', t0);
  expect(s.paperDocuments.every((d) => d.scanId)).toBe(true);
  expect(s.documents.find((d) => d.scanOf === 'protocol-1')!.sha256).toBe(sha(9002));

  // ¶11: the inventory lists every document with its hash.
  const inventory = await h.executeUpdate(produceInventory, { args: [{ officialIin: OFFICIAL }] });
  expect(inventory.documentCount).toBe(s.documents.length);
  const listed = calls.find((c) => c.name === 'produceInventory')!.input.documents.map((d: { sha256: string }) => d.sha256);
  expect(listed).toEqual(s.documents.map((d) => d.sha256));
  await finish(h);
});

scenario('¶17 joining: done in time with a paper case made electronic; another breached and completed late; the joined case closes', async () => {
  const absorbed = await start();
  await electronic(absorbed);
  const absorbedErdr = (await absorbed.query(getCase)).erdrNumber;
  const lead = await start();
  await paper(lead);
  const slow = await start();
  await electronic(slow);
  // The one way from paper to electronic: the joining resolution decides it (¶10 ¶4, ¶17).
  const joined = await lead.executeUpdate(joinCases, {
    args: [
      {
        joinedErdr: absorbedErdr,
        joinedFormat: 'ELECTRONIC',
        format: 'ELECTRONIC',
        paperMaterials: [{ id: 'm1', title: 'Жауап алу хаттамасы' }],
        officialIin: OFFICIAL,
      },
    ],
  });
  expect(joined.format).toBe('ELECTRONIC');
  expect(joined.formatChanges.at(-1)).toMatchObject({ from: 'PAPER', to: 'ELECTRONIC', basis: 'joining' });
  expect(joined.obligations.map((o) => o.key)).toEqual(expect.arrayContaining([`case.join:${absorbedErdr}`, `case.paperToPdf:${absorbedErdr}/m1`]));
  await lead.executeUpdate(completeJoin, { args: [{ joinedErdr: absorbedErdr, officialIin: OFFICIAL }] });
  expect((await absorbed.result()).status).toBe('JOINED_INTO');

  // The clock of the slow join starts at its resolution; awaiting a result above lets the test
  // server skip time, so it is read here, just before.
  const t0 = await env.currentTimeMs();
  await slow.executeUpdate(joinCases, { args: [{ joinedErdr: '261111111000001', joinedFormat: 'ELECTRONIC', format: 'ELECTRONIC', officialIin: OFFICIAL }] });
  await env.sleep(30 * HOUR);
  await slow.executeUpdate(completeJoin, { args: [{ joinedErdr: '261111111000001', officialIin: OFFICIAL }] });
  const s = await settle(slow, (x) => x.deadlines.find((d) => d.key === 'case.join:261111111000001')?.state === 'late');
  await expectLate(s.erdrNumber, 'case.join:261111111000001', t0);
  expect((await deadline(lead, `case.join:${absorbedErdr}`))!.state).toBe('met');
  // The paper materials of the joined case were not scanned: that one is breached.
  expect((await deadline(lead, `case.paperToPdf:${absorbedErdr}/m1`))!.state).toBe('breached');
  expect(calls.some((c) => c.name === 'informProsecutor' && c.input.decision === 'joining of cases')).toBe(true);
  await finish(lead, slow);
});

scenario('¶22–23 switch to paper: a foreign-state ground executed in time; an outage switch after 24 h executed late; urgent at once', async () => {
  const foreign = await start();
  await electronic(foreign);
  await foreign.executeUpdate(registerPaperDocument, {
    args: [{ id: 'r1', title: 'Қолхат', origin: 'incoming', createdAt: new Date(await env.currentTimeMs()).toISOString(), officialIin: OFFICIAL }],
  });
  const switched = await foreign.executeUpdate(switchToPaper, {
    args: [{ ground: 'FOREIGN_STATE', reasoning: 'Материалдар Қырғыз Республикасына жіберіледі', officialIin: OFFICIAL }],
  });
  expect(switched.format).toBe('PAPER');
  // Scans are no longer due once the case is on paper.
  expect(switched.obligations.find((o) => o.key === 'case.paperToPdf:r1')!.cancelledAt).toBeDefined();
  await settle(foreign, (x) => x.printPackage !== undefined);
  const executed = await foreign.executeUpdate(confirmPrintPackage, { args: [{ officialIin: OFFICIAL }] });
  expect(executed.formatChanges.at(-1)!.executedAt).toBeDefined();

  const outage = await start();
  await electronic(outage);
  const onset = await env.currentTimeMs();
  await outage.executeUpdate(reportSituation, { args: [{ kind: 'OUTAGE', startedAt: new Date(onset).toISOString(), officialIin: OFFICIAL }] });
  const urgent = await start();
  await electronic(urgent);
  await urgent.executeUpdate(reportSituation, { args: [{ kind: 'EMERGENCY', startedAt: new Date(onset).toISOString(), officialIin: OFFICIAL }] });
  const atOnce = await urgent.executeUpdate(switchToPaper, {
    args: [{ ground: 'EMERGENCY', reasoning: 'Кезек күттірмейтін тінту қажет', urgentActions: true, officialIin: OFFICIAL }],
  });
  expect(atOnce.formatChanges.at(-1)).toMatchObject({ basis: 'EMERGENCY', urgentActions: true });

  await env.sleep(25 * HOUR);
  const t0 = await env.currentTimeMs();
  await outage.executeUpdate(switchToPaper, { args: [{ ground: 'OUTAGE', reasoning: 'Модульге қосылу 25 сағат бойы жоқ', officialIin: OFFICIAL }] });
  const key = 'case.switchToPaper:2';
  await env.sleep(30 * HOUR);
  await outage.executeUpdate(confirmPrintPackage, { args: [{ officialIin: OFFICIAL }] });
  const s = await settle(outage, (x) => x.deadlines.find((d) => d.key === key)?.state === 'late');
  await expectLate(s.erdrNumber, key, t0);
  expect((await deadline(foreign, 'case.switchToPaper:2'))!.state).toBe('met');
  expect(calls.find((c) => c.name === 'producePrintPackage' && c.input.erdrNumber === s.erdrNumber)!.input.ground).toBe('OUTAGE');
  await finish(foreign, outage, urgent);
});
