// The ledger's application services. Each takes the caller's `Tx`, so groups/payments code composes it
// with its own writes (outbox messages, provider records) in one transaction; idempotency keys come from
// the caller (provider refs, tool callIds). Results: created | exists (same key, same request) | noop
// (nothing to do, e.g. a stale callback) | refused (a rule said no; nothing was written).
import type { Actor } from '../../core/events/envelope.ts';
import type { EventType } from '../../core/events/catalogue.ts';
import { releaseAuctionPayout as decideAuctionRelease } from '../../core/escrow/auction-release.ts';
import * as escrow from '../../core/escrow/commands.ts';
import { payOutCredit as decideCreditPayout } from '../../core/escrow/credit-payout.ts';
import { decided } from '../../core/escrow/decision.ts';
import * as disputes from '../../core/disputes/commands.ts';
import * as refunds from '../../core/refunds/commands.ts';
import type { ApprovalRole } from '../../core/refunds/machine.ts';
import type { Tx } from '../client.ts';
import { captureCommand, plain, type ContributionCaptured } from './capture.ts';
import { defaultLedgerContext, runCommand, type CommandResult, type LedgerContext } from './store.ts';

export type { CommandResult, LedgerContext };
const cycleScope = (cycle_id: string) => ({ kind: 'cycle' as const, cycle_id });

export type { ContributionCaptured };

/** A provider capture: the contribution enters the cycle's escrow. Key: provider + provider ref. */
export function recordContributionCaptured(tx: Tx, x: ContributionCaptured, ctx: LedgerContext = defaultLedgerContext): Promise<CommandResult> {
  const c = captureCommand(x);
  return runCommand(tx, c.group_id, c.scope, c.idempotency, c.decide, ctx);
}

export function confirmContribution(tx: Tx, x: { groupId: string; cycleId: string; contributionId: string; actor?: Actor }, ctx = defaultLedgerContext) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    null,
    (s) => escrow.confirmContribution(s, { contribution_id: x.contributionId, actor: x.actor ?? system }),
    ctx,
  );
}

export function recordPaymentFailed(
  tx: Tx,
  x: { groupId: string; cycleId: string; contributionId: string; memberId: string; provider: string; providerRef: string; reason: string; actor?: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `fail:${x.provider}:${x.providerRef}`, request: plain(x) },
    (s) =>
      escrow.recordPaymentFailed(s, {
        contribution_id: x.contributionId,
        cycle_id: x.cycleId,
        member_id: x.memberId,
        provider: x.provider,
        provider_ref: x.providerRef,
        reason: x.reason,
        actor: x.actor ?? { type: 'provider', id: x.provider },
      }),
    ctx,
  );
}

const system: Actor = { type: 'system', id: 'ledger' };

/** Freezes a member's escrow in a cycle (KYC/AML/risk flag; disputes freeze through `openDispute`). */
export function freeze(
  tx: Tx,
  x: { groupId: string; cycleId: string; memberId: string; freezeId: string; reason: 'kyc' | 'aml' | 'risk' | 'dispute'; disputeId?: string; actor?: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `freeze:${x.freezeId}`, request: plain(x) },
    (s) =>
      escrow.freezeFunds(s, {
        freeze_id: x.freezeId,
        cycle_id: x.cycleId,
        member_id: x.memberId,
        reason: x.reason,
        dispute_id: x.disputeId ?? null,
        actor: x.actor ?? system,
      }),
    ctx,
  );
}

export function liftFreeze(tx: Tx, x: { groupId: string; cycleId: string; freezeId: string; actor?: Actor }, ctx = defaultLedgerContext) {
  return runCommand(tx, x.groupId, cycleScope(x.cycleId), null, (s) => escrow.liftFreeze(s, { freeze_id: x.freezeId, actor: x.actor ?? system }), ctx);
}

export type PayoutRelease = {
  groupId: string;
  cycleId: string;
  payoutId: string;
  recipientMemberId: string;
  dueAt: Date;
  quorumRequired: number;
  feeBps: number;
  actor?: Actor;
};

/** The core's release input for a payout (plain and auction releases share it). */
function releaseInput(x: PayoutRelease, ctx: LedgerContext) {
  return {
    payout_id: x.payoutId,
    cycle_id: x.cycleId,
    recipient_member_id: x.recipientMemberId,
    due_at: x.dueAt,
    quorum_required: x.quorumRequired,
    fee_bps: x.feeBps,
    now: ctx.clock.now(),
    actor: x.actor ?? system,
  };
}

