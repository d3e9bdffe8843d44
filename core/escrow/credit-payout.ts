// A member's leftover auction credit paid out to them (their dividends no due can take any more: the group
// completed or was cancelled, or they were removed), as one `payout.released` whose transfers are linked:
// credit → the payout's own escrow sub-ledger → payout clearing (→ fees for a fraction of a unit). From
// there it is an ordinary payout: `completePayout` moves the net to disbursed, `failPayout` keeps it in
// clearing for a retry. The cycle id is the payout's own (`accounts.ts` `creditPayoutCycleId`), because a
// release needs a cycle still open and every real cycle of the group may be released already.
import type { Actor } from '../events/envelope.ts';
import { availableCredit } from '../ledger/ledger.ts';
import * as acct from './accounts.ts';
import { type Decision, refuse } from './decision.ts';
import { payoutReleased, releaseTransfer } from './payout-released.ts';
import type { GroupState } from './state.ts';

export type CreditPayoutInput = {
  payout_id: string;
  /** `creditPayoutCycleId(group, member, n)`: names the member; a second payout under it is refused. */
  cycle_id: string;
  member_id: string;
  currency: string;
  /** What to pay out of the member's credit (at most what it holds; the part no unreleased due spends). */
  amount_minor: bigint;
  actor: Actor;
};

/** Transfer code of the move out of a member credit into its payout (counted by `checkInvariants`). */
export const credit_payout_code = 'credit_payout';

export function payOutCredit(state: GroupState, x: CreditPayoutInput): Decision {
  const named = acct.parseCreditPayoutCycleId(x.cycle_id);
  if (!named || named.group_id !== state.group_id || named.member_id !== x.member_id) {
    return refuse('cycle_invalid', `${x.cycle_id} is not a credit payout of ${x.member_id} in ${state.group_id}`);
  }
  if (state.cycles.has(x.cycle_id)) return refuse('payout_exists', `credit payout ${x.cycle_id} was already released`);
  if (state.payouts.has(x.payout_id)) return refuse('payout_exists', `payout ${x.payout_id} exists`);
  if (x.amount_minor <= 0n) return refuse('nothing_to_release', 'a credit payout moves a positive amount');
  const credit = acct.memberCreditAccount(state.group_id, x.member_id, x.currency);
  const held = state.ledger.accounts.get(credit.id);
  if (!held || held.currency !== x.currency || availableCredit(held) < x.amount_minor) {
    return refuse('credit_insufficient', `credit of ${x.member_id} holds ${held ? availableCredit(held) : 0n}, ${x.amount_minor} asked`);
  }
  const escrow = acct.escrowAccount(x.cycle_id, x.member_id, x.currency);
  const clearing = acct.payoutClearingAccount(state.group_id, x.currency);
  const transfers = [
    {
      id: `${x.payout_id}:credit:${x.member_id}`,
      debit_account_id: credit.id,
      credit_account_id: escrow.id,
      amount_minor: x.amount_minor,
      currency: x.currency,
      code: credit_payout_code,
    },
    releaseTransfer(x.payout_id, x.member_id, escrow.id, clearing.id, x.amount_minor, x.currency),
  ];
  return payoutReleased(
    state.group_id,
    // No platform fee on the member's own money coming back (the pot it came from already paid one); the
    // shared rule still applies, so a fraction of a unit goes to fees and the net stays payable.
    { payout_id: x.payout_id, cycle_id: x.cycle_id, recipient_member_id: x.member_id, fee_bps: 0, actor: x.actor },
    {
      currency: x.currency,
      gross_minor: x.amount_minor,
      transfers,
      accounts_before: [escrow],
      data: { credit_paid_out: { member_id: x.member_id, amount_minor: x.amount_minor.toString() } },
    },
  );
}
