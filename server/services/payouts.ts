// Payouts (spec 3.5) as sweeps: release each cycle whose pot is releasable (the ledger decides: due,
// quorum, no freeze/dispute/open refund), then disburse to the recipient's effective payout number
// (the WhatsApp number until a changed destination has passed its cooling-off), with our payout id as
// the provider's idempotency key; a failure is retried with backoff, then escalated to a person.
// Also executes approved refunds (pre-release) and sends them to the provider. An auction group's cycle
// is released with its settlement (payouts-auction.ts): the recipient gets pot − discount (less the fee),
// the discount goes to the other members' credit and comes off their next due; credits no due can take
// any more are paid out to their members the same way (payouts-credits.ts). Every net is whole units
// (core/escrow/fee.ts), so mobile money can pay it.
import { eq, sql } from 'drizzle-orm';
import { parseCreditPayoutCycleId } from '../../core/escrow/accounts.ts';
import { t } from '../../core/i18n/index.ts';
import { newId } from '../../core/ids.ts';
import { maskPhone } from '../../core/identity/phone.ts';
import { money } from '../../core/money.ts';
import { quorumRequired, rulesFromJson, type GroupRulesJson } from '../../core/rosca/index.ts';
import type { Tx } from '../../db/client.ts';
import { enqueueOutbound } from '../../db/channel.ts';
import { executeRefund, failPayout, releaseAuctionPayout, releasePayout } from '../../db/ledger/services.ts';
import { getMember, type Member } from '../../db/members.ts';
import { cyclesAwaitingPayout } from '../../db/payments/dues.ts';
import {
  approvedRefunds,
  disbursementRef,
  executedRefundsWithoutRequest,
  insertPayoutRun,
  payoutRun,
  runsToDisburse,
  updatePayoutRun,
  type PayoutRunRow,
} from '../../db/payments/payouts.ts';
import { groups } from '../../db/schema/groups.ts';
import { supportTickets } from '../../db/schema/support.ts';
import { formatAmount } from '../../tools/groups-text.ts';
import { localeOf, mobileMoneyProviderFor, type PaymentsDeps } from './payments-common.ts';
import { auctionPlanOf, creditDividends, SettlementMismatch } from './payouts-auction.ts';
import { releaseLeftoverCredits } from './payouts-credits.ts';

/** Disbursement attempts before a person takes over; backoff between them: 1, 4, 16 minutes. */
export const payout_attempts_max = 4;
export const payout_backoff_base_ms = 60_000;
export const payout_batch = 50;

class NotReleasable extends Error {}

/** Releases every cycle whose payout has become releasable. Returns the payout ids released. */
export async function releaseDuePayouts(deps: PaymentsDeps, now: Date): Promise<string[]> {
  const released: string[] = [];
  for (const c of await cyclesAwaitingPayout(deps.db, now, payout_batch)) {
    const rules = rulesFromJson(c.rules as unknown as GroupRulesJson);
    const required = quorumRequired(c.total, rules.quorumPercent);
    if (c.paid < required || !c.recipient_member_id) continue;
    const recipientId = c.recipient_member_id;
    try {
      const ids = await deps.db.transaction(async (tx) => {
        const m = await getMember(tx, deps.pii, recipientId);
        if (!m) throw new NotReleasable(`recipient ${recipientId} unknown`);
        const destination = payoutDestinationOf(deps, m, now);
        const payoutId = newId('pout');
        // The run row claims the cycle first (unique per cycle): a concurrent sweep cannot release twice.
        const claimed = await insertPayoutRun(tx, {
          payoutId,
          groupId: c.group_id,
          cycleId: c.cycle_id,
          recipientMemberId: recipientId,
          netMinor: 0n,
          currency: rules.contribution.currency,
          provider: mobileMoneyProviderFor(destination),
          destinationEnc: deps.pii.encrypt(destination),
          destinationMasked: maskPhone(destination),
          status: 'released',
          createdAt: now,
        });
        if (!claimed) throw new NotReleasable('claimed by another sweep');
        const release = {
          groupId: c.group_id,
          cycleId: c.cycle_id,
          payoutId,
          recipientMemberId: recipientId,
          dueAt: c.due_at,
          quorumRequired: required,
          feeBps: rules.platformFeeBps,
        };
        const plan = await auctionPlanOf(tx, rules, c).catch((err) => {
          throw err instanceof SettlementMismatch ? new NotReleasable(err.message) : err;
        });
        const res = plan ? await releaseAuctionPayout(tx, { ...release, ...plan }, deps.ledger) : await releasePayout(tx, release, deps.ledger);
        if (res.status !== 'created') throw new NotReleasable(res.status === 'refused' ? `${res.code}: ${res.message}` : res.status);
        const data = res.events[0].data as { net_minor: string };
        const net = BigInt(data.net_minor);
        await updatePayoutRun(tx, payoutId, { netMinor: net, ledgerSeq: res.seq });
        released.push(payoutId);
        const locale = localeOf(m.locale);
        const dividends = plan ? await creditDividends(deps, tx, c, plan, rules.contribution.currency, now) : [];
        return enqueueOutbound(tx, [
          ...dividends,
          {
            chatId: `${m.phone.slice(1)}@c.us`,
            kind: 'text',
            body: {
              text: t(locale, 'payout.received_you', {
                name: m.name ?? '',
                amount: formatAmount(money(rules.contribution.currency, net), locale),
                currency: rules.contribution.currency,
                group_name: c.group_name,
                destination: maskPhone(destination),
                payout_ref: payoutId,
              }),
            },
            idempotencyKey: `payout:${c.cycle_id}:recipient`,
          },
        ]);
      });
      deps.deliver(ids);
    } catch (err) {
      if (!(err instanceof NotReleasable)) throw err;
      deps.log.debug({ cycleId: c.cycle_id, reason: err.message }, 'payout not released');
    }
  }
  // Then what the releases may have left behind: auction credits no due can take any more.
  released.push(...(await releaseLeftoverCredits(deps, now)));
  return released;
}

