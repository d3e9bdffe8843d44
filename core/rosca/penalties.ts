// Late fees per the group's rules: nothing within the grace period, then a fixed amount or a percentage
// of the contribution, once or per day late, never more than one contribution in total.
import { type Money, money, percentOf } from '../money.ts';
import type { GroupRules } from './rules.ts';

export type PenaltyRules = Pick<GroupRules, 'contribution' | 'lateFee' | 'graceDays'>;

/**
 * The late fee owed for a contribution paid (or still unpaid) `days_late` days after its due date.
 * Days inside the grace period are free; `per: 'day'` counts each day after it.
 */
export function lateFeeFor(rules: PenaltyRules, days_late: number): Money {
  if (!Number.isInteger(days_late) || days_late < 0) throw new Error(`rosca.penalties: days_late must be a whole number ≥ 0, got ${days_late}`);
  const currency = rules.contribution.currency;
  const fee = rules.lateFee;
  const chargeable_days = days_late - rules.graceDays;
  if (fee.kind === 'none' || chargeable_days <= 0) return money(currency, 0n);
  const unit = fee.kind === 'fixed' ? money(currency, fee.minor) : percentOf(rules.contribution, fee.bps);
  const times = fee.per === 'day' ? BigInt(chargeable_days) : 1n;
  const cap = rules.contribution.minor;
  const total = unit.minor * times;
  const result = money(currency, total > cap ? cap : total);
  if (result.minor < 0n || result.minor > cap) throw new Error('rosca.penalties: fee out of bounds');
  return result;
}

/** The extra fee to charge now, given what was already charged (idempotent daily jobs charge the difference). */
export function lateFeeIncrement(rules: PenaltyRules, days_late: number, already_charged: Money): Money {
  const owed = lateFeeFor(rules, days_late);
  if (already_charged.currency !== owed.currency) throw new Error('rosca.penalties: currency mismatch');
  const diff = owed.minor - already_charged.minor;
  return money(owed.currency, diff > 0n ? diff : 0n);
}
