// One member message → one turn: identify the member, handle the steps no model may see (setting a
// PIN, answering a PIN prompt), otherwise run the agents from the chat's last active agent, and
// write the replies to the outbox in one transaction with the conversation state.
import { type Agent, RunContext, type RunResult, type Runner, RunState, type RunToolApprovalItem } from '@openai/agents';
import type { Clock } from '../../core/clock.ts';
import { hasKey, parseJoinCode, t, tDynamic } from '../../core/i18n/index.ts';
import { e164FromChatId } from '../../core/identity/phone.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { hashPin, isAcceptablePin, looksLikePin, pin_attempts_max, pin_lockout_minutes, verifyPin } from '../../core/identity/pin.ts';
import { GRAPH_VERSION, type AgentGraph } from '../../agents/graph.ts';
import type { Db } from '../../db/client.ts';
import { type FinishTurnInput, finishTurn, markInbound, type InboundRow, type NewOutbound, type OutboundMessage } from '../../db/channel.ts';
import { clearPending, setFlow, upsertConversation, type ConversationRow } from '../../db/conversations.ts';
import { loadTurnState, type TurnState } from '../../db/turn-state.ts';
import { findOrCreateMember, updateMember, type Member } from '../../db/members.ts';
import { PostgresSession } from '../../db/session.ts';
import { message_chars_max, approval_ttl_minutes, agent_turns_max } from '../../policies/limits.ts';
import { computeRoles } from '../../policies/roles.ts';
import type { Locale, RoscaContext } from '../../tools/context.ts';
import { type ApprovalDescriber, DESCRIBE_APPROVAL } from '../../tools/guard.ts';
import { parseToolReply, type ToolButton } from '../../tools/reply.ts';
import type { Logger } from '../log.ts';

export type Memberships = (memberId: string) => Promise<{ groupIds: string[]; organizer: boolean }>;

export type TurnDeps = {
  db: Db;
  pii: PiiCipher;
  clock: Clock;
  graph: AgentGraph;
  runner: Runner;
  log: Logger;
  platformAdmins: string[];
  memberships: Memberships;
  /** History the model sees: an OpenAI model benefits from more, the local model reads only this turn. */
  sessionItemsMax: number;
  /** Files (photos, documents): evidence for the member's open dispute (issue 6); null when nothing takes them. */
  media?: MediaHandler;
};

export type MediaHandler = (x: {
  memberId: string;
  locale: Locale;
  idMessage: string;
  media: { downloadUrl?: string; mimeType?: string; fileName?: string; caption?: string } | null;
}) => Promise<{ text: string } | null>;

type Reply = { text: string; buttons?: ToolButton[] };
// biome-ignore lint/suspicious/noExplicitAny: the SDK's output-type parameter varies per agent
type RoscaAgent = Agent<RoscaContext, any>;

const CANCEL_WORDS = /^\s*(cancel|stop|no|non|annuler|annule|hapana|acha|ghairi|sitisha)\s*[.!]?\s*$/i;

/**
 * How a turn meets its worker: the turn state already read under the chat lock (else it is loaded
 * here), and how the turn's final statement is written (the worker's: in the locked transaction, with
 * its COMMIT; else one autocommit statement).
 */
export type TurnIo = { state?: TurnState; finish?: (x: FinishTurnInput) => Promise<NewOutbound[]> };

