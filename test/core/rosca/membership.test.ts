// Joining, removal and start rules, with the refusal codes the tools translate.
import { describe, expect, it } from 'vitest';
import {
  checkJoin,
  checkLeave,
  checkOrganizerAction,
  checkRemoval,
  checkStart,
  isGroupAdmin,
  isOrganizer,
  organizerOf,
  type Membership,
} from '../../../core/rosca/index.ts';

const m = (member_id: string, role: Membership['role'] = 'member', extra: Partial<Membership> = {}): Membership => ({
  member_id,
  role,
  status: 'active',
  has_received: false,
  owed_minor: 0n,
  ...extra,
});
const members = [m('org', 'organizer'), m('adm', 'admin'), m('amy'), m('ben', 'member', { has_received: true, owed_minor: 100n })];
const open = { status: 'open' as const, members_count: 5 };
const running = { status: 'active' as const, members_count: 4 };

describe('membership', () => {
  it('knows the organizer and admins', () => {
    expect(organizerOf(members).member_id).toBe('org');
    expect(isOrganizer(members, 'org')).toBe(true);
    expect(isOrganizer(members, 'adm')).toBe(false);
    expect(isGroupAdmin(members, 'adm')).toBe(true);
    expect(isGroupAdmin(members, 'amy')).toBe(false);
  });

  it('lets people join an open group with a free seat, once', () => {
    expect(checkJoin(open, members, 'new')).toEqual({ ok: true });
    expect(checkJoin(open, members, 'amy')).toEqual({ ok: false, code: 'already_member' });
    expect(checkJoin({ ...open, members_count: 4 }, members, 'new')).toEqual({ ok: false, code: 'group_full' });
    expect(checkJoin(running, members, 'new')).toEqual({ ok: false, code: 'group_not_open' });
    expect(checkJoin(open, [...members, m('gone', 'member', { status: 'removed' })], 'gone')).toEqual({ ok: true });
  });

  it('protects the organizer, the roles, and money owed by someone who already received', () => {
    expect(checkRemoval(running, members, 'org', 'amy')).toEqual({ ok: true });
    expect(checkRemoval(running, members, 'adm', 'amy')).toEqual({ ok: true });
    expect(checkRemoval(running, members, 'amy', 'adm')).toEqual({ ok: false, code: 'not_allowed' });
    expect(checkRemoval(running, members, 'adm', 'adm')).toEqual({ ok: false, code: 'not_allowed' });
    expect(checkRemoval(running, members, 'adm', 'org')).toEqual({ ok: false, code: 'cannot_remove_organizer' });
    expect(checkRemoval(running, members, 'org', 'org')).toEqual({ ok: false, code: 'cannot_remove_organizer' });
    expect(checkRemoval(running, members, 'org', 'ben')).toEqual({ ok: false, code: 'received_not_settled' });
    expect(checkRemoval(running, [...members.slice(0, 3), m('ben', 'member', { has_received: true })], 'org', 'ben')).toEqual({ ok: true });
    expect(checkRemoval(running, members, 'org', 'nobody')).toEqual({ ok: false, code: 'not_a_member' });
    expect(checkLeave(running, members, 'ben')).toEqual({ ok: false, code: 'received_not_settled' });
    expect(checkLeave(running, members, 'org')).toEqual({ ok: false, code: 'cannot_remove_organizer' });
  });

  it('lets only the organizer start a full open group', () => {
    expect(checkStart({ ...open, members_count: 4 }, members, 'org')).toEqual({ ok: true });
    expect(checkStart(open, members, 'org')).toEqual({ ok: false, code: 'not_enough_members' });
    expect(checkStart({ ...open, members_count: 4 }, members, 'adm')).toEqual({ ok: false, code: 'not_allowed' });
    expect(checkStart(running, members, 'org')).toEqual({ ok: false, code: 'group_not_open' });
    expect(checkOrganizerAction(running, members, 'amy')).toEqual({ ok: false, code: 'not_allowed' });
    expect(checkOrganizerAction({ ...running, status: 'completed' }, members, 'org')).toEqual({ ok: false, code: 'group_closed' });
  });
});
