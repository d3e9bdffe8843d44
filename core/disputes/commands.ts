// Dispute decisions: opening one freezes the member's escrow in the cycle; resolution releases the
// freeze, turns it into a refund, or pays a chargeback out of it.
import type { Actor } from '../events/envelope.ts';
import * as acct from '../escrow/accounts.ts';
import { freezeFunds, liftFreeze } from '../escrow/commands.ts';
import { block, decided, refuse, type Decision, type Draft, type TransferDraft } from '../escrow/decision.ts';
import type { GroupState } from '../escrow/state.ts';
import { requestedDraft } from '../refunds/commands.ts';
import { transition, type DisputeAction, type DisputeOutcome } from './machine.ts';

export type OpenDispute = {
  dispute_id: string;
  cycle_id: string;
  member_id: string;
  kind: string;
  reason: string;
  opened_by: string;
  freeze_id: string;
  actor: Actor;
};

export function openDispute(state: GroupState, x: OpenDispute): Decision {
  if (state.disputes.has(x.dispute_id)) return refuse('dispute_exists', `dispute ${x.dispute_id} exists`);
  const opened: Draft = {
    event_type: 'dispute.opened',
    actor: x.actor,
    subject: { type: 'dispute', id: x.dispute_id },
    cycle_id: x.cycle_id,
    data: { dispute_id: x.dispute_id, kind: x.kind, member_id: x.member_id, opened_by: x.opened_by, reason: x.reason },
  };
  const cycle = state.cycles.get(x.cycle_id);
  if (cycle && cycle.status !== 'open') return decided(opened); // nothing left in escrow to freeze
  const freeze = freezeFunds(state, {
    freeze_id: x.freeze_id,
    cycle_id: x.cycle_id,
    member_id: x.member_id,
    reason: 'dispute',
    dispute_id: x.dispute_id,
    actor: x.actor,
  });
  if (!freeze.ok) return freeze;
  return decided(opened, ...freeze.drafts);
}

function step(state: GroupState, dispute_id: string, action: DisputeAction) {
  const d = state.disputes.get(dispute_id);
  if (!d) return refuse('dispute_unknown', `no dispute ${dispute_id}`);
  const t = transition(d.status, action);
  if ('error' in t) return refuse(t.error, `dispute ${d.id} cannot ${action} from ${d.status}`);
  return d;
}

export function addEvidence(state: GroupState, x: { dispute_id: string; added_by: string; kind: string; note: string; actor: Actor }): Decision {
  const d = step(state, x.dispute_id, 'add_evidence');
  if ('ok' in d) return d;
  return decided({
    event_type: 'dispute.evidence.added',
    actor: x.actor,
    subject: { type: 'dispute', id: d.id },
    cycle_id: d.cycle_id,
    data: { dispute_id: d.id, added_by: x.added_by, kind: x.kind, note: x.note },
  });
}

export function startInvestigation(state: GroupState, x: { dispute_id: string; investigator_id: string; actor: Actor }): Decision {
  const d = step(state, x.dispute_id, 'start_investigation');
  if ('ok' in d) return d;
  return decided({
    event_type: 'dispute.investigation.started',
    actor: x.actor,
    subject: { type: 'dispute', id: d.id },
    cycle_id: d.cycle_id,
    data: { dispute_id: d.id, investigator_id: x.investigator_id },
  });
}

export type ResolveDispute = {
  dispute_id: string;
  outcome: DisputeOutcome;
  resolved_by: string;
  note: string;
  /** outcome refund: the refund to create (already approved by the outcome). */
  refund_id?: string;
  /** outcome refund / chargeback: how much; defaults to the member's contribution in the cycle. */
  amount_minor?: bigint;
  /** outcome chargeback: whose funding account the provider pulls the money back through. */
  provider?: string;
  actor: Actor;
};

