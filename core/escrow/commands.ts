// Escrow decisions: captures in, holds confirmed, freezes aside and back, the pot released to the
// recipient (less fees) and the disbursement settled. Each returns drafts to append, or a refusal.
import type { Actor } from '../events/envelope.ts';
import { availableCredit, isPendingOpen } from '../ledger/ledger.ts';
import { TransferFlags, type Transfer } from '../ledger/types.ts';
import { isOpen } from '../disputes/machine.ts';
import * as acct from './accounts.ts';
import { block, decided, refuse, type Decision, type Refusal, type TransferDraft } from './decision.ts';
import { payoutReleased, releaseTransfer } from './payout-released.ts';
import type { CycleRow, GroupState } from './state.ts';

const iso = (d: Date) => d.toISOString();

export type CaptureInput = {
  contribution_id: string;
  cycle_id: string;
  member_id: string;
  provider: string;
  provider_ref: string;
  amount_minor: bigint;
  late_fee_minor?: bigint;
  currency: string;
  /** The provider's timestamp of the payment. */
  captured_at: Date;
  /** `passed`: funds are available at once; `pending`: held until `confirmContribution`. */
  risk: 'passed' | 'pending';
  actor: Actor;
};

export function captureTransferId(provider: string, provider_ref: string): string {
  return `cap:${provider}:${provider_ref}`;
}

export function captureContribution(state: GroupState, x: CaptureInput): Decision {
  const late_fee = x.late_fee_minor ?? 0n;
  if (x.amount_minor <= 0n || late_fee < 0n) return refuse('amount_invalid', 'a capture moves a positive amount');
  const cycle = state.cycles.get(x.cycle_id);
  if (cycle && cycle.currency !== x.currency) return refuse('currency_mismatch', `cycle is in ${cycle.currency}`);
  if (cycle && cycle.status !== 'open') return refuse('cycle_released', 'the cycle pot was already released');
  const prior = state.contributions.get(x.contribution_id);
  if (prior && prior.status !== 'failed') {
    return refuse('contribution_already_captured', `contribution ${x.contribution_id} was paid by ${prior.provider_ref}`);
  }
  const funding = acct.fundingAccount(state.group_id, x.provider, x.currency);
  const escrow = acct.escrowAccount(x.cycle_id, x.member_id, x.currency);
  const id = captureTransferId(x.provider, x.provider_ref);
  const flags = x.risk === 'pending' ? TransferFlags.pending : 0;
  const transfers: TransferDraft[] = [
    { id, debit_account_id: funding.id, credit_account_id: escrow.id, amount_minor: x.amount_minor, currency: x.currency, code: 'contribution', flags },
  ];
  if (late_fee > 0n) {
    transfers.push({
      id: `${id}:late`,
      debit_account_id: funding.id,
      credit_account_id: escrow.id,
      amount_minor: late_fee,
      currency: x.currency,
      code: 'late_fee',
      flags,
    });
  }
  return decided({
    event_type: 'payment.captured',
    actor: x.actor,
    subject: { type: 'contribution', id: x.contribution_id },
    cycle_id: x.cycle_id,
    data: {
      contribution_id: x.contribution_id,
      member_id: x.member_id,
      provider: x.provider,
      provider_ref: x.provider_ref,
      amount_minor: x.amount_minor.toString(),
      late_fee_minor: late_fee.toString(),
      currency: x.currency,
      captured_at: iso(x.captured_at),
      status: x.risk === 'pending' ? 'pending' : 'available',
      ledger: block([funding, escrow], transfers),
    },
  });
}

/** Risk checks passed: post the contribution's holds, making the money available in escrow. */
export function confirmContribution(state: GroupState, x: { contribution_id: string; actor: Actor }): Decision {
  const c = state.contributions.get(x.contribution_id);
  if (!c) return refuse('contribution_unknown', `no contribution ${x.contribution_id}`);
  if (c.status !== 'pending') return decided(); // already confirmed (or refunded): a duplicate callback
  const holds = [c.transfer_id, `${c.transfer_id}:late`]
    .map((id) => (id ? state.ledger.transfers.get(id) : undefined))
    .filter((t) => t !== undefined && isPendingOpen(state.ledger, t.id)) as Transfer[];
  if (holds.length === 0) return refuse('hold_missing', `contribution ${c.id} has no pending hold`);
  return decided({
    event_type: 'escrow.deposit.recorded',
    actor: x.actor,
    subject: { type: 'contribution', id: c.id },
    cycle_id: c.cycle_id,
    data: {
      contribution_id: c.id,
      member_id: c.member_id,
      ledger: block(
        [],
        holds.map((h) => ({
          id: `${h.id}:post`,
          debit_account_id: h.debit_account_id,
          credit_account_id: h.credit_account_id,
          amount_minor: h.amount_minor,
          currency: h.currency,
          code: h.code,
          flags: TransferFlags.post_pending,
          pending_id: h.id,
        })),
      ),
    },
  });
}

