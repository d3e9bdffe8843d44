// Applies one event to a group's projection. Deterministic and driven by the event alone, so the
// projections can be rebuilt from `ledger_events`; every money rule is re-asserted here, so a forged or
// corrupted event stops the rebuild instead of being absorbed.
import type { LedgerBlock } from '../events/envelope.ts';
import type { LedgerEvent } from '../events/catalogue.ts';
import { assert } from '../ledger/assert.ts';
import { createAccount, createTransfers } from '../ledger/ledger.ts';
import type { Transfer } from '../ledger/types.ts';
import { putRow, type CycleRow, type GroupState } from './state.ts';

function applyLedger(state: GroupState, e: LedgerEvent, block: LedgerBlock): Transfer[] {
  for (const spec of block.accounts) {
    const r = createAccount(state.ledger, state.group_id, spec);
    assert(r === 'created' || r === 'exists', `${e.event_id}: account ${spec.id}: ${r}`);
  }
  const batch: Transfer[] = block.transfers.map((t) => ({
    id: t.id,
    group_id: state.group_id,
    cycle_id: e.cycle_id,
    event_id: e.event_id,
    debit_account_id: t.debit_account_id,
    credit_account_id: t.credit_account_id,
    amount_minor: BigInt(t.amount_minor),
    currency: t.currency,
    code: t.code,
    flags: t.flags,
    pending_id: t.pending_id,
  }));
  const results = createTransfers(state.ledger, batch);
  results.forEach((r, i) => {
    assert(r === 'created', `${e.event_id}: transfer ${batch[i].id}: ${r}`);
  });
  return batch;
}

function cycle(state: GroupState, cycle_id: string | null, currency: string): CycleRow {
  assert(cycle_id !== null, 'a money event needs a cycle_id');
  const row = state.cycles.get(cycle_id);
  if (row) {
    assert(row.currency === currency, `cycle ${cycle_id} is in ${row.currency}, not ${currency}`);
    return row;
  }
  return {
    cycle_id,
    group_id: state.group_id,
    currency,
    status: 'open',
    captured_minor: 0n,
    late_fees_minor: 0n,
    released_minor: 0n,
    refunded_minor: 0n,
    charged_back_minor: 0n,
    fees_minor: 0n,
  };
}

function sum(transfers: Transfer[], code: string): bigint {
  return transfers.filter((t) => t.code === code).reduce((s, t) => s + t.amount_minor, 0n);
}