export function resolveDispute(state: GroupState, x: ResolveDispute): Decision {
  const d = step(state, x.dispute_id, 'resolve');
  if ('ok' in d) return d;
  const freezes = [...state.freezes.values()].filter((f) => f.dispute_id === d.id && f.status === 'active');
  const contribution = [...state.contributions.values()].find((c) => c.cycle_id === d.cycle_id && c.member_id === d.member_id && c.status !== 'failed');
  const cycle = state.cycles.get(d.cycle_id);
  const resolved = (ledger: ReturnType<typeof block> | null): Draft => ({
    event_type: 'dispute.resolved',
    actor: x.actor,
    subject: { type: 'dispute', id: d.id },
    cycle_id: d.cycle_id,
    data: { dispute_id: d.id, outcome: x.outcome, resolved_by: x.resolved_by, note: x.note, ledger },
  });
  const lifts = (): Draft[] =>
    freezes.flatMap((f) => {
      const r = liftFreeze(state, { freeze_id: f.id, actor: x.actor });
      return r.ok ? r.drafts : [];
    });
  if (x.outcome === 'release') return decided(resolved(null), ...lifts());
  if (!contribution || !cycle) return refuse('nothing_to_return', 'the member has no captured contribution in this cycle');
  const paid = contribution.amount_minor + contribution.late_fee_minor - contribution.refunded_minor;
  const amount = x.amount_minor ?? paid;
  if (amount <= 0n || amount > paid) return refuse('amount_invalid', `between 1 and ${paid}`);
  if (x.outcome === 'refund') {
    if (!x.refund_id) return refuse('refund_id_required', 'a refund outcome creates a refund');
    const kind = cycle.status === 'open' && contribution.status !== 'released' ? 'pre_release' : 'post_release';
    const request = {
      refund_id: x.refund_id,
      contribution_id: contribution.id,
      amount_minor: amount,
      reason: `dispute:${d.id}`,
      requested_by: x.resolved_by,
      actor: x.actor,
    };
    return decided(resolved(null), ...lifts(), requestedDraft(state, d.cycle_id, request, contribution.member_id, contribution.currency, kind, d.id), {
      event_type: 'refund.approved',
      actor: x.actor,
      subject: { type: 'refund', id: x.refund_id },
      cycle_id: d.cycle_id,
      data: { refund_id: x.refund_id, role: 'dispute', approver_id: x.resolved_by, status_after: 'approved' },
    });
  }
  // Chargeback: the provider takes the money back, out of the freeze first, the platform covers the rest.
  const currency = cycle.currency;
  const funding = acct.fundingAccount(state.group_id, x.provider ?? contribution.provider, currency);
  const transfers: TransferDraft[] = [];
  let rest = amount;
  for (const f of freezes) {
    const frozen = acct.frozenAccount(f.cycle_id, f.member_id, currency);
    const take = f.amount_minor < rest ? f.amount_minor : rest;
    if (take > 0n)
      transfers.push({
        id: `${d.id}:chargeback:${f.id}`,
        debit_account_id: frozen.id,
        credit_account_id: funding.id,
        amount_minor: take,
        currency,
        code: 'chargeback',
      });
    if (f.amount_minor - take > 0n) {
      const escrow = acct.escrowAccount(f.cycle_id, f.member_id, currency);
      transfers.push({
        id: `${f.id}:lift`,
        debit_account_id: frozen.id,
        credit_account_id: escrow.id,
        amount_minor: f.amount_minor - take,
        currency,
        code: 'unfreeze',
      });
    }
    rest -= take;
  }
  const recovery = acct.recoveryAccount(state.group_id, currency);
  if (rest > 0n)
    transfers.push({
      id: `${d.id}:chargeback:recovery`,
      debit_account_id: recovery.id,
      credit_account_id: funding.id,
      amount_minor: rest,
      currency,
      code: 'chargeback',
    });
  return decided(resolved(block([funding, recovery], transfers)));
}

export function closeDispute(state: GroupState, x: { dispute_id: string; actor: Actor }): Decision {
  const d = step(state, x.dispute_id, 'close');
  if ('ok' in d) return d;
  return decided({ event_type: 'dispute.closed', actor: x.actor, subject: { type: 'dispute', id: d.id }, cycle_id: d.cycle_id, data: { dispute_id: d.id } });
}
