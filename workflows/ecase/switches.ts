// The case's changes of course (001 ¶17–¶21): joining cases (the joined case's format decided in
// the same resolution, carried out within 24 hours), separation into a case of its own,
// suspension and resumption, and transfer by jurisdiction.
import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { FINAL_CASE_STATUSES, hasDocument, type CaseState, type JoinCasesRequest, type TransferRequest } from '../../domain/ecase';
import { goOverToPaper, scansDue } from './duties';
import { joinedInto as joinedIntoSignal, type By, type CaseInput } from './messages';
import { notices, now, acts, type CaseRun } from './run';

/** ¶17: joining; the joined case's format decided in the same resolution; carried out within 24 hours. */
export async function joinCases(c: CaseRun, { joinedErdr, joinedFormat, format, paperMaterials, officialIin }: JoinCasesRequest): Promise<CaseState> {
  const { state } = c;
  state.joined.push({ erdrNumber: joinedErdr, format, at: now(), by: officialIin });
  c.record('cases.joined', officialIin, '001 ¶17', `${joinedErdr} (${joinedFormat}) → ${format}`);
  c.oblige(`case.join:${joinedErdr}`, 'case.join', joinedErdr);
  if (format === 'ELECTRONIC') {
    if (state.format === 'PAPER') {
      // The one way from paper to electronic (¶10 ¶4): this case's paper goes to PDF as well.
      state.formatChanges.push({ from: 'PAPER', to: 'ELECTRONIC', at: now(), by: officialIin, basis: 'joining' });
      state.format = 'ELECTRONIC';
      c.publish();
      c.record('format.changed_on_joining', officialIin, '001 ¶17', 'PAPER → ELECTRONIC');
    }
    for (const m of paperMaterials ?? []) {
      state.paperDocuments.push({ id: `${joinedErdr}/${m.id}`, title: m.title, origin: 'joined_case', createdAt: now(), registeredAt: now() });
    }
    scansDue(c, Date.now());
  } else if (state.format === 'ELECTRONIC') {
    goOverToPaper(c, officialIin, 'joining');
  }
  // The joined case learns it now lives on inside this one; it may predate this system.
  try {
    await getExternalWorkflowHandle(`case-${joinedErdr}`).signal(joinedIntoSignal, { leadErdr: c.erdr });
  } catch (err) {
    c.record('cases.joined_case_not_reached', 'system', '001 ¶17', `${joinedErdr}: ${(err as Error).message}`);
  }
  c.tellProsecutor('joining of cases', joinedErdr);
  return c.snapshot();
}

/** ¶17: the joining is carried out. */
export async function completeJoin(c: CaseRun, { joinedErdr, officialIin }: { joinedErdr: string } & By): Promise<CaseState> {
  c.state.joined.find((j) => j.erdrNumber === joinedErdr && !j.completedAt)!.completedAt = now();
  c.meet(`case.join:${joinedErdr}`, officialIin);
  c.record('cases.join_completed', officialIin, '001 ¶17', joinedErdr);
  return c.snapshot();
}

/** ¶17: this case was joined into another and lives on inside it. */
export function joinedInto(c: CaseRun, { leadErdr }: { leadErdr: string }): void {
  if (FINAL_CASE_STATUSES.includes(c.state.status)) return;
  c.state.joinedInto = { erdrNumber: leadErdr, at: now() };
  c.record('case.joined_into', 'system', '001 ¶17', leadErdr);
  c.moveTo('JOINED_INTO');
}

