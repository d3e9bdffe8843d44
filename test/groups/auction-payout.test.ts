// An auction (chit fund) group from bids to payouts, with the sandbox payment provider and the test clock:
// four members, four cycles. Each cycle: the round opens, members bid, the round settles, everyone pays
// what they owe by M-Pesa through the sandbox and the webhook, and on the due date the payout sweep
// releases the pot with the settlement — the winner is disbursed pot − discount − fee, the other members'
// dividends go to their credit accounts and come off their next due (they pay less, the credits fill the
// pot back up at the next release). At the end escrow, clearing and every credit are at zero, the money
// adds up to the minor unit, and `ledger:verify` is clean. A removed member's credit, and a dividend no due
// can take once the group completes, are disbursed to the member (payouts-credits.ts), not ticketed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { money } from '../../core/money.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { maskPhone } from '../../core/identity/phone.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { createAuctionServices, sweepAuctions, type AuctionDeps } from '../../server/services/groups-auction.ts';
import { disburseDue, payout_attempts_max, releaseDuePayouts } from '../../server/services/payouts.ts';
import type { Locale } from '../../tools/context.ts';
import { dateText, formatAmount, formatMoneyText } from '../../tools/groups-text.ts';
import { eventually, type FlowHarness, startFlowHarness } from '../payments-flow/harness.ts';

type M = { phone: string; name: string; locale: Locale; id: string };
const members: M[] = [
  { phone: '+254713000001', name: 'Amina', locale: 'en', id: '' },
  { phone: '+254713000002', name: 'Baraka', locale: 'fr', id: '' },
  { phone: '+254713000003', name: 'Chiku', locale: 'sw', id: '' },
  { phone: '+254713000004', name: 'Dan', locale: 'en', id: '' },
];
const [A, B, C, D] = members;
const KES = (minor: bigint) => money('KES', minor);
const CONTRIBUTION = 100_000n; // 1,000.00 KES
const POT = 400_000n;
const FEE_BPS = 100;
/** 1 % of the recipient's share, in whole shillings (the platform forgoes the cents M-Pesa cannot pay out). */
const fee = (gross: bigint) => ((gross * BigInt(FEE_BPS)) / 10_000n / 100n) * 100n;

let h: FlowHarness;
let auctions: AuctionDeps;
let groupId = '';
let cycles: Array<{ id: string; cycle_no: number; due_at: Date; due_date: string }> = [];

const q = async <T>(query: ReturnType<typeof sql>) => (await h.tdb.db.execute(query)).rows as T[];
const big = (v: unknown) => BigInt(v as string);

async function accounts(): Promise<Record<string, bigint>> {
  const rows = await q<{ id: string; balance: string }>(
    sql`select id, (credits_posted - debits_posted)::text as balance from ledger_accounts where group_id = ${groupId}`,
  );
  return Object.fromEntries(rows.map((r) => [r.id, BigInt(r.balance)]));
}
const creditOf = async (m: M) => (await accounts())[`${groupId}:credit:${m.id}`] ?? 0n;

async function duesOf(cycleId: string): Promise<Record<string, { amount: bigint; credit: bigint; status: string }>> {
  const rows = await q<Record<string, unknown>>(sql`select member_id, amount_minor, credit_minor, status from dues where cycle_id = ${cycleId}`);
  return Object.fromEntries(rows.map((r) => [String(r.member_id), { amount: big(r.amount_minor), credit: big(r.credit_minor), status: String(r.status) }]));
}

async function payAll(cycleId: string, roster: M[] = members): Promise<bigint> {
  const refs: string[] = [];
  for (const m of roster) {
    const r = await h.payments.services.collect(m.id, { cycleId, method: 'mobile_money' }, `pay:${cycleId}:${m.id}`);
    if (r.status !== 'mobile_money') throw new Error(`collect ${r.status}`);
    refs.push(r.ref);
  }
  for (const ref of refs) await h.complete(ref, { outcome: 'success' });
  await eventually(async () => {
    const [r] = await q<{ n: number }>(sql`select count(*)::int as n from dues where cycle_id = ${cycleId} and status = 'paid'`);
    expect(r.n).toBe(roster.length);
  });
  const [s] = await q<{ s: string }>(
    sql`select coalesce(sum(captured_minor), 0)::text as s from payment_attempts where cycle_id = ${cycleId} and status = 'succeeded'`,
  );
  return BigInt(s.s);
}

