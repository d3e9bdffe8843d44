// Refund requests (12.15) and the organizer's approval. The platform admin's approval is in
// tools/admin.ts; both go through approveFlow (propose → YES → PIN above the policy threshold).
import { z } from 'zod';
import { t } from '../core/i18n/index.ts';
import { approveFlow } from './admin.ts';
import { describeProposal } from './admin-confirm.ts';
import type { DisputeToolServices } from './disputes-services.ts';
import { guardedTool } from './guard.ts';
import { reply } from './reply.ts';

export function makeRefundTools(s: DisputeToolServices) {
  const request = guardedTool({
    name: 'request_refund',
    description: 'The member asks for a contribution back before its payout (after a payout, a dispute is the only way). Pass the member\u2019s words as text.',
    parameters: z.object({ text: z.string().max(500).optional() }),
    execute: async ({ text }, ctx, { callId }) => {
      await s.flows.set(ctx.chatId, null);
      const r = await s.refunds.request(ctx.memberId, (text ?? ctx.inboundText).slice(0, 300), callId);
      if (!r.ok) return reply(t(ctx.locale, 'refund.none'));
      return reply(t(ctx.locale, 'refund.requested', { amount: r.amount, currency: r.currency, reason: r.reason, refund_ref: r.refundId }));
    },
  });

  const approveGroup = guardedTool({
    name: 'approve_refund_group',
    description:
      'Group organizers: approve a member\u2019s refund request (first of two approvals). Proposes first; executes after YES (and the PIN above the policy threshold).',
    parameters: z.object({
      refund_id: z.string().max(60).optional(),
      with_pin: z.boolean().optional(),
      confirm: z.boolean().optional(),
      cancel: z.boolean().optional(),
    }),
    needsPinFor: (i) => i.confirm === true && i.with_pin === true,
    describeApproval: describeProposal(s.flows, 'approve_refund_group'),
    execute: async (input, ctx, { callId }) => approveFlow(s, ctx, 'approve_refund_group', 'group_admin', input, callId),
  });

  return [request, approveGroup];
}
