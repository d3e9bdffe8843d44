// A full 4-member cycle: the groups service creates, fills and starts the group; the reminders sweep
// sends 12.6; every member pays by M-Pesa through the sandbox and the webhook; quorum (12.11) is told
// once; on the due date the payout sweep releases the pot and disburses by B2C to the recipient's
// effective number (a changed number still in its cooling-off is not used); the first disbursement
// fails and is retried with backoff; the completed payout (12.13) leaves escrow and clearing at zero and
// `ledger:verify` clean. Then a payout that keeps failing is escalated to a support ticket.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { payoutRuns } from '../../db/schema/payment-flows.ts';
import { supportTickets } from '../../db/schema/support.ts';
import { createMemberServices } from '../../server/services/members.ts';
import { sweepReminders } from '../../server/services/groups-sweeps.ts';
import { disburseDue, payout_attempts_max, releaseDuePayouts } from '../../server/services/payouts.ts';
import { eventually, type FlowHarness, startFlowHarness } from './harness.ts';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness('2026-12-01T06:00:00.000Z');
});
afterAll(async () => {
  await h?.close();
});

async function balances(groupId: string, cycleId: string) {
  const r = await h.tdb.db.execute(sql`
    select code, coalesce(sum(credits_posted - debits_posted), 0)::bigint as available, coalesce(sum(credits_pending + debits_pending), 0)::bigint as pending
    from ledger_accounts where group_id = ${groupId} and (cycle_id = ${cycleId} or cycle_id is null) group by code`);
  return Object.fromEntries(
    (r.rows as Array<{ code: string; available: string; pending: string }>).map((x) => [
      x.code,
      { available: BigInt(x.available), pending: BigInt(x.pending) },
    ]),
  );
}

async function payAll(ids: string[], cycleId: string) {
  const refs: string[] = [];
  for (const [i, id] of ids.entries()) {
    const r = await h.payments.services.collect(id, { cycleId, method: 'mobile_money' }, `pay:${cycleId}:${i}`);
    if (r.status !== 'mobile_money') throw new Error(`collect ${r.status}`);
    refs.push(r.ref);
  }
  for (const ref of refs) await h.complete(ref, { outcome: 'success' });
  await eventually(async () => {
    const r = await h.tdb.db.execute(sql`select count(*)::int as n from dues where cycle_id = ${cycleId} and status = 'paid'`);
    expect(Number((r.rows[0] as { n: number }).n)).toBe(ids.length);
  });
}

async function run(payoutId: string) {
  return (await h.tdb.db.select().from(payoutRuns).where(eq(payoutRuns.payoutId, payoutId)))[0];
}

