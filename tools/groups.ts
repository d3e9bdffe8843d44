// Group tools for every member (spec 3.2, 3.3): create a group (one sentence or step by step, then the
// summary to CONFIRM), join by invite code + AGREE, my groups, rules, and the organizer's invite link.
import { z } from 'zod';
import { buttons, matchCommand, normalizeCommandText, parseJoinCode, t } from '../core/i18n/index.ts';
import { countryDefaults } from '../core/rosca/index.ts';
import type { Locale, RoscaContext } from './context.ts';
import {
  type Draft,
  draftRules,
  type FlowEnv,
  GroupSlotsSchema,
  invalidFor,
  nextStep,
  parseAnswer,
  questionFor,
  type Step,
  stepOfField,
  summaryText,
  updatedText,
  FIELD_OF,
} from './groups-flow.ts';
import { dateText, formatAmount, frequencyText, rulesVars } from './groups-text.ts';
import { guardedTool } from './guard.ts';
import { mainMenuText } from './menus.ts';
import { reply, type ToolReply } from './reply.ts';
import type { GroupView, ToolServices } from './services.ts';

export function flowEnv(ctx: RoscaContext, currency?: string): FlowEnv {
  const d = countryDefaults(ctx.country);
  return { locale: ctx.locale, currency: currency ?? d?.currency ?? 'KES', timeZone: d?.timeZone ?? 'Africa/Nairobi', now: new Date(ctx.now) };
}

/** The group a member's command is about: the newest one they organize (admin actions) or belong to. */
export function pickGroup(groups: GroupView[], opts: { organizer?: boolean } = {}): GroupView | undefined {
  return liveGroups(groups, opts)[0];
}

/** Groups still open or running, newest first; only those the member organizes with `organizer`. */
export function liveGroups(groups: GroupView[], opts: { organizer?: boolean } = {}): GroupView[] {
  const live = groups.filter((g) => g.status === 'open' || g.status === 'active');
  return opts.organizer ? live.filter((g) => g.role === 'organizer') : live;
}

/** The group whose name the message mentions ("rules of Family Circle"); the longest name wins. */
export function groupNamed(groups: GroupView[], text: string): GroupView | undefined {
  const msg = ` ${normalizeCommandText(text)} `;
  return [...groups]
    .sort((a, b) => b.name.length - a.name.length)
    .find((g) => {
      const n = normalizeCommandText(g.name);
      return n.length > 0 && msg.includes(` ${n} `);
    });
}

/**
 * PAY with nothing payable: a member whose groups were all cancelled (none open or running) is told why no
 * contribution is collected any more, instead of a bare "nothing due" (payable dues exist only in running groups).
 */
export async function nothingDueText(s: Pick<ToolServices, 'groups'>, ctx: RoscaContext): Promise<string> {
  const gs = await s.groups.list(ctx.memberId);
  const cancelled = gs.find((g) => g.status === 'cancelled');
  if (cancelled && liveGroups(gs).length === 0) return t(ctx.locale, 'payment.group_cancelled', { group_name: cancelled.name });
  return t(ctx.locale, 'payment.nothing_due_any');
}

export const CHOOSE_GROUP = 'choose_group';

export type GroupChoice = { group: GroupView | undefined; args: Record<string, unknown> } | { reply: ToolReply };

/**
 * Which group a command is about when the member has several: the one named in the message, else
 * "Which group?" with a numbered list. The question is a flow (`choose_group`, step = the tool) that
 * keeps the command's arguments, so the answer ("2" or a name) continues the same command.
 */
export async function chooseGroup(
  s: ToolServices,
  ctx: RoscaContext,
  opts: { tool: string; candidates: GroupView[]; text: string; args?: Record<string, unknown> },
): Promise<GroupChoice> {
  const { candidates } = opts;
  if (ctx.flow?.name === CHOOSE_GROUP && ctx.flow.step === opts.tool) {
    const flow = await s.flows.get(ctx.chatId);
    const ids = (flow?.data?.ids as string[] | undefined) ?? [];
    const saved = (flow?.data?.args as Record<string, unknown> | undefined) ?? {};
    const listed = ids.map((id) => candidates.find((g) => g.id === id)).filter((g): g is GroupView => Boolean(g));
    if (matchCommand(opts.text) === 'cancel') {
      await s.flows.set(ctx.chatId, null);
      return { reply: reply(t(ctx.locale, 'approval.cancelled')) };
    }
    const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(opts.text);
    const picked = n ? listed[Number(n[1]) - 1] : groupNamed(listed, opts.text);
    if (picked || listed.length === 0) {
      await s.flows.set(ctx.chatId, null);
      return { group: picked, args: saved };
    }
    return { reply: chooseGroupText(ctx, listed) };
  }
  if (candidates.length <= 1) return { group: candidates[0], args: opts.args ?? {} };
  const named = groupNamed(candidates, opts.text);
  if (named) return { group: named, args: opts.args ?? {} };
  await s.flows.set(ctx.chatId, { name: CHOOSE_GROUP, step: opts.tool, data: { ids: candidates.map((g) => g.id), args: opts.args ?? {} } });
  return { reply: chooseGroupText(ctx, candidates) };
}