/** A provider failure. Ignored when the contribution was captured meanwhile (a reordered callback). */
export function recordPaymentFailed(
  state: GroupState,
  x: { contribution_id: string; cycle_id: string; member_id: string; provider: string; provider_ref: string; reason: string; actor: Actor },
): Decision {
  const c = state.contributions.get(x.contribution_id);
  if (c && c.status !== 'failed') return decided();
  if (c && c.provider_ref === x.provider_ref) return decided();
  return decided({
    event_type: 'payment.failed',
    actor: x.actor,
    subject: { type: 'contribution', id: x.contribution_id },
    cycle_id: x.cycle_id,
    data: { contribution_id: x.contribution_id, member_id: x.member_id, provider: x.provider, provider_ref: x.provider_ref, reason: x.reason },
  });
}

export type FreezeInput = {
  freeze_id: string;
  cycle_id: string;
  member_id: string;
  reason: 'dispute' | 'kyc' | 'aml' | 'risk';
  dispute_id?: string | null;
  actor: Actor;
};

/** Moves the member's available escrow in the cycle aside. A zero-amount freeze still blocks release. */
export function freezeFunds(state: GroupState, x: FreezeInput): Decision {
  if (state.freezes.has(x.freeze_id)) return refuse('freeze_exists', `freeze ${x.freeze_id} exists`);
  const cycle = state.cycles.get(x.cycle_id);
  if (cycle && cycle.status !== 'open') return refuse('cycle_released', 'nothing left in escrow to freeze');
  const currency = cycle?.currency;
  const escrow = currency ? state.ledger.accounts.get(acct.escrowAccount(x.cycle_id, x.member_id, currency).id) : undefined;
  const amount = escrow ? availableCredit(escrow) : 0n;
  let ledger = null;
  if (amount > 0n && currency && escrow) {
    const frozen = acct.frozenAccount(x.cycle_id, x.member_id, currency);
    ledger = block(
      [frozen],
      [{ id: `${x.freeze_id}:freeze`, debit_account_id: escrow.id, credit_account_id: frozen.id, amount_minor: amount, currency, code: 'freeze' }],
    );
  }
  return decided({
    event_type: 'escrow.funds.frozen',
    actor: x.actor,
    subject: { type: 'freeze', id: x.freeze_id },
    cycle_id: x.cycle_id,
    data: { freeze_id: x.freeze_id, member_id: x.member_id, reason: x.reason, dispute_id: x.dispute_id ?? null, amount_minor: amount.toString(), ledger },
  });
}

/** Lifts a freeze: the frozen amount goes back to the member's available escrow. */
export function liftFreeze(state: GroupState, x: { freeze_id: string; actor: Actor }): Decision {
  const f = state.freezes.get(x.freeze_id);
  if (!f) return refuse('freeze_unknown', `no freeze ${x.freeze_id}`);
  if (f.status !== 'active') return decided();
  let ledger = null;
  if (f.amount_minor > 0n) {
    const currency = state.cycles.get(f.cycle_id)?.currency as string;
    const frozen = acct.frozenAccount(f.cycle_id, f.member_id, currency);
    const escrow = acct.escrowAccount(f.cycle_id, f.member_id, currency);
    ledger = block(
      [],
      [{ id: `${f.id}:lift`, debit_account_id: frozen.id, credit_account_id: escrow.id, amount_minor: f.amount_minor, currency, code: 'unfreeze' }],
    );
  }
  return decided({
    event_type: 'escrow.funds.released',
    actor: x.actor,
    subject: { type: 'freeze', id: f.id },
    cycle_id: f.cycle_id,
    data: { freeze_id: f.id, member_id: f.member_id, amount_minor: f.amount_minor.toString(), ledger },
  });
}

export type ReleaseInput = {
  payout_id: string;
  cycle_id: string;
  recipient_member_id: string;
  /** From the group's rules (core/rosca): the cycle's due date and the contributions needed. */
  due_at: Date;
  quorum_required: number;
  fee_bps: number;
  now: Date;
  actor: Actor;
};

