// The payout of an auction (chit fund) group's cycle, inside the payout sweep's transaction: which ledger
// release to run (the settled discount and dividends, plus the credits that reduced this cycle's dues),
// and after it, each dividend taken off that member's next pending due, with a message saying so. A
// dividend that no pending due can take (no turn left to pay) stays in their credit account, to the unit,
// and is paid out to them when the group completes (payouts-credits.ts), as a removed member's is.
import { t } from '../../core/i18n/index.ts';
import { money } from '../../core/money.ts';
import type { GroupRules } from '../../core/rosca/index.ts';
import type { OutboundMessage } from '../../db/channel.ts';
import type { Tx } from '../../db/client.ts';
import { settlementOfCycle } from '../../db/groups/auction.ts';
import type { AuctionPayoutRelease } from '../../db/ledger/services.ts';
import { contactsOf, creditNextDues, creditsOfCycle, type CycleQuorum } from '../../db/payments/dues.ts';
import type { Locale } from '../../tools/context.ts';
import { dateText, formatMoneyText } from '../../tools/groups-text.ts';
import { who, type PaymentsDeps } from './payments-common.ts';

export type AuctionPlan = Pick<AuctionPayoutRelease, 'discountMinor' | 'dividends' | 'credits'>;

export class SettlementMismatch extends Error {}

/**
 * What an auction cycle's release must carry, or null when it is a plain release (not an auction group,
 * or no discount and no credit to spend: behaviour unchanged).
 */
export async function auctionPlanOf(tx: Tx, rules: GroupRules, c: CycleQuorum): Promise<AuctionPlan | null> {
  if (rules.payoutOrder !== 'auction') return null;
  const settled = await settlementOfCycle(tx, c.cycle_id);
  const credits = (await creditsOfCycle(tx, c.cycle_id)).map((x) => ({ memberId: x.member_id, amountMinor: x.credit_minor }));
  const discount = settled?.settlement.discountMinor ?? 0n;
  if (discount > 0n && settled?.settlement.winnerMemberId !== c.recipient_member_id) {
    // The recipient changed after the auction settled: paying the discount to others would be wrong.
    throw new SettlementMismatch(`cycle ${c.cycle_id}: settled for ${settled?.settlement.winnerMemberId}, recipient is ${c.recipient_member_id}`);
  }
  if (discount === 0n && credits.length === 0) return null;
  const dividends =
    discount === 0n ? [] : (settled?.dividends ?? []).filter((d) => d.amountMinor > 0n).map((d) => ({ memberId: d.memberId, amountMinor: d.amountMinor }));
  return { discountMinor: discount, dividends, credits };
}

/**
 * After the release: each dividend comes off that member's next pending due and they are told the new
 * amount (or that it is held for them until the group completes, when it is paid out to them).
 */
export async function creditDividends(deps: PaymentsDeps, tx: Tx, c: CycleQuorum, plan: AuctionPlan, currency: string, now: Date): Promise<OutboundMessage[]> {
  if (plan.dividends.length === 0) return [];
  const contacts = new Map(
    (
      await contactsOf(
        tx,
        plan.dividends.map((d) => d.memberId),
      )
    ).map((x) => [x.member_id, who(deps.pii, x)]),
  );
  const out: OutboundMessage[] = [];
  for (const d of plan.dividends) {
    const placed = await creditNextDues(tx, { groupId: c.group_id, memberId: d.memberId, afterCycleNo: c.cycle_no, amountMinor: d.amountMinor, now });
    const w = contacts.get(d.memberId);
    const dividend = (L: Locale) => formatMoneyText(money(currency, d.amountMinor), L);
    if (!w) continue;
    const next = placed.dues[0];
    out.push({
      chatId: w.chatId,
      kind: 'text',
      body: {
        text: next
          ? t(w.locale, 'auction.dividend_credited', {
              group_name: c.group_name,
              cycle_no: c.cycle_no,
              dividend: dividend(w.locale),
              amount: formatMoneyText(money(currency, next.amount_minor), w.locale),
              due_date: dateText(w.locale, next.due_date),
            })
          : t(w.locale, 'auction.dividend_held', { group_name: c.group_name, cycle_no: c.cycle_no, dividend: dividend(w.locale) }),
      },
      idempotencyKey: `dividend:${c.cycle_id}:${d.memberId}`,
    });
  }
  return out;
}
