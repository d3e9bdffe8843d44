// Queries of the auction payout order: rounds whose window opens or closes at `now`, bids (upsert: the
// last one counts), and the settlement + dividends the payments side reads when it releases the payout.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { auctionBids, auctionDividends, auctionRounds, auctionSettlements } from '../schema/groups-auction.ts';

export type AuctionRoundRow = typeof auctionRounds.$inferSelect;
export type AuctionSettlementRow = typeof auctionSettlements.$inferSelect;
export type AuctionDividendRow = typeof auctionDividends.$inferSelect;

/** Bidding closes this long before the payout (the cycle's due instant), so the recipient is known in time. */
export const auction_close_hours_before_payout = 24;

export type RoundToOpen = { cycle_id: string; group_id: string; cycle_no: number; opens_at: Date; closes_at: Date };

/**
 * Auction cycles of running groups whose window has opened and that have no round yet. A window opens
 * at the previous cycle's payout (the group's START for cycle 1) and closes a fixed time before this
 * cycle's payout (never before it opens).
 */
export async function roundsToOpen(tx: Tx, now: Date, limit: number): Promise<RoundToOpen[]> {
  const r = await tx.execute(sql`
    select c.id as cycle_id, c.group_id, c.cycle_no, w.opens_at, greatest(w.opens_at, c.due_at - make_interval(hours => ${auction_close_hours_before_payout})) as closes_at
    from cycles c
    join groups g on g.id = c.group_id and g.status = 'active' and g.payout_order = 'auction'
    cross join lateral (
      select coalesce((select p.due_at from cycles p where p.group_id = c.group_id and p.cycle_no = c.cycle_no - 1), g.started_at, c.due_at) as opens_at
    ) w
    where c.recipient_member_id is null and c.status <> 'dropped' and w.opens_at <= ${now.toISOString()}::timestamptz
      and not exists (select 1 from auction_rounds a where a.cycle_id = c.id)
    order by c.group_id, c.cycle_no
    limit ${limit}`);
  return r.rows as RoundToOpen[];
}

/** Inserts a round; false when another sweep already opened it. */
export async function insertRound(tx: Tx, row: typeof auctionRounds.$inferInsert): Promise<boolean> {
  const r = await tx.insert(auctionRounds).values(row).onConflictDoNothing().returning({ id: auctionRounds.cycleId });
  return r.length > 0;
}

/** Open rounds whose window has closed at `now`. */
export async function roundsToSettle(tx: Tx, now: Date, limit: number): Promise<AuctionRoundRow[]> {
  return tx
    .select()
    .from(auctionRounds)
    .where(and(eq(auctionRounds.status, 'open'), sql`${auctionRounds.closesAt} <= ${now.toISOString()}::timestamptz`))
    .orderBy(asc(auctionRounds.closesAt))
    .limit(limit);
}

/** Claims a round for settlement inside the caller's transaction; false when another sweep has it. */
export async function claimSettlement(tx: Tx, cycleId: string, now: Date): Promise<boolean> {
  const r = await tx
    .update(auctionRounds)
    .set({ status: 'settled', settledAt: now })
    .where(and(eq(auctionRounds.cycleId, cycleId), eq(auctionRounds.status, 'open')))
    .returning({ id: auctionRounds.cycleId });
  return r.length > 0;
}

/** The open rounds of these groups at `now` (window opened, not closed, not settled). */
export async function openRoundsOfGroups(tx: Tx, groupIds: string[], now: Date): Promise<AuctionRoundRow[]> {
  if (groupIds.length === 0) return [];
  return tx
    .select()
    .from(auctionRounds)
    .where(
      and(
        eq(auctionRounds.status, 'open'),
        sql`${auctionRounds.groupId} = any(${sql.param(groupIds)}::text[])`,
        sql`${auctionRounds.opensAt} <= ${now.toISOString()}::timestamptz and ${auctionRounds.closesAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(auctionRounds.closesAt));
}

export async function getRound(tx: Tx, cycleId: string, opts: { forUpdate?: boolean } = {}): Promise<AuctionRoundRow | undefined> {
  const q = tx.select().from(auctionRounds).where(eq(auctionRounds.cycleId, cycleId));
  return (await (opts.forUpdate ? q.for('update') : q))[0];
}

/** Places or replaces a member's bid. */
export async function upsertBid(tx: Tx, row: typeof auctionBids.$inferInsert): Promise<void> {
  await tx
    .insert(auctionBids)
    .values(row)
    .onConflictDoUpdate({ target: [auctionBids.cycleId, auctionBids.memberId], set: { discountMinor: row.discountMinor, placedAt: row.placedAt } });
}

export async function bidsOfRound(tx: Tx, cycleId: string) {
  return tx.select().from(auctionBids).where(eq(auctionBids.cycleId, cycleId)).orderBy(asc(auctionBids.placedAt));
}

/** Members who already received (or won) the pot of another cycle of the group. */
export async function recipientsOfGroup(tx: Tx, groupId: string): Promise<Set<string>> {
  const r = await tx.execute(sql`select distinct recipient_member_id as id from cycles where group_id = ${groupId} and recipient_member_id is not null`);
  return new Set((r.rows as Array<{ id: string }>).map((x) => x.id));
}

export async function insertSettlement(
  tx: Tx,
  settlement: typeof auctionSettlements.$inferInsert,
  dividends: Array<typeof auctionDividends.$inferInsert>,
): Promise<void> {
  await tx.insert(auctionSettlements).values(settlement);
  if (dividends.length) await tx.insert(auctionDividends).values(dividends);
}

/** For the payments side: what a settled auction cycle pays out and credits. */
export async function settlementOfCycle(tx: Tx, cycleId: string): Promise<{ settlement: AuctionSettlementRow; dividends: AuctionDividendRow[] } | undefined> {
  const s = (await tx.select().from(auctionSettlements).where(eq(auctionSettlements.cycleId, cycleId)))[0];
  if (!s) return undefined;
  const dividends = await tx.select().from(auctionDividends).where(eq(auctionDividends.cycleId, cycleId)).orderBy(asc(auctionDividends.memberId));
  return { settlement: s, dividends };
}

/**
 * What a cycle's recipient receives before the platform fee (12.12): pot − discount once its auction has
 * settled, otherwise the pot. Non-auction cycles have no settlement, so this is the pot.
 */
export async function settledPayoutMinor(tx: Tx, cycleId: string, potMinor: bigint): Promise<bigint> {
  const s = (await tx.select({ discount: auctionSettlements.discountMinor }).from(auctionSettlements).where(eq(auctionSettlements.cycleId, cycleId)))[0];
  return s ? potMinor - s.discount : potMinor;
}
