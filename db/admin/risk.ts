// The facts the risk rules (policies/risk.ts) look at, gathered per member (and group/cycle).
import { sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';

export async function failedPaymentCounts(tx: Tx, since: Date, min: number): Promise<Array<{ memberId: string; groupId: string; cycleId: string; n: number }>> {
  const r = await tx.execute(sql`
    select member_id as "memberId", group_id as "groupId", cycle_id as "cycleId", count(*)::int as n
    from payment_attempts where status = 'failed' and created_at >= ${since.toISOString()}::timestamptz
    group by member_id, group_id, cycle_id having count(*) >= ${min} limit 200`);
  return r.rows as never;
}

/** Members whose payout number changed (effective = change + cooling-off) before their own upcoming payout. */
export async function destinationChangesBeforePayout(
  tx: Tx,
  now: Date,
  cooloffHours: number,
): Promise<Array<{ memberId: string; groupId: string; cycleId: string; hoursBefore: number }>> {
  const r = await tx.execute(sql`
    select m.id as "memberId", c.group_id as "groupId", c.id as "cycleId",
      extract(epoch from (c.due_at - (m.payout_destination_effective_at - make_interval(hours => ${cooloffHours})))) / 3600.0 as "hoursBefore"
    from members m join cycles c on c.recipient_member_id = m.id
    where m.payout_destination_effective_at is not null and c.due_at >= ${now.toISOString()}::timestamptz
      and not exists (select 1 from payout_runs p where p.cycle_id = c.id)
    limit 200`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    memberId: String(x.memberId),
    groupId: String(x.groupId),
    cycleId: String(x.cycleId),
    hoursBefore: Number(x.hoursBefore),
  }));
}

/** Members who received a pot in a group and have since missed dues past their grace deadline. */
export async function receivedThenMissed(tx: Tx, now: Date): Promise<Array<{ memberId: string; groupId: string; missed: number }>> {
  const r = await tx.execute(sql`
    select p.recipient_member_id as "memberId", p.group_id as "groupId", count(d.*)::int as missed
    from payout_runs p
    join cycles pc on pc.id = p.cycle_id
    join cycles c on c.group_id = p.group_id and c.cycle_no > pc.cycle_no
    join dues d on d.cycle_id = c.id and d.member_id = p.recipient_member_id
    where p.status = 'completed' and d.status = 'pending' and c.grace_deadline_at < ${now.toISOString()}::timestamptz
    group by p.recipient_member_id, p.group_id limit 200`);
  return r.rows as never;
}