export async function runTurn(deps: TurnDeps, row: InboundRow, io: TurnIo = {}): Promise<NewOutbound[]> {
  const { db, pii, clock } = deps;
  const e164 = e164FromChatId(row.chatId);
  if (!e164) {
    // Group chats and odd ids: stored, not answered (we only run 1:1 conversations).
    await markInbound(db, row.seq, 'done');
    return [];
  }
  const now = clock.now();
  const loaded = io.state ?? (await loadTurnState(db, pii, e164, row.chatId));
  const member = loaded.member ?? (await findOrCreateMember(db, pii, e164, now)).member;
  const conv = loaded.conv;
  const memberships = loaded.member ? loaded.memberships : undefined;
  const text = (row.text ?? '').trim();
  const locale = (member.locale as Locale | null) ?? 'en';
  let replies: Reply[] = [];
  let redact = false;
  let activeAgent = conv?.activeAgent ?? null;
  const session = new PostgresSession(db, `wa:${member.id}`, deps.sessionItemsMax);

  const mediaReply = row.media && deps.media ? await deps.media({ memberId: member.id, locale, idMessage: row.idMessage, media: row.media as never }) : null;
  if (mediaReply) {
    replies = [mediaReply];
  } else if (row.text === null) {
    replies = [{ text: t(locale, 'fallback.media_unsupported') }];
  } else if (text.length > message_chars_max) {
    replies = [{ text: t(locale, 'fallback.too_long', { max_chars: String(message_chars_max) }) }];
  } else if ((member.onboardingStep === 'pin' || member.onboardingStep === 'pin_confirm') && looksLikePin(text)) {
    redact = true;
    const r = await setupPin(deps, member, text.trim());
    replies = [r.reply];
    const flow = conv?.flow as { name?: string; data?: { code?: string } } | null | undefined;
    const joinCode = flow?.name === 'pending_join' ? (flow.data?.code ?? null) : null;
    if (r.done && joinCode) {
      // The member came through an invite link: now onboarded, continue with the join they asked for.
      await setFlow(db, row.chatId, null);
      const fresh = (await findOrCreateMember(db, pii, e164, now)).member;
      const joinText = `JOIN ${joinCode}`;
      const ctx = await buildContext(deps, fresh, row, joinText, undefined);
      const j = await runAgents(deps, deps.graph.triage, joinText, ctx, row.chatId, session);
      replies = [...replies, ...j.replies];
      activeAgent = j.activeAgent;
    }
  } else if (!conv?.pendingState && member.onboardingStep === 'done' && looksLikePin(text) && member.pinHash && (await verifyPin(member.pinHash, text))) {
    // The member's PIN typed when nothing awaits it (say, after a misunderstood request): it must not
    // reach a model, a log or the history. Other bare numbers (menu choices, amounts) go on as usual.
    redact = true;
    replies = [{ text: t(locale, 'pin.unsolicited') }];
  } else if (conv?.pendingState) {
    if (looksLikePin(text)) redact = true;
    const r = await answerApproval(deps, member, conv, row, text, session);
    replies = r.replies;
    activeAgent = r.activeAgent ?? activeAgent;
  } else {
    // A new number whose first message is an invite ("JOIN AB12CD"): remember the code through onboarding.
    const inviteCode = member.onboardingStep !== 'done' ? parseJoinCode(text) : null;
    if (inviteCode) await setFlow(db, row.chatId, { name: 'pending_join', step: 'onboarding', data: { code: inviteCode } });
    const ctx = await buildContext(deps, member, row, text, conv, memberships);
    // An authenticator code answering the admin's TOTP step is a secret too: the model sees a
    // placeholder, the tool reads the code from the run context (never sent to a model).
    const totpCode = (conv?.flow as { name?: string } | null)?.name === 'admin_totp' && /^\s*\d{6}\s*$/.test(text);
    if (totpCode) redact = true;
    const start = (activeAgent && deps.graph.byName.get(activeAgent)) || deps.graph.triage;
    const r = await runAgents(deps, start, totpCode ? '[authenticator code]' : text, ctx, row.chatId, session);
    replies = r.replies;
    activeAgent = r.activeAgent;
  }

  const messages: OutboundMessage[] = replies.map((r, i) => ({
    chatId: row.chatId,
    kind: r.buttons?.length ? 'buttons' : 'text',
    body: r.buttons?.length ? { body: r.text, buttons: r.buttons } : { text: r.text },
    idempotencyKey: `reply:${row.idMessage}:${i}`,
  }));
  // A PIN is consumed here and never kept, even in our own inbound store (redact).
  const finish = io.finish ?? ((x: FinishTurnInput) => finishTurn(db, x));
  return finish({
    seq: row.seq,
    chatId: row.chatId,
    memberId: member.id,
    activeAgent,
    redact,
    messages,
    session: { id: `wa:${member.id}`, items: session.takePending() },
  });
}

async function buildContext(
  deps: TurnDeps,
  member: Member,
  row: InboundRow,
  text: string,
  conv?: ConversationRow,
  known?: { groupIds: string[]; organizer: boolean },
): Promise<RoscaContext> {
  const now = deps.clock.now();
  const ms = known ?? (await deps.memberships(member.id));
  const flow = conv?.flow as { name: string; step: string } | null | undefined;
  return {
    memberId: member.id,
    chatId: row.chatId,
    phoneMasked: member.phoneMasked,
    country: member.country,
    locale: (member.locale as Locale | null) ?? 'en',
    roles: computeRoles({
      isOrganizer: ms.organizer,
      isListedAdmin: deps.platformAdmins.includes(member.phone),
      totpFresh: Boolean(member.totpVerifiedUntil && member.totpVerifiedUntil > now),
    }),
    onboarded: member.onboardingStep === 'done',
    onboardingStep: member.onboardingStep,
    groupIds: ms.groupIds,
    flow: flow ? { name: flow.name, step: flow.step } : null,
    now: now.toISOString(),
    requestId: row.idMessage,
    inboundText: text,
  };
}

