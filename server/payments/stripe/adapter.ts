// Stripe adapter on stripe-node: Checkout Sessions for contributions, Connect transfers for payouts,
// refunds, status reads, and webhook verification (raw body, STRIPE_WEBHOOK_SECRET) into ProviderEvents.
import Stripe from 'stripe';
import type { Db } from '../../../db/client.ts';
import type { StripeConfig } from '../config.ts';
import { newId } from '../ids.ts';
import type {
  CollectionRequest,
  DisbursementRequest,
  Failure,
  InitResult,
  PaymentProvider,
  PaymentStatus,
  RawWebhook,
  RefundRequest,
  VerifiedEvent,
} from '../provider.ts';
import { WebhookRejected } from '../provider.ts';
import { findPaymentByProviderRef, getPaymentRecord, insertPaymentRecord, updatePaymentRecord } from '../records.ts';
import { fromStripeAmount, toStripeAmount } from './amounts.ts';

/** Metadata key carrying our ref on every Stripe object we create. */
export const REF_KEY = 'likelemba_ref';

/** stripe-node pointed at `apiBase` (a stripe-mock-style URL; a path prefix such as /sandbox/stripe is kept). */
export function stripeClient(secretKey: string, apiBase?: string): Stripe {
  if (!apiBase) return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 });
  const u = new URL(apiBase);
  const prefix = u.pathname.replace(/\/+$/, '');
  const https = u.protocol === 'https:';
  return new Stripe(secretKey, {
    host: u.hostname,
    port: Number(u.port || (https ? 443 : 80)),
    protocol: https ? 'https' : 'http',
    maxNetworkRetries: 0,
    timeout: 20_000,
    // stripe-node has no base-path option: prefix the path on the way out.
    ...(prefix
      ? {
          httpClient: Stripe.createFetchHttpClient((input: string | URL | Request, init?: RequestInit) => {
            const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
            url.pathname = prefix + url.pathname;
            return fetch(url, init);
          }),
        }
      : {}),
  });
}