/** Releases the cycle's pot to payout clearing (less the fee) if due, quorate and unfrozen. Key: payout id. */
export function releasePayout(tx: Tx, x: PayoutRelease, ctx = defaultLedgerContext) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `release:${x.payoutId}`, request: plain({ ...x, actor: undefined }) },
    (s) => escrow.releasePayout(s, releaseInput(x, ctx)),
    ctx,
  );
}

export type AuctionPayoutRelease = PayoutRelease & {
  /** The settled discount (0 without bids or on the last turn); must equal Σ dividends. */
  discountMinor: bigint;
  /** Each non-winning member's share of the discount, credited to their member credit account. */
  dividends: ReadonlyArray<{ memberId: string; amountMinor: bigint }>;
  /** Earlier dividends that reduced this cycle's dues, spent from the members' credit into this pot first. */
  credits: ReadonlyArray<{ memberId: string; amountMinor: bigint }>;
};

/**
 * An auction group's release: credits into the pot, the discount out as dividends, the rest (less the fee)
 * to the recipient — one `payout.released`, all transfers linked. Same key as `releasePayout` (one release
 * per payout id, whichever way); a different body under that key is `idempotency_key_reused`.
 */
export function releaseAuctionPayout(tx: Tx, x: AuctionPayoutRelease, ctx = defaultLedgerContext) {
  const shares = (xs: AuctionPayoutRelease['dividends']) => xs.map((d) => ({ member_id: d.memberId, amount_minor: d.amountMinor }));
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `release:${x.payoutId}`, request: plain({ ...x, actor: undefined }) },
    (s) =>
      decideAuctionRelease(s, {
        ...releaseInput(x, ctx),
        discount_minor: x.discountMinor,
        dividends: shares(x.dividends),
        credits: shares(x.credits),
      }),
    ctx,
  );
}

export type CreditPayout = {
  groupId: string;
  /** `creditPayoutCycleId(groupId, memberId, n)`: the payout's own cycle; also the idempotency key's subject. */
  cycleId: string;
  payoutId: string;
  memberId: string;
  currency: string;
  amountMinor: bigint;
  actor?: Actor;
};

/**
 * Pays a member's leftover auction credit out through payout clearing (one `payout.released` under the
 * payout's own cycle id, linked transfers credit → escrow → clearing (→ fees for a fraction of a unit)).
 * Key `credit_payout:<cycleId>`: one payout per claim; the same body again is `exists`, another body (a
 * second payout id for the same claim) `idempotency_key_reused`. Then `completePayout` / `failPayout` as
 * for any payout.
 */
export function payOutCredit(tx: Tx, x: CreditPayout, ctx = defaultLedgerContext) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `credit_payout:${x.cycleId}`, request: plain({ ...x, actor: undefined }) },
    (s) =>
      decideCreditPayout(s, {
        payout_id: x.payoutId,
        cycle_id: x.cycleId,
        member_id: x.memberId,
        currency: x.currency,
        amount_minor: x.amountMinor,
        actor: x.actor ?? system,
      }),
    ctx,
  );
}

export function completePayout(
  tx: Tx,
  x: { groupId: string; cycleId: string; payoutId: string; provider: string; providerRef: string; actor?: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    null,
    (s) =>
      escrow.completePayout(s, {
        payout_id: x.payoutId,
        provider: x.provider,
        provider_ref: x.providerRef,
        actor: x.actor ?? { type: 'provider', id: x.provider },
      }),
    ctx,
  );
}

export function failPayout(
  tx: Tx,
  x: { groupId: string; cycleId: string; payoutId: string; provider: string; reason: string; callbackId: string; actor?: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `payout_fail:${x.callbackId}`, request: plain(x) },
    (s) => escrow.failPayout(s, { payout_id: x.payoutId, provider: x.provider, reason: x.reason, actor: x.actor ?? { type: 'provider', id: x.provider } }),
    ctx,
  );
}

export function requestRefund(
  tx: Tx,
  x: { groupId: string; cycleId: string; refundId: string; contributionId: string; amountMinor: bigint; reason: string; requestedBy: string; actor: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    { key: `refund:${x.refundId}`, request: plain(x) },
    (s) =>
      refunds.requestRefund(s, {
        refund_id: x.refundId,
        contribution_id: x.contributionId,
        amount_minor: x.amountMinor,
        reason: x.reason,
        requested_by: x.requestedBy,
        actor: x.actor,
      }),
    ctx,
  );
}

