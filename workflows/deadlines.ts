// The workflow side of the deadline policy (domain/deadlines.ts). Every process tracks its
// deadlines through a DeadlineBook: a durable timer per deadline, a reminder before the limit, an
// escalation on breach, and a record of the outcome (met / late). The book keeps the search
// attributes NextDeadlineAt and Overdue current so dashboards can ask "what expires in the next
// 6 hours" without polling, and its records survive continue-as-new. A process continues as new
// only when the book is idle: a notice on its way would be lost with the run, and the record
// (already marked reminded or breached) would keep the next run from sending it again.
import { condition, patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { DEADLINE_RULES, dueAt, type DeadlineRecord, type DeadlineRuleId, type DeadlineState } from '../domain/deadlines';
import { NextDeadlineAt, Overdue } from '../domain/search-attributes';
import type { DeadlineNotice, DeadlineRecordRow } from '../activities/deadlines';

const { notifyDeadline } = proxyActivities<{ notifyDeadline(n: DeadlineNotice): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  // A notice must not be lost: retry for as long as a day with backoff.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  scheduleToCloseTimeout: '1 day',
});

// The deadline records the statistics are computed from: a quick upsert, retried like a notice.
// It runs as a local activity, inside the workflow task that changed the deadline: a report's
// first record then costs no activity task through the server and no second workflow task (a
// retry that waits longer than a minute becomes a durable timer). Runs that wrote their records
// as activities before keep doing so until they reach this code (patch `deadline-records-local`).
type RecordDeadline = { recordDeadline(r: DeadlineRecordRow): Promise<void> };
const recordOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  scheduleToCloseTimeout: '1 day',
} as const;
const { recordDeadline } = proxyActivities<RecordDeadline>(recordOptions);
const { recordDeadline: recordDeadlineLocally } = proxyLocalActivities<RecordDeadline>(recordOptions);

export class DeadlineBook {
  private readonly records = new Map<string, DeadlineRecord>();
  /** Notices handed to the notifyDeadline activity (and record writes) not yet delivered. */
  private sending = 0;

  /**
   * `restored` carries the records of a previous run across continue-as-new. `alsoTell` tells
   * someone outside the rule's roles as well (a translator is a participant, not a body role).
   * With `record`, every change of a deadline is also written to the deadline records table
   * (activities/deadlines.ts) the deadline statistics read; a process opts in (a running one
   * behind `patched()`).
   */
  constructor(
    private readonly context: {
      subject: string;
      body?: string;
      alsoTell?: (kind: DeadlineNotice['kind'], record: DeadlineRecord) => Promise<void>;
      record?: boolean;
    },
    restored: DeadlineRecord[] = [],
  ) {
    for (const r of restored) this.records.set(r.key, { ...r });
  }

  list(): DeadlineRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  get(key: string): DeadlineRecord | undefined {
    const r = this.records.get(key);
    return r && { ...r };
  }

  /** No notice on its way: the process may continue as new (or end) without losing one. */
  idle(): boolean {
    return this.sending === 0;
  }

