// Refund rules decided in code: above which amount an approver must give their PIN, which reasons
// are refunded automatically (still through the ledger's two approvals, recorded as the policy), and
// the order approvals must come in (the group's organizer first, then a platform admin).
import type { Role } from './roles.ts';

/** Minor units per currency above which approving a refund needs the approver's PIN. */
export const refund_pin_threshold_minor: Record<string, bigint> = {
  KES: 100_000n, // 1,000.00 KES
  TZS: 2_500_000n,
  UGX: 40_000n,
  CDF: 3_000_000n,
  XAF: 6_000n,
  XOF: 6_000n,
  RWF: 1_300_000n,
  USD: 1_000n,
};
const default_threshold_minor = 100_000n;

export function refundNeedsPin(amountMinor: bigint, currency: string): boolean {
  return amountMinor > (refund_pin_threshold_minor[currency.toUpperCase()] ?? default_threshold_minor);
}

/**
 * Reasons the platform refunds without anyone asking: the money was never a contribution, or the pot it
 * was paid into will never be paid out (the group was cancelled; the cycle was dropped when its recipient
 * was removed).
 */
export const AUTOMATIC_REFUND_REASONS = ['payment_failed', 'duplicate_payment', 'overpayment', 'group_cancelled', 'turn_dropped'] as const;
export type AutomaticRefundReason = (typeof AUTOMATIC_REFUND_REASONS)[number];

/** The policy's own approver ids: distinct from every person, so no human approval is impersonated. */
export const POLICY_APPROVER = { group_admin: 'policy:auto_refund:group', platform_admin: 'policy:auto_refund:platform' } as const;

/** Automatic refunds up to this many minor units are approved by the policy; bigger ones wait for people. */
export const auto_refund_max_minor: Record<string, bigint> = { KES: 5_000_000n, USD: 50_000n };
export function autoApprovable(amountMinor: bigint, currency: string): boolean {
  return amountMinor <= (auto_refund_max_minor[currency.toUpperCase()] ?? 5_000_000n);
}

export type RefundApprovalStep = 'group_admin' | 'platform_admin';

/**
 * Which approval a person may give now. Group admin first, then platform admin (§4.4): a platform
 * admin cannot skip the organizer. The ledger separately refuses the requester and double approvals.
 */
export function nextApproval(r: { groupAdminApprovedBy: string | null; platformAdminApprovedBy: string | null; status: string }): RefundApprovalStep | null {
  if (r.status !== 'requested') return null;
  if (!r.groupAdminApprovedBy) return 'group_admin';
  if (!r.platformAdminApprovedBy) return 'platform_admin';
  return null;
}

export function roleForStep(step: RefundApprovalStep): Role {
  return step === 'group_admin' ? 'organizer' : 'platform_admin_verified';
}
