// Read-side queries the payments flows need over the groups family (groups, cycles, dues, members):
// what a member owes, a due under lock, a cycle's quorum count, who to tell, and upcoming payouts.
import { sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';

export type OpenDue = {
  group_id: string;
  group_name: string;
  cycle_id: string;
  cycle_no: number;
  due_date: string;
  due_at: Date;
  amount_minor: bigint;
  late_fee_minor: bigint;
  captured_minor: bigint;
  currency: string;
};

const big = (v: unknown) => BigInt(v as string | number | bigint);

/**
 * The member's unpaid dues in running groups, oldest first, with what was already captured (partials).
 * Only each group's current cycle (the first whose pot is not released yet): dues of later cycles exist
 * from the start, but they are not payable until their cycle comes round.
 */
export async function openDuesOf(tx: Tx, memberId: string): Promise<OpenDue[]> {
  const r = await tx.execute(sql`
    select d.group_id, g.name as group_name, d.cycle_id, c.cycle_no, c.due_date, c.due_at, d.amount_minor, d.late_fee_minor, d.currency,
      coalesce((select sum(a.captured_minor) from payment_attempts a where a.cycle_id = d.cycle_id and a.member_id = d.member_id and a.status = 'succeeded'), 0)::bigint as captured_minor
    from dues d join cycles c on c.id = d.cycle_id join groups g on g.id = d.group_id
    where d.member_id = ${memberId} and d.status = 'pending' and g.status = 'active'
      and c.cycle_no = (select min(x.cycle_no) from cycles x where x.group_id = d.group_id and x.status <> 'dropped'
        and not exists (select 1 from payout_runs p where p.cycle_id = x.id))
    order by c.due_at, g.name`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    group_id: String(x.group_id),
    group_name: String(x.group_name),
    cycle_id: String(x.cycle_id),
    cycle_no: Number(x.cycle_no),
    due_date: String(x.due_date),
    due_at: new Date(x.due_at as string),
    amount_minor: big(x.amount_minor),
    late_fee_minor: big(x.late_fee_minor),
    captured_minor: big(x.captured_minor),
    currency: String(x.currency),
  }));
}

export type DueLocked = { group_id: string; group_name: string; amount_minor: bigint; late_fee_minor: bigint; currency: string; status: string };

/** One due, locked for the rest of the transaction (captures for one member and cycle serialize here). */
export async function lockDue(tx: Tx, cycleId: string, memberId: string): Promise<DueLocked | undefined> {
  const r = await tx.execute(sql`
    select d.group_id, g.name as group_name, d.amount_minor, d.late_fee_minor, d.currency, d.status
    from dues d join groups g on g.id = d.group_id where d.cycle_id = ${cycleId} and d.member_id = ${memberId} for update of d`);
  const x = r.rows[0] as Record<string, unknown> | undefined;
  if (!x) return undefined;
  return {
    group_id: String(x.group_id),
    group_name: String(x.group_name),
    amount_minor: big(x.amount_minor),
    late_fee_minor: big(x.late_fee_minor),
    currency: String(x.currency),
    status: String(x.status),
  };
}

export type CycleQuorum = {
  cycle_id: string;
  group_id: string;
  group_name: string;
  cycle_no: number;
  due_date: string;
  due_at: Date;
  recipient_member_id: string | null;
  rules: Record<string, unknown>;
  paid: number;
  total: number;
  quorum_notified: boolean;
};

export async function cycleQuorum(tx: Tx, cycleId: string): Promise<CycleQuorum | undefined> {
  const r = await tx.execute(sql`
    select c.id as cycle_id, c.group_id, g.name as group_name, c.cycle_no, c.due_date, c.due_at, c.recipient_member_id, g.rules,
      (c.quorum_notified_at is not null) as quorum_notified,
      (select count(*) from dues d where d.cycle_id = c.id and d.status in ('paid','waived'))::int as paid,
      (select count(*) from dues d where d.cycle_id = c.id)::int as total
    from cycles c join groups g on g.id = c.group_id where c.id = ${cycleId}`);
  const x = r.rows[0] as Record<string, unknown> | undefined;
  return x ? toQuorum(x) : undefined;
}

function toQuorum(x: Record<string, unknown>): CycleQuorum {
  return {
    cycle_id: String(x.cycle_id),
    group_id: String(x.group_id),
    group_name: String(x.group_name),
    cycle_no: Number(x.cycle_no),
    due_date: String(x.due_date),
    due_at: new Date(x.due_at as string),
    recipient_member_id: (x.recipient_member_id as string | null) ?? null,
    rules: (x.rules ?? {}) as Record<string, unknown>,
    paid: Number(x.paid),
    total: Number(x.total),
    quorum_notified: Boolean(x.quorum_notified),
  };
}

