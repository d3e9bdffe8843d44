// Leftover auction credits paid out (inside the payout sweep): a member's dividends that no due can take any
// more — the group completed (its last pot released) or was cancelled, or the member was removed — are
// released from their credit account through payout clearing (`payOutCredit`) and disbursed to their payout
// number by the ordinary payout machinery (payout_runs → disburseDue → provider → completePayout, retries,
// escalation to a support ticket only when every attempt failed). The member is told in their language.

import { eq } from 'drizzle-orm';
import { creditPayoutCycleId } from '../../core/escrow/accounts.ts';
import { t } from '../../core/i18n/index.ts';
import { maskPhone } from '../../core/identity/phone.ts';
import { newId } from '../../core/ids.ts';
import { money } from '../../core/money.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Tx } from '../../db/client.ts';
import { payOutCredit } from '../../db/ledger/services.ts';
import { getMember } from '../../db/members.ts';
import { type LeftoverCredit, leftoverCredits } from '../../db/payments/dues.ts';
import { creditPayoutsCount, insertPayoutRun, type PayoutRunRow, updatePayoutRun } from '../../db/payments/payouts.ts';
import { groups } from '../../db/schema/groups.ts';
import { formatMoneyText } from '../../tools/groups-text.ts';
import { localeOf, mobileMoneyProviderFor, type PaymentsDeps } from './payments-common.ts';
import { payout_batch, payoutDestinationOf } from './payouts.ts';

class Skip extends Error {}

/** Releases every leftover credit due to be paid out. Returns the payout ids released. */
export async function releaseLeftoverCredits(deps: PaymentsDeps, now: Date): Promise<string[]> {
  const released: string[] = [];
  for (const c of await leftoverCredits(deps.db, payout_batch)) {
    try {
      const done = await deps.db.transaction((tx) => releaseOne(deps, tx, c, now));
      released.push(done.payoutId);
      deps.deliver(done.outbox);
    } catch (err) {
      if (!(err instanceof Skip)) throw err;
      deps.log.debug({ groupId: c.group_id, memberId: c.member_id, reason: err.message }, 'credit payout not released');
    }
  }
  return released;
}

async function releaseOne(deps: PaymentsDeps, tx: Tx, c: LeftoverCredit, now: Date): Promise<{ payoutId: string; outbox: string[] }> {
  const m = await getMember(tx, deps.pii, c.member_id);
  if (!m) throw new Skip(`member ${c.member_id} unknown`);
  const destination = payoutDestinationOf(deps, m, now);
  const payoutId = newId('pout');
  // The run claims the member's next credit payout (unique per cycle id): a concurrent sweep computes the
  // same id and gets nothing; a later dividend (a member who rejoined) gets the next number.
  const cycleId = creditPayoutCycleId(c.group_id, c.member_id, (await creditPayoutsCount(tx, c.group_id, c.member_id)) + 1);
  const claimed = await insertPayoutRun(tx, {
    payoutId,
    groupId: c.group_id,
    cycleId,
    recipientMemberId: c.member_id,
    netMinor: 0n,
    currency: c.currency,
    provider: mobileMoneyProviderFor(destination),
    destinationEnc: deps.pii.encrypt(destination),
    destinationMasked: maskPhone(destination),
    status: 'released',
    createdAt: now,
  });
  if (!claimed) throw new Skip('claimed by another sweep');
  const res = await payOutCredit(
    tx,
    { groupId: c.group_id, cycleId, payoutId, memberId: c.member_id, currency: c.currency, amountMinor: c.amount_minor },
    deps.ledger,
  );
  // A refusal (the credit moved meanwhile) rolls the claim back; the next sweep looks again.
  if (res.status !== 'created') throw new Skip(res.status === 'refused' ? `${res.code}: ${res.message}` : res.status);
  const net = BigInt((res.events[0].data as { net_minor: string }).net_minor);
  // Less than one unit (cents of a pot with cents): it went to fees by the payout fee rule; nothing to send.
  await updatePayoutRun(tx, payoutId, { netMinor: net, ledgerSeq: res.seq, ...(net === 0n ? { status: 'completed', completedAt: now } : {}) });
  if (net === 0n) return { payoutId, outbox: [] };
  const locale = localeOf(m.locale);
  const outbox = await enqueueOutbound(tx, [
    {
      chatId: `${m.phone.slice(1)}@c.us`,
      kind: 'text',
      body: {
        text: t(locale, `auction.credit_paid_out_${c.reason}`, {
          group_name: c.group_name,
          amount: formatMoneyText(money(c.currency, net), locale),
          destination: maskPhone(destination),
          payout_ref: payoutId,
        }),
      },
      idempotencyKey: `credit-payout:${cycleId}`,
    },
  ]);
  return { payoutId, outbox };
}

/** The disbursement of a credit payout completed: only the member is told (it is not the group's pot). */
export async function creditPayoutSentMessages(deps: Pick<PaymentsDeps, 'pii'>, tx: Tx, run: PayoutRunRow): Promise<OutboundMessage[]> {
  const m = await getMember(tx, deps.pii, run.recipientMemberId);
  if (!m) return [];
  const locale = localeOf(m.locale);
  const [g] = await tx.select({ name: groups.name }).from(groups).where(eq(groups.id, run.groupId));
  return [
    {
      chatId: `${m.phone.slice(1)}@c.us`,
      kind: 'text',
      body: {
        text: t(locale, 'auction.credit_sent', {
          group_name: g?.name ?? '',
          amount: formatMoneyText(money(run.currency, run.netMinor), locale),
          destination: run.destinationMasked,
          payout_ref: run.payoutId,
        }),
      },
      idempotencyKey: `payout:${run.payoutId}:sent:${run.recipientMemberId}`,
    },
  ];
}
