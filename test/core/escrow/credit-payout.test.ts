// A member's leftover auction credit paid out (core/escrow/credit-payout.ts) on the in-memory store: the
// credit goes through the payout's own escrow sub-ledger to payout clearing and out by `completePayout`,
// linked; the credit ends at zero; a fraction of a unit goes to fees (the payout fee rule); idempotent by
// key; refused past the credit or under another member's cycle id; the invariants count paid-out credits
// (dividends − applied − paid out) and catch a credit payout sent to someone else; the chain replays clean.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../../core/clock.ts';
import * as acct from '../../../core/escrow/accounts.ts';
import { releaseAuctionPayout } from '../../../core/escrow/auction-release.ts';
import * as escrow from '../../../core/escrow/commands.ts';
import { type CreditPayoutInput, credit_payout_code, payOutCredit } from '../../../core/escrow/credit-payout.ts';
import { checkInvariants } from '../../../core/escrow/invariants.ts';
import { createMemoryLedger } from '../../../core/escrow/memory-store.ts';
import { replayChain } from '../../../core/escrow/verify.ts';
import { createIdFactory } from '../../../core/ids.ts';
import { createAccount, createTransfers } from '../../../core/ledger/ledger.ts';
import { createPrng } from '../../../core/sim/prng.ts';

const sys = { type: 'system' as const, id: 'test' };
const G = 'grp_credit_test';
const [a, b, c] = ['usr_a', 'usr_b', 'usr_c'];
const credit = (m: string) => acct.memberCreditAccount(G, m, 'KES').id;

/** One auction cycle: a wins with a discount split between b and c (their dividends land in their credit). */
function setup(dividends: [bigint, bigint] = [15_000n, 15_000n]) {
  const clock = createTestClock('2026-03-02T08:00:00.000Z');
  const ids = createIdFactory({ clock, random: createPrng(3) });
  const ledger = createMemoryLedger({ clock, ids });
  let ref = 0;
  for (const m of [a, b, c]) {
    ledger.run(G, null, (s) =>
      escrow.captureContribution(s, {
        contribution_id: ids.newId('ctr'),
        cycle_id: 'cyc_1',
        member_id: m,
        provider: 'mpesa',
        provider_ref: `R${++ref}`,
        amount_minor: 100_000n,
        currency: 'KES',
        captured_at: clock.now(),
        risk: 'passed',
        actor: sys,
      }),
    );
  }
  const r = ledger.run(G, null, (s) =>
    releaseAuctionPayout(s, {
      payout_id: 'pout_1',
      cycle_id: 'cyc_1',
      recipient_member_id: a,
      due_at: new Date('2026-03-01T15:00:00.000Z'),
      quorum_required: 3,
      fee_bps: 0,
      now: clock.now(),
      actor: sys,
      discount_minor: dividends[0] + dividends[1],
      dividends: [
        { member_id: b, amount_minor: dividends[0] },
        { member_id: c, amount_minor: dividends[1] },
      ],
      credits: [],
    }),
  );
  expect(r.status).toBe('created');
  ledger.run(G, null, (s) => escrow.completePayout(s, { payout_id: 'pout_1', provider: 'mpesa', provider_ref: 'B2C1', actor: sys }));
  const balance = (id: string) => {
    const x = ledger.state(G).ledger.accounts.get(id);
    return x ? x.credits_posted - x.debits_posted : 0n;
  };
  const input = (member_id: string, amount_minor: bigint, payout_id = `pout_c_${member_id}`, n = 1): CreditPayoutInput => ({
    payout_id,
    cycle_id: acct.creditPayoutCycleId(G, member_id, n),
    member_id,
    currency: 'KES',
    amount_minor,
    actor: sys,
  });
  const pay = (x: CreditPayoutInput) =>
    ledger.run(G, { key: `credit_payout:${x.cycle_id}`, request: { ...x, amount_minor: String(x.amount_minor), actor: undefined } }, (s) => payOutCredit(s, x));
  const complete = (payout_id: string) =>
    ledger.run(G, null, (s) => escrow.completePayout(s, { payout_id, provider: 'mpesa', provider_ref: `B2C_${payout_id}`, actor: sys }));
  const clean = () => {
    expect(checkInvariants(ledger.state(G))).toEqual([]);
    const links = ledger
      .chain(G)
      .map((k) => ({ group_id: G, seq: k.seq, event_id: k.event.event_id, prev_hash: k.prev_hash, hash: k.hash, event: JSON.parse(JSON.stringify(k.event)) }));
    expect(replayChain(G, links, { invariants_each_step: true }).faults).toEqual([]);
  };
  return { ledger, balance, input, pay, complete, clean };
}