async function bid(m: M, cycleId: string, minor: bigint) {
  const r = await createAuctionServices(auctions).placeBid(m.id, cycleId, KES(minor), m.locale);
  expect(r.ok).toBe(true);
}

/** Settles the cycle's round (24 h before its due instant), then returns its winner. */
async function settle(k: number): Promise<string> {
  h.clock.set(new Date(cycles[k].due_at.getTime() - 24 * 3_600_000 + 60_000));
  await sweepAuctions(auctions, h.clock.now());
  const [c] = await q<{ recipient_member_id: string }>(sql`select recipient_member_id from cycles where id = ${cycles[k].id}`);
  return c.recipient_member_id;
}

/** Due instant: the payout sweep releases; the disbursement is sent and completed. Returns the payout run. */
async function payOut(k: number) {
  h.clock.set(new Date(cycles[k].due_at.getTime() + 60_000));
  const [payoutId] = await releaseDuePayouts(h.payments.deps, h.clock.now());
  expect(payoutId).toMatch(/^pout_/);
  expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(1);
  const sent = (await h.pending()).find((p) => p.ref === payoutId);
  await h.complete(payoutId, { outcome: 'success' });
  await eventually(async () => {
    const [r] = await q<{ status: string }>(sql`select status from payout_runs where payout_id = ${payoutId}`);
    expect(r.status).toBe('completed');
  });
  // The next round opens at this payout.
  await sweepAuctions(auctions, h.clock.now());
  const [run] = await q<{ net_minor: string }>(sql`select net_minor from payout_runs where payout_id = ${payoutId}`);
  return { payoutId, net: BigInt(run.net_minor), disbursed: BigInt(sent?.amount_minor ?? -1) };
}

async function verifyClean() {
  const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId }));
  expect(report.faults).toEqual([]);
}

