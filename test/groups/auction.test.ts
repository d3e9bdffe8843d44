// Auction payout order end to end through the webhook and the sandbox clock: the bidding window opens
// with a notice to those who may bid, bids in each member's language (keyword or a bare amount), an
// invalid and an ineligible bid, settlement at close (highest discount wins, dividends exact to the
// minor unit), a tie and a round without bids settled by lot from the group's seed, and the last turn.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateLong, formatDateTimeLong, t } from '../../core/i18n/index.ts';
import { money } from '../../core/money.ts';
import { lotKey } from '../../core/rosca/index.ts';
import type { Locale } from '../../tools/context.ts';
import { formatMoneyText } from '../../tools/groups-text.ts';
import { type Harness, startHarness } from './helpers.ts';

type M = { phone: string; locale: Locale; name: string; id: string };
const members: M[] = [
  { phone: '+254700000501', locale: 'en', name: 'Amina', id: '' },
  { phone: '+254700000502', locale: 'fr', name: 'Bertrand', id: '' },
  { phone: '+254700000503', locale: 'sw', name: 'Chiku', id: '' },
  { phone: '+254700000504', locale: 'en', name: 'Dan', id: '' },
];
const LANG_CHOICE: Record<Locale, '1' | '2' | '3'> = { en: '1', fr: '2', sw: '3' };
const BID_WORD: Record<Locale, string> = { en: 'BID', fr: 'enchère', sw: 'zabuni' };
const KES = (major: number) => money('KES', BigInt(Math.round(major * 100)));
const G = 'Bid Circle';

