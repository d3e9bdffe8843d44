// The end of a group's life: which running groups have paid out every cycle (completion candidates), the
// status claim that makes completion and cancellation happen once (compare-and-set on groups.status), and
// the closing figures each member is told (cycles run, what they contributed, what the group paid out).
import { sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';

/**
 * Running groups whose every cycle has a completed payout run (the last payout confirmed by the provider).
 * Groups without cycles are never candidates.
 */
export async function completionCandidates(tx: Tx, limit: number): Promise<Array<{ group_id: string }>> {
  const r = await tx.execute(sql`
    select g.id as group_id from groups g
    where g.status = 'active'
      and exists (select 1 from cycles c where c.group_id = g.id and c.status <> 'dropped')
      and not exists (
        select 1 from cycles c where c.group_id = g.id and c.status <> 'dropped'
          and not exists (select 1 from payout_runs p where p.cycle_id = c.id and p.status = 'completed'))
    order by g.id limit ${limit}`);
  return r.rows as Array<{ group_id: string }>;
}

/**
 * Moves a group from one status to another if it is still in `from`: the claim. Returns false when another
 * worker (or a second sweep) already moved it, so whatever follows runs once.
 */
export async function claimGroupStatus(tx: Tx, groupId: string, from: readonly string[], to: 'completed' | 'cancelled'): Promise<boolean> {
  const r = await tx.execute(sql`update groups set status = ${to} where id = ${groupId} and status = any(${sql.param([...from])}::text[]) returning id`);
  return r.rows.length > 0;
}

export type ClosingFigures = {
  cycles: number;
  /** Σ net of the group's completed pot payouts (what members received). */
  paid_out_minor: bigint;
  /** Per member: contributions captured (late fees included, refunds taken off). */
  contributed_minor: Map<string, bigint>;
};

export async function closingFigures(tx: Tx, groupId: string): Promise<ClosingFigures> {
  const r = await tx.execute(sql`
    select (select count(*)::int from cycles c where c.group_id = ${groupId} and c.status <> 'dropped') as cycles,
      (select coalesce(sum(p.net_minor), 0)::bigint from payout_runs p join cycles c on c.id = p.cycle_id
        where c.group_id = ${groupId} and p.status = 'completed') as paid_out`);
  const head = r.rows[0] as { cycles: number; paid_out: string };
  const m = await tx.execute(sql`
    select member_id, coalesce(sum(amount_minor + late_fee_minor - refunded_minor), 0)::bigint as contributed
    from contributions where group_id = ${groupId} and status in ('available', 'released', 'refunded') group by member_id`);
  return {
    cycles: Number(head.cycles),
    paid_out_minor: BigInt(head.paid_out),
    contributed_minor: new Map((m.rows as Array<{ member_id: string; contributed: string }>).map((x) => [x.member_id, BigInt(x.contributed)])),
  };
}
