// The agent graph: triage and four specialists, fully meshed by handoffs so a member can change
// subject at any time. Rebuilt identically in every process (a saved RunState names agents by name);
// bump GRAPH_VERSION when names or tools change incompatibly.
import { Agent, handoff, type Tool } from '@openai/agents';
import type { RoscaContext } from '../tools/context.ts';
import { instructionsFor } from './instructions.ts';

export const GRAPH_VERSION = 2;

export type AgentName = 'Triage' | 'Setup' | 'Payments' | 'Disputes' | 'Admin';

export type AgentTools = {
  common: Tool<RoscaContext>[];
  triage: Tool<RoscaContext>[];
  setup: Tool<RoscaContext>[];
  payments: Tool<RoscaContext>[];
  disputes: Tool<RoscaContext>[];
  admin: Tool<RoscaContext>[];
};

export type AgentGraph = { triage: Agent<RoscaContext>; byName: Map<string, Agent<RoscaContext>> };

const ROLES: Record<AgentName, { model: string; handoffDescription: string; role: string }> = {
  Triage: {
    model: 'triage',
    handoffDescription: 'Greets members, onboarding, menus, help, status, language, reminders on/off, human support.',
    role: 'Triage: greet, onboard new members (call onboarding_answer with their reply until onboarding is done), answer universal commands, and hand off to the right specialist.',
  },
  Setup: {
    model: 'setup',
    handoffDescription: 'Creates savings groups, invites and joins, rules, payout order, starting the group, cycle status.',
    role: 'Setup: create and manage savings groups, invitations, joining, rules, payout order, cycles and cancelling a group.',
  },
  Payments: {
    model: 'payments',
    handoffDescription: 'Paying contributions (mobile money or card), payment status, receipts, next payout, payout number.',
    role: 'Payments: contributions, payment status, receipts, next payout and the payout number.',
  },
  Disputes: {
    model: 'disputes',
    handoffDescription: 'Problems with payments or payouts: disputes, evidence, refund requests.',
    role: 'Disputes: open disputes, collect evidence and payment references, dispute status, refund requests.',
  },
  Admin: {
    model: 'admin',
    handoffDescription: 'Platform administrators only: disputes queue, refunds approval, freezes, search.',
    role: 'Admin: platform operations for verified platform administrators.',
  },
};

export function buildAgentGraph(tools: AgentTools): AgentGraph {
  const make = (name: AgentName, own: Tool<RoscaContext>[]) =>
    new Agent<RoscaContext>({
      name,
      model: ROLES[name].model,
      handoffDescription: ROLES[name].handoffDescription,
      instructions: instructionsFor(ROLES[name].role),
      tools: [...tools.common, ...own],
      // A tool's reply is already the localized text for the member (flows are code): send it as
      // is instead of a second model call to relay it — half the model calls, same words.
      toolUseBehavior: 'stop_on_first_tool',
    });
  const triage = make('Triage', tools.triage);
  const setup = make('Setup', tools.setup);
  const payments = make('Payments', tools.payments);
  const disputes = make('Disputes', tools.disputes);
  const admin = make('Admin', tools.admin);
  const all = [triage, setup, payments, disputes, admin];
  const adminHandoff = handoff(admin, {
    // The model cannot even see the admin agent unless the member is a listed platform admin.
    isEnabled: ({ runContext }) => (runContext.context as RoscaContext).roles.includes('platform_admin'),
  });
  for (const a of all) {
    a.handoffs = all.filter((b) => b !== a).map((b) => (b === admin ? adminHandoff : b));
  }
  return { triage, byName: new Map(all.map((a) => [a.name, a])) };
}
