// The people of the case (001 ¶24, ¶26, ¶27): the supervising prosecutor, participants with their
// procedural status (those of ¶10 are told the format), their confirmation, and paper letters.
import { patched } from '@temporalio/workflow';
import {
  INFORMED_OF_FORMAT,
  openObligation,
  type AddParticipantRequest,
  type CaseState,
  type ConfirmParticipantRequest,
  type Participant,
} from '../../domain/ecase';
import { inform } from './duties';
import { acts, now, type CaseRun } from './run';

/** ¶27: the supervising prosecutor is assigned. */
export async function assignProsecutor(c: CaseRun, { prosecutorIin, byIin }: { prosecutorIin: string; byIin: string }): Promise<CaseState> {
  c.state.prosecutorIin = prosecutorIin;
  c.publish();
  c.learnPseudonyms();
  c.record('prosecutor.assigned', byIin, '001 ¶27');
  return c.snapshot();
}

/** ¶26: participants with their procedural status; those of ¶10 are told the format. */
export async function addParticipant(c: CaseRun, { iin, fullName, role, contact, represents, officialIin }: AddParticipantRequest): Promise<CaseState> {
  const { state } = c;
  // The mark (000 §4.9) only adds a field to the state: histories without it replay the same commands.
  const p: Participant = {
    id: `p${state.participants.length + 1}`,
    iin,
    fullName,
    role,
    contact: contact ?? {},
    ...(represents && { represents }),
    addedAt: now(),
    addedBy: officialIin,
  };
  state.participants.push(p);
  c.record('participant.added', officialIin, '001 ¶26', `${p.id}: ${role}`);
  if (state.format && INFORMED_OF_FORMAT.includes(role)) inform(c, p);
  return c.snapshot();
}

/** ¶26: the official confirms a participant, who then sees the case in the Public Sector. */
export async function confirmParticipant(c: CaseRun, { iin, officialIin }: ConfirmParticipantRequest): Promise<CaseState> {
  // 000 §4.5: the Public Sector lists a participant's cases from a projection; cases confirmed before it replay without.
  const projected = patched('case-participant-projection');
  for (const p of c.state.participants.filter((x) => x.iin === iin && !x.confirmedAt)) {
    p.confirmedAt = now();
    p.confirmedBy = officialIin;
    c.record('participant.confirmed', officialIin, '001 ¶26', p.id);
    const confirmed = { erdrNumber: c.erdr, participantId: p.id, iin: p.iin, role: p.role, confirmedAt: p.confirmedAt };
    if (projected) c.inBackground(() => acts.recordConfirmedParticipant(confirmed));
  }
  return c.snapshot();
}

/** ¶24: the paper letter was posted; the participant counts as told. */
export async function confirmLetterSent(c: CaseRun, { iin, officialIin }: ConfirmParticipantRequest): Promise<CaseState> {
  for (const p of c.state.participants.filter((x) => x.iin === iin && x.letterId)) {
    const key = `case.participantsInformed:${p.id}`;
    if (!openObligation(c.state, key)) continue;
    p.informedAt = now();
    c.meet(key, officialIin);
    c.record('participant.letter_sent', officialIin, '001 ¶24', p.id);
  }
  return c.snapshot();
}
