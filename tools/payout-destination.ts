// Changing where a member's payouts go is a classic fraud path: it needs the PIN (policies) and takes
// effect only after a cooling-off delay (the service), and the member is told both.
import { z } from 'zod';
import { t } from '../core/i18n/index.ts';
import { maskPhone, normalizeE164 } from '../core/identity/phone.ts';
import { guardedTool } from './guard.ts';
import { reply } from './reply.ts';
import type { ToolServices } from './services.ts';

const CALLING: Record<string, string> = { KE: '254', TZ: '255', UG: '256', CD: '243', RW: '250' };

export function makePayoutDestinationTools(s: ToolServices) {
  return [
    guardedTool({
      name: 'set_payout_destination',
      description: 'Change the mobile money number that receives this member\u2019s payouts. Requires the member\u2019s PIN.',
      parameters: z.object({ phone: z.string().min(6).max(20) }),
      execute: async ({ phone }, ctx, { callId }) => {
        const e164 = normalizeE164(phone, CALLING[ctx.country] ?? '254');
        if (!e164) return reply(t(ctx.locale, 'payment.wallet_invalid'));
        const { effectiveAt } = await s.members.setPayoutDestination(ctx.memberId, e164, callId);
        // TODO(i18n): a dedicated "payout number changed, effective <date>" text.
        return reply(`${t(ctx.locale, 'approval.confirmed')} ${maskPhone(e164)} · ${effectiveAt.slice(0, 10)}`);
      },
    }),
  ];
}
