// Queries for disputes, evidence and refunds as the disputes flow and the admin tools see them: which
// group and cycle a complaint is about, the case rows next to the ledger's dispute rows, queues.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { disputeCases, disputeEvidence } from '../schema/disputes-admin.ts';

const rows = <T>(r: { rows: unknown[] }) => r.rows as T[];

/** Groups of the member that have started (a dispute needs a cycle). */
export async function runningGroupsOf(tx: Tx, memberId: string): Promise<Array<{ groupId: string; name: string }>> {
  const r = await tx.execute(sql`
    select g.id as "groupId", g.name from group_members gm join groups g on g.id = gm.group_id
    where gm.member_id = ${memberId} and gm.status = 'active' and g.status in ('active', 'completed')
    order by gm.joined_at desc, g.id limit 9`);
  return rows(r);
}

/** The cycle whose pot has not been paid out yet (the escrow a dispute can still freeze), else the latest one. */
export async function currentCycleOf(tx: Tx, groupId: string): Promise<{ cycleId: string; cycleNo: number; currency: string } | undefined> {
  const r = await tx.execute(sql`
    select c.id as "cycleId", c.cycle_no as "cycleNo", g.currency from cycles c join groups g on g.id = c.group_id
    where c.group_id = ${groupId}
    order by (exists (select 1 from payout_runs p where p.cycle_id = c.id)) asc,
             case when exists (select 1 from payout_runs p where p.cycle_id = c.id) then -c.cycle_no else c.cycle_no end asc
    limit 1`);
  return rows<{ cycleId: string; cycleNo: number; currency: string }>(r)[0];
}

export async function insertCase(tx: Tx, row: typeof disputeCases.$inferInsert): Promise<boolean> {
  const r = await tx.insert(disputeCases).values(row).onConflictDoNothing().returning({ id: disputeCases.disputeId });
  return r.length > 0;
}

export async function caseByOpenKey(tx: Tx, key: string) {
  return (await tx.select().from(disputeCases).where(eq(disputeCases.openKey, key)))[0];
}

export async function caseByProviderDispute(tx: Tx, providerDisputeId: string) {
  return (await tx.select().from(disputeCases).where(eq(disputeCases.providerDisputeId, providerDisputeId)))[0];
}

export async function updateCase(tx: Tx, disputeId: string, set: Partial<typeof disputeCases.$inferInsert>) {
  await tx.update(disputeCases).set(set).where(eq(disputeCases.disputeId, disputeId));
}

export type DisputeView = {
  disputeId: string;
  groupId: string;
  groupName: string;
  cycleId: string;
  memberId: string;
  type: string;
  status: string;
  outcome: string | null;
  evidenceCount: number;
  descriptionEnc: string | null;
  paymentRef: string | null;
  frozenMinor: bigint;
  currency: string;
  source: string;
};

const disputeSelect = sql`
  select d.id as "disputeId", d.group_id as "groupId", g.name as "groupName", d.cycle_id as "cycleId", d.member_id as "memberId",
    coalesce(dc.type, d.kind) as type, d.status, d.outcome, d.evidence_count as "evidenceCount", dc.description_enc as "descriptionEnc",
    dc.payment_ref as "paymentRef", coalesce(dc.source, 'member') as source, g.currency,
    coalesce((select sum(f.amount_minor) from escrow_freezes f where f.dispute_id = d.id and f.status = 'active'), 0)::bigint as "frozenMinor"
  from disputes d join groups g on g.id = d.group_id left join dispute_cases dc on dc.dispute_id = d.id`;

function toView(x: Record<string, unknown>): DisputeView {
  return { ...(x as DisputeView), evidenceCount: Number(x.evidenceCount), frozenMinor: BigInt(x.frozenMinor as string) };
}

export async function disputeById(tx: Tx, disputeId: string): Promise<DisputeView | undefined> {
  const r = await tx.execute(sql`${disputeSelect} where d.id = ${disputeId}`);
  const x = r.rows[0] as Record<string, unknown> | undefined;
  return x ? toView(x) : undefined;
}

