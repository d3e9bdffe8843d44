// The account plan of a group: who holds what, and which accounts may never go negative.
import { AccountFlags, type AccountSpec } from '../ledger/types.ts';

const bounded = AccountFlags.debits_must_not_exceed_credits;

/** The provider's side of captures and refunds (a world account: it carries a debit balance). */
export function fundingAccount(group_id: string, provider: string, currency: string): AccountSpec {
  return { id: `${group_id}:funding:${provider}`, currency, code: 'funding', flags: AccountFlags.none, cycle_id: null, member_id: null };
}

/** A member's sub-ledger in a cycle's escrow: pending holds are credits_pending, available is posted. */
export function escrowAccount(cycle_id: string, member_id: string, currency: string): AccountSpec {
  return { id: `${cycle_id}:escrow:${member_id}`, currency, code: 'escrow_member', flags: bounded, cycle_id, member_id };
}

/** Where a freeze moves a member's escrow aside (dispute, KYC/AML flag) until lifted or consumed. */
export function frozenAccount(cycle_id: string, member_id: string, currency: string): AccountSpec {
  return { id: `${cycle_id}:frozen:${member_id}`, currency, code: 'escrow_frozen', flags: bounded, cycle_id, member_id };
}

/** Released payouts wait here until the provider confirms the disbursement; back to zero once settled. */
export function payoutClearingAccount(group_id: string, currency: string): AccountSpec {
  return { id: `${group_id}:payout_clearing`, currency, code: 'payout_clearing', flags: bounded, cycle_id: null, member_id: null };
}

/** Executed refunds wait here until the provider confirms; back to zero once settled. */
export function refundClearingAccount(group_id: string, currency: string): AccountSpec {
  return { id: `${group_id}:refund_clearing`, currency, code: 'refund_clearing', flags: bounded, cycle_id: null, member_id: null };
}

/** Platform fees earned from this group (per group: no platform-wide hot account on the write path). */
export function feesAccount(group_id: string, currency: string): AccountSpec {
  return { id: `${group_id}:fees`, currency, code: 'fees', flags: bounded, cycle_id: null, member_id: null };
}

/** Money that has left us to recipients (a world account). */
export function disbursedAccount(group_id: string, currency: string): AccountSpec {
  return { id: `${group_id}:disbursed`, currency, code: 'disbursed', flags: AccountFlags.none, cycle_id: null, member_id: null };
}

/** The platform's exposure when it refunds or is charged back after the pot left escrow. */
export function recoveryAccount(group_id: string, currency: string): AccountSpec {
  return { id: `${group_id}:recovery`, currency, code: 'recovery', flags: AccountFlags.none, cycle_id: null, member_id: null };
}

/**
 * A member's credit in the group (auction dividends): credited from a released cycle's escrow, spent
 * into the escrow of the cycle whose due it reduced. Bounded: a credit can never be spent twice.
 */
export function memberCreditAccount(group_id: string, member_id: string, currency: string): AccountSpec {
  return { id: `${group_id}:credit:${member_id}`, currency, code: 'member_credit', flags: bounded, cycle_id: null, member_id };
}

/**
 * The cycle id of a member's n-th leftover-credit payout (`credit-payout.ts`): a settlement of its own, with
 * no contributions, whose only money is the credit paid out. Deterministic, so the payout run that claims it
 * (unique per cycle id) makes the payout happen at most once.
 */
export function creditPayoutCycleId(group_id: string, member_id: string, n: number): string {
  return `${group_id}:credit:${member_id}:out:${n}`;
}

/** The member and number of a leftover-credit payout's cycle id, or null for an ordinary cycle. */
export function parseCreditPayoutCycleId(cycle_id: string): { group_id: string; member_id: string; n: number } | null {
  const m = /^(.+):credit:(.+):out:(\d+)$/.exec(cycle_id);
  return m ? { group_id: m[1], member_id: m[2], n: Number(m[3]) } : null;
}
