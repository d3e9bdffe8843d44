// The payments agent's tools. `initiate_payment` is the contribution flow (spec 3.4) as a state machine:
// which due (when several) → method (12.7) → mobile money number (default: the WhatsApp number) →
// provider request (12.8) or Stripe link (12.9). The receipt comes later, from the verified callback.
import { z } from 'zod';
import { buttons, matchCommand, menuChoice, normalizeCommandText, t } from '../core/i18n/index.ts';
import { normalizeE164 } from '../core/identity/phone.ts';
import type { Locale } from './context.ts';
import { nothingDueText } from './groups.ts';
import { dateText, formatAmount } from './groups-text.ts';
import { guardedTool } from './guard.ts';
import { reply, type ToolReply } from './reply.ts';
import type { CollectResult, OpenDueView, PaymentView, ToolServices } from './services.ts';

const CALLING: Record<string, string> = { KE: '254', TZ: '255', UG: '256', CD: '243', RW: '250', ZM: '260', CM: '237', CI: '225', SN: '221', GH: '233' };
const FLOW = 'pay';
type Step = 'due' | 'method' | 'wallet';
type FlowData = { cycleIds?: string[]; cycleId?: string };

const MOBILE = /\b(1|mobile money|mobile|momo|m ?pesa|mpesa|orange|tigo|airtel|vodacom|simu|pesa ya simu|argent mobile)\b/;
const CARD = /\b(2|card|carte|kadi|stripe|bank|banque|benki|visa|mastercard)\b/;
const MY_NUMBER = /^(1|my number|use my number|my_number|mon numero|utiliser mon numero|namba yangu|tumia namba yangu|this number|same)$/;

export function parseMethod(text: string): 'mobile_money' | 'card' | null {
  const n = normalizeCommandText(text).replace(/_/g, ' ');
  if (n === 'mobile money' || MOBILE.test(n)) return 'mobile_money';
  if (CARD.test(n)) return 'card';
  return null;
}

function dueLines(locale: Locale, dues: OpenDueView[]): string {
  return dues
    .map((d, i) =>
      t(locale, 'payment.due_line', {
        number: i + 1,
        group_name: d.groupName,
        amount: formatAmount(d.owed, locale),
        currency: d.owed.currency,
        due_date: dateText(locale, d.dueDate),
      }),
    )
    .join('\n');
}

function failureText(locale: Locale, kind: string, amount?: { minor: bigint; currency: string }): string {
  if (kind === 'insufficient_funds' && amount)
    return t(locale, 'payment.failed.insufficient_funds', { amount: formatAmount(amount, locale), currency: amount.currency });
  if (kind === 'cancelled' || kind === 'timeout' || kind === 'wrong_pin') return t(locale, `payment.failed.${kind}`);
  if (kind === 'invalid_number') return t(locale, 'payment.wallet_invalid');
  return t(locale, 'payment.failed.generic');
}

function paymentText(locale: Locale, p: PaymentView): string {
  if (p.status === 'pending') return t(locale, 'payment.pending', { payment_ref: p.ref });
  if (p.status === 'failed') return failureText(locale, p.failure ?? 'generic', p.amount);
  if (p.status === 'review') return t(locale, 'payment.review', { amount: formatAmount(p.amount, locale), currency: p.amount.currency });
  return t(locale, 'receipts.line', {
    paid_at: p.paidAt ? dateText(locale, p.paidAt) : '',
    amount: formatAmount(p.amount, locale),
    currency: p.amount.currency,
    group_name: p.groupName,
    receipt_id: `${p.receiptId} · #${p.ledgerSeq ?? '?'} ${p.ledgerHash ?? ''}`.trim(),
  });
}

