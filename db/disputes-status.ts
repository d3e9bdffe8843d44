// What a member may see of disputes: the ones they opened and the ones about their own money (a card
// chargeback opened by the provider names them as the member). Never another member's dispute, even in
// the member's own group (organizer-fraud disputes must stay hidden from the organizer).
import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

export type MemberDisputeRow = {
  disputeId: string;
  groupName: string;
  type: string;
  status: string;
  outcome: string | null;
  /** The last ledger event about the dispute (opened, evidence, investigation, resolved, closed). */
  updatedAt: Date;
};

/** The member's disputes, newest first: opened by them or about their own escrow portion (one, given its id). */
export async function disputesVisibleTo(tx: Tx, memberId: string, opts: { disputeId?: string; limit?: number } = {}): Promise<MemberDisputeRow[]> {
  const only = opts.disputeId ? sql` and d.id = ${opts.disputeId}` : sql``;
  const r = await tx.execute(sql`
    select d.id as "disputeId", g.name as "groupName", coalesce(dc.type, d.kind) as type, d.status, d.outcome,
      coalesce((select max(e.occurred_at) from ledger_events e
                where e.group_id = d.group_id and e.subject->>'type' = 'dispute' and e.subject->>'id' = d.id), dc.created_at) as "updatedAt"
    from disputes d join groups g on g.id = d.group_id left join dispute_cases dc on dc.dispute_id = d.id
    where (d.opened_by = ${memberId} or d.member_id = ${memberId})${only}
    order by d.id desc limit ${opts.limit ?? 5}`);
  return (r.rows as Array<Record<string, unknown>>).map((x) => ({
    disputeId: String(x.disputeId),
    groupName: String(x.groupName),
    type: String(x.type),
    status: String(x.status),
    outcome: x.outcome == null ? null : String(x.outcome),
    updatedAt: new Date(x.updatedAt as string),
  }));
}