describe('a 4-member cycle from reminders to a completed payout', () => {
  it('pays in, releases, retries a failed disbursement, completes, and leaves escrow at zero', async () => {
    const phones = ['+254712000001', '+254712000002', '+254712000003', '+254712000004'];
    const ids: string[] = [];
    for (const [i, p] of phones.entries()) ids.push(await h.member(p, ['Amina', 'Baraka', 'Chege', 'Dora'][i], i === 2 ? 'sw' : 'en'));
    const { groupId, cycles } = await h.group({ members: ids, minor: 200_000n, feeBps: 100 });
    const c1 = cycles[0];
    const recipient = c1.recipient_member_id;
    const recipientPhone = phones[ids.indexOf(recipient)];

    // Reminders 2 days before the due date (groups sweep).
    h.clock.set('2026-12-02T07:00:00.000Z');
    await sweepReminders({ db: h.tdb.db, pii: h.pii, deliver: () => {} }, h.clock.now());
    for (const p of phones) expect((await h.texts(p)).some((x) => x.includes('2,000') || x.includes('2 000'))).toBe(true);

    // Payout number changes take 48 h to become effective. Cycle 2's recipient changes theirs now (effective
    // long before the 11th); cycle 1's recipient changes theirs on the 3rd at 20:00 — still cooling off at
    // release on the 4th, so cycle 1 is paid to the WhatsApp number.
    const members = createMemberServices(h.tdb.db, h.pii, h.clock);
    await members.setPayoutDestination(cycles[1].recipient_member_id, '+254788888888', 'dest-change-2');
    h.clock.set('2026-12-03T20:00:00.000Z');
    await members.setPayoutDestination(recipient, '+254799999999', 'dest-change-1');

    await payAll(ids, c1.id);
    // Quorum met: told once to each member (12.11), with the payout notice (12.12).
    for (const p of phones) {
      const texts = await h.texts(p);
      expect(texts.filter((x) => x.includes('reached the required contributions') || x.includes('Habari njema'))).toHaveLength(1);
    }
    let b = await balances(groupId, c1.id);
    expect(b.escrow_member.available).toBe(800_000n);

    // Before the due instant nothing is released.
    expect(await releaseDuePayouts(h.payments.deps, h.clock.now())).toEqual([]);

    // Due: released (1% fee) and disbursed to the recipient's WhatsApp number.
    h.clock.set(new Date(c1.due_at.getTime() + 60_000));
    const [payoutId] = await releaseDuePayouts(h.payments.deps, h.clock.now());
    expect(payoutId).toMatch(/^pout_/);
    expect(await releaseDuePayouts(h.payments.deps, h.clock.now())).toEqual([]);
    b = await balances(groupId, c1.id);
    expect(b.escrow_member.available).toBe(0n);
    expect(b.payout_clearing.available).toBe(792_000n);
    expect(b.fees.available).toBe(8_000n);
    // The recipient is drawn at random and one member reads Swahili: look for the payout ref, not English words.
    expect((await h.texts(recipientPhone)).some((x) => x.includes(payoutId) && x.includes(recipientPhone.slice(-3)))).toBe(true);

    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(1);
    const first = await h.pending();
    const d1 = first.find((p) => p.ref === payoutId);
    expect(d1).toMatchObject({ kind: 'disbursement', provider: 'mpesa', phone: recipientPhone, amount_minor: 792000 });

    // The first attempt fails: money stays in clearing, a retry is scheduled with backoff.
    await h.complete(payoutId, { outcome: 'insufficient_funds' });
    await eventually(async () => expect((await run(payoutId)).status).toBe('failed'));
    expect((await run(payoutId)).nextAttemptAt?.getTime()).toBeGreaterThan(h.clock.now().getTime());
    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(0);
    expect((await h.texts(recipientPhone)).some((x) => x.includes('didn’t go through') || x.includes('hayajafanikiwa'))).toBe(true);

    h.clock.advance(2 * 60_000);
    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(1);
    const retryRef = `${payoutId}_r2`;
    expect((await h.pending()).map((p) => p.ref)).toContain(retryRef);
    await h.complete(retryRef, { outcome: 'success', delivery: 'duplicated', copies: 3 });
    await eventually(async () => expect((await run(payoutId)).status).toBe('completed'));

    b = await balances(groupId, c1.id);
    expect(b.escrow_member.available).toBe(0n);
    expect(b.escrow_member.pending).toBe(0n);
    expect(b.payout_clearing.available).toBe(0n);
    expect(b.disbursed.available).toBe(792_000n);
    const completed = await h.tdb.db.execute(sql`select count(*)::int as n from ledger_events where group_id = ${groupId} and event_type = 'payout.completed'`);
    expect(Number((completed.rows[0] as { n: number }).n)).toBe(1);
    for (const p of phones)
      expect((await h.texts(p)).filter((x) => x.includes('Payout sent') || x.includes('Malipo yametumwa')).length).toBeGreaterThanOrEqual(1);

    const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(report.faults).toEqual([]);

    // Next payout for a member now points at cycle 2.
    const next = await h.payments.services.nextPayouts(ids[0]);
    expect(next[0].payoutDate).toBe(
      cycles[1] ? (await h.tdb.db.execute(sql`select due_date from cycles where id = ${cycles[1].id}`)).rows[0]?.due_date : undefined,
    );

    // Cycle 2: the destination change is now effective; every disbursement attempt fails → escalation.
    const c2 = cycles[1];
    await payAll(ids, c2.id);
    h.clock.set(new Date(c2.due_at.getTime() + 60_000));
    const [p2] = await releaseDuePayouts(h.payments.deps, h.clock.now());
    const r2 = await run(p2);
    expect(r2.destinationMasked).toBe('+2547•••••888');
    expect((await h.pending()).find((p) => p.ref === p2)).toBeUndefined();
    for (let attempt = 1; attempt <= payout_attempts_max; attempt++) {
      expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(1);
      const ref = attempt === 1 ? p2 : `${p2}_r${attempt}`;
      await h.complete(ref, { outcome: 'timeout' });
      await eventually(async () => expect(['failed', 'escalated']).toContain((await run(p2)).status));
      h.clock.advance(60 * 60_000);
    }
    expect((await run(p2)).status).toBe('escalated');
    const tickets = await h.tdb.db
      .select()
      .from(supportTickets)
      .where(eq(supportTickets.idempotencyKey, `payout-escalation:${p2}`));
    expect(tickets).toHaveLength(1);
    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(0);
    expect((await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId }))).faults).toEqual([]);

    // npm run payments:report: provider totals per day match the ledger (exit 0).
    const cli = spawnSync(path.resolve('node_modules/.bin/node'), ['server/cli/payments-report.ts', '--days', '3650'], {
      env: { ...process.env, DATABASE_URL: h.tdb.url },
      encoding: 'utf8',
    });
    expect(cli.stdout).toContain('OK:');
    expect(cli.stdout).toMatch(/collections\s+mpesa\s+KES\s+1600000\s+1600000/);
    expect(cli.status).toBe(0);
  });
});
