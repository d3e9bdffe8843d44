// Auction payout order (issue 4 §3, chit fund): a bidding round per cycle, opened by the sweep at the
// previous payout (at START for cycle 1) with a notice to the members who may bid, bids by WhatsApp
// (the last one counts), and settlement when the window closes — the cycle's recipient is set, the
// winner's discount is split exactly among the other members, the outcome is stored for the payments
// side (auction_settlements / auction_dividends) and recorded on the group's ledger chain as
// `group.updated { changes: { auction } }`, and every member is told (the winner the amount they will
// actually be paid, after the platform fee). Lot (group seed) breaks ties and settles a round without bids.
// The payout sweep releases the cycle with this settlement (server/services/payouts-auction.ts).

import type { Clock } from '../../core/clock.ts';
import { payoutFee } from '../../core/escrow/fee.ts';
import { formatDateTimeLong } from '../../core/i18n/format.ts';
import { t } from '../../core/i18n/index.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { exponentOf, type Money, money } from '../../core/money.ts';
import { checkBid, type GroupRules, type GroupRulesJson, maxDiscount, rulesFromJson, settleAuction, toLocal } from '../../core/rosca/index.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Db, Tx } from '../../db/client.ts';
import * as auction from '../../db/groups/auction.ts';
import * as repo from '../../db/groups/repo.ts';
import { appendGroupEvent, type LedgerContext } from '../../db/ledger/services.ts';
import type { Locale } from '../../tools/context.ts';
import { dateText, formatMoneyText } from '../../tools/groups-text.ts';
import type { AuctionRoundView, AuctionServices } from '../../tools/services.ts';
import { contactOf } from './groups.ts';

export type AuctionDeps = { db: Db; pii: PiiCipher; clock: Clock; deliver: (ids: string[]) => void; ledgerContext: LedgerContext };

const rounds_per_sweep_max = 200;

/**
 * Discounts and dividends are settled in whole units of the currency (a shilling, not a cent): the
 * dividends come off members' next dues, and mobile money rails take whole units (M-Pesa: whole KES).
 * A pot that is not itself in whole units (a contribution with cents) is settled in minor units.
 */
function settlementUnit(pot: Money): bigint {
  const unit = 10n ** BigInt(exponentOf(pot.currency));
  return pot.minor % unit === 0n ? unit : 1n;
}

/** The pot of a cycle: one contribution per due of that cycle (members removed later owe nothing). */
async function potOf(tx: Tx, rules: GroupRules, cycleId: string): Promise<Money> {
  const n = (await repo.duesOfCycle(tx, cycleId)).length;
  return money(rules.contribution.currency, rules.contribution.minor * BigInt(n));
}

function closesText(at: Date, timeZone: string, locale: Locale): string {
  const l = toLocal(at, timeZone);
  return formatDateTimeLong(l.date, l.hour, l.minute, locale);
}

/** Who may bid in a round: active members who have not received the pot of another cycle. */
async function eligibleOf(tx: Tx, groupId: string): Promise<{ memberIds: string[]; eligible: string[] }> {
  const memberIds = (await repo.membersOfGroup(tx, groupId)).map((m) => m.memberId);
  const received = await auction.recipientsOfGroup(tx, groupId);
  return { memberIds, eligible: memberIds.filter((id) => !received.has(id)) };
}

export function createAuctionServices(deps: AuctionDeps): AuctionServices {
  const { db, clock } = deps;

  async function view(tx: Tx, round: auction.AuctionRoundRow, memberId: string, locale: Locale): Promise<AuctionRoundView | undefined> {
    const g = await repo.getGroup(tx, round.groupId);
    // A group cancelled (or completed) while a round was open takes no more bids.
    if (!g || g.status !== 'active') return undefined;
    const rules = rulesFromJson(g.rules as GroupRulesJson);
    const pot = await potOf(tx, rules, round.cycleId);
    const { eligible } = await eligibleOf(tx, g.id);
    return {
      groupId: g.id,
      groupName: g.name,
      cycleId: round.cycleId,
      cycleNo: round.cycleNo,
      closesAt: closesText(round.closesAt, g.timeZone, locale),
      pot,
      maxDiscount: maxDiscount(pot, rules.auctionMaxDiscountBps),
      eligible: eligible.includes(memberId),
    };
  }

  return {
    async openRounds(memberId, locale) {
      const groupIds = (await repo.groupsOfMember(db, memberId)).map((x) => x.group.id);
      const out: AuctionRoundView[] = [];
      for (const r of await auction.openRoundsOfGroups(db, groupIds, clock.now())) {
        const v = await view(db, r, memberId, locale);
        if (v) out.push(v);
      }
      return out;
    },

    async placeBid(memberId, cycleId, discount, locale) {
      return db.transaction(async (tx) => {
        const now = clock.now();
        // Locks the round: a settlement claiming it waits for this bid, or this bid sees it settled.
        const round = await auction.getRound(tx, cycleId, { forUpdate: true });
        if (!round || round.status !== 'open' || now < round.opensAt || now >= round.closesAt) return { ok: false, code: 'not_open' } as const;
        const v = await view(tx, round, memberId, locale);
        if (!v) return { ok: false, code: 'not_open' } as const;
        const g = (await repo.getGroup(tx, round.groupId)) as repo.GroupRow;
        const rules = rulesFromJson(g.rules as GroupRulesJson);
        const { memberIds, eligible } = await eligibleOf(tx, g.id);
        if (!memberIds.includes(memberId)) return { ok: false, code: 'not_open' } as const;
        const check = checkBid({ pot: v.pot, cap_bps: rules.auctionMaxDiscountBps, eligible_ids: eligible, bid: { member_id: memberId, discount } });
        if (check.ok && discount.minor % settlementUnit(v.pot) !== 0n) return { ok: false, code: 'invalid', round: v } as const;
        if (!check.ok) return { ok: false, code: check.code === 'not_eligible' ? 'not_eligible' : 'invalid', round: v } as const;
        await auction.upsertBid(tx, { cycleId, memberId, groupId: g.id, discountMinor: discount.minor, currency: discount.currency, placedAt: now });
        return { ok: true, round: v } as const;
      });
    },
  };
}

