// The projection of one group's events: its ledger plus escrow rows (cycles, contributions, payouts,
// refunds, disputes, freezes). Same shapes as the Postgres projection tables, so a rebuild compares 1:1.
import { createLedgerState, type LedgerState } from '../ledger/ledger.ts';

export type CycleRow = {
  cycle_id: string;
  group_id: string;
  currency: string;
  status: 'open' | 'released';
  captured_minor: bigint;
  late_fees_minor: bigint;
  released_minor: bigint;
  refunded_minor: bigint;
  charged_back_minor: bigint;
  fees_minor: bigint;
};

export type ContributionStatus = 'failed' | 'pending' | 'available' | 'released' | 'refunded';
export type ContributionRow = {
  id: string;
  group_id: string;
  cycle_id: string;
  member_id: string;
  currency: string;
  amount_minor: bigint;
  late_fee_minor: bigint;
  refunded_minor: bigint;
  status: ContributionStatus;
  provider: string;
  provider_ref: string;
  captured_at: string | null;
  transfer_id: string | null;
};

export type PayoutStatus = 'scheduled' | 'released' | 'failed' | 'completed';
export type PayoutRow = {
  id: string;
  group_id: string;
  cycle_id: string;
  recipient_member_id: string;
  currency: string | null;
  gross_minor: bigint;
  fee_minor: bigint;
  net_minor: bigint;
  status: PayoutStatus;
  provider_ref: string | null;
  failures: number;
};

export type RefundStatus = 'requested' | 'approved' | 'executed' | 'completed' | 'failed';
export type RefundRow = {
  id: string;
  group_id: string;
  cycle_id: string;
  contribution_id: string;
  member_id: string;
  currency: string;
  amount_minor: bigint;
  kind: 'pre_release' | 'post_release';
  dispute_id: string | null;
  reason: string;
  status: RefundStatus;
  requested_by: string;
  group_admin_approved_by: string | null;
  platform_admin_approved_by: string | null;
  source_account_id: string | null;
};

export type DisputeStatus = 'opened' | 'evidence' | 'investigation' | 'resolved' | 'closed';
export type DisputeRow = {
  id: string;
  group_id: string;
  cycle_id: string;
  member_id: string;
  kind: string;
  opened_by: string;
  status: DisputeStatus;
  outcome: 'release' | 'refund' | 'chargeback' | null;
  evidence_count: number;
};

export type FreezeRow = {
  id: string;
  group_id: string;
  cycle_id: string;
  member_id: string;
  reason: 'dispute' | 'kyc' | 'aml' | 'risk';
  dispute_id: string | null;
  amount_minor: bigint;
  status: 'active' | 'lifted' | 'consumed';
};

export type Projection = {
  cycles: Map<string, CycleRow>;
  contributions: Map<string, ContributionRow>;
  payouts: Map<string, PayoutRow>;
  refunds: Map<string, RefundRow>;
  disputes: Map<string, DisputeRow>;
  freezes: Map<string, FreezeRow>;
};
export type ProjectionTable = keyof Projection;
export const projectionTables: readonly ProjectionTable[] = ['cycles', 'contributions', 'payouts', 'refunds', 'disputes', 'freezes'];

export type GroupState = Projection & {
  group_id: string;
  ledger: LedgerState;
  /** Rows changed since the state was loaded: what a store must write back. */
  dirty: { [K in ProjectionTable]: Set<string> };
};

export function createGroupState(group_id: string): GroupState {
  return {
    group_id,
    ledger: createLedgerState(),
    cycles: new Map(),
    contributions: new Map(),
    payouts: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    freezes: new Map(),
    dirty: { cycles: new Set(), contributions: new Set(), payouts: new Set(), refunds: new Set(), disputes: new Set(), freezes: new Set() },
  };
}

/** Replaces a row and marks it for writing (rows are treated as immutable values). */
export function putRow<K extends ProjectionTable>(state: GroupState, table: K, key: string, row: Projection[K] extends Map<string, infer R> ? R : never): void {
  (state[table] as Map<string, unknown>).set(key, row);
  state.dirty[table].add(key);
}