export function createStripeProvider(opts: { db: Db; config: StripeConfig; sandbox: boolean; publicBaseUrl: string }): PaymentProvider {
  const { db, config } = opts;
  const stripe = stripeClient(config.secretKey, config.apiBase);

  async function collect(req: CollectionRequest): Promise<InitResult> {
    const ref = req.ref ?? newId('pay');
    const { amount, currency } = toStripeAmount(req.amount);
    const metadata = { ...(req.metadata ?? {}), [REF_KEY]: ref, ...(req.phone ? { phone: req.phone } : {}) };
    const { created } = await insertPaymentRecord(db, { ref, provider: 'stripe', kind: 'collection', amount: req.amount, phone: req.phone, metadata });
    const base = opts.publicBaseUrl;
    try {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ price_data: { currency, unit_amount: amount, product_data: { name: req.description } }, quantity: 1 }],
          client_reference_id: ref,
          metadata,
          payment_intent_data: { metadata, ...(req.transferGroup ? { transfer_group: req.transferGroup } : {}) },
          ...(req.customerEmail ? { customer_email: req.customerEmail } : {}),
          success_url: req.successUrl ?? `${base}/payments/stripe/done?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: req.cancelUrl ?? `${base}/payments/stripe/cancelled`,
        },
        { idempotencyKey: `collect:${ref}` },
      );
      await updatePaymentRecord(db, ref, {
        providerRef: session.id,
        ...(typeof session.payment_intent === 'string' ? { altRef: session.payment_intent } : {}),
      });
      return { status: created ? 'accepted' : 'duplicate', ref, provider: 'stripe', providerRef: session.id, checkoutUrl: session.url ?? undefined };
    } catch (err) {
      return rejected(ref, err);
    }
  }

  async function disburse(req: DisbursementRequest): Promise<InitResult> {
    const ref = req.ref ?? newId('pout');
    if (!req.destinationAccount) {
      return {
        status: 'rejected',
        ref,
        provider: 'stripe',
        failure: { code: 'RECIPIENT_NOT_FOUND', reason: 'no Stripe connected account for this recipient' },
      };
    }
    const { amount, currency } = toStripeAmount(req.amount);
    const metadata = { ...(req.metadata ?? {}), [REF_KEY]: ref };
    const { created } = await insertPaymentRecord(db, { ref, provider: 'stripe', kind: 'disbursement', amount: req.amount, metadata });
    try {
      const transfer = await stripe.transfers.create(
        {
          amount,
          currency,
          destination: req.destinationAccount,
          description: req.description,
          metadata,
          ...(req.transferGroup ? { transfer_group: req.transferGroup } : {}),
        },
        { idempotencyKey: `transfer:${ref}` },
      );
      await updatePaymentRecord(db, ref, { providerRef: transfer.id });
      return { status: created ? 'accepted' : 'duplicate', ref, provider: 'stripe', providerRef: transfer.id };
    } catch (err) {
      return rejected(ref, err);
    }
  }

  async function refund(req: RefundRequest): Promise<InitResult> {
    const ref = req.ref ?? newId('rfd');
    const payment = await getPaymentRecord(db, req.paymentRef);
    if (payment?.provider !== 'stripe' || payment.kind !== 'collection') {
      return { status: 'rejected', ref, provider: 'stripe', failure: { code: 'INVALID_INPUT', reason: `no Stripe collection ${req.paymentRef}` } };
    }
    const amount = req.amount ?? { currency: payment.currency, minor: payment.amountMinor };
    const metadata = { ...(req.metadata ?? {}), [REF_KEY]: ref, payment_ref: payment.ref };
    const { created } = await insertPaymentRecord(db, { ref, provider: 'stripe', kind: 'refund', amount, parentRef: payment.ref, metadata });
    try {
      let pi = payment.altRef;
      if (!pi && payment.providerRef) {
        const session = await stripe.checkout.sessions.retrieve(payment.providerRef);
        pi = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
        if (pi) await updatePaymentRecord(db, payment.ref, { altRef: pi });
      }
      if (!pi) return { status: 'rejected', ref, provider: 'stripe', failure: { code: 'INVALID_INPUT', reason: 'the collection has no payment yet' } };
      const r = await stripe.refunds.create(
        { payment_intent: pi, amount: toStripeAmount(amount).amount, reason: 'requested_by_customer', metadata },
        { idempotencyKey: `refund:${ref}` },
      );
      await updatePaymentRecord(db, ref, { providerRef: r.id });
      return { status: created ? 'accepted' : 'duplicate', ref, provider: 'stripe', providerRef: r.id };
    } catch (err) {
      return rejected(ref, err);
    }
  }

  async function status(ref: string): Promise<PaymentStatus> {
    const rec = await getPaymentRecord(db, ref);
    if (rec?.provider !== 'stripe' || !rec.providerRef) return { state: 'not_found' };
    try {
      if (rec.kind === 'collection') {
        const s = await stripe.checkout.sessions.retrieve(rec.providerRef);
        if (s.payment_status === 'paid') {
          return {
            state: 'succeeded',
            amount: fromStripeAmount(s.amount_total ?? 0, s.currency ?? rec.currency),
            providerTransactionId: String(s.payment_intent ?? s.id),
          };
        }
        if (s.status === 'expired') return { state: 'failed', failure: { code: 'PAYMENT_NOT_APPROVED', reason: 'checkout session expired' } };
        return { state: 'pending' };
      }
      if (rec.kind === 'disbursement') {
        const t = await stripe.transfers.retrieve(rec.providerRef);
        if (t.reversed) return { state: 'failed', failure: { code: 'REVERSED', reason: 'transfer reversed' } };
        return { state: 'succeeded', amount: fromStripeAmount(t.amount, t.currency), providerTransactionId: t.id };
      }
      const r = await stripe.refunds.retrieve(rec.providerRef);
      if (r.status === 'succeeded') return { state: 'succeeded', amount: fromStripeAmount(r.amount, r.currency), providerTransactionId: r.id };
      if (r.status === 'failed' || r.status === 'canceled')
        return { state: 'failed', failure: { code: 'REFUND_FAILED', reason: r.failure_reason ?? r.status } };
      return { state: 'pending' };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) return { state: 'not_found' };
      throw err;
    }
  }

  async function verifyWebhook(req: RawWebhook): Promise<VerifiedEvent[]> {
    const header = req.headers['stripe-signature'];
    if (typeof header !== 'string' || !header) throw new WebhookRejected(401, 'missing Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(req.body, header, config.webhookSecret);
    } catch (err) {
      throw new WebhookRejected(401, `bad signature: ${(err as Error).message}`);
    }
    return normalizeStripeEvent(db, event);
  }

  return { name: 'stripe', sandbox: opts.sandbox, collect, disburse, refund, status, verifyWebhook };
}

function rejected(ref: string, err: unknown): InitResult {
  if (
    err instanceof Stripe.errors.StripeCardError ||
    err instanceof Stripe.errors.StripeInvalidRequestError ||
    err instanceof Stripe.errors.StripeIdempotencyError
  ) {
    return { status: 'rejected', ref, provider: 'stripe', failure: { code: 'INVALID_INPUT', reason: err.message, providerCode: err.code ?? err.type } };
  }
  throw err;
}

const DISPUTE_TYPES: Record<string, VerifiedEvent['type']> = {
  'charge.dispute.created': 'dispute.opened',
  'charge.dispute.updated': 'dispute.updated',
  'charge.dispute.funds_withdrawn': 'dispute.updated',
  'charge.dispute.funds_reinstated': 'dispute.updated',
  'charge.dispute.closed': 'dispute.closed',
};

async function rememberPaymentIntent(db: Db, ref: string, pi: string): Promise<void> {
  const rec = await getPaymentRecord(db, ref);
  if (rec && !rec.altRef) await updatePaymentRecord(db, ref, { altRef: pi });
}

/** Stripe event → normalized events (none for types we do not act on). */
export async function normalizeStripeEvent(db: Db, event: Stripe.Event): Promise<VerifiedEvent[]> {
  const base = { provider: 'stripe' as const, providerEventId: event.id, providerType: event.type, occurredAt: new Date(event.created * 1000), raw: event };
  const obj = event.data.object as unknown as Record<string, any>;
  const meta = (obj.metadata ?? {}) as Record<string, string>;
  const money = (amount: number | null | undefined, currency: string | null | undefined) =>
    amount != null && currency ? fromStripeAmount(amount, currency) : null;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const ref = meta[REF_KEY] ?? obj.client_reference_id ?? null;
      const pi = typeof obj.payment_intent === 'string' ? obj.payment_intent : (obj.payment_intent?.id ?? '');
      const paid = obj.payment_status === 'paid' || obj.payment_status === 'no_payment_required';
      // Fulfil only when paid; an async method completes `unpaid` and reports later. The payment intent id
      // is remembered either way (refunds and disputes find the payment by it): here when no event is
      // stored, otherwise by the store statement, in the callback's transaction.
      if (event.type === 'checkout.session.completed' && !paid) {
        if (ref && pi) await rememberPaymentIntent(db, ref, pi);
        return [];
      }
      const ok = event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded';
      const failure: Failure | null = ok
        ? null
        : event.type === 'checkout.session.expired'
          ? { code: 'PAYMENT_NOT_APPROVED', reason: 'checkout session expired unpaid', providerCode: 'expired' }
          : { code: 'PAYMENT_NOT_APPROVED', reason: 'asynchronous payment failed', providerCode: 'async_payment_failed' };
      return [
        {
          ...base,
          type: ok ? 'collection.succeeded' : 'collection.failed',
          ref,
          providerRef: obj.id,
          amount: money(obj.amount_total, obj.currency),
          failure,
          details: { ...meta, ...(pi ? { payment_intent: pi } : {}) },
          altRef: ref && pi ? pi : null,
        },
      ];
    }
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const ok = event.type === 'payment_intent.succeeded';
      const err = obj.last_payment_error as { code?: string; decline_code?: string; message?: string } | null;
      const providerCode = err?.decline_code ?? err?.code ?? 'payment_failed';
      const ref = meta[REF_KEY] ?? null;
      return [
        {
          ...base,
          type: ok ? 'collection.succeeded' : 'collection.failed',
          ref,
          providerRef: obj.id,
          amount: money(ok ? (obj.amount_received ?? obj.amount) : obj.amount, obj.currency),
          failure: ok ? null : { code: cardFailureCode(providerCode), reason: err?.message ?? 'payment failed', providerCode },
          details: { ...meta, payment_intent: obj.id, ...(obj.latest_charge ? { charge: String(obj.latest_charge) } : {}) },
          altRef: ref ? String(obj.id) : null,
        },
      ];
    }
    case 'charge.refunded': {
      // The Charge lists its refunds when expanded; otherwise find our pending refund of this payment.
      const refunds = ((obj.refunds?.data ?? []) as Array<Record<string, any>>).filter((r) => r.status === 'succeeded');
      const out: VerifiedEvent[] = [];
      for (const r of refunds) {
        out.push({
          ...base,
          providerEventId: `${event.id}:${r.id}`,
          type: 'refund.succeeded',
          ref: r.metadata?.[REF_KEY] ?? (await findPaymentByProviderRef(db, 'stripe', r.id))?.ref ?? null,
          providerRef: r.id,
          amount: money(r.amount, r.currency),
          failure: null,
          details: { charge: obj.id, payment_intent: String(obj.payment_intent ?? '') },
        });
      }
      if (out.length === 0) {
        out.push({
          ...base,
          type: 'refund.succeeded',
          ref: null,
          providerRef: obj.id,
          amount: money(obj.amount_refunded, obj.currency),
          failure: null,
          details: { charge: obj.id, payment_intent: String(obj.payment_intent ?? ''), note: 'refunds not expanded' },
        });
      }
      return out;
    }
    case 'refund.updated':
    case 'refund.failed': {
      if (obj.status !== 'failed' && obj.status !== 'canceled' && obj.status !== 'succeeded') return [];
      const ok = obj.status === 'succeeded';
      return [
        {
          ...base,
          type: ok ? 'refund.succeeded' : 'refund.failed',
          ref: meta[REF_KEY] ?? (await findPaymentByProviderRef(db, 'stripe', obj.id))?.ref ?? null,
          providerRef: obj.id,
          amount: money(obj.amount, obj.currency),
          failure: ok ? null : { code: 'REFUND_FAILED', reason: obj.failure_reason ?? obj.status, providerCode: obj.failure_reason ?? obj.status },
          details: { payment_intent: String(obj.payment_intent ?? '') },
        },
      ];
    }
    case 'transfer.created': {
      return [
        {
          ...base,
          type: 'disbursement.succeeded',
          ref: meta[REF_KEY] ?? null,
          providerRef: obj.id,
          amount: money(obj.amount, obj.currency),
          failure: null,
          details: { destination: String(obj.destination ?? '') },
        },
      ];
    }
    default: {
      const type = DISPUTE_TYPES[event.type];
      if (!type) return [];
      const pi = typeof obj.payment_intent === 'string' ? obj.payment_intent : (obj.payment_intent?.id ?? null);
      const payment = pi ? await findPaymentByProviderRef(db, 'stripe', pi) : undefined;
      return [
        {
          ...base,
          type,
          ref: payment?.ref ?? null,
          providerRef: obj.id,
          amount: money(obj.amount, obj.currency),
          failure: null,
          details: {
            status: String(obj.status ?? ''),
            reason: String(obj.reason ?? ''),
            charge: String(obj.charge ?? ''),
            ...(pi ? { payment_intent: pi } : {}),
          },
        },
      ];
    }
  }
}

function cardFailureCode(code: string): string {
  if (code === 'insufficient_funds') return 'INSUFFICIENT_BALANCE';
  if (code === 'expired_card' || code === 'incorrect_cvc' || code === 'incorrect_pin' || code === 'card_declined' || code === 'authentication_required')
    return 'PAYMENT_NOT_APPROVED';
  return 'PAYMENT_NOT_APPROVED';
}
