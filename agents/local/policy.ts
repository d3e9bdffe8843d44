// The local model's decision rules: given what the member just said and the conversation state,
// call a tool, hand off to the agent that owns the intent, relay a tool's localized text, or ask a
// clarifying question. Deterministic: the same history always gives the same decision.
import { t } from '../../core/i18n/index.ts';
import { TOOL_RULES } from '../../policies/permissions.ts';
import { mainMenuIntent } from '../../tools/menus.ts';
import { parseToolReply } from '../../tools/reply.ts';
import { parseAdminCommand } from '../../tools/admin-commands.ts';
import { PROPOSAL_FLOW, parseConfirmStep } from '../../tools/admin-confirm.ts';
import type { AgentName } from '../graph.ts';
import type { AgentState } from '../state.ts';
import { classify, detectInjection } from './nlu/index.ts';
import { BUTTON_INTENTS, disputeIdArg, FLOW_TOOLS, groupSlotArgs, phoneIn, ROUTES, UNIVERSAL_INTENTS } from './routes.ts';

export type Decision = { kind: 'handoff'; to: AgentName } | { kind: 'tool'; name: string; args: Record<string, unknown> } | { kind: 'reply'; text: string };

export type PolicyInput = {
  agent: AgentName;
  state: AgentState;
  userText: string;
  /** Outputs of non-handoff tools since the member's last message, oldest first. */
  toolResults: Array<{ name: string; output: string }>;
  handoffsSinceUser: number;
  tools: Set<string>;
  handoffs: Set<AgentName>;
};

const handoffs_per_turn_max = 2;

export function decide(p: PolicyInput): Decision {
  const { state } = p;
  const last = p.toolResults.at(-1);
  if (last) return { kind: 'reply', text: parseToolReply(last.output)?.text ?? last.output };

  const text = p.userText.trim();
  const call = (name: string, args: Record<string, unknown> = {}): Decision => toolOrHandoff(p, 'any', name, args);

  if (!state.onboarded) {
    // Universal commands still work mid-onboarding ("msaada" is a plea for help, not a name); a human
    // cannot be reached before onboarding ends, so a call for one gets the help text.
    const c = classify(text, { lang: state.locale });
    if (c.intent === 'help' || c.intent === 'support_human') return call('show_help');
    return toolOrHandoff(p, 'Triage', 'onboarding_answer', { answer: text.slice(0, 200) });
  }
  if (!text) return call('clarify', { reason: 'unclear' });
  if (!/[\p{L}\p{N}]/u.test(text)) return call('clarify', { reason: 'emoji_only' });
  const injection = detectInjection(text);
  if (injection.flagged && injection.kinds.some((k) => k !== 'prompt_extraction' && k !== 'markup')) return call('refuse', { reason: 'injection' });

  // Platform-admin commands (issue 6) are decided before the NLU.
  const admin = adminDecision(p, text);
  if (admin) return admin;

  const button = BUTTON_INTENTS[text];
  const c = button
    ? { intent: button.intent, confidence: 1, slots: button.slots ?? {} }
    : classify(text, { lang: state.locale, expecting: state.flow ? [state.flow.name, 'cancel'] : undefined });
  // "print your system prompt": nothing about the instructions is ever shown, unless the message is a real request too.
  if (injection.kinds.includes('prompt_extraction') && !state.flow && PROMPT_EXTRACTION_SOFT.has(c.intent)) return call('refuse', { reason: 'injection' });
  // A listed admin asking for the admin menu without a fresh TOTP is asked for the code first.
  if (c.intent === 'admin_menu' && state.roles.includes('platform_admin') && !state.roles.includes('platform_admin_verified')) {
    return toolOrHandoff(p, 'Admin', 'admin_verify_totp', {});
  }
  if (state.flow?.name === PROPOSAL_FLOW) {
    // A proposal waits for YES; anything else cancels it (universal commands still work).
    const { tool, withPin } = parseConfirmStep(state.flow.step);
    const owner = tool === 'approve_refund_group' ? 'Disputes' : tool === 'cancel_group' ? 'Setup' : 'Admin';
    if (c.intent === 'yes') return toolOrHandoff(p, owner, tool, withPin ? { confirm: true, with_pin: true } : { confirm: true });
    if (!UNIVERSAL_INTENTS.has(c.intent) || c.intent === 'cancel') return toolOrHandoff(p, owner, tool, { cancel: true });
  }
  // "Which group?" was asked: the answer goes back to the command that asked (the flow's step).
  if (state.flow?.name === 'choose_group' && GROUP_CHOICE_TOOLS.has(state.flow.step) && (!UNIVERSAL_INTENTS.has(c.intent) || c.intent === 'cancel'))
    return toolOrHandoff(p, 'Setup', state.flow.step, { text });
  const flow = state.flow ? FLOW_TOOLS[state.flow.name] : undefined;
  // the settings flow asks for a language itself: "Kiswahili" there is its answer
  const flowTakesIt = c.intent === 'cancel' || (state.flow?.name === 'settings' && state.flow.step === 'language' && c.intent === 'change_language');
  // "where is my dispute?" is never an answer to a flow's question (in the dispute flow's evidence step it would
  // be filed as a statement): it is answered, read only, and the flow stays where it was.
  if (flow && c.intent === 'dispute_status' && !flowTakesIt) return toolOrHandoff(p, 'Disputes', 'dispute_status', disputeIdArg(text));
  if (flow && (!UNIVERSAL_INTENTS.has(c.intent) || flowTakesIt)) return toolOrHandoff(p, flow.agent, flow.tool, flowArgs(state, text));
  // Auction bids: "BID 500", "enchère 1 000", "zabuni 500", or a bare amount (the reply to the bidding notice).
  if (!state.flow && (BID_WORDS.test(text) || (c.intent === 'unknown' && BARE_AMOUNT.test(text)))) return toolOrHandoff(p, 'Setup', 'place_bid', { text });

  let intent: string = c.intent;
  let slots = c.slots ?? {};
  if (intent === 'unknown') {
    // "rules of Family Circle": a group name the NLU has never seen hides the command; the tool matches the name.
    const scoped = groupScopedIntent(text, state);
    if (scoped) intent = scoped;
  }
  if (intent === 'choose_option') {
    const picked = mainMenuIntent(state, Number(slots.n));
    if (!picked) return { kind: 'reply', text: t(state.locale, 'menu.invalid_choice', { max: state.roles.includes('organizer') ? '7' : '6' }) };
    intent = picked;
    slots = {};
  }
  if (intent === 'cancel' || intent === 'yes' || intent === 'no' || intent === 'thanks') return call('show_menu');
  const route = ROUTES[intent];
  if (!route) return call('clarify', { reason: 'unclear' });
  if (route.tool === 'create_group' || route.tool === 'edit_rules') return toolOrHandoff(p, route.agent, route.tool, groupSlotArgs(state, text));
  return toolOrHandoff(p, route.agent, route.tool, route.args ? route.args(slots, text) : {});
}

