// Which agent and tool serve each intent the NLU recognises. Universal intents are served by the
// common tools every agent has, so they never need a handoff.
import { countryDefaults } from '../../core/rosca/index.ts';
import type { AgentName } from '../graph.ts';
import type { AgentState } from '../state.ts';
import { type Currency, CURRENCIES, extractCorrection, extractGroupSlots, type GroupSlots, isCorrection } from './nlu/index.ts';

export type Route = { agent: AgentName | 'any'; tool: string; args?: (slots: Record<string, unknown>, text: string) => Record<string, unknown> };

const text = (_s: Record<string, unknown>, t: string) => ({ text: t });

/** A phone number written anywhere in the message (+254 712 345 678, 0712345678). */
export function phoneIn(t: string): string | undefined {
  return /(\+?\d[\d\s-]{7,16}\d)/.exec(t)?.[1]?.replace(/[\s-]/g, '');
}

/** A dispute reference written in the message ("status of dsp_01…"). */
export function disputeIdArg(t: string): Record<string, unknown> {
  const id = /\bdsp_[0-9A-Za-z]{6,40}\b/.exec(t)?.[0];
  return id ? { dispute_id: id } : {};
}

export const ROUTES: Record<string, Route> = {
  greeting: { agent: 'any', tool: 'show_menu' },
  menu: { agent: 'any', tool: 'show_menu' },
  help: { agent: 'any', tool: 'show_help' },
  status: { agent: 'any', tool: 'show_status' },
  stop_reminders: { agent: 'any', tool: 'pause_reminders' },
  resume_reminders: { agent: 'any', tool: 'resume_reminders' },
  change_language: { agent: 'any', tool: 'change_language', args: (s) => ((s.language ?? s.lang) ? { language: s.language ?? s.lang } : {}) },
  support_human: { agent: 'any', tool: 'talk_to_human', args: (_s, t) => ({ summary: t.slice(0, 500) }) },
  settings: { agent: 'any', tool: 'show_settings' },
  off_topic: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'off_topic' }) },
  abuse: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'abuse' }) },
  injection: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'injection' }) },
  privacy: { agent: 'any', tool: 'refuse', args: () => ({ reason: 'privacy' }) },
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
  cancel_group: { agent: 'Setup', tool: 'cancel_group', args: text },
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
  // Read only: where the member's own disputes stand (one, when a dsp_ reference is named).
  dispute_status: { agent: 'Disputes', tool: 'dispute_status', args: (_s, t) => disputeIdArg(t) },
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
  admin_totp: { agent: 'Admin', tool: 'admin_verify_totp' },
  settings: { agent: 'Triage', tool: 'show_settings' },
  payout_destination: { agent: 'Payments', tool: 'set_payout_destination' },
  start_group: { agent: 'Setup', tool: 'start_group' },
  group_admin: { agent: 'Setup', tool: 'group_admin_menu' },
};

const STEP_SLOT: Record<string, keyof GroupSlots> = {
  name: 'name',
  amount: 'amount',
  frequency: 'frequency',
  start_date: 'startDate',
  members_count: 'membersCount',
  payout_order: 'payoutOrder',
  late_fee: 'lateFee',
  grace_days: 'graceDays',
  quorum: 'quorumPercent',
};

/** create_group / edit_rules arguments: the text plus every group detail the NLU read in it. */
export function groupSlotArgs(state: AgentState, text: string, step?: string): Record<string, unknown> {
  const d = countryDefaults(state.country);
  const currency = d && (CURRENCIES as readonly string[]).includes(d.currency) ? (d.currency as Currency) : undefined;
  const opts = { now: new Date(state.now), timeZone: d?.timeZone ?? 'Africa/Nairobi', lang: state.locale, defaultCurrency: currency };
  const lastAsked = step ? STEP_SLOT[step] : undefined;
  const found: GroupSlots = { ...extractGroupSlots(text, opts), ...extractCorrection(text, { ...opts, lastAsked }) };
  const slots: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(found)) {
    if (v === undefined) continue;
    if (k === 'amount' || k === 'lateFee') {
      const m = v as { amount: string; currency?: string };
      slots[k] = m.currency ? { amount: m.amount, currency: m.currency } : { amount: m.amount };
    } else slots[k] = v;
  }
  return { text, slots, correction: isCorrection(text) };
}

/**
 * Reply-button ids (core/i18n BUTTON_SETS) arrive as the message text. Outside a flow they mean
 * these intents; inside a flow the flow's tool receives the id itself and interprets it.
 */
export const BUTTON_INTENTS: Record<string, { intent: string; slots?: Record<string, unknown> }> = {
  english: { intent: 'change_language', slots: { language: 'en' } },
  french: { intent: 'change_language', slots: { language: 'fr' } },
  swahili: { intent: 'change_language', slots: { language: 'sw' } },
  pay_now: { intent: 'pay' },
  status: { intent: 'status' },
  help: { intent: 'help' },
  menu: { intent: 'menu' },
  agree: { intent: 'agree' },
  rules: { intent: 'rules' },
  start: { intent: 'start_group' },
  dispute: { intent: 'dispute' },
  ok: { intent: 'yes' },
  confirm: { intent: 'yes' },
  yes: { intent: 'yes' },
  no: { intent: 'no' },
  cancel: { intent: 'cancel' },
  resume_reminders: { intent: 'resume_reminders' },
  talk_to_agent: { intent: 'support_human' },
};

export const UNIVERSAL_INTENTS = new Set(['menu', 'help', 'status', 'stop_reminders', 'resume_reminders', 'change_language', 'support_human', 'cancel']);
