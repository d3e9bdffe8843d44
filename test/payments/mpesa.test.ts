// M-Pesa Daraja through the sandbox: STK Push → pending prompt → each outcome → unsigned callback →
// STK Query confirms → one ProviderEvent, even with 5 deliveries out of order; forged and unknown
// callbacks; B2C payouts confirmed by Transaction Status; refunds by B2C; the shared OAuth token.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerEvents } from '../../db/schema/payments.ts';
import { createProviders } from '../../server/payments/providers.ts';
import { getObject } from '../../server/payments/sandbox/store.ts';
import { eventsFor, type PaymentsHarness, startPaymentsHarness } from './harness.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsHarness();
});
afterAll(async () => {
  await h?.close();
});

const kes = (shillings: number) => ({ currency: 'KES', minor: BigInt(shillings) * 100n });

async function push(phone = '+254711223344', shillings = 2000) {
  const init = await h.providers.get('mpesa').collect({ amount: kes(shillings), phone, description: 'UMOJA-R4', metadata: { contributionId: 'ctr_1' } });
  expect(init.status).toBe('accepted');
  if (init.status === 'rejected') throw new Error('rejected');
  expect(init.providerRef).toMatch(/^ws_CO_/);
  return init;
}

async function callbackUrlOf(checkoutRequestId: string): Promise<string> {
  const stk = await getObject(h.db, 'mpesa', checkoutRequestId);
  return String(stk?.CallBackURL);
}