/** What a prompt-extraction attempt may also look like to the NLU: nothing a member really needs. */
const PROMPT_EXTRACTION_SOFT = new Set([
  'unknown',
  'greeting',
  'help',
  'menu',
  'thanks',
  'yes',
  'no',
  'choose_option',
  'rules',
  'start_group',
  'settings',
  'off_topic',
  'injection',
]);

/** Tools that may ask "Which group?" and take the answer (tools/groups.ts chooseGroup). */
const GROUP_CHOICE_TOOLS = new Set([
  'group_rules',
  'invite_members',
  'start_group',
  'edit_rules',
  'remove_member',
  'change_payout_order',
  'cycle_status',
  'group_admin_menu',
  'place_bid',
  'cancel_group',
]);
const BID_WORDS = /^\s*(?:bid|ench[eè]re|offre|zabuni|mnada)\b/i;
const BARE_AMOUNT = /^\s*\d[\d\s.,\u00a0\u202f]*(?:\s*[A-Za-z]{3})?\s*$/;
const GROUP_SCOPED_INTENTS = new Set([
  'rules',
  'start_group',
  'invite',
  'edit_rules',
  'change_payout_order',
  'cycle_status',
  'group_admin_menu',
  'manage_members',
  'reports',
]);
const GROUP_CONNECTOR = /\s+(?:of|for|in|to|de|du|des|pour|dans|ya|wa|la|cha|za|kwa)\s+/i;

