// Queries of the groups family: groups, memberships, invites, cycles and dues. Each takes the caller's
// `Tx` so a service composes them with ledger events and outbox messages in one transaction.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { cycles, dues, groupMembers, groups, invites } from '../schema/groups.ts';

export type GroupRow = typeof groups.$inferSelect;
export type GroupMemberRow = typeof groupMembers.$inferSelect;
export type CycleRow = typeof cycles.$inferSelect;
export type DueRow = typeof dues.$inferSelect;

export async function insertGroup(tx: Tx, row: typeof groups.$inferInsert): Promise<GroupRow | undefined> {
  const r = await tx.insert(groups).values(row).onConflictDoNothing({ target: groups.creationKey }).returning();
  return r[0];
}

export async function groupByCreationKey(tx: Tx, key: string): Promise<GroupRow | undefined> {
  return (await tx.select().from(groups).where(eq(groups.creationKey, key)))[0];
}

export async function getGroup(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}): Promise<GroupRow | undefined> {
  const q = tx.select().from(groups).where(eq(groups.id, id));
  return (await (opts.forUpdate ? q.for('update') : q))[0];
}

export async function updateGroup(tx: Tx, id: string, fields: Partial<typeof groups.$inferInsert>): Promise<void> {
  await tx.update(groups).set(fields).where(eq(groups.id, id));
}

/** A member's groups with their role, most recent first; removed memberships excluded. */
export async function groupsOfMember(tx: Tx, memberId: string): Promise<Array<{ group: GroupRow; role: string }>> {
  const r = await tx
    .select({ group: groups, role: groupMembers.role })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.memberId, memberId), eq(groupMembers.status, 'active')))
    .orderBy(desc(groups.createdAt), desc(groups.id));
  return r;
}

/** Ids of the member's groups, and whether they organize one still running (roles for a turn). */
export async function membershipsOf(tx: Tx, memberId: string): Promise<{ groupIds: string[]; organizer: boolean }> {
  const r = await tx
    .select({ id: groupMembers.groupId, role: groupMembers.role, status: groups.status })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.memberId, memberId), eq(groupMembers.status, 'active')));
  return { groupIds: r.map((x) => x.id), organizer: r.some((x) => x.role === 'organizer' && (x.status === 'open' || x.status === 'active')) };
}

export async function membersOfGroup(tx: Tx, groupId: string, opts: { includeRemoved?: boolean } = {}): Promise<GroupMemberRow[]> {
  const where = opts.includeRemoved ? eq(groupMembers.groupId, groupId) : and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, 'active'));
  return tx.select().from(groupMembers).where(where).orderBy(asc(groupMembers.joinedAt), asc(groupMembers.memberId));
}

export async function activeCount(tx: Tx, groupId: string): Promise<number> {
  const r = await tx.execute(sql`select count(*)::int as n from group_members where group_id = ${groupId} and status = 'active'`);
  return Number((r.rows[0] as { n: number }).n);
}

/** Adds (or re-activates) a membership; returns false when the member was already active. */
export async function addMember(tx: Tx, row: typeof groupMembers.$inferInsert): Promise<boolean> {
  const r = await tx
    .insert(groupMembers)
    .values(row)
    .onConflictDoUpdate({
      target: [groupMembers.groupId, groupMembers.memberId],
      set: { status: 'active', joinedAt: row.joinedAt ?? sql`now()` },
      setWhere: sql`${groupMembers.status} <> 'active'`,
    })
    .returning({ id: groupMembers.memberId });
  return r.length > 0;
}

export async function updateMembership(tx: Tx, groupId: string, memberId: string, fields: Partial<typeof groupMembers.$inferInsert>): Promise<void> {
  await tx
    .update(groupMembers)
    .set(fields)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)));
}

export async function insertInvite(tx: Tx, row: typeof invites.$inferInsert): Promise<boolean> {
  const r = await tx.insert(invites).values(row).onConflictDoNothing().returning({ code: invites.code });
  return r.length > 0;
}

export async function getInvite(tx: Tx, code: string) {
  return (await tx.select().from(invites).where(eq(invites.code, code)))[0];
}

export async function latestInvite(tx: Tx, groupId: string) {
  return (await tx.select().from(invites).where(eq(invites.groupId, groupId)).orderBy(desc(invites.expiresAt)).limit(1))[0];
}