async function runAgents(
  deps: TurnDeps,
  start: RoscaAgent,
  input: string | RunState<RoscaContext, RoscaAgent>,
  ctx: RoscaContext,
  chatId: string,
  session: PostgresSession,
): Promise<{ replies: Reply[]; activeAgent: string }> {
  let result: RunResult<RoscaContext, RoscaAgent>;
  try {
    if (deps.sessionItemsMax === 0) {
      // A model that reads no history (the local one): run without the SDK's session bookkeeping (about
      // a fifth of the SDK's work per turn, measured) and keep the same items ourselves: what the run
      // added to the history (for a resumed run, what came after the part kept when it paused).
      const seen = typeof input === 'string' ? 0 : input.history.length;
      result = await deps.runner.run(start, input, { context: ctx, maxTurns: agent_turns_max });
      await session.addItems(result.history.slice(seen));
    } else {
      result = await deps.runner.run(start, input, { context: ctx, session, maxTurns: agent_turns_max });
    }
  } catch (err) {
    deps.log.error({ err: String((err as Error).message ?? err), requestId: ctx.requestId }, 'agent run failed');
    return { replies: [{ text: t(ctx.locale, 'common.error') }], activeAgent: start.name };
  }
  const lastAgent = result.lastAgent?.name ?? start.name;
  const interruptions = result.interruptions ?? [];
  if (interruptions.length > 0) {
    const item = interruptions[0] as RunToolApprovalItem;
    await upsertConversation(deps.db, chatId, {
      pendingState: result.state.toString(),
      pendingSummary: { tool: item.name ?? (item.rawItem as { name?: string }).name, requestId: ctx.requestId, agent: lastAgent },
      pendingExpiresAt: new Date(deps.clock.now().getTime() + approval_ttl_minutes * 60_000),
      graphVersion: GRAPH_VERSION,
    });
    const summary = await describeAction(deps.graph, ctx, item);
    return { replies: [{ text: t(ctx.locale, 'pin.prompt', { summary }) }], activeAgent: lastAgent };
  }
  // Agents stop on their first tool result (agents/graph.ts): the final output is then the tool's
  // JSON reply; otherwise it is the model's own message (a clarifying question, a refusal).
  const output = typeof result.finalOutput === 'string' ? result.finalOutput : '';
  const finalText = parseToolReply(output)?.text ?? output;
  // Reply buttons come from the last tool result of this turn (the model relays its text).
  let buttons: ToolButton[] | undefined;
  for (const it of result.newItems) {
    if (it.type === 'tool_call_output_item') {
      const out = (it as { output: unknown }).output;
      const parsed = typeof out === 'string' ? parseToolReply(out) : undefined;
      buttons = parsed?.buttons;
    }
  }
  return { replies: [{ text: finalText || t(ctx.locale, 'common.error'), buttons }], activeAgent: lastAgent };
}

/** The PIN prompt names the action in the member's words (the tool's own description), never a secret. */
async function describeAction(graph: AgentGraph, ctx: RoscaContext, item: RunToolApprovalItem): Promise<string> {
  const locale = ctx.locale;
  let args: Record<string, unknown> = {};
  try {
    args = JSON.parse(item.rawItem.type === 'function_call' ? item.rawItem.arguments : '{}');
  } catch {
    // keep empty
  }
  const name = item.name ?? (item.rawItem as { name?: string }).name ?? 'action';
  for (const agent of graph.byName.values()) {
    const tool = agent.tools.find((x) => x.name === name) as (Record<symbol, ApprovalDescriber> & object) | undefined;
    const describe = tool?.[DESCRIBE_APPROVAL];
    if (describe) return describe(args, ctx);
  }
  const detail = Object.entries(args)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .filter(([k]) => !/pin|secret|token/i.test(k))
    .map(([k, v]) => `${k}: ${String(v).slice(0, 40)}`)
    .join(', ');
  const key = `action.${name}`;
  const label = hasKey(key) ? tDynamic(locale, key) : name.replace(/_/g, ' ');
  return detail ? `${label} (${detail})` : label;
}