/**
 * Where a member's payouts go: their registered payout number once its cooling-off has passed (a hijacked
 * account cannot redirect an imminent payout), else their WhatsApp number.
 */
export function payoutDestinationOf(deps: Pick<PaymentsDeps, 'pii'>, m: Member, now: Date): string {
  const changed = m.payoutDestinationEnc && m.payoutDestinationEffectiveAt && m.payoutDestinationEffectiveAt.getTime() <= now.getTime();
  return changed ? deps.pii.decrypt(m.payoutDestinationEnc as string) : m.phone;
}

/** Sends the next disbursement attempt of every run that is due one. */
export async function disburseDue(deps: PaymentsDeps, now: Date): Promise<number> {
  let sent = 0;
  for (const candidate of await runsToDisburse(deps.db, now, payout_batch)) {
    const claim = await deps.db.transaction(async (tx) => {
      const run = await payoutRun(tx, candidate.payoutId, { forUpdate: true });
      if (!run || (run.status !== 'released' && run.status !== 'failed')) return null;
      const attempt = run.attempts + 1;
      const ref = disbursementRef(run.payoutId, attempt);
      await updatePayoutRun(tx, run.payoutId, { status: 'disbursing', attempts: attempt, currentRef: ref, nextAttemptAt: now });
      return { ...run, attempts: attempt, currentRef: ref };
    });
    if (!claim) continue;
    await sendDisbursement(deps, claim);
    sent++;
  }
  return sent;
}

/** One provider request for the run's current attempt (idempotent on its ref, so a resend is safe). */
export async function sendDisbursement(deps: PaymentsDeps, run: PayoutRunRow): Promise<void> {
  const ref = run.currentRef as string;
  let result: Awaited<ReturnType<ReturnType<PaymentsDeps['providers']['get']>['disburse']>>;
  try {
    result = await deps.providers.get(run.provider as 'mpesa').disburse({
      ref,
      amount: money(run.currency, run.netMinor),
      phone: deps.pii.decrypt(run.destinationEnc),
      description: 'Likelemba payout',
      metadata: { payoutId: run.payoutId, groupId: run.groupId, cycleId: run.cycleId },
    });
  } catch (err) {
    // Unknown outcome (network, 5xx): reconciliation asks the provider about this ref later.
    deps.log.warn({ payoutId: run.payoutId, ref, err: String(err) }, 'disbursement request failed; reconciliation will check');
    return;
  }
  if (result.status !== 'rejected') return;
  const ids = await deps.db.transaction(async (tx) => {
    const cur = await payoutRun(tx, run.payoutId, { forUpdate: true });
    if (!cur || cur.status !== 'disbursing' || cur.currentRef !== ref) return [];
    await failPayout(
      tx,
      {
        groupId: run.groupId,
        cycleId: run.cycleId,
        payoutId: run.payoutId,
        provider: run.provider,
        reason: result.status === 'rejected' ? result.failure.code : 'rejected',
        callbackId: `reject:${ref}`,
      },
      deps.ledger,
    );
    return scheduleRetry(deps, tx, cur, result.status === 'rejected' ? result.failure.reason : 'rejected');
  });
  deps.deliver(ids);
}

