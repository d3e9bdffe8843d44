// The payout fee rule (core/escrow/fee.ts), shared by every release: the net of a whole gross is whole (the
// platform forgoes the fee's fraction of a unit), a gross with cents leaves its fraction with the fee, no
// minor unit is lost. Unit cases, a fast-check property over random pots, fee rates and currencies, and the
// plain release (`releasePayout`) deciding with it: 1 % of 3,850 KES is 38, the member gets 3,812.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../../core/clock.ts';
import * as escrow from '../../../core/escrow/commands.ts';
import { isWholeUnits, payoutFee } from '../../../core/escrow/fee.ts';
import { checkInvariants } from '../../../core/escrow/invariants.ts';
import { createMemoryLedger } from '../../../core/escrow/memory-store.ts';
import { createIdFactory } from '../../../core/ids.ts';
import { exponentOf, money } from '../../../core/money.ts';
import { createPrng } from '../../../core/sim/prng.ts';

const sys = { type: 'system' as const, id: 'test' };

describe('payoutFee', () => {
  it('rounds a whole gross’s fee down to whole units: the net is payable by M-Pesa', () => {
    expect(payoutFee(money('KES', 385_000n), 100).minor).toBe(3_800n); // 1 % of 3,850 = 38.50 → 38
    expect(payoutFee(money('KES', 400_000n), 100).minor).toBe(4_000n); // exact whole fee unchanged
    expect(payoutFee(money('KES', 385_000n), 0).minor).toBe(0n);
    expect(payoutFee(money('KES', 385_000n), 10_000).minor).toBe(385_000n);
  });

  it('leaves a gross’s fraction of a unit with the fee, so the net is still whole', () => {
    expect(payoutFee(money('KES', 385_050n), 100).minor).toBe(3_850n); // 38 + 0.50; net 3,812.00
    expect(payoutFee(money('KES', 385_050n), 0).minor).toBe(50n); // no fee rate: only the 0.50
    expect(payoutFee(money('KES', 99n), 0).minor).toBe(99n); // less than a shilling: nothing payable
  });

  it('is the plain percentage in zero-decimal currencies', () => {
    expect(payoutFee(money('UGX', 385_050n), 100).minor).toBe(3_850n);
    expect(payoutFee(money('XOF', 1_001n), 150).minor).toBe(15n);
  });

  it('property: for any pot and rate, gross = net + fee, 0 ≤ fee ≤ gross, the net is whole (whole when the gross is)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('KES', 'TZS', 'UGX', 'CDF', 'XAF', 'XOF', 'USD'),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (currency, raw, bps, whole) => {
          const unit = 10n ** BigInt(exponentOf(currency));
          const gross = money(currency, whole ? raw * unit : raw);
          const fee = payoutFee(gross, bps).minor;
          const net = gross.minor - fee;
          expect(fee >= 0n && fee <= gross.minor).toBe(true);
          expect(net + fee).toBe(gross.minor);
          expect(isWholeUnits(money(currency, net))).toBe(true);
          // Never more than the percentage plus the gross's own fraction; never a unit less than the percentage.
          const percent = (gross.minor * BigInt(bps)) / 10_000n;
          expect(fee <= percent + (gross.minor % unit)).toBe(true);
          expect(fee > percent - unit).toBe(true);
          if (whole) expect(isWholeUnits(money(currency, net))).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('releasePayout with the payout fee', () => {
  function setup() {
    const clock = createTestClock('2026-03-02T08:00:00.000Z');
    const ids = createIdFactory({ clock, random: createPrng(7) });
    const ledger = createMemoryLedger({ clock, ids });
    let ref = 0;
    const pay = (member_id: string, amount_minor: bigint, late_fee_minor = 0n) =>
      ledger.run('grp_fee', null, (s) =>
        escrow.captureContribution(s, {
          contribution_id: ids.newId('ctr'),
          cycle_id: 'cyc_1',
          member_id,
          provider: 'mpesa',
          provider_ref: `R${++ref}`,
          amount_minor,
          late_fee_minor,
          currency: 'KES',
          captured_at: clock.now(),
          risk: 'passed',
          actor: sys,
        }),
      );
    const release = (fee_bps: number) =>
      ledger.run('grp_fee', null, (s) =>
        escrow.releasePayout(s, {
          payout_id: 'pout_1',
          cycle_id: 'cyc_1',
          recipient_member_id: 'usr_a',
          due_at: new Date('2026-03-01T15:00:00.000Z'),
          quorum_required: 1,
          fee_bps,
          now: clock.now(),
          actor: sys,
        }),
      );
    return { ledger, pay, release };
  }

  it('1 % of a 3,850 KES pot: fee 38, net 3,812 (not 38.50 / 3,811.50, which Daraja refuses)', () => {
    const x = setup();
    x.pay('usr_a', 192_500n);
    x.pay('usr_b', 192_500n);
    const r = x.release(100);
    expect(r.status === 'created' && r.events[0].data).toMatchObject({ gross_minor: '385000', fee_minor: '3800', net_minor: '381200' });
    expect(checkInvariants(x.ledger.state('grp_fee'))).toEqual([]);
  });

  it('a pot with cents (a late fee of 12.50): the 0.50 goes with the fee, the net is whole', () => {
    const x = setup();
    x.pay('usr_a', 192_500n, 1_250n);
    x.pay('usr_b', 192_500n);
    const r = x.release(100);
    // gross 3,862.50; 1 % = 38.62 → 38, + 0.50 → fee 38.50, net 3,824.00.
    expect(r.status === 'created' && r.events[0].data).toMatchObject({ gross_minor: '386250', fee_minor: '3850', net_minor: '382400' });
    expect(checkInvariants(x.ledger.state('grp_fee'))).toEqual([]);
  });
});
