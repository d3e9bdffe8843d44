// The tail every release shares (`releasePayout`, `releaseAuctionPayout`, `payOutCredit`): the fee by the one
// payout fee rule (`payoutFee`) from payout clearing to the group's fees, and the `payout.released` event.
// Transfer ids and order, the block's account order and the data's fields are part of the event hash: the
// callers pass theirs exactly as they were written before this was shared.
import type { Actor } from '../events/envelope.ts';
import type { AccountSpec } from '../ledger/types.ts';
import { money } from '../money.ts';
import * as acct from './accounts.ts';
import { block, type Decision, decided, refuse, type TransferDraft } from './decision.ts';
import { payoutFee } from './fee.ts';

/** Who is paid from which payout, and the fee rate: `ReleaseInput` has these, a credit payout makes them. */
export type ReleaseHead = { payout_id: string; cycle_id: string; recipient_member_id: string; fee_bps: number; actor: Actor };

export type PayoutReleasedInput = {
  currency: string;
  /** What the recipient gets before the fee. */
  gross_minor: bigint;
  /** The release's transfers into payout clearing, in order; the fee transfer (if any) follows them. */
  transfers: readonly TransferDraft[];
  /** Block accounts before payout clearing and fees, and after them (their order is hashed). */
  accounts_before?: readonly AccountSpec[];
  accounts_after?: readonly AccountSpec[];
  /** The release kind's own data fields, placed between `currency` and `ledger`. */
  data?: Record<string, unknown>;
  /** Refuse `too_many_transfers` past this many transfers (fee included); no bound when absent. */
  transfers_max?: number;
};

/** A member sub-ledger's share moved into payout clearing: transfer `<payout>:<member>`, code `release`. */
export function releaseTransfer(
  payout_id: string,
  member_id: string,
  debit_account_id: string,
  clearing_account_id: string,
  amount_minor: bigint,
  currency: string,
): TransferDraft {
  return { id: `${payout_id}:${member_id}`, debit_account_id, credit_account_id: clearing_account_id, amount_minor, currency, code: 'release' };
}

export function payoutReleased(group_id: string, head: ReleaseHead, x: PayoutReleasedInput): Decision {
  const clearing = acct.payoutClearingAccount(group_id, x.currency);
  const fees = acct.feesAccount(group_id, x.currency);
  // Whole-unit net (fee.ts): what mobile money can pay; the same rule for every release.
  const fee = payoutFee(money(x.currency, x.gross_minor), head.fee_bps).minor;
  const transfers = [...x.transfers];
  if (fee > 0n)
    transfers.push({
      id: `${head.payout_id}:fee`,
      debit_account_id: clearing.id,
      credit_account_id: fees.id,
      amount_minor: fee,
      currency: x.currency,
      code: 'fee',
    });
  if (x.transfers_max !== undefined && transfers.length > x.transfers_max)
    return refuse('too_many_transfers', `${transfers.length} transfers exceed one block`);
  return decided({
    event_type: 'payout.released',
    actor: head.actor,
    subject: { type: 'payout', id: head.payout_id },
    cycle_id: head.cycle_id,
    data: {
      payout_id: head.payout_id,
      recipient_member_id: head.recipient_member_id,
      gross_minor: x.gross_minor.toString(),
      fee_minor: fee.toString(),
      net_minor: (x.gross_minor - fee).toString(),
      currency: x.currency,
      ...x.data,
      ledger: block([...(x.accounts_before ?? []), clearing, fees, ...(x.accounts_after ?? [])], transfers),
    },
  });
}
