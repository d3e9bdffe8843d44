// The auction release command (core/escrow/auction-release.ts) on the in-memory store: the recipient gets
// pot − discount less the fee, dividends land in the other members' credit accounts and are spent into a
// later pot; balanced, idempotent by key, linked (all or nothing), refused while frozen; and a fast-check
// property over random groups, discounts, fees and missed payments: invariants hold after every cycle,
// the chain replays clean, and every minor unit captured ends as net paid, fees or member credit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../../core/clock.ts';
import * as acct from '../../../core/escrow/accounts.ts';
import { releaseAuctionPayout, type AuctionReleaseInput, type MemberShare } from '../../../core/escrow/auction-release.ts';
import { payoutFee } from '../../../core/escrow/fee.ts';
import * as escrow from '../../../core/escrow/commands.ts';
import { checkInvariants } from '../../../core/escrow/invariants.ts';
import { createMemoryLedger } from '../../../core/escrow/memory-store.ts';
import { replayChain } from '../../../core/escrow/verify.ts';
import type { LedgerBlock } from '../../../core/events/envelope.ts';
import { createIdFactory } from '../../../core/ids.ts';
import { availableCredit, createAccount, createTransfers } from '../../../core/ledger/ledger.ts';
import type { Transfer } from '../../../core/ledger/types.ts';
import { allocate, money } from '../../../core/money.ts';
import { createPrng } from '../../../core/sim/prng.ts';

const sys = { type: 'system' as const, id: 'test' };
const G = 'grp_auction_test';
const due_at = new Date('2026-03-01T15:00:00.000Z');

