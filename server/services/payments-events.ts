// Verified provider events → ledger, dues and member messages, all in the webhook's transaction, so a
// callback is applied exactly once or not at all. Events we cannot tie to a payment of ours are stored
// and set aside for review; they never move money.
import { t } from '../../core/i18n/index.ts';
import { money } from '../../core/money.ts';
import { quorumRequired, rulesFromJson, type GroupRulesJson } from '../../core/rosca/index.ts';
import type { Tx } from '../../db/client.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import { settledPayoutMinor } from '../../db/groups/auction.ts';
import {
  appendGroupEvent,
  completePayout,
  confirmContribution,
  failPayout,
  recordContributionCaptured,
  recordPaymentFailed,
  requestRefund,
  settleRefund,
} from '../../db/ledger/services.ts';
import { insertReview, updateAttempt } from '../../db/payments/attempts.ts';
import { finishCollection, LEDGER_HASH_SLOT, lockCollection, type CollectionContext } from '../../db/payments/callback.ts';
import { contactsOf, cycleQuorum, groupAudience } from '../../db/payments/dues.ts';
import { payoutIdOfRef, payoutRun, refundLocation, updatePayoutRun } from '../../db/payments/payouts.ts';
import { parseCreditPayoutCycleId } from '../../core/escrow/accounts.ts';
import { creditPayoutSentMessages } from './payouts-credits.ts';
import type { ProviderEvent } from '../payments/provider.ts';
import { newId } from '../../core/ids.ts';
import { failureKind, type PaymentsDeps, reviewOfEvent, who, type Who } from './payments-common.ts';
import { amountText, collectionMessages, quorumNoticeMessages } from './payments-messages.ts';
import { scheduleRetry } from './payouts.ts';

const SYSTEM = { type: 'system' as const, id: 'payments' };

export type PaymentEventHandler = (tx: Tx, e: ProviderEvent) => Promise<string[]>;

