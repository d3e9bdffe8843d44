// Stripe through the sandbox: webhook signatures (good, forged, tampered), Checkout end to end with the
// real stripe-node adapter, declines, duplicated delivery, refunds, Connect transfers and disputes.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerEvents } from '../../db/schema/payments.ts';
import { sandboxCredentials } from '../../server/payments/sandbox/keys.ts';
import { stripeSignatureHeader } from '../../server/payments/sandbox/stripe.ts';
import { eventsFor, type PaymentsHarness, startPaymentsHarness } from './harness.ts';

let h: PaymentsHarness;
let whsec: string;

beforeAll(async () => {
  h = await startPaymentsHarness();
  whsec = (await sandboxCredentials(h.db)).stripe.webhookSecret;
});
afterAll(async () => {
  await h?.close();
});

async function storedEvents(): Promise<number> {
  const [row] = await h.db.select({ n: count() }).from(providerEvents);
  return row.n;
}

function piEvent(id: string, ref: string) {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-07-29.dahlia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: `pi_${id}`,
        object: 'payment_intent',
        amount: 2500,
        amount_received: 2500,
        currency: 'usd',
        status: 'succeeded',
        metadata: { likelemba_ref: ref },
      },
    },
  });
}

describe('Stripe webhook signatures', () => {
  it('signs like Stripe (reference test vector)', () => {
    expect(stripeSignatureHeader('{"id":"evt_test","object":"event"}', 'whsec_test_secret', 1700000000)).toBe(
      't=1700000000,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724',
    );
  });

  it('accepts a correctly signed event once, and a redelivery is a no-op', async () => {
    const body = piEvent('evt_sig_ok', 'pay_unknown_1');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${h.base}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, whsec) },
        body,
      });
      expect(res.status).toBe(200);
    }
    const rows = await h.db.select().from(providerEvents).where(eq(providerEvents.providerEventId, 'evt_sig_ok'));
    expect(rows).toHaveLength(1);
    expect(rows[0].type).toBe('collection.succeeded');
    expect(eventsFor(h, 'pay_unknown_1')).toHaveLength(1);
  });

  it('rejects a forged, tampered or missing signature with 401 and records nothing', async () => {
    const before = await storedEvents();
    const seen = h.events.length;
    const body = piEvent('evt_forged', 'pay_forged');
    const forged = await fetch(`${h.base}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, 'whsec_not_the_secret') },
      body,
    });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toMatch(/signature/i);
    const tampered = await fetch(`${h.base}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, whsec) },
      body: body.replace('2500', '250000'),
    });
    expect(tampered.status).toBe(401);
    const missing = await fetch(`${h.base}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(401);
    const stale = await fetch(`${h.base}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, whsec, Math.floor(Date.now() / 1000) - 3600) },
      body,
    });
    expect(stale.status).toBe(401);
    expect(await storedEvents()).toBe(before);
    expect(h.events.length).toBe(seen);
  });
});

