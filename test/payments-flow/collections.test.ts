// Contributions end to end through the real webhook routes and sandboxes: M-Pesa success (ledger
// capture + deposit, due paid, receipt with ledger seq and hash), each failure code told to the member,
// a callback delivered 5 times out of order (one capture), a forged Stripe signature (401, nothing
// recorded), and a Stripe payment refunded through the ledger's refund flow.
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRefund, requestRefund } from '../../db/ledger/services.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { providerEvents } from '../../db/schema/payments.ts';
import { paymentAttempts, paymentReviews } from '../../db/schema/payment-flows.ts';
import { sandboxCredentials } from '../../server/payments/sandbox/keys.ts';
import { stripeSignatureHeader } from '../../server/payments/sandbox/stripe.ts';
import { reconcile } from '../../server/services/payments-reconcile.ts';
import { executeApprovedRefunds } from '../../server/services/payouts.ts';
import { eventually, type FlowHarness, startFlowHarness } from './harness.ts';

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness();
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
async function fourMemberGroup(prefix: string) {
  const phones = [0, 1, 2, 3].map((i) => `+2547${prefix}${String(++seq).padStart(5, '0')}${i}`);
  const ids = [];
  for (const [i, p] of phones.entries()) ids.push(await h.member(p, `Member ${i}`));
  const { groupId, cycles } = await h.group({ members: ids });
  return { phones, ids, groupId, cycles };
}

async function attempt(ref: string) {
  return (await h.tdb.db.select().from(paymentAttempts).where(eq(paymentAttempts.ref, ref)))[0];
}

async function captures(contributionId: string) {
  const r = await h.tdb.db.execute(
    sql`select count(*)::int as n from ledger_events where event_type = 'payment.captured' and data->>'contribution_id' = ${contributionId}`,
  );
  return Number((r.rows[0] as { n: number }).n);
}

