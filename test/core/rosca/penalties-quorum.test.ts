// Late fees within the grace period, once or per day, capped; quorum counting.
import { describe, expect, it } from 'vitest';
import { money } from '../../../core/money.ts';
import { lateFeeFor, lateFeeIncrement, quorumRequired, quorumStatus, type PenaltyRules } from '../../../core/rosca/index.ts';

const kes = (minor: bigint) => money('KES', minor);
const rules = (lateFee: PenaltyRules['lateFee'], graceDays = 2): PenaltyRules => ({ contribution: kes(500_000n), lateFee, graceDays });

describe('late fees', () => {
  it('are free within the grace period', () => {
    const r = rules({ kind: 'fixed', minor: 20_000n, per: 'once' });
    expect(lateFeeFor(r, 0)).toEqual(kes(0n));
    expect(lateFeeFor(r, 2)).toEqual(kes(0n));
    expect(lateFeeFor(r, 3)).toEqual(kes(20_000n));
    expect(lateFeeFor(r, 30)).toEqual(kes(20_000n));
    expect(lateFeeFor(rules({ kind: 'none' }), 30)).toEqual(kes(0n));
  });
  it('charge a percentage, or per day, never more than one contribution', () => {
    expect(lateFeeFor(rules({ kind: 'percent', bps: 500, per: 'once' }), 3)).toEqual(kes(25_000n));
    expect(lateFeeFor(rules({ kind: 'percent', bps: 333, per: 'once' }, 0), 1)).toEqual(kes(16_650n));
    expect(lateFeeFor(rules({ kind: 'fixed', minor: 10_000n, per: 'day' }), 5)).toEqual(kes(30_000n));
    expect(lateFeeFor(rules({ kind: 'percent', bps: 5000, per: 'day' }, 0), 9)).toEqual(kes(500_000n));
    expect(() => lateFeeFor(rules({ kind: 'none' }), -1)).toThrow();
  });
  it('increment by what is owed beyond what was charged', () => {
    const r = rules({ kind: 'fixed', minor: 10_000n, per: 'day' });
    expect(lateFeeIncrement(r, 4, kes(10_000n))).toEqual(kes(10_000n));
    expect(lateFeeIncrement(r, 4, kes(20_000n))).toEqual(kes(0n));
  });
});

describe('quorum', () => {
  it('rounds the required count up', () => {
    expect(quorumRequired(10, 100)).toBe(10);
    expect(quorumRequired(10, 75)).toBe(8);
    expect(quorumRequired(3, 50)).toBe(2);
    expect(quorumRequired(7, 51)).toBe(4);
  });
  it('counts each paying member once and ignores strangers', () => {
    const member_ids = ['a', 'b', 'c', 'd'];
    expect(quorumStatus({ member_ids, paid_member_ids: ['a', 'a', 'b', 'x'], quorum_percent: 75 })).toEqual({
      paid_count: 2,
      required_count: 3,
      members_count: 4,
      met: false,
    });
    expect(quorumStatus({ member_ids, paid_member_ids: ['a', 'b', 'c'], quorum_percent: 75 }).met).toBe(true);
    expect(quorumStatus({ member_ids, paid_member_ids: ['a', 'b', 'c'], quorum_percent: 100 }).met).toBe(false);
  });
});