/** Opens the rounds whose window has started and settles those whose window has closed. */
export async function sweepAuctions(deps: AuctionDeps, now: Date): Promise<number> {
  let sent = 0;
  for (const r of await auction.roundsToOpen(deps.db, now, rounds_per_sweep_max)) sent += await openRound(deps, r, now);
  for (const r of await auction.roundsToSettle(deps.db, now, rounds_per_sweep_max)) sent += await settleRound(deps, r, now);
  return sent;
}

async function openRound(deps: AuctionDeps, r: auction.RoundToOpen, now: Date): Promise<number> {
  const ids = await deps.db.transaction(async (tx) => {
    const inserted = await auction.insertRound(tx, {
      cycleId: r.cycle_id,
      groupId: r.group_id,
      cycleNo: r.cycle_no,
      opensAt: new Date(r.opens_at),
      closesAt: new Date(r.closes_at),
    });
    if (!inserted) return [];
    const closesAt = new Date(r.closes_at);
    const { eligible } = await eligibleOf(tx, r.group_id);
    // Nothing to bid on (last turn) or nothing left of the window: settlement says what happened.
    if (eligible.length < 2 || closesAt <= now) return [];
    const g = (await repo.getGroup(tx, r.group_id)) as repo.GroupRow;
    const rules = rulesFromJson(g.rules as GroupRulesJson);
    const pot = await potOf(tx, rules, r.cycle_id);
    const max = maxDiscount(pot, rules.auctionMaxDiscountBps);
    const out: OutboundMessage[] = [];
    for (const memberId of eligible) {
      const c = await contactOf(tx, deps.pii, memberId);
      out.push({
        chatId: c.chatId,
        kind: 'text',
        body: {
          text: t(c.locale, 'auction.open', {
            group_name: g.name,
            cycle_no: r.cycle_no,
            pot: formatMoneyText(pot, c.locale),
            max_discount: formatMoneyText(max, c.locale),
            closes_at: closesText(closesAt, g.timeZone, c.locale),
          }),
        },
        idempotencyKey: `auction-open:${r.cycle_id}:${memberId}`,
      });
    }
    return enqueueOutbound(tx, out);
  });
  deps.deliver(ids);
  return ids.length;
}

