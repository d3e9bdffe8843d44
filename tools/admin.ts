// The Admin agent's tools (spec 7.4). Hidden from everyone but listed platform admins, and — except
// the TOTP step — from admins without a fresh TOTP (policies/permissions.ts); the services re-check
// both from the database. Actions are two-step (tools/admin-confirm.ts) and PIN-gated per policies.
import { z } from 'zod';
import { menuChoice, menuItemLabel, PLATFORM_ADMIN_MENU, renderMenu, t } from '../core/i18n/index.ts';
import { cancelProposal, describeProposal, nothingToConfirm, propose, takeProposal } from './admin-confirm.ts';
import type { RoscaContext } from './context.ts';
import type { AdminToolServices } from './disputes-services.ts';
import { guardedTool } from './guard.ts';
import { reply, type ToolReply } from './reply.ts';

const confirmFields = {
  confirm: z.boolean().optional().describe('true only after the admin said YES to the proposal'),
  cancel: z.boolean().optional(),
};

export function adminMenuText(ctx: Pick<RoscaContext, 'locale'>): string {
  return `${renderMenu(ctx.locale, t(ctx.locale, 'menu.platform_admin.title'), PLATFORM_ADMIN_MENU)}\n\n${t(ctx.locale, 'admin.help')}`;
}

function list(ctx: RoscaContext, title: string, lines: string[]): ToolReply {
  return reply(lines.length ? t(ctx.locale, 'admin.list', { title, lines: lines.join('\n') }) : t(ctx.locale, 'admin.list_empty', { title }));
}

