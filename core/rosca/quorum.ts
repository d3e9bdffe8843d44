// Quorum: how many members must have paid a cycle before its pot may be released (spec 4.3).

/** Members who must have paid: ceil(members × percent / 100), at least 1. */
export function quorumRequired(members_count: number, quorum_percent: number): number {
  if (!Number.isInteger(members_count) || members_count < 1) throw new Error(`rosca.quorum: members_count ${members_count}`);
  if (!Number.isInteger(quorum_percent) || quorum_percent < 1 || quorum_percent > 100) {
    throw new Error(`rosca.quorum: quorum_percent ${quorum_percent}`);
  }
  return Math.max(1, Math.ceil((members_count * quorum_percent) / 100));
}

export type QuorumStatus = { paid_count: number; required_count: number; members_count: number; met: boolean };

/**
 * Whether a cycle has met quorum. `paid_member_ids` are members whose contribution for the cycle is
 * captured in full; duplicates and non-members are ignored (a member counts once).
 */
export function quorumStatus(input: { member_ids: readonly string[]; paid_member_ids: readonly string[]; quorum_percent: number }): QuorumStatus {
  const members = new Set(input.member_ids);
  const paid = new Set(input.paid_member_ids.filter((id) => members.has(id)));
  const required_count = quorumRequired(members.size, input.quorum_percent);
  return { paid_count: paid.size, required_count, members_count: members.size, met: paid.size >= required_count };
}