export async function insertCycles(tx: Tx, rows: Array<typeof cycles.$inferInsert>): Promise<void> {
  if (rows.length) await tx.insert(cycles).values(rows).onConflictDoNothing();
}

export async function insertDues(tx: Tx, rows: Array<typeof dues.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await tx
      .insert(dues)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
}

export async function cyclesOfGroup(tx: Tx, groupId: string): Promise<CycleRow[]> {
  return tx.select().from(cycles).where(eq(cycles.groupId, groupId)).orderBy(asc(cycles.cycleNo));
}

export async function duesOfCycle(tx: Tx, cycleId: string): Promise<DueRow[]> {
  return tx.select().from(dues).where(eq(dues.cycleId, cycleId));
}

export async function setCycleRecipients(tx: Tx, assignments: Array<{ cycleId: string; memberId: string }>): Promise<void> {
  for (const a of assignments) await tx.update(cycles).set({ recipientMemberId: a.memberId }).where(eq(cycles.id, a.cycleId));
}

/** Dues of a member who leaves: future, unpaid ones no longer apply. */
export async function dropFutureDues(tx: Tx, groupId: string, memberId: string, after: Date): Promise<void> {
  await tx.execute(
    sql`delete from dues where group_id = ${groupId} and member_id = ${memberId} and status = 'pending' and due_at > ${after.toISOString()}::timestamptz`,
  );
}

/** The payments side calls this when a contribution is captured in full (quorum counts paid dues). */
export async function markDuePaid(tx: Tx, cycleId: string, memberId: string, paidAt: Date): Promise<boolean> {
  const r = await tx
    .update(dues)
    .set({ status: 'paid', paidAt })
    .where(and(eq(dues.cycleId, cycleId), eq(dues.memberId, memberId), eq(dues.status, 'pending')))
    .returning({ m: dues.memberId });
  return r.length > 0;
}

export async function cyclesByIds(tx: Tx, ids: string[]): Promise<CycleRow[]> {
  return ids.length ? tx.select().from(cycles).where(inArray(cycles.id, ids)) : [];
}

export type DroppedCycle = { id: string; cycle_no: number; due_date: string };

/**
 * Drops the cycles a removed member's departure leaves without a recipient: cycles not started yet (due
 * instant in the future, no payout run) whose recipient is that member; in an auction group (recipients decided by bidding), the
 * last unassigned, unreleased cycles while there are more of them than active members still without a
 * pot. A dropped cycle keeps its row (the chain recorded it) with `status = 'dropped'`; its pending dues
 * are waived. Compare-and-set on the status, so a retry drops nothing twice. Call under the group lock.
 */
export async function dropOrphanCycles(tx: Tx, groupId: string, memberId: string, auction: boolean, now: Date): Promise<DroppedCycle[]> {
  const r = await tx.execute(sql`
    update cycles c set status = 'dropped'
    where c.group_id = ${groupId} and c.status <> 'dropped' and c.due_at > ${now.toISOString()}::timestamptz
      and not exists (select 1 from payout_runs p where p.cycle_id = c.id)
      and (c.recipient_member_id = ${memberId}
        or (${auction} and c.recipient_member_id is null and c.cycle_no in (
          select u.cycle_no from cycles u where u.group_id = ${groupId} and u.status <> 'dropped' and u.recipient_member_id is null
            and u.due_at > ${now.toISOString()}::timestamptz and not exists (select 1 from payout_runs p where p.cycle_id = u.id)
          order by u.cycle_no desc
          limit greatest(0, (select count(*) from cycles u where u.group_id = ${groupId} and u.status <> 'dropped' and u.recipient_member_id is null
              and not exists (select 1 from payout_runs p where p.cycle_id = u.id))
            - (select count(*) from group_members e where e.group_id = ${groupId} and e.status = 'active'
              and not exists (select 1 from cycles y where y.group_id = ${groupId} and y.recipient_member_id = e.member_id))))))
    returning c.id, c.cycle_no, c.due_date`);
  const dropped = (r.rows as Array<{ id: string; cycle_no: number; due_date: string }>).map((x) => ({
    id: x.id,
    cycle_no: Number(x.cycle_no),
    due_date: String(x.due_date),
  }));
  if (dropped.length)
    await tx.execute(sql`update dues set status = 'waived' where cycle_id = any(${sql.param(dropped.map((d) => d.id))}::text[]) and status = 'pending'`);
  return dropped.sort((a, b) => a.cycle_no - b.cycle_no);
}