function chooseGroupText(ctx: RoscaContext, groups: GroupView[]): ToolReply {
  return reply(t(ctx.locale, 'common.choose_group', { groups: groups.map((g, i) => `${i + 1}. ${g.name}`).join('\n') }));
}

export function rulesText(locale: Locale, g: GroupView): string {
  const v = rulesVars(locale, g.rules);
  return t(locale, 'group.rules', {
    group_name: v.group_name,
    amount: v.amount,
    currency: v.currency,
    frequency: v.frequency,
    due_time: v.due_time,
    start_date: v.start_date,
    members_count: v.members_count,
    payout_rule: v.payout_rule,
    grace_days: v.grace_days,
    late_fee: v.late_fee,
    quorum: v.quorum,
  });
}

export function invitedText(locale: Locale, g: GroupView): string {
  const v = rulesVars(locale, g.rules);
  return t(locale, 'join.invited', {
    group_name: v.group_name,
    amount: v.amount,
    currency: v.currency,
    frequency: v.frequency,
    late_fee: v.late_fee,
    grace_days: v.grace_days,
  });
}

const CREATE = 'create_group';

export function makeGroupTools(s: ToolServices) {
  /** One message of the create flow. `first` is the message that opened it. */
  async function createStep(ctx: RoscaContext, text: string, slots: z.infer<typeof GroupSlotsSchema>, correction: boolean, callId: string): Promise<ToolReply> {
    const flow = ctx.flow?.name === CREATE ? await s.flows.get(ctx.chatId) : null;
    const cmd = matchCommand(text);
    if (flow && cmd === 'cancel') {
      await s.flows.set(ctx.chatId, null);
      return reply(t(ctx.locale, 'group_create.cancelled'));
    }
    let draft: Draft;
    let asked: Step | 'confirm' | null;
    const prefix: string[] = [];
    if (!flow) {
      draft = { currency: flowEnv(ctx).currency };
      asked = null;
    } else {
      draft = (flow.data?.draft as Draft) ?? { currency: flowEnv(ctx).currency };
      asked = flow.step as Step | 'confirm';
    }
    const env = flowEnv(ctx, draft.currency);
    if (asked === 'confirm' && (cmd === 'confirm' || /^confirm$/i.test(text.trim()))) {
      const rules = draftRules(draft, env);
      if (rules) {
        const created = await s.groups.create(ctx.memberId, rules, callId);
        await s.flows.set(ctx.chatId, null);
        const v = rulesVars(ctx.locale, rules);
        let text2 = t(ctx.locale, 'group.created', {
          group_name: v.group_name,
          amount: v.amount,
          currency: v.currency,
          frequency: v.frequency,
          start_date: v.start_date,
          payout_rule: v.payout_rule,
          invite_link: created.link,
        });
        if (rules.payoutOrder === 'random' || rules.payoutOrder === 'chosen')
          text2 += `\n\n${t(ctx.locale, 'group.commitment_published', { commitment: created.group.commitment })}`;
        return reply(text2, buttons(ctx.locale, 'group_created'), { groupId: created.group.id, code: created.code });
      }
    }
    const parsed = parseAnswer(text, slots, asked, env, { correction });
    const before = { ...draft };
    Object.assign(draft, parsed.ok);
    if (!flow && Object.keys(parsed.ok).length > 0) {
      // One sentence: the rules with sensible defaults are not asked again, only shown in the summary.
      draft.lateFee ??= { kind: 'none' };
      draft.graceDays ??= 0;
      draft.quorumPercent ??= 100;
    }
    const changed = (Object.keys(parsed.ok) as Array<keyof Draft>)
      .filter((k) => k !== 'currency' && before[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(draft[k]))
      .map(stepOfField)
      .filter((x): x is Step => Boolean(x));
    if (changed.length) prefix.push(updatedText(ctx.locale, changed, draft, flowEnv(ctx, draft.currency)));
    if (parsed.ok.startDate) prefix.push(t(ctx.locale, 'group_create.date_understood', { date: dateText(ctx.locale, parsed.ok.startDate) }));
    const next = nextStep(draft);
    const env2 = flowEnv(ctx, draft.currency);
    // The question just asked was not answered: say why, and ask again.
    if (asked && asked !== 'confirm' && parsed.bad.includes(asked)) {
      await s.flows.set(ctx.chatId, { name: CREATE, step: asked, data: { draft } });
      return reply([...prefix, invalidFor(asked, env2)].join('\n'));
    }
    if (asked && asked !== 'confirm' && draft[FIELD_OF[asked]] === undefined && prefix.length === 0) {
      await s.flows.set(ctx.chatId, { name: CREATE, step: asked, data: { draft } });
      return reply(invalidFor(asked, env2));
    }
    if (next === 'confirm') {
      const rules = draftRules(draft, env2);
      if (!rules) {
        // A combination the rules refuse (e.g. a late fee above the contribution): ask for the fee again.
        delete draft.lateFee;
        await s.flows.set(ctx.chatId, { name: CREATE, step: 'late_fee', data: { draft } });
        return reply([...prefix, invalidFor('late_fee', env2)].join('\n'));
      }
      await s.flows.set(ctx.chatId, { name: CREATE, step: 'confirm', data: { draft } });
      return reply([...prefix, summaryText(rules, ctx.locale)].join('\n\n'), buttons(ctx.locale, 'confirm'));
    }
    await s.flows.set(ctx.chatId, { name: CREATE, step: next, data: { draft } });
    return reply([...prefix, questionFor(next, env2)].join('\n'), next === 'frequency' ? buttons(ctx.locale, 'frequency') : undefined);
  }

  const createGroup = guardedTool({
    name: 'create_group',
    description:
      'Create a savings group, or continue creating one. Pass the member message as text, and any details you understood as slots (amount, frequency, startDate as YYYY-MM-DD, membersCount, payoutOrder, lateFee, graceDays, quorumPercent, name). The tool asks for what is missing and shows the summary to confirm.',
    parameters: z.object({ text: z.string().max(2000), slots: GroupSlotsSchema.optional(), correction: z.boolean().optional() }),
    execute: async ({ text, slots, correction }, ctx, { callId }) => createStep(ctx, text, slots ?? {}, Boolean(correction), callId),
  });

  const join = guardedTool({
    name: 'join_group',
    description: 'Join a group with an invite code (JOIN ABC123), then AGREE to its rules. Pass the code if known and the member message as text.',
    parameters: z.object({ code: z.string().max(32).optional(), text: z.string().max(2000).optional() }),
    execute: async ({ code, text }, ctx, { callId }) => {
      const msg = text ?? ctx.inboundText;
      const joinCode = code ?? parseJoinCode(msg) ?? undefined;
      const flow = ctx.flow?.name === 'join_group' ? await s.flows.get(ctx.chatId) : null;
      if (joinCode && !(flow && flow.data?.code === joinCode.toUpperCase())) {
        const found = await s.groups.lookupInvite(joinCode);
        if (!found.ok) return refusalText(ctx, found.code, found.group, joinCode);
        const mine = (await s.groups.list(ctx.memberId)).find((g) => g.id === found.group.id);
        if (mine) return reply(t(ctx.locale, 'join.already_member', { group_name: mine.name }));
        if (found.group.status !== 'open') return reply(t(ctx.locale, 'join.group_not_open', { group_name: found.group.name }));
        if (found.group.membersJoined >= found.group.rules.membersCount) return refusalText(ctx, 'group_full', found.group);
        await s.flows.set(ctx.chatId, { name: 'join_group', step: 'agree', data: { code: joinCode.toUpperCase() } });
        return reply(invitedText(ctx.locale, found.group), buttons(ctx.locale, 'join'));
      }
      if (!flow) return reply(t(ctx.locale, 'fallback.not_understood', { menu: mainMenuText(ctx) }));
      const pending = String(flow.data?.code ?? '');
      const cmd = matchCommand(msg);
      if (cmd === 'cancel') {
        await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, 'approval.cancelled'));
      }
      const found = await s.groups.lookupInvite(pending);
      if (!found.ok) {
        await s.flows.set(ctx.chatId, null);
        return refusalText(ctx, found.code, found.group, pending);
      }
      if (cmd === 'rules') return reply(rulesText(ctx.locale, found.group), buttons(ctx.locale, 'join'));
      if (cmd === 'agree' || cmd === 'confirm' || cmd === 'ok') {
        const r = await s.groups.join(ctx.memberId, pending, callId);
        await s.flows.set(ctx.chatId, null);
        if (!r.ok) return refusalText(ctx, r.code, r.group, pending);
        const welcome = t(ctx.locale, 'join.welcome', {
          group_name: r.group.name,
          members_joined: r.group.membersJoined,
          members_count: r.group.rules.membersCount,
        });
        if (r.group.rules.payoutOrder === 'chosen') {
          const free = await s.groups.freeSlots(r.group.id);
          await s.flows.set(ctx.chatId, { name: 'choose_slot', step: 'pick', data: { groupId: r.group.id } });
          return reply(`${welcome}\n\n${t(ctx.locale, 'order.choose_slot', { group_name: r.group.name, free_slots: free.join(', ') })}`);
        }
        return reply(welcome);
      }
      return reply(invitedText(ctx.locale, found.group), buttons(ctx.locale, 'join'));
    },
  });

  const myGroups = guardedTool({
    name: 'my_groups',
    description: "List the member's savings groups.",
    parameters: z.object({}),
    execute: async (_i, ctx) => {
      const gs = await s.groups.list(ctx.memberId);
      if (gs.length === 0) return reply(t(ctx.locale, 'status.no_groups'));
      const closed = (g: GroupView) => (g.status === 'completed' || g.status === 'cancelled' ? ` · ${t(ctx.locale, `group_state.${g.status}`)}` : '');
      const lines = gs.map(
        (g, i) =>
          t(ctx.locale, 'my_groups.line', {
            number: i + 1,
            group_name: g.name,
            amount: formatAmount(g.rules.contribution, ctx.locale),
            currency: g.rules.contribution.currency,
            frequency: frequencyText(ctx.locale, g.rules.frequency),
            members_joined: g.membersJoined,
            members_count: g.rules.membersCount,
            role: t(ctx.locale, `role.${g.role}`),
          }) + closed(g),
      );
      return reply(t(ctx.locale, 'my_groups.list', { groups: lines.join('\n') }));
    },
  });

  const groupRules = guardedTool({
    name: 'group_rules',
    description: "Show the full rules of the member's group (or of the group they are being invited to).",
    parameters: z.object({ text: z.string().max(2000).optional() }),
    execute: async ({ text }, ctx) => {
      const c = await chooseGroup(s, ctx, { tool: 'group_rules', candidates: liveGroups(await s.groups.list(ctx.memberId)), text: text ?? ctx.inboundText });
      if ('reply' in c) return c.reply;
      if (!c.group) return reply(t(ctx.locale, 'status.no_groups'));
      return reply(rulesText(ctx.locale, c.group));
    },
  });

  const invite = guardedTool({
    name: 'invite_members',
    description: 'Organizer: get the invite link and QR code of the group to share with new members.',
    parameters: z.object({ text: z.string().max(2000).optional() }),
    execute: async ({ text }, ctx) => {
      const c = await chooseGroup(s, ctx, {
        tool: 'invite_members',
        candidates: liveGroups(await s.groups.list(ctx.memberId), { organizer: true }),
        text: text ?? ctx.inboundText,
      });
      if ('reply' in c) return c.reply;
      const g = c.group;
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      const r = await s.groups.invite(ctx.memberId, g.id);
      if (!r.ok) return refusalText(ctx, r.code, r.group);
      const v = rulesVars(ctx.locale, r.group.rules);
      return reply(
        t(ctx.locale, 'group.invite_text', {
          group_name: v.group_name,
          amount: v.amount,
          currency: v.currency,
          frequency: v.frequency,
          members_count: v.members_count,
          invite_link: r.link,
          code: r.code,
          bot_number: `+${r.link.slice('https://wa.me/'.length).split('?')[0]}`,
        }),
      );
    },
  });

  return [createGroup, join, myGroups, groupRules, invite];
}

