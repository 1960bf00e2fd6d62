// The duties behind the case's 24-hour obligations (001 ¶10, ¶11, ¶22–¶24), each of which can be
// taken up again by a new run after continue-as-new (resumeDuties).
import { condition } from '@temporalio/workflow';
import { openObligation, type Participant, type SwitchGround } from '../../domain/ecase';
import { acts, notices, now, refOf, type CaseRun } from './run';

/** ¶10: the notice of the format goes to the supervising prosecutor as soon as one is known. */
export async function deliverProsecutorNotice(c: CaseRun): Promise<void> {
  const { state } = c;
  await condition(() => !!state.prosecutorIin || !openObligation(state, 'case.prosecutorNotice'));
  if (!openObligation(state, 'case.prosecutorNotice')) return;
  const resolution = state.formatChanges.find((f) => f.basis === 'resolution')!;
  c.inBackground(async () => {
    const notice = await notices.deliverProsecutorNotice({
      ...c.details(),
      prosecutorIin: state.prosecutorIin!,
      format: resolution.to,
      resolutionAt: resolution.at,
      dedupeKey: `case-${c.erdr}/prosecutor-notice`,
    });
    c.addGenerated(notice);
    c.meet('case.prosecutorNotice', 'system');
    c.record('prosecutor.notified', 'system', '001 ¶10');
  });
}

/** ¶10, ¶24: a participant with one of the listed statuses is told the format. */
export function inform(c: CaseRun, p: Participant): void {
  const key = `case.participantsInformed:${p.id}`;
  c.oblige(key, 'case.participantsInformed', `${p.role} ${p.id}`);
  if (p.letterId) return; // a letter is printed already; the official confirms its posting
  const format = c.state.format!;
  const resolutionAt = c.state.formatChanges.at(-1)!.at;
  c.inBackground(async () => {
    try {
      const result = await notices.informParticipant({ ...c.details(), participant: p, format, resolutionAt, dedupeKey: `case-${c.erdr}/informed/${p.id}` });
      p.channels = result.channels;
      if (result.letter) {
        p.letterId = c.addGenerated(result.letter).id;
        c.record('participant.letter_prepared', 'system', '001 ¶24', p.id);
      } else {
        p.informedAt = now();
        c.meet(key, 'system');
        c.record('participant.informed', 'system', '001 ¶10, ¶24', `${p.id}: ${result.channels.join(', ')}`);
      }
    } catch (err) {
      // The obligation stays open: its breach reaches the head and the prosecutor.
      c.record('participant.notice_failed', 'system', '001 ¶24', `${p.id}: ${(err as Error).message}`);
    }
  });
}

/** ¶23: the print package of all documents; PDFs of paper documents give way to the originals. */
export function preparePrintPackage(c: CaseRun, ground: SwitchGround | 'joining', resolutionAt: string): void {
  const scans = new Set(c.state.paperDocuments.map((d) => d.scanId).filter(Boolean));
  // The register marks each scan with its paper document: the activity reads them from there.
  const documents = c.documentsInRegister() ? {} : { documents: c.state.documents.map((d) => ({ ...refOf(d), scanOfPaper: scans.has(d.id) })) };
  c.inBackground(async () => {
    const pkg = await acts.producePrintPackage({ ...c.details(), ground, resolutionAt, ...documents });
    c.state.printPackage = { ...pkg, producedAt: now() };
    c.record('format.print_package_produced', 'system', '001 ¶23', `${pkg.documentCount}`);
  });
}

/** Electronic → paper (¶22, ¶17 ¶4): the format changes with the resolution; executing it is a 24-hour duty. */
export function goOverToPaper(c: CaseRun, by: string, basis: SwitchGround | 'joining', reasoning?: string, urgentActions?: boolean): void {
  const { state } = c;
  const at = now();
  state.formatChanges.push({ from: 'ELECTRONIC', to: 'PAPER', at, by, basis, reasoning, urgentActions });
  state.format = 'PAPER';
  c.publish();
  // Scans are no longer due: the paper originals stay in the case (¶23).
  for (const o of state.obligations.filter((x) => x.rule === 'case.paperToPdf')) c.cancelObligation(o.key);
  c.oblige(`case.switchToPaper:${state.formatChanges.length}`, 'case.switchToPaper', basis);
  preparePrintPackage(c, basis, at);
}

/** ¶11: paper made before (or joined into) an electronic case goes into it as PDF within 24 hours. */
export function scansDue(c: CaseRun, startedAtMs: number): void {
  for (const d of c.state.paperDocuments) {
    if (!d.scanId) c.oblige(`case.paperToPdf:${d.id}`, 'case.paperToPdf', d.title, startedAtMs);
  }
}

/** A new run: every open duty resumes its clock where it stood, and its work where it stopped. */
export function resumeDuties(c: CaseRun): void {
  const { state } = c;
  for (const o of state.obligations.filter((x) => !x.metAt && !x.cancelledAt)) {
    c.track(o.key);
    if (o.rule === 'case.prosecutorNotice') void deliverProsecutorNotice(c);
    if (o.rule === 'case.participantsInformed') {
      const p = state.participants.find((x) => o.key === `case.participantsInformed:${x.id}`);
      if (p && !p.letterId) inform(c, p);
    }
    if (o.rule === 'case.switchToPaper') {
      const change = state.formatChanges.at(-1)!;
      if (!state.printPackage || Date.parse(state.printPackage.producedAt) < Date.parse(change.at))
        preparePrintPackage(c, change.basis as SwitchGround | 'joining', change.at);
    }
  }
}
