// One run of the case workflow: its state and the bookkeeping every step shares — the event log
// journalled as it grows, background work the hand-over waits for, the 24-hour obligations on the
// DeadlineBook, the search attributes, and the validators that apply domain/ecase.ts. The steps
// (format.ts, participants.ts, documents.ts, switches.ts, closing.ts, duties.ts) act through it.
import { ApplicationFailure, log, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities, CaseDocumentRef, CaseSearchActivities, GeneratedDocument } from '../../activities/ecase';
import type { DeadlineRuleId } from '../../domain/deadlines';
import {
  CASE_STATUS_LABELS,
  checkAction,
  documentRef,
  FINAL_CASE_STATUSES,
  openObligation,
  refusal,
  type CaseAction,
  type CaseDocument,
  type CaseState,
  type CaseStatus,
  type Refusal,
} from '../../domain/ecase';
import { Body, CaseStatus as CaseStatusAttribute, ErdrNumber, Format, Official, Prosecutor } from '../../domain/search-attributes';
import { DeadlineBook } from '../deadlines';
import { DEFAULT_CONTINUE_AS_NEW_AFTER, type CaseInput } from './messages';

// Document generation and database steps.
const databaseStepOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
} as const;
export const acts = proxyActivities<CaseActivities>(databaseStepOptions);
// Notices must not be lost: they retry for up to a day.
export const notices = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 minutes' },
});
// A pure computation in the worker, retried like the database steps.
const search = proxyActivities<CaseSearchActivities>(databaseStepOptions);
// The journal's append and the pseudonyms as local activities, inside the workflow task that needs
// them: each was an activity task through the server and a workflow task more, three or four of
// them for every case opened, and the server's work per case is what bounds how many cases one
// server opens. Runs begun before keep the activity tasks (`journalsLocally`).
const localJournal = proxyLocalActivities<Pick<CaseActivities, 'recordCaseEvent'>>(databaseStepOptions);
const localSearch = proxyLocalActivities<CaseSearchActivities>(databaseStepOptions);
// The court's system answers the official waiting on the update: give up after a few minutes and say so.
export const court = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

export const now = () => new Date().toISOString();

export class CaseRun {
  readonly state: CaseState;
  readonly erdr: string;
  readonly deadlines: DeadlineBook;
  private readonly pseudonyms: Record<string, string>;
  /** Activities started from handlers and left running; the hand-over waits for them. */
  running = 0;
  /** The transition waiting on an outside system (court, separation), so two cannot interleave. */
  busyWith: string | undefined;
  /** Set once the run hands over (continue-as-new): new actions are refused until the next run takes them. */
  handingOver = false;

  /**
   * `pseudonymous`: search attributes are indexed in clear text, so Official and Prosecutor hold
   * keyed pseudonyms of the IINs; runs that began before kept the IINs there, and replay so.
   * `recordDeadlines`: every change of a 24-hour duty is written to the deadline records the
   * supervisors' statistics read (domain/deadline-statistics.ts); runs that began before did not.
   */
  /** Documents added since the last event: the activity journalling the next event writes them to the register. */
  private unsaved: CaseDocument[] = [];

  /**
   * `documentsInDatabase`: a new case keeps its documents in the `case_document` register and only
   * their count in the state (platform/case-documents.ts); runs that began before keep the array.
   * `journalsLocally`: the journal and the pseudonyms are local activities; runs that began before
   * asked for them as activity tasks.
   */
  constructor(
    readonly input: CaseInput,
    readonly pseudonymous: boolean,
    recordDeadlines = false,
    readonly documentsInDatabase = false,
    private readonly journalsLocally = false,
  ) {
    this.state = input.restored ? { ...input.restored, runs: input.restored.runs + 1 } : initialState(input, documentsInDatabase);
    this.erdr = this.state.erdrNumber;
    this.deadlines = new DeadlineBook({ subject: `case ${this.erdr}`, body: this.state.bodyCode, record: recordDeadlines }, input.restored?.deadlines ?? []);
    this.pseudonyms = { ...input.pseudonyms };
  }

  snapshot = (): CaseState => ({ ...this.state, deadlines: this.deadlines.list() });

