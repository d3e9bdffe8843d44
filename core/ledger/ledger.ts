// The in-memory double-entry ledger: accounts, transfers, two-phase holds and linked chains with
// TigerBeetle's rules. Balances change only by applying transfers; nothing here edits a balance directly.
import { isCurrency } from '../money.ts';
import { assert } from './assert.ts';
import { AccountFlags, TransferFlags, type Account, type AccountResult, type AccountSpec, type Transfer, type TransferResult } from './types.ts';

export type LedgerState = {
  accounts: Map<string, Account>;
  transfers: Map<string, Transfer>;
  /** pending transfer id → the post or void transfer that resolved it (a hold resolves at most once). */
  resolutions: Map<string, string>;
  /** Ids of accounts and transfers touched since the last `takeDirty` (what a store must write). */
  dirty_accounts: Set<string>;
  new_transfers: string[];
};

export const transfers_per_batch_max = 8190;
const ID = /^[A-Za-z0-9_:.\-]{1,200}$/;

export function createLedgerState(): LedgerState {
  return { accounts: new Map(), transfers: new Map(), resolutions: new Map(), dirty_accounts: new Set(), new_transfers: [] };
}

/** Loads an existing transfer row (from a store) and registers what it resolves. */
export function loadTransfer(state: LedgerState, transfer: Transfer): void {
  assert(!state.transfers.has(transfer.id), `transfer ${transfer.id} loaded twice`);
  state.transfers.set(transfer.id, transfer);
  if (transfer.pending_id !== null) state.resolutions.set(transfer.pending_id, transfer.id);
}

export function createAccount(state: LedgerState, group_id: string, spec: AccountSpec): AccountResult {
  if (!ID.test(spec.id)) return 'id_invalid';
  if (!isCurrency(spec.currency)) return 'currency_invalid';
  const existing = state.accounts.get(spec.id);
  if (existing) {
    const same =
      existing.group_id === group_id &&
      existing.currency === spec.currency &&
      existing.code === spec.code &&
      existing.flags === spec.flags &&
      existing.cycle_id === spec.cycle_id &&
      existing.member_id === spec.member_id;
    return same ? 'exists' : 'exists_with_different_fields';
  }
  assert(
    (spec.flags & AccountFlags.debits_must_not_exceed_credits) === 0 || (spec.flags & AccountFlags.credits_must_not_exceed_debits) === 0,
    `account ${spec.id} cannot bound both sides`,
  );
  state.accounts.set(spec.id, {
    id: spec.id,
    group_id,
    cycle_id: spec.cycle_id,
    member_id: spec.member_id,
    currency: spec.currency,
    code: spec.code,
    flags: spec.flags,
    debits_pending: 0n,
    debits_posted: 0n,
    credits_pending: 0n,
    credits_posted: 0n,
  });
  state.dirty_accounts.add(spec.id);
  return 'created';
}

type Undo = { accounts: Map<string, Account>; transfers: string[]; resolutions: string[]; dirty: string[] };

/**
 * Applies a batch in order. A run of transfers flagged `linked` (closed by one without the flag) is
 * all-or-nothing. Returns one result per transfer; only `created` changed anything.
 */
export function createTransfers(state: LedgerState, batch: readonly Transfer[]): TransferResult[] {
  assert(batch.length <= transfers_per_batch_max, `batch of ${batch.length} exceeds ${transfers_per_batch_max}`);
  const results: TransferResult[] = new Array(batch.length);
  let chain_start = -1;
  let undo: Undo | null = null;
  let chain_failed = false;
  for (let i = 0; i < batch.length; i++) {
    const t = batch[i];
    const linked = (t.flags & TransferFlags.linked) !== 0;
    if (linked && chain_start < 0) {
      chain_start = i;
      undo = { accounts: new Map(), transfers: [], resolutions: [], dirty: [] };
      chain_failed = false;
    }
    if (chain_failed) {
      results[i] = 'linked_event_failed';
    } else {
      const r = applyOne(state, t, undo);
      results[i] = r;
      if (r !== 'created' && undo) {
        chain_failed = true;
        rollback(state, undo);
        for (let k = chain_start; k < i; k++) results[k] = 'linked_event_failed';
      }
    }
    if (!linked && chain_start >= 0) {
      chain_start = -1;
      undo = null;
    }
  }
  if (chain_start >= 0) {
    // The batch ended inside a chain: nothing in the open chain may stand.
    if (undo && !chain_failed) rollback(state, undo);
    for (let k = chain_start; k < batch.length; k++) results[k] = 'linked_event_chain_open';
  }
  return results;
}

function rollback(state: LedgerState, undo: Undo): void {
  for (const [id, before] of undo.accounts) state.accounts.set(id, before);
  for (const id of undo.transfers) {
    state.transfers.delete(id);
    const at = state.new_transfers.lastIndexOf(id);
    if (at >= 0) state.new_transfers.splice(at, 1);
  }
  for (const id of undo.resolutions) state.resolutions.delete(id);
  for (const id of undo.dirty) state.dirty_accounts.delete(id);
}

function sameTransfer(a: Transfer, b: Transfer): boolean {
  return (
    a.debit_account_id === b.debit_account_id &&
    a.credit_account_id === b.credit_account_id &&
    a.amount_minor === b.amount_minor &&
    a.currency === b.currency &&
    a.code === b.code &&
    a.flags === b.flags &&
    a.pending_id === b.pending_id
  );
}

