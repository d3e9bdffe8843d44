// The conversation state every agent's instructions end with, as one machine-readable line. The
// OpenAI model reads it as context; the local model parses it (it has no other view of the context).
import type { RoscaContext } from '../tools/context.ts';

export type AgentState = Pick<RoscaContext, 'locale' | 'roles' | 'onboarded' | 'onboardingStep' | 'flow' | 'country' | 'now'>;

const OPEN = '<state>';
const CLOSE = '</state>';

export function stateBlock(ctx: RoscaContext): string {
  const s: AgentState = {
    locale: ctx.locale,
    roles: ctx.roles,
    onboarded: ctx.onboarded,
    onboardingStep: ctx.onboardingStep,
    flow: ctx.flow,
    country: ctx.country,
    now: ctx.now,
  };
  return `${OPEN}${JSON.stringify(s)}${CLOSE}`;
}

export function parseStateBlock(instructions: string | undefined): AgentState | undefined {
  if (!instructions) return undefined;
  const i = instructions.lastIndexOf(OPEN);
  const j = instructions.lastIndexOf(CLOSE);
  if (i < 0 || j < i) return undefined;
  try {
    return JSON.parse(instructions.slice(i + OPEN.length, j)) as AgentState;
  } catch {
    return undefined;
  }
}
