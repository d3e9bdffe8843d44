// The refund state machine: requested → approved → executed → completed | failed. A pre-release refund
// needs a group admin AND a platform admin, neither of them the requester, nobody twice; a post-release
// refund only comes from a dispute outcome.
export type RefundStatus = 'requested' | 'approved' | 'executed' | 'completed' | 'failed';
export type ApprovalRole = 'group_admin' | 'platform_admin' | 'dispute';

export type RefundApprovals = {
  kind: 'pre_release' | 'post_release';
  status: RefundStatus;
  requested_by: string;
  dispute_id: string | null;
  group_admin_approved_by: string | null;
  platform_admin_approved_by: string | null;
};

export type RefundError =
  | 'refund_not_requested'
  | 'approver_is_requester'
  | 'role_already_approved'
  | 'approver_already_approved'
  | 'post_release_requires_dispute'
  | 'dispute_approval_requires_dispute'
  | 'refund_not_approved'
  | 'refund_not_executed';

export type Approval = { role: ApprovalRole; approver_id: string };

/** Decides one approval; returns the status after it, or why it is refused. */
export function approve(r: RefundApprovals, a: Approval): { status_after: 'requested' | 'approved' } | { error: RefundError } {
  if (r.status !== 'requested') return { error: 'refund_not_requested' };
  if (a.role === 'dispute') {
    // A dispute outcome is the only way a post-release refund is authorised, and it authorises fully.
    if (r.dispute_id === null) return { error: 'dispute_approval_requires_dispute' };
    return { status_after: 'approved' };
  }
  if (r.kind === 'post_release') return { error: 'post_release_requires_dispute' };
  if (a.approver_id === r.requested_by) return { error: 'approver_is_requester' };
  if (a.role === 'group_admin' && r.group_admin_approved_by !== null) return { error: 'role_already_approved' };
  if (a.role === 'platform_admin' && r.platform_admin_approved_by !== null) return { error: 'role_already_approved' };
  if (a.approver_id === r.group_admin_approved_by || a.approver_id === r.platform_admin_approved_by) {
    return { error: 'approver_already_approved' };
  }
  const group_ok = a.role === 'group_admin' || r.group_admin_approved_by !== null;
  const platform_ok = a.role === 'platform_admin' || r.platform_admin_approved_by !== null;
  return { status_after: group_ok && platform_ok ? 'approved' : 'requested' };
}

const next: Record<'execute' | 'complete' | 'fail', { from: RefundStatus; to: RefundStatus; error: RefundError }> = {
  execute: { from: 'approved', to: 'executed', error: 'refund_not_approved' },
  complete: { from: 'executed', to: 'completed', error: 'refund_not_executed' },
  fail: { from: 'executed', to: 'failed', error: 'refund_not_executed' },
};

export function advance(status: RefundStatus, action: 'execute' | 'complete' | 'fail'): { status: RefundStatus } | { error: RefundError } {
  const step = next[action];
  return status === step.from ? { status: step.to } : { error: step.error };
}