export function applyEvent(state: GroupState, e: LedgerEvent): void {
  assert(e.group_id === state.group_id, `${e.event_id} belongs to ${e.group_id}, not ${state.group_id}`);
  const data = e.data as { ledger?: LedgerBlock | null };
  const moved = data.ledger ? applyLedger(state, e, data.ledger) : [];
  switch (e.event_type) {
    case 'cycle.created': {
      const c = cycle(state, e.cycle_id, e.data.currency);
      putRow(state, 'cycles', c.cycle_id, c);
      return;
    }
    case 'payment.captured': {
      const d = e.data;
      const c = cycle(state, e.cycle_id, d.currency);
      assert(c.status === 'open', `${e.event_id}: capture into released cycle ${c.cycle_id}`);
      const amount = BigInt(d.amount_minor);
      const late_fee = BigInt(d.late_fee_minor);
      assert(sum(moved, 'contribution') === amount && sum(moved, 'late_fee') === late_fee, `${e.event_id}: transfers do not match the capture`);
      putRow(state, 'cycles', c.cycle_id, { ...c, captured_minor: c.captured_minor + amount + late_fee, late_fees_minor: c.late_fees_minor + late_fee });
      const prior = state.contributions.get(d.contribution_id);
      assert(!prior || prior.status === 'failed', `${e.event_id}: contribution ${d.contribution_id} captured twice`);
      putRow(state, 'contributions', d.contribution_id, {
        id: d.contribution_id,
        group_id: state.group_id,
        cycle_id: c.cycle_id,
        member_id: d.member_id,
        currency: d.currency,
        amount_minor: amount,
        late_fee_minor: late_fee,
        refunded_minor: 0n,
        status: d.status,
        provider: d.provider,
        provider_ref: d.provider_ref,
        captured_at: d.captured_at,
        transfer_id: moved[0].id,
      });
      return;
    }
    case 'payment.failed': {
      const d = e.data;
      const prior = state.contributions.get(d.contribution_id);
      assert(!prior || prior.status === 'failed', `${e.event_id}: failure recorded over a captured contribution`);
      assert(e.cycle_id !== null, `${e.event_id}: payment.failed needs a cycle`);
      putRow(state, 'contributions', d.contribution_id, {
        id: d.contribution_id,
        group_id: state.group_id,
        cycle_id: e.cycle_id,
        member_id: d.member_id,
        currency: prior?.currency ?? '',
        amount_minor: 0n,
        late_fee_minor: 0n,
        refunded_minor: 0n,
        status: 'failed',
        provider: d.provider,
        provider_ref: d.provider_ref,
        captured_at: null,
        transfer_id: null,
      });
      return;
    }
    case 'escrow.deposit.recorded': {
      const c = state.contributions.get(e.data.contribution_id);
      assert(c && c.status === 'pending', `${e.event_id}: no pending contribution ${e.data.contribution_id}`);
      assert(
        moved.every((t) => t.pending_id !== null),
        `${e.event_id}: a deposit only posts holds`,
      );
      putRow(state, 'contributions', c.id, { ...c, status: 'available' });
      return;
    }
    case 'escrow.funds.frozen': {
      const d = e.data;
      assert(e.cycle_id !== null, `${e.event_id}: a freeze needs a cycle`);
      assert(!state.freezes.has(d.freeze_id), `${e.event_id}: freeze ${d.freeze_id} applied twice`);
      const amount = BigInt(d.amount_minor);
      assert(sum(moved, 'freeze') === amount, `${e.event_id}: freeze transfers do not match`);
      putRow(state, 'freezes', d.freeze_id, {
        id: d.freeze_id,
        group_id: state.group_id,
        cycle_id: e.cycle_id,
        member_id: d.member_id,
        reason: d.reason,
        dispute_id: d.dispute_id,
        amount_minor: amount,
        status: 'active',
      });
      return;
    }
    case 'escrow.funds.released': {
      const f = state.freezes.get(e.data.freeze_id);
      assert(f && f.status === 'active', `${e.event_id}: freeze ${e.data.freeze_id} is not active`);
      assert(sum(moved, 'unfreeze') === f.amount_minor, `${e.event_id}: unfreeze moves a different amount`);
      putRow(state, 'freezes', f.id, { ...f, status: 'lifted' });
      return;
    }
    case 'payout.scheduled': {
      const d = e.data;
      assert(e.cycle_id !== null, `${e.event_id}: payout needs a cycle`);
      assert(!state.payouts.has(d.payout_id), `${e.event_id}: payout ${d.payout_id} scheduled twice`);
      putRow(state, 'payouts', d.payout_id, {
        id: d.payout_id,
        group_id: state.group_id,
        cycle_id: e.cycle_id,
        recipient_member_id: d.recipient_member_id,
        currency: null,
        gross_minor: 0n,
        fee_minor: 0n,
        net_minor: 0n,
        status: 'scheduled',
        provider_ref: null,
        failures: 0,
      });
      return;
    }
    case 'payout.released': {
      const d = e.data;
      const c = cycle(state, e.cycle_id, d.currency);
      assert(c.status === 'open', `${e.event_id}: cycle ${c.cycle_id} released twice`);
      for (const f of state.freezes.values()) {
        assert(!(f.cycle_id === c.cycle_id && f.status === 'active'), `${e.event_id}: releases cycle ${c.cycle_id} while freeze ${f.id} is active`);
      }
      for (const t of moved.filter((x) => x.code === 'release')) {
        const from = state.ledger.accounts.get(t.debit_account_id);
        assert(
          from && from.code === 'escrow_member' && from.cycle_id === c.cycle_id,
          `${e.event_id}: release debits ${t.debit_account_id}, not this cycle's escrow`,
        );
      }
      const gross = BigInt(d.gross_minor);
      const fee = BigInt(d.fee_minor);
      assert(sum(moved, 'release') === gross && sum(moved, 'fee') === fee, `${e.event_id}: payout transfers do not match`);
      assert(gross - fee === BigInt(d.net_minor) && fee >= 0n && fee <= gross, `${e.event_id}: net is not gross − fee`);
      putRow(state, 'cycles', c.cycle_id, { ...c, status: 'released', released_minor: c.released_minor + gross, fees_minor: c.fees_minor + fee });
      for (const k of state.contributions.values()) {
        if (k.cycle_id === c.cycle_id && k.status === 'available') putRow(state, 'contributions', k.id, { ...k, status: 'released' });
      }
      const prior = state.payouts.get(d.payout_id);
      assert(!prior || prior.status === 'scheduled', `${e.event_id}: payout ${d.payout_id} released twice`);
      putRow(state, 'payouts', d.payout_id, {
        id: d.payout_id,
        group_id: state.group_id,
        cycle_id: c.cycle_id,
        recipient_member_id: d.recipient_member_id,
        currency: d.currency,
        gross_minor: gross,
        fee_minor: fee,
        net_minor: gross - fee,
        status: 'released',
        provider_ref: null,
        failures: 0,
      });
      return;
    }
    case 'payout.failed': {
      const p = state.payouts.get(e.data.payout_id);
      assert(p && (p.status === 'released' || p.status === 'failed'), `${e.event_id}: payout ${e.data.payout_id} not in flight`);
      putRow(state, 'payouts', p.id, { ...p, status: 'failed', failures: p.failures + 1 });
      return;
    }
    case 'payout.completed': {
      const p = state.payouts.get(e.data.payout_id);
      assert(p && (p.status === 'released' || p.status === 'failed'), `${e.event_id}: payout ${e.data.payout_id} not in flight`);
      assert(sum(moved, 'disburse') === p.net_minor, `${e.event_id}: disbursement differs from the payout's net`);
      putRow(state, 'payouts', p.id, { ...p, status: 'completed', provider_ref: e.data.provider_ref });
      return;
    }
    case 'refund.requested': {
      const d = e.data;
      assert(e.cycle_id !== null, `${e.event_id}: refund needs a cycle`);
      assert(!state.refunds.has(d.refund_id), `${e.event_id}: refund ${d.refund_id} requested twice`);
      putRow(state, 'refunds', d.refund_id, {
        id: d.refund_id,
        group_id: state.group_id,
        cycle_id: e.cycle_id,
        contribution_id: d.contribution_id,
        member_id: d.member_id,
        currency: d.currency,
        amount_minor: BigInt(d.amount_minor),
        kind: d.kind,
        dispute_id: d.dispute_id,
        reason: d.reason,
        status: 'requested',
        requested_by: d.requested_by,
        group_admin_approved_by: null,
        platform_admin_approved_by: null,
        source_account_id: null,
      });
      return;
    }
    case 'refund.approved': {
      const d = e.data;
      const r = state.refunds.get(d.refund_id);
      assert(r && r.status === 'requested', `${e.event_id}: refund ${d.refund_id} is not awaiting approval`);
      assert(d.role === 'dispute' || d.approver_id !== r.requested_by, `${e.event_id}: the requester approved their own refund`);
      const next = { ...r, status: d.status_after };
      if (d.role === 'group_admin') next.group_admin_approved_by = d.approver_id;
      if (d.role === 'platform_admin') next.platform_admin_approved_by = d.approver_id;
      if (d.status_after === 'approved' && d.role !== 'dispute') {
        assert(next.group_admin_approved_by !== null && next.platform_admin_approved_by !== null, `${e.event_id}: approved without both admins`);
      }
      putRow(state, 'refunds', r.id, next);
      return;
    }
    case 'refund.executed': {
      const r = state.refunds.get(e.data.refund_id);
      assert(r && r.status === 'approved', `${e.event_id}: refund ${e.data.refund_id} executed without approval`);
      assert(moved.length === 1 && moved[0].amount_minor === r.amount_minor, `${e.event_id}: refund moves a different amount`);
      const source = state.ledger.accounts.get(moved[0].debit_account_id);
      assert(source, `${e.event_id}: refund source missing`);
      putRow(state, 'refunds', r.id, { ...r, status: 'executed', source_account_id: source.id });
      adjustRefunded(state, r.cycle_id, r.contribution_id, source.cycle_id !== null ? r.amount_minor : 0n, r.amount_minor);
      return;
    }
    case 'refund.completed':
    case 'refund.failed': {
      const r = state.refunds.get(e.data.refund_id);
      assert(r && r.status === 'executed', `${e.event_id}: refund ${e.data.refund_id} is not executing`);
      assert(moved.length === 1 && moved[0].amount_minor === r.amount_minor, `${e.event_id}: refund settles a different amount`);
      if (e.event_type === 'refund.completed') {
        putRow(state, 'refunds', r.id, { ...r, status: 'completed' });
        return;
      }
      putRow(state, 'refunds', r.id, { ...r, status: 'failed' });
      const back_to = state.ledger.accounts.get(moved[0].credit_account_id);
      assert(back_to, `${e.event_id}: refund return account missing`);
      adjustRefunded(state, r.cycle_id, r.contribution_id, back_to.cycle_id !== null ? -r.amount_minor : 0n, -r.amount_minor);
      return;
    }
    case 'dispute.opened': {
      const d = e.data;
      assert(e.cycle_id !== null, `${e.event_id}: a dispute needs a cycle`);
      assert(!state.disputes.has(d.dispute_id), `${e.event_id}: dispute ${d.dispute_id} opened twice`);
      putRow(state, 'disputes', d.dispute_id, {
        id: d.dispute_id,
        group_id: state.group_id,
        cycle_id: e.cycle_id,
        member_id: d.member_id,
        kind: d.kind,
        opened_by: d.opened_by,
        status: 'opened',
        outcome: null,
        evidence_count: 0,
      });
      return;
    }
    case 'dispute.evidence.added':
    case 'dispute.investigation.started':
    case 'dispute.resolved':
    case 'dispute.closed': {
      const k = state.disputes.get(e.data.dispute_id);
      assert(k, `${e.event_id}: no dispute ${e.data.dispute_id}`);
      const to = {
        'dispute.evidence.added': 'evidence',
        'dispute.investigation.started': 'investigation',
        'dispute.resolved': 'resolved',
        'dispute.closed': 'closed',
      } as const;
      const from_ok = {
        'dispute.evidence.added': ['opened', 'evidence'],
        'dispute.investigation.started': ['opened', 'evidence'],
        'dispute.resolved': ['investigation'],
        'dispute.closed': ['resolved'],
      }[e.event_type];
      assert(from_ok.includes(k.status), `${e.event_id}: dispute ${k.id} cannot go from ${k.status} to ${to[e.event_type]}`);
      const next = { ...k, status: to[e.event_type] };
      if (e.event_type === 'dispute.evidence.added') next.evidence_count = k.evidence_count + 1;
      if (e.event_type === 'dispute.resolved') {
        next.outcome = e.data.outcome;
        if (e.data.outcome === 'chargeback') applyChargeback(state, e.event_id, k.id, k.cycle_id, moved);
        else assert(moved.length === 0, `${e.event_id}: only a chargeback moves money at resolution`);
      }
      putRow(state, 'disputes', k.id, next);
      return;
    }
    default:
      // Identity, group and the remaining cycle events only extend the chain.
      assert(moved.length === 0, `${e.event_id}: ${e.event_type} may not move money`);
  }
}