  closed = (): boolean => FINAL_CASE_STATUSES.includes(this.state.status);

  historyTooLong = (): boolean =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= (this.input.options?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER);

  /** What the search attribute holds for an IIN; undefined while its pseudonym is being asked for. */
  private searchValue(iin: string): string | undefined {
    return this.pseudonymous ? this.pseudonyms[iin] : iin;
  }

  publish(): void {
    const { state } = this;
    const official = this.searchValue(state.officialIin);
    const prosecutor = state.prosecutorIin === undefined ? null : this.searchValue(state.prosecutorIin);
    // A value not yet known is left out, so the attribute keeps the one published before.
    upsertSearchAttributes([
      { key: ErdrNumber, value: this.erdr },
      { key: Body, value: state.bodyCode },
      ...(official === undefined ? [] : [{ key: Official, value: official }]),
      ...(prosecutor === undefined ? [] : [{ key: Prosecutor, value: prosecutor }]),
      { key: Format, value: state.format ?? null },
      { key: CaseStatusAttribute, value: state.status },
    ]);
  }

  /** One step of the case: kept in state for the timeline, and appended to the audit chain. */
  record(action: string, by: string, source?: string, note?: string): void {
    void this.journal(action, by, source, note);
  }

  /**
   * `record`, finishing when the event is journalled together with the documents added before it
   * (one activity call: a document never reaches the register without its event).
   */
  journal(action: string, by: string, source?: string, note?: string): Promise<unknown> {
    const event = { seq: (this.state.events.at(-1)?.seq ?? 0) + 1, at: now(), by, action, source, note };
    this.state.events.push(event);
    const documents = this.unsaved.splice(0);
    const append = this.journalsLocally ? localJournal.recordCaseEvent : acts.recordCaseEvent;
    return this.inBackground(() => append({ erdrNumber: this.erdr, event, ...(documents.length > 0 && { documents }) }));
  }

  inBackground(work: () => Promise<unknown>): Promise<unknown> {
    this.running++;
    return work()
      .catch((err) => log.warn('case background step failed', { erdr: this.erdr, error: (err as Error).message }))
      .finally(() => this.running--);
  }

  /** Whether the documents live in the `case_document` register (only their count in the state). */
  documentsInRegister(): boolean {
    return this.state.documentCount !== undefined;
  }

  /** The next document of the case, numbered `d<n>`: in the register (written with the next event) or, in older runs, in the state. */
  addDocument(doc: Omit<CaseDocument, 'id'>): CaseDocument {
    const { state } = this;
    const added = { id: `d${(state.documentCount ?? state.documents.length) + 1}`, ...doc } as CaseDocument;
    if (state.documentCount === undefined) state.documents.push(added);
    else {
      state.documentCount++;
      this.unsaved.push(added);
    }
    return added;
  }

  /** The document references an activity needs, or none when the activity reads them from the register. */
  documentRefs(): { documents?: CaseDocumentRef[] } {
    return this.documentsInRegister() ? {} : { documents: this.state.documents.map(refOf) };
  }

  /** Asks for the pseudonyms of the official and prosecutor not known yet, then publishes them. */
  learnPseudonyms(): void {
    if (!this.pseudonymous) return;
    const unknown = [...new Set([this.state.officialIin, this.state.prosecutorIin])].filter(
      (iin): iin is string => !!iin && this.pseudonyms[iin] === undefined,
    );
    if (unknown.length === 0) return;
    this.inBackground(async () => {
      Object.assign(this.pseudonyms, await (this.journalsLocally ? localSearch : search).searchPseudonyms({ iins: unknown }));
      this.publish();
    });
  }

  /** The pseudonyms a new run (or a separated case) starts with: those of today's official and prosecutor. */
  currentPseudonyms(): Record<string, string> {
    const iins = [this.state.officialIin, this.state.prosecutorIin].filter((iin): iin is string => !!iin && this.pseudonyms[iin] !== undefined);
    return Object.fromEntries(iins.map((iin) => [iin, this.pseudonyms[iin]]));
  }

  moveTo(status: CaseStatus): void {
    this.state.status = status;
    this.state.statusLabel = CASE_STATUS_LABELS[status];
    this.publish();
  }

