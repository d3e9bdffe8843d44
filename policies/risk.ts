// Risk rules: simple, explainable, deterministic. Each rule looks at facts the server gathers and says
// whether to raise a flag, in words an admin can check, and whether to freeze funds at once.
export const failed_payments_window_days = 7;
export const failed_payments_max = 3; // this many failed attempts in the window raises a flag
export const destination_change_before_payout_hours = 72; // a payout number changed this close to one's own payout
export const received_then_stopped_missed_max = 1; // after receiving the pot, missing this many dues raises a flag

export type RiskFacts = {
  memberId: string;
  groupId: string | null;
  cycleId: string | null;
  failedPaymentsInWindow: number;
  /** Hours between the member's last payout-number change and their next payout (null: no change or no payout). */
  destinationChangedHoursBeforePayout: number | null;
  /** The member has already received a pot in this group. */
  receivedPot: boolean;
  /** Dues past their grace deadline and unpaid since. */
  missedDuesAfterReceiving: number;
};

export type RiskRule = 'many_failed_payments' | 'destination_changed_before_payout' | 'received_then_stopped_paying';
export type RiskFlag = { rule: RiskRule; explanation: string; freeze: boolean; dedupe: string };

export function evaluateRisk(f: RiskFacts): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (f.failedPaymentsInWindow >= failed_payments_max) {
    flags.push({
      rule: 'many_failed_payments',
      explanation: `${f.failedPaymentsInWindow} failed payments in ${failed_payments_window_days} days (limit ${failed_payments_max})`,
      freeze: false,
      dedupe: `many_failed_payments:${f.memberId}:${f.groupId ?? '-'}:${f.cycleId ?? '-'}`,
    });
  }
  if (f.destinationChangedHoursBeforePayout !== null && f.destinationChangedHoursBeforePayout < destination_change_before_payout_hours) {
    flags.push({
      rule: 'destination_changed_before_payout',
      explanation: `payout number changed ${Math.max(0, Math.round(f.destinationChangedHoursBeforePayout))} h before this member's payout (under ${destination_change_before_payout_hours} h)`,
      // The payout itself is at stake: hold it until someone looks.
      freeze: true,
      dedupe: `destination_changed_before_payout:${f.memberId}:${f.cycleId ?? '-'}`,
    });
  }
  if (f.receivedPot && f.missedDuesAfterReceiving >= received_then_stopped_missed_max) {
    flags.push({
      rule: 'received_then_stopped_paying',
      explanation: `received the pot, then missed ${f.missedDuesAfterReceiving} due(s) past the grace period`,
      freeze: false,
      dedupe: `received_then_stopped_paying:${f.memberId}:${f.groupId ?? '-'}`,
    });
  }
  return flags;
}
