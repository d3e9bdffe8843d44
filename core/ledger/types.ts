// Accounts and transfers with TigerBeetle's semantics, as plain rows (the same shape as the Postgres
// projection tables), plus the JSON-safe specs that travel inside events.
export const AccountFlags = {
  none: 0,
  /** The account's debits (pending + posted) may never exceed its posted credits: it cannot go negative. */
  debits_must_not_exceed_credits: 1,
  /** The mirror image, for accounts that hold a debit balance. */
  credits_must_not_exceed_debits: 2,
} as const;

export const TransferFlags = {
  none: 0,
  /** This transfer succeeds or fails together with the next one in the batch. */
  linked: 1,
  /** Reserve the amount (an escrow hold) until it is posted or voided. */
  pending: 2,
  post_pending: 4,
  void_pending: 8,
} as const;

export type Account = {
  id: string;
  group_id: string;
  cycle_id: string | null;
  member_id: string | null;
  currency: string;
  /** What the account is for: `escrow_member`, `payout_clearing`, `fees`, … */
  code: string;
  flags: number;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
};

export type Transfer = {
  id: string;
  group_id: string;
  cycle_id: string | null;
  event_id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_minor: bigint;
  currency: string;
  code: string;
  flags: number;
  pending_id: string | null;
};

/** An account as declared in an event: created on first use, identical on every later use. */
export type AccountSpec = {
  id: string;
  currency: string;
  code: string;
  flags: number;
  cycle_id: string | null;
  member_id: string | null;
};

/** A transfer as carried in an event's `data.ledger.transfers` (amounts as decimal strings for JSON). */
export type TransferSpec = {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_minor: string;
  currency: string;
  code: string;
  flags: number;
  pending_id: string | null;
};

export type AccountResult = 'created' | 'exists' | 'exists_with_different_fields' | 'currency_invalid' | 'id_invalid';

export type TransferResult =
  | 'created'
  | 'exists'
  | 'exists_with_different_fields'
  | 'id_invalid'
  | 'flags_invalid'
  | 'amount_invalid'
  | 'accounts_must_be_different'
  | 'debit_account_not_found'
  | 'credit_account_not_found'
  | 'currency_mismatch'
  | 'exceeds_credits'
  | 'exceeds_debits'
  | 'pending_id_required'
  | 'pending_transfer_not_found'
  | 'pending_transfer_not_pending'
  | 'pending_transfer_has_different_accounts'
  | 'pending_transfer_already_posted'
  | 'pending_transfer_already_voided'
  | 'exceeds_pending_transfer_amount'
  | 'linked_event_failed'
  | 'linked_event_chain_open';