describe('M-Pesa contribution', () => {
  it('success: captured and deposited in the ledger, due paid, receipt with ledger seq and short hash', async () => {
    const g = await fourMemberGroup('10');
    const open = await h.payments.services.openDues(g.ids[0]);
    // Only the current cycle is payable (later cycles' dues exist from the start, but are not open yet).
    expect(open.map((d) => d.cycleId)).toEqual([g.cycles[0].id]);
    const first = open[0];
    expect(first.owed).toEqual({ currency: 'KES', minor: 100_000n });
    const r = await h.payments.services.collect(g.ids[0], { cycleId: first.cycleId, method: 'mobile_money' }, 'call-success');
    expect(r.status).toBe('mobile_money');
    if (r.status !== 'mobile_money') return;
    // A retried tool call is the same attempt; a second PAY meanwhile says "still waiting".
    expect(await h.payments.services.collect(g.ids[0], { cycleId: first.cycleId, method: 'mobile_money' }, 'call-success')).toMatchObject({ ref: r.ref });
    expect(await h.payments.services.collect(g.ids[0], { cycleId: first.cycleId, method: 'mobile_money' }, 'call-other')).toEqual({
      status: 'pending',
      ref: r.ref,
    });
    expect(await h.pending()).toContainEqual(expect.objectContaining({ ref: r.ref, provider: 'mpesa', phone: g.phones[0], amount_minor: 100000 }));
    expect((await h.complete(r.ref, { outcome: 'success' })).status).toBe(200);
    const a = await eventually(async () => {
      const x = await attempt(r.ref);
      expect(x.status).toBe('succeeded');
      return x;
    });
    expect(a.outcome).toBe('exact');
    const events = await h.tdb.db.execute(sql`select event_type from ledger_events where data->>'contribution_id' = ${a.contributionId} order by seq`);
    expect(events.rows.map((x) => (x as { event_type: string }).event_type)).toEqual(['payment.captured', 'escrow.deposit.recorded']);
    const due = await h.tdb.db.execute(sql`select status from dues where cycle_id = ${first.cycleId} and member_id = ${g.ids[0]}`);
    expect((due.rows[0] as { status: string }).status).toBe('paid');
    const texts = await h.texts(g.phones[0]);
    const receipt = texts.find((x) => x.includes('Payment received'));
    expect(receipt).toContain('1,000');
    expect(receipt).toContain(`entry #${a.ledgerSeq}`);
    expect(receipt).toContain(String(a.ledgerHash));
    expect(a.ledgerHash).toMatch(/^[0-9a-f]{12}$/);
    // Nothing left to pay for that cycle; receipts and status show it.
    expect((await h.payments.services.openDues(g.ids[0])).map((d) => d.cycleId)).not.toContain(first.cycleId);
    expect(await h.payments.services.receipts(g.ids[0], 5)).toEqual([expect.objectContaining({ ref: r.ref, status: 'succeeded', ledgerSeq: a.ledgerSeq })]);
  });

  it.each([
    ['insufficient_funds', 'not enough funds'],
    ['cancelled', 'cancelled on your phone'],
    ['timeout', 'timed out'],
    ['wrong_pin', 'PIN entered was wrong'],
  ])('failure %s: recorded as payment.failed, nothing captured, the member is told', async (outcome, words) => {
    const g = await fourMemberGroup(`2${outcome.length % 10}`);
    const due = (await h.payments.services.openDues(g.ids[1]))[0];
    const r = await h.payments.services.collect(g.ids[1], { cycleId: due.cycleId, method: 'mobile_money' }, `call-${outcome}`);
    if (r.status !== 'mobile_money') throw new Error(r.status);
    await h.complete(r.ref, { outcome });
    const a = await eventually(async () => {
      const x = await attempt(r.ref);
      expect(x.status).toBe('failed');
      return x;
    });
    expect(a.failureCode).toBe(outcome);
    expect(await captures(a.contributionId)).toBe(0);
    const failed = await h.tdb.db.execute(
      sql`select count(*)::int as n from ledger_events where event_type = 'payment.failed' and data->>'contribution_id' = ${a.contributionId}`,
    );
    expect(Number((failed.rows[0] as { n: number }).n)).toBe(1);
    expect((await h.texts(g.phones[1])).some((x) => x.includes(words))).toBe(true);
    // The due is still open: the member can pay again.
    expect((await h.payments.services.openDues(g.ids[1]))[0].cycleId).toBe(due.cycleId);
  });

  it('a success callback delivered 5 times, concurrently and out of order, captures once', async () => {
    const g = await fourMemberGroup('30');
    const due = (await h.payments.services.openDues(g.ids[2]))[0];
    const r = await h.payments.services.collect(g.ids[2], { cycleId: due.cycleId, method: 'mobile_money' }, 'call-dup');
    if (r.status !== 'mobile_money') throw new Error(r.status);
    await h.complete(r.ref, { outcome: 'out_of_order', copies: 5 });
    const a = await eventually(async () => {
      const x = await attempt(r.ref);
      expect(x.status).toBe('succeeded');
      return x;
    });
    await new Promise((res) => setTimeout(res, 1500));
    expect(await captures(a.contributionId)).toBe(1);
    expect((await h.texts(g.phones[2])).filter((x) => x.includes('Payment received'))).toHaveLength(1);
  });

  it('pawaPay (Tanzania) and a reconciliation query settle the same payment exactly once', async () => {
    const phones = ['+255711000001', '+255711000002'];
    const ids = [await h.member(phones[0], 'Asha', 'sw'), await h.member(phones[1], 'Juma', 'sw')];
    const g = await h.group({ members: ids, currency: 'TZS', minor: 1_000_000n });
    const due = (await h.payments.services.openDues(ids[0]))[0];
    const r = await h.payments.services.collect(ids[0], { cycleId: due.cycleId, method: 'mobile_money' }, 'call-tz');
    expect(r.status).toBe('mobile_money');
    if (r.status !== 'mobile_money') return;
    expect((await attempt(r.ref)).provider).toBe('pawapay');
    // The callback is late; reconciliation asks pawaPay first and settles; the callback is then a no-op.
    await h.complete(r.ref, { outcome: 'success', delivery: 'late', delay_ms: 1500 });
    h.clock.advance(10 * 60_000);
    const out = await reconcile(h.payments.deps, h.payments.handler, h.clock.now());
    expect(out.settled).toBe(1);
    await new Promise((res) => setTimeout(res, 2500));
    const a = await attempt(r.ref);
    expect(a.status).toBe('succeeded');
    expect(await captures(a.contributionId)).toBe(1);
    expect((await h.texts(phones[0])).some((x) => x.includes('Malipo yamepokelewa') || x.includes('Risiti'))).toBe(true);
    void g;
  });
});