describe('auction payout order', () => {
  let h: Harness;
  let seed = '';
  const winners: string[] = [];
  const q = async <T>(query: ReturnType<typeof sql>) => (await h.t.db.db.execute(query)).rows as T[];
  const byId = (id: string) => members.find((m) => m.id === id) as M;
  const eligible = () => members.filter((m) => !winners.includes(m.id));
  const lotWinner = (cycleNo: number, ids: string[]) => ids.reduce((best, id) => (lotKey(seed, cycleNo, id) < lotKey(seed, cycleNo, best) ? id : best));

  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z');
    for (const [i, m] of members.entries()) {
      await h.onboard(m.phone, LANG_CHOICE[m.locale], m.name, String(4821 + i));
      m.id = (await q<{ id: string }>(sql`select id from members order by id desc limit 1`))[0].id;
    }
  });
  afterAll(async () => h?.close());

  async function settledTexts(mark: number) {
    await h.settle();
    return Object.fromEntries(members.map((m) => [m.id, h.textsTo(m.phone, mark)]));
  }

  it('creates an auction group, everyone joins, START opens the first round with a notice to every member', async () => {
    const [A, B, C, D] = members;
    await h.converse(A.phone, 'Create a group for 4 people, weekly, 1000 KES starting next Friday');
    await h.converse(A.phone, G);
    await h.converse(A.phone, 'auction');
    const created = await h.converse(A.phone, 'CONFIRM');
    const code = /JOIN%20([A-Z2-9]{6})/.exec(created)?.[1] ?? '';
    for (const [m, agree] of [
      [B, "J'ACCEPTE"],
      [C, 'NAKUBALI'],
      [D, 'AGREE'],
    ] as const) {
      await h.converse(m.phone, `JOIN ${code}`);
      await h.converse(m.phone, agree);
    }
    const rows = await q<{ member_id: string }>(sql`select member_id from group_members`);
    expect(rows.map((r) => r.member_id).sort()).toEqual(members.map((m) => m.id).sort());

    await h.converse(A.phone, 'START');
    const mark = h.fake.calls.length;
    await h.converse(A.phone, 'CONFIRM');
    await h.advance('PT0S'); // the sweep runs when the clock moves
    const texts = await settledTexts(mark);
    seed = (await q<{ seed_revealed: string }>(sql`select seed_revealed from groups`))[0].seed_revealed;
    for (const m of members) {
      expect(texts[m.id]).toContain(
        t(m.locale, 'auction.open', {
          group_name: G,
          cycle_no: 1,
          pot: formatMoneyText(KES(4000), m.locale),
          max_discount: formatMoneyText(KES(1200), m.locale),
          closes_at: formatDateTimeLong('2026-12-03', 18, 0, m.locale),
        }),
      );
    }
    const [round] = await q<{ closes_at: Date }>(sql`select closes_at from auction_rounds`);
    expect(new Date(round.closes_at).toISOString()).toBe('2026-12-03T15:00:00.000Z');
  });

  it('a round without bids goes by lot, with no discount', async () => {
    const mark = h.fake.calls.length;
    await h.setClock('2026-12-03T15:01:00Z');
    const texts = await settledTexts(mark);
    const winner = lotWinner(
      1,
      members.map((m) => m.id),
    );
    winners.push(winner);
    const w = byId(winner);
    expect(texts[winner]).toContain(
      t(w.locale, 'auction.won', {
        group_name: G,
        payout: formatMoneyText(KES(4000), w.locale),
        pot: formatMoneyText(KES(4000), w.locale),
        discount: formatMoneyText(KES(0), w.locale),
        payout_date: formatDateLong('2026-12-04', w.locale),
      }),
    );
    for (const m of members.filter((x) => x.id !== winner))
      expect(texts[m.id]).toContain(t(m.locale, 'auction.no_bids', { group_name: G, winner_name: w.name }));
    const [c1] = await q<{ recipient_member_id: string }>(sql`select recipient_member_id from cycles where cycle_no = 1`);
    expect(c1.recipient_member_id).toBe(winner);
    const [s1] = await q<{ discount_minor: bigint; payout_minor: bigint; by_lot: boolean }>(sql`select * from auction_settlements where cycle_no = 1`);
    expect(s1).toMatchObject({ discount_minor: 0n, payout_minor: 400000n, by_lot: true });
  });

  it('bids in the members’ languages; an invalid and an ineligible bid; the highest discount wins and dividends sum exactly', async () => {
    let mark = h.fake.calls.length;
    await h.setClock('2026-12-04T15:01:00Z'); // cycle 1 paid out: round 2 opens
    let texts = await settledTexts(mark);
    const open = eligible();
    expect(open).toHaveLength(3);
    for (const m of members) {
      const notice = t(m.locale, 'auction.open', {
        group_name: G,
        cycle_no: 2,
        pot: formatMoneyText(KES(4000), m.locale),
        max_discount: formatMoneyText(KES(1200), m.locale),
        closes_at: formatDateTimeLong('2026-12-10', 18, 0, m.locale),
      });
      if (winners.includes(m.id)) expect(texts[m.id]).not.toContain(notice);
      else expect(texts[m.id]).toContain(notice);
    }
    // Two bidders who speak different languages (the remaining three always include two).
    const first = open[0];
    const second = open.find((m) => m.locale !== first.locale) as M;
    const third = open.find((m) => m !== first && m !== second) as M;
    const w1 = byId(winners[0]);
    expect(await h.converse(w1.phone, `${BID_WORD[w1.locale]} 100`)).toBe(t(w1.locale, 'auction.not_eligible', { group_name: G }));
    expect(await h.converse(first.phone, `${BID_WORD[first.locale]} 5000`)).toBe(
      t(first.locale, 'auction.bid_invalid', { max_discount: formatMoneyText(KES(1200), first.locale) }),
    );
    // The invalid bid left the amount question open: a bare amount answers it.
    expect(await h.converse(first.phone, '500')).toBe(t(first.locale, 'auction.bid_received', { discount: formatMoneyText(KES(500), first.locale) }));
    // Discounts are in whole units: a bid with cents is refused (its dividends could not be paid by M-Pesa).
    expect(await h.converse(second.phone, `${BID_WORD[second.locale]} 700.50`)).toBe(
      t(second.locale, 'auction.bid_invalid', { max_discount: formatMoneyText(KES(1200), second.locale) }),
    );
    expect(await h.converse(second.phone, `${BID_WORD[second.locale]} 700`)).toBe(
      t(second.locale, 'auction.bid_received', { discount: formatMoneyText(KES(700), second.locale) }),
    );
    // A changed bid replaces the earlier one; a bare amount outside any flow is a bid too.
    expect(await h.converse(second.phone, '800')).toBe(t(second.locale, 'auction.bid_received', { discount: formatMoneyText(KES(800), second.locale) }));

    mark = h.fake.calls.length;
    await h.setClock('2026-12-10T15:01:00Z');
    texts = await settledTexts(mark);
    winners.push(second.id);
    expect(texts[second.id]).toContain(
      t(second.locale, 'auction.won', {
        group_name: G,
        payout: formatMoneyText(KES(3200), second.locale),
        pot: formatMoneyText(KES(4000), second.locale),
        discount: formatMoneyText(KES(800), second.locale),
        payout_date: formatDateLong('2026-12-11', second.locale),
      }),
    );
    // 800 KES over three members, in whole shillings (what M-Pesa moves): 267 + 267 + 266, the extra
    // shillings to the earliest joined.
    const divs = await q<{ member_id: string; amount_minor: bigint }>(
      sql`select d.member_id, d.amount_minor from auction_dividends d join cycles c on c.id = d.cycle_id where c.cycle_no = 2`,
    );
    expect(divs).toHaveLength(3);
    expect(divs.reduce((s, d) => s + d.amount_minor, 0n)).toBe(80000n);
    const others = members.filter((m) => m.id !== second.id);
    expect(divs.find((d) => d.member_id === others[0].id)?.amount_minor).toBe(26700n);
    expect(divs.find((d) => d.member_id === others[1].id)?.amount_minor).toBe(26700n);
    expect(divs.find((d) => d.member_id === others[2].id)?.amount_minor).toBe(26600n);
    for (const m of [first, third, w1]) {
      const mine = divs.find((d) => d.member_id === m.id)?.amount_minor as bigint;
      expect(texts[m.id]).toContain(
        t(m.locale, 'auction.result', {
          group_name: G,
          cycle_no: 2,
          winner_name: second.name,
          discount: formatMoneyText(KES(800), m.locale),
          dividend: formatMoneyText(money('KES', mine), m.locale),
        }),
      );
    }
    const [s2] = await q<{ pot_minor: bigint; discount_minor: bigint; payout_minor: bigint; by_lot: boolean; bids_count: number }>(
      sql`select * from auction_settlements where cycle_no = 2`,
    );
    expect(s2).toMatchObject({ pot_minor: 400000n, discount_minor: 80000n, payout_minor: 320000n, by_lot: false, bids_count: 2 });
    const [c2] = await q<{ recipient_member_id: string }>(sql`select recipient_member_id from cycles where cycle_no = 2`);
    expect(c2.recipient_member_id).toBe(second.id);
    // Recorded on the group's ledger chain for the payments side.
    const ev = await q<{ data: { changes: { auction: { payout_minor: string; dividends: unknown[] } } } }>(
      sql`select data from ledger_events where event_type = 'group.updated' and data->'changes' ? 'auction' order by seq`,
    );
    expect(ev).toHaveLength(2);
    expect(ev[1].data.changes.auction.payout_minor).toBe('320000');
    expect(ev[1].data.changes.auction.dividends).toHaveLength(3);
  });

  it('a tie is broken by lot, and the last member receives the full pot without bidding', async () => {
    let mark = h.fake.calls.length;
    await h.setClock('2026-12-11T15:01:00Z');
    await h.settle();
    const open = eligible();
    expect(open).toHaveLength(2);
    for (const m of open)
      expect(await h.converse(m.phone, `${BID_WORD[m.locale]} 300`)).toBe(
        t(m.locale, 'auction.bid_received', { discount: formatMoneyText(KES(300), m.locale) }),
      );
    mark = h.fake.calls.length;
    await h.setClock('2026-12-17T15:01:00Z');
    let texts = await settledTexts(mark);
    const winner = lotWinner(
      3,
      open.map((m) => m.id),
    );
    winners.push(winner);
    const w = byId(winner);
    const loser = open.find((m) => m.id !== winner) as M;
    expect(texts[loser.id]).toContain(
      `${t(loser.locale, 'auction.result', {
        group_name: G,
        cycle_no: 3,
        winner_name: w.name,
        discount: formatMoneyText(KES(300), loser.locale),
        dividend: formatMoneyText(KES(100), loser.locale),
      })}\n${t(loser.locale, 'auction.tie_by_lot')}`,
    );
    const [s3] = await q<{ by_lot: boolean; winner_member_id: string }>(sql`select * from auction_settlements where cycle_no = 3`);
    expect(s3).toMatchObject({ by_lot: true, winner_member_id: winner });

    mark = h.fake.calls.length;
    await h.setClock('2026-12-18T15:01:00Z');
    await h.settle();
    const last = eligible()[0];
    // No notice: there is nobody to compete with.
    expect(h.textsTo(last.phone, mark).some((x) => x.includes('🔨'))).toBe(false);
    mark = h.fake.calls.length;
    await h.setClock('2026-12-24T15:01:00Z');
    texts = await settledTexts(mark);
    for (const m of members.filter((x) => x.id !== last.id))
      expect(texts[m.id]).toContain(t(m.locale, 'auction.last_turn', { group_name: G, cycle_no: 4, winner_name: last.name }));
    const cycles = await q<{ recipient_member_id: string }>(sql`select recipient_member_id from cycles order by cycle_no`);
    expect(new Set(cycles.map((c) => c.recipient_member_id)).size).toBe(4);
    expect(await h.converse(last.phone, `${BID_WORD[last.locale]} 10`)).toBe(t(last.locale, 'auction.none_open'));
  });
});
