// The payout fee rule end to end (core/escrow/fee.ts): a plain group whose 1 % fee is not whole — a pot of
// 3,850 KES, fee 38.50 by the exact percentage — is released with fee 38 and net 3,812, and the sandbox
// M-Pesa B2C disbursement (the Daraja adapter takes whole shillings only) goes through and completes; the
// ledger stays clean.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { disburseDue, releaseDuePayouts } from '../../server/services/payouts.ts';
import { eventually, type FlowHarness, startFlowHarness } from '../payments-flow/harness.ts';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness('2026-12-01T06:00:00.000Z');
});
afterAll(async () => h?.close());

const q = async <T>(query: ReturnType<typeof sql>) => (await h.tdb.db.execute(query)).rows as T[];

describe('a payout whose percentage fee has cents', () => {
  it('is released with a whole-shilling net and disbursed by sandbox M-Pesa', async () => {
    const phones = ['+254714000001', '+254714000002'];
    const ids = [await h.member(phones[0], 'Achieng'), await h.member(phones[1], 'Bakari', 'sw')];
    // 1,925 KES each: a pot of 3,850 KES; 1 % = 38.50 KES.
    const { groupId, cycles } = await h.group({ members: ids, minor: 192_500n, feeBps: 100 });
    const c1 = cycles[0];
    const refs: string[] = [];
    for (const [i, id] of ids.entries()) {
      const r = await h.payments.services.collect(id, { cycleId: c1.id, method: 'mobile_money' }, `pay:${c1.id}:${i}`);
      if (r.status !== 'mobile_money') throw new Error(`collect ${r.status}`);
      refs.push(r.ref);
    }
    for (const ref of refs) await h.complete(ref, { outcome: 'success' });
    await eventually(async () => {
      const [r] = await q<{ n: number }>(sql`select count(*)::int as n from dues where cycle_id = ${c1.id} and status = 'paid'`);
      expect(r.n).toBe(2);
    });

    h.clock.set(new Date(c1.due_at.getTime() + 60_000));
    const [payoutId] = await releaseDuePayouts(h.payments.deps, h.clock.now());
    expect(payoutId).toMatch(/^pout_/);
    const [ev] = await q<{ data: Record<string, unknown> }>(sql`select data from ledger_events where group_id = ${groupId} and event_type = 'payout.released'`);
    expect(ev.data).toMatchObject({ gross_minor: '385000', fee_minor: '3800', net_minor: '381200' });

    expect(await disburseDue(h.payments.deps, h.clock.now())).toBe(1);
    // Daraja accepted it (a fractional amount is rejected by the adapter before the call): it is pending at the sandbox.
    const sent = (await h.pending()).find((p) => p.ref === payoutId);
    expect(sent).toMatchObject({ provider: 'mpesa', kind: 'disbursement', amount_minor: 381_200 });
    await h.complete(payoutId, { outcome: 'success' });
    await eventually(async () => {
      const [r] = await q<{ status: string; attempts: number }>(sql`select status, attempts from payout_runs where payout_id = ${payoutId}`);
      expect(r).toMatchObject({ status: 'completed', attempts: 1 });
    });
    const acc = Object.fromEntries(
      (await q<{ id: string; b: string }>(sql`select id, (credits_posted - debits_posted)::text as b from ledger_accounts where group_id = ${groupId}`)).map(
        (r) => [r.id, BigInt(r.b)],
      ),
    );
    expect(acc[`${groupId}:disbursed`]).toBe(381_200n);
    expect(acc[`${groupId}:fees`]).toBe(3_800n);
    expect(acc[`${groupId}:payout_clearing`]).toBe(0n);
    const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(report.faults).toEqual([]);
  });
});
