// pawaPay v2 through the sandbox: deposits with RFC 9421 signed callbacks verified (and tampered ones
// refused with nothing stored), each outcome, payouts, full and partial refunds, amount formats.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerEvents } from '../../db/schema/payments.ts';
import { contentDigest, signRequest, verifySignedRequest } from '../../server/payments/pawapay/signatures.ts';
import { sandboxCredentials } from '../../server/payments/sandbox/keys.ts';
import { getObject } from '../../server/payments/sandbox/store.ts';
import { eventsFor, type PaymentsHarness, startPaymentsHarness } from './harness.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsHarness();
});
afterAll(async () => {
  await h?.close();
});

const cdf = (francs: number) => ({ currency: 'CDF', minor: BigInt(francs) * 100n });

async function stored(): Promise<number> {
  const [r] = await h.db.select({ n: count() }).from(providerEvents);
  return r.n;
}

describe('RFC 9421 signatures', () => {
  it('signs and verifies, and notices any change to body, path or signature', async () => {
    const { publicKeyPem, privateKeyPem } = (await sandboxCredentials(h.db)).pawapay;
    const body = '{"depositId":"x","status":"COMPLETED"}';
    const headers = signRequest(
      { method: 'POST', url: 'https://api.example.org/webhooks/mobilemoney/pawapay', headers: { 'content-type': 'application/json' }, body },
      { keyId: 'k1', privateKeyPem },
    );
    expect(headers['content-digest']).toBe(contentDigest(body));
    expect(headers['signature-input']).toMatch(
      /^sig-pp=\("@method" "@authority" "@path" "signature-date" "content-digest" "content-type"\);alg="ecdsa-p256-sha256";keyid="k1";created=\d+;expires=\d+$/,
    );
    const req = { method: 'POST', authority: 'api.example.org', path: '/webhooks/mobilemoney/pawapay', headers, body: Buffer.from(body) };
    const lookup = async (id: string) => (id === 'k1' ? publicKeyPem : undefined);
    expect(await verifySignedRequest(req, lookup)).toEqual({ ok: true, keyid: 'k1' });
    expect(await verifySignedRequest({ ...req, body: Buffer.from(body.replace('COMPLETED', 'FAILED')) }, lookup)).toMatchObject({
      ok: false,
      reason: /content-digest/,
    });
    expect(await verifySignedRequest({ ...req, path: '/elsewhere' }, lookup)).toMatchObject({ ok: false, reason: /does not verify/ });
    expect(await verifySignedRequest({ ...req, authority: 'evil.example.org' }, lookup)).toMatchObject({ ok: false });
    expect(await verifySignedRequest(req, async () => undefined)).toMatchObject({ ok: false, reason: /keyid/ });
  });
});

describe('pawaPay deposits', () => {
  it('DRC Vodacom M-Pesa deposit: pending prompt → success → signed callback verified → one event', async () => {
    const pawapay = h.providers.get('pawapay');
    const init = await pawapay.collect({
      amount: cdf(25000),
      phone: '+243810001122',
      network: 'VODACOM_MPESA_COD',
      description: 'Likelemba T4',
      metadata: { contributionId: 'ctr_1044' },
    });
    expect(init).toMatchObject({ status: 'accepted', provider: 'pawapay' });
    const deposit = await getObject(h.db, 'pawapay', init.status === 'rejected' ? '' : (init.providerRef ?? ''));
    expect(deposit).toMatchObject({
      amount: '25000',
      currency: 'CDF',
      clientReferenceId: init.ref,
      payer: { accountDetails: { phoneNumber: '243810001122', provider: 'VODACOM_MPESA_COD' } },
    });
    // Same ref again: pawaPay ignores the duplicate UUID.
    expect(
      (await pawapay.collect({ ref: init.ref, amount: cdf(25000), phone: '+243810001122', network: 'VODACOM_MPESA_COD', description: 'Likelemba T4' })).status,
    ).toBe('duplicate');
    expect(await h.pending()).toContainEqual(
      expect.objectContaining({ ref: init.ref, provider: 'pawapay', kind: 'collection', phone: '+243810001122', amount_minor: 2500000, currency: 'CDF' }),
    );
    await h.complete(init.ref, { outcome: 'duplicated', copies: 5 });
    await vi.waitFor(() => expect(eventsFor(h, init.ref)).toHaveLength(1));
    expect(eventsFor(h, init.ref)[0]).toMatchObject({ type: 'collection.succeeded', amount: cdf(25000), failure: null });
    expect(eventsFor(h, init.ref)[0].details.receipt).toMatch(/^PP/);
    expect(await pawapay.status(init.ref)).toMatchObject({ state: 'succeeded', amount: cdf(25000) });
  });

  it('predicts the provider from a Tanzanian number, and reports each failure outcome', async () => {
    const pawapay = h.providers.get('pawapay');
    for (const [outcome, code] of [
      ['insufficient_funds', 'INSUFFICIENT_BALANCE'],
      ['cancelled', 'PAYMENT_NOT_APPROVED'],
      ['timeout', 'PAYMENT_NOT_APPROVED'],
      ['wrong_pin', 'PAYMENT_NOT_APPROVED'],
    ]) {
      const init = await pawapay.collect({ amount: { currency: 'TZS', minor: 1500000n }, phone: '+255744556677', description: 'Mchango' });
      expect(init.status).toBe('accepted');
      await h.complete(init.ref, { outcome });
      await vi.waitFor(() => expect(eventsFor(h, init.ref)).toHaveLength(1));
      expect(eventsFor(h, init.ref)[0]).toMatchObject({ type: 'collection.failed', failure: { code } });
    }
  });

  it('refuses a tampered or unsigned callback with 401 and stores nothing', async () => {
    const pawapay = h.providers.get('pawapay');
    const init = await pawapay.collect({ amount: { currency: 'UGX', minor: 50000n }, phone: '+256772000111', description: 'Round 3' });
    if (init.status === 'rejected') throw new Error('rejected');
    const creds = (await sandboxCredentials(h.db)).pawapay;
    const url = `${h.base}/webhooks/mobilemoney/pawapay`;
    const body = JSON.stringify({ depositId: init.providerRef, status: 'COMPLETED', amount: '50000', currency: 'UGX', clientReferenceId: init.ref });
    const good = signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body },
      { keyId: creds.keyId, privateKeyPem: creds.privateKeyPem },
    );
    const before = await stored();
    const post = (b: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body: b });
    // Body changed after signing.
    const tampered = await post(body.replace('50000', '5000000'), good);
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).error).toMatch(/content-digest/);
    // Body and digest changed, signature kept.
    const redigested = { ...good, 'content-digest': contentDigest(body.replace('50000', '5000000')) };
    expect((await post(body.replace('50000', '5000000'), redigested)).status).toBe(401);
    // Signed by someone else's key.
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, { keyId: creds.keyId, privateKeyPem: other });
    expect((await post(body, forged)).status).toBe(401);
    // Not signed at all.
    expect((await post(body, { 'content-type': 'application/json' })).status).toBe(401);
    expect(await stored()).toBe(before);
    expect(eventsFor(h, init.ref)).toHaveLength(0);
    // The correctly signed one is accepted.
    expect((await post(body, good)).status).toBe(200);
    expect(eventsFor(h, init.ref)).toHaveLength(1);
    expect(eventsFor(h, init.ref)[0].amount).toEqual({ currency: 'UGX', minor: 50000n });
  });

  it('rejects amounts and currencies the provider cannot take', async () => {
    const pawapay = h.providers.get('pawapay');
    expect(
      await pawapay.collect({ amount: { currency: 'USD', minor: 1000n }, phone: '+243810001122', network: 'VODACOM_MPESA_COD', description: 'X' }),
    ).toMatchObject({
      status: 'rejected',
      failure: { code: 'INVALID_CURRENCY' },
    });
  });
});