describe('Daraja STK Push', () => {
  it('shows a pending prompt, and success is confirmed by STK Query before it counts', async () => {
    const init = await push();
    expect(await h.pending()).toContainEqual(
      expect.objectContaining({ ref: init.ref, provider: 'mpesa', kind: 'collection', phone: '+254711223344', amount_minor: 200000, currency: 'KES' }),
    );
    expect(await h.providers.get('mpesa').status(init.ref)).toEqual({ state: 'pending' });
    const res = await h.complete(init.ref, { outcome: 'success' });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(eventsFor(h, init.ref)).toHaveLength(1));
    const ev = eventsFor(h, init.ref)[0];
    expect(ev).toMatchObject({ type: 'collection.succeeded', provider: 'mpesa', providerRef: init.providerRef, amount: kes(2000), failure: null });
    expect(ev.details.receipt).toMatch(/^S/);
    expect(ev.details.contributionId).toBe('ctr_1');
    expect(await h.providers.get('mpesa').status(init.ref)).toMatchObject({ state: 'succeeded', amount: kes(2000) });
  });

  it.each([
    ['insufficient_funds', 'INSUFFICIENT_BALANCE', '1'],
    ['cancelled', 'PAYMENT_NOT_APPROVED', '1032'],
    ['timeout', 'PAYER_UNREACHABLE', '1037'],
    ['wrong_pin', 'PAYMENT_NOT_APPROVED', '2001'],
  ])('outcome %s → collection.failed %s (Daraja %s)', async (outcome, code, providerCode) => {
    const init = await push('+254722000111', 500);
    await h.complete(init.ref, { outcome });
    await vi.waitFor(() => expect(eventsFor(h, init.ref)).toHaveLength(1));
    expect(eventsFor(h, init.ref)[0]).toMatchObject({ type: 'collection.failed', failure: { code, providerCode } });
  });

  it('emits once when the callback is delivered 5 times, concurrently and out of order', async () => {
    const a = await push('+254733000222', 1000);
    await h.complete(a.ref, { outcome: 'success', delivery: 'duplicated', copies: 5 });
    const b = await push('+254733000223', 1000);
    await h.complete(b.ref, { outcome: 'out_of_order', copies: 5 });
    await vi.waitFor(() => {
      expect(eventsFor(h, a.ref)).toHaveLength(1);
      expect(eventsFor(h, b.ref)).toHaveLength(1);
    });
    // Replays of the real callback after settlement: 200, nothing new.
    const url = await callbackUrlOf(b.providerRef ?? '');
    const path = url.slice(url.indexOf('/webhooks'));
    const body = JSON.stringify({ Body: { stkCallback: { CheckoutRequestID: b.providerRef, ResultCode: 1032, ResultDesc: 'Request cancelled by user' } } });
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(eventsFor(h, b.ref)).toHaveLength(1);
    expect(eventsFor(h, b.ref)[0].type).toBe('collection.succeeded');
    const stored = await h.db.select().from(providerEvents).where(eq(providerEvents.ref, b.ref));
    expect(stored).toHaveLength(1);
  });

  it('a callback cannot move money by itself: forged success before or against the real outcome', async () => {
    const init = await push('+254744000333', 700);
    const url = await callbackUrlOf(init.providerRef ?? '');
    const path = url.slice(url.indexOf('/webhooks'));
    const forged = JSON.stringify({
      Body: {
        stkCallback: {
          MerchantRequestID: 'x',
          CheckoutRequestID: init.providerRef,
          ResultCode: 0,
          ResultDesc: 'ok',
          CallbackMetadata: { Item: [{ Name: 'Amount', Value: 700 }] },
        },
      },
    });
    // Before the member answers: Daraja says "being processed", so nothing is recorded.
    expect((await fetch(`${h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged })).status).toBe(200);
    expect(eventsFor(h, init.ref)).toHaveLength(0);
    // The member cancels; a forged "success" arriving first still yields the queried failure.
    await h.complete(init.ref, { outcome: 'cancelled', delivery: 'late', delay_ms: 50 });
    await vi.waitFor(async () => {
      await fetch(`${h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged });
      expect(eventsFor(h, init.ref)).toHaveLength(1);
    });
    expect(eventsFor(h, init.ref)[0].type).toBe('collection.failed');
    // A callback for another request on this URL is refused.
    const other = JSON.stringify({ Body: { stkCallback: { CheckoutRequestID: 'ws_CO_other', ResultCode: 0 } } });
    const second = await push('+254744000334', 700);
    const url2 = await callbackUrlOf(second.providerRef ?? '');
    expect(
      (await fetch(`${h.base}${url2.slice(url2.indexOf('/webhooks'))}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: other }))
        .status,
    ).toBe(400);
  });

  it('refuses unknown or missing callback tokens with 401 and records nothing', async () => {
    const body = JSON.stringify({ Body: { stkCallback: { CheckoutRequestID: 'ws_CO_x', ResultCode: 0 } } });
    const unknown = await fetch(`${h.base}/webhooks/mobilemoney/daraja?t=guessed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unknown.status).toBe(401);
    const missing = await fetch(`${h.base}/webhooks/mobilemoney/mpesa`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(401);
  });

  it('rejects amounts M-Pesa cannot take and non-Kenyan numbers without calling Daraja', async () => {
    const mpesa = h.providers.get('mpesa');
    expect(await mpesa.collect({ amount: { currency: 'KES', minor: 150050n }, phone: '+254711223344', description: 'X' })).toMatchObject({
      status: 'rejected',
      failure: { code: 'INVALID_AMOUNT' },
    });
    expect(await mpesa.collect({ amount: kes(10), phone: '+255744556677', description: 'X' })).toMatchObject({
      status: 'rejected',
      failure: { code: 'INVALID_PHONE_NUMBER' },
    });
  });

  it('shares one OAuth token between adapters (a refresh invalidates the other copy, which recovers once)', async () => {
    const other = await createProviders(h.config, { db: h.db, publicBaseUrl: h.base });
    const one = await other.get('mpesa').collect({ amount: kes(100), phone: '+254755000444', description: 'R1' });
    const two = await h.providers.get('mpesa').collect({ amount: kes(100), phone: '+254755000445', description: 'R1' });
    expect(one.status).toBe('accepted');
    expect(two.status).toBe('accepted');
  });
});

describe('Daraja B2C', () => {
  it('pays out: pending disbursement → result → Transaction Status confirms → disbursement.succeeded', async () => {
    const out = await h.providers.get('mpesa').disburse({ amount: kes(18000), phone: '+254722334455', description: 'Round 4 payout' });
    expect(out.status).toBe('accepted');
    expect(out.ref).toMatch(/^pout_/);
    expect(await h.pending()).toContainEqual(
      expect.objectContaining({ ref: out.ref, provider: 'mpesa', kind: 'disbursement', phone: '+254722334455', amount_minor: 1800000 }),
    );
    // Same ref again: Daraja refuses the duplicate OriginatorConversationID; we report a duplicate.
    expect((await h.providers.get('mpesa').disburse({ ref: out.ref, amount: kes(18000), phone: '+254722334455', description: 'Round 4 payout' })).status).toBe(
      'duplicate',
    );
    await h.complete(out.ref, { outcome: 'success', delivery: 'duplicated', copies: 3 });
    await vi.waitFor(() => expect(eventsFor(h, out.ref)).toHaveLength(1));
    expect(eventsFor(h, out.ref)[0]).toMatchObject({ type: 'disbursement.succeeded', amount: kes(18000) });
    expect(eventsFor(h, out.ref)[0].details.receipt).toMatch(/^S/);
  });

  it.each([
    ['insufficient_funds', 'INSUFFICIENT_BALANCE'],
    ['timeout', 'PAYER_UNREACHABLE'],
  ])('a %s payout is disbursement.failed %s', async (outcome, code) => {
    const out = await h.providers.get('mpesa').disburse({ amount: kes(500), phone: '+254722334466', description: 'Round 4 payout' });
    await h.complete(out.ref, { outcome });
    await vi.waitFor(() => expect(eventsFor(h, out.ref)).toHaveLength(1));
    expect(eventsFor(h, out.ref)[0]).toMatchObject({ type: 'disbursement.failed', failure: { code } });
  });

  it('refunds a completed STK collection by B2C to the payer', async () => {
    const init = await push('+254766000555', 300);
    await h.complete(init.ref, { outcome: 'success' });
    await vi.waitFor(() => expect(eventsFor(h, init.ref)).toHaveLength(1));
    const r = await h.providers.get('mpesa').refund({ paymentRef: init.ref, amount: kes(100) });
    expect(r.status).toBe('accepted');
    expect(await h.pending()).toContainEqual(expect.objectContaining({ ref: r.ref, kind: 'disbursement', phone: '+254766000555', amount_minor: 10000 }));
    await h.complete(r.ref, { outcome: 'success' });
    await vi.waitFor(() => expect(eventsFor(h, r.ref, 'refund.succeeded')).toHaveLength(1));
  });
});