async function setupPin(deps: TurnDeps, member: Member, pin: string): Promise<{ reply: Reply; done: boolean }> {
  const locale = (member.locale as Locale | null) ?? 'en';
  if (member.onboardingStep === 'pin') {
    if (!isAcceptablePin(pin))
      return { reply: { text: t(locale, /^\d{4,6}$/.test(pin) ? 'onboarding.pin_too_simple' : 'onboarding.pin_invalid') }, done: false };
    await updateMember(deps.db, member.id, { pinHash: await hashPin(pin), onboardingStep: 'pin_confirm' });
    return { reply: { text: t(locale, 'onboarding.confirm_pin') }, done: false };
  }
  if (member.pinHash && (await verifyPin(member.pinHash, pin))) {
    await updateMember(deps.db, member.id, { onboardingStep: 'done', status: 'active', pinFailures: 0 });
    return { reply: { text: t(locale, 'onboarding.pin_set', { name: member.name ?? '' }) }, done: true };
  }
  await updateMember(deps.db, member.id, { pinHash: null, onboardingStep: 'pin' });
  return { reply: { text: t(locale, 'onboarding.pin_mismatch') }, done: false };
}

async function answerApproval(
  deps: TurnDeps,
  member: Member,
  conv: ConversationRow,
  row: InboundRow,
  text: string,
  session: PostgresSession,
): Promise<{ replies: Reply[]; activeAgent?: string }> {
  const now = deps.clock.now();
  const locale = (member.locale as Locale | null) ?? 'en';
  const summary = (conv.pendingSummary ?? {}) as { requestId?: string; agent?: string };
  const root = (summary.agent && deps.graph.byName.get(summary.agent)) || deps.graph.triage;
  const fresh = await buildContext(deps, member, row, text, conv);
  // Resume with today's roles and clock but the original request id: the tool's idempotency key
  // (request id + call id) must be the same one the interrupted run would have used.
  const ctx: RoscaContext = { ...fresh, requestId: summary.requestId ?? fresh.requestId };
  const incompatible = conv.graphVersion !== GRAPH_VERSION;
  let state: RunState<RoscaContext, RoscaAgent> | undefined;
  if (!incompatible) {
    try {
      state = await RunState.fromStringWithContext(root, conv.pendingState ?? '', new RunContext(ctx), { contextStrategy: 'replace' });
    } catch (err) {
      deps.log.warn({ err: String(err) }, 'pending approval could not be restored');
    }
  }
  if (!state) {
    await clearPending(deps.db, row.chatId);
    return { replies: [{ text: t(locale, 'approval.expired') }] };
  }
  const items = state.getInterruptions();
  const rejectAll = (message: string) => {
    for (const it of items) state.reject(it, { message });
  };
  const expired = !conv.pendingExpiresAt || conv.pendingExpiresAt <= now;
  /**
   * Finishes the interrupted run (approved or rejected). With `then`, the member said something else
   * instead of a PIN: after the rejection is told, that message is handled as a turn of its own
   * (an interrupted run whose tool result ends it takes no new input).
   */
  const resume = async (then?: string): Promise<{ replies: Reply[]; activeAgent?: string }> => {
    await clearPending(deps.db, row.chatId);
    const r = await runAgents(deps, root, state, ctx, row.chatId, session);
    if (!then) return r;
    const start = deps.graph.byName.get(r.activeAgent) ?? deps.graph.triage;
    const next = await runAgents(deps, start, then, { ...fresh, flow: null }, row.chatId, session);
    return { replies: [...r.replies, ...next.replies], activeAgent: next.activeAgent };
  };

  if (expired) {
    rejectAll(t(locale, 'approval.expired'));
    return resume(!looksLikePin(text) && !CANCEL_WORDS.test(text) ? text : undefined);
  }
  if (looksLikePin(text)) {
    if (member.pinLockedUntil && member.pinLockedUntil > now) {
      rejectAll(t(locale, 'pin.locked', { minutes: String(pin_lockout_minutes) }));
      return resume();
    }
    if (member.pinHash && (await verifyPin(member.pinHash, text))) {
      await updateMember(deps.db, member.id, { pinFailures: 0, pinLockedUntil: null });
      for (const it of items) state.approve(it);
      return resume();
    }
    const failures = member.pinFailures + 1;
    if (failures >= pin_attempts_max) {
      await updateMember(deps.db, member.id, { pinFailures: 0, pinLockedUntil: new Date(now.getTime() + pin_lockout_minutes * 60_000) });
      rejectAll(t(locale, 'pin.locked', { minutes: String(pin_lockout_minutes) }));
      return resume();
    }
    await updateMember(deps.db, member.id, { pinFailures: failures });
    // The approval stays pending: the member may try again.
    return { replies: [{ text: t(locale, 'pin.wrong', { remaining: String(pin_attempts_max - failures) }) }] };
  }
  rejectAll(t(locale, 'approval.cancelled'));
  return resume(CANCEL_WORDS.test(text) ? undefined : text);
}
