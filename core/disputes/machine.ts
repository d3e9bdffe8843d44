// The dispute state machine: opened → evidence → investigation → resolved → closed, with the outcome
// (release, refund or chargeback) fixed at resolution.
export type DisputeStatus = 'opened' | 'evidence' | 'investigation' | 'resolved' | 'closed';
export type DisputeAction = 'add_evidence' | 'start_investigation' | 'resolve' | 'close';
export type DisputeOutcome = 'release' | 'refund' | 'chargeback';

const allowed: Record<DisputeAction, { from: readonly DisputeStatus[]; to: DisputeStatus }> = {
  // Evidence may keep arriving until someone starts investigating.
  add_evidence: { from: ['opened', 'evidence'], to: 'evidence' },
  start_investigation: { from: ['opened', 'evidence'], to: 'investigation' },
  resolve: { from: ['investigation'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
};

export function transition(
  status: DisputeStatus,
  action: DisputeAction,
): { status: DisputeStatus } | { error: 'dispute_transition_invalid'; from: DisputeStatus; action: DisputeAction } {
  const rule = allowed[action];
  return rule.from.includes(status) ? { status: rule.to } : { error: 'dispute_transition_invalid', from: status, action };
}

/** A dispute still holds the cycle (blocks release) until it is resolved. */
export function isOpen(status: DisputeStatus): boolean {
  return status === 'opened' || status === 'evidence' || status === 'investigation';
}
