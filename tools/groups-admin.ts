// Organizer tools (spec 7.3): START, edit rules, remove a member and change the payout order (both PIN-
// gated by policies/permissions.ts), the group admin menu, cycle status, and choosing a payout turn.
// The guard refuses non-organizers before execute; the services re-check the role in the group itself.
import { z } from 'zod';
import { buttons, GROUP_ADMIN_MENU, matchCommand, menuChoice, menuItemLabel, normalizeCommandText, renderMenu, t } from '../core/i18n/index.ts';
import type { GroupRules } from '../core/rosca/index.ts';
import { cancelProposal, describeProposal, nothingToConfirm, propose, takeProposal } from './admin-confirm.ts';
import type { RoscaContext } from './context.ts';
import { chooseGroup, flowEnv, liveGroups, refusalText } from './groups.ts';
import { draftPartial, GroupSlotsSchema, parseAnswer } from './groups-flow.ts';
import { dateText, fieldText, formatAmount, type RuleField } from './groups-text.ts';
import { guardedTool } from './guard.ts';
import { reply, type ToolReply } from './reply.ts';
import type { GroupView, OrderLine, ToolServices } from './services.ts';

function orderText(ctx: RoscaContext, lines: OrderLine[]): string {
  return lines
    .map((l) => t(ctx.locale, 'group.order_line', { position: l.position, member_name: l.memberName, payout_date: dateText(ctx.locale, l.payoutDate) }))
    .join('\n');
}

const LATE_FEE_WORDS = /\b(late|retard|p[ée]nalit|amende|faini|adhabu|penalty|fine)/i;

