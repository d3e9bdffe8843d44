// Auction (chit fund) payout: each cycle, members who have not yet received bid the discount they
// accept; the highest discount wins the pot minus that discount, and the discount is shared among the
// other members as a dividend. Ties and no-bid cycles are settled by lot from the group's seed.
import { allocate, type Money, money } from '../money.ts';
import { sha256Hex } from './payout-order.ts';
import { AUCTION_DISCOUNT_BPS_MAX } from './rules.ts';

export type Bid = { member_id: string; discount: Money };

export function maxDiscount(pot: Money, cap_bps: number = AUCTION_DISCOUNT_BPS_MAX): Money {
  if (!Number.isInteger(cap_bps) || cap_bps < 0 || cap_bps > AUCTION_DISCOUNT_BPS_MAX) {
    throw new Error(`rosca.auction: cap_bps must be 0..${AUCTION_DISCOUNT_BPS_MAX}`);
  }
  return money(pot.currency, (pot.minor * BigInt(cap_bps)) / 10_000n);
}

export type BidCheck =
  | { ok: true }
  | { ok: false; code: 'not_eligible' | 'currency_mismatch' | 'discount_negative' | 'discount_above_cap'; max_discount: Money };

/** Whether a member may place this bid now. */
export function checkBid(input: { pot: Money; cap_bps?: number; eligible_ids: readonly string[]; bid: Bid }): BidCheck {
  const max_discount = maxDiscount(input.pot, input.cap_bps);
  const { bid } = input;
  if (!input.eligible_ids.includes(bid.member_id)) return { ok: false, code: 'not_eligible', max_discount };
  if (bid.discount.currency !== input.pot.currency) return { ok: false, code: 'currency_mismatch', max_discount };
  if (bid.discount.minor < 0n) return { ok: false, code: 'discount_negative', max_discount };
  if (bid.discount.minor > max_discount.minor) return { ok: false, code: 'discount_above_cap', max_discount };
  return { ok: true };
}

export type AuctionResult = {
  winner_id: string;
  discount: Money;
  payout: Money; // pot − discount, to the winner
  dividends: { member_id: string; amount: Money }[]; // every member except the winner, in `member_ids` order
  by_lot: boolean; // true when a tie or an empty auction was settled by lot
};

/** Lot key for a cycle: sha256(seed ‖ ":" ‖ cycle_no ‖ ":" ‖ member_id); lowest wins. */
export function lotKey(seed: string, cycle_no: number, member_id: string): string {
  return sha256Hex(`${seed}:${cycle_no}:${member_id}`);
}

/**
 * Settles one cycle's auction. `member_ids` is every member in the group's canonical order (join order);
 * leftover minor units of the dividend go to the earliest of them. `bids` may hold several bids per
 * member; the last one counts. Every bid must have passed checkBid (asserted here).
 */
export function settleAuction(input: {
  pot: Money;
  member_ids: readonly string[];
  eligible_ids: readonly string[];
  bids: readonly Bid[];
  seed: string;
  cycle_no: number;
  cap_bps?: number;
}): AuctionResult {
  const { pot, member_ids, seed, cycle_no } = input;
  if (pot.minor <= 0n) throw new Error('rosca.auction: pot must be positive');
  if (new Set(member_ids).size !== member_ids.length || member_ids.length < 2) throw new Error('rosca.auction: need 2+ distinct members');
  const eligible = member_ids.filter((id) => input.eligible_ids.includes(id));
  if (eligible.length === 0) throw new Error('rosca.auction: nobody is eligible');

  const latest = new Map<string, Money>();
  for (const bid of input.bids) {
    const check = checkBid({ pot, cap_bps: input.cap_bps, eligible_ids: eligible, bid });
    if (!check.ok) throw new Error(`rosca.auction: invalid bid from ${bid.member_id}: ${check.code}`);
    latest.set(bid.member_id, bid.discount);
  }

  let candidates: string[];
  let discount: Money;
  if (eligible.length === 1) {
    // The last eligible member takes the full pot: nobody to compete with.
    candidates = eligible;
    discount = money(pot.currency, 0n);
  } else if (latest.size === 0) {
    candidates = eligible;
    discount = money(pot.currency, 0n);
  } else {
    const top = [...latest.values()].reduce((m, d) => (d.minor > m ? d.minor : m), -1n);
    candidates = eligible.filter((id) => latest.get(id)?.minor === top);
    discount = money(pot.currency, top);
  }
  const by_lot = candidates.length > 1;
  const winner_id = by_lot ? candidates.reduce((best, id) => (lotKey(seed, cycle_no, id) < lotKey(seed, cycle_no, best) ? id : best)) : candidates[0];

  const others = member_ids.filter((id) => id !== winner_id);
  const shares = allocate(
    discount,
    others.map(() => 1),
  );
  const dividends = others.map((member_id, i) => ({ member_id, amount: shares[i] }));
  const payout = money(pot.currency, pot.minor - discount.minor);

  // Postcondition: the pot is paid out exactly, to the last minor unit.
  const total = dividends.reduce((s, d) => s + d.amount.minor, payout.minor);
  if (total !== pot.minor) throw new Error('rosca.auction: payout and dividends do not sum to the pot');
  return { winner_id, discount, payout, dividends, by_lot };
}