export function createPaymentEventHandler(deps: PaymentsDeps): PaymentEventHandler {
  async function memberWho(tx: Tx, memberId: string): Promise<Who | undefined> {
    const [c] = await contactsOf(tx, [memberId]);
    return c ? who(deps.pii, c) : undefined;
  }

  async function review(tx: Tx, e: ProviderEvent, reason: string, attempt?: NonNullable<CollectionContext['attempt']>): Promise<string[]> {
    await insertReview(tx, reviewOfEvent(e, reason));
    deps.log.warn({ provider: e.provider, ref: e.ref, type: e.type, reason }, 'provider event set aside for review');
    if (!attempt || !e.type.startsWith('collection.succeeded')) return [];
    await updateAttempt(tx, attempt.ref, { status: 'review', settledAt: deps.clock.now() });
    const w = await memberWho(tx, attempt.memberId);
    if (!w) return [];
    const amt = e.amount ?? money(attempt.currency, attempt.amountMinor);
    return enqueueOutbound(tx, [
      {
        chatId: w.chatId,
        kind: 'text',
        body: { text: t(w.locale, 'payment.review', { amount: amountText(amt.minor, amt.currency, w), currency: amt.currency }) },
        idempotencyKey: `payment:${attempt.ref}:review`,
      },
    ]);
  }

  async function collectionSucceeded(tx: Tx, e: ProviderEvent): Promise<string[]> {
    // The store statement already locked and read the attempt and its due (one round trip for both).
    const ctx = e.context ?? (e.ref ? await lockCollection(tx, e.ref, true) : undefined);
    const attempt = ctx?.attempt;
    if (!attempt || !e.ref) return review(tx, e, 'unknown_ref');
    if (attempt.status === 'succeeded' || attempt.status === 'review') return [];
    const paid = e.amount ?? money(attempt.currency, attempt.amountMinor);
    if (paid.currency.toUpperCase() !== attempt.currency || paid.minor <= 0n) return review(tx, e, 'currency_or_amount_mismatch', attempt);
    const due = ctx.due;
    if (!due) return review(tx, e, 'due_missing', attempt);
    const before = due.captured_before;
    const owed = due.amount_minor + due.late_fee_minor - before;
    const outcome = due.status !== 'pending' || owed <= 0n ? 'duplicate' : paid.minor < owed ? 'partial' : paid.minor === owed ? 'exact' : 'over';
    // The late fee is booked as such (it stays in the pot) when this payment settles the due in one go.
    const lateFee = (outcome === 'exact' || outcome === 'over') && before === 0n ? due.late_fee_minor : 0n;
    const base = { groupId: attempt.groupId, cycleId: attempt.cycleId, contributionId: attempt.contributionId };
    const cap = await recordContributionCaptured(
      tx,
      {
        ...base,
        memberId: attempt.memberId,
        provider: attempt.provider,
        providerRef: attempt.ref,
        amountMinor: paid.minor - lateFee,
        lateFeeMinor: lateFee,
        currency: attempt.currency,
        capturedAt: e.occurredAt,
        risk: 'pending',
      },
      deps.ledger,
    );
    if (cap.status === 'refused') return review(tx, e, `ledger_refused:${cap.code}`, attempt);
    if (cap.status !== 'created') return [];
    // The callback is verified (signature or provider query) and there is no further risk check yet: post the hold now.
    const conf = await confirmContribution(tx, base, deps.ledger);
    const seq = conf.status === 'created' ? conf.seq : cap.seq;
    const now = deps.clock.now();
    const completes = outcome === 'exact' || outcome === 'over';
    const extra = outcome === 'over' ? paid.minor - owed : outcome === 'duplicate' ? paid.minor : 0n;
    if (extra > 0n) {
      // Money that is not this cycle's contribution goes back through the ledger's refund (two approvals, §4.4).
      const refundId = `rfd_${attempt.contributionId.slice(4)}`;
      const r = await requestRefund(
        tx,
        {
          ...base,
          refundId,
          amountMinor: extra,
          reason: outcome === 'over' ? 'overpayment' : 'duplicate_payment',
          requestedBy: 'system:payments',
          actor: SYSTEM,
        },
        deps.ledger,
      );
      await insertReview(tx, {
        id: `rvw:${refundId}`,
        provider: e.provider,
        ref: attempt.ref,
        providerRef: e.providerRef,
        type: 'refund.requested',
        reason: `${outcome}_refund:${r.status}`,
        amountMinor: extra,
        currency: attempt.currency,
      });
    }
    const w = ctx.contact ? who(deps.pii, ctx.contact) : undefined;
    // The hash is read by the finishing statement, which writes it into the slot.
    const out: OutboundMessage[] = w
      ? collectionMessages(w, attempt, due.group_name, {
          outcome,
          paidMinor: paid.minor,
          owedMinor: owed,
          extraMinor: extra,
          occurredAt: e.occurredAt,
          ledgerSeq: seq,
          ledgerHash: LEDGER_HASH_SLOT,
        })
      : [];
    // Quorum work only when this payment can complete it: the finishing statement claims the cycle's notice
    // (counting paid dues after the group's chain head lock, so concurrent payments are all seen).
    const required = completes ? quorumRequired(due.dues_total, rulesFromJson(due.rules as unknown as GroupRulesJson).quorumPercent) : 0;
    const fin = await finishCollection(tx, {
      ref: attempt.ref,
      groupId: attempt.groupId,
      cycleId: attempt.cycleId,
      memberId: attempt.memberId,
      seq,
      capturedMinor: paid.minor,
      outcome,
      settledAt: now,
      markPaid: completes,
      paidAt: e.occurredAt,
      quorumRequired: required,
      capturedBefore: before,
      messages: out.map((m) => ({ ...m, id: newId('obx') })),
    });
    if (!fin.quorumClaimed) return fin.outboxIds;
    return [...fin.outboxIds, ...(await enqueueOutbound(tx, await quorumNotices(tx, attempt.cycleId)))];
  }

  /** 12.11 + 12.12 once per cycle (the caller claimed it), with the same keys as the groups' quorum sweep (whoever is first sends). */
  async function quorumNotices(tx: Tx, cycleId: string): Promise<OutboundMessage[]> {
    const q = await cycleQuorum(tx, cycleId);
    if (!q) return [];
    const rules = rulesFromJson(q.rules as unknown as GroupRulesJson);
    const required = quorumRequired(q.total, rules.quorumPercent);
    await appendGroupEvent(
      tx,
      q.group_id,
      {
        event_type: 'cycle.quorum.met',
        actor: SYSTEM,
        subject: { type: 'cycle', id: cycleId },
        cycle_id: cycleId,
        data: { contributions_count: q.paid, quorum_required: required },
        idempotencyKey: `quorum:${cycleId}`,
      },
      deps.ledger,
    );
    const audience = (await groupAudience(tx, q.group_id)).map((c) => who(deps.pii, c));
    const recipient =
      audience.find((a) => a.memberId === q.recipient_member_id) ?? (q.recipient_member_id ? await memberWho(tx, q.recipient_member_id) : undefined);
    // An auction cycle's recipient gets pot − discount once bidding settled (12.12 states that amount).
    const pot = money(rules.contribution.currency, await settledPayoutMinor(tx, cycleId, rules.contribution.minor * BigInt(q.total)));
    return quorumNoticeMessages(audience, { cycleId, groupName: q.group_name, dueDate: q.due_date, recipient, pot });
  }

  async function collectionFailed(tx: Tx, e: ProviderEvent): Promise<string[]> {
    const ctx = e.context ?? (e.ref ? await lockCollection(tx, e.ref, false) : undefined);
    const attempt = ctx?.attempt;
    if (!attempt) return review(tx, e, 'unknown_ref');
    if (attempt.status !== 'pending') return [];
    const kind = failureKind(e.failure);
    await recordPaymentFailed(
      tx,
      {
        groupId: attempt.groupId,
        cycleId: attempt.cycleId,
        contributionId: attempt.contributionId,
        memberId: attempt.memberId,
        provider: attempt.provider,
        providerRef: attempt.ref,
        reason: e.failure?.code ?? kind,
      },
      deps.ledger,
    );
    await updateAttempt(tx, attempt.ref, { status: 'failed', failureCode: kind, settledAt: deps.clock.now() });
    const w = ctx.contact ? who(deps.pii, ctx.contact) : await memberWho(tx, attempt.memberId);
    if (!w) return [];
    const vars = { amount: amountText(attempt.amountMinor, attempt.currency, w), currency: attempt.currency };
    const text =
      kind === 'insufficient_funds'
        ? t(w.locale, 'payment.failed.insufficient_funds', vars)
        : t(w.locale, `payment.failed.${kind}` as 'payment.failed.generic');
    return enqueueOutbound(tx, [{ chatId: w.chatId, kind: 'text', body: { text }, idempotencyKey: `payment:${attempt.ref}:failed` }]);
  }

  async function disbursement(tx: Tx, e: ProviderEvent, ok: boolean): Promise<string[]> {
    const run = e.ref ? await payoutRun(tx, payoutIdOfRef(e.ref), { forUpdate: true }) : undefined;
    if (!run) return review(tx, e, 'unknown_ref');
    if (run.status === 'completed') return [];
    if (!ok) {
      // A failure for an attempt we already replaced is history, not news.
      if (run.currentRef !== e.ref) return [];
      await failPayout(
        tx,
        { groupId: run.groupId, cycleId: run.cycleId, payoutId: run.payoutId, provider: run.provider, reason: e.failure?.code ?? 'failed', callbackId: e.id },
        deps.ledger,
      );
      return scheduleRetry(deps, tx, run, e.failure?.reason ?? e.failure?.code ?? 'failed');
    }
    const res = await completePayout(
      tx,
      { groupId: run.groupId, cycleId: run.cycleId, payoutId: run.payoutId, provider: run.provider, providerRef: e.providerRef },
      deps.ledger,
    );
    if (res.status === 'refused') return review(tx, e, `ledger_refused:${res.code}`);
    const now = deps.clock.now();
    await updatePayoutRun(tx, run.payoutId, { status: 'completed', providerRef: e.providerRef, completedAt: now, lastError: null });
    // A leftover auction credit paid out is the member's own money, not the group's pot: only they are told.
    if (parseCreditPayoutCycleId(run.cycleId)) return enqueueOutbound(tx, await creditPayoutSentMessages(deps, tx, run));
    const q = await cycleQuorum(tx, run.cycleId);
    const audience = (await groupAudience(tx, run.groupId)).map((c) => who(deps.pii, c));
    const recipient = audience.find((a) => a.memberId === run.recipientMemberId) ?? (await memberWho(tx, run.recipientMemberId));
    return enqueueOutbound(
      tx,
      audience.map((w) => ({
        chatId: w.chatId,
        kind: 'text' as const,
        body: {
          text: t(w.locale, 'payout.sent', {
            amount: amountText(run.netMinor, run.currency, w),
            currency: run.currency,
            recipient_name: recipient?.name || '—',
            group_name: q?.group_name ?? '',
            payout_ref: run.payoutId,
          }),
        },
        idempotencyKey: `payout:${run.payoutId}:sent:${w.memberId}`,
      })),
    );
  }

  async function refund(tx: Tx, e: ProviderEvent, ok: boolean): Promise<string[]> {
    const loc = e.ref ? await refundLocation(tx, e.ref) : undefined;
    if (!loc) return review(tx, e, 'unknown_ref');
    const res = await settleRefund(
      tx,
      {
        groupId: loc.group_id,
        cycleId: loc.cycle_id,
        refundId: e.ref as string,
        outcome: ok ? 'completed' : 'failed',
        providerRef: e.providerRef,
        reason: e.failure?.code,
      },
      deps.ledger,
    );
    if (res.status === 'refused') return review(tx, e, `ledger_refused:${res.code}`);
    if (res.status !== 'created' || !ok) return [];
    const w = await memberWho(tx, loc.member_id);
    if (!w) return [];
    return enqueueOutbound(tx, [
      {
        chatId: w.chatId,
        kind: 'text',
        body: {
          text: t(w.locale, 'refund.completed', { amount: amountText(loc.amount_minor, loc.currency, w), currency: loc.currency, refund_ref: e.ref as string }),
        },
        idempotencyKey: `refund:${e.ref}:completed`,
      },
    ]);
  }

  return async (tx, e) => {
    switch (e.type) {
      case 'collection.succeeded':
        return collectionSucceeded(tx, e);
      case 'collection.failed':
        return collectionFailed(tx, e);
      case 'disbursement.succeeded':
        return disbursement(tx, e, true);
      case 'disbursement.failed':
        return disbursement(tx, e, false);
      case 'refund.succeeded':
        return refund(tx, e, true);
      case 'refund.failed':
        return refund(tx, e, false);
      default:
        // Card disputes belong to the disputes flow (issue 6); recorded here for a person to pick up.
        return review(tx, e, e.type);
    }
  };
}