export function makeGroupAdminTools(s: ToolServices) {
  const organizedGroups = async (ctx: RoscaContext) => liveGroups(await s.groups.list(ctx.memberId), { organizer: true });
  /** The group a flow in progress is about (its data.groupId), else the newest organized one. */
  const flowGroup = async (ctx: RoscaContext): Promise<GroupView | undefined> => {
    const gs = await organizedGroups(ctx);
    const flow = await s.flows.get(ctx.chatId);
    return gs.find((g) => g.id === flow?.data?.groupId) ?? gs[0];
  };
  /** A bare "2" answers "Which group?": the command it continues was already approved with the PIN. */
  const isGroupChoice = (text: string | undefined) => /^\s*\d{1,2}\s*\.?\s*$/.test(text ?? '');

  const start = guardedTool({
    name: 'start_group',
    description: 'Organizer: START the group once every member has joined (asks to CONFIRM first). Pass the member message as text.',
    parameters: z.object({ text: z.string().max(2000).optional() }),
    execute: async ({ text }, ctx, { callId }) => {
      const msg = text ?? ctx.inboundText;
      const inFlow = ctx.flow?.name === 'start_group';
      let g: GroupView | undefined;
      if (inFlow) g = await flowGroup(ctx);
      else {
        // Only a group still open can start: an organizer of one running and one open group is not asked.
        const all = await organizedGroups(ctx);
        const open = all.filter((x) => x.status === 'open');
        const c = await chooseGroup(s, ctx, { tool: 'start_group', candidates: open.length ? open : all, text: msg });
        if ('reply' in c) return c.reply;
        g = c.group;
      }
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      const cmd = matchCommand(msg);
      if (inFlow && cmd === 'cancel') {
        await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, 'group.start_cancelled', { group_name: g.name }));
      }
      if (inFlow && (cmd === 'confirm' || cmd === 'ok')) {
        await s.flows.set(ctx.chatId, null);
        const r = await s.groups.start(ctx.memberId, g.id, callId);
        if (!r.ok) return refusalText(ctx, r.code, r.group ?? g);
        const rules = r.group.rules;
        const amount = formatAmount(rules.contribution, ctx.locale);
        if (rules.payoutOrder === 'auction') {
          return reply(
            t(ctx.locale, 'group.started_auction', {
              group_name: g.name,
              amount,
              currency: rules.contribution.currency,
              due_date: dateText(ctx.locale, r.firstDueDate),
            }),
          );
        }
        const started = t(ctx.locale, 'group.started', {
          group_name: g.name,
          amount,
          currency: rules.contribution.currency,
          due_date: dateText(ctx.locale, r.firstDueDate),
          turn: r.turn ?? 0,
          members_count: r.order.length,
          payout_date: dateText(ctx.locale, r.payoutDate ?? r.firstDueDate),
        });
        const reveal = t(ctx.locale, 'group.order_reveal', {
          group_name: g.name,
          order_lines: orderText(ctx, r.order),
          seed: r.seed,
          commitment: r.group.commitment,
        });
        return reply(`${started}\n\n${reveal}`);
      }
      const check = await s.groups.checkStart(ctx.memberId, g.id);
      if (!check.ok) return refusalText(ctx, check.code, check.group ?? g);
      await s.flows.set(ctx.chatId, { name: 'start_group', step: 'confirm', data: { groupId: g.id } });
      return reply(
        t(ctx.locale, 'group.start_confirm', {
          group_name: g.name,
          members_joined: check.group.membersJoined,
          first_due_date: dateText(ctx.locale, check.firstDueDate),
        }),
        buttons(ctx.locale, 'confirm'),
      );
    },
  });

  async function applyRuleChanges(
    ctx: RoscaContext,
    g: GroupView,
    text: string,
    slots: z.infer<typeof GroupSlotsSchema>,
    callId: string,
  ): Promise<ToolReply | null> {
    const env = flowEnv(ctx, g.rules.contribution.currency);
    const s2 = { ...slots };
    // "change the late fee to 500": the amount named next to a late-fee word is the fee, not the contribution.
    if (s2.amount && !s2.lateFee && LATE_FEE_WORDS.test(text)) {
      s2.lateFee = s2.amount;
      delete s2.amount;
    }
    const parsed = parseAnswer(text, s2, LATE_FEE_WORDS.test(text) ? 'late_fee' : null, env, { correction: true });
    const ok = parsed.ok;
    const changes: Partial<GroupRules> = {};
    if (ok.name) changes.name = ok.name;
    if (ok.amountMinor) changes.contribution = { currency: g.rules.contribution.currency, minor: BigInt(ok.amountMinor) };
    if (ok.frequency) changes.frequency = ok.frequency;
    if (ok.startDate) changes.startDate = ok.startDate;
    if (ok.membersCount) changes.membersCount = ok.membersCount;
    if (ok.payoutOrder) changes.payoutOrder = ok.payoutOrder;
    if (ok.lateFee) {
      const p = draftPartial({ currency: g.rules.contribution.currency, lateFee: ok.lateFee }, env);
      if (p.lateFee) changes.lateFee = p.lateFee;
    }
    if (ok.graceDays !== undefined) changes.graceDays = ok.graceDays;
    if (ok.quorumPercent !== undefined) changes.quorumPercent = ok.quorumPercent;
    if (Object.keys(changes).length === 0) return null;
    const r = await s.groups.editRules(ctx.memberId, g.id, changes, callId);
    await s.flows.set(ctx.chatId, null);
    if (!r.ok) {
      if (r.code === 'locked_after_start')
        return reply(t(ctx.locale, 'edit_rules.locked', { field: t(ctx.locale, `group_create.field.${(r.detail ?? 'amount') as RuleField}`) }));
      if (r.code === 'invalid') return reply(t(ctx.locale, 'edit_rules.not_understood'));
      return refusalText(ctx, r.code, r.group ?? g);
    }
    return reply(
      t(ctx.locale, 'edit_rules.done', {
        group_name: r.group.name,
        changes: r.changed.map((f) => `• ${fieldText(ctx.locale, f as RuleField, r.group.rules)}`).join('\n'),
      }),
    );
  }

  const editRules = guardedTool({
    name: 'edit_rules',
    description:
      'Organizer: change the group rules (late fee, grace days, quorum, name; before START also amount, frequency, start date, size). Pass the message as text and the understood values as slots.',
    parameters: z.object({ text: z.string().max(2000).optional(), slots: GroupSlotsSchema.optional() }),
    execute: async ({ text, slots }, ctx, { callId }) => {
      let msg = text ?? ctx.inboundText;
      const inFlow = ctx.flow?.name === 'edit_rules';
      let g: GroupView | undefined;
      let sl = slots ?? {};
      if (inFlow) g = await flowGroup(ctx);
      else {
        const c = await chooseGroup(s, ctx, { tool: 'edit_rules', candidates: await organizedGroups(ctx), text: msg, args: { text: msg, slots: sl } });
        if ('reply' in c) return c.reply;
        g = c.group;
        msg = String(c.args.text ?? msg);
        sl = (c.args.slots as typeof sl | undefined) ?? sl;
      }
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      if (inFlow && matchCommand(msg) === 'cancel') {
        await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, 'approval.cancelled'));
      }
      const applied = await applyRuleChanges(ctx, g, msg, sl, callId);
      if (applied) return applied;
      if (inFlow) return reply(t(ctx.locale, 'edit_rules.not_understood'));
      await s.flows.set(ctx.chatId, { name: 'edit_rules', step: 'ask', data: { groupId: g.id } });
      return reply(t(ctx.locale, 'edit_rules.ask', { group_name: g.name }));
    },
  });

  const memberList = async (g: GroupView) => (await s.groups.memberNames(g.id)).map((m) => m.name).join(', ');

  const removeMember = guardedTool({
    name: 'remove_member',
    description: 'Organizer: remove a member from the group (needs the PIN). Pass the member name.',
    parameters: z.object({ member: z.string().max(80).optional(), text: z.string().max(2000).optional() }),
    needsPinFor: (i) => Boolean(i.member) || !isGroupChoice(i.text),
    execute: async (input, ctx, { callId }) => {
      const { text } = input;
      const c = await chooseGroup(s, ctx, {
        tool: 'remove_member',
        candidates: await organizedGroups(ctx),
        text: text ?? ctx.inboundText,
        args: input.member ? { member: input.member } : {},
      });
      if ('reply' in c) return c.reply;
      const g = c.group;
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      // Without a name in this call, a group choice carries the one from the approved command.
      const member = input.member ?? (c.args.member as string | undefined);
      const all = await s.groups.memberNames(g.id);
      const wanted = normalizeCommandText(member ?? '');
      const target = wanted
        ? (all.find((m) => normalizeCommandText(m.name) === wanted) ?? all.find((m) => normalizeCommandText(m.name).includes(wanted)))
        : undefined;
      if (!target) {
        const names = all.map((m) => m.name).join(', ');
        return reply(
          member
            ? t(ctx.locale, 'member.not_found', { member_name: member, group_name: g.name, members: names })
            : t(ctx.locale, 'member.remove_which', { group_name: g.name, members: names }),
        );
      }
      void text;
      const r = await s.groups.removeMember(ctx.memberId, g.id, target.memberId, callId);
      if (!r.ok) return refusalText(ctx, r.code, r.group ?? g);
      return reply(t(ctx.locale, 'member.removed_done', { member_name: r.name, group_name: g.name }));
    },
  });

  const changeOrder = guardedTool({
    name: 'change_payout_order',
    description: 'Organizer: set the payout order by listing member names separated by commas (needs the PIN).',
    parameters: z.object({ text: z.string().max(2000).optional(), order: z.array(z.string().max(80)).max(50).optional() }),
    needsPinFor: (i) => Boolean(i.order?.length) || !isGroupChoice(i.text),
    execute: async (input, ctx, { callId }) => {
      const msg0 = input.text ?? ctx.inboundText;
      const c = await chooseGroup(s, ctx, {
        tool: 'change_payout_order',
        candidates: await organizedGroups(ctx),
        text: msg0,
        args: { text: msg0, ...(input.order ? { order: input.order } : {}) },
      });
      if ('reply' in c) return c.reply;
      const g = c.group;
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      const order = (c.args.order as string[] | undefined) ?? input.order;
      const text = String(c.args.text ?? msg0);
      const all = await s.groups.memberNames(g.id);
      const names =
        order ??
        (text ?? ctx.inboundText)
          .replace(/^[^:]*:/, '')
          .split(/[,;\n]|\s+(?:then|puis|kisha)\s+/i)
          .map((x) => x.trim())
          .filter(Boolean);
      const ids = names.map((n) => all.find((m) => normalizeCommandText(m.name) === normalizeCommandText(n))?.memberId);
      if (names.length < 2 || ids.some((x) => !x)) return reply(t(ctx.locale, 'order.change_ask', { example: all.map((m) => m.name).join(', ') }));
      const r = await s.groups.changePayoutOrder(ctx.memberId, g.id, ids as string[], callId);
      if (!r.ok)
        return r.code === 'invalid' ? reply(t(ctx.locale, 'order.change_invalid', { members: await memberList(g) })) : refusalText(ctx, r.code, r.group ?? g);
      return reply(t(ctx.locale, 'order.changed_done', { group_name: g.name, order_lines: orderText(ctx, r.order) }));
    },
  });

  async function cycleStatusReply(ctx: RoscaContext, g: GroupView | undefined): Promise<ToolReply> {
    if (!g) return reply(t(ctx.locale, 'status.no_groups'));
    const st = g.status === 'active' ? await s.groups.cycleStatus(ctx.memberId, g.id) : null;
    if (!st) return reply(t(ctx.locale, 'cycle.not_started', { group_name: g.name, members_joined: g.membersJoined, members_count: g.rules.membersCount }));
    const lines = st.lines.map((l) =>
      t(ctx.locale, 'cycle.status_line', { member_name: l.name, contribution_status: t(ctx.locale, `contribution_status.${l.status}`) }),
    );
    return reply(
      t(ctx.locale, 'cycle.status', {
        group_name: g.name,
        cycle_no: st.cycleNo,
        cycles_total: st.cyclesTotal,
        due_date: dateText(ctx.locale, st.dueDate),
        lines: lines.join('\n'),
      }),
    );
  }

  const cycleStatus = guardedTool({
    name: 'cycle_status',
    description: "Show the current cycle of the member's group: who has paid and the due date.",
    parameters: z.object({ text: z.string().max(2000).optional() }),
    execute: async ({ text }, ctx) => {
      const c = await chooseGroup(s, ctx, { tool: 'cycle_status', candidates: liveGroups(await s.groups.list(ctx.memberId)), text: text ?? ctx.inboundText });
      if ('reply' in c) return c.reply;
      return cycleStatusReply(ctx, c.group);
    },
  });

  const adminMenu = guardedTool({
    name: 'group_admin_menu',
    description:
      'Organizer: the group admin menu (Create Group, Manage Members, Edit Rules, Cycle Status, Approve Exceptions, Reports); pass a number or words as text.',
    parameters: z.object({ text: z.string().max(2000).optional() }),
    execute: async ({ text }, ctx) => {
      let msg = (text ?? '').trim();
      const inFlow = ctx.flow?.name === 'group_admin';
      let g: GroupView | undefined;
      if (inFlow) g = await flowGroup(ctx);
      else {
        const c = await chooseGroup(s, ctx, { tool: 'group_admin_menu', candidates: await organizedGroups(ctx), text: msg, args: { text: msg } });
        if ('reply' in c) return c.reply;
        g = c.group;
        msg = String(c.args.text ?? msg).trim();
      }
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      const byWords = GROUP_ADMIN_MENU.find((item) => normalizeCommandText(menuItemLabel(ctx.locale, item)) === normalizeCommandText(msg));
      const item = inFlow ? (menuChoice(GROUP_ADMIN_MENU, msg) ?? byWords) : byWords;
      if (!item) {
        if (inFlow && msg) {
          await s.flows.set(ctx.chatId, null);
          return reply(t(ctx.locale, 'menu.invalid_choice', { max: GROUP_ADMIN_MENU.length }));
        }
        await s.flows.set(ctx.chatId, { name: 'group_admin', step: 'menu', data: { groupId: g.id } });
        return reply(renderMenu(ctx.locale, t(ctx.locale, 'menu.group_admin.title', { group_name: g.name }), GROUP_ADMIN_MENU));
      }
      await s.flows.set(ctx.chatId, null);
      switch (item) {
        case 'create_group':
          await s.flows.set(ctx.chatId, { name: 'create_group', step: 'name', data: { draft: { currency: flowEnv(ctx).currency } } });
          return reply(t(ctx.locale, 'group_create.ask_name'));
        case 'manage_members': {
          const members = (await s.groups.memberNames(g.id))
            .map((m) => `• ${m.name} (${t(ctx.locale, `role.${m.role as 'member' | 'organizer' | 'admin'}`)})`)
            .join('\n');
          return reply(
            t(ctx.locale, 'group_admin.manage_members', { group_name: g.name, members_joined: g.membersJoined, members_count: g.rules.membersCount, members }),
          );
        }
        case 'edit_rules':
          await s.flows.set(ctx.chatId, { name: 'edit_rules', step: 'ask', data: { groupId: g.id } });
          return reply(t(ctx.locale, 'edit_rules.ask', { group_name: g.name }));
        case 'approve_exceptions':
          return reply(t(ctx.locale, 'group_admin.no_exceptions', { group_name: g.name }));
        default:
          return cycleStatusReply(ctx, g);
      }
    },
  });

  const chooseSlot = guardedTool({
    name: 'choose_payout_slot',
    description: 'In a group where members choose their payout turn: pick a free turn by number.',
    parameters: z.object({ text: z.string().max(2000).optional(), slot: z.number().int().optional() }),
    execute: async ({ text, slot }, ctx) => {
      const flow = await s.flows.get(ctx.chatId);
      const g = (await s.groups.list(ctx.memberId)).find((x) => x.id === flow?.data?.groupId) ?? liveGroups(await s.groups.list(ctx.memberId))[0];
      if (!g) return reply(t(ctx.locale, 'status.no_groups'));
      const msg = text ?? ctx.inboundText;
      if (matchCommand(msg) === 'cancel') {
        await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, 'approval.cancelled'));
      }
      const n = slot ?? Number(/^\s*(\d{1,2})\s*$/.exec(msg)?.[1] ?? Number.NaN);
      const free = await s.groups.freeSlots(g.id);
      if (!Number.isInteger(n)) return reply(t(ctx.locale, 'order.choose_slot', { group_name: g.name, free_slots: free.join(', ') }));
      const r = await s.groups.chooseSlot(ctx.memberId, g.id, n);
      if (!r.ok) {
        if (r.code === 'not_chosen') {
          await s.flows.set(ctx.chatId, null);
          return reply(t(ctx.locale, 'order.not_chosen_group', { group_name: g.name, payout_rule: t(ctx.locale, `payout_order.${g.rules.payoutOrder}`) }));
        }
        if (r.code === 'slot_taken' || r.code === 'slot_out_of_range')
          return reply(t(ctx.locale, 'order.slot_taken', { slot: n, free_slots: r.detail ?? free.join(', ') }));
        await s.flows.set(ctx.chatId, null);
        return refusalText(ctx, r.code, r.group ?? g);
      }
      await s.flows.set(ctx.chatId, null);
      return reply(t(ctx.locale, 'order.slot_confirmed', { slot: n, payout_date: dateText(ctx.locale, r.payoutDate) }));
    },
  });

  // Cancelling an open group: propose (stored in the chat's flow) → YES → PIN → cancel exactly the proposed
  // group. A running group is refused here and by the service: only a platform admin cancels it.
  const cancelGroup = guardedTool({
    name: 'cancel_group',
    description:
      'Organizer: cancel a group that has not started yet (asks to confirm with YES, then the PIN). Pass the message as text; confirm only after the organizer said YES.',
    parameters: z.object({
      text: z.string().max(2000).optional(),
      confirm: z.boolean().optional().describe('true only after the organizer said YES to the proposal'),
      cancel: z.boolean().optional(),
    }),
    needsPinFor: (i) => i.confirm === true,
    describeApproval: describeProposal(s.flows, 'cancel_group'),
    execute: async (input, ctx, { callId }) => {
      if (input.cancel) return cancelProposal(s.flows, ctx);
      if (input.confirm) {
        const p = await takeProposal(s.flows, ctx, 'cancel_group');
        if (!p) return nothingToConfirm(ctx);
        const r = await s.groups.cancel(ctx.memberId, String(p.args.group_id), callId);
        if (!r.ok) return cancelRefusal(ctx, r.code, r.group);
        return reply(t(ctx.locale, 'group.cancelled_done', { group_name: r.group.name }));
      }
      const c = await chooseGroup(s, ctx, { tool: 'cancel_group', candidates: await organizedGroups(ctx), text: input.text ?? ctx.inboundText });
      if ('reply' in c) return c.reply;
      const g = c.group;
      if (!g) return reply(t(ctx.locale, 'group.none_organized'));
      const check = await s.groups.checkCancel(ctx.memberId, g.id);
      if (!check.ok) return cancelRefusal(ctx, check.code, check.group ?? g);
      return propose(
        s.flows,
        ctx,
        'cancel_group',
        { group_id: g.id },
        t(ctx.locale, 'group.cancel_confirm', { group_name: g.name, members_joined: check.group.membersJoined }),
        true,
        t(ctx.locale, 'approval.summary.cancel_group', { group_name: g.name }),
      );
    },
  });

  return [start, editRules, removeMember, changeOrder, cycleStatus, adminMenu, chooseSlot, cancelGroup];
}

function cancelRefusal(ctx: RoscaContext, code: string, g: GroupView | undefined): ToolReply {
  const name = g?.name ?? '—';
  if (code === 'needs_platform_admin') return { ...reply(t(ctx.locale, 'group.cancel_needs_admin', { group_name: name })), refused: code };
  if (code === 'group_closed') return reply(t(ctx.locale, 'group.closed', { group_name: name }));
  return refusalText(ctx, code, g);
}
