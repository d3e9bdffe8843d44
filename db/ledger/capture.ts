// A provider capture as a ledger command (group, what to read, idempotency key + request, decision), shared
// by the per-transaction service (`recordContributionCaptured`) and the batched fast path (`batch.ts`), so
// both decide, key and fingerprint a capture identically.
import type { Actor } from '../../core/events/envelope.ts';
import * as acct from '../../core/escrow/accounts.ts';
import * as escrow from '../../core/escrow/commands.ts';
import type { Decision } from '../../core/escrow/decision.ts';
import type { GroupState } from '../../core/escrow/state.ts';
import type { Idempotency } from './store.ts';

export type ContributionCaptured = {
  groupId: string;
  cycleId: string;
  contributionId: string;
  memberId: string;
  provider: string;
  providerRef: string;
  amountMinor: bigint;
  lateFeeMinor?: bigint;
  currency: string;
  capturedAt: Date;
  /** `passed` (default): available at once; `pending`: held until `confirmContribution`. */
  risk?: 'passed' | 'pending';
  actor?: Actor;
};

export type CaptureCommand = {
  group_id: string;
  scope: { kind: 'capture'; cycle_id: string; contribution_id: string; account_ids: string[] };
  idempotency: Idempotency;
  decide: (state: GroupState) => Decision;
};

const viaJson = (x: object) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v)));

/**
 * The JSON value of a request (bigint as a decimal string, Date as ISO, undefined dropped): what its
 * fingerprint is taken over. A flat record of scalars (every capture) is converted directly, with the same
 * result as the JSON round trip; anything else takes the round trip.
 */
export function plain(x: object): unknown {
  const o = x as Record<string, unknown>;
  if (Array.isArray(x) || typeof o.toJSON === 'function') return viaJson(x);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (k === '__proto__') return viaJson(x);
    if (v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (typeof v === 'bigint') out[k] = v.toString();
    else if (typeof v === 'number') out[k] = Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null;
    else return viaJson(x);
  }
  return out;
}

/** Key: provider + provider ref. The request fingerprint leaves out the actor and the capture time (a retry may restamp them). */
export function captureCommand(x: ContributionCaptured): CaptureCommand {
  const input: escrow.CaptureInput = {
    contribution_id: x.contributionId,
    cycle_id: x.cycleId,
    member_id: x.memberId,
    provider: x.provider,
    provider_ref: x.providerRef,
    amount_minor: x.amountMinor,
    late_fee_minor: x.lateFeeMinor ?? 0n,
    currency: x.currency,
    captured_at: x.capturedAt,
    risk: x.risk ?? 'passed',
    actor: x.actor ?? { type: 'provider', id: x.provider },
  };
  const { actor: _actor, captured_at: _at, ...request } = input;
  return {
    group_id: x.groupId,
    scope: {
      kind: 'capture',
      cycle_id: x.cycleId,
      contribution_id: x.contributionId,
      account_ids: [acct.fundingAccount(x.groupId, x.provider, x.currency).id, acct.escrowAccount(x.cycleId, x.memberId, x.currency).id],
    },
    idempotency: { key: escrow.captureTransferId(x.provider, x.providerRef), request: plain(request) },
    decide: (s) => escrow.captureContribution(s, input),
  };
}
