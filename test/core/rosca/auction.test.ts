// Auction (chit fund): highest discount wins, ties and empty rounds by lot, dividends exact to the unit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../core/money.ts';
import { checkBid, createSeed, lotKey, maxDiscount, settleAuction } from '../../../core/rosca/index.ts';

const SEED = createSeed({ fill: (b) => void b.fill(3) });
const members = ['usr_a', 'usr_b', 'usr_c', 'usr_d'];
const pot = money('KES', 4_000_000n); // 4 × 10,000.00 KES
const kes = (minor: bigint) => money('KES', minor);

describe('auction', () => {
  it('caps discounts at 30% of the pot', () => {
    expect(maxDiscount(pot)).toEqual(kes(1_200_000n));
    expect(checkBid({ pot, eligible_ids: members, bid: { member_id: 'usr_a', discount: kes(1_200_001n) } })).toMatchObject({
      ok: false,
      code: 'discount_above_cap',
    });
    expect(checkBid({ pot, eligible_ids: ['usr_b'], bid: { member_id: 'usr_a', discount: kes(1n) } })).toMatchObject({ ok: false, code: 'not_eligible' });
    expect(checkBid({ pot, eligible_ids: members, bid: { member_id: 'usr_a', discount: money('UGX', 1n) } })).toMatchObject({
      ok: false,
      code: 'currency_mismatch',
    });
    expect(checkBid({ pot, eligible_ids: members, bid: { member_id: 'usr_a', discount: kes(500_000n) } })).toEqual({ ok: true });
  });

  it('gives the pot minus the highest discount to the winner and shares the discount with the others', () => {
    const r = settleAuction({
      pot,
      member_ids: members,
      eligible_ids: members,
      seed: SEED,
      cycle_no: 1,
      bids: [
        { member_id: 'usr_b', discount: kes(300_000n) },
        { member_id: 'usr_c', discount: kes(400_001n) },
        { member_id: 'usr_b', discount: kes(100_000n) }, // a later bid replaces the earlier one
      ],
    });
    expect(r.winner_id).toBe('usr_c');
    expect(r.payout).toEqual(kes(3_599_999n));
    // 400,001 over 3 members: 133,333 each and the 2 leftover units to the earliest two
    expect(r.dividends).toEqual([
      { member_id: 'usr_a', amount: kes(133_334n) },
      { member_id: 'usr_b', amount: kes(133_334n) },
      { member_id: 'usr_d', amount: kes(133_333n) },
    ]);
    expect(r.by_lot).toBe(false);
  });

  it('breaks ties and empty auctions by lot from the seed, and the last eligible takes the full pot', () => {
    const tie = settleAuction({
      pot,
      member_ids: members,
      eligible_ids: members,
      seed: SEED,
      cycle_no: 2,
      bids: [
        { member_id: 'usr_a', discount: kes(10n) },
        { member_id: 'usr_d', discount: kes(10n) },
      ],
    });
    const expected = lotKey(SEED, 2, 'usr_a') < lotKey(SEED, 2, 'usr_d') ? 'usr_a' : 'usr_d';
    expect(tie).toMatchObject({ winner_id: expected, by_lot: true });
    const none = settleAuction({ pot, member_ids: members, eligible_ids: ['usr_b', 'usr_c'], seed: SEED, cycle_no: 3, bids: [] });
    expect(['usr_b', 'usr_c']).toContain(none.winner_id);
    expect(none.payout).toEqual(pot);
    const last = settleAuction({
      pot,
      member_ids: members,
      eligible_ids: ['usr_d'],
      seed: SEED,
      cycle_no: 4,
      bids: [{ member_id: 'usr_d', discount: kes(5n) }],
    });
    expect(last).toMatchObject({ winner_id: 'usr_d', payout: pot, by_lot: false });
  });

  it('refuses bids that never passed checkBid', () => {
    expect(() =>
      settleAuction({
        pot,
        member_ids: members,
        eligible_ids: ['usr_a', 'usr_b'],
        seed: SEED,
        cycle_no: 1,
        bids: [{ member_id: 'usr_c', discount: kes(1n) }],
      }),
    ).toThrow(/not_eligible/);
  });

  it('pays out exactly the pot: payout + dividends, to the minor unit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 10_000 }))),
        fc.nat(),
        (n, contribution, rawBids, eligibleMask) => {
          const ids = Array.from({ length: n }, (_, i) => `usr_${i}`);
          const thePot = money('UGX', contribution * BigInt(n));
          const eligible = ids.filter((_, i) => ((eligibleMask >> (i % 30)) & 1) === 0 || i === n - 1);
          const cap = maxDiscount(thePot);
          const bids = rawBids.map(([who, frac]) => ({
            member_id: eligible[who % eligible.length],
            discount: money('UGX', (cap.minor * BigInt(frac)) / 10_000n),
          }));
          const r = settleAuction({ pot: thePot, member_ids: ids, eligible_ids: eligible, bids, seed: SEED, cycle_no: 1 });
          const total = r.dividends.reduce((s, d) => s + d.amount.minor, r.payout.minor);
          expect(total).toBe(thePot.minor);
          expect(eligible).toContain(r.winner_id);
          expect(r.dividends.map((d) => d.member_id)).toEqual(ids.filter((id) => id !== r.winner_id));
          expect(r.discount.minor).toBeLessThanOrEqual(cap.minor);
          const amounts = r.dividends.map((d) => d.amount.minor);
          const spread = amounts.reduce((a, b) => (b > a ? b : a), 0n) - amounts.reduce((a, b) => (b < a ? b : a), amounts[0]);
          expect(spread <= 1n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
