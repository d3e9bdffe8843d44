// Who is in a group and in which role, and the rules for joining, removing members and starting.
// Returns stable refusal codes; the tools turn them into localized texts (join.*, member.remove_*).

export type GroupRole = 'organizer' | 'admin' | 'member';
export type GroupStatus = 'open' | 'active' | 'completed' | 'cancelled';
export type MembershipStatus = 'active' | 'removed';

export type Membership = {
  member_id: string;
  role: GroupRole;
  status: MembershipStatus;
  has_received: boolean; // already received a pot in this round
  owed_minor: bigint; // contributions and fees still owed to the group (0 when settled)
};

export type GroupForMembership = { status: GroupStatus; members_count: number };

function active(members: readonly Membership[]): Membership[] {
  return members.filter((m) => m.status === 'active');
}

export function findMember(members: readonly Membership[], member_id: string): Membership | undefined {
  return active(members).find((m) => m.member_id === member_id);
}

export function organizerOf(members: readonly Membership[]): Membership {
  const organizers = active(members).filter((m) => m.role === 'organizer');
  if (organizers.length !== 1) throw new Error(`rosca.membership: a group has exactly one organizer, found ${organizers.length}`);
  return organizers[0];
}

export function isOrganizer(members: readonly Membership[], member_id: string): boolean {
  return findMember(members, member_id)?.role === 'organizer';
}

/** Organizer or admin: may manage members. Only the organizer edits rules, payout order and starts. */
export function isGroupAdmin(members: readonly Membership[], member_id: string): boolean {
  const role = findMember(members, member_id)?.role;
  return role === 'organizer' || role === 'admin';
}

export function activeCount(members: readonly Membership[]): number {
  return active(members).length;
}

export type JoinRefusal = 'group_not_open' | 'already_member' | 'group_full';

/** Whether `member_id` may join now. A removed member may be re-invited while the group is open. */
export function checkJoin(group: GroupForMembership, members: readonly Membership[], member_id: string): { ok: true } | { ok: false; code: JoinRefusal } {
  if (findMember(members, member_id)) return { ok: false, code: 'already_member' };
  if (group.status !== 'open') return { ok: false, code: 'group_not_open' };
  if (activeCount(members) >= group.members_count) return { ok: false, code: 'group_full' };
  return { ok: true };
}

export type RemovalRefusal = 'not_a_member' | 'not_allowed' | 'cannot_remove_organizer' | 'received_not_settled' | 'group_closed';

/**
 * Whether `actor_id` may remove `target_id`. The organizer removes anyone but themself; an admin removes
 * plain members only. Someone who has received the pot cannot leave owing the group money.
 * (Confirmation and PIN are policies/, not this.)
 */
export function checkRemoval(
  group: GroupForMembership,
  members: readonly Membership[],
  actor_id: string,
  target_id: string,
): { ok: true } | { ok: false; code: RemovalRefusal } {
  const actor = findMember(members, actor_id);
  const target = findMember(members, target_id);
  if (!target) return { ok: false, code: 'not_a_member' };
  if (group.status === 'completed' || group.status === 'cancelled') return { ok: false, code: 'group_closed' };
  if (target.role === 'organizer') return { ok: false, code: 'cannot_remove_organizer' };
  if (!actor || (actor.role !== 'organizer' && !(actor.role === 'admin' && target.role === 'member'))) {
    return { ok: false, code: 'not_allowed' };
  }
  if (target.has_received && target.owed_minor > 0n) return { ok: false, code: 'received_not_settled' };
  return { ok: true };
}

/** A member may leave on their own terms under the same money rule; the organizer cannot leave. */
export function checkLeave(group: GroupForMembership, members: readonly Membership[], member_id: string) {
  const me = findMember(members, member_id);
  if (!me) return { ok: false as const, code: 'not_a_member' as const };
  if (me.role === 'organizer') return { ok: false as const, code: 'cannot_remove_organizer' as const };
  if (group.status === 'completed' || group.status === 'cancelled') return { ok: false as const, code: 'group_closed' as const };
  if (me.has_received && me.owed_minor > 0n) return { ok: false as const, code: 'received_not_settled' as const };
  return { ok: true as const };
}

export type StartRefusal = 'not_allowed' | 'group_not_open' | 'not_enough_members';

/** START: only the organizer, only an open group, and only once every seat is taken. */
export function checkStart(group: GroupForMembership, members: readonly Membership[], actor_id: string): { ok: true } | { ok: false; code: StartRefusal } {
  if (!isOrganizer(members, actor_id)) return { ok: false, code: 'not_allowed' };
  if (group.status !== 'open') return { ok: false, code: 'group_not_open' };
  if (activeCount(members) < group.members_count) return { ok: false, code: 'not_enough_members' };
  return { ok: true };
}

/** Editing rules or the payout order: the organizer only, and not once the round is over. */
export function checkOrganizerAction(
  group: GroupForMembership,
  members: readonly Membership[],
  actor_id: string,
): { ok: true } | { ok: false; code: 'not_allowed' | 'group_closed' } {
  if (!isOrganizer(members, actor_id)) return { ok: false, code: 'not_allowed' };
  if (group.status === 'completed' || group.status === 'cancelled') return { ok: false, code: 'group_closed' };
  return { ok: true };
}

export type CancelRefusal = 'not_allowed' | 'needs_platform_admin' | 'group_closed';

/**
 * Cancelling a group: the organizer may cancel it while it is open (no money collected yet); once it is
 * running money sits in escrow, so only a platform admin may (`by: 'platform_admin'`). A completed or
 * already cancelled group cannot be cancelled.
 */
export function checkCancel(
  group: GroupForMembership,
  members: readonly Membership[],
  actor: { by: 'organizer'; member_id: string } | { by: 'platform_admin' },
): { ok: true } | { ok: false; code: CancelRefusal } {
  if (actor.by === 'organizer' && !isOrganizer(members, actor.member_id)) return { ok: false, code: 'not_allowed' };
  if (group.status === 'completed' || group.status === 'cancelled') return { ok: false, code: 'group_closed' };
  if (group.status === 'active' && actor.by !== 'platform_admin') return { ok: false, code: 'needs_platform_admin' };
  return { ok: true };
}
