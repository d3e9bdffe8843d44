// Risk flags sweep: gathers facts, applies the explainable rules of policies/risk.ts, records each flag
// once (risk_flags, deduplicated per rule and subject) and, when the rule says so, freezes the member's
// escrow in the cycle at stake (a zero-amount freeze still holds the payout) until an admin looks.

import type { Clock } from '../../core/clock.ts';
import { newId } from '../../core/ids.ts';
import { insertRiskFlag, markFlagUnfrozen } from '../../db/admin/actions.ts';
import { destinationChangesBeforePayout, failedPaymentCounts, receivedThenMissed } from '../../db/admin/risk.ts';
import type { Db } from '../../db/client.ts';
import { freeze, type LedgerContext } from '../../db/ledger/services.ts';
import { evaluateRisk, failed_payments_max, failed_payments_window_days, type RiskFacts } from '../../policies/risk.ts';
import type { Logger } from '../log.ts';
import { payout_destination_cooloff_hours } from './members.ts';

export type RiskDeps = { db: Db; clock: Clock; ledger: LedgerContext; log: Logger };

const blank = (memberId: string, groupId: string | null, cycleId: string | null): RiskFacts => ({
  memberId,
  groupId,
  cycleId,
  failedPaymentsInWindow: 0,
  destinationChangedHoursBeforePayout: null,
  receivedPot: false,
  missedDuesAfterReceiving: 0,
});

/** Returns the number of new flags. */
export async function sweepRisk(d: RiskDeps, now: Date): Promise<number> {
  const facts: RiskFacts[] = [];
  const since = new Date(now.getTime() - failed_payments_window_days * 86_400_000);
  for (const f of await failedPaymentCounts(d.db, since, failed_payments_max))
    facts.push({ ...blank(f.memberId, f.groupId, f.cycleId), failedPaymentsInWindow: f.n });
  for (const f of await destinationChangesBeforePayout(d.db, now, payout_destination_cooloff_hours))
    facts.push({ ...blank(f.memberId, f.groupId, f.cycleId), destinationChangedHoursBeforePayout: f.hoursBefore });
  for (const f of await receivedThenMissed(d.db, now))
    facts.push({ ...blank(f.memberId, f.groupId, null), receivedPot: true, missedDuesAfterReceiving: f.missed });
  let raised = 0;
  for (const fact of facts) {
    for (const flag of evaluateRisk(fact)) {
      const created = await d.db.transaction(async (tx) => {
        const freezeId = flag.freeze && fact.groupId && fact.cycleId ? newId('frz') : null;
        const fresh = await insertRiskFlag(tx, {
          id: newId('rsk'),
          rule: flag.rule,
          memberId: fact.memberId,
          groupId: fact.groupId,
          cycleId: fact.cycleId,
          explanation: flag.explanation,
          status: freezeId ? 'frozen' : 'open',
          freezeId,
          dedupeKey: flag.dedupe,
          createdAt: now,
        });
        if (!fresh) return false;
        if (freezeId && fact.groupId && fact.cycleId) {
          const r = await freeze(
            tx,
            {
              groupId: fact.groupId,
              cycleId: fact.cycleId,
              memberId: fact.memberId,
              freezeId,
              reason: 'risk',
              actor: { type: 'system', id: `risk:${flag.rule}` },
            },
            d.ledger,
          );
          if (r.status === 'refused') {
            // Nothing left to hold (e.g. already paid out): the flag stays for a person, without a freeze.
            d.log.warn({ code: r.code, rule: flag.rule }, 'risk freeze refused');
            await markFlagUnfrozen(tx, flag.dedupe);
          }
        }
        return true;
      });
      if (created) raised++;
    }
  }
  return raised;
}
