// Every tool is built through `guardedTool`: the model sees only tools the member's roles allow
// (isEnabled), and execute() re-checks authorisation in code before touching anything — a forged or
// injected tool call gets a localized refusal, never an action. PIN-gated tools interrupt the run
// (needsApproval); the server verifies the PIN outside the model and resumes.
import { tool, type RunContext } from '@openai/agents';
import type { z } from 'zod';
import { t } from '../core/i18n/index.ts';
import { authorize, needsPin } from '../policies/permissions.ts';
import type { RoscaContext } from './context.ts';
import { reply, type ToolReply } from './reply.ts';

type Def<P extends z.ZodObject<any>> = {
  name: string;
  description: string;
  parameters: P;
  execute: (input: z.infer<P>, ctx: RoscaContext, meta: { callId: string }) => Promise<ToolReply>;
  /** For PIN-gated tools: whether this particular call changes anything (asking a question needs no PIN). */
  needsPinFor?: (input: z.infer<P>) => boolean;
  /** For PIN-gated tools: the action in the member's words for the PIN prompt ("send your payouts to …"). */
  describeApproval?: (input: z.infer<P>, ctx: RoscaContext) => string | Promise<string>;
};

/** The PIN prompt's description of a pending call, if its tool provides one. */
export type ApprovalDescriber = (input: unknown, ctx: RoscaContext) => string | Promise<string>;
export const DESCRIBE_APPROVAL = Symbol('describeApproval');

export function refusal(ctx: Pick<RoscaContext, 'locale'>, reason: string): ToolReply {
  if (reason === 'not_onboarded') return { ...reply(t(ctx.locale, 'onboarding.welcome_anonymous')), refused: reason };
  return { ...reply(t(ctx.locale, 'refusal.not_allowed', { role: t(ctx.locale, 'role.member') })), refused: reason };
}

export function guardedTool<P extends z.ZodObject<any>>(def: Def<P>) {
  const built = tool<any, RoscaContext>({
    name: def.name,
    description: def.description,
    parameters: def.parameters,
    isEnabled: ({ runContext }) => authorize(def.name, runContext.context).allowed,
    needsApproval: needsPin(def.name) ? async (_rc, input) => (def.needsPinFor ? def.needsPinFor(input as z.infer<P>) : true) : false,
    errorFunction: (runContext) => JSON.stringify(reply(t((runContext.context as RoscaContext).locale, 'common.error'))),
    async execute(input, runContext?: RunContext<RoscaContext>, details?) {
      const ctx = runContext?.context;
      if (!ctx) throw new Error(`${def.name} called without a run context`);
      const decision = authorize(def.name, ctx);
      if (!decision.allowed) return JSON.stringify(refusal(ctx, decision.reason));
      // The turn's request id makes the model's call id unique across turns (a local model numbers calls
      // by history position); together they are the idempotency key of whatever the tool writes.
      const callId = `${ctx.requestId}/${details?.toolCall?.callId ?? def.name}`;
      return JSON.stringify(await def.execute(input as z.infer<P>, ctx, { callId }));
    },
  });
  if (def.describeApproval) Object.assign(built, { [DESCRIBE_APPROVAL]: def.describeApproval as ApprovalDescriber });
  return built;
}
