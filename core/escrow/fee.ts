// The platform fee of a payout, one rule for every release (plain, auction, leftover credit): the net a
// member is disbursed is always a whole number of currency units, so every mobile money rail can pay it.
import { exponentOf, type Money, money, percentOf } from '../money.ts';

/**
 * The fee on a payout's gross, so that `gross − fee` is whole (a multiple of one currency unit) and no
 * minor unit is lost (`gross = net + fee` exactly, `0 ≤ fee ≤ gross`):
 * - the percentage (`fee_bps` of the gross, floored to the minor unit) is rounded **down** to whole units:
 *   the platform forgoes the fraction of a unit (1 % of 3,850 KES = 38.50 → 38; the member gets 3,812);
 * - a gross that itself has a fraction of a unit (a late fee or a partial payment in cents) leaves that
 *   fraction with the fee: M-Pesa (Daraja takes whole shillings) and most pawaPay providers cannot pay it,
 *   and keeping it as the member's credit would strand it — a plain group has no credit to spend it, and a
 *   credit of cents could itself never be disbursed. The fees account is on the group's books, so the
 *   fraction (always less than one unit) stays accounted for; ledger:verify sees it as fee.
 * Zero-decimal currencies (UGX, XAF, XOF) have a unit of one minor unit: the fee is the plain percentage.
 * Applies to releases decided from now on; recorded events keep the fee and net they were chained with
 * (replay checks gross − fee = net, never recomputes the fee), so past hashes keep their meaning.
 */
export function payoutFee(gross: Money, fee_bps: number): Money {
  const unit = 10n ** BigInt(exponentOf(gross.currency));
  const fraction = gross.minor % unit;
  const percent = percentOf(gross, fee_bps).minor;
  return money(gross.currency, percent - (percent % unit) + fraction);
}

/** True when an amount is a whole number of currency units (what mobile money rails can move). */
export function isWholeUnits(m: Money): boolean {
  return m.minor % 10n ** BigInt(exponentOf(m.currency)) === 0n;
}
