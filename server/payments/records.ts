// Queries over provider_payments and provider_events: what we asked each provider for, and the
// one-way status transitions that decide whether a verified event is news (emitted) or a repeat.
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { type StoreInput, storeProviderEvent } from '../../db/payments/callback.ts';
import { providerPayments } from '../../db/schema/payments.ts';
import { newId } from './ids.ts';
import type { Money, PaymentKind, ProviderEvent, ProviderName, VerifiedEvent } from './provider.ts';

export type PaymentRecord = typeof providerPayments.$inferSelect;

export async function insertPaymentRecord(
  tx: Tx,
  row: {
    ref: string;
    provider: ProviderName;
    kind: PaymentKind;
    amount: Money;
    phone?: string | null;
    providerRef?: string | null;
    parentRef?: string | null;
    callbackTokenHash?: string | null;
    metadata?: Record<string, string>;
  },
): Promise<{ record: PaymentRecord; created: boolean }> {
  const inserted = await tx
    .insert(providerPayments)
    .values({
      ref: row.ref,
      provider: row.provider,
      kind: row.kind,
      amountMinor: row.amount.minor,
      currency: row.amount.currency.toUpperCase(),
      phone: row.phone ?? null,
      providerRef: row.providerRef ?? null,
      parentRef: row.parentRef ?? null,
      callbackTokenHash: row.callbackTokenHash ?? null,
      metadata: row.metadata ?? {},
    })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { record: inserted[0], created: true };
  const existing = await getPaymentRecord(tx, row.ref);
  if (!existing) throw new Error(`payment ${row.ref} vanished`);
  if (existing.provider !== row.provider || existing.kind !== row.kind || existing.amountMinor !== row.amount.minor) {
    throw new Error(`ref ${row.ref} reused with different parameters`);
  }
  return { record: existing, created: false };
}

export async function getPaymentRecord(tx: Tx, ref: string): Promise<PaymentRecord | undefined> {
  const rows = await tx.select().from(providerPayments).where(eq(providerPayments.ref, ref));
  return rows[0];
}

export async function findPaymentByProviderRef(tx: Tx, provider: ProviderName, providerRef: string): Promise<PaymentRecord | undefined> {
  const rows = await tx
    .select()
    .from(providerPayments)
    .where(and(eq(providerPayments.provider, provider), or(eq(providerPayments.providerRef, providerRef), eq(providerPayments.altRef, providerRef))));
  return rows[0];
}

export async function findPaymentByTokenHash(tx: Tx, hash: string): Promise<{ record: PaymentRecord; which: 'callback' | 'status' } | undefined> {
  const rows = await tx
    .select()
    .from(providerPayments)
    .where(or(eq(providerPayments.callbackTokenHash, hash), eq(providerPayments.statusTokenHash, hash)));
  const r = rows[0];
  if (!r) return undefined;
  return { record: r, which: r.callbackTokenHash === hash ? 'callback' : 'status' };
}

export async function updatePaymentRecord(
  tx: Tx,
  ref: string,
  set: Partial<Pick<PaymentRecord, 'providerRef' | 'altRef' | 'statusTokenHash' | 'tokenUsedAt' | 'metadata'>>,
): Promise<void> {
  await tx
    .update(providerPayments)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(providerPayments.ref, ref));
}

/**
 * Applies an outcome to a payment: pending → succeeded | failed, and failed → succeeded (a card can
 * be retried on the same Checkout Session). Returns false when the outcome is not news (a repeat,
 * or a failure arriving after success), so the caller does not emit it twice.
 */
export async function transitionPayment(tx: Tx, ref: string, outcome: 'succeeded' | 'failed', failureCode?: string): Promise<boolean> {
  const from = outcome === 'succeeded' ? ['pending', 'failed'] : ['pending'];
  const rows = await tx
    .update(providerPayments)
    .set({ status: outcome, failureCode: failureCode ?? null, updatedAt: new Date() })
    .where(and(eq(providerPayments.ref, ref), inArray(providerPayments.status, from)))
    .returning({ ref: providerPayments.ref });
  return rows.length > 0;
}

/**
 * Stores a verified event once per (provider, provider event id), in one statement (see
 * db/payments/callback.ts): lock the payment row, apply the one-way transition, insert the event.
 * Returns the stored event when it is new and news (to hand to onProviderEvent), or null for a
 * redelivery / stale outcome. Collection events come back with their attempt (and, for a success,
 * the due) locked and read, so the handler needs no reads of its own.
 */
export async function recordProviderEvent(tx: Tx, ev: VerifiedEvent): Promise<{ stored: boolean; event: ProviderEvent | null }> {
  const id = newId('evt');
  const input = storeInputOf(ev, id);
  const r = await storeProviderEvent(tx, input);
  if (!r.stored) return { stored: false, event: null };
  return { stored: true, event: r.emitted ? { ...ev, id, ...(input.context && ev.ref ? { context: r.context } : {}) } : null };
}

/** What the store statement(s) take for a verified event (shared by the single and the batched path). */
export function storeInputOf(ev: VerifiedEvent, id: string): StoreInput {
  const collection = ev.type === 'collection.succeeded' ? 2 : ev.type === 'collection.failed' ? 1 : 0;
  return {
    id,
    provider: ev.provider,
    providerEventId: ev.providerEventId,
    type: ev.type,
    providerType: ev.providerType,
    ref: ev.ref,
    providerRef: ev.providerRef,
    amountMinor: ev.amount?.minor ?? null,
    currency: ev.amount?.currency ?? null,
    failureCode: ev.failure?.code ?? null,
    failureReason: ev.failure?.reason ?? null,
    payload: jsonSafe(ev.raw),
    occurredAt: ev.occurredAt,
    // Outcomes for payments we know go through the one-way transition; an unknown ref is handed on
    // (verified, but not ours to judge here: the consumer parks it for review).
    outcome: !ev.ref || ev.type.startsWith('dispute.') ? null : ev.type.endsWith('.succeeded') ? 'succeeded' : 'failed',
    altRef: ev.altRef ?? null,
    context: ev.ref ? collection : 0,
  };
}

// Provider payloads are JSON already; this only guards against a stray bigint.
function jsonSafe(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
}
