// An official's account lifecycle (002 P2), one workflow per official for as long as the account
// lives, `account-<pseudonym>`. It holds the absence rule as one durable timer (A-6 §3 duty 1: more
// than two months away → blocked): every login signals `recordPresence` and the timer starts again
// from it — nothing polls. The body's responsible official or the operator blocks at once through
// the `blockAccount` update (p.12, p.14, p.16, p.45), which answers only once the account is blocked
// and its sessions ended; the operator unblocks through `unblockAccount` (the rules give no
// procedure, digest §3.2 "gap": the operator, who blocks, lifts it). Continues as new when long.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AccountLifecycleActivities } from '../activities/account';
import { absenceBlockAtMs, type AccountState, type AccountWorkflowInput, type BlockRequest, type UnblockRequest } from '../domain/account';
import { Body, NextDeadlineAt, Overdue, ProcessStatus } from '../domain/search-attributes';

/** A login (or the agreement signed): the absence clock starts again from `at`. */
export const recordPresence = defineSignal<[{ at: string }]>('recordPresence');
export const blockAccount = defineUpdate<AccountState, [BlockRequest]>('blockAccount');
export const unblockAccount = defineUpdate<AccountState, [UnblockRequest]>('unblockAccount');
export const getAccount = defineQuery<AccountState>('getAccount');
/** The register says blocked (an access application blocked it, workflows/account-application.ts): the clock stops. */
export const recordBlocked = defineSignal<[{ reason: string; at: string }]>('recordBlocked');

const { blockOfficial, unblockOfficial } = proxyActivities<AccountLifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Logins over years: keep the history short, the state travels whole. */
const CONTINUE_AS_NEW_AFTER = 2000;

/** The account as the workflow keeps it, and the one change at a time that may be under way. */
class AccountLifecycle {
  readonly state: AccountState;
  /** Bumped by every login (and unblocking): a new value ends the current absence timer. */
  presence = 0;
  /** One change of state at a time: a block by a person and one by the timer do not interleave. */
  changing = false;

  constructor(private readonly input: AccountWorkflowInput) {
    this.state = input.restored ?? {
      status: input.blocked ? 'BLOCKED' : 'ACTIVE',
      lastSeenAt: new Date().toISOString(),
      events: input.blocked ? [{ kind: 'BLOCKED', source: 'APPLICATION', reason: input.blocked.reason, by: 'application', at: input.blocked.at }] : [],
    };
  }

  /** Unique per change of this account: the activities' idempotency key. */
  private key = () => `${workflowInfo().workflowId}/${this.state.events.length}`;

  publish(): void {
    const { state } = this;
    state.absenceBlockAt = state.status === 'ACTIVE' ? new Date(absenceBlockAtMs(Date.parse(state.lastSeenAt))).toISOString() : undefined;
    upsertSearchAttributes([
      { key: ProcessStatus, value: state.status },
      { key: Body, value: this.input.bodyCode },
      { key: NextDeadlineAt, value: state.absenceBlockAt ? new Date(state.absenceBlockAt) : null },
      { key: Overdue, value: false },
    ]);
  }

  async block(reason: string, by: string, source: BlockRequest['source'] | 'ABSENCE'): Promise<void> {
    this.changing = true;
    try {
      const { blockedAt, already } = await blockOfficial({ iin: this.input.iin, reason, by, source, key: this.key() });
      this.state.status = 'BLOCKED';
      this.state.events.push(
        already
          ? { kind: 'BLOCKED', source: 'APPLICATION', reason: '', by: 'application', at: blockedAt }
          : { kind: 'BLOCKED', source, reason, by, at: blockedAt },
      );
      this.publish();
    } finally {
      this.changing = false;
    }
  }

  async unblock(request: UnblockRequest): Promise<void> {
    this.changing = true;
    try {
      await unblockOfficial({ iin: this.input.iin, reason: request.reason, by: request.by, key: this.key() });
      this.state.status = 'ACTIVE';
      this.state.events.push({ kind: 'UNBLOCKED', source: 'OPERATOR', reason: request.reason, by: request.by, at: new Date().toISOString() });
      // The absence clock starts again from the unblocking, not from the last login before the block.
      this.state.lastSeenAt = new Date().toISOString();
      this.presence++;
      this.publish();
    } finally {
      this.changing = false;
    }
  }

  /** A login: a blocked official cannot log in, and a late signal does not move the clock back. */
  seen(at: string): void {
    if (this.state.status !== 'ACTIVE' || Date.parse(at) <= Date.parse(this.state.lastSeenAt)) return;
    this.state.lastSeenAt = at;
    this.presence++;
    this.publish();
  }

  /** The register says blocked (an access application did it). */
  blockedElsewhere(reason: string, at: string): void {
    if (this.state.status === 'BLOCKED' || this.changing) return;
    this.state.status = 'BLOCKED';
    this.state.events.push({ kind: 'BLOCKED', source: 'APPLICATION', reason, by: 'application', at });
    this.publish();
  }

  refuseIfBusy(): void {
    if (this.changing) throw ApplicationFailure.nonRetryable('the account is being changed; try again', 'BUSY');
  }
}

function installHandlers(account: AccountLifecycle): void {
  const { state } = account;
  setHandler(getAccount, () => ({ ...state, events: [...state.events] }));
  setHandler(recordPresence, ({ at }) => account.seen(at));
  setHandler(recordBlocked, ({ reason, at }) => account.blockedElsewhere(reason, at));
  setHandler(
    blockAccount,
    async (request) => {
      await account.block(request.reason, request.by, request.source);
      return { ...state };
    },
    {
      validator: (_request) => {
        account.refuseIfBusy();
        if (state.status === 'BLOCKED') throw ApplicationFailure.nonRetryable('the account is already blocked', 'ALREADY_BLOCKED');
      },
    },
  );
  setHandler(
    unblockAccount,
    async (request) => {
      await account.unblock(request);
      return { ...state };
    },
    {
      validator: (_request) => {
        account.refuseIfBusy();
        if (state.status !== 'BLOCKED') throw ApplicationFailure.nonRetryable('the account is not blocked', 'NOT_BLOCKED');
      },
    },
  );
}

export async function accountWorkflow(input: AccountWorkflowInput): Promise<void> {
  const account = new AccountLifecycle(input);
  const { state } = account;
  installHandlers(account);
  account.publish();
  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= CONTINUE_AS_NEW_AFTER;
  while (!historyTooLong()) {
    // A change under way finishes first (its activity may take a while; no timer spins meanwhile).
    await condition(() => !account.changing);
    if (state.status === 'ACTIVE') {
      const seen = account.presence;
      const dueIn = absenceBlockAtMs(Date.parse(state.lastSeenAt)) - Date.now();
      const moved = await condition(() => account.presence !== seen || state.status !== 'ACTIVE' || historyTooLong(), Math.max(dueIn, 1));
      // A-6 §3 duty 1: no login for more than two months — the account is blocked.
      if (!moved && !account.changing && state.status === 'ACTIVE') {
        await account.block('2 айдан астам болмау / absent for more than two months (002 A-6 §3)', 'system', 'ABSENCE');
      }
    } else {
      const events = state.events.length;
      await condition(() => state.status === 'ACTIVE' || state.events.length !== events || historyTooLong());
    }
  }
  await condition(() => !account.changing && allHandlersFinished());
  await continueAsNew<typeof accountWorkflow>({ ...input, restored: state });
}
