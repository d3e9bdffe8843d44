// Reconciliation (issue 5 part 8): payments still pending after a while are asked of the provider
// (`status(ref)`, never our own tables), and a final answer goes through exactly the path a callback
// takes — recordProviderEvent's one-way transition, then the event handler — so whichever of the
// callback and the query comes first is applied, and the other is a no-op.
import { markChecked, stalePendingAttempts, updateAttempt } from '../../db/payments/attempts.ts';
import { staleDisbursing } from '../../db/payments/payouts.ts';
import type { PaymentStatus, ProviderName, VerifiedEvent } from '../payments/provider.ts';
import { recordProviderEvent } from '../payments/records.ts';
import { retryStale } from '../payments/webhooks.ts';
import type { PaymentEventHandler } from './payments-events.ts';
import type { PaymentsDeps } from './payments-common.ts';
import { sendDisbursement } from './payouts.ts';

export type ReconcileOptions = { pendingAfterMs?: number; recheckAfterMs?: number; expireAfterMs?: number; limit?: number };

export const reconcile_pending_after_ms = 5 * 60_000;
export const reconcile_recheck_after_ms = 2 * 60_000;
/** A collection the provider never heard of, this old, is closed as expired (nothing was charged). */
export const reconcile_expire_after_ms = 60 * 60_000;

function eventFrom(provider: ProviderName, ref: string, kind: 'collection' | 'disbursement', st: PaymentStatus, now: Date): VerifiedEvent | null {
  if (st.state !== 'succeeded' && st.state !== 'failed') return null;
  return {
    provider,
    providerEventId: `reconcile:${ref}`,
    providerType: 'status_query',
    type: `${kind}.${st.state}` as VerifiedEvent['type'],
    ref,
    providerRef: (st.state === 'succeeded' && st.providerTransactionId) || ref,
    amount: st.state === 'succeeded' ? st.amount : null,
    failure: st.state === 'failed' ? st.failure : null,
    details: { source: 'reconciliation' },
    occurredAt: (st.state === 'succeeded' && st.completedAt) || now,
    raw: JSON.parse(JSON.stringify(st, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
  };
}

/** Applies a provider answer the way a verified callback is applied; returns outbox ids to send. */
export async function applyStatus(deps: PaymentsDeps, handler: PaymentEventHandler, ev: VerifiedEvent): Promise<string[]> {
  return retryStale(() =>
    deps.db.transaction(async (tx) => {
      const { event } = await recordProviderEvent(tx, ev);
      return event ? handler(tx, event) : [];
    }),
  );
}

export async function reconcile(
  deps: PaymentsDeps,
  handler: PaymentEventHandler,
  now: Date,
  opts: ReconcileOptions = {},
): Promise<{ checked: number; settled: number }> {
  const pendingAfter = opts.pendingAfterMs ?? reconcile_pending_after_ms;
  const recheck = opts.recheckAfterMs ?? reconcile_recheck_after_ms;
  const expire = opts.expireAfterMs ?? reconcile_expire_after_ms;
  const limit = opts.limit ?? 100;
  let checked = 0;
  let settled = 0;
  for (const a of await stalePendingAttempts(deps.db, new Date(now.getTime() - pendingAfter), new Date(now.getTime() - recheck), limit)) {
    await markChecked(deps.db, [a.ref], now);
    checked++;
    let st: PaymentStatus;
    try {
      st = await deps.providers.get(a.provider as ProviderName).status(a.ref);
    } catch (err) {
      deps.log.warn({ ref: a.ref, err: String(err) }, 'reconciliation: status query failed');
      continue;
    }
    if (st.state === 'not_found') {
      if (now.getTime() - a.createdAt.getTime() > expire) await updateAttempt(deps.db, a.ref, { status: 'failed', failureCode: 'expired', settledAt: now });
      continue;
    }
    const ev = eventFrom(a.provider as ProviderName, a.ref, 'collection', st, now);
    if (!ev) continue;
    const ids = await applyStatus(deps, handler, ev);
    deps.deliver(ids);
    settled++;
  }
  for (const run of await staleDisbursing(deps.db, new Date(now.getTime() - pendingAfter), limit)) {
    if (!run.currentRef) continue;
    checked++;
    let st: PaymentStatus;
    try {
      st = await deps.providers.get(run.provider as ProviderName).status(run.currentRef);
    } catch (err) {
      deps.log.warn({ payoutId: run.payoutId, err: String(err) }, 'reconciliation: disbursement status failed');
      continue;
    }
    if (st.state === 'not_found') {
      // The request never reached the provider (a crash between claim and send): send it again, same ref.
      await sendDisbursement(deps, run);
      continue;
    }
    const ev = eventFrom(run.provider as ProviderName, run.currentRef, 'disbursement', st, now);
    if (!ev) continue;
    deps.deliver(await applyStatus(deps, handler, ev));
    settled++;
  }
  return { checked, settled };
}
