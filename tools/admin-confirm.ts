// Two-step actions: the first call proposes (validated, summarised in the member's language, stored in
// the chat's flow), the second — after an explicit YES, and the PIN where policies say — executes
// exactly what was proposed. The confirming call's own arguments are ignored, so nothing said after the
// proposal (by anyone, or injected anywhere) can change what gets done.
import { buttons, t } from '../core/i18n/index.ts';
import type { RoscaContext } from './context.ts';
import { reply, type ToolReply } from './reply.ts';
import type { FlowServices } from './services.ts';

export const proposal_ttl_minutes = 10;
/** The chat flow holding a proposal that waits for YES. */
export const PROPOSAL_FLOW = 'proposal';

export type ConfirmArgs = { confirm?: boolean; cancel?: boolean; with_pin?: boolean };

/** Flow step for the local model: the tool to call on YES, and whether that call carries the PIN. */
export function confirmStep(tool: string, withPin: boolean): string {
  return withPin ? `${tool}+pin` : tool;
}

export function parseConfirmStep(step: string): { tool: string; withPin: boolean } {
  return step.endsWith('+pin') ? { tool: step.slice(0, -4), withPin: true } : { tool: step, withPin: false };
}

export async function propose(
  flows: FlowServices,
  ctx: RoscaContext,
  tool: string,
  args: Record<string, unknown>,
  text: string,
  withPin: boolean,
  summary?: string,
): Promise<ToolReply> {
  await flows.set(ctx.chatId, {
    name: PROPOSAL_FLOW,
    step: confirmStep(tool, withPin),
    data: { tool, args, withPin, at: ctx.now, by: ctx.memberId, summary: summary ?? text },
  });
  return reply(text, buttons(ctx.locale, 'confirm'));
}

/** The PIN prompt names exactly what was proposed (the summary stored with the proposal). */
export function describeProposal(flows: FlowServices, tool: string) {
  return async (_input: unknown, ctx: RoscaContext): Promise<string> => {
    const f = await flows.get(ctx.chatId);
    const data = (f?.name === PROPOSAL_FLOW ? f.data : undefined) as { tool?: string; summary?: string } | undefined;
    return data?.tool === tool && data.summary ? data.summary : tool.replace(/_/g, ' ');
  };
}

/** The stored proposal for this tool, if it is this member's and still fresh; cleared either way. */
export async function takeProposal(flows: FlowServices, ctx: RoscaContext, tool: string): Promise<{ args: Record<string, unknown>; withPin: boolean } | null> {
  const f = await flows.get(ctx.chatId);
  if (f?.name !== PROPOSAL_FLOW) return null;
  const data = (f.data ?? {}) as { tool?: string; args?: Record<string, unknown>; withPin?: boolean; at?: string; by?: string };
  if (data.tool !== tool || data.by !== ctx.memberId) return null;
  await flows.set(ctx.chatId, null);
  const age = Date.parse(ctx.now) - Date.parse(data.at ?? '');
  if (!(age >= 0 && age <= proposal_ttl_minutes * 60_000)) return null;
  return { args: data.args ?? {}, withPin: Boolean(data.withPin) };
}

export async function cancelProposal(flows: FlowServices, ctx: RoscaContext): Promise<ToolReply> {
  const f = await flows.get(ctx.chatId);
  if (f?.name === PROPOSAL_FLOW) await flows.set(ctx.chatId, null);
  return reply(t(ctx.locale, 'admin.cancelled'));
}

export function nothingToConfirm(ctx: RoscaContext): ToolReply {
  return reply(t(ctx.locale, 'admin.nothing_to_confirm'));
}
