import { describe, expect, it } from 'vitest';
import { createAccount, createLedgerState, createTransfers } from '../../../core/ledger/ledger.ts';
import { AccountFlags, TransferFlags, type Transfer } from '../../../core/ledger/types.ts';

const spec = (id: string, flags = 0) => ({ id, currency: 'KES', code: 'test', flags, cycle_id: null, member_id: null });
const tr = (id: string, dr: string, cr: string, amount: bigint, flags = 0, pending_id: string | null = null): Transfer => ({
  id,
  group_id: 'grp_x',
  cycle_id: null,
  event_id: 'evt_x',
  debit_account_id: dr,
  credit_account_id: cr,
  amount_minor: amount,
  currency: 'KES',
  code: 't',
  flags,
  pending_id,
});

function setup() {
  const s = createLedgerState();
  createAccount(s, 'grp_x', spec('world'));
  createAccount(s, 'grp_x', spec('pot', AccountFlags.debits_must_not_exceed_credits));
  createAccount(s, 'grp_x', spec('out'));
  return s;
}

describe('ledger (TigerBeetle semantics)', () => {
  it('treats the transfer id as the idempotency key', () => {
    const s = setup();
    expect(createTransfers(s, [tr('t1', 'world', 'pot', 100n)])).toEqual(['created']);
    expect(createTransfers(s, [tr('t1', 'world', 'pot', 100n)])).toEqual(['exists']);
    expect(createTransfers(s, [tr('t1', 'world', 'pot', 101n)])).toEqual(['exists_with_different_fields']);
    expect(s.accounts.get('pot')?.credits_posted).toBe(100n);
  });
  it('enforces debits_must_not_exceed_credits and one currency', () => {
    const s = setup();
    expect(createTransfers(s, [tr('t1', 'pot', 'out', 1n)])).toEqual(['exceeds_credits']);
    createAccount(s, 'grp_x', { ...spec('ugx'), currency: 'UGX' });
    expect(createTransfers(s, [tr('t2', 'world', 'ugx', 1n)])).toEqual(['currency_mismatch']);
    expect(createTransfers(s, [tr('t3', 'pot', 'pot', 1n)])).toEqual(['accounts_must_be_different']);
  });
  it('posts a hold partly, once, and voids in full', () => {
    const s = setup();
    createTransfers(s, [tr('h1', 'world', 'pot', 100n, TransferFlags.pending)]);
    expect(s.accounts.get('pot')?.credits_pending).toBe(100n);
    expect(createTransfers(s, [tr('p1', 'world', 'pot', 101n, TransferFlags.post_pending, 'h1')])).toEqual(['exceeds_pending_transfer_amount']);
    expect(createTransfers(s, [tr('p1', 'world', 'pot', 60n, TransferFlags.post_pending, 'h1')])).toEqual(['created']);
    expect(s.accounts.get('pot')).toMatchObject({ credits_pending: 0n, credits_posted: 60n });
    expect(createTransfers(s, [tr('v1', 'world', 'pot', 100n, TransferFlags.void_pending, 'h1')])).toEqual(['pending_transfer_already_posted']);
    createTransfers(s, [tr('h2', 'world', 'pot', 50n, TransferFlags.pending)]);
    expect(createTransfers(s, [tr('v2', 'world', 'pot', 50n, TransferFlags.void_pending, 'h2')])).toEqual(['created']);
    expect(s.accounts.get('pot')).toMatchObject({ credits_pending: 0n, credits_posted: 60n });
  });
  it('applies linked transfers all or nothing', () => {
    const s = setup();
    const r = createTransfers(s, [tr('a', 'world', 'pot', 10n, TransferFlags.linked), tr('b', 'pot', 'out', 11n)]);
    expect(r).toEqual(['linked_event_failed', 'exceeds_credits']);
    expect(s.accounts.get('pot')?.credits_posted).toBe(0n);
    expect(s.transfers.has('a')).toBe(false);
    expect(createTransfers(s, [tr('c', 'world', 'pot', 10n, TransferFlags.linked)])).toEqual(['linked_event_chain_open']);
    expect(createTransfers(s, [tr('d', 'world', 'pot', 10n, TransferFlags.linked), tr('e', 'pot', 'out', 10n)])).toEqual(['created', 'created']);
  });
});