function setup(seed = 1) {
  const clock = createTestClock('2026-03-02T08:00:00.000Z');
  const ids = createIdFactory({ clock, random: createPrng(seed) });
  const ledger = createMemoryLedger({ clock, ids });
  let ref = 0;
  const pay = (cycle_id: string, member_id: string, amount_minor: bigint, currency = 'KES') =>
    ledger.run(G, null, (s) =>
      escrow.captureContribution(s, {
        contribution_id: ids.newId('ctr'),
        cycle_id,
        member_id,
        provider: 'mpesa',
        provider_ref: `R${++ref}`,
        amount_minor,
        currency,
        captured_at: clock.now(),
        risk: 'passed',
        actor: sys,
      }),
    );
  const plain = (x: AuctionReleaseInput) => JSON.parse(JSON.stringify({ ...x, actor: undefined }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  const release = (x: Omit<AuctionReleaseInput, 'now' | 'actor' | 'due_at'>) => {
    const input: AuctionReleaseInput = { ...x, due_at, now: clock.now(), actor: sys };
    return ledger.run(G, { key: `release:${x.payout_id}`, request: plain(input) }, (s) => releaseAuctionPayout(s, input));
  };
  const balance = (id: string) => {
    const a = ledger.state(G).ledger.accounts.get(id);
    return a ? a.credits_posted - a.debits_posted : 0n;
  };
  const escrowOf = (cycle_id: string) =>
    [...ledger.state(G).ledger.accounts.values()]
      .filter((a) => a.cycle_id === cycle_id && a.code === 'escrow_member')
      .reduce((s, a) => s + availableCredit(a), 0n);
  const clean = () => {
    expect(checkInvariants(ledger.state(G))).toEqual([]);
    const links = ledger
      .chain(G)
      .map((c) => ({ group_id: G, seq: c.seq, event_id: c.event.event_id, prev_hash: c.prev_hash, hash: c.hash, event: JSON.parse(JSON.stringify(c.event)) }));
    expect(replayChain(G, links, { invariants_each_step: true }).faults).toEqual([]);
  };
  return { ledger, ids, clock, pay, release, balance, escrowOf, clean };
}

const credit = (m: string) => acct.memberCreditAccount(G, m, 'KES').id;
const share = (member_id: string, amount_minor: bigint): MemberShare => ({ member_id, amount_minor });

describe('releaseAuctionPayout', () => {
  const [a, b, c, d] = ['usr_a', 'usr_b', 'usr_c', 'usr_d'];

  it('pays the winner pot − discount less the fee, credits each dividend, and spends the credits into the next pot', () => {
    const x = setup();
    for (const m of [a, b, c, d]) x.pay('cyc_1', m, 100_000n);
    // 1000.00 discount over three members: 333.34 + 333.33 + 333.33.
    const r1 = x.release({
      payout_id: 'pout_1',
      cycle_id: 'cyc_1',
      recipient_member_id: a,
      quorum_required: 4,
      fee_bps: 100,
      discount_minor: 100_000n,
      dividends: [share(b, 33_334n), share(c, 33_333n), share(d, 33_333n)],
      credits: [],
    });
    expect(r1.status).toBe('created');
    if (r1.status !== 'created') throw new Error(r1.status);
    const ev = r1.events[0];
    expect(ev.event_type).toBe('payout.released');
    expect(ev.data).toMatchObject({ gross_minor: '300000', fee_minor: '3000', net_minor: '297000', discount_minor: '100000' });
    expect((ev.data as { dividends: unknown[] }).dividends).toEqual([
      { member_id: b, amount_minor: '33334' },
      { member_id: c, amount_minor: '33333' },
      { member_id: d, amount_minor: '33333' },
    ]);
    expect(x.escrowOf('cyc_1')).toBe(0n);
    expect(x.balance(acct.payoutClearingAccount(G, 'KES').id)).toBe(297_000n);
    expect(x.balance(acct.feesAccount(G, 'KES').id)).toBe(3_000n);
    expect([b, c, d].map((m) => x.balance(credit(m)))).toEqual([33_334n, 33_333n, 33_333n]);
    // Linked: every transfer but the last carries the flag, so the block applies whole or not at all.
    const block = (ev.data as { ledger: LedgerBlock }).ledger;
    expect(block.transfers.every((t, i) => i < block.transfers.length - 1 === ((t.flags & 1) === 1))).toBe(true);
    // Balanced: total debits = total credits over the group's accounts.
    const all = [...x.ledger.state(G).ledger.accounts.values()];
    expect(all.reduce((t, a) => t + a.debits_posted, 0n)).toBe(all.reduce((t, a) => t + a.credits_posted, 0n));
    x.clean();

    // Cycle 2: b, c, d paid their contribution less their dividend; the credits fill the pot back to 4000.00.
    x.pay('cyc_2', a, 100_000n);
    x.pay('cyc_2', b, 66_666n);
    x.pay('cyc_2', c, 66_667n);
    x.pay('cyc_2', d, 66_667n);
    const r2 = x.release({
      payout_id: 'pout_2',
      cycle_id: 'cyc_2',
      recipient_member_id: b,
      quorum_required: 4,
      fee_bps: 0,
      discount_minor: 0n,
      dividends: [],
      credits: [share(b, 33_334n), share(c, 33_333n), share(d, 33_333n)],
    });
    expect(r2.status === 'created' && r2.events[0].data).toMatchObject({ gross_minor: '400000', net_minor: '400000', discount_minor: '0' });
    expect([b, c, d].map((m) => x.balance(credit(m)))).toEqual([0n, 0n, 0n]);
    expect(x.escrowOf('cyc_2')).toBe(0n);
    x.clean();
  });

  it('is idempotent by key: the same request answers exists, a different body under the key is refused', () => {
    const x = setup();
    for (const m of [a, b, c]) x.pay('cyc_1', m, 50_000n);
    const req = {
      payout_id: 'pout_1',
      cycle_id: 'cyc_1',
      recipient_member_id: a,
      quorum_required: 3,
      fee_bps: 0,
      discount_minor: 10_000n,
      dividends: [share(b, 5_000n), share(c, 5_000n)],
      credits: [],
    };
    const first = x.release(req);
    expect(first.status).toBe('created');
    const again = x.release(req);
    expect(again).toEqual({ status: 'exists', event_ids: first.status === 'created' ? first.events.map((e) => e.event_id) : [] });
    expect(x.release({ ...req, discount_minor: 12_000n, dividends: [share(b, 6_000n), share(c, 6_000n)] })).toMatchObject({
      status: 'refused',
      code: 'idempotency_key_reused',
    });
    expect(x.ledger.chain(G).filter((e) => e.event.event_type === 'payout.released')).toHaveLength(1);
    expect(x.balance(credit(b))).toBe(5_000n);
    x.clean();
  });

  it('refuses while a freeze is active (even a zero-amount one), and releases once it is lifted', () => {
    const x = setup();
    for (const m of [a, b, c]) x.pay('cyc_1', m, 50_000n);
    expect(x.ledger.run(G, null, (s) => escrow.freezeFunds(s, { freeze_id: 'frz_1', cycle_id: 'cyc_1', member_id: c, reason: 'kyc', actor: sys })).status).toBe(
      'created',
    );
    const req = {
      payout_id: 'pout_1',
      cycle_id: 'cyc_1',
      recipient_member_id: a,
      quorum_required: 2,
      fee_bps: 0,
      discount_minor: 10_000n,
      dividends: [share(b, 5_000n), share(c, 5_000n)],
      credits: [],
    };
    expect(x.release(req)).toMatchObject({ status: 'refused', code: 'frozen' });
    expect(x.balance(credit(b))).toBe(0n);
    x.ledger.run(G, null, (s) => escrow.liftFreeze(s, { freeze_id: 'frz_1', actor: sys }));
    expect(x.release({ ...req, payout_id: 'pout_2' }).status).toBe('created');
    x.clean();
  });

  it('refuses bad shares and credits it does not hold; nothing is written', () => {
    const x = setup();
    for (const m of [a, b, c]) x.pay('cyc_1', m, 50_000n);
    const base = { payout_id: 'pout_1', cycle_id: 'cyc_1', recipient_member_id: a, quorum_required: 3, fee_bps: 0, credits: [] as MemberShare[] };
    const seq = () => x.ledger.chain(G).length;
    const before = seq();
    expect(x.release({ ...base, discount_minor: 10_000n, dividends: [share(b, 4_000n), share(c, 5_000n)] })).toMatchObject({
      status: 'refused',
      code: 'dividends_mismatch',
    });
    expect(x.release({ ...base, payout_id: 'pout_2', discount_minor: 10_000n, dividends: [share(a, 5_000n), share(c, 5_000n)] })).toMatchObject({
      code: 'shares_invalid',
    });
    expect(x.release({ ...base, payout_id: 'pout_3', discount_minor: 150_000n, dividends: [share(b, 75_000n), share(c, 75_000n)] })).toMatchObject({
      code: 'discount_exceeds_pot',
    });
    expect(x.release({ ...base, payout_id: 'pout_4', discount_minor: 0n, dividends: [], credits: [share(b, 1n)] })).toMatchObject({
      code: 'credit_insufficient',
    });
    expect(seq()).toBe(before);
    x.clean();
  });

  it('ledger:verify invariants catch a dividend that does not land in a member credit', () => {
    const x = setup();
    for (const m of [a, b, c]) x.pay('cyc_1', m, 50_000n);
    x.ledger.run(G, null, (s) => {
      const decision = releaseAuctionPayout(s, {
        payout_id: 'pout_1',
        cycle_id: 'cyc_1',
        recipient_member_id: a,
        quorum_required: 3,
        fee_bps: 0,
        due_at,
        now: x.clock.now(),
        actor: sys,
        discount_minor: 10_000n,
        dividends: [share(b, 5_000n), share(c, 5_000n)],
        credits: [],
      });
      if (!decision.ok) return decision;
      // A forged block: c's dividend goes to the platform's fees instead.
      const data = decision.drafts[0].data as { ledger: LedgerBlock };
      const fees = acct.feesAccount(G, 'KES').id;
      data.ledger.transfers = data.ledger.transfers.map((t) => (t.id.startsWith('pout_1:div:usr_c') ? { ...t, credit_account_id: fees } : t));
      return decision;
    });
    const v = checkInvariants(x.ledger.state(G));
    expect(v.some((p) => p.includes('does not go from a pot to a member credit'))).toBe(true);
    expect(v.some((p) => p.startsWith('cycle cyc_1 escrow holds'))).toBe(true);
  });

  it('is linked: when one transfer of the block cannot apply, none does', () => {
    const x = setup();
    for (const m of [a, b, c]) x.pay('cyc_1', m, 50_000n);
    const s = x.ledger.state(G);
    const decision = releaseAuctionPayout(s, {
      payout_id: 'pout_1',
      cycle_id: 'cyc_1',
      recipient_member_id: a,
      quorum_required: 3,
      fee_bps: 100,
      due_at,
      now: x.clock.now(),
      actor: sys,
      discount_minor: 10_000n,
      dividends: [share(b, 5_000n), share(c, 5_000n)],
      credits: [],
    });
    if (!decision.ok) throw new Error(decision.message);
    const block = decision.drafts[0].data.ledger as LedgerBlock;
    for (const spec of block.accounts) createAccount(s.ledger, G, spec);
    const before = JSON.stringify([...s.ledger.accounts.values()], (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    // Tamper with the last release: it now asks more than the sub-ledger holds.
    const transfers: Transfer[] = block.transfers.map((t) => ({
      ...t,
      group_id: G,
      cycle_id: 'cyc_1',
      event_id: 'evt_x',
      amount_minor: BigInt(t.amount_minor),
    }));
    const last = transfers.findLastIndex((t) => t.code === 'release');
    transfers[last] = { ...transfers[last], amount_minor: transfers[last].amount_minor + 1n };
    const results = createTransfers(s.ledger, transfers);
    expect(results[last]).toBe('exceeds_credits');
    expect(results.filter((r) => r === 'created')).toEqual([]);
    expect(JSON.stringify([...s.ledger.accounts.values()], (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(before);
  });
});

describe('the payout fee and the plain release', () => {
  it('rounds the fee down to whole units when the share is whole, so the net is payable by M-Pesa', () => {
    expect(payoutFee(money('KES', 388_000n), 100).minor).toBe(3_800n); // 1 % of 3,880 = 38.80 → 38
    expect(payoutFee(money('KES', 370_000n), 100).minor).toBe(3_700n);
    expect(payoutFee(money('KES', 388_050n), 100).minor).toBe(3_850n); // a share with cents: 38 + the 0.50, net 3,842
    expect(payoutFee(money('UGX', 388_050n), 100).minor).toBe(3_880n); // no minor unit below the shilling
  });

  it('without discount or credits moves exactly what releasePayout moves', () => {
    const x = setup();
    for (const m of ['usr_a', 'usr_b', 'usr_c']) x.pay('cyc_1', m, 50_000n);
    const base = {
      payout_id: 'pout_1',
      cycle_id: 'cyc_1',
      recipient_member_id: 'usr_a',
      quorum_required: 3,
      fee_bps: 100,
      due_at,
      now: x.clock.now(),
      actor: sys,
    };
    const plain = escrow.releasePayout(x.ledger.state(G), base);
    const auction = releaseAuctionPayout(x.ledger.state(G), { ...base, discount_minor: 0n, dividends: [], credits: [] });
    if (!plain.ok || !auction.ok) throw new Error('refused');
    expect((auction.drafts[0].data as { ledger: LedgerBlock }).ledger).toEqual((plain.drafts[0].data as { ledger: LedgerBlock }).ledger);
    expect(auction.drafts[0].data).toMatchObject({ gross_minor: '150000', fee_minor: '1500', net_minor: '148500' });
  });
});

describe('auction releases over random groups (fast-check)', () => {
  it('keeps every invariant; captured = net paid + fees + credits still held', () => {
    const group = fc.record({
      members: fc.integer({ min: 2, max: 12 }),
      contribution: fc.bigInt({ min: 100n, max: 5_000_000n }),
      fee_bps: fc.integer({ min: 0, max: 1_000 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      // Per cycle: the discount in basis points of the pot (0..30 %), and whether one member skips paying.
      cycles: fc.array(fc.record({ discount_bps: fc.integer({ min: 0, max: 3_000 }), skip: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(group, (g) => {
        const x = setup(g.seed);
        const members = Array.from({ length: g.members }, (_, i) => `usr_m${String(i).padStart(2, '0')}`);
        let pending: MemberShare[] = []; // credits owed to the next cycle's pot
        let captured = 0n;
        let net = 0n;
        g.cycles.forEach((k, n) => {
          const cycle_id = `cyc_${n + 1}`;
          const recipient = members[n % members.length];
          const skipper = k.skip ? members[(n + 1) % members.length] : null;
          for (const m of members) {
            const reduced = g.contribution - (pending.find((p) => p.member_id === m)?.amount_minor ?? 0n);
            if (m === skipper || reduced <= 0n) continue;
            x.pay(cycle_id, m, reduced);
            captured += reduced;
          }
          const pot = g.contribution * BigInt(g.members);
          const discount = (pot * BigInt(k.discount_bps)) / 10_000n;
          const others = members.filter((m) => m !== recipient);
          const parts = allocate(
            money('KES', discount),
            others.map(() => 1),
          );
          const dividends = others.map((m, i) => share(m, parts[i].minor));
          const r = x.release({
            payout_id: `pout_${n + 1}`,
            cycle_id,
            recipient_member_id: recipient,
            quorum_required: 1,
            fee_bps: g.fee_bps,
            discount_minor: discount,
            dividends,
            credits: pending,
          });
          if (r.status === 'refused') {
            // Only a skipped payment can leave the pot short of the discount; then nothing moved.
            expect(r.code).toBe('discount_exceeds_pot');
            return;
          }
          expect(r.status).toBe('created');
          if (r.status === 'created') net += BigInt((r.events[0].data as { net_minor: string }).net_minor);
          expect(checkInvariants(x.ledger.state(G))).toEqual([]);
          expect(x.escrowOf(cycle_id)).toBe(0n);
          pending = dividends.filter((d) => d.amount_minor > 0n && d.amount_minor < g.contribution);
        });
        x.clean();
        const credits = members.reduce((s, m) => s + x.balance(credit(m)), 0n);
        const fees = x.balance(acct.feesAccount(G, 'KES').id);
        const unreleased = g.cycles.reduce((s, _k, n) => s + x.escrowOf(`cyc_${n + 1}`), 0n);
        expect(net + fees + credits + unreleased).toBe(captured);
        expect(x.balance(acct.payoutClearingAccount(G, 'KES').id)).toBe(net);
      }),
      { numRuns: 80 },
    );
  });
});