describe('Stripe Checkout through the sandbox', () => {
  it('creates a session with the real adapter, pays it, verifies the signed webhook, emits one capture', async () => {
    const init = await h.providers.get('stripe').collect({
      amount: { currency: 'USD', minor: 2500n },
      description: 'Umoja Circle - round 4 contribution',
      metadata: { contributionId: 'ctr_918', groupId: 'grp_31' },
      transferGroup: 'grp_31_r4',
    });
    expect(init.status).toBe('accepted');
    if (init.status === 'rejected') throw new Error('rejected');
    expect(init.ref).toMatch(/^pay_/);
    expect(init.providerRef).toMatch(/^cs_test_/);
    expect(init.checkoutUrl).toBe(`${h.base}/sandbox/stripe/checkout/${init.providerRef}`);

    // A retry with the same ref is the same Stripe request (idempotency key from our ref).
    const again = await h.providers.get('stripe').collect({
      ref: init.ref,
      amount: { currency: 'USD', minor: 2500n },
      description: 'Umoja Circle - round 4 contribution',
      metadata: { contributionId: 'ctr_918', groupId: 'grp_31' },
      transferGroup: 'grp_31_r4',
    });
    expect(again.status).toBe('duplicate');
    if (again.status !== 'rejected') expect(again.providerRef).toBe(init.providerRef);

    const page = await (await fetch(init.checkoutUrl ?? '')).text();
    expect(page).toContain('25.00 USD');
    expect(page).toContain('Pay');

    const pending = await h.pending();
    expect(pending).toContainEqual(expect.objectContaining({ ref: init.ref, provider: 'stripe', kind: 'collection', amount_minor: 2500, currency: 'USD' }));

    const res = await h.complete(init.ref, { outcome: 'success' });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(eventsFor(h, init.ref, 'collection.succeeded')).toHaveLength(1));
    const ev = eventsFor(h, init.ref, 'collection.succeeded')[0];
    expect(ev.amount).toEqual({ currency: 'USD', minor: 2500n });
    expect(ev.details.contributionId).toBe('ctr_918');
    // Both payment_intent.succeeded and checkout.session.completed were verified and stored; one was news.
    const stored = await h.db.select().from(providerEvents).where(eq(providerEvents.ref, init.ref));
    expect(stored.map((r) => r.providerType).sort()).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);
    expect(stored.filter((r) => r.emitted)).toHaveLength(1);
    expect(await h.providers.get('stripe').status(init.ref)).toMatchObject({ state: 'succeeded', amount: { currency: 'USD', minor: 2500n } });
    expect((await h.pending()).map((p) => p.ref)).not.toContain(init.ref);
    // A second answer to the same prompt is refused.
    expect((await h.complete(init.ref, { outcome: 'success' })).status).toBe(409);

    // Refund part of it: the sandbox sends charge.refunded, which becomes refund.succeeded for our rfd_ ref.
    const refund = await h.providers.get('stripe').refund({ paymentRef: init.ref, amount: { currency: 'USD', minor: 1000n } });
    expect(refund.status).toBe('accepted');
    await vi.waitFor(() => expect(eventsFor(h, refund.ref, 'refund.succeeded')).toHaveLength(1));
    expect(eventsFor(h, refund.ref)[0].amount).toEqual({ currency: 'USD', minor: 1000n });
    expect(await h.providers.get('stripe').status(refund.ref)).toMatchObject({ state: 'succeeded' });
    // More than what is left is refused by Stripe.
    const tooMuch = await h.providers.get('stripe').refund({ paymentRef: init.ref, amount: { currency: 'USD', minor: 2000n } });
    expect(tooMuch.status).toBe('rejected');

    // A dispute on the payment comes back with our collection ref.
    const pi = ev.details.payment_intent ?? (await h.providers.get('stripe').status(init.ref)).state;
    const opened = await fetch(`${h.base}/sandbox/stripe/test/disputes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payment_intent: pi }),
    });
    const dispute = await opened.json();
    await vi.waitFor(() => expect(eventsFor(h, init.ref, 'dispute.opened')).toHaveLength(1));
    await fetch(`${h.base}/sandbox/stripe/test/disputes/${dispute.id}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'lost' }),
    });
    await vi.waitFor(() => expect(eventsFor(h, init.ref, 'dispute.closed')).toHaveLength(1));
    expect(eventsFor(h, init.ref, 'dispute.closed')[0].details.status).toBe('lost');
  });

  it('the hosted page Pay button completes the session', async () => {
    const init = await h.providers.get('stripe').collect({ amount: { currency: 'UGX', minor: 50000n }, description: 'Round 2' });
    if (init.status === 'rejected') throw new Error('rejected');
    const res = await fetch(`${init.checkoutUrl}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain(`/payments/stripe/done?session_id=${init.providerRef}`);
    await vi.waitFor(() => expect(eventsFor(h, init.ref, 'collection.succeeded')).toHaveLength(1));
    expect(eventsFor(h, init.ref)[0].amount).toEqual({ currency: 'UGX', minor: 50000n });
  });

  it('a declined card is a failed collection with the canonical code; duplicated delivery emits once', async () => {
    const stripe = h.providers.get('stripe');
    const declined = await stripe.collect({ amount: { currency: 'USD', minor: 1500n }, description: 'Round 5' });
    await h.complete(declined.ref, { outcome: 'insufficient_funds' });
    await vi.waitFor(() => expect(eventsFor(h, declined.ref, 'collection.failed')).toHaveLength(1));
    expect(eventsFor(h, declined.ref)[0].failure).toMatchObject({ code: 'INSUFFICIENT_BALANCE', providerCode: 'insufficient_funds' });

    const cancelled = await stripe.collect({ amount: { currency: 'USD', minor: 1500n }, description: 'Round 5' });
    await h.complete(cancelled.ref, { outcome: 'cancelled' });
    await vi.waitFor(() => expect(eventsFor(h, cancelled.ref, 'collection.failed')).toHaveLength(1));

    const dup = await stripe.collect({ amount: { currency: 'USD', minor: 1500n }, description: 'Round 5' });
    await h.complete(dup.ref, { outcome: 'success', delivery: 'duplicated', copies: 5 });
    const ooo = await stripe.collect({ amount: { currency: 'USD', minor: 1500n }, description: 'Round 5' });
    await h.complete(ooo.ref, { outcome: 'out_of_order' });
    await vi.waitFor(() => {
      expect(eventsFor(h, dup.ref, 'collection.succeeded')).toHaveLength(1);
      expect(eventsFor(h, ooo.ref, 'collection.succeeded')).toHaveLength(1);
    });
    expect(eventsFor(h, dup.ref)).toHaveLength(1);
  });

  it('pays out through a Connect transfer, and refuses without a connected account', async () => {
    const stripe = h.providers.get('stripe');
    const out = await stripe.disburse({
      amount: { currency: 'USD', minor: 10000n },
      destinationAccount: 'acct_1Member',
      description: 'Round 4 payout',
      transferGroup: 'grp_31_r4',
    });
    expect(out.status).toBe('accepted');
    expect(out.ref).toMatch(/^pout_/);
    await vi.waitFor(() => expect(eventsFor(h, out.ref, 'disbursement.succeeded')).toHaveLength(1));
    const none = await stripe.disburse({ amount: { currency: 'USD', minor: 10000n }, description: 'Round 4 payout' });
    expect(none).toMatchObject({ status: 'rejected', failure: { code: 'RECIPIENT_NOT_FOUND' } });
  });
});
