// Queries over payment_attempts (the collections we started for members' dues) and payment_reviews.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { paymentAttempts, paymentReviews } from '../schema/payment-flows.ts';

export type AttemptRow = typeof paymentAttempts.$inferSelect;

/** Inserts an attempt once per idempotency key; returns the stored row and whether this call made it. */
export async function insertAttempt(tx: Tx, row: typeof paymentAttempts.$inferInsert): Promise<{ row: AttemptRow; created: boolean }> {
  const r = await tx.insert(paymentAttempts).values(row).onConflictDoNothing({ target: paymentAttempts.idempotencyKey }).returning();
  if (r[0]) return { row: r[0], created: true };
  const existing = (await tx.select().from(paymentAttempts).where(eq(paymentAttempts.idempotencyKey, row.idempotencyKey)))[0];
  if (!existing) throw new Error('payment attempt vanished after a conflicting insert');
  return { row: existing, created: false };
}

export async function attemptByRef(tx: Tx, ref: string, opts: { forUpdate?: boolean } = {}): Promise<AttemptRow | undefined> {
  const q = tx.select().from(paymentAttempts).where(eq(paymentAttempts.ref, ref));
  return (await (opts.forUpdate ? q.for('update') : q))[0];
}

export async function updateAttempt(tx: Tx, ref: string, set: Partial<typeof paymentAttempts.$inferInsert>): Promise<void> {
  await tx.update(paymentAttempts).set(set).where(eq(paymentAttempts.ref, ref));
}

/** What the ledger already took for one due (successful attempts). */
export async function capturedForDue(tx: Tx, cycleId: string, memberId: string): Promise<bigint> {
  const r = await tx.execute(
    sql`select coalesce(sum(captured_minor), 0)::bigint as s from payment_attempts where cycle_id = ${cycleId} and member_id = ${memberId} and status = 'succeeded'`,
  );
  return BigInt((r.rows[0] as { s: bigint | string }).s);
}

/** A still-pending attempt for a due younger than `since` (so a second PAY does not charge twice). */
export async function pendingAttemptForDue(tx: Tx, cycleId: string, memberId: string, since: Date): Promise<AttemptRow | undefined> {
  const r = await tx
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.cycleId, cycleId),
        eq(paymentAttempts.memberId, memberId),
        eq(paymentAttempts.status, 'pending'),
        sql`${paymentAttempts.createdAt} > ${since.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(paymentAttempts.createdAt))
    .limit(1);
  return r[0];
}

export async function latestAttempts(tx: Tx, memberId: string, limit: number): Promise<AttemptRow[]> {
  return tx.select().from(paymentAttempts).where(eq(paymentAttempts.memberId, memberId)).orderBy(desc(paymentAttempts.createdAt)).limit(limit);
}

export type ReceiptRow = AttemptRow & { groupName: string };

export async function receiptsOf(tx: Tx, memberId: string, limit: number): Promise<ReceiptRow[]> {
  const r = await tx.execute(sql`
    select a.*, g.name as group_name from payment_attempts a join groups g on g.id = a.group_id
    where a.member_id = ${memberId} and a.status = 'succeeded' order by a.settled_at desc limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    ref: String(x.ref),
    contributionId: String(x.contribution_id),
    idempotencyKey: String(x.idempotency_key),
    groupId: String(x.group_id),
    cycleId: String(x.cycle_id),
    memberId: String(x.member_id),
    method: String(x.method),
    provider: String(x.provider),
    phoneMasked: (x.phone_masked as string | null) ?? null,
    amountMinor: BigInt(x.amount_minor as string),
    currency: String(x.currency),
    status: String(x.status),
    capturedMinor: x.captured_minor === null ? null : BigInt(x.captured_minor as string),
    outcome: (x.outcome as string | null) ?? null,
    failureCode: (x.failure_code as string | null) ?? null,
    checkoutUrl: (x.checkout_url as string | null) ?? null,
    ledgerSeq: x.ledger_seq === null ? null : Number(x.ledger_seq),
    ledgerHash: (x.ledger_hash as string | null) ?? null,
    createdAt: new Date(x.created_at as string),
    settledAt: x.settled_at ? new Date(x.settled_at as string) : null,
    checkedAt: x.checked_at ? new Date(x.checked_at as string) : null,
    groupName: String(x.group_name),
  }));
}

/** Pending attempts older than `olderThan` not queried since `checkedBefore` (reconciliation). */
export async function stalePendingAttempts(tx: Tx, olderThan: Date, checkedBefore: Date, limit: number): Promise<AttemptRow[]> {
  return tx
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.status, 'pending'),
        sql`${paymentAttempts.createdAt} < ${olderThan.toISOString()}::timestamptz`,
        sql`(${paymentAttempts.checkedAt} is null or ${paymentAttempts.checkedAt} < ${checkedBefore.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(paymentAttempts.createdAt)
    .limit(limit);
}

export async function markChecked(tx: Tx, refs: string[], at: Date): Promise<void> {
  if (refs.length) await tx.update(paymentAttempts).set({ checkedAt: at }).where(inArray(paymentAttempts.ref, refs));
}

/** Sets a provider event aside for a person; one review per stored provider event. */
export async function insertReview(tx: Tx, row: typeof paymentReviews.$inferInsert): Promise<void> {
  await tx.insert(paymentReviews).values(row).onConflictDoNothing();
}