export async function openDisputes(tx: Tx, limit: number): Promise<DisputeView[]> {
  const r = await tx.execute(sql`${disputeSelect} where d.status in ('opened', 'evidence', 'investigation') order by d.id limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map(toView);
}

/** The member's latest dispute still taking evidence. */
export async function evidenceOpenDisputeOf(tx: Tx, memberId: string): Promise<string | null> {
  const r = await tx.execute(sql`
    select d.id from disputes d where d.opened_by = ${memberId} and d.status in ('opened', 'evidence') order by d.id desc limit 1`);
  return (r.rows[0] as { id?: string } | undefined)?.id ?? null;
}

export async function insertEvidence(tx: Tx, row: typeof disputeEvidence.$inferInsert): Promise<boolean> {
  const r = await tx.insert(disputeEvidence).values(row).onConflictDoNothing().returning({ id: disputeEvidence.id });
  return r.length > 0;
}

export async function evidenceOf(tx: Tx, disputeId: string) {
  return tx
    .select()
    .from(disputeEvidence)
    .where(and(eq(disputeEvidence.disputeId, disputeId)));
}

/** The member's contribution in a cycle (what a dispute refund or chargeback is measured against). */
export async function contributionOf(
  tx: Tx,
  cycleId: string,
  memberId: string,
): Promise<{ id: string; paidMinor: bigint; provider: string; providerRef: string } | undefined> {
  const r = await tx.execute(sql`
    select id, (amount_minor + late_fee_minor - refunded_minor)::bigint as paid, provider, provider_ref as "providerRef"
    from contributions where cycle_id = ${cycleId} and member_id = ${memberId} and status <> 'failed' order by captured_at desc nulls last limit 1`);
  const x = r.rows[0] as Record<string, unknown> | undefined;
  return x ? { id: String(x.id), paidMinor: BigInt(x.paid as string), provider: String(x.provider), providerRef: String(x.providerRef) } : undefined;
}

export type RefundView = {
  id: string;
  groupId: string;
  groupName: string;
  organizerId: string;
  cycleId: string;
  memberId: string;
  amountMinor: bigint;
  currency: string;
  kind: string;
  status: string;
  reason: string;
  requestedBy: string;
  groupAdminApprovedBy: string | null;
  platformAdminApprovedBy: string | null;
  disputeId: string | null;
};

const refundSelect = sql`
  select r.id, r.group_id as "groupId", g.name as "groupName", g.organizer_id as "organizerId", r.cycle_id as "cycleId", r.member_id as "memberId",
    r.amount_minor as "amountMinor", r.currency, r.kind, r.status, r.reason, r.requested_by as "requestedBy",
    r.group_admin_approved_by as "groupAdminApprovedBy", r.platform_admin_approved_by as "platformAdminApprovedBy", r.dispute_id as "disputeId"
  from refunds r join groups g on g.id = r.group_id`;

export async function refundById(tx: Tx, refundId: string): Promise<RefundView | undefined> {
  const r = await tx.execute(sql`${refundSelect} where r.id = ${refundId}`);
  const x = r.rows[0] as Record<string, unknown> | undefined;
  return x ? { ...(x as RefundView), amountMinor: BigInt(x.amountMinor as string) } : undefined;
}

export async function refundsAwaitingApproval(tx: Tx, limit: number): Promise<RefundView[]> {
  const r = await tx.execute(sql`${refundSelect} where r.status = 'requested' order by r.id limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({ ...(x as RefundView), amountMinor: BigInt(x.amountMinor as string) }));
}

/** Contributions of the member that can still be refunded before release, newest first. */
export async function refundableContributionsOf(
  tx: Tx,
  memberId: string,
): Promise<Array<{ id: string; groupId: string; cycleId: string; availableMinor: bigint; currency: string; groupName: string; organizerId: string }>> {
  const r = await tx.execute(sql`
    select c.id, c.group_id as "groupId", c.cycle_id as "cycleId", c.currency, g.name as "groupName", g.organizer_id as "organizerId",
      (c.amount_minor + c.late_fee_minor - c.refunded_minor
        - coalesce((select sum(r.amount_minor) from refunds r where r.contribution_id = c.id and r.status not in ('failed', 'completed')), 0))::bigint as available
    from contributions c join groups g on g.id = c.group_id join escrow_cycles e on e.cycle_id = c.cycle_id
    where c.member_id = ${memberId} and c.status = 'available' and e.status = 'open'
    order by c.captured_at desc nulls last limit 5`);
  return (r.rows as Array<Record<string, unknown>>)
    .map((x) => ({
      ...(x as { id: string; groupId: string; cycleId: string; currency: string; groupName: string; organizerId: string }),
      availableMinor: BigInt(x.available as string),
    }))
    .filter((x) => x.availableMinor > 0n);
}

/** The pay_ ref of the collection a contribution came from (a refund goes back through it). */
export async function paymentRefOfContribution(tx: Tx, contributionId: string): Promise<{ ref: string; provider: string } | undefined> {
  const r = await tx.execute(sql`select ref, provider from payment_attempts where contribution_id = ${contributionId}`);
  return r.rows[0] as { ref: string; provider: string } | undefined;
}

/** A payment the member names: our pay_ ref, or the provider's id for it (M-Pesa receipt, pi_…). */
export async function attemptByAnyRef(
  tx: Tx,
  ref: string,
): Promise<{ ref: string; memberId: string; groupId: string; cycleId: string; provider: string; status: string; contributionId: string } | undefined> {
  const r = await tx.execute(sql`
    select a.ref, a.member_id as "memberId", a.group_id as "groupId", a.cycle_id as "cycleId", a.provider, a.status, a.contribution_id as "contributionId"
    from payment_attempts a
    where a.ref = ${ref} or a.ref in (select p.ref from provider_payments p where p.provider_ref = ${ref} or p.alt_ref = ${ref})
    limit 1`);
  return r.rows[0] as never;
}

export async function disputeRow(
  tx: Tx,
  disputeId: string,
): Promise<{ group_id: string; cycle_id: string; opened_by: string; member_id: string; status: string } | undefined> {
  const r = await tx.execute(sql`select group_id, cycle_id, opened_by, member_id, status from disputes where id = ${disputeId}`);
  return r.rows[0] as never;
}

export async function organizerOf(tx: Tx, groupId: string): Promise<string | undefined> {
  const r = await tx.execute(sql`select organizer_id from groups where id = ${groupId}`);
  return (r.rows[0] as { organizer_id?: string } | undefined)?.organizer_id;
}