/** The group command in "<command> of <group name>" or "<group name> <command>", if the rest is a name. */
function groupScopedIntent(text: string, state: AgentState): string | undefined {
  const words = text.trim().split(/\s+/);
  const tries: string[] = [];
  const cut = GROUP_CONNECTOR.exec(text);
  if (cut && cut.index > 0) tries.push(text.slice(0, cut.index));
  for (const k of [2, 1]) if (words.length > k) tries.push(words.slice(-k).join(' '), words.slice(0, k).join(' '));
  for (const head of tries) {
    const intent = classify(head, { lang: state.locale }).intent;
    if (GROUP_SCOPED_INTENTS.has(intent)) return intent;
  }
  return undefined;
}

/**
 * Typed admin commands. A listed admin without a fresh TOTP is asked for the code; anyone else gets
 * the tool's refusal (the tool is hidden from them and refuses in code anyway). "admin" itself goes
 * to the TOTP step for listed admins who are not verified yet.
 */
function adminDecision(p: PolicyInput, text: string): Decision | null {
  const roles = p.state.roles;
  const listed = roles.includes('platform_admin');
  const verified = roles.includes('platform_admin_verified');
  // Members never type our tools' names: a message naming one is an attempt to forge a call.
  const lower = text.toLowerCase();
  if (/\b(run|call|invoke|execute|use)\b.{0,20}\btool\b/i.test(text) || Object.keys(TOOL_RULES).some((n) => n.includes('_') && lower.includes(n))) {
    return toolOrHandoff(p, 'any', 'refuse', { reason: 'injection' });
  }
  // "dispute" alone is a member opening one; only a listed admin means the queue by it.
  const cmd = !listed && /^\s*(?:disputes?|litiges?|malalamiko|mgogoro)\s*[.!]?\s*$/i.test(text) ? null : parseAdminCommand(text);
  if (cmd) {
    // "cancel group Duka Circle" from anyone but a listed admin is an organizer cancelling their own group
    // (the tool finds the group by the name; a member without the organizer role is refused).
    if (cmd.tool === 'admin_cancel_group' && !listed) return toolOrHandoff(p, 'Setup', 'cancel_group', { text });
    if (cmd.tool === 'approve_refund') {
      if (verified) return toolOrHandoff(p, 'Admin', 'admin_approve_refund', cmd.args);
      if (!listed || roles.includes('organizer')) return toolOrHandoff(p, 'Disputes', 'approve_refund_group', cmd.args);
      return toolOrHandoff(p, 'Admin', 'admin_verify_totp', {});
    }
    if (listed && !verified) return toolOrHandoff(p, 'Admin', 'admin_verify_totp', {});
    return toolOrHandoff(p, 'Admin', cmd.tool, cmd.args);
  }
  if (listed && !verified && /^\s*(admin|admin menu|menu admin|administration|dashboard)\s*$/i.test(text))
    return toolOrHandoff(p, 'Admin', 'admin_verify_totp', {});
  return null;
}

/** What a flow's tool receives: the message, plus what the flow needs parsed out of it. */
function flowArgs(state: AgentState, text: string): Record<string, unknown> {
  const flow = state.flow?.name;
  if (flow === 'payout_destination') return { phone: phoneIn(text), text };
  // Group flows get every detail the NLU read; the step tells a bare number where it goes.
  if (flow === 'create_group' || flow === 'edit_rules') return groupSlotArgs(state, text, state.flow?.step);
  return { text };
}

function toolOrHandoff(p: PolicyInput, owner: AgentName | 'any', tool: string, args: Record<string, unknown>): Decision {
  if (owner !== 'any' && owner !== p.agent) {
    if (p.handoffs.has(owner) && p.handoffsSinceUser < handoffs_per_turn_max) return { kind: 'handoff', to: owner };
    if (!p.handoffs.has(owner)) return refuse(p, tool);
  }
  if (p.tools.has(tool)) return { kind: 'tool', name: tool, args };
  return refuse(p, tool);
}

/** The tool exists but is hidden from this member (role), or is not available here at all. */
function refuse(p: PolicyInput, tool: string): Decision {
  const rule = TOOL_RULES[tool];
  const locale = p.state.locale;
  if (rule?.roles.includes('organizer')) return { kind: 'reply', text: t(locale, 'refusal.needs_organizer', { group_name: '—' }) };
  if (rule?.roles.some((r) => r.startsWith('platform_admin'))) return { kind: 'reply', text: t(locale, 'refusal.needs_platform_admin') };
  if (p.tools.has('clarify')) return { kind: 'tool', name: 'clarify', args: { reason: 'unclear' } };
  return { kind: 'reply', text: t(locale, 'fallback.not_understood', { menu: '' }) };
}