  /**
   * Tracks one deadline until `isDone()` holds: reminder at the rule's reminder time, breach
   * escalation at its limit, then keeps waiting and records the completion as met or late.
   * Resumes a restored record (same key) where it stood. Resolves with the final state.
   * `dueAtMs` is a limit someone set (a translation's due date, 000 §5) instead of the rule's; the
   * reminder then keeps the rule's lead time before it, and is skipped when the limit is nearer.
   */
  async track(key: string, rule: DeadlineRuleId, isDone: () => boolean, startedAtMs = Date.now(), dueAtMs?: number): Promise<DeadlineState> {
    const policy = DEADLINE_RULES[rule];
    let rec = this.records.get(key);
    if (!rec) {
      rec = {
        key,
        rule,
        startedAt: new Date(startedAtMs).toISOString(),
        dueAt: new Date(dueAtMs ?? dueAt(rule, startedAtMs)).toISOString(),
        state: 'pending',
      };
      this.records.set(key, rec);
      // Only a recording book awaits here: an await more would let other coroutines issue their
      // commands first and change the order of a running workflow's history.
      if (this.context.record) await this.persist(rec);
    }
    const record = rec;
    const finished = () => isDone() || record.state === 'cancelled';
    this.publish();

    const start = Date.parse(record.startedAt);
    // The rule's lead time before the limit; for the rule's own limit this is start + remindAtMs.
    const remindAt = 'remindAtMs' in policy ? Date.parse(record.dueAt) - (policy.limitMs - policy.remindAtMs) : undefined;
    if (remindAt !== undefined && remindAt > start && !record.remindedAt && !record.breachedAt) {
      if (!(await waitUntil(finished, remindAt))) {
        record.remindedAt = new Date().toISOString();
        if (this.context.record) await this.persist(record);
        await this.notify(record, 'reminder');
      }
    }
    if (!record.breachedAt && !finished()) {
      if (!(await waitUntil(finished, Date.parse(record.dueAt)))) {
        record.breachedAt = new Date().toISOString();
        record.state = 'breached';
        this.publish();
        if (this.context.record) await this.persist(record);
        await this.notify(record, 'breach');
      }
    }
    await condition(finished);
    if (record.state !== 'cancelled') {
      record.completedAt = new Date().toISOString();
      record.state = record.breachedAt ? 'late' : 'met';
      if (this.context.record) await this.persist(record);
      if (record.state === 'late') await this.notify(record, 'late');
    }
    this.publish();
    return record.state;
  }

  /** Stops a deadline that no longer applies (e.g. the case was transferred away). */
  cancel(key: string): void {
    const r = this.records.get(key);
    if (r && (r.state === 'pending' || r.state === 'breached')) {
      r.state = 'cancelled';
      // The statistics leave cancelled deadlines out; the write goes on its own (idle() waits for it).
      if (this.context.record) void this.persist(r);
    }
  }

  /** Writes the record as it now stands to the deadline records table, for processes that opted in. */
  private async persist(record: DeadlineRecord): Promise<void> {
    if (!this.context.record) return;
    const info = workflowInfo();
    // Counted like a notice: a run continues as new only once its records are written.
    this.sending++;
    try {
      const write = patched('deadline-records-local') ? recordDeadlineLocally : recordDeadline;
      await write({ ...record, workflowId: info.workflowId, workflowType: info.workflowType, bodyCode: this.context.body ?? '' });
    } finally {
      this.sending--;
    }
  }

  private async notify(record: DeadlineRecord, kind: DeadlineNotice['kind']): Promise<void> {
    const policy = DEADLINE_RULES[record.rule];
    const info = workflowInfo();
    this.sending++;
    try {
      await notifyDeadline({
        kind,
        workflowId: info.workflowId,
        workflowType: info.workflowType,
        subject: this.context.subject,
        body: this.context.body,
        key: record.key,
        rule: record.rule,
        source: policy.source,
        dueAt: record.dueAt,
        recipients: [...(kind === 'reminder' ? policy.remind : policy.escalateTo)],
        title: policy.title,
      });
      if (this.context.alsoTell) await this.context.alsoTell(kind, { ...record });
    } finally {
      this.sending--;
    }
  }

  /** NextDeadlineAt = the earliest open deadline; Overdue = any open deadline past its limit. */
  private publish(): void {
    const open = [...this.records.values()].filter((r) => r.state === 'pending' || r.state === 'breached');
    const next = open.map((r) => Date.parse(r.dueAt)).sort((a, b) => a - b)[0];
    upsertSearchAttributes([
      { key: NextDeadlineAt, value: next === undefined ? null : new Date(next) },
      { key: Overdue, value: open.some((r) => r.state === 'breached') },
    ]);
  }
}

/** Waits for `done` until the absolute time `atMs`; true when done came first. */
async function waitUntil(done: () => boolean, atMs: number): Promise<boolean> {
  if (done()) return true;
  const remaining = atMs - Date.now();
  if (remaining <= 0) return false;
  return condition(done, remaining);
}
