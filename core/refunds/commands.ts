// Refund decisions over a group's projection: request (pre-release only), approvals, execution out of
// escrow into refund clearing, and settlement (completed: to the provider; failed: back where it came from).
import type { Actor } from '../events/envelope.ts';
import * as acct from '../escrow/accounts.ts';
import { block, decided, refuse, type Decision } from '../escrow/decision.ts';
import type { GroupState } from '../escrow/state.ts';
import { availableCredit } from '../ledger/ledger.ts';
import { advance, approve, type ApprovalRole } from './machine.ts';

export type RefundRequest = {
  refund_id: string;
  contribution_id: string;
  amount_minor: bigint;
  reason: string;
  requested_by: string;
  actor: Actor;
};

/** A member or admin asks for a contribution back before the pot is released. */
export function requestRefund(state: GroupState, x: RefundRequest): Decision {
  if (state.refunds.has(x.refund_id)) return refuse('refund_exists', `refund ${x.refund_id} exists`);
  const c = state.contributions.get(x.contribution_id);
  if (!c || c.status === 'failed') return refuse('contribution_unknown', `no captured contribution ${x.contribution_id}`);
  const cycle = state.cycles.get(c.cycle_id);
  if (!cycle || cycle.status !== 'open' || c.status === 'released') {
    return refuse('post_release_requires_dispute', 'after release, money comes back only through a dispute');
  }
  if (c.status !== 'available') return refuse('contribution_not_available', `contribution is ${c.status}`);
  const open = [...state.refunds.values()].filter((r) => r.contribution_id === c.id && r.status !== 'failed' && r.status !== 'completed');
  const reserved = open.reduce((s, r) => s + r.amount_minor, 0n);
  if (x.amount_minor <= 0n || reserved + c.refunded_minor + x.amount_minor > c.amount_minor + c.late_fee_minor) {
    return refuse('amount_invalid', 'more than what was paid and not yet refunded');
  }
  return decided(requestedDraft(state, c.cycle_id, x, c.member_id, c.currency, 'pre_release', null));
}

export function requestedDraft(
  _state: GroupState,
  cycle_id: string,
  x: RefundRequest,
  member_id: string,
  currency: string,
  kind: 'pre_release' | 'post_release',
  dispute_id: string | null,
) {
  return {
    event_type: 'refund.requested' as const,
    actor: x.actor,
    subject: { type: 'refund', id: x.refund_id },
    cycle_id,
    data: {
      refund_id: x.refund_id,
      contribution_id: x.contribution_id,
      member_id,
      amount_minor: x.amount_minor.toString(),
      currency,
      reason: x.reason,
      kind,
      dispute_id,
      requested_by: x.requested_by,
    },
  };
}

export function approveRefund(state: GroupState, x: { refund_id: string; role: ApprovalRole; approver_id: string; actor: Actor }): Decision {
  const r = state.refunds.get(x.refund_id);
  if (!r) return refuse('refund_unknown', `no refund ${x.refund_id}`);
  const verdict = approve(r, { role: x.role, approver_id: x.approver_id });
  if ('error' in verdict) return refuse(verdict.error, `refund ${r.id}: ${verdict.error}`);
  return decided({
    event_type: 'refund.approved',
    actor: x.actor,
    subject: { type: 'refund', id: r.id },
    cycle_id: r.cycle_id,
    data: { refund_id: r.id, role: x.role, approver_id: x.approver_id, status_after: verdict.status_after },
  });
}

/** Moves the approved amount out of escrow (or, after release, out of platform recovery) into clearing. */
export function executeRefund(state: GroupState, x: { refund_id: string; actor: Actor }): Decision {
  const r = state.refunds.get(x.refund_id);
  if (!r) return refuse('refund_unknown', `no refund ${x.refund_id}`);
  const step = advance(r.status, 'execute');
  if ('error' in step) return refuse(step.error, `refund ${r.id} is ${r.status}`);
  const clearing = acct.refundClearingAccount(state.group_id, r.currency);
  let source = acct.recoveryAccount(state.group_id, r.currency);
  if (r.kind === 'pre_release') {
    source = acct.escrowAccount(r.cycle_id, r.member_id, r.currency);
    const held = state.ledger.accounts.get(source.id);
    if (!held || availableCredit(held) < r.amount_minor) return refuse('insufficient_escrow', 'the member’s available escrow is short (frozen?)');
  }
  return decided({
    event_type: 'refund.executed',
    actor: x.actor,
    subject: { type: 'refund', id: r.id },
    cycle_id: r.cycle_id,
    data: {
      refund_id: r.id,
      ledger: block(
        [source, clearing],
        [
          {
            id: `${r.id}:execute`,
            debit_account_id: source.id,
            credit_account_id: clearing.id,
            amount_minor: r.amount_minor,
            currency: r.currency,
            code: 'refund',
          },
        ],
      ),
    },
  });
}

/** The provider settled (completed) or rejected (failed) the refund; clearing returns to zero either way. */
export function settleRefund(
  state: GroupState,
  x: { refund_id: string; outcome: 'completed' | 'failed'; provider_ref: string; reason?: string; actor: Actor },
): Decision {
  const r = state.refunds.get(x.refund_id);
  if (!r) return refuse('refund_unknown', `no refund ${x.refund_id}`);
  if (r.status === 'completed' || r.status === 'failed') return decided(); // a duplicate or late callback
  const step = advance(r.status, x.outcome === 'completed' ? 'complete' : 'fail');
  if ('error' in step) return refuse(step.error, `refund ${r.id} is ${r.status}`);
  const c = state.contributions.get(r.contribution_id);
  if (!c || r.source_account_id === null) return refuse('refund_unknown', 'refund without contribution or source');
  const clearing = acct.refundClearingAccount(state.group_id, r.currency);
  if (x.outcome === 'completed') {
    const funding = acct.fundingAccount(state.group_id, c.provider, r.currency);
    return decided({
      event_type: 'refund.completed',
      actor: x.actor,
      subject: { type: 'refund', id: r.id },
      cycle_id: r.cycle_id,
      data: {
        refund_id: r.id,
        provider_ref: x.provider_ref,
        ledger: block(
          [funding],
          [
            {
              id: `${r.id}:complete`,
              debit_account_id: clearing.id,
              credit_account_id: funding.id,
              amount_minor: r.amount_minor,
              currency: r.currency,
              code: 'refund_out',
            },
          ],
        ),
      },
    });
  }
  // A failed refund returns to the member's escrow (a frozen source is not re-frozen: its dispute is over).
  const back = r.source_account_id.includes(':frozen:')
    ? acct.escrowAccount(r.cycle_id, r.member_id, r.currency)
    : state.ledger.accounts.get(r.source_account_id);
  if (!back) return refuse('refund_unknown', 'refund source account missing');
  return decided({
    event_type: 'refund.failed',
    actor: x.actor,
    subject: { type: 'refund', id: r.id },
    cycle_id: r.cycle_id,
    data: {
      refund_id: r.id,
      reason: x.reason ?? 'provider_failed',
      ledger: block(
        [],
        [
          {
            id: `${r.id}:return`,
            debit_account_id: clearing.id,
            credit_account_id: back.id,
            amount_minor: r.amount_minor,
            currency: r.currency,
            code: 'refund_return',
          },
        ],
      ),
    },
  });
}
