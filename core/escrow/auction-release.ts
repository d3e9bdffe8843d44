// The release of an auction (chit fund) cycle, as one `payout.released` whose transfers are linked (all
// or nothing): members' earlier dividends that reduced this cycle's dues are spent into the pot first,
// the settled discount leaves the pot as dividends to the other members' credit accounts, and the rest
// goes to the recipient (less the platform fee, as for any payout: `payoutFee`, a whole-unit net).
import type { AccountSpec } from '../ledger/types.ts';
import { availableCredit } from '../ledger/ledger.ts';
import * as acct from './accounts.ts';
import { releasableCycle, type ReleaseInput } from './commands.ts';
import { refuse, type Decision, type TransferDraft } from './decision.ts';
import { payoutReleased, releaseTransfer } from './payout-released.ts';
import type { GroupState } from './state.ts';

/** What one member gets (a dividend) or spends (a credit), in minor units of the cycle's currency. */
export type MemberShare = { member_id: string; amount_minor: bigint };

export type AuctionReleaseInput = ReleaseInput & {
  /** The settled discount, = Σ dividends (0 for no bids or the last turn). */
  discount_minor: bigint;
  /** Each non-winning member's share of the discount: credited to `<grp>:credit:<member>`. */
  dividends: readonly MemberShare[];
  /** Credits (earlier dividends) that reduced this cycle's dues: moved from the credit account into the member's escrow first. */
  credits: readonly MemberShare[];
};

/** A ledger block holds at most this many transfers (the event schema's bound). */
export const release_transfers_max = 256;

const byMember = (a: MemberShare, b: MemberShare) => (a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : 0);
const shareJson = (s: MemberShare) => ({ member_id: s.member_id, amount_minor: s.amount_minor.toString() });

function checkShares(what: string, shares: readonly MemberShare[]): string | null {
  const seen = new Set<string>();
  for (const s of shares) {
    if (s.amount_minor < 0n) return `${what} of ${s.member_id} is negative`;
    if (seen.has(s.member_id)) return `${what} of ${s.member_id} is listed twice`;
    seen.add(s.member_id);
  }
  return null;
}

export function releaseAuctionPayout(state: GroupState, x: AuctionReleaseInput): Decision {
  const start = releasableCycle(state, x);
  if (!start.ok) return start;
  const { cycle } = start;
  const bad = checkShares('dividend', x.dividends) ?? checkShares('credit', x.credits);
  if (bad) return refuse('shares_invalid', bad);
  if (x.dividends.some((d) => d.member_id === x.recipient_member_id)) return refuse('shares_invalid', 'the recipient gets no dividend');
  const dividends_total = x.dividends.reduce((s, d) => s + d.amount_minor, 0n);
  if (x.discount_minor < 0n || dividends_total !== x.discount_minor) {
    return refuse('dividends_mismatch', `dividends sum to ${dividends_total}, the discount is ${x.discount_minor}`);
  }
  const currency = cycle.currency;
  const transfers: TransferDraft[] = [];
  const accounts: AccountSpec[] = [];

  // What each member sub-ledger of the pot holds once the credits are in (sorted by account id, as a plain release).
  const pot = new Map<string, { member_id: string; left: bigint }>();
  for (const a of state.ledger.accounts.values()) {
    if (a.code === 'escrow_member' && a.cycle_id === x.cycle_id && a.member_id) pot.set(a.id, { member_id: a.member_id, left: availableCredit(a) });
  }
  // 1. Credits spent into the pot: the member paid that much less by mobile money.
  for (const c of [...x.credits].sort(byMember)) {
    if (c.amount_minor === 0n) continue;
    const from = acct.memberCreditAccount(state.group_id, c.member_id, currency);
    const held = state.ledger.accounts.get(from.id);
    if (!held || availableCredit(held) < c.amount_minor) {
      return refuse('credit_insufficient', `credit of ${c.member_id} holds ${held ? availableCredit(held) : 0n}, ${c.amount_minor} asked`);
    }
    const to = acct.escrowAccount(x.cycle_id, c.member_id, currency);
    accounts.push(to);
    transfers.push({
      id: `${x.payout_id}:credit:${c.member_id}`,
      debit_account_id: from.id,
      credit_account_id: to.id,
      amount_minor: c.amount_minor,
      currency,
      code: 'credit_applied',
    });
    const p = pot.get(to.id) ?? { member_id: c.member_id, left: 0n };
    pot.set(to.id, { ...p, left: p.left + c.amount_minor });
  }
  const sources = [...pot.entries()].filter(([, p]) => p.left > 0n).sort(([a], [b]) => (a < b ? -1 : 1));
  const total = sources.reduce((s, [, p]) => s + p.left, 0n);
  if (total === 0n) return refuse('nothing_to_release', 'no available escrow in the cycle');
  if (x.discount_minor >= total) return refuse('discount_exceeds_pot', `discount ${x.discount_minor} leaves nothing of ${total} in escrow`);

  // 2. Dividends out of the pot, taken from the sub-ledgers in order (deterministic, fewest transfers).
  let i = 0;
  for (const d of [...x.dividends].sort(byMember)) {
    if (d.amount_minor === 0n) continue;
    const to = acct.memberCreditAccount(state.group_id, d.member_id, currency);
    accounts.push(to);
    let owed = d.amount_minor;
    while (owed > 0n) {
      const [id, p] = sources[i];
      const take = p.left < owed ? p.left : owed;
      transfers.push({
        id: `${x.payout_id}:div:${d.member_id}:${p.member_id}`,
        debit_account_id: id,
        credit_account_id: to.id,
        amount_minor: take,
        currency,
        code: 'dividend',
      });
      p.left -= take;
      owed -= take;
      if (p.left === 0n) i++;
    }
  }
  // 3. The rest to the recipient through payout clearing, then the fee on what the recipient gets.
  const clearing = acct.payoutClearingAccount(state.group_id, currency);
  for (const [id, p] of sources) {
    if (p.left > 0n) transfers.push(releaseTransfer(x.payout_id, p.member_id, id, clearing.id, p.left, currency));
  }
  return payoutReleased(state.group_id, x, {
    currency,
    gross_minor: total - x.discount_minor,
    transfers,
    accounts_after: accounts,
    data: {
      discount_minor: x.discount_minor.toString(),
      dividends: [...x.dividends]
        .sort(byMember)
        .filter((d) => d.amount_minor > 0n)
        .map(shareJson),
      credits_applied: [...x.credits]
        .sort(byMember)
        .filter((c) => c.amount_minor > 0n)
        .map(shareJson),
    },
    transfers_max: release_transfers_max,
  });
}
