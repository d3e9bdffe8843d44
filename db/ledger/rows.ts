// Decoding projection rows from Postgres into the core's row shapes, and encoding them back as JSON
// (bigint as decimal strings) for the single jsonb_to_recordset write.
import type { Account, Transfer } from '../../core/ledger/types.ts';
import type { ContributionRow, CycleRow, DisputeRow, FreezeRow, PayoutRow, RefundRow } from '../../core/escrow/state.ts';
import { big, isoOrNull, num } from './sql.ts';

type R = Record<string, unknown>;
const s = (v: unknown) => v as string;
const sn = (v: unknown) => (v === null || v === undefined ? null : (v as string));

export const decode = {
  account: (r: R): Account => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: sn(r.cycle_id),
    member_id: sn(r.member_id),
    currency: s(r.currency),
    code: s(r.code),
    flags: num(r.flags),
    debits_pending: big(r.debits_pending),
    debits_posted: big(r.debits_posted),
    credits_pending: big(r.credits_pending),
    credits_posted: big(r.credits_posted),
  }),
  transfer: (r: R): Transfer => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: sn(r.cycle_id),
    event_id: s(r.event_id),
    debit_account_id: s(r.debit_account_id),
    credit_account_id: s(r.credit_account_id),
    amount_minor: big(r.amount_minor),
    currency: s(r.currency),
    code: s(r.code),
    flags: num(r.flags),
    pending_id: sn(r.pending_id),
  }),
  cycles: (r: R): CycleRow => ({
    cycle_id: s(r.cycle_id),
    group_id: s(r.group_id),
    currency: s(r.currency),
    status: r.status as CycleRow['status'],
    captured_minor: big(r.captured_minor),
    late_fees_minor: big(r.late_fees_minor),
    released_minor: big(r.released_minor),
    refunded_minor: big(r.refunded_minor),
    charged_back_minor: big(r.charged_back_minor),
    fees_minor: big(r.fees_minor),
  }),
  contributions: (r: R): ContributionRow => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: s(r.cycle_id),
    member_id: s(r.member_id),
    currency: s(r.currency),
    amount_minor: big(r.amount_minor),
    late_fee_minor: big(r.late_fee_minor),
    refunded_minor: big(r.refunded_minor),
    status: r.status as ContributionRow['status'],
    provider: s(r.provider),
    provider_ref: s(r.provider_ref),
    captured_at: isoOrNull(r.captured_at),
    transfer_id: sn(r.transfer_id),
  }),
  payouts: (r: R): PayoutRow => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: s(r.cycle_id),
    recipient_member_id: s(r.recipient_member_id),
    currency: sn(r.currency),
    gross_minor: big(r.gross_minor),
    fee_minor: big(r.fee_minor),
    net_minor: big(r.net_minor),
    status: r.status as PayoutRow['status'],
    provider_ref: sn(r.provider_ref),
    failures: num(r.failures),
  }),
  refunds: (r: R): RefundRow => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: s(r.cycle_id),
    contribution_id: s(r.contribution_id),
    member_id: s(r.member_id),
    currency: s(r.currency),
    amount_minor: big(r.amount_minor),
    kind: r.kind as RefundRow['kind'],
    dispute_id: sn(r.dispute_id),
    reason: s(r.reason),
    status: r.status as RefundRow['status'],
    requested_by: s(r.requested_by),
    group_admin_approved_by: sn(r.group_admin_approved_by),
    platform_admin_approved_by: sn(r.platform_admin_approved_by),
    source_account_id: sn(r.source_account_id),
  }),
  disputes: (r: R): DisputeRow => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: s(r.cycle_id),
    member_id: s(r.member_id),
    kind: s(r.kind),
    opened_by: s(r.opened_by),
    status: r.status as DisputeRow['status'],
    outcome: sn(r.outcome) as DisputeRow['outcome'],
    evidence_count: num(r.evidence_count),
  }),
  freezes: (r: R): FreezeRow => ({
    id: s(r.id),
    group_id: s(r.group_id),
    cycle_id: s(r.cycle_id),
    member_id: s(r.member_id),
    reason: r.reason as FreezeRow['reason'],
    dispute_id: sn(r.dispute_id),
    amount_minor: big(r.amount_minor),
    status: r.status as FreezeRow['status'],
  }),
};

const bigintAsString = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** JSON with bigints as strings: what jsonb_to_recordset reads back into bigint columns exactly. */
export function toJson(rows: readonly object[]): string {
  try {
    // Events carry no bigints (amounts are decimal strings): the native path, without a call per key.
    return JSON.stringify(rows);
  } catch (err) {
    // Rows with bigints make the native path throw at the first one; the same output, key by key.
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(rows, bigintAsString);
  }
}

/** A comparable rendering of a row (stable key order, bigint as string) for projection checks. */
export function rowKey(row: object): string {
  const o = row as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(o)
      .sort()
      .map((k) => [k, typeof o[k] === 'bigint' ? String(o[k]) : o[k]]),
  );
}