/** The localized reply for a refusal code from the group services. */
export function refusalText(ctx: RoscaContext, code: string, g?: GroupView, inviteCode?: string): ToolReply {
  const L = ctx.locale;
  const name = g?.name ?? '—';
  switch (code) {
    case 'code_unknown':
      return reply(t(L, 'join.code_unknown', { code: inviteCode ?? '' }));
    case 'code_expired':
      return reply(t(L, 'join.code_expired'));
    case 'already_member':
      return reply(t(L, 'join.already_member', { group_name: name }));
    case 'group_full':
      return reply(t(L, 'join.group_full', { group_name: name, members_count: g?.rules.membersCount ?? 0 }));
    case 'group_not_open':
    case 'group_closed':
      if (g?.status === 'completed' || g?.status === 'cancelled' || code === 'group_closed') return reply(t(L, 'group.closed', { group_name: name }));
      return reply(t(L, 'group.not_open', { group_name: name }));
    case 'not_enough_members':
      return reply(t(L, 'group.start_not_enough', { group_name: name, members_joined: g?.membersJoined ?? 0, members_count: g?.rules.membersCount ?? 0 }));
    case 'start_date_passed':
      return reply(t(L, 'group.start_date_passed', { group_name: name, first_due_date: g ? dateText(L, g.rules.startDate) : '—' }));
    case 'cannot_remove_organizer':
      return reply(t(L, 'member.remove_refused_organizer'));
    case 'not_allowed':
    case 'not_a_member':
      return { ...reply(t(L, 'refusal.needs_organizer', { group_name: name })), refused: code };
    default:
      return reply(t(L, 'common.error'));
  }
}
