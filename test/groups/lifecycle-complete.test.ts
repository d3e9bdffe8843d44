// A group run to its end by the sandbox clock (groups harness: Green API webhook, real runtime and sweeps):
// two members pay every cycle by sandbox M-Pesa, each pot is released and disbursed on its due date; once
// the last payout has completed, the next sweep marks the group completed — exactly once, even with
// concurrent sweeps — records `group.updated` {status: completed} in its chain, and every member receives
// the closing summary in their language. After that, nothing is sent for the group any more.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { hashPin } from '../../core/identity/pin.ts';
import { money } from '../../core/money.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { findOrCreateMember, setMemberName, updateMember } from '../../db/members.ts';
import { createLogger } from '../../server/log.ts';
import { createGroupServices } from '../../server/services/groups.ts';
import { sweepCompletions } from '../../server/services/groups-lifecycle.ts';
import { createPaymentsModule, type PaymentsModule } from '../../server/services/payments-wiring.ts';
import type { Locale } from '../../tools/context.ts';
import { formatMoneyText } from '../../tools/groups-text.ts';
import { eventually } from '../disputes/harness.ts';
import { type Harness, startHarness } from './helpers.ts';

type P = { phone: string; name: string; locale: Locale; id: string };
const A: P = { phone: '+254700000601', name: 'Amina', locale: 'en', id: '' };
const B: P = { phone: '+254700000602', name: 'Béatrice', locale: 'fr', id: '' };

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
  for (const p of [A, B]) {
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

describe('a group run to its end', () => {
  it('is completed exactly once after its last payout, with the closing summary to every member', async () => {
    const { db, pii, clock } = h.t.rt;
    const groups = createGroupServices({ db, pii, clock, botPhone: '+254700000000', deliver: (ids) => h.t.rt.deliver(ids) });
    const parsed = parseGroupRules({
      name: 'Mwisho Circle',
      contribution: { currency: 'KES', minor: 100_000n },
      frequency: 'weekly',
      startDate: '2026-12-04',
      timeZone: 'Africa/Nairobi',
      membersCount: 2,
      payoutOrder: 'random',
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const created = await groups.create(A.id, parsed.rules, 'create:mwisho');
    expect((await groups.join(B.id, created.code, 'join:mwisho')).ok).toBe(true);
    expect((await groups.start(A.id, created.group.id, 'start:mwisho')).ok).toBe(true);
    const groupId = created.group.id;
    const cycles = await q<{ id: string; due_at: string }>(sql`select id, due_at from cycles where group_id = ${groupId} order by cycle_no`);
    expect(cycles).toHaveLength(2);

    for (const c of cycles) {
      for (const p of [A, B]) {
        const r = await payments.services.collect(p.id, { cycleId: c.id, method: 'mobile_money' }, `pay:${c.id}:${p.id}`);
        if (r.status !== 'mobile_money') throw new Error(`collect ${JSON.stringify(r)}`);
        expect((await complete(r.ref)).status).toBe(200);
      }
      await eventually(async () => {
        expect((await q<{ n: number }>(sql`select count(*)::int as n from dues where cycle_id = ${c.id} and status = 'paid'`))[0].n).toBe(2);
      });
      // Due instant: the sweep releases the pot and sends the disbursement; the provider confirms it.
      await h.setClock(new Date(new Date(c.due_at).getTime() + 60_000).toISOString());
      const [run] = await q<{ payout_id: string }>(sql`select payout_id from payout_runs where cycle_id = ${c.id}`);
      expect(run?.payout_id).toMatch(/^pout_/);
      await eventually(async () => expect((await complete(run.payout_id)).status).toBe(200));
      await eventually(async () => {
        expect((await q<{ status: string }>(sql`select status from payout_runs where payout_id = ${run.payout_id}`))[0].status).toBe('completed');
      });
    }
    // The last payout completed after this minute's sweep; the next sweep closes the group.
    await h.advance('PT1M');
    expect((await q<{ status: string }>(sql`select status from groups where id = ${groupId}`))[0].status).toBe('completed');
    // Twice more, concurrently, and another minute: nothing happens again.
    const deps = { db, pii, deliver: (ids: string[]) => h.t.rt.deliver(ids) };
    expect(await Promise.all([sweepCompletions(deps, clock.now()), sweepCompletions(deps, clock.now())])).toEqual([0, 0]);
    await h.advance('PT1M');
    await h.settle();

    const events = await q<{ actor: { type: string }; data: { changes: Record<string, unknown> } }>(
      sql`select actor, data from ledger_events where group_id = ${groupId} and event_type = 'group.updated' and data->'changes'->>'status' = 'completed'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { type: 'system' },
      data: { changes: { status: 'completed', previous_status: 'active', cycles_count: 2, paid_out_minor: '400000', currency: 'KES' } },
    });
    for (const p of [A, B]) {
      const closing = t(p.locale, 'group.completed_summary', {
        group_name: 'Mwisho Circle',
        cycles: 2,
        contributed: formatMoneyText(money('KES', 200_000n), p.locale),
        paid_out: formatMoneyText(money('KES', 400_000n), p.locale),
      });
      expect(h.textsTo(p.phone).filter((x) => x.startsWith('🏁'))).toEqual([closing]);
    }
    expect(t('en', 'group.completed_summary', { group_name: 'Mwisho Circle', cycles: 2, contributed: '2,000 KES', paid_out: '4,000 KES' })).toContain(
      '• You contributed: *2,000 KES*',
    );

    // Closed: no reminders, no payable dues, nothing more sent by the clock.
    const quiet = h.fake.calls.length;
    await h.advance('P14D');
    await h.settle();
    expect(h.textsTo(A.phone, quiet)).toEqual([]);
    expect(h.textsTo(B.phone, quiet)).toEqual([]);
    expect(await payments.services.openDues(A.id)).toEqual([]);
    const v = await db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  });
});
