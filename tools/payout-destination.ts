// Changing where a member's payouts go is a classic fraud path: it needs the PIN (policies) and takes
// effect only after a cooling-off delay (the service), and the member is told both. Asking for the
// number first needs no PIN; the PIN is asked once the change is concrete.
import { z } from 'zod';
import { formatDateLong, t } from '../core/i18n/index.ts';
import { maskPhone, normalizeE164 } from '../core/identity/phone.ts';
import { guardedTool } from './guard.ts';
import { reply } from './reply.ts';
import type { ToolServices } from './services.ts';

const CALLING: Record<string, string> = { KE: '254', TZ: '255', UG: '256', CD: '243', RW: '250', BI: '257' };

export function makePayoutDestinationTools(s: ToolServices) {
  const valid = (ctx: { country: string }, phone?: string) => (phone ? normalizeE164(phone, CALLING[ctx.country] ?? '254') : undefined);
  return [
    guardedTool({
      name: 'set_payout_destination',
      description:
        'Change the mobile money number that receives this member\u2019s payouts (asks for the number if not given). Requires the member\u2019s PIN.',
      parameters: z.object({ phone: z.string().max(30).optional(), text: z.string().max(500).optional() }),
      // Only a call carrying a usable number changes anything; that call needs the PIN.
      needsPinFor: (input) => Boolean(input.phone && normalizeE164(input.phone)),
      describeApproval: ({ phone }, ctx) => t(ctx.locale, 'approval.summary.set_payout_destination', { destination: maskPhone(valid(ctx, phone) ?? '') }),
      execute: async ({ phone }, ctx, { callId }) => {
        const e164 = valid(ctx, phone);
        if (!e164) {
          await s.flows.set(ctx.chatId, { name: 'payout_destination', step: 'number' });
          return reply(phone ? t(ctx.locale, 'payment.wallet_invalid') : t(ctx.locale, 'payout.ask_destination'));
        }
        await s.flows.set(ctx.chatId, null);
        const { effectiveAt } = await s.members.setPayoutDestination(ctx.memberId, e164, callId);
        const effective_date = formatDateLong(effectiveAt.slice(0, 10), ctx.locale);
        return reply(t(ctx.locale, 'payout.destination_changed', { destination: maskPhone(e164), effective_date }));
      },
    }),
  ];
}