export function makeAdminTools(s: AdminToolServices, extra: { configLines: () => string[] }) {
  const verifyTotp = guardedTool({
    name: 'admin_verify_totp',
    description: 'Platform admins: start or complete the authenticator (TOTP) check that unlocks the admin menu for 15 minutes.',
    parameters: z.object({ code: z.string().max(12).optional() }),
    execute: async ({ code }, ctx) => {
      // The code itself comes from the run context: the model only ever sees a placeholder.
      const digits = (/^\s*\d{6}\s*$/.test(ctx.inboundText) ? ctx.inboundText : (code ?? ctx.inboundText)).replace(/\s/g, '');
      if (!/^\d{6}$/.test(digits)) {
        await s.flows.set(ctx.chatId, { name: 'admin_totp', step: 'code' });
        const { enrolled } = await s.admin.totpStart(ctx.memberId, ctx.chatId, ctx.locale);
        return reply(t(ctx.locale, enrolled ? 'admin.totp_enrol' : 'admin.totp_prompt'));
      }
      const r = await s.admin.totpVerify(ctx.memberId, digits);
      if (!r.ok) return reply(t(ctx.locale, 'admin.totp_invalid'));
      await s.flows.set(ctx.chatId, { name: 'admin', step: 'menu' });
      return reply(t(ctx.locale, 'admin.totp_ok', { minutes: String(r.validMinutes), menu: adminMenuText(ctx) }));
    },
  });

  const menu = guardedTool({
    name: 'admin_menu',
    description: 'Platform admin menu (Search User, Search Group, Disputes Queue, Refund Requests, Risk Flags, Broadcast, Config) and its read-only lists.',
    parameters: z.object({ text: z.string().max(200).optional() }),
    execute: async ({ text }, ctx) => {
      const said = (text ?? '').trim();
      const flow = ctx.flow?.name === 'admin' ? ctx.flow.step : 'menu';
      if (flow === 'search_user' || flow === 'search_group') {
        if (said && !/^\d{1,2}$/.test(said)) {
          await s.flows.set(ctx.chatId, { name: 'admin', step: 'menu' });
          return list(ctx, t(ctx.locale, 'admin.search_title', { query: said.slice(0, 40) }), await s.admin.search(ctx.memberId, said, ctx.locale));
        }
      }
      const item = menuChoice(PLATFORM_ADMIN_MENU, said) ?? keyword(said);
      await s.flows.set(ctx.chatId, { name: 'admin', step: 'menu' });
      switch (item) {
        case 'search_user':
          await s.flows.set(ctx.chatId, { name: 'admin', step: 'search_user' });
          return reply(t(ctx.locale, 'admin.ask_search_user'));
        case 'search_group':
          await s.flows.set(ctx.chatId, { name: 'admin', step: 'search_group' });
          return reply(t(ctx.locale, 'admin.ask_search_group'));
        case 'disputes_queue':
          return list(ctx, t(ctx.locale, 'admin.disputes_title'), await s.admin.listDisputes(ctx.memberId, ctx.locale));
        case 'refund_requests':
          return list(ctx, t(ctx.locale, 'admin.refunds_title'), await s.admin.listRefunds(ctx.memberId, ctx.locale));
        case 'risk_flags':
          return list(ctx, t(ctx.locale, 'admin.flags_title'), await s.admin.listRiskFlags(ctx.memberId, ctx.locale));
        case 'tickets':
          return list(ctx, t(ctx.locale, 'admin.tickets_title'), await s.admin.listTickets(ctx.memberId, ctx.locale));
        case 'broadcast':
          return reply(t(ctx.locale, 'admin.unavailable', { item: menuItemLabel(ctx.locale, 'broadcast') }));
        case 'config':
          return reply(t(ctx.locale, 'admin.config', { lines: extra.configLines().join('\n') }));
        default:
          return reply(adminMenuText(ctx));
      }
    },
  });

  const listDisputes = guardedTool({
    name: 'admin_list_disputes',
    description: 'Platform admins: the queue of open disputes (type, group, member, frozen amount, evidence).',
    parameters: z.object({}),
    execute: async (_i, ctx) => list(ctx, t(ctx.locale, 'admin.disputes_title'), await s.admin.listDisputes(ctx.memberId, ctx.locale)),
  });

  const search = guardedTool({
    name: 'admin_search',
    description: 'Platform admins: find a member by phone number or a group by name.',
    parameters: z.object({ query: z.string().min(2).max(80) }),
    execute: async ({ query }, ctx) =>
      list(ctx, t(ctx.locale, 'admin.search_title', { query: query.slice(0, 40) }), await s.admin.search(ctx.memberId, query, ctx.locale)),
  });

  const resolve = guardedTool({
    name: 'admin_resolve_dispute',
    description:
      'Platform admins: resolve a dispute with refund (to the dispute\u2019s member, optional amount), release (lift the freeze) or chargeback. Proposes first; executes only after YES and the PIN.',
    parameters: z.object({
      dispute_id: z.string().max(60).optional(),
      outcome: z.enum(['refund', 'release', 'chargeback']).optional(),
      member_name: z.string().max(80).optional(),
      amount: z.string().max(30).optional(),
      ...confirmFields,
    }),
    needsPinFor: (i) => i.confirm === true,
    describeApproval: describeProposal(s.flows, 'admin_resolve_dispute'),
    execute: async (input, ctx, { callId }) => {
      if (input.cancel) return cancelProposal(s.flows, ctx);
      if (input.confirm) {
        const p = await takeProposal(s.flows, ctx, 'admin_resolve_dispute');
        if (!p) return nothingToConfirm(ctx);
        const a = p.args as { dispute_id: string; outcome: 'refund' | 'release' | 'chargeback'; member_name?: string; amount?: string };
        const r = await s.admin.resolve(
          ctx.memberId,
          { disputeId: a.dispute_id, outcome: a.outcome, memberName: a.member_name, amount: a.amount },
          callId,
          ctx.locale,
        );
        return reply(r.ok ? t(ctx.locale, 'admin.done', { summary: r.summary }) : t(ctx.locale, 'admin.refused', { reason: r.detail ?? r.code }));
      }
      if (!input.dispute_id || !input.outcome) return reply(t(ctx.locale, 'admin.help'));
      const x = { disputeId: input.dispute_id, outcome: input.outcome, memberName: input.member_name, amount: input.amount };
      const p = await s.admin.proposeResolution(ctx.memberId, x, ctx.locale);
      if (!p.ok) return reply(t(ctx.locale, 'admin.refused', { reason: p.detail ?? p.code }));
      return propose(
        s.flows,
        ctx,
        'admin_resolve_dispute',
        { dispute_id: x.disputeId, outcome: x.outcome, member_name: x.memberName, amount: x.amount },
        t(ctx.locale, 'admin.confirm', { summary: p.summary }),
        true,
        p.summary,
      );
    },
  });

  const freezeGroup = guardedTool({
    name: 'admin_freeze_group',
    description:
      'Platform admins: freeze the escrow of a group\u2019s current cycle (by group name or id). Proposes first; executes only after YES and the PIN.',
    parameters: z.object({ group: z.string().max(80).optional(), ...confirmFields }),
    needsPinFor: (i) => i.confirm === true,
    describeApproval: describeProposal(s.flows, 'admin_freeze_group'),
    execute: async (input, ctx, { callId }) => {
      if (input.cancel) return cancelProposal(s.flows, ctx);
      if (input.confirm) {
        const p = await takeProposal(s.flows, ctx, 'admin_freeze_group');
        if (!p) return nothingToConfirm(ctx);
        const r = await s.admin.freezeGroup(ctx.memberId, String(p.args.group_id), callId, ctx.locale);
        return reply(r.ok ? t(ctx.locale, 'admin.done', { summary: r.summary }) : t(ctx.locale, 'admin.refused', { reason: r.detail ?? r.code }));
      }
      if (!input.group) return reply(t(ctx.locale, 'admin.ask_search_group'));
      const p = await s.admin.proposeFreeze(ctx.memberId, input.group, ctx.locale);
      if (!p.ok) return reply(t(ctx.locale, 'admin.refused', { reason: p.detail ?? p.code }));
      return propose(s.flows, ctx, 'admin_freeze_group', { group_id: p.groupId }, t(ctx.locale, 'admin.confirm', { summary: p.summary }), true, p.summary);
    },
  });

  const unfreezeGroup = guardedTool({
    name: 'admin_unfreeze_group',
    description:
      'Platform admins: lift the risk/admin freezes of a group’s current cycle (dispute freezes end with their dispute). Proposes first; executes only after YES and the PIN.',
    parameters: z.object({ group: z.string().max(80).optional(), ...confirmFields }),
    needsPinFor: (i) => i.confirm === true,
    describeApproval: describeProposal(s.flows, 'admin_unfreeze_group'),
    execute: async (input, ctx, { callId }) => {
      if (input.cancel) return cancelProposal(s.flows, ctx);
      if (input.confirm) {
        const p = await takeProposal(s.flows, ctx, 'admin_unfreeze_group');
        if (!p) return nothingToConfirm(ctx);
        const r = await s.admin.unfreezeGroup(ctx.memberId, String(p.args.group_id), callId, ctx.locale);
        return reply(r.ok ? t(ctx.locale, 'admin.done', { summary: r.summary }) : t(ctx.locale, 'admin.refused', { reason: r.detail ?? r.code }));
      }
      if (!input.group) return reply(t(ctx.locale, 'admin.ask_search_group'));
      const p = await s.admin.proposeUnfreeze(ctx.memberId, input.group, ctx.locale);
      if (!p.ok) return reply(t(ctx.locale, 'admin.refused', { reason: p.detail ?? p.code }));
      return propose(s.flows, ctx, 'admin_unfreeze_group', { group_id: p.groupId }, t(ctx.locale, 'admin.confirm', { summary: p.summary }), true, p.summary);
    },
  });

  const cancelGroup = guardedTool({
    name: 'admin_cancel_group',
    description:
      'Platform admins: cancel a group (by name or id), also a running one: contributions stop, escrow is refunded to the payers, leftover auction credits are paid out. Proposes first; executes only after YES and the PIN.',
    parameters: z.object({ group: z.string().max(80).optional(), ...confirmFields }),
    needsPinFor: (i) => i.confirm === true,
    describeApproval: describeProposal(s.flows, 'admin_cancel_group'),
    execute: async (input, ctx, { callId }) => {
      if (input.cancel) return cancelProposal(s.flows, ctx);
      if (input.confirm) {
        const p = await takeProposal(s.flows, ctx, 'admin_cancel_group');
        if (!p) return nothingToConfirm(ctx);
        const r = await s.admin.cancelGroup(ctx.memberId, String(p.args.group_id), callId, ctx.locale);
        return reply(r.ok ? t(ctx.locale, 'admin.done', { summary: r.summary }) : t(ctx.locale, 'admin.refused', { reason: r.detail ?? r.code }));
      }
      if (!input.group) return reply(t(ctx.locale, 'admin.ask_search_group'));
      const p = await s.admin.proposeCancelGroup(ctx.memberId, input.group, ctx.locale);
      if (!p.ok) return reply(t(ctx.locale, 'admin.refused', { reason: p.detail ?? p.code }));
      return propose(s.flows, ctx, 'admin_cancel_group', { group_id: p.groupId }, t(ctx.locale, 'admin.confirm', { summary: p.summary }), true, p.summary);
    },
  });

  const approveRefund = guardedTool({
    name: 'admin_approve_refund',
    description:
      'Platform admins: approve a refund request after its group organizer did. Proposes first; executes after YES (and the PIN above the policy threshold).',
    parameters: z.object({ refund_id: z.string().max(60).optional(), with_pin: z.boolean().optional(), ...confirmFields }),
    needsPinFor: (i) => i.confirm === true && i.with_pin === true,
    describeApproval: describeProposal(s.flows, 'admin_approve_refund'),
    execute: async (input, ctx, { callId }) => approveFlow(s, ctx, 'admin_approve_refund', 'platform_admin', input, callId),
  });

  const replyTicket = guardedTool({
    name: 'admin_reply_ticket',
    description: 'Platform admins: send a reply to the member who opened a support ticket. Proposes first; sends after YES.',
    parameters: z.object({ ticket_id: z.string().max(60).optional(), text: z.string().max(1000).optional(), ...confirmFields }),
    execute: async (input, ctx, { callId }) => {
      if (input.cancel) return cancelProposal(s.flows, ctx);
      if (input.confirm) {
        const p = await takeProposal(s.flows, ctx, 'admin_reply_ticket');
        if (!p) return nothingToConfirm(ctx);
        const r = await s.admin.replyTicket(ctx.memberId, String(p.args.ticket_id), String(p.args.text), callId, ctx.locale);
        return reply(r.ok ? t(ctx.locale, 'admin.done', { summary: r.summary }) : t(ctx.locale, 'admin.refused', { reason: r.detail ?? r.code }));
      }
      if (!input.ticket_id || !input.text) return reply(t(ctx.locale, 'admin.help'));
      const p = await s.admin.proposeTicketReply(ctx.memberId, input.ticket_id, input.text, ctx.locale);
      if (!p.ok) return reply(t(ctx.locale, 'admin.refused', { reason: p.detail ?? p.code }));
      return propose(
        s.flows,
        ctx,
        'admin_reply_ticket',
        { ticket_id: input.ticket_id, text: input.text },
        t(ctx.locale, 'admin.confirm', { summary: p.summary }),
        false,
      );
    },
  });

  return [verifyTotp, menu, listDisputes, search, resolve, freezeGroup, unfreezeGroup, cancelGroup, approveRefund, replyTicket];
}