export function approveRefund(
  tx: Tx,
  x: { groupId: string; cycleId: string; refundId: string; role: Exclude<ApprovalRole, 'dispute'>; approverId: string; actor: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    null,
    (s) => refunds.approveRefund(s, { refund_id: x.refundId, role: x.role, approver_id: x.approverId, actor: x.actor }),
    ctx,
  );
}

export function executeRefund(tx: Tx, x: { groupId: string; cycleId: string; refundId: string; actor?: Actor }, ctx = defaultLedgerContext) {
  return runCommand(tx, x.groupId, cycleScope(x.cycleId), null, (s) => refunds.executeRefund(s, { refund_id: x.refundId, actor: x.actor ?? system }), ctx);
}

export function settleRefund(
  tx: Tx,
  x: { groupId: string; cycleId: string; refundId: string; outcome: 'completed' | 'failed'; providerRef: string; reason?: string; actor?: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    null,
    (s) => refunds.settleRefund(s, { refund_id: x.refundId, outcome: x.outcome, provider_ref: x.providerRef, reason: x.reason, actor: x.actor ?? system }),
    ctx,
  );
}

export function openDispute(tx: Tx, x: disputes.OpenDispute & { group_id: string }, ctx = defaultLedgerContext) {
  const { group_id, ...input } = x;
  return runCommand(
    tx,
    group_id,
    cycleScope(x.cycle_id),
    { key: `dispute:${x.dispute_id}`, request: plain(input) },
    (s) => disputes.openDispute(s, input),
    ctx,
  );
}

export function addDisputeEvidence(
  tx: Tx,
  x: { groupId: string; cycleId: string; disputeId: string; addedBy: string; kind: string; note: string; actor: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    null,
    (s) => disputes.addEvidence(s, { dispute_id: x.disputeId, added_by: x.addedBy, kind: x.kind, note: x.note, actor: x.actor }),
    ctx,
  );
}

export function startDisputeInvestigation(
  tx: Tx,
  x: { groupId: string; cycleId: string; disputeId: string; investigatorId: string; actor: Actor },
  ctx = defaultLedgerContext,
) {
  return runCommand(
    tx,
    x.groupId,
    cycleScope(x.cycleId),
    null,
    (s) => disputes.startInvestigation(s, { dispute_id: x.disputeId, investigator_id: x.investigatorId, actor: x.actor }),
    ctx,
  );
}

export function resolveDispute(tx: Tx, x: disputes.ResolveDispute & { group_id: string; cycle_id: string }, ctx = defaultLedgerContext) {
  const { group_id, cycle_id, ...input } = x;
  return runCommand(tx, group_id, cycleScope(cycle_id), null, (s) => disputes.resolveDispute(s, input), ctx);
}

export function closeDispute(tx: Tx, x: { groupId: string; cycleId: string; disputeId: string; actor: Actor }, ctx = defaultLedgerContext) {
  return runCommand(tx, x.groupId, cycleScope(x.cycleId), null, (s) => disputes.closeDispute(s, { dispute_id: x.disputeId, actor: x.actor }), ctx);
}

/** Events that move no money and touch no escrow state beyond the cycle row. */
const appendable = /^(user\.|group\.|cycle\.|payment\.intent\.created$|payout\.scheduled$)/;

/**
 * Appends a non-money event (group.created, cycle.created, group.member.joined, …) to the group's chain.
 * `idempotencyKey` (e.g. a tool callId) makes a retry return the first event instead of a second one.
 */
export function appendGroupEvent(
  tx: Tx,
  groupId: string,
  event: {
    event_type: EventType;
    actor: Actor;
    subject: { type: string; id: string };
    cycle_id?: string | null;
    data: Record<string, unknown>;
    idempotencyKey?: string;
  },
  ctx = defaultLedgerContext,
): Promise<CommandResult> {
  const { idempotencyKey, ...draft } = event;
  if (!appendable.test(event.event_type)) {
    return Promise.resolve({ status: 'refused', code: 'event_type_not_appendable', message: `${event.event_type} goes through its ledger service` });
  }
  const scope = event.cycle_id ? cycleScope(event.cycle_id) : { kind: 'none' as const };
  return runCommand(
    tx,
    groupId,
    scope,
    idempotencyKey ? { key: idempotencyKey, request: plain(draft) } : null,
    () => {
      if (event.data && 'ledger' in event.data) return { ok: false, code: 'money_event', message: 'money moves only through the ledger services' };
      return decided({ ...draft, cycle_id: draft.cycle_id ?? null });
    },
    ctx,
  );
}