export function makePaymentTools(s: ToolServices) {
  function collected(locale: Locale, r: CollectResult): ToolReply {
    switch (r.status) {
      case 'mobile_money':
        return reply(t(locale, 'payment.momo_sent', { amount: formatAmount(r.amount, locale), currency: r.amount.currency, payment_ref: r.ref }), undefined, {
          ref: r.ref,
        });
      case 'card':
        return reply(t(locale, 'payment.stripe_link', { stripe_link: r.url }), undefined, { ref: r.ref });
      case 'pending':
        return reply(t(locale, 'payment.pending', { payment_ref: r.ref }), undefined, { ref: r.ref });
      case 'nothing_due':
        return reply(r.groupName ? t(locale, 'payment.already_paid', { group_name: r.groupName }) : t(locale, 'payment.nothing_due_any'));
      case 'unavailable':
        return reply(t(locale, 'payment.method_unavailable'), buttons(locale, 'payment_method'));
      case 'rejected':
        return reply(failureText(locale, r.failure), undefined, { ref: r.ref });
    }
  }

  const askMethod = (locale: Locale) => reply(t(locale, 'payment.choose_method'), buttons(locale, 'payment_method'));

  return [
    guardedTool({
      name: 'initiate_payment',
      description:
        'Pay a contribution (the PAY flow). Pass the member\u2019s message as text; optionally method (mobile_money|card) and phone when the member said them. Returns the next prompt to relay.',
      parameters: z.object({
        text: z.string().max(500).optional(),
        method: z.enum(['mobile_money', 'card']).optional(),
        phone: z.string().max(20).optional(),
      }),
      execute: async (input, ctx, { callId }) => {
        const locale = ctx.locale;
        const text = (input.text ?? ctx.inboundText ?? '').trim();
        const saved = await s.flows.get(ctx.chatId);
        const flow = saved?.name === FLOW ? saved : null;
        const data = (flow?.data ?? {}) as FlowData;
        if (flow && matchCommand(text) === 'cancel') {
          await s.flows.set(ctx.chatId, null);
          return reply(t(locale, 'payment.cancelled'));
        }
        const go = async (step: Step, d: FlowData, out: ToolReply) => {
          await s.flows.set(ctx.chatId, { name: FLOW, step, data: d });
          return out;
        };
        const finish = async (cycleId: string, method: 'mobile_money' | 'card', phone?: string) => {
          const r = await s.payments.collect(ctx.memberId, { cycleId, method, phone }, callId);
          await s.flows.set(ctx.chatId, null);
          return collected(locale, r);
        };
        const afterDue = async (cycleId: string) => {
          const method = input.method ?? null;
          if (method === 'card') return finish(cycleId, 'card');
          if (method === 'mobile_money') {
            const phone = input.phone ? normalizeE164(input.phone, CALLING[ctx.country] ?? '254') : undefined;
            if (phone) return finish(cycleId, 'mobile_money', phone);
            return go('wallet', { cycleId }, reply(t(locale, 'payment.ask_wallet', { phone_masked: ctx.phoneMasked }), buttons(locale, 'wallet')));
          }
          return go('method', { cycleId }, askMethod(locale));
        };

        if (!flow) {
          const dues = await s.payments.openDues(ctx.memberId);
          if (dues.length === 0) return reply(await nothingDueText(s, ctx));
          if (dues.length === 1) return afterDue(dues[0].cycleId);
          return go('due', { cycleIds: dues.map((d) => d.cycleId) }, reply(t(locale, 'payment.choose_due', { lines: dueLines(locale, dues) })));
        }

        if (flow.step === 'due') {
          const dues = (await s.payments.openDues(ctx.memberId)).filter((d) => (data.cycleIds ?? []).includes(d.cycleId));
          if (dues.length === 0) {
            await s.flows.set(ctx.chatId, null);
            return reply(t(locale, 'payment.nothing_due_any'));
          }
          const n = menuChoice(
            dues.map((d) => d.cycleId),
            text,
          );
          const byNumber = dues.find((d) => d.cycleId === n);
          const byName = dues.find((d) => normalizeCommandText(d.groupName) === normalizeCommandText(text));
          const picked = byNumber ?? byName;
          if (!picked) return go('due', { cycleIds: dues.map((d) => d.cycleId) }, reply(t(locale, 'payment.choose_due', { lines: dueLines(locale, dues) })));
          return afterDue(picked.cycleId);
        }

        const cycleId = data.cycleId;
        if (!cycleId) {
          await s.flows.set(ctx.chatId, null);
          return reply(t(locale, 'common.error'));
        }
        if (flow.step === 'method') {
          const method = input.method ?? parseMethod(text);
          if (!method) return askMethod(locale);
          if (method === 'card') return finish(cycleId, 'card');
          return go('wallet', { cycleId }, reply(t(locale, 'payment.ask_wallet', { phone_masked: ctx.phoneMasked }), buttons(locale, 'wallet')));
        }
        // step 'wallet': their own number (button or "1"), or another one.
        if (MY_NUMBER.test(normalizeCommandText(text).replace(/_/g, ' ')) || text === 'my_number') return finish(cycleId, 'mobile_money');
        const phone = normalizeE164(input.phone ?? text, CALLING[ctx.country] ?? '254');
        if (!phone || !/^\+?[\d\s()-]{6,20}$/.test(input.phone ?? text)) return reply(t(locale, 'payment.wallet_invalid'), buttons(locale, 'wallet'));
        return finish(cycleId, 'mobile_money', phone);
      },
    }),

    guardedTool({
      name: 'get_payment_status',
      description: 'Where the member\u2019s latest payment (or the one with the given ref) stands.',
      parameters: z.object({ ref: z.string().max(40).optional(), text: z.string().max(500).optional() }),
      execute: async (input, ctx) => {
        const ref = input.ref ?? /\bpay_[0-9A-Z]{26}\b/i.exec(input.text ?? '')?.[0];
        const p = await s.payments.status(ctx.memberId, ref);
        if (!p) return reply(t(ctx.locale, 'payment.status_none'));
        return reply(paymentText(ctx.locale, p), undefined, { ref: p.ref, status: p.status });
      },
    }),

    guardedTool({
      name: 'my_receipts',
      description: 'The member\u2019s receipts (spec 7.2 "My Receipts"): each confirmed payment with its receipt id and ledger entry.',
      parameters: z.object({}),
      execute: async (_input, ctx) => {
        const list = await s.payments.receipts(ctx.memberId, 10);
        if (list.length === 0) return reply(t(ctx.locale, 'receipts.none'));
        return reply(t(ctx.locale, 'receipts.list', { receipts: list.map((p) => paymentText(ctx.locale, p)).join('\n') }));
      },
    }),

    guardedTool({
      name: 'next_payout',
      description: 'The next payout in each of the member\u2019s groups, and the member\u2019s own turn (spec 7.2 "Next Payout").',
      parameters: z.object({}),
      execute: async (_input, ctx) => {
        const list = await s.payments.nextPayouts(ctx.memberId);
        if (list.length === 0) return reply(t(ctx.locale, 'next_payout.none'));
        const text = list
          .map((p) =>
            t(ctx.locale, 'next_payout.info', {
              group_name: p.groupName,
              recipient_name: p.recipientName,
              amount: formatAmount(p.amount, ctx.locale),
              currency: p.amount.currency,
              payout_date: dateText(ctx.locale, p.payoutDate),
              your_payout_date: p.yourPayoutDate ? dateText(ctx.locale, p.yourPayoutDate) : '—',
            }),
          )
          .join('\n\n');
        return reply(text);
      },
    }),
  ];
}
