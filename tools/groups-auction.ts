// The auction payout order's member tool (issue 4 §3): `place_bid` — the discount a member accepts to
// receive this cycle's pot now ("BID 500", "enchère 1 000", "zabuni 500", or a bare amount after the
// bidding notice). Asks which group when several have bidding open, and for the amount when none was
// given (flow `auction_bid`). Settlement happens in the server's sweep when the window closes.
import { z } from 'zod';
import { matchCommand, t } from '../core/i18n/index.ts';
import { type Money, money, parseMoney } from '../core/money.ts';
import type { RoscaContext } from './context.ts';
import { CHOOSE_GROUP, chooseGroup, liveGroups } from './groups.ts';
import { formatMoneyText } from './groups-text.ts';
import { guardedTool } from './guard.ts';
import { reply, type ToolReply } from './reply.ts';
import type { AuctionRoundView, AuctionServices, ToolServices } from './services.ts';

export const AUCTION_FLOW = 'auction_bid';

/** The first amount written in a message ("BID 1,000 KES" → "1,000"), if any. */
export function amountIn(text: string): string | undefined {
  return /(\d[\d\s.,\u00a0\u202f]*\d|\d)/.exec(text)?.[1]?.trim();
}

/** "1,000", "1 000", "1.000" (thousands) or "250.50" / "250,50" (decimals) → money, or undefined. */
export function parseBid(amount: string, currency: string, locale: RoscaContext['locale']): Money | undefined {
  const compact = amount.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d{1,3}([.,]\d{3})+$/.test(compact)) return money(currency, parseMoney(compact.replace(/[.,]/g, ''), currency).minor);
  for (const l of [locale, locale === 'fr' ? 'en' : 'fr'] as const) {
    try {
      return parseMoney(compact, currency, l);
    } catch {
      // try the other decimal separator
    }
  }
  return undefined;
}

export function makeAuctionTools(s: ToolServices, auction: AuctionServices) {
  const openText = (ctx: RoscaContext, r: AuctionRoundView): ToolReply =>
    reply(
      t(ctx.locale, 'auction.open', {
        group_name: r.groupName,
        cycle_no: r.cycleNo,
        pot: formatMoneyText(r.pot, ctx.locale),
        max_discount: formatMoneyText(r.maxDiscount, ctx.locale),
        closes_at: r.closesAt,
      }),
    );

  const placeBid = guardedTool({
    name: 'place_bid',
    description:
      'Auction groups: bid the discount the member accepts to receive this cycle’s pot now (e.g. "BID 500"). Pass the member message as text and the amount as discount if known.',
    parameters: z.object({ text: z.string().max(2000).optional(), discount: z.string().max(40).optional() }),
    execute: async ({ text, discount }, ctx) => {
      const msg = text ?? ctx.inboundText;
      const inFlow = ctx.flow?.name === AUCTION_FLOW;
      if (inFlow && matchCommand(msg) === 'cancel') {
        await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, 'approval.cancelled'));
      }
      const rounds = await auction.openRounds(ctx.memberId, ctx.locale);
      let round: AuctionRoundView | undefined;
      let amount: string | undefined;
      if (inFlow) {
        const flow = await s.flows.get(ctx.chatId);
        round = rounds.find((r) => r.cycleId === flow?.data?.cycleId);
        amount = discount ?? amountIn(msg);
      }
      if (!round) {
        const candidates = liveGroups(await s.groups.list(ctx.memberId)).filter((g) => rounds.some((r) => r.groupId === g.id));
        if (candidates.length === 0) {
          if (inFlow || ctx.flow?.name === CHOOSE_GROUP) await s.flows.set(ctx.chatId, null);
          return reply(t(ctx.locale, 'auction.none_open'));
        }
        const c = await chooseGroup(s, ctx, { tool: 'place_bid', candidates, text: msg, args: { text: msg, ...(discount ? { discount } : {}) } });
        if ('reply' in c) return c.reply;
        round = rounds.find((r) => r.groupId === c.group?.id);
        if (!round) return reply(t(ctx.locale, 'auction.none_open'));
        amount = discount ?? (c.args.discount as string | undefined) ?? amountIn(String(c.args.text ?? msg));
      }
      if (!round.eligible) {
        if (inFlow) await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, 'auction.not_eligible', { group_name: round.groupName }));
      }
      const askAgain = async (): Promise<ToolReply> => {
        await s.flows.set(ctx.chatId, { name: AUCTION_FLOW, step: 'amount', data: { cycleId: (round as AuctionRoundView).cycleId } });
        return reply(t(ctx.locale, 'auction.bid_invalid', { max_discount: formatMoneyText((round as AuctionRoundView).maxDiscount, ctx.locale) }));
      };
      if (amount === undefined) {
        await s.flows.set(ctx.chatId, { name: AUCTION_FLOW, step: 'amount', data: { cycleId: round.cycleId } });
        return openText(ctx, round);
      }
      const bid = parseBid(amount, round.pot.currency, ctx.locale);
      if (!bid) return askAgain();
      const r = await auction.placeBid(ctx.memberId, round.cycleId, bid, ctx.locale);
      if (!r.ok) {
        if (r.code === 'invalid') return askAgain();
        await s.flows.set(ctx.chatId, null);
        if (r.code === 'not_eligible') return reply(t(ctx.locale, 'auction.not_eligible', { group_name: round.groupName }));
        return reply(t(ctx.locale, 'auction.none_open'));
      }
      await s.flows.set(ctx.chatId, null);
      return reply(t(ctx.locale, 'auction.bid_received', { discount: formatMoneyText(bid, ctx.locale) }));
    },
  });

  return [placeBid];
}