/** ¶18: separated materials get a new ERDR number and their own case workflow. */
export async function separateCase(
  c: CaseRun,
  { reason, documentIds, officialIin }: { reason: string; documentIds?: string[] } & By,
): Promise<{ erdrNumber: string; workflowId: string }> {
  return c.exclusively('separate', async () => {
    const { state, input } = c;
    const n = state.separated.length + 1;
    const newErdr = await acts.allocateSeparatedCaseNumber({ bodyCode: state.bodyCode, idempotencyKey: `case-${c.erdr}/separate-${n}` });
    // A case keeping its register in the database names the documents; the new case copies them (¶18).
    const inRegister = c.documentsInRegister();
    const documents = inRegister ? [] : state.documents.filter((d) => !documentIds || documentIds.includes(d.id));
    const taken = inRegister
      ? (documentIds ?? Array.from({ length: state.documentCount ?? 0 }, (_, i) => `d${i + 1}`)).filter((id) => hasDocument(state, id))
      : documents.map((d) => d.id);
    const workflowId = `case-${newErdr}`;
    // By type name: this module is part of caseWorkflow itself.
    await startChild<(input: CaseInput) => Promise<CaseState>>('caseWorkflow', {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          erdrNumber: newErdr,
          bodyCode: state.bodyCode,
          registeredAt: now(),
          officialIin: state.officialIin,
          prosecutorIin: state.prosecutorIin,
          fabula: input.fabula,
          separatedFrom: { erdrNumber: c.erdr, documents, ...(inRegister && { documentIds: taken }) },
          options: input.options,
          ...(c.pseudonymous && { pseudonyms: c.currentPseudonyms() }),
        },
      ],
    });
    state.separated.push({ erdrNumber: newErdr, at: now(), by: officialIin, documentIds: taken });
    c.record('case.separated', officialIin, '001 ¶18', `${newErdr}: ${reason}`);
    c.tellProsecutor('separation of a case', newErdr);
    return { erdrNumber: newErdr, workflowId };
  });
}

/** ¶19: interruption of the terms restricts actions until the resumption. */
export async function suspendCase(c: CaseRun, { reason, officialIin }: { reason: string } & By): Promise<CaseState> {
  c.state.suspensions.push({ at: now(), by: officialIin, reason });
  c.moveTo('SUSPENDED');
  c.record('case.suspended', officialIin, '001 ¶19', reason);
  c.tellProsecutor('interruption of terms', reason);
  return c.snapshot();
}

export async function resumeCase(c: CaseRun, { officialIin }: By): Promise<CaseState> {
  const s = c.state.suspensions.at(-1)!;
  s.resumedAt = now();
  s.resumedBy = officialIin;
  c.moveTo('IN_PROCEEDINGS');
  c.record('case.resumed', officialIin, '001 ¶19');
  c.tellProsecutor('resumption');
  return c.snapshot();
}

/** ¶21: sent by jurisdiction: inactive for the sender, the receiving body told; it takes the case. */
export async function transferCase(c: CaseRun, { toBodyCode, reason, officialIin }: TransferRequest): Promise<CaseState> {
  const { state } = c;
  const fromBodyCode = state.bodyCode;
  state.transfers.push({ fromBodyCode, toBodyCode, at: now(), by: officialIin, reason });
  state.bodyCode = toBodyCode;
  c.moveTo('TRANSFERRED_OUT');
  c.record('case.transferred', officialIin, '001 ¶21', `${fromBodyCode} → ${toBodyCode}: ${reason}`);
  const n = state.transfers.length;
  c.inBackground(() => notices.notifyReceivingBody({ erdrNumber: c.erdr, fromBodyCode, toBodyCode, dedupeKey: `case-${c.erdr}/transfer-${n}` }));
  c.tellProsecutor('transfer by jurisdiction', toBodyCode);
  return c.snapshot();
}

export async function acceptTransfer(c: CaseRun, { officialIin }: By): Promise<CaseState> {
  const t = c.state.transfers.at(-1)!;
  t.acceptedAt = now();
  t.acceptedBy = officialIin;
  c.state.officialIin = officialIin;
  c.moveTo('IN_PROCEEDINGS');
  c.learnPseudonyms();
  c.record('case.accepted_by_jurisdiction', officialIin, '001 ¶21', c.state.bodyCode);
  return c.snapshot();
}