async function settleRound(deps: AuctionDeps, round: auction.AuctionRoundRow, now: Date): Promise<number> {
  const ids = await deps.db.transaction(async (tx) => {
    if (!(await auction.claimSettlement(tx, round.cycleId, now))) return [];
    const g = await repo.getGroup(tx, round.groupId, { forUpdate: true });
    const [cycle] = await repo.cyclesByIds(tx, [round.cycleId]);
    // A group closed meanwhile, or a recipient set by hand: nothing to settle.
    if (!g || g.status !== 'active' || !cycle || cycle.recipientMemberId) return [];
    const rules = rulesFromJson(g.rules as GroupRulesJson);
    const pot = await potOf(tx, rules, cycle.id);
    const { memberIds, eligible } = await eligibleOf(tx, g.id);
    if (eligible.length === 0 || memberIds.length < 2) return [];
    const cap = maxDiscount(pot, rules.auctionMaxDiscountBps);
    const unit = settlementUnit(pot);
    const inUnits = (m: Money) => money(m.currency, m.minor / unit);
    const inMinor = (m: Money) => money(m.currency, m.minor * unit);
    // Bids were checked when placed; one from a member who has since become ineligible is dropped.
    const bids = (await auction.bidsOfRound(tx, cycle.id))
      .filter((b) => eligible.includes(b.memberId) && b.currency === pot.currency && b.discountMinor <= cap.minor && b.discountMinor % unit === 0n)
      .map((b) => ({ member_id: b.memberId, discount: money(b.currency, b.discountMinor) }));
    const seed = g.seedRevealed ?? deps.pii.decrypt(g.seedEnc);
    // Settled in whole units (the split's leftover goes to the earliest joined a whole unit at a time).
    const inUnitsResult = settleAuction({
      pot: inUnits(pot),
      member_ids: memberIds,
      eligible_ids: eligible,
      bids: bids.map((b) => ({ ...b, discount: inUnits(b.discount) })),
      seed,
      cycle_no: cycle.cycleNo,
      cap_bps: rules.auctionMaxDiscountBps,
    });
    const result = {
      ...inUnitsResult,
      discount: inMinor(inUnitsResult.discount),
      payout: inMinor(inUnitsResult.payout),
      dividends: inUnitsResult.dividends.map((d) => ({ member_id: d.member_id, amount: inMinor(d.amount) })),
    };
    await repo.setCycleRecipients(tx, [{ cycleId: cycle.id, memberId: result.winner_id }]);
    await repo.updateMembership(tx, g.id, result.winner_id, { payoutPosition: cycle.cycleNo });
    await auction.insertSettlement(
      tx,
      {
        cycleId: cycle.id,
        groupId: g.id,
        cycleNo: cycle.cycleNo,
        winnerMemberId: result.winner_id,
        currency: pot.currency,
        potMinor: pot.minor,
        discountMinor: result.discount.minor,
        payoutMinor: result.payout.minor,
        bidsCount: bids.length,
        byLot: result.by_lot,
        settledAt: now,
      },
      result.dividends.map((d) => ({ cycleId: cycle.id, memberId: d.member_id, groupId: g.id, amountMinor: d.amount.minor, currency: d.amount.currency })),
    );
    const ev = await appendGroupEvent(
      tx,
      g.id,
      {
        event_type: 'group.updated',
        actor: { type: 'system', id: 'groups' },
        subject: { type: 'cycle', id: cycle.id },
        cycle_id: cycle.id,
        data: {
          changes: {
            auction: {
              cycle_no: cycle.cycleNo,
              recipient_member_id: result.winner_id,
              currency: pot.currency,
              pot_minor: pot.minor.toString(),
              discount_minor: result.discount.minor.toString(),
              payout_minor: result.payout.minor.toString(),
              dividends: result.dividends.map((d) => ({ member_id: d.member_id, amount_minor: d.amount.minor.toString() })),
              bids_count: bids.length,
              by_lot: result.by_lot,
            },
          },
        },
        idempotencyKey: `auction:${cycle.id}`,
      },
      deps.ledgerContext,
    );
    if (ev.status === 'refused') throw new Error(`ledger refused the auction settlement: ${ev.message}`);

    const winner = await contactOf(tx, deps.pii, result.winner_id);
    const fee = payoutFee(result.payout, rules.platformFeeBps);
    const dividendOf = new Map(result.dividends.map((d) => [d.member_id, d.amount]));
    const out: OutboundMessage[] = [];
    for (const memberId of memberIds) {
      const c = memberId === result.winner_id ? winner : await contactOf(tx, deps.pii, memberId);
      const L = c.locale;
      let text: string;
      if (memberId === result.winner_id) {
        const won = {
          group_name: g.name,
          pot: formatMoneyText(pot, L),
          discount: formatMoneyText(result.discount, L),
          payout_date: dateText(L, cycle.dueDate),
        };
        // What the winner is actually paid: the payout sweep takes the platform fee off pot − discount.
        text =
          fee.minor > 0n
            ? t(L, 'auction.won_fee', {
                ...won,
                payout: formatMoneyText(money(pot.currency, result.payout.minor - fee.minor), L),
                fee: formatMoneyText(fee, L),
              })
            : t(L, 'auction.won', { ...won, payout: formatMoneyText(result.payout, L) });
      } else if (eligible.length === 1) {
        text = t(L, 'auction.last_turn', { group_name: g.name, cycle_no: cycle.cycleNo, winner_name: winner.name });
      } else if (bids.length === 0) {
        text = t(L, 'auction.no_bids', { group_name: g.name, winner_name: winner.name });
      } else {
        text = t(L, 'auction.result', {
          group_name: g.name,
          cycle_no: cycle.cycleNo,
          winner_name: winner.name,
          discount: formatMoneyText(result.discount, L),
          dividend: formatMoneyText(dividendOf.get(memberId) ?? money(pot.currency, 0n), L),
        });
        if (result.by_lot) text += `\n${t(L, 'auction.tie_by_lot')}`;
      }
      out.push({ chatId: c.chatId, kind: 'text', body: { text }, idempotencyKey: `auction-settled:${cycle.id}:${memberId}` });
    }
    return enqueueOutbound(tx, out);
  });
  deps.deliver(ids);
  return ids.length;
}