function adjustRefunded(state: GroupState, cycle_id: string, contribution_id: string, cycle_delta: bigint, contribution_delta: bigint): void {
  const c = state.cycles.get(cycle_id);
  if (c && cycle_delta !== 0n) putRow(state, 'cycles', cycle_id, { ...c, refunded_minor: c.refunded_minor + cycle_delta });
  const k = state.contributions.get(contribution_id);
  assert(k, `refund of unknown contribution ${contribution_id}`);
  const refunded = k.refunded_minor + contribution_delta;
  assert(refunded >= 0n && refunded <= k.amount_minor + k.late_fee_minor, `contribution ${k.id} refunded beyond what was paid`);
  const status = refunded === k.amount_minor + k.late_fee_minor ? 'refunded' : k.status === 'refunded' ? 'available' : k.status;
  putRow(state, 'contributions', k.id, { ...k, refunded_minor: refunded, status });
}

function applyChargeback(state: GroupState, event_id: string, dispute_id: string, cycle_id: string, moved: Transfer[]): void {
  const c = state.cycles.get(cycle_id);
  const from_escrow = moved.filter((t) => t.code === 'chargeback' && state.ledger.accounts.get(t.debit_account_id)?.cycle_id === cycle_id);
  const charged = from_escrow.reduce((s, t) => s + t.amount_minor, 0n);
  if (c && charged > 0n) putRow(state, 'cycles', cycle_id, { ...c, charged_back_minor: c.charged_back_minor + charged });
  // The frozen money is spent (charged back) or handed back: either way the freeze is over.
  for (const f of state.freezes.values()) {
    if (f.dispute_id === dispute_id && f.status === 'active') {
      putRow(state, 'freezes', f.id, { ...f, status: 'consumed' });
    }
  }
  assert(moved.length > 0, `${event_id}: a chargeback moves money`);
}