/** After a failed attempt: retry later with backoff, or escalate (log + support ticket) after the last one. */
export async function scheduleRetry(deps: PaymentsDeps, tx: Tx, run: PayoutRunRow, reason: string): Promise<string[]> {
  const now = deps.clock.now();
  const m = await getMember(tx, deps.pii, run.recipientMemberId);
  const locale = localeOf(m?.locale);
  const notice = async (kind: string) =>
    m
      ? enqueueOutbound(tx, [
          {
            chatId: `${m.phone.slice(1)}@c.us`,
            kind: 'text',
            body: {
              text: t(locale, 'payout.failed', {
                recipient_name: m.name ?? m.phoneMasked,
                group_name: (await groupName(tx, run.groupId)) ?? '',
                payout_ref: run.payoutId,
              }),
            },
            idempotencyKey: `payout:${run.payoutId}:${kind}`,
          },
        ])
      : [];
  if (run.attempts >= payout_attempts_max) {
    await updatePayoutRun(tx, run.payoutId, { status: 'escalated', lastError: reason.slice(0, 500), nextAttemptAt: null });
    await tx
      .insert(supportTickets)
      .values({
        id: newId('tkt'),
        memberId: run.recipientMemberId,
        summaryEnc: deps.pii.encrypt(
          parseCreditPayoutCycleId(run.cycleId)
            ? `Payout ${run.payoutId} of the leftover auction credit of member ${run.recipientMemberId} (${run.cycleId}) failed ${run.attempts} times: ${reason}. Money is held in payout clearing; pay it out to the member by hand.`
            : `Payout ${run.payoutId} (cycle ${run.cycleId}) failed ${run.attempts} times: ${reason}. Money is held in payout clearing.`,
        ),
        idempotencyKey: `payout-escalation:${run.payoutId}`,
      })
      .onConflictDoNothing();
    deps.log.error({ payoutId: run.payoutId, attempts: run.attempts, reason }, 'payout escalated to support after repeated failures');
    return notice('escalated');
  }
  const delay = payout_backoff_base_ms * 4 ** Math.max(0, run.attempts - 1);
  await updatePayoutRun(tx, run.payoutId, { status: 'failed', lastError: reason.slice(0, 500), nextAttemptAt: new Date(now.getTime() + delay) });
  return run.attempts === 1 ? notice('failed') : [];
}

async function groupName(tx: Tx, groupId: string): Promise<string | undefined> {
  const r = await tx.select({ name: groups.name }).from(groups).where(eq(groups.id, groupId));
  return r[0]?.name;
}

/** Approved pre-release refunds: move them out of escrow (ledger) and ask the provider to send them. */
export async function executeApprovedRefunds(deps: PaymentsDeps): Promise<number> {
  let n = 0;
  for (const r of await approvedRefunds(deps.db, payout_batch)) {
    const res = await deps.db.transaction((tx) => executeRefund(tx, { groupId: r.group_id, cycleId: r.cycle_id, refundId: r.id }, deps.ledger));
    if (res.status === 'refused') deps.log.warn({ refundId: r.id, code: res.code }, 'refund not executed');
  }
  // Executed (now, or before a crash) and not yet asked of the provider: ask, keyed by the refund id.
  for (const r of await executedRefundsWithoutRequest(deps.db, payout_batch)) {
    if (!r.payment_ref) continue;
    const provider = (await deps.db.execute<{ provider: string }>(sqlProvider(r.payment_ref))).rows[0]?.provider;
    if (!provider) continue;
    try {
      await deps.providers
        .get(provider as 'stripe')
        .refund({ ref: r.id, paymentRef: r.payment_ref, amount: money(r.currency, r.amount_minor), reason: 'requested_by_customer' });
      n++;
    } catch (err) {
      deps.log.warn({ refundId: r.id, err: String(err) }, 'refund request failed; retried next sweep');
    }
  }
  return n;
}

function sqlProvider(ref: string) {
  return sql`select provider from payment_attempts where ref = ${ref}`;
}