  /** A duty with a 24-hour clock (domain/deadlines.ts): tracked until met, late if after the limit. */
  oblige(key: string, rule: DeadlineRuleId, about: string, startedAtMs = Date.now()): void {
    // Once per key: a second tracker would send every reminder twice.
    if (this.state.obligations.some((o) => o.key === key)) return;
    this.state.obligations.push({ key, rule, about, startedAt: new Date(startedAtMs).toISOString() });
    this.track(key);
  }

  track(key: string): void {
    const o = this.state.obligations.find((x) => x.key === key)!;
    void this.deadlines.track(key, o.rule, () => !!(o.metAt || o.cancelledAt), Date.parse(o.startedAt));
  }

  meet(key: string, by: string): void {
    const o = openObligation(this.state, key);
    if (!o) return;
    o.metAt = now();
    o.metBy = by;
  }

  cancelObligation(key: string): void {
    const o = openObligation(this.state, key);
    if (!o) return;
    o.cancelledAt = now();
    this.deadlines.cancel(key);
  }

  details() {
    const { state } = this;
    return {
      erdrNumber: this.erdr,
      bodyCode: state.bodyCode,
      registeredAt: state.registeredAt,
      officialIin: state.officialIin,
      prosecutorIin: state.prosecutorIin,
      fabula: this.input.fabula,
    };
  }

  addGenerated(doc: GeneratedDocument, by = 'system'): CaseDocument {
    return this.addDocument({ kind: 'generated', generatedKind: doc.kind, title: { ...doc.title, en: doc.title.ru }, sha256: doc.sha256, addedAt: now(), by });
  }

  /** ¶27: the supervising prosecutor learns of each procedural decision (when one is assigned). */
  tellProsecutor(decision: string, note?: string): void {
    const prosecutorIin = this.state.prosecutorIin;
    if (!prosecutorIin) return;
    const seq = this.state.events.at(-1)?.seq ?? 0;
    this.inBackground(() => notices.informProsecutor({ erdrNumber: this.erdr, prosecutorIin, decision, note, dedupeKey: `case-${this.erdr}/decision/${seq}` }));
  }

  /** An update's validator: the rules of domain/ecase.ts; a refused request changes nothing and leaves nothing in the history. */
  rules(action: CaseAction) {
    return {
      validator: (request: unknown) => {
        // The run's id tells the sender when the next run has taken over (api/ecase.ts sendCaseUpdate).
        if (this.handingOver) refuse(refusal('CASE_HANDING_OVER'), { runId: workflowInfo().runId });
        if (this.busyWith) refuse(refusal('ACTION_IN_PROGRESS'));
        const refused = checkAction(this.state, action, request, Date.now());
        if (refused) refuse(refused);
      },
    };
  }

  /** Serialises the transitions that wait on an outside system, so two cannot interleave. */
  async exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.busyWith = name;
    try {
      return await work();
    } finally {
      this.busyWith = undefined;
    }
  }
}

function initialState(input: CaseInput, documentsInDatabase: boolean): CaseState {
  return {
    erdrNumber: input.erdrNumber,
    talon: input.talon,
    bodyCode: input.bodyCode,
    registeredAt: input.registeredAt,
    officialIin: input.officialIin,
    prosecutorIin: input.prosecutorIin,
    status: 'REGISTERED',
    statusLabel: CASE_STATUS_LABELS.REGISTERED,
    documents: [],
    ...(documentsInDatabase && { documentCount: 0 }),
    paperDocuments: [],
    participants: [],
    obligations: [],
    formatChanges: [],
    joined: [],
    separated: [],
    separatedFrom: input.separatedFrom?.erdrNumber,
    transfers: [],
    suspensions: [],
    events: [],
    deadlines: [],
    runs: 1,
  };
}

export const refOf = (d: CaseDocument): CaseDocumentRef => documentRef(d);

/** A refusal as the update's failure: the English text as message, every language and the rule in the details. */
function refuse(r: Refusal, more: Record<string, string> = {}): never {
  const text = `${r.message.en} (${r.source})`;
  throw ApplicationFailure.nonRetryable(text, r.code, { code: r.code, source: r.source, message: r.message, ...more });
}