/** Creates, fills and starts an auction group of `roster` (the first organizes); round 1 opens at START. */
async function startAuctionGroup(name: string, roster: M[], feeBps: number, quorumPercent = 100) {
  const parsed = parseGroupRules({
    name,
    contribution: { currency: 'KES', minor: CONTRIBUTION },
    frequency: 'weekly',
    startDate: '2026-12-04',
    timeZone: 'Africa/Nairobi',
    membersCount: roster.length,
    payoutOrder: 'auction',
    platformFeeBps: feeBps,
    quorumPercent,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const [org, ...rest] = roster;
  const created = await h.groups.create(org.id, parsed.rules, `create:${name}`);
  for (const m of rest) {
    const j = await h.groups.join(m.id, created.code, `join:${name}:${m.id}`);
    if (!j.ok) throw new Error(`join: ${j.code}`);
  }
  const s = await h.groups.start(org.id, created.group.id, `start:${name}`);
  if (!s.ok) throw new Error(`start: ${s.code}`);
  groupId = created.group.id;
  const rows = await q<Record<string, unknown>>(sql`select id, cycle_no, due_at, due_date from cycles where group_id = ${groupId} order by cycle_no`);
  cycles = rows.map((x) => ({ id: String(x.id), cycle_no: Number(x.cycle_no), due_at: new Date(String(x.due_at)), due_date: String(x.due_date) }));
  await sweepAuctions(auctions, h.clock.now());
}

beforeAll(async () => {
  h = await startFlowHarness('2026-12-01T06:00:00.000Z');
  auctions = { db: h.tdb.db, pii: h.pii, clock: h.clock, deliver: () => {}, ledgerContext: h.payments.deps.ledger };
  for (const m of members) m.id = await h.member(m.phone, m.name, m.locale);
  await startAuctionGroup('Chit Circle', members, FEE_BPS);
});
afterAll(async () => h?.close());

describe('auction group: bids → settlement → payout with dividends credited against the next dues', () => {
  it('cycle 1: the highest bid wins; the winner is disbursed pot − discount − fee; the dividends are credited and reduce the next dues', async () => {
    await bid(B, cycles[0].id, 30_000n);
    await bid(C, cycles[0].id, 20_000n);
    expect(await settle(0)).toBe(B.id);
    // The winner is told what they will actually be paid: 4,000 − 300 − 1 % of 3,700.
    const won = t(B.locale, 'auction.won_fee', {
      group_name: 'Chit Circle',
      payout: formatMoneyText(KES(366_300n), B.locale),
      pot: formatMoneyText(KES(POT), B.locale),
      discount: formatMoneyText(KES(30_000n), B.locale),
      fee: formatMoneyText(KES(3_700n), B.locale),
      payout_date: dateText(B.locale, cycles[0].due_date),
    });
    expect(await h.texts(B.phone)).toContain(won);

    expect(await payAll(cycles[0].id)).toBe(POT);
    // 12.12 after settlement states what the recipient receives: pot − discount.
    const scheduled = (await h.texts(A.phone)).find((x) => x.includes('Payout scheduled'));
    expect(scheduled).toContain(`${formatAmount(KES(370_000n), 'en')} KES`);

    const { payoutId, net, disbursed } = await payOut(0);
    expect(net).toBe(366_300n);
    expect(disbursed).toBe(366_300n);
    expect((await h.texts(B.phone)).some((x) => x.includes(payoutId) && x.includes(formatAmount(KES(366_300n), B.locale)))).toBe(true);
    // 12.13 to the group states the amount actually paid.
    expect((await h.texts(D.phone)).some((x) => x.includes('Payout sent') && x.includes(formatAmount(KES(366_300n), 'en')))).toBe(true);

    const ev = await q<{ data: Record<string, unknown> }>(sql`select data from ledger_events where group_id = ${groupId} and event_type = 'payout.released'`);
    expect(ev[0].data).toMatchObject({ gross_minor: '370000', fee_minor: '3700', net_minor: '366300', discount_minor: '30000', credits_applied: [] });
    expect((ev[0].data.dividends as unknown[]).length).toBe(3);

    // 300.00 over A, C, D: 100.00 each, in their credit accounts, and off their cycle-2 due.
    for (const m of [A, C, D]) expect(await creditOf(m)).toBe(10_000n);
    const next = await duesOf(cycles[1].id);
    for (const m of [A, C, D]) expect(next[m.id]).toMatchObject({ amount: 90_000n, credit: 10_000n, status: 'pending' });
    expect(next[B.id]).toMatchObject({ amount: CONTRIBUTION, credit: 0n });
    for (const m of [A, C, D])
      expect(await h.texts(m.phone)).toContain(
        t(m.locale, 'auction.dividend_credited', {
          group_name: 'Chit Circle',
          cycle_no: 1,
          dividend: formatMoneyText(KES(10_000n), m.locale),
          amount: formatMoneyText(KES(90_000n), m.locale),
          due_date: dateText(m.locale, cycles[1].due_date),
        }),
      );
    const acc = await accounts();
    expect(acc[`${groupId}:fees`]).toBe(3_700n);
    expect(acc[`${groupId}:payout_clearing`]).toBe(0n);
    await verifyClean();
  });

  it('cycle 2: members pay their contribution less the dividend; the credits fill the pot; a new discount is credited', async () => {
    await bid(C, cycles[1].id, 60_000n);
    expect(await settle(1)).toBe(C.id);
    // A, C, D owed 900.00, B 1,000.00.
    expect(await payAll(cycles[1].id)).toBe(370_000n);
    const { net } = await payOut(1);
    // Pot 3,700 paid + 300 credits = 4,000; − 600 discount = 3,400; − 1 % fee.
    expect(net).toBe(340_000n - fee(340_000n));
    expect(await creditOf(C)).toBe(0n);
    for (const m of [A, B, D]) expect(await creditOf(m)).toBe(20_000n);
    const next = await duesOf(cycles[2].id);
    for (const m of [A, B, D]) expect(next[m.id]).toMatchObject({ amount: 80_000n, credit: 20_000n });
    await verifyClean();
  });

  it('cycle 3 and the last turn: the last credits are spent into the final pot; everything ends at zero', async () => {
    await bid(A, cycles[2].id, 12_000n);
    expect(await settle(2)).toBe(A.id);
    expect(await payAll(cycles[2].id)).toBe(340_000n);
    const p3 = await payOut(2);
    expect(p3.net).toBe(388_000n - fee(388_000n));
    for (const m of [B, C, D]) expect(await creditOf(m)).toBe(4_000n);

    // The last turn: Dan receives without bidding (no discount), and the pot is whole again with the credits.
    expect(await settle(3)).toBe(D.id);
    expect(await payAll(cycles[3].id)).toBe(388_000n);
    const p4 = await payOut(3);
    expect(p4.net).toBe(POT - fee(POT));
    const last = await q<{ data: Record<string, unknown> }>(
      sql`select data from ledger_events where group_id = ${groupId} and event_type = 'payout.released' order by seq desc limit 1`,
    );
    expect(last[0].data).toMatchObject({ discount_minor: '0', dividends: [] });
    expect((last[0].data.credits_applied as unknown[]).length).toBe(3);

    // Every minor unit: captured = disbursed + fees; escrow, clearing and credits at zero.
    const acc = await accounts();
    const nonZero = Object.entries(acc).filter(([id, v]) => v !== 0n && !id.includes(':funding:') && !id.endsWith(':disbursed') && !id.endsWith(':fees'));
    expect(nonZero).toEqual([]);
    const captured = -acc[`${groupId}:funding:mpesa`];
    expect(captured).toBe(POT + 370_000n + 340_000n + 388_000n);
    expect(acc[`${groupId}:disbursed`] + acc[`${groupId}:fees`]).toBe(captured);
    expect(acc[`${groupId}:fees`]).toBe(fee(370_000n) + fee(340_000n) + fee(388_000n) + fee(POT));
    // Every credit was spent into a pot: the group completed with nothing left to pay out, and no ticket.
    expect(await releaseDuePayouts(h.payments.deps, h.clock.now())).toEqual([]);
    const [tickets] = await q<{ n: number }>(sql`select count(*)::int as n from support_tickets where member_id in (${A.id}, ${B.id}, ${C.id}, ${D.id})`);
    expect(tickets.n).toBe(0);
    await verifyClean();
  });
});

describe('auction group: no bids releases as before; a member who leaves is paid their credit out', () => {
  const roster: M[] = [
    { phone: '+254713000011', name: 'Wanjiru', locale: 'en', id: '' },
    { phone: '+254713000012', name: 'Otieno', locale: 'en', id: '' },
    { phone: '+254713000013', name: 'Njeri', locale: 'sw', id: '' },
    { phone: '+254713000014', name: 'Kamau', locale: 'fr', id: '' },
  ];
  const byId = (id: string) => roster.find((m) => m.id === id) as M;

  it('runs three cycles with a removal between them; the removed member’s credit is disbursed to them; credits are never lost', async () => {
    h.clock.set('2026-12-01T06:00:00.000Z');
    for (const m of roster) m.id = await h.member(m.phone, m.name, m.locale);
    await startAuctionGroup('Leavers Circle', roster, 0);
    const [X] = roster;

    // Cycle 1, no bids: drawn by lot, released exactly as a non-auction payout (no discount fields).
    const w1 = byId(await settle(0));
    await payAll(cycles[0].id, roster);
    expect((await payOut(0)).net).toBe(POT);
    const [e1] = await q<{ data: Record<string, unknown> }>(sql`select data from ledger_events where group_id = ${groupId} and event_type = 'payout.released'`);
    expect(e1.data).not.toHaveProperty('discount_minor');
    expect(e1.data).not.toHaveProperty('dividends');

    // Cycle 2: a non-organizer wins with 300; 100 each to the three others.
    const eligible = roster.filter((m) => m !== w1);
    const w2 = eligible.find((m) => m !== X) as M;
    const leaver = eligible.find((m) => m !== X && m !== w2) as M;
    const last = eligible.find((m) => m !== w2 && m !== leaver) as M;
    await bid(w2, cycles[1].id, 30_000n);
    expect(await settle(1)).toBe(w2.id);
    await payAll(cycles[1].id, roster);
    expect((await payOut(1)).net).toBe(POT - 30_000n);
    for (const m of [w1, leaver, last]) expect(await creditOf(m)).toBe(10_000n);

    // The leaver is removed: their reduced cycle-3 due is dropped, so their credit has nothing to reduce.
    const removed = await h.groups.removeMember(X.id, groupId, leaver.id, 'remove:leaver');
    expect(removed.ok).toBe(true);
    expect((await duesOf(cycles[2].id))[leaver.id]).toBeUndefined();

    // The next payout sweep pays it out to them: released from their credit through payout clearing,
    // disbursed by sandbox M-Pesa to their number, and they are told in their language.
    const [creditPayout] = await releaseDuePayouts(h.payments.deps, h.clock.now());
    expect(creditPayout).toMatch(/^pout_/);
    expect(await releaseDuePayouts(h.payments.deps, h.clock.now())).toEqual([]); // once
    expect(await creditOf(leaver)).toBe(0n);
    const [ev] = await q<{ cycle_id: string; data: Record<string, unknown> }>(
      sql`select cycle_id, data from ledger_events where group_id = ${groupId} and event_type = 'payout.released' and data->>'payout_id' = ${creditPayout}`,
    );
    expect(ev.cycle_id).toBe(`${groupId}:credit:${leaver.id}:out:1`);
    expect(ev.data).toMatchObject({
      recipient_member_id: leaver.id,
      gross_minor: '10000',
      fee_minor: '0',
      net_minor: '10000',
      credit_paid_out: { member_id: leaver.id, amount_minor: '10000' },
    });
    const told = t(leaver.locale, 'auction.credit_paid_out_removed', {
      group_name: 'Leavers Circle',
      amount: formatMoneyText(KES(10_000n), leaver.locale),
      destination: maskPhone(leaver.phone),
      payout_ref: creditPayout,
    });
    expect(await h.texts(leaver.phone)).toContain(told);
    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(1);
    expect((await h.pending()).find((p) => p.ref === creditPayout)).toMatchObject({ provider: 'mpesa', kind: 'disbursement', amount_minor: 10_000 });
    const othersBefore = (await h.texts(X.phone)).length;
    await h.complete(creditPayout, { outcome: 'success' });
    await eventually(async () => {
      const [r] = await q<{ status: string }>(sql`select status from payout_runs where payout_id = ${creditPayout}`);
      expect(r.status).toBe('completed');
    });
    // Only the member hears of it: it is their money, not the group's pot.
    expect((await h.texts(leaver.phone)).some((x) => x.includes(creditPayout) && x.includes(formatAmount(KES(10_000n), leaver.locale)))).toBe(true);
    expect((await h.texts(X.phone)).length).toBe(othersBefore);
    await verifyClean();

    // Cycle 3, the last eligible member's turn: the others' credits fill the pot.
    expect(await settle(2)).toBe(last.id);
    const active = roster.filter((m) => m !== leaver);
    expect(await payAll(cycles[2].id, active)).toBe(3n * CONTRIBUTION - 20_000n);
    expect((await payOut(2)).net).toBe(3n * CONTRIBUTION);
    for (const m of roster) expect(await creditOf(m)).toBe(0n);
    // Nothing was left for a person: no support ticket.
    const [tickets] = await q<{ n: number }>(sql`select count(*)::int as n from support_tickets where member_id = ${leaver.id}`);
    expect(tickets.n).toBe(0);
    const acc = await accounts();
    const nonZero = Object.entries(acc).filter(([id, v]) => v !== 0n && !id.includes(':funding:') && !id.endsWith(':disbursed') && !id.endsWith(':fees'));
    expect(nonZero).toEqual([]);
    expect(acc[`${groupId}:disbursed`]).toBe(-acc[`${groupId}:funding:mpesa`]);
    await verifyClean();
  });
});

describe('auction group: a dividend no due can take is paid out when the group completes', () => {
  const roster: M[] = [
    { phone: '+254713000021', name: 'Zawadi', locale: 'sw', id: '' },
    { phone: '+254713000022', name: 'Yusuf', locale: 'fr', id: '' },
    { phone: '+254713000023', name: 'Xena', locale: 'en', id: '' },
  ];

  it('holds it, then disburses it to the member at the last payout; every credit and escrow ends at zero', async () => {
    h.clock.set('2026-12-01T06:00:00.000Z');
    for (const m of roster) m.id = await h.member(m.phone, m.name, m.locale);
    await startAuctionGroup('Finale Circle', roster, FEE_BPS, 60); // 2 of 3 contributions release a pot
    const byId = (id: string) => roster.find((m) => m.id === id) as M;
    // 3 × 1,000 KES. Cycle 1 by lot (no bids).
    const w1 = byId(await settle(0));
    await payAll(cycles[0].id, roster);
    await payOut(0);
    // Cycle 2: one of the two left wins with a 201 KES discount: 100.50 + 100.50 would have cents, so the
    // split is in whole shillings: 101 to the earlier joined, 100 to the other.
    const [w2, w3] = roster.filter((m) => m !== w1);
    await bid(w2, cycles[1].id, 20_100n);
    expect(await settle(1)).toBe(w2.id);
    await payAll(cycles[1].id, roster);
    // The first winner has no due left to reduce: their cycle-3 contribution is waived (set here directly:
    // the schema's `waived` status; no command waives a due yet), and the other two meet the quorum.
    await h.tdb.db.execute(sql`update dues set status = 'waived' where cycle_id = ${cycles[2].id} and member_id = ${w1.id}`);
    const p2 = await payOut(1);
    // 2,799 KES share, 1 % = 27.99 → 27 (whole net: 2,772).
    expect(p2.net).toBe(277_200n);
    const div1 = await creditOf(w1);
    const div3 = await creditOf(w3);
    expect(div1 + div3).toBe(20_100n);
    // w1's dividend is held (no pending due); w3's comes off their last due.
    expect(await h.texts(w1.phone)).toContain(
      t(w1.locale, 'auction.dividend_held', { group_name: 'Finale Circle', cycle_no: 2, dividend: formatMoneyText(KES(div1), w1.locale) }),
    );
    expect((await duesOf(cycles[2].id))[w3.id]).toMatchObject({ amount: CONTRIBUTION - div3, credit: div3 });

    // The last turn: w3 receives; w3's credit is spent into the pot; the group has completed, so w1's
    // held dividend is released to them in the same sweep and disbursed by sandbox M-Pesa.
    expect(await settle(2)).toBe(w3.id);
    await payAll(cycles[2].id, [w2, w3]);
    h.clock.set(new Date(cycles[2].due_at.getTime() + 60_000));
    const [last, creditPayout, ...more] = await releaseDuePayouts(h.payments.deps, h.clock.now());
    expect(more).toEqual([]);
    expect(last).toMatch(/^pout_/);
    expect(creditPayout).toMatch(/^pout_/);
    expect(await creditOf(w3)).toBe(0n);
    expect(await creditOf(w1)).toBe(0n);
    expect(await h.texts(w1.phone)).toContain(
      t(w1.locale, 'auction.credit_paid_out_completed', {
        group_name: 'Finale Circle',
        amount: formatMoneyText(KES(div1), w1.locale),
        destination: maskPhone(w1.phone),
        payout_ref: creditPayout,
      }),
    );
    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(2);
    const pending = await h.pending();
    expect(pending.find((p) => p.ref === creditPayout)).toMatchObject({ kind: 'disbursement', amount_minor: Number(div1) });
    await h.complete(last, { outcome: 'success' });
    await h.complete(creditPayout, { outcome: 'success' });
    await eventually(async () => {
      const rows = await q<{ status: string }>(sql`select status from payout_runs where payout_id in (${last}, ${creditPayout})`);
      expect(rows.map((r) => r.status)).toEqual(['completed', 'completed']);
    });
    expect(await h.texts(w1.phone)).toContain(
      t(w1.locale, 'auction.credit_sent', {
        group_name: 'Finale Circle',
        amount: formatMoneyText(KES(div1), w1.locale),
        destination: maskPhone(w1.phone),
        payout_ref: creditPayout,
      }),
    );
    expect(await releaseDuePayouts(h.payments.deps, h.clock.now())).toEqual([]);

    // Every minor unit: escrow, clearing and every credit at zero; captured = disbursed + fees.
    const acc = await accounts();
    const nonZero = Object.entries(acc).filter(([id, v]) => v !== 0n && !id.includes(':funding:') && !id.endsWith(':disbursed') && !id.endsWith(':fees'));
    expect(nonZero).toEqual([]);
    expect(acc[`${groupId}:disbursed`] + acc[`${groupId}:fees`]).toBe(-acc[`${groupId}:funding:mpesa`]);
    const [tickets] = await q<{ n: number }>(sql`select count(*)::int as n from support_tickets where member_id in (${w1.id}, ${w2.id}, ${w3.id})`);
    expect(tickets.n).toBe(0);
    await verifyClean();
  });
});

describe('auction group cancelled: every credit is paid out; a disbursement that keeps failing goes to a person', () => {
  const roster: M[] = [
    { phone: '+254713000031', name: 'Imani', locale: 'en', id: '' },
    { phone: '+254713000032', name: 'Juma', locale: 'sw', id: '' },
    { phone: '+254713000033', name: 'Kito', locale: 'fr', id: '' },
  ];

  it('releases each member’s whole credit (reason: cancelled); escalates only after the last failed attempt', async () => {
    h.clock.set('2026-12-01T06:00:00.000Z');
    for (const m of roster) m.id = await h.member(m.phone, m.name, m.locale);
    await startAuctionGroup('Stopped Circle', roster, 0);
    await bid(roster[0], cycles[0].id, 30_000n);
    expect(await settle(0)).toBe(roster[0].id);
    await payAll(cycles[0].id, roster);
    await payOut(0);
    const [, y, z] = roster;
    for (const m of [y, z]) expect(await creditOf(m)).toBe(15_000n);
    expect(await releaseDuePayouts(h.payments.deps, h.clock.now())).toEqual([]); // still running: the credits wait for their dues

    // Cancelled (no command cancels a group yet: set directly). The credits on cycle-2 dues will never be spent.
    await h.tdb.db.execute(sql`update groups set status = 'cancelled' where id = ${groupId}`);
    const ids = await releaseDuePayouts(h.payments.deps, h.clock.now());
    expect(ids).toHaveLength(2);
    for (const m of [y, z]) expect(await creditOf(m)).toBe(0n);
    const runs = await q<{ payout_id: string; recipient_member_id: string; net_minor: string }>(
      sql`select payout_id, recipient_member_id, net_minor from payout_runs where payout_id in (${ids[0]}, ${ids[1]})`,
    );
    const runOf = (m: M) => runs.find((r) => r.recipient_member_id === m.id) as (typeof runs)[number];
    expect(runs.map((r) => BigInt(r.net_minor))).toEqual([15_000n, 15_000n]);
    expect(await h.texts(y.phone)).toContain(
      t(y.locale, 'auction.credit_paid_out_cancelled', {
        group_name: 'Stopped Circle',
        amount: formatMoneyText(KES(15_000n), y.locale),
        destination: maskPhone(y.phone),
        payout_ref: runOf(y).payout_id,
      }),
    );

    // y's disbursement completes; z's fails on every attempt and is escalated to a support ticket.
    const zp = runOf(z).payout_id;
    for (let attempt = 1; attempt <= payout_attempts_max; attempt++) {
      expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(attempt === 1 ? 2 : 1);
      if (attempt === 1) await h.complete(runOf(y).payout_id, { outcome: 'success' });
      await h.complete(attempt === 1 ? zp : `${zp}_r${attempt}`, { outcome: 'timeout' });
      await eventually(async () => {
        const [r] = await q<{ status: string }>(sql`select status from payout_runs where payout_id = ${zp}`);
        expect(['failed', 'escalated']).toContain(r.status);
      });
      h.clock.advance(60 * 60_000);
    }
    const [zr] = await q<{ status: string }>(sql`select status from payout_runs where payout_id = ${zp}`);
    expect(zr.status).toBe('escalated');
    const tickets = await q<{ member_id: string; idempotency_key: string }>(
      sql`select member_id, idempotency_key from support_tickets where member_id in (${y.id}, ${z.id})`,
    );
    expect(tickets).toEqual([{ member_id: z.id, idempotency_key: `payout-escalation:${zp}` }]);
    const acc = await accounts();
    expect(acc[`${groupId}:payout_clearing`]).toBe(15_000n); // z's money waits in clearing for the person
    for (const m of roster) expect(acc[`${groupId}:credit:${m.id}`] ?? 0n).toBe(0n);
    await verifyClean();
  });
});
