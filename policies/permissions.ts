// Who may call which tool, and which tools need the member's PIN. The tool layer enforces this on
// every call (tools/guard.ts); the model only ever sees the tools a role allows (isEnabled).
import type { Role } from './roles.ts';

type Rule = { roles: Role[]; pin?: boolean; onboarded?: boolean };

const ANY: Role[] = ['member'];
const ORGANIZER: Role[] = ['organizer'];
const ADMIN: Role[] = ['platform_admin_verified'];

/** Unlisted tools are refused: a new tool must be given a rule here before anyone can use it. */
export const TOOL_RULES: Record<string, Rule> = {
  onboarding_answer: { roles: ANY, onboarded: false },
  show_menu: { roles: ANY },
  show_help: { roles: ANY },
  show_status: { roles: ANY },
  pause_reminders: { roles: ANY },
  resume_reminders: { roles: ANY },
  change_language: { roles: ANY },
  talk_to_human: { roles: ANY },
  clarify: { roles: ANY },
  refuse: { roles: ANY },
  show_settings: { roles: ANY },
  set_payout_destination: { roles: ANY, pin: true },
  // Groups (issue 4)
  create_group: { roles: ANY },
  join_group: { roles: ANY },
  my_groups: { roles: ANY },
  group_rules: { roles: ANY },
  invite_members: { roles: ORGANIZER },
  start_group: { roles: ORGANIZER },
  edit_rules: { roles: ORGANIZER },
  remove_member: { roles: ORGANIZER, pin: true },
  change_payout_order: { roles: ORGANIZER, pin: true },
  // Cancelling an open group (the service refuses a running one: only a platform admin may, below).
  cancel_group: { roles: ORGANIZER, pin: true },
  cycle_status: { roles: ANY },
  group_admin_menu: { roles: ORGANIZER },
  choose_payout_slot: { roles: ANY },
  place_bid: { roles: ANY },
  // Payments (issue 5)
  initiate_payment: { roles: ANY },
  get_payment_status: { roles: ANY },
  my_receipts: { roles: ANY },
  next_payout: { roles: ANY },
  // Disputes and refunds (issue 6)
  open_dispute: { roles: ANY },
  add_dispute_evidence: { roles: ANY },
  // Read only; the member sees only disputes they opened or that are about their own money (the service's query).
  dispute_status: { roles: ANY },
  request_refund: { roles: ANY },
  approve_refund_group: { roles: ORGANIZER, pin: true },
  // Platform admin (issue 6): only with a fresh TOTP.
  admin_verify_totp: { roles: ['platform_admin'] },
  admin_menu: { roles: ADMIN },
  admin_list_disputes: { roles: ADMIN },
  admin_resolve_dispute: { roles: ADMIN, pin: true },
  admin_freeze_group: { roles: ADMIN, pin: true },
  admin_search: { roles: ADMIN },
  admin_approve_refund: { roles: ADMIN, pin: true },
  admin_reply_ticket: { roles: ADMIN },
  admin_unfreeze_group: { roles: ADMIN, pin: true },
  admin_cancel_group: { roles: ADMIN, pin: true },
};

export type Decision = { allowed: true } | { allowed: false; reason: 'unknown_tool' | 'role' | 'not_onboarded' | 'already_onboarded' };

export function authorize(tool: string, ctx: { roles: readonly Role[]; onboarded: boolean }): Decision {
  const rule = TOOL_RULES[tool];
  if (!rule) return { allowed: false, reason: 'unknown_tool' };
  if (rule.onboarded === false) return ctx.onboarded ? { allowed: false, reason: 'already_onboarded' } : { allowed: true };
  if (!ctx.onboarded && tool !== 'show_help' && tool !== 'change_language') return { allowed: false, reason: 'not_onboarded' };
  if (!rule.roles.some((r) => ctx.roles.includes(r))) return { allowed: false, reason: 'role' };
  return { allowed: true };
}

export function needsPin(tool: string): boolean {
  return TOOL_RULES[tool]?.pin === true;
}
