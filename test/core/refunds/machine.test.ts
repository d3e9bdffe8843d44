import { describe, expect, it } from 'vitest';
import { approve } from '../../../core/refunds/machine.ts';
import { transition } from '../../../core/disputes/machine.ts';

const base = {
  kind: 'pre_release' as const,
  status: 'requested' as const,
  requested_by: 'usr_m',
  dispute_id: null,
  group_admin_approved_by: null,
  platform_admin_approved_by: null,
};

describe('refund approvals', () => {
  it('need a group admin and a platform admin, neither the requester, nobody twice', () => {
    expect(approve(base, { role: 'group_admin', approver_id: 'usr_m' })).toEqual({ error: 'approver_is_requester' });
    expect(approve(base, { role: 'group_admin', approver_id: 'usr_a' })).toEqual({ status_after: 'requested' });
    const half = { ...base, group_admin_approved_by: 'usr_a' };
    expect(approve(half, { role: 'group_admin', approver_id: 'usr_b' })).toEqual({ error: 'role_already_approved' });
    expect(approve(half, { role: 'platform_admin', approver_id: 'usr_a' })).toEqual({ error: 'approver_already_approved' });
    expect(approve(half, { role: 'platform_admin', approver_id: 'adm_1' })).toEqual({ status_after: 'approved' });
  });
  it('after release only through a dispute outcome', () => {
    expect(approve({ ...base, kind: 'post_release' }, { role: 'platform_admin', approver_id: 'adm_1' })).toEqual({ error: 'post_release_requires_dispute' });
    expect(approve({ ...base, kind: 'post_release' }, { role: 'dispute', approver_id: 'adm_1' })).toEqual({ error: 'dispute_approval_requires_dispute' });
    expect(approve({ ...base, kind: 'post_release', dispute_id: 'dsp_1' }, { role: 'dispute', approver_id: 'adm_1' })).toEqual({ status_after: 'approved' });
  });
});

describe('dispute transitions', () => {
  it('go opened → evidence → investigation → resolved → closed only', () => {
    expect(transition('opened', 'add_evidence')).toEqual({ status: 'evidence' });
    expect(transition('evidence', 'start_investigation')).toEqual({ status: 'investigation' });
    expect(transition('investigation', 'resolve')).toEqual({ status: 'resolved' });
    expect(transition('resolved', 'close')).toEqual({ status: 'closed' });
    expect(transition('opened', 'resolve')).toMatchObject({ error: 'dispute_transition_invalid' });
    expect(transition('closed', 'add_evidence')).toMatchObject({ error: 'dispute_transition_invalid' });
  });
});