function validate(state: LedgerState, t: Transfer): { result: TransferResult; pending?: Transfer } {
  if (!ID.test(t.id)) return { result: 'id_invalid' };
  const existing = state.transfers.get(t.id);
  if (existing) return { result: sameTransfer(existing, t) ? 'exists' : 'exists_with_different_fields' };
  const is_pending = (t.flags & TransferFlags.pending) !== 0;
  const is_post = (t.flags & TransferFlags.post_pending) !== 0;
  const is_void = (t.flags & TransferFlags.void_pending) !== 0;
  if (Number(is_pending) + Number(is_post) + Number(is_void) > 1) return { result: 'flags_invalid' };
  if (t.flags & ~(TransferFlags.linked | TransferFlags.pending | TransferFlags.post_pending | TransferFlags.void_pending)) {
    return { result: 'flags_invalid' };
  }
  if (t.amount_minor <= 0n) return { result: 'amount_invalid' };
  if (t.debit_account_id === t.credit_account_id) return { result: 'accounts_must_be_different' };
  const dr = state.accounts.get(t.debit_account_id);
  if (!dr) return { result: 'debit_account_not_found' };
  const cr = state.accounts.get(t.credit_account_id);
  if (!cr) return { result: 'credit_account_not_found' };
  if (dr.currency !== t.currency || cr.currency !== t.currency) return { result: 'currency_mismatch' };
  if (is_post || is_void) {
    if (t.pending_id === null) return { result: 'pending_id_required' };
    const p = state.transfers.get(t.pending_id);
    if (!p) return { result: 'pending_transfer_not_found' };
    if ((p.flags & TransferFlags.pending) === 0) return { result: 'pending_transfer_not_pending' };
    if (p.debit_account_id !== t.debit_account_id || p.credit_account_id !== t.credit_account_id) {
      return { result: 'pending_transfer_has_different_accounts' };
    }
    const resolved_by = state.resolutions.get(p.id);
    if (resolved_by !== undefined) {
      const r = state.transfers.get(resolved_by);
      assert(r, `resolution ${resolved_by} of ${p.id} missing`);
      return { result: r.flags & TransferFlags.post_pending ? 'pending_transfer_already_posted' : 'pending_transfer_already_voided' };
    }
    if (t.amount_minor > p.amount_minor) return { result: 'exceeds_pending_transfer_amount' };
    if (is_void && t.amount_minor !== p.amount_minor) return { result: 'amount_invalid' };
    return { result: 'created', pending: p };
  }
  if (t.pending_id !== null) return { result: 'flags_invalid' };
  if (dr.flags & AccountFlags.debits_must_not_exceed_credits) {
    if (dr.debits_pending + dr.debits_posted + t.amount_minor > dr.credits_posted) return { result: 'exceeds_credits' };
  }
  if (cr.flags & AccountFlags.credits_must_not_exceed_debits) {
    if (cr.credits_pending + cr.credits_posted + t.amount_minor > cr.debits_posted) return { result: 'exceeds_debits' };
  }
  return { result: 'created' };
}

function applyOne(state: LedgerState, t: Transfer, undo: Undo | null): TransferResult {
  const { result, pending } = validate(state, t);
  if (result !== 'created') return result;
  const dr = state.accounts.get(t.debit_account_id) as Account;
  const cr = state.accounts.get(t.credit_account_id) as Account;
  if (undo) {
    if (!undo.accounts.has(dr.id)) undo.accounts.set(dr.id, dr);
    if (!undo.accounts.has(cr.id)) undo.accounts.set(cr.id, cr);
    for (const id of [dr.id, cr.id]) if (!state.dirty_accounts.has(id)) undo.dirty.push(id);
    undo.transfers.push(t.id);
  }
  // Copy-on-write keeps the undo snapshot intact.
  const d = { ...dr };
  const c = { ...cr };
  if (pending) {
    d.debits_pending -= pending.amount_minor;
    c.credits_pending -= pending.amount_minor;
    if (t.flags & TransferFlags.post_pending) {
      d.debits_posted += t.amount_minor;
      c.credits_posted += t.amount_minor;
    }
    state.resolutions.set(pending.id, t.id);
    if (undo) undo.resolutions.push(pending.id);
  } else if (t.flags & TransferFlags.pending) {
    d.debits_pending += t.amount_minor;
    c.credits_pending += t.amount_minor;
  } else {
    d.debits_posted += t.amount_minor;
    c.credits_posted += t.amount_minor;
  }
  assert(d.debits_pending >= 0n && c.credits_pending >= 0n, `pending balance went negative on ${t.id}`);
  assertBounds(d);
  assertBounds(c);
  state.accounts.set(d.id, d);
  state.accounts.set(c.id, c);
  state.dirty_accounts.add(d.id);
  state.dirty_accounts.add(c.id);
  state.transfers.set(t.id, t);
  state.new_transfers.push(t.id);
  return 'created';
}

/** Paired with the check in `validate`: a bounded account is never past its bound after a transfer. */
export function assertBounds(a: Account): void {
  if (a.flags & AccountFlags.debits_must_not_exceed_credits) {
    assert(a.debits_pending + a.debits_posted <= a.credits_posted, `account ${a.id} debits exceed credits`);
  }
  if (a.flags & AccountFlags.credits_must_not_exceed_debits) {
    assert(a.credits_pending + a.credits_posted <= a.debits_posted, `account ${a.id} credits exceed debits`);
  }
}

/** Posted credit balance less posted and reserved debits: what can still be moved out. */
export function availableCredit(a: Account): bigint {
  return a.credits_posted - a.debits_posted - a.debits_pending;
}

/** Posted credits − posted debits. */
export function netCredit(a: Account): bigint {
  return a.credits_posted - a.debits_posted;
}

export function isPendingOpen(state: LedgerState, transfer_id: string): boolean {
  const t = state.transfers.get(transfer_id);
  return !!t && (t.flags & TransferFlags.pending) !== 0 && !state.resolutions.has(transfer_id);
}
