// Which agent and tool serve each intent the NLU recognises. Universal intents are served by the
// common tools every agent has, so they never need a handoff.
import type { AgentName } from '../graph.ts';

export type Route = { agent: AgentName | 'any'; tool: string; args?: (slots: Record<string, unknown>, text: string) => Record<string, unknown> };

const text = (_s: Record<string, unknown>, t: string) => ({ text: t });

/** A phone number written anywhere in the message (+254 712 345 678, 0712345678). */
export function phoneIn(t: string): string | undefined {
  return /(\+?\d[\d\s-]{7,16}\d)/.exec(t)?.[1]?.replace(/[\s-]/g, '');
}

export const ROUTES: Record<string, Route> = {
  greeting: { agent: 'any', tool: 'show_menu' },
  menu: { agent: 'any', tool: 'show_menu' },
  help: { agent: 'any', tool: 'show_help' },
  status: { agent: 'any', tool: 'show_status' },
  stop_reminders: { agent: 'any', tool: 'pause_reminders' },
  resume_reminders: { agent: 'any', tool: 'resume_reminders' },
  change_language: { agent: 'any', tool: 'change_language', args: (s) => (s.language ? { language: s.language } : {}) },
  support_human: { agent: 'any', tool: 'talk_to_human', args: (_s, t) => ({ summary: t.slice(0, 500) }) },
  settings: { agent: 'any', tool: 'show_settings' },
  off_topic: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'off_topic' }) },
  abuse: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'abuse' }) },
  injection: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'injection' }) },
  // Groups
  create_group: { agent: 'Setup', tool: 'create_group', args: text },
  join_group: { agent: 'Setup', tool: 'join_group', args: (s, t) => ({ code: s.code, text: t }) },
  agree: { agent: 'Setup', tool: 'join_group', args: (_s, t) => ({ text: t }) },
  rules: { agent: 'Setup', tool: 'group_rules', args: text },
  start_group: { agent: 'Setup', tool: 'start_group', args: text },
  my_groups: { agent: 'Setup', tool: 'my_groups' },
  invite: { agent: 'Setup', tool: 'invite_members', args: text },
  manage_members: { agent: 'Setup', tool: 'group_admin_menu', args: text },
  group_admin_menu: { agent: 'Setup', tool: 'group_admin_menu', args: text },
  remove_member: { agent: 'Setup', tool: 'remove_member', args: (s, t) => ({ member: s.name ?? s.phone, text: t }) },
  edit_rules: { agent: 'Setup', tool: 'edit_rules', args: text },
  change_payout_order: { agent: 'Setup', tool: 'change_payout_order', args: text },
  cycle_status: { agent: 'Setup', tool: 'cycle_status', args: text },
  reports: { agent: 'Setup', tool: 'cycle_status', args: text },
  // Payments
  pay: { agent: 'Payments', tool: 'initiate_payment', args: text },
  payment_status: { agent: 'Payments', tool: 'get_payment_status', args: text },
  receipts: { agent: 'Payments', tool: 'my_receipts' },
  next_payout: { agent: 'Payments', tool: 'next_payout' },
  change_payout_destination: { agent: 'Payments', tool: 'set_payout_destination', args: (s, t) => ({ phone: s.phone ?? phoneIn(t) }) },
  // Disputes
  dispute: { agent: 'Disputes', tool: 'open_dispute', args: (s, t) => ({ type: s.type ?? 'other', text: t }) },
  refund_request: { agent: 'Disputes', tool: 'request_refund', args: text },
  // Platform admin
  admin_menu: { agent: 'Admin', tool: 'admin_menu', args: text },
};

/** Flows in progress take the member's next message, unless it is a universal command. */
export const FLOW_TOOLS: Record<string, { agent: AgentName; tool: string }> = {
  create_group: { agent: 'Setup', tool: 'create_group' },
  join_group: { agent: 'Setup', tool: 'join_group' },
  edit_rules: { agent: 'Setup', tool: 'edit_rules' },
  choose_slot: { agent: 'Setup', tool: 'choose_payout_slot' },
  auction_bid: { agent: 'Setup', tool: 'place_bid' },
  pay: { agent: 'Payments', tool: 'initiate_payment' },
  dispute: { agent: 'Disputes', tool: 'open_dispute' },
  refund: { agent: 'Disputes', tool: 'request_refund' },
  admin: { agent: 'Admin', tool: 'admin_menu' },
  settings: { agent: 'Triage', tool: 'show_settings' },
  payout_destination: { agent: 'Payments', tool: 'set_payout_destination' },
};

export const UNIVERSAL_INTENTS = new Set(['menu', 'help', 'status', 'stop_reminders', 'resume_reminders', 'change_language', 'support_human', 'cancel']);
