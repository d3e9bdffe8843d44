// An auction (chit fund) group from bids to payouts, with the sandbox payment provider and the test clock:
// four members, four cycles. Each cycle: the round opens, members bid, the round settles, everyone pays
// what they owe by M-Pesa through the sandbox and the webhook, and on the due date the payout sweep
// releases the pot with the settlement — the winner is disbursed pot − discount − fee, the other members'
// dividends go to their credit accounts and come off their next due (they pay less, the credits fill the
// pot back up at the next release). At the end escrow, clearing and every credit are at zero, the money
// adds up to the minor unit, and `ledger:verify` is clean.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { money } from '../../core/money.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { createAuctionServices, sweepAuctions, type AuctionDeps } from '../../server/services/groups-auction.ts';
import { disburseDue, releaseDuePayouts } from '../../server/services/payouts.ts';
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
async function startAuctionGroup(name: string, roster: M[], feeBps: number) {
  const parsed = parseGroupRules({
    name,
    contribution: { currency: 'KES', minor: CONTRIBUTION },
    frequency: 'weekly',
    startDate: '2026-12-04',
    timeZone: 'Africa/Nairobi',
    membersCount: roster.length,
    payoutOrder: 'auction',
    platformFeeBps: feeBps,
    quorumPercent: 100,
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
    // Every credit was spent into a pot: nothing was left for a person to pay out.
    const [tickets] = await q<{ n: number }>(sql`select count(*)::int as n from support_tickets where idempotency_key like 'credit-left:%'`);
    expect(tickets.n).toBe(0);
    await verifyClean();
  });
});

describe('auction group: no bids releases as before; a member who leaves keeps their credit for a person to pay out', () => {
  const roster: M[] = [
    { phone: '+254713000011', name: 'Wanjiru', locale: 'en', id: '' },
    { phone: '+254713000012', name: 'Otieno', locale: 'en', id: '' },
    { phone: '+254713000013', name: 'Njeri', locale: 'sw', id: '' },
    { phone: '+254713000014', name: 'Kamau', locale: 'fr', id: '' },
  ];
  const byId = (id: string) => roster.find((m) => m.id === id) as M;

  it('runs three cycles with a removal between them; credits are never lost', async () => {
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

    // Cycle 3, the last eligible member's turn: the others' credits fill the pot; the leaver's stays.
    expect(await settle(2)).toBe(last.id);
    const active = roster.filter((m) => m !== leaver);
    expect(await payAll(cycles[2].id, active)).toBe(3n * CONTRIBUTION - 20_000n);
    expect((await payOut(2)).net).toBe(3n * CONTRIBUTION);
    expect(await creditOf(w1)).toBe(0n);
    expect(await creditOf(last)).toBe(0n);
    expect(await creditOf(leaver)).toBe(10_000n);
    const tickets = await q<{ member_id: string }>(
      sql`select member_id from support_tickets where idempotency_key = ${`credit-left:${cycles[2].id}:${leaver.id}`}`,
    );
    expect(tickets.map((x) => x.member_id)).toEqual([leaver.id]);
    await verifyClean();
  });
});