/** Why a cycle's pot may not be released now, or null when it is releasable. */
export function releaseBlocker(
  state: GroupState,
  x: Pick<ReleaseInput, 'cycle_id' | 'due_at' | 'quorum_required' | 'now'>,
): { code: string; message: string } | null {
  const cycle = state.cycles.get(x.cycle_id);
  if (!cycle) return { code: 'cycle_empty', message: 'nothing was captured in this cycle' };
  if (cycle.status !== 'open') return { code: 'cycle_released', message: 'the pot was already released' };
  if (x.now.getTime() < x.due_at.getTime()) return { code: 'not_due', message: `due at ${iso(x.due_at)}` };
  const available = [...state.contributions.values()].filter((c) => c.cycle_id === x.cycle_id && c.status === 'available').length;
  if (available < x.quorum_required) return { code: 'quorum_not_met', message: `${available} of ${x.quorum_required} contributions available` };
  for (const f of state.freezes.values()) {
    if (f.cycle_id === x.cycle_id && f.status === 'active') return { code: 'frozen', message: `freeze ${f.id} is active` };
  }
  for (const d of state.disputes.values()) {
    if (d.cycle_id === x.cycle_id && isOpen(d.status)) return { code: 'dispute_open', message: `dispute ${d.id} is open` };
  }
  for (const r of state.refunds.values()) {
    if (r.cycle_id === x.cycle_id && (r.status === 'requested' || r.status === 'approved')) {
      return { code: 'refund_open', message: `refund ${r.id} is pending` };
    }
  }
  return null;
}

/** The checks every release of a cycle's pot starts with: not released yet, nothing blocking, the cycle known. */
export function releasableCycle(state: GroupState, x: ReleaseInput): { ok: true; cycle: CycleRow } | Refusal {
  const prior = state.payouts.get(x.payout_id);
  if (prior && prior.status !== 'scheduled') return refuse('payout_exists', `payout ${x.payout_id} is ${prior.status}`);
  const blocker = releaseBlocker(state, x);
  if (blocker) return refuse(blocker.code, blocker.message);
  const cycle = state.cycles.get(x.cycle_id);
  if (!cycle) return refuse('cycle_empty', 'no cycle');
  return { ok: true, cycle };
}

export function releasePayout(state: GroupState, x: ReleaseInput): Decision {
  const start = releasableCycle(state, x);
  if (!start.ok) return start;
  const { cycle } = start;
  const currency = cycle.currency;
  const sources = [...state.ledger.accounts.values()]
    .filter((a) => a.code === 'escrow_member' && a.cycle_id === x.cycle_id && availableCredit(a) > 0n)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const gross = sources.reduce((s, a) => s + availableCredit(a), 0n);
  if (gross === 0n) return refuse('nothing_to_release', 'no available escrow in the cycle');
  const clearing = acct.payoutClearingAccount(state.group_id, currency);
  const transfers = sources.map((a) => releaseTransfer(x.payout_id, a.member_id as string, a.id, clearing.id, availableCredit(a), currency));
  return payoutReleased(state.group_id, x, { currency, gross_minor: gross, transfers });
}

/** The disbursement provider confirmed: the net leaves payout clearing (which returns to zero). */
export function completePayout(state: GroupState, x: { payout_id: string; provider: string; provider_ref: string; actor: Actor }): Decision {
  const p = state.payouts.get(x.payout_id);
  if (!p) return refuse('payout_unknown', `no payout ${x.payout_id}`);
  if (p.status === 'completed') return decided();
  if (p.status !== 'released' && p.status !== 'failed') return refuse('payout_not_released', `payout is ${p.status}`);
  const currency = p.currency as string;
  const clearing = acct.payoutClearingAccount(state.group_id, currency);
  const out = acct.disbursedAccount(state.group_id, currency);
  return decided({
    event_type: 'payout.completed',
    actor: x.actor,
    subject: { type: 'payout', id: p.id },
    cycle_id: p.cycle_id,
    data: {
      payout_id: p.id,
      provider: x.provider,
      provider_ref: x.provider_ref,
      ledger: block(
        [out],
        [{ id: `${p.id}:disburse`, debit_account_id: clearing.id, credit_account_id: out.id, amount_minor: p.net_minor, currency, code: 'disburse' }],
      ),
    },
  });
}

/** A failed disbursement: the money stays in payout clearing for a retry. Stale after completion. */
export function failPayout(state: GroupState, x: { payout_id: string; provider: string; reason: string; actor: Actor }): Decision {
  const p = state.payouts.get(x.payout_id);
  if (!p) return refuse('payout_unknown', `no payout ${x.payout_id}`);
  if (p.status === 'completed') return decided();
  if (p.status !== 'released' && p.status !== 'failed') return refuse('payout_not_released', `payout is ${p.status}`);
  return decided({
    event_type: 'payout.failed',
    actor: x.actor,
    subject: { type: 'payout', id: p.id },
    cycle_id: p.cycle_id,
    data: { payout_id: p.id, provider: x.provider, reason: x.reason },
  });
}
