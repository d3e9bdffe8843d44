// The platform-admin audit trail (admin_actions), TOTP replay state, support tickets as admins see
// them, risk flags, and the look-ups the admin commands need (members by group, groups by name).
import { and, desc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { adminActions, adminTotp, riskFlags } from '../schema/disputes-admin.ts';
import { groupMembers, groups } from '../schema/groups.ts';
import { supportTickets } from '../schema/support.ts';

/** Records an action once per idempotency key; false when the key was already used (a retry). */
export async function recordAdminAction(
  tx: Tx,
  row: { id: string; adminId: string; action: string; target: string; details?: Record<string, unknown>; idempotencyKey: string; createdAt: Date },
): Promise<boolean> {
  const r = await tx
    .insert(adminActions)
    .values({ ...row, details: row.details ?? {} })
    .onConflictDoNothing()
    .returning({ id: adminActions.id });
  return r.length > 0;
}

export async function adminActionByKey(tx: Tx, key: string) {
  return (await tx.select().from(adminActions).where(eq(adminActions.idempotencyKey, key)))[0];
}

export async function adminActionsOf(tx: Tx, adminId: string) {
  return tx.select().from(adminActions).where(eq(adminActions.adminId, adminId)).orderBy(desc(adminActions.createdAt));
}

export async function totpState(tx: Tx, memberId: string) {
  return (await tx.select().from(adminTotp).where(eq(adminTotp.memberId, memberId)))[0];
}

export async function upsertTotpState(tx: Tx, memberId: string, set: Partial<typeof adminTotp.$inferInsert>) {
  await tx
    .insert(adminTotp)
    .values({ memberId, ...set })
    .onConflictDoUpdate({ target: adminTotp.memberId, set });
}

/** Accepts a TOTP step only if it is newer than the last accepted one (a code works once). */
export async function claimTotpStep(tx: Tx, memberId: string, step: number, at: Date): Promise<boolean> {
  const r = await tx.execute(sql`
    insert into admin_totp (member_id, last_step, confirmed_at) values (${memberId}, ${step}, ${at.toISOString()}::timestamptz)
    on conflict (member_id) do update set last_step = excluded.last_step, confirmed_at = coalesce(admin_totp.confirmed_at, excluded.confirmed_at)
      where admin_totp.last_step is null or admin_totp.last_step < excluded.last_step
    returning member_id`);
  return r.rows.length > 0;
}

export async function openTickets(tx: Tx, limit: number) {
  return tx.select().from(supportTickets).where(eq(supportTickets.status, 'open')).orderBy(supportTickets.createdAt).limit(limit);
}

export async function ticketById(tx: Tx, id: string) {
  return (await tx.select().from(supportTickets).where(eq(supportTickets.id, id)))[0];
}

export async function setTicketStatus(tx: Tx, id: string, status: 'answered' | 'closed') {
  await tx.update(supportTickets).set({ status }).where(eq(supportTickets.id, id));
}

export async function groupsByName(tx: Tx, name: string, limit = 5) {
  const exact = await tx.select().from(groups).where(sql`lower(${groups.name}) = lower(${name})`).limit(limit);
  if (exact.length) return exact;
  const pattern = `%${name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return tx.select().from(groups).where(ilike(groups.name, pattern)).limit(limit);
}

export async function groupById(tx: Tx, id: string) {
  return (await tx.select().from(groups).where(eq(groups.id, id)))[0];
}

export async function activeMemberIds(tx: Tx, groupId: string): Promise<string[]> {
  const r = await tx
    .select({ id: groupMembers.memberId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, 'active')));
  return r.map((x) => x.id);
}

export async function groupsOfMemberForAdmin(tx: Tx, memberId: string) {
  return tx
    .select({ id: groups.id, name: groups.name, status: groups.status, role: groupMembers.role })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(eq(groupMembers.memberId, memberId));
}

export async function insertRiskFlag(tx: Tx, row: typeof riskFlags.$inferInsert): Promise<boolean> {
  const r = await tx.insert(riskFlags).values(row).onConflictDoNothing().returning({ id: riskFlags.id });
  return r.length > 0;
}

export async function openRiskFlags(tx: Tx, limit: number) {
  return tx
    .select()
    .from(riskFlags)
    .where(inArray(riskFlags.status, ['open', 'frozen']))
    .orderBy(riskFlags.createdAt)
    .limit(limit);
}

/** Active freezes of a cycle that an admin may lift by hand (dispute freezes end with their dispute). */
export async function liftableFreezes(tx: Tx, cycleId: string): Promise<Array<{ id: string; groupId: string; cycleId: string }>> {
  const r = await tx.execute(
    sql`select id, group_id as "groupId", cycle_id as "cycleId" from escrow_freezes where cycle_id = ${cycleId} and status = 'active' and reason <> 'dispute'`,
  );
  return r.rows as never;
}

export async function dismissFlagsOfFreezes(tx: Tx, freezeIds: string[]) {
  if (freezeIds.length) await tx.update(riskFlags).set({ status: 'dismissed' }).where(inArray(riskFlags.freezeId, freezeIds));
}

export async function markFlagUnfrozen(tx: Tx, dedupeKey: string) {
  await tx.update(riskFlags).set({ status: 'open', freezeId: null }).where(eq(riskFlags.dedupeKey, dedupeKey));
}