function keyword(said: string): string | null {
  const s = said.toLowerCase();
  if (/^(refund requests|refunds)$/.test(s)) return 'refund_requests';
  if (/^(risk flags|flags)$/.test(s)) return 'risk_flags';
  if (/^(tickets|support tickets)$/.test(s)) return 'tickets';
  if (/^config$/.test(s)) return 'config';
  if (/^(disputes|disputes queue)$/.test(s)) return 'disputes_queue';
  return null;
}

/** Shared by the organizer's and the platform admin's refund approval: propose, then approve what was proposed. */
export async function approveFlow(
  s: Pick<AdminToolServices, 'flows' | 'refunds'>,
  ctx: RoscaContext,
  tool: string,
  as: 'group_admin' | 'platform_admin',
  input: { refund_id?: string; confirm?: boolean; cancel?: boolean; with_pin?: boolean },
  callId: string,
): Promise<ToolReply> {
  if (input.cancel) return cancelProposal(s.flows, ctx);
  const refusedText = (ref: string, code: string) =>
    reply(
      t(ctx.locale, 'refund.approval_refused', {
        refund_ref: ref,
        reason: REFUND_REASONS.has(code)
          ? t(ctx.locale, `refund.reason.${code}` as 'refund.reason.other')
          : code === 'not_admin'
            ? t(ctx.locale, 'admin.reason.not_admin')
            : t(ctx.locale, 'refund.reason.other'),
      }),
    );
  if (input.confirm) {
    const p = await takeProposal(s.flows, ctx, tool);
    if (!p) return nothingToConfirm(ctx);
    const ref = String(p.args.refund_id);
    // The PIN decision was made from the database at proposal time; the call must carry it (needsPinFor).
    const r = await s.refunds.approve(ctx.memberId, ref, as, input.with_pin === true && p.withPin, callId);
    if (!r.ok) return refusedText(ref, r.code);
    return reply(t(ctx.locale, r.fullyApproved ? 'refund.approval_complete' : 'refund.approval_recorded', { refund_ref: ref }));
  }
  if (!input.refund_id) return reply(t(ctx.locale, 'admin.help'));
  const p = await s.refunds.proposeApproval(ctx.memberId, input.refund_id, as);
  if (!p.ok) return refusedText(input.refund_id, p.code);
  return propose(
    s.flows,
    ctx,
    tool,
    { refund_id: p.refundId },
    t(ctx.locale, 'refund.confirm_approval', {
      refund_ref: p.refundId,
      amount: p.amount,
      currency: p.currency,
      member_name: p.memberName,
      group_name: p.groupName,
    }),
    p.pinRequired,
    `${p.refundId} · ${p.amount} ${p.currency} · ${p.memberName} (${p.groupName})`,
  );
}

const REFUND_REASONS = new Set([
  'approver_is_requester',
  'role_already_approved',
  'approver_already_approved',
  'group_admin_first',
  'not_found',
  'not_requested',
  'not_organizer',
  'post_release_requires_dispute',
]);