describe('payOutCredit', () => {
  it('moves the whole credit through payout clearing to disbursed; the credit ends at zero', () => {
    const x = setup();
    x.clean();
    const r = x.pay(x.input(b, 15_000n));
    expect(r.status).toBe('created');
    if (r.status !== 'created') throw new Error(r.status);
    const ev = r.events[0];
    expect(ev.event_type).toBe('payout.released');
    expect(ev.cycle_id).toBe(acct.creditPayoutCycleId(G, b, 1));
    expect(ev.data).toMatchObject({
      recipient_member_id: b,
      gross_minor: '15000',
      fee_minor: '0',
      net_minor: '15000',
      credit_paid_out: { member_id: b, amount_minor: '15000' },
    });
    const transfers = (ev.data as { ledger: { transfers: Array<{ code: string; flags: number }> } }).ledger.transfers;
    expect(transfers.map((t) => t.code)).toEqual([credit_payout_code, 'release']);
    expect(transfers[0].flags & 1).toBe(1); // linked to the release: both or neither
    expect(x.balance(credit(b))).toBe(0n);
    expect(x.balance(acct.payoutClearingAccount(G, 'KES').id)).toBe(15_000n);
    x.clean();
    expect(x.complete('pout_c_usr_b').status).toBe('created');
    expect(x.balance(acct.payoutClearingAccount(G, 'KES').id)).toBe(0n);
    expect(x.balance(acct.disbursedAccount(G, 'KES').id)).toBe(270_000n + 15_000n);
    x.clean();
  });

  it('leaves a fraction of a unit with the fee (the shared payout fee rule): the net is whole', () => {
    const x = setup([15_050n, 14_950n]);
    const r = x.pay(x.input(b, 15_050n));
    expect(r.status === 'created' && r.events[0].data).toMatchObject({ gross_minor: '15050', fee_minor: '50', net_minor: '15000' });
    expect(x.balance(credit(b))).toBe(0n);
    expect(x.balance(acct.feesAccount(G, 'KES').id)).toBe(50n);
    x.clean();
  });

  it('is idempotent by key, once per credit payout cycle id, and never past the credit', () => {
    const x = setup();
    const req = x.input(c, 15_000n);
    expect(x.pay(req).status).toBe('created');
    expect(x.pay(req).status).toBe('exists');
    expect(x.pay({ ...req, payout_id: 'pout_other' })).toMatchObject({ status: 'refused', code: 'idempotency_key_reused' });
    // A new claim (the next number) finds nothing left.
    expect(x.pay(x.input(c, 1n, 'pout_c2', 2))).toMatchObject({ status: 'refused', code: 'credit_insufficient' });
    expect(x.pay(x.input(b, 15_001n))).toMatchObject({ status: 'refused', code: 'credit_insufficient' });
    expect(x.pay({ ...x.input(b, 100n), cycle_id: acct.creditPayoutCycleId(G, c, 9) })).toMatchObject({ status: 'refused', code: 'cycle_invalid' });
    expect(x.pay({ ...x.input(b, 100n), cycle_id: 'cyc_2' })).toMatchObject({ status: 'refused', code: 'cycle_invalid' });
    expect(x.pay(x.input(b, 0n))).toMatchObject({ status: 'refused', code: 'nothing_to_release' });
    expect(x.balance(credit(b))).toBe(15_000n);
    x.clean();
  });

  it('the invariants count paid-out credits and catch a credit payout to another member', () => {
    const x = setup();
    const s = x.ledger.state(G);
    // Forged: c's credit paid into b's credit payout.
    const forged = acct.escrowAccount(acct.creditPayoutCycleId(G, b, 1), b, 'KES');
    expect(createAccount(s.ledger, G, forged)).toBe('created');
    expect(
      createTransfers(s.ledger, [
        {
          id: 'forged',
          group_id: G,
          cycle_id: forged.cycle_id,
          event_id: 'evt_x',
          debit_account_id: credit(c),
          credit_account_id: forged.id,
          amount_minor: 100n,
          currency: 'KES',
          code: credit_payout_code,
          flags: 0,
          pending_id: null,
        },
      ]),
    ).toEqual(['created']);
    const v = checkInvariants(s);
    expect(v.some((p) => p.includes('credit payout forged'))).toBe(true);
    expect(v.some((p) => p.startsWith(`member credit ${credit(c)} holds 14900`))).toBe(true);
  });

  it('property: any split of a discount (cents allowed) paid out leaves credits at zero, whole nets, clean books', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 89_999n }), fc.bigInt({ min: 1n, max: 89_999n }), (d1, d2) => {
        const x = setup([d1, d2]);
        for (const [m, d] of [
          [b, d1],
          [c, d2],
        ] as const) {
          const r = x.pay(x.input(m, d));
          if (r.status !== 'created') throw new Error(r.status);
          const data = r.events[0].data as { gross_minor: string; fee_minor: string; net_minor: string };
          expect(BigInt(data.net_minor) % 100n).toBe(0n);
          expect(BigInt(data.net_minor) + BigInt(data.fee_minor)).toBe(d);
          expect(x.balance(credit(m))).toBe(0n);
        }
        x.clean();
      }),
      { numRuns: 60 },
    );
  });
});
