// A member removed from a running group whose payout turn is still ahead (groups harness: Green API webhook,
// sandbox M-Pesa, test clock, real sweeps). Random order: their cycle is dropped — its dues waived, what a
// member had already paid for it refunded by the automatic refunds sweep — every remaining member is told
// the new schedule in their language, the other cycles keep their dates and recipients, nobody is asked to
// pay or reminded for the dropped cycle (nor the removed member for anything), and the group completes
// after its last remaining cycle with escrow at zero and `verifyLedger` clean. Auction: the cycle left
// without anyone to win it is dropped the same way.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { hashPin } from '../../core/identity/pin.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { findOrCreateMember, setMemberName, updateMember } from '../../db/members.ts';
import { createLogger } from '../../server/log.ts';
import { createGroupServices } from '../../server/services/groups.ts';
import { escrowHeld } from '../../server/services/groups-lifecycle.ts';
import { createPaymentsModule, type PaymentsModule } from '../../server/services/payments-wiring.ts';
import type { Locale } from '../../tools/context.ts';
import { dateText } from '../../tools/groups-text.ts';
import { eventually } from '../disputes/harness.ts';
import { type Harness, startHarness } from './helpers.ts';

type P = { phone: string; name: string; locale: Locale; id: string };
const people: P[] = [
  { phone: '+254700000711', name: 'Amina', locale: 'en', id: '' },
  { phone: '+254700000712', name: 'Béatrice', locale: 'fr', id: '' },
  { phone: '+254700000713', name: 'Chiku', locale: 'sw', id: '' },
];
const [A] = people;
const byId = (id: string) => people.find((p) => p.id === id) as P;

let h: Harness;
let payments: PaymentsModule;
const q = async <T>(query: ReturnType<typeof sql>) => (await h.t.db.db.execute(query)).rows as T[];

beforeAll(async () => {
  h = await startHarness();
  await h.setClock('2026-11-26T08:00:00Z');
  const { db, pii, clock } = h.t.rt;
  payments = await createPaymentsModule({
    db,
    pii,
    clock,
    log: createLogger('silent'),
    deliver: (ids) => h.t.rt.deliver(ids),
    publicBaseUrl: h.t.url,
    nodeEnv: 'test',
    env: {},
  });
  for (const p of people) {
    const { member } = await findOrCreateMember(db, pii, p.phone, clock.now());
    await setMemberName(db, pii, member.id, p.name);
    await updateMember(db, member.id, { locale: p.locale, onboardingStep: 'done', status: 'active', pinHash: await hashPin('4821') });
    p.id = member.id;
  }
}, 120_000);
afterAll(async () => h?.close());