describe('Stripe', () => {
  it('a forged signature is a 401 and nothing is recorded', async () => {
    const [before] = await h.tdb.db.select({ n: count() }).from(providerEvents);
    const body = JSON.stringify({
      id: 'evt_forged_flow',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1,
      livemode: false,
      data: {
        object: { id: 'pi_x', object: 'payment_intent', amount: 100000, currency: 'kes', status: 'succeeded', metadata: { likelemba_ref: 'pay_forged' } },
      },
    });
    const res = await fetch(`${h.base}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, 'whsec_wrong') },
      body,
    });
    expect(res.status).toBe(401);
    const [after] = await h.tdb.db.select({ n: count() }).from(providerEvents);
    expect(after.n).toBe(before.n);
    const reviews = await h.tdb.db.select().from(paymentReviews).where(eq(paymentReviews.ref, 'pay_forged'));
    expect(reviews).toHaveLength(0);
  });

  it('a validly signed event for a payment we never started is stored and set aside, moving no money', async () => {
    const whsec = (await sandboxCredentials(h.tdb.db)).stripe.webhookSecret;
    const body = JSON.stringify({
      id: 'evt_unknown_flow',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1,
      livemode: false,
      data: {
        object: {
          id: 'pi_y',
          object: 'payment_intent',
          amount: 100000,
          amount_received: 100000,
          currency: 'kes',
          status: 'succeeded',
          metadata: { likelemba_ref: 'pay_unknown_flow' },
        },
      },
    });
    const res = await fetch(`${h.base}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, whsec) },
      body,
    });
    expect(res.status).toBe(200);
    const reviews = await h.tdb.db.select().from(paymentReviews).where(eq(paymentReviews.ref, 'pay_unknown_flow'));
    expect(reviews).toEqual([expect.objectContaining({ reason: 'unknown_ref', status: 'open' })]);
  });

  it('a card payment through Checkout, then a refund (requested, approved twice, executed, completed by charge.refunded)', async () => {
    const g = await fourMemberGroup('40');
    const due = (await h.payments.services.openDues(g.ids[3]))[0];
    const r = await h.payments.services.collect(g.ids[3], { cycleId: due.cycleId, method: 'card' }, 'call-card');
    expect(r.status).toBe('card');
    if (r.status !== 'card') return;
    expect(r.url).toContain('/sandbox/stripe/checkout/');
    await h.complete(r.ref, { outcome: 'success' });
    const a = await eventually(async () => {
      const x = await attempt(r.ref);
      expect(x.status).toBe('succeeded');
      return x;
    });
    expect(a.provider).toBe('stripe');
    expect(await captures(a.contributionId)).toBe(1);
    // Pre-release refund: the ledger's two approvals, then the sweep executes it and asks Stripe.
    const refundId = `rfd_${a.contributionId.slice(4)}`;
    const actor = { type: 'user' as const, id: g.ids[3] };
    await h.tdb.db.transaction(async (tx) => {
      expect(
        (
          await requestRefund(
            tx,
            {
              groupId: g.groupId,
              cycleId: due.cycleId,
              refundId,
              contributionId: a.contributionId,
              amountMinor: 100_000n,
              reason: 'left_group',
              requestedBy: g.ids[3],
              actor,
            },
            h.payments.deps.ledger,
          )
        ).status,
      ).toBe('created');
      expect(
        (
          await approveRefund(
            tx,
            { groupId: g.groupId, cycleId: due.cycleId, refundId, role: 'group_admin', approverId: g.ids[0], actor: { type: 'admin', id: g.ids[0] } },
            h.payments.deps.ledger,
          )
        ).status,
      ).toBe('created');
      expect(
        (
          await approveRefund(
            tx,
            {
              groupId: g.groupId,
              cycleId: due.cycleId,
              refundId,
              role: 'platform_admin',
              approverId: 'usr_platform_admin',
              actor: { type: 'platform_admin', id: 'usr_platform_admin' },
            },
            h.payments.deps.ledger,
          )
        ).status,
      ).toBe('created');
    });
    expect(await executeApprovedRefunds(h.payments.deps)).toBe(1);
    await eventually(async () => {
      const r2 = await h.tdb.db.execute(sql`select status from refunds where id = ${refundId}`);
      expect((r2.rows[0] as { status: string }).status).toBe('completed');
    });
    expect((await h.texts(g.phones[3])).some((x) => x.includes('Refund completed'))).toBe(true);
    const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId: g.groupId }));
    expect(report.faults).toEqual([]);
  });
});
