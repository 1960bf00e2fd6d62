// The case's format (001 ¶10, ¶22, ¶23): resolved on taking the case into proceedings; electronic →
// paper only by a reasoned resolution on a ¶22 ground, executed within 24 hours by the print package.
import { INFORMED_OF_FORMAT, type CaseState, type ReportSituationRequest, type ResolveFormatRequest, type SwitchToPaperRequest } from '../../domain/ecase';
import { deliverProsecutorNotice, goOverToPaper, inform, scansDue } from './duties';
import type { By } from './messages';
import { now, type CaseRun } from './run';

/** ¶10: the format, chosen by the assigned official when taking the case into proceedings. */
export async function resolveFormat(c: CaseRun, { format, language, officialIin }: ResolveFormatRequest): Promise<CaseState> {
  const { state } = c;
  state.format = format;
  // CPC art. 30: the language of proceedings, stated with it (requests recorded before carry none).
  if (language) state.language = language;
  state.formatChanges.push({ to: format, at: now(), by: officialIin, basis: 'resolution' });
  c.moveTo('IN_PROCEEDINGS');
  c.record('format.resolved', officialIin, '001 ¶10', format);
  c.oblige('case.prosecutorNotice', 'case.prosecutorNotice', 'format notice');
  void deliverProsecutorNotice(c);
  for (const p of state.participants) if (INFORMED_OF_FORMAT.includes(p.role)) inform(c, p);
  // ¶11: paper made before the electronic choice goes into the case as PDF within 24 hours.
  if (format === 'ELECTRONIC') scansDue(c, Date.now());
  return c.snapshot();
}

/** ¶22: an abnormal or emergency situation; its onset starts the 24-hour wait. */
export async function reportSituation(c: CaseRun, { kind, startedAt, officialIin }: ReportSituationRequest): Promise<CaseState> {
  c.state.situation = { kind: kind ?? 'OUTAGE', startedAt, reportedAt: now(), by: officialIin };
  c.record('situation.reported', officialIin, '001 ¶22', `${c.state.situation.kind} since ${startedAt}`);
  return c.snapshot();
}

/** ¶22: electronic → paper by a reasoned resolution; ¶23: executed within 24 hours. */
export async function switchToPaper(c: CaseRun, { ground, reasoning, urgentActions, officialIin }: SwitchToPaperRequest): Promise<CaseState> {
  c.record('format.switch_to_paper', officialIin, '001 ¶22', `${ground}${urgentActions ? ' (urgent actions)' : ''}: ${reasoning}`);
  goOverToPaper(c, officialIin, ground, reasoning, urgentActions);
  c.tellProsecutor('switch to paper format', ground);
  return c.snapshot();
}

/** ¶23: the print package is in the paper case; the switch is executed. */
export async function confirmPrintPackage(c: CaseRun, { officialIin }: By): Promise<CaseState> {
  const change = c.state.formatChanges.at(-1)!;
  change.executedAt = now();
  c.meet(`case.switchToPaper:${c.state.formatChanges.length}`, officialIin);
  c.record('format.switch_executed', officialIin, '001 ¶23');
  return c.snapshot();
}