describe('pawaPay payouts and refunds', () => {
  it('pays out to Tigo Tanzania: pending disbursement → success → disbursement.succeeded', async () => {
    const out = await h.providers
      .get('pawapay')
      .disburse({ amount: { currency: 'TZS', minor: 15000000n }, phone: '+255714556677', network: 'TIGO_TZA', description: 'Malipo ya kikundi' });
    expect(out.status).toBe('accepted');
    expect(await h.pending()).toContainEqual(
      expect.objectContaining({ ref: out.ref, provider: 'pawapay', kind: 'disbursement', amount_minor: 15000000, currency: 'TZS' }),
    );
    await h.complete(out.ref, { outcome: 'success' });
    await vi.waitFor(() => expect(eventsFor(h, out.ref)).toHaveLength(1));
    expect(eventsFor(h, out.ref)[0]).toMatchObject({ type: 'disbursement.succeeded', amount: { currency: 'TZS', minor: 15000000n } });
    const failed = await h.providers
      .get('pawapay')
      .disburse({ amount: { currency: 'TZS', minor: 100000n }, phone: '+255714556677', network: 'TIGO_TZA', description: 'Malipo' });
    await h.complete(failed.ref, { outcome: 'insufficient_funds' });
    await vi.waitFor(() => expect(eventsFor(h, failed.ref)).toHaveLength(1));
    expect(eventsFor(h, failed.ref)[0].type).toBe('disbursement.failed');
  });

  it('refunds a completed deposit partly, then the rest, then refuses more', async () => {
    const pawapay = h.providers.get('pawapay');
    const init = await pawapay.collect({ amount: cdf(10000), phone: '+243990001122', network: 'AIRTEL_COD', description: 'Likelemba' });
    await h.complete(init.ref, { outcome: 'success' });
    await vi.waitFor(() => expect(eventsFor(h, init.ref)).toHaveLength(1));
    const part = await pawapay.refund({ paymentRef: init.ref, amount: cdf(4000) });
    expect(part.status).toBe('accepted');
    await vi.waitFor(() => expect(eventsFor(h, part.ref, 'refund.succeeded')).toHaveLength(1));
    expect(eventsFor(h, part.ref)[0].amount).toEqual(cdf(4000));
    const rest = await pawapay.refund({ paymentRef: init.ref });
    expect(rest.status).toBe('accepted');
    await vi.waitFor(() => expect(eventsFor(h, rest.ref, 'refund.succeeded')).toHaveLength(1));
    expect(eventsFor(h, rest.ref)[0].amount).toEqual(cdf(6000));
    expect(await pawapay.refund({ paymentRef: init.ref, amount: cdf(1) })).toMatchObject({ status: 'rejected', failure: { code: 'DEPOSIT_ALREADY_REFUNDED' } });
    expect(await pawapay.status(rest.ref)).toMatchObject({ state: 'succeeded' });
  });
});
