// Queries over payout_runs (a cycle's release → disbursement attempts → completed | escalated), and the
// ledger's refund rows the payments side executes and settles.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { payoutRuns } from '../schema/payment-flows.ts';

export type PayoutRunRow = typeof payoutRuns.$inferSelect;

/** Attempt n of a payout goes to the provider as `<payoutId>` (n = 1) or `<payoutId>_r<n>`: our id is the idempotency key. */
export function disbursementRef(payoutId: string, attempt: number): string {
  return attempt <= 1 ? payoutId : `${payoutId}_r${attempt}`;
}

export function payoutIdOfRef(ref: string): string {
  return ref.replace(/_r\d+$/, '');
}

export async function insertPayoutRun(tx: Tx, row: typeof payoutRuns.$inferInsert): Promise<boolean> {
  const r = await tx.insert(payoutRuns).values(row).onConflictDoNothing().returning({ id: payoutRuns.payoutId });
  return r.length > 0;
}

export async function payoutRun(tx: Tx, payoutId: string, opts: { forUpdate?: boolean } = {}): Promise<PayoutRunRow | undefined> {
  const q = tx.select().from(payoutRuns).where(eq(payoutRuns.payoutId, payoutId));
  return (await (opts.forUpdate ? q.for('update') : q))[0];
}

export async function updatePayoutRun(tx: Tx, payoutId: string, set: Partial<typeof payoutRuns.$inferInsert>): Promise<void> {
  await tx.update(payoutRuns).set(set).where(eq(payoutRuns.payoutId, payoutId));
}

/** Runs whose next disbursement attempt is due: just released, or failed with the backoff elapsed. */
export async function runsToDisburse(tx: Tx, now: Date, limit: number): Promise<PayoutRunRow[]> {
  return tx
    .select()
    .from(payoutRuns)
    .where(
      and(inArray(payoutRuns.status, ['released', 'failed']), sql`coalesce(${payoutRuns.nextAttemptAt}, '-infinity') <= ${now.toISOString()}::timestamptz`),
    )
    .limit(limit);
}

/** Disbursements sent and not settled for a while (reconciliation asks the provider). */
export async function staleDisbursing(tx: Tx, olderThan: Date, limit: number): Promise<PayoutRunRow[]> {
  return tx
    .select()
    .from(payoutRuns)
    .where(
      and(eq(payoutRuns.status, 'disbursing'), sql`coalesce(${payoutRuns.nextAttemptAt}, ${payoutRuns.createdAt}) < ${olderThan.toISOString()}::timestamptz`),
    )
    .limit(limit);
}

/** Where a ledger refund lives (refund callbacks carry only our rfd_ ref). */
export async function refundLocation(
  tx: Tx,
  refundId: string,
): Promise<
  { group_id: string; cycle_id: string; member_id: string; status: string; contribution_id: string; amount_minor: bigint; currency: string } | undefined
> {
  const r = await tx.execute(sql`select group_id, cycle_id, member_id, status, contribution_id, amount_minor, currency from refunds where id = ${refundId}`);
  const x = r.rows[0] as Record<string, unknown> | undefined;
  return x
    ? {
        group_id: String(x.group_id),
        cycle_id: String(x.cycle_id),
        member_id: String(x.member_id),
        status: String(x.status),
        contribution_id: String(x.contribution_id),
        amount_minor: BigInt(x.amount_minor as string),
        currency: String(x.currency),
      }
    : undefined;
}

/** Approved refunds not yet executed, with the collection (pay_ ref) they return money to. */
export async function approvedRefunds(
  tx: Tx,
  limit: number,
): Promise<Array<{ id: string; group_id: string; cycle_id: string; payment_ref: string | null; amount_minor: bigint; currency: string }>> {
  const r = await tx.execute(sql`
    select r.id, r.group_id, r.cycle_id, a.ref as payment_ref, r.amount_minor, r.currency
    from refunds r left join payment_attempts a on a.contribution_id = r.contribution_id
    where r.status = 'approved' and r.kind = 'pre_release' limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    id: String(x.id),
    group_id: String(x.group_id),
    cycle_id: String(x.cycle_id),
    payment_ref: (x.payment_ref as string | null) ?? null,
    amount_minor: BigInt(x.amount_minor as string),
    currency: String(x.currency),
  }));
}

/** Executed refunds whose provider request is missing (a crash after executing): to (re)send. */
export async function executedRefundsWithoutRequest(
  tx: Tx,
  limit: number,
): Promise<Array<{ id: string; payment_ref: string | null; amount_minor: bigint; currency: string }>> {
  const r = await tx.execute(sql`
    select r.id, a.ref as payment_ref, r.amount_minor, r.currency
    from refunds r left join payment_attempts a on a.contribution_id = r.contribution_id
    where r.status = 'executed' and not exists (select 1 from provider_payments p where p.ref = r.id) limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    id: String(x.id),
    payment_ref: (x.payment_ref as string | null) ?? null,
    amount_minor: BigInt(x.amount_minor as string),
    currency: String(x.currency),
  }));
}

/** How many leftover-credit payouts a member has had in a group (their cycle ids: `creditPayoutCycleId`). */
export async function creditPayoutsCount(tx: Tx, groupId: string, memberId: string): Promise<number> {
  const prefix = `${groupId}:credit:${memberId}:out:`;
  const r = await tx.execute(sql`select count(*)::int as n from payout_runs where group_id = ${groupId} and starts_with(cycle_id, ${prefix})`);
  return Number((r.rows[0] as { n: number }).n);
}