/** Cycles past their due instant in running groups that have no payout run yet (payout sweep candidates). */
export async function cyclesAwaitingPayout(tx: Tx, now: Date, limit: number): Promise<CycleQuorum[]> {
  const r = await tx.execute(sql`
    select c.id as cycle_id, c.group_id, g.name as group_name, c.cycle_no, c.due_date, c.due_at, c.recipient_member_id, g.rules,
      (c.quorum_notified_at is not null) as quorum_notified,
      (select count(*) from dues d where d.cycle_id = c.id and d.status in ('paid','waived'))::int as paid,
      (select count(*) from dues d where d.cycle_id = c.id)::int as total
    from cycles c join groups g on g.id = c.group_id
    where g.status = 'active' and c.status <> 'dropped' and c.due_at <= ${now.toISOString()}::timestamptz and c.recipient_member_id is not null
      and not exists (select 1 from payout_runs p where p.cycle_id = c.id)
      and exists (select 1 from escrow_cycles e where e.cycle_id = c.id and e.status = 'open')
    order by c.due_at limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map(toQuorum);
}

export type Contact = { member_id: string; phone_enc: string; name_enc: string | null; locale: string | null; country: string };

export async function contactsOf(tx: Tx, memberIds: string[]): Promise<Contact[]> {
  if (memberIds.length === 0) return [];
  const r = await tx.execute(sql`
    select id as member_id, phone_enc, name_enc, locale, country from members where id in (${sql.join(
      memberIds.map((m) => sql`${m}`),
      sql`, `,
    )})`);
  return r.rows as Contact[];
}

/** Active members of a group with what we need to message them. */
export async function groupAudience(tx: Tx, groupId: string): Promise<Contact[]> {
  const r = await tx.execute(sql`
    select m.id as member_id, m.phone_enc, m.name_enc, m.locale, m.country
    from group_members gm join members m on m.id = gm.member_id where gm.group_id = ${groupId} and gm.status = 'active' order by gm.joined_at, m.id`);
  return r.rows as Contact[];
}

export type UpcomingPayout = {
  group_id: string;
  group_name: string;
  cycle_id: string;
  due_date: string;
  recipient_member_id: string | null;
  pot_minor: bigint;
  currency: string;
  your_due_date: string | null;
};

/** Per running group of the member: the next cycle without a completed payout, and the member's own turn. */
export async function upcomingPayoutsFor(tx: Tx, memberId: string): Promise<UpcomingPayout[]> {
  const r = await tx.execute(sql`
    select g.id as group_id, g.name as group_name, n.id as cycle_id, n.due_date, n.recipient_member_id, g.currency,
      -- an auction cycle pays pot − discount once its bidding settled
      coalesce((select s.payout_minor from auction_settlements s where s.cycle_id = n.id), g.contribution_minor * g.members_count)::bigint as pot_minor,
      (select y.due_date from cycles y where y.group_id = g.id and y.recipient_member_id = ${memberId} and y.status <> 'dropped'
         and not exists (select 1 from payout_runs p where p.cycle_id = y.id and p.status = 'completed') order by y.cycle_no limit 1) as your_due_date
    from group_members gm join groups g on g.id = gm.group_id and g.status = 'active'
    cross join lateral (
      select c.* from cycles c where c.group_id = g.id and c.status <> 'dropped'
        and not exists (select 1 from payout_runs p where p.cycle_id = c.id and p.status = 'completed')
      order by c.cycle_no limit 1) n
    where gm.member_id = ${memberId} and gm.status = 'active' order by n.due_at`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    group_id: String(x.group_id),
    group_name: String(x.group_name),
    cycle_id: String(x.cycle_id),
    due_date: String(x.due_date),
    recipient_member_id: (x.recipient_member_id as string | null) ?? null,
    pot_minor: big(x.pot_minor),
    currency: String(x.currency),
    your_due_date: (x.your_due_date as string | null) ?? null,
  }));
}

/** Auction dividends that reduced this cycle's dues: to spend from the members' credit into its pot at release. */
export async function creditsOfCycle(tx: Tx, cycleId: string): Promise<Array<{ member_id: string; credit_minor: bigint }>> {
  const r = await tx.execute(sql`select member_id, credit_minor from dues where cycle_id = ${cycleId} and credit_minor > 0 order by member_id`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({ member_id: String(x.member_id), credit_minor: big(x.credit_minor) }));
}

export type CreditedDue = { cycle_id: string; cycle_no: number; due_date: string; amount_minor: bigint; credit_minor: bigint };

/**
 * Takes a member's dividend off their next pending dues in the group (cycles after `afterCycleNo`, oldest
 * first; a due is never taken below zero, and one brought to zero counts as paid). Returns the dues changed
 * and what could not be placed (the member has no pending due left: it stays in their credit account).
 * The dues are locked, so a concurrent payment of the same due is decided on the reduced amount.
 */
export async function creditNextDues(
  tx: Tx,
  x: { groupId: string; memberId: string; afterCycleNo: number; amountMinor: bigint; now: Date },
): Promise<{ dues: CreditedDue[]; left_minor: bigint }> {
  const r = await tx.execute(sql`
    select d.cycle_id, c.cycle_no, c.due_date, d.amount_minor, d.credit_minor
    from dues d join cycles c on c.id = d.cycle_id
    where d.group_id = ${x.groupId} and d.member_id = ${x.memberId} and d.status = 'pending' and c.cycle_no > ${x.afterCycleNo}
    order by c.cycle_no for update of d`);
  let left = x.amountMinor;
  const changed: CreditedDue[] = [];
  for (const row of r.rows as Array<Record<string, unknown>>) {
    if (left === 0n) break;
    const amount = big(row.amount_minor);
    const take = amount < left ? amount : left;
    if (take === 0n) continue;
    const cycleId = String(row.cycle_id);
    const next = { amount_minor: amount - take, credit_minor: big(row.credit_minor) + take };
    await tx.execute(sql`
      update dues set amount_minor = ${next.amount_minor.toString()}::bigint, credit_minor = ${next.credit_minor.toString()}::bigint,
        status = case when ${next.amount_minor.toString()}::bigint = 0 and late_fee_minor = 0 then 'paid' else status end,
        paid_at = case when ${next.amount_minor.toString()}::bigint = 0 and late_fee_minor = 0 then ${x.now.toISOString()}::timestamptz else paid_at end
      where cycle_id = ${cycleId} and member_id = ${x.memberId}`);
    changed.push({ cycle_id: cycleId, cycle_no: Number(row.cycle_no), due_date: String(row.due_date), ...next });
    left -= take;
  }
  return { dues: changed, left_minor: left };
}

/** What a member's credit holds beyond the dividends placed on dues of cycles not released yet (SQL, per account `a`). */
const unplacedCredit = sql`(a.credits_posted - a.debits_posted
  - coalesce((select sum(d.credit_minor) from dues d where d.group_id = a.group_id and d.member_id = a.member_id
      and not exists (select 1 from payout_runs p where p.cycle_id = d.cycle_id)), 0))::bigint`;

export type LeftoverCredit = {
  group_id: string;
  group_name: string;
  member_id: string;
  currency: string;
  /** Why no due can take it any more. */
  reason: 'completed' | 'cancelled' | 'removed';
  /** What to pay out: the whole credit for a cancelled group, else what no unreleased due will spend. */
  amount_minor: bigint;
};

/**
 * Member credits to pay out now (auction groups): the group completed — every cycle that can still pay out
 * did (each cycle is released, or has no recipient and no active member is left without a pot) — or was
 * cancelled (or marked completed), or the member was removed. Any of these means no further dividend can be
 * placed on a due of theirs. Completed or cancelled: no release will spend a credit any more, so the whole
 * credit is paid out. Removed from a running group: what their dues already reduced is still spent at those
 * cycles' releases, so only the rest is paid out.
 */
export async function leftoverCredits(tx: Tx, limit: number): Promise<LeftoverCredit[]> {
  const r = await tx.execute(sql`
    select * from (
      select a.group_id, g.name as group_name, a.member_id, a.currency,
        case when g.status = 'cancelled' then 'cancelled' when coalesce(gm.status, 'removed') = 'removed' then 'removed' else 'completed' end as reason,
        case when g.status <> 'active' or w.done then (a.credits_posted - a.debits_posted)::bigint else ${unplacedCredit} end as amount_minor,
        (g.status <> 'active' or w.done or coalesce(gm.status, 'removed') = 'removed') as due_now
      -- only members holding a credit (index on group_id, cycle_id), then whether their group is done
      from groups g
      join ledger_accounts a on a.group_id = g.id and a.cycle_id is null and a.code = 'member_credit' and a.credits_posted > a.debits_posted
      left join group_members gm on gm.group_id = a.group_id and gm.member_id = a.member_id
      cross join lateral (
        select not exists (select 1 from cycles c where c.group_id = g.id and c.status <> 'dropped' and not exists (select 1 from payout_runs p where p.cycle_id = c.id)
          and (c.recipient_member_id is not null or exists (select 1 from group_members e where e.group_id = g.id and e.status = 'active'
            and not exists (select 1 from cycles y where y.group_id = g.id and y.recipient_member_id = e.member_id)))) as done
      ) w
      where g.payout_order = 'auction' and g.status in ('active', 'completed', 'cancelled')
    ) x where x.due_now and x.amount_minor > 0 order by x.group_id, x.member_id limit ${limit}`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    group_id: String(x.group_id),
    group_name: String(x.group_name),
    member_id: String(x.member_id),
    currency: String(x.currency),
    reason: x.reason as LeftoverCredit['reason'],
    amount_minor: big(x.amount_minor),
  }));
}