const complete = (ref: string) =>
  fetch(`${h.t.url}/sandbox/payments/${ref}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'success' }),
  });

type Cycle = { id: string; cycle_no: number; due_at: string; due_date: string; recipient_member_id: string | null };

function services() {
  const { db, pii, clock } = h.t.rt;
  return createGroupServices({ db, pii, clock, botPhone: '+254700000000', deliver: (ids) => h.t.rt.deliver(ids) });
}

async function startGroup(name: string, payoutOrder: 'random' | 'auction', startDate: string) {
  const groups = services();
  const parsed = parseGroupRules({
    name,
    contribution: { currency: 'KES', minor: 100_000n },
    frequency: 'weekly',
    startDate,
    timeZone: 'Africa/Nairobi',
    membersCount: 3,
    payoutOrder,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const created = await groups.create(A.id, parsed.rules, `create:${name}`);
  for (const p of people.slice(1)) expect((await groups.join(p.id, created.code, `join:${name}:${p.id}`)).ok).toBe(true);
  expect((await groups.start(A.id, created.group.id, `start:${name}`)).ok).toBe(true);
  return created.group.id;
}

const cyclesOf = (groupId: string) =>
  q<Cycle>(sql`select id, cycle_no, due_at, due_date, recipient_member_id from cycles where group_id = ${groupId} order by cycle_no`);

async function pay(cycleId: string, p: P) {
  const r = await payments.services.collect(p.id, { cycleId, method: 'mobile_money' }, `pay:${cycleId}:${p.id}`);
  if (r.status !== 'mobile_money') throw new Error(`collect ${JSON.stringify(r)}`);
  expect((await complete(r.ref)).status).toBe(200);
}

/** Every active member pays the cycle, the clock reaches its due instant, the pot is released and disbursed. */
async function runCycle(c: Cycle, payers: P[]) {
  for (const p of payers) {
    const open = await payments.services.openDues(p.id);
    expect(open.map((d) => d.cycleId)).toEqual([c.id]);
    await pay(c.id, p);
  }
  await eventually(async () => {
    expect((await q<{ n: number }>(sql`select count(*)::int as n from dues where cycle_id = ${c.id} and status = 'paid'`))[0].n).toBe(payers.length);
  });
  await h.setClock(new Date(new Date(c.due_at).getTime() + 60_000).toISOString());
  const [run] = await q<{ payout_id: string }>(sql`select payout_id from payout_runs where cycle_id = ${c.id}`);
  expect(run?.payout_id).toMatch(/^pout_/);
  await eventually(async () => expect((await complete(run.payout_id)).status).toBe(200));
  await eventually(async () => {
    expect((await q<{ status: string }>(sql`select status from payout_runs where payout_id = ${run.payout_id}`))[0].status).toBe('completed');
  });
}

async function expectScheduleNotice(groupId: string, removed: P, dropped: Cycle[], mark: number) {
  const [g] = await q<{ name: string }>(sql`select name from groups where id = ${groupId}`);
  const remaining = (await cyclesOf(groupId)).filter((c) => !dropped.some((d) => d.id === c.id));
  for (const p of people.filter((x) => x !== removed)) {
    const texts = h.textsTo(p.phone, mark).filter((x) => x.startsWith('📅'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(
      t(p.locale, 'group.schedule_changed', {
        group_name: g.name,
        member_name: removed.name,
        dropped: dropped.map((c) => dateText(p.locale, c.due_date)).join(', '),
        schedule: '',
        end_date: dateText(p.locale, remaining[remaining.length - 1].due_date),
      }).split('\n')[0],
    );
    expect(texts[0]).toContain(dateText(p.locale, remaining[remaining.length - 1].due_date));
  }
  expect(h.textsTo(removed.phone, mark).filter((x) => x.startsWith('📅'))).toEqual([]);
}

async function expectClosedClean(groupId: string, removed: P, dropped: Cycle[]) {
  await h.advance('PT1M');
  await h.settle();
  expect((await q<{ status: string }>(sql`select status from groups where id = ${groupId}`))[0].status).toBe('completed');
  const [done] = await q<{ data: { changes: Record<string, unknown> } }>(
    sql`select data from ledger_events where group_id = ${groupId} and event_type = 'group.updated' and data->'changes'->>'status' = 'completed'`,
  );
  expect(done.data.changes.cycles_count).toBe(2);
  for (const d of dropped) {
    expect((await q<{ n: number }>(sql`select count(*)::int as n from payout_runs where cycle_id = ${d.id}`))[0].n).toBe(0);
    expect((await q<{ n: number }>(sql`select count(*)::int as n from dues where cycle_id = ${d.id} and status = 'pending'`))[0].n).toBe(0);
    expect((await q<{ n: number }>(sql`select count(*)::int as n from reminder_sends where cycle_id = ${d.id}`))[0].n).toBe(0);
  }
  // The removed member owes nothing later and is never reminded after the removal.
  expect(
    (await q<{ n: number }>(sql`select count(*)::int as n from dues where group_id = ${groupId} and member_id = ${removed.id} and status = 'pending'`))[0].n,
  ).toBe(0);
  const { db } = h.t.rt;
  expect(await db.transaction((tx) => escrowHeld(tx, groupId))).toBe(0n);
  expect((await db.transaction((tx) => verifyLedger(tx, { groupId }))).faults).toEqual([]);
  const schedule = await q<{ data: { changes: { schedule: { dropped_cycles: Array<{ cycle_id: string }>; cycles_count: number } } } }>(
    sql`select data from ledger_events where group_id = ${groupId} and event_type = 'group.updated' and data->'changes' ? 'schedule'`,
  );
  expect(schedule).toHaveLength(1);
  expect(schedule[0].data.changes.schedule.dropped_cycles.map((c) => c.cycle_id)).toEqual(dropped.map((c) => c.id));
  expect(schedule[0].data.changes.schedule.cycles_count).toBe(2);
}

describe('removing a member whose payout turn is ahead', () => {
  it('random order: their cycle is dropped, money paid for it refunded, the group completes after the remaining cycles', async () => {
    const groupId = await startGroup('Dropped Turn Circle', 'random', '2026-12-04');
    const cycles = await cyclesOf(groupId);
    expect(cycles).toHaveLength(3);
    // The non-organizer whose turn comes last among the others: their cycle is 2 or 3.
    const target = cycles.filter((c) => c.recipient_member_id !== A.id).at(-1) as Cycle;
    const removed = byId(target.recipient_member_id as string);
    expect(target.cycle_no).toBeGreaterThan(1);
    const stay = people.filter((p) => p !== removed);
    const groups = services();
    for (const c of cycles) {
      if (c.id !== target.id) {
        await runCycle(c, c.cycle_no < target.cycle_no ? people : stay);
        continue;
      }
      // Their cycle is the current one: the organizer has already paid it; then the organizer removes them.
      await pay(c.id, A);
      await eventually(async () => {
        expect((await q<{ status: string }>(sql`select status from dues where cycle_id = ${c.id} and member_id = ${A.id}`))[0].status).toBe('paid');
      });
      const mark = h.fake.calls.length;
      const key = `remove:${groupId}`;
      const [r1, r2] = await Promise.all([groups.removeMember(A.id, groupId, removed.id, key), groups.removeMember(A.id, groupId, removed.id, key)]);
      expect([r1.ok, r2.ok]).toContain(true);
      await h.settle();
      await expectScheduleNotice(groupId, removed, [target], mark);
      // Nobody is asked to pay for the dropped cycle.
      for (const p of stay) expect((await payments.services.openDues(p.id)).map((d) => d.cycleId)).not.toContain(c.id);
      // The organizer's payment for it comes back: the refunds sweep, then the provider confirms.
      await h.advance('PT1M');
      const [rf] = await eventually(async () => {
        const rows = await q<{ id: string; status: string; amount_minor: string }>(sql`select id, status, amount_minor from refunds where cycle_id = ${c.id}`);
        expect(rows).toHaveLength(1);
        return rows;
      });
      expect(BigInt(rf.amount_minor)).toBe(100_000n);
      await eventually(async () => expect((await complete(rf.id)).status).toBe(200));
      await eventually(async () => {
        expect((await q<{ status: string }>(sql`select status from refunds where id = ${rf.id}`))[0].status).toBe('completed');
      });
      await h.advance('PT1M');
      expect((await q<{ n: number }>(sql`select count(*)::int as n from refunds where cycle_id = ${c.id}`))[0].n).toBe(1);
      await h.settle();
      expect(h.textsTo(A.phone, mark)).toContain(
        t('en', 'refund.auto_turn_dropped', { group_name: 'Dropped Turn Circle', amount: '1,000', currency: 'KES', refund_ref: rf.id }),
      );
    }
    // The remaining cycles kept their dates and recipients.
    const after = await cyclesOf(groupId);
    for (const c of cycles) expect(after.find((x) => x.id === c.id)).toMatchObject({ due_at: c.due_at, recipient_member_id: c.recipient_member_id });
    await expectClosedClean(groupId, removed, [target]);
  });

  it('auction: the cycle nobody is left to win is dropped and the group completes after the others', async () => {
    await h.setClock('2026-12-28T08:00:00Z');
    const groupId = await startGroup('Dropped Auction Circle', 'auction', '2027-01-08');
    const cycles = await cyclesOf(groupId);
    expect(cycles).toHaveLength(3);
    const removed = people[2];
    const stay = people.slice(0, 2);
    const mark = h.fake.calls.length;
    // The organizer removes Chiku through WhatsApp: the command, then the PIN.
    await h.converse(A.phone, 'remove Chiku from the group');
    await h.say(A.phone, '4821');
    await h.settle();
    expect(h.textsTo(A.phone, mark)).toContain(t('en', 'member.removed_done', { member_name: 'Chiku', group_name: 'Dropped Auction Circle' }));
    await h.settle();
    const last = cycles[2];
    await expectScheduleNotice(groupId, removed, [last], mark);
    // A retry of the same removal drops nothing more.
    expect((await services().removeMember(A.id, groupId, removed.id, `remove:${groupId}`)).ok).toBe(false);
    expect((await q<{ n: number }>(sql`select count(*)::int as n from cycles where group_id = ${groupId} and status = 'dropped'`))[0].n).toBe(1);
    for (const c of cycles.slice(0, 2)) {
      await h.setClock(new Date(new Date(c.due_at).getTime() - 20 * 3_600_000).toISOString()); // the round has closed
      await eventually(async () => {
        expect((await q<{ r: string | null }>(sql`select recipient_member_id as r from cycles where id = ${c.id}`))[0].r).not.toBeNull();
      });
      await runCycle(c, stay);
    }
    expect((await q<{ n: number }>(sql`select count(*)::int as n from auction_rounds where cycle_id = ${last.id}`))[0].n).toBe(0);
    await expectClosedClean(groupId, removed, [last]);
  });
});
