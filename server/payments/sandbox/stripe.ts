// Stripe sandbox: a stateful emulator of the v1 endpoints our adapter calls (form-encoded requests,
// Stripe object shapes, Idempotency-Key replay), a hosted Checkout page, test hooks for disputes,
// and webhooks signed exactly like Stripe's (t=…,v1=HMAC-SHA256 of "t.body" with the whsec).
import { createHmac, randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import qs from 'qs';
import type { Db } from '../../../db/client.ts';
import type { SandboxCredentials } from './keys.ts';
import {
  addPending,
  closePending,
  type Delivery,
  deliver,
  getObject,
  idempotent,
  type Outcome,
  postCallback,
  putObject,
  type Send,
  unixNow,
  updateObject,
} from './store.ts';

type Obj = Record<string, any>;
export type StripeSandboxContext = { db: Db; creds: SandboxCredentials; publicBaseUrl: string; log: (m: string) => void };

const API_VERSION = '2026-07-29.dahlia';
const id = (prefix: string) => `${prefix}_sb${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

function stripeError(reply: FastifyReply, status: number, type: string, message: string, param?: string, code?: string) {
  return reply.code(status).send({ error: { type, message, ...(param ? { param } : {}), ...(code ? { code } : {}) } });
}

/** Signs a payload like Stripe: `t=<unix>,v1=<hex hmac-sha256 of "t.payload" keyed by the whole whsec>`. */
export function stripeSignatureHeader(payload: string, secret: string, t = unixNow()): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}

/** Records an event and returns a sender that signs afresh on every delivery (as Stripe does). */
async function event(ctx: StripeSandboxContext, type: string, object: Obj): Promise<Send> {
  const evt = {
    id: id('evt'),
    object: 'event',
    api_version: API_VERSION,
    created: unixNow(),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
  await putObject(ctx.db, 'stripe', evt.id, 'event', evt);
  const payload = JSON.stringify(evt, null, 2);
  return async () => {
    await postCallback(
      `${ctx.publicBaseUrl}/webhooks/stripe`,
      payload,
      {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': stripeSignatureHeader(payload, ctx.creds.stripe.webhookSecret),
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      ctx.log,
    );
  };
}

const int = (v: unknown): number | undefined => (v === undefined || v === '' ? undefined : Number.parseInt(String(v), 10));

export async function stripeSandbox(app: FastifyInstance, ctx: StripeSandboxContext): Promise<void> {
  await app.register(formbody, { parser: (s: string) => qs.parse(s, { depth: 10, arrayLimit: 100 }) as Record<string, unknown> });
  const { db } = ctx;

  app.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/sandbox/stripe/v1/')) return;
    const auth = String(req.headers.authorization ?? '');
    if (!/^Bearer sk_test_\S+$/.test(auth)) return stripeError(reply, 401, 'invalid_request_error', 'Invalid API Key provided');
  });

  /** POST with Stripe idempotency semantics (replay the first answer, refuse a changed request). */
  function post(path: string, handler: (body: Obj, req: FastifyRequest) => Promise<{ status: number; body: Obj }>) {
    app.post(`/sandbox/stripe/v1${path}`, async (req, reply) => {
      const body = (req.body ?? {}) as Obj;
      const key = req.headers['idempotency-key'] as string | undefined;
      const res = await idempotent(db, 'stripe', key, { path: req.url, body }, () => handler(body, req));
      if (res.conflict) {
        return stripeError(
          reply,
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (res.replayed) reply.header('idempotent-replayed', 'true');
      reply.header('request-id', id('req'));
      return reply.code(res.status).send(res.body);
    });
  }
  function get(path: string, type: string) {
    app.get<{ Params: { id: string } }>(`/sandbox/stripe/v1${path}`, async (req, reply) => {
      const o = await getObject(db, 'stripe', req.params.id);
      if (!o || o.object !== type) return stripeError(reply, 404, 'invalid_request_error', `No such ${type}: '${req.params.id}'`, 'id', 'resource_missing');
      return o;
    });
  }
  const bad = (message: string, param?: string) => ({ status: 400, body: { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } } });

  post('/checkout/sessions', async (b) => {
    const item = b.line_items?.[0];
    const pd = item?.price_data;
    const amount = int(pd?.unit_amount);
    if (b.mode !== 'payment') return bad('Only mode=payment is supported by the sandbox', 'mode');
    if (!pd || amount === undefined || !pd.currency) return bad('line_items[0][price_data] with unit_amount and currency is required', 'line_items');
    if (!b.success_url) return bad('Missing required param: success_url.', 'success_url');
    const quantity = int(item.quantity) ?? 1;
    const sid = id('cs_test');
    const session = {
      id: sid,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amount * quantity,
      amount_total: amount * quantity,
      currency: String(pd.currency).toLowerCase(),
      client_reference_id: b.client_reference_id ?? null,
      customer: null,
      customer_email: b.customer_email ?? null,
      customer_details: null,
      metadata: b.metadata ?? {},
      payment_intent: null,
      url: `${ctx.publicBaseUrl}/sandbox/stripe/checkout/${sid}`,
      success_url: b.success_url,
      cancel_url: b.cancel_url ?? null,
      expires_at: unixNow() + 24 * 3600,
      created: unixNow(),
      livemode: false,
      line_items_name: pd.product_data?.name ?? '',
      payment_intent_data: b.payment_intent_data ?? {},
    };
    await putObject(db, 'stripe', sid, 'checkout.session', session);
    const meta = session.metadata as Obj;
    await addPending(db, {
      ref: meta.likelemba_ref ?? sid,
      provider: 'stripe',
      kind: 'collection',
      objectId: sid,
      phone: meta.phone ?? null,
      amountMinor: BigInt(session.amount_total),
      currency: session.currency.toUpperCase(),
    });
    return { status: 200, body: publicSession(session) };
  });
  app.get<{ Params: { id: string } }>('/sandbox/stripe/v1/checkout/sessions/:id', async (req, reply) => {
    const s = await getObject(db, 'stripe', req.params.id);
    if (s?.object !== 'checkout.session')
      return stripeError(reply, 404, 'invalid_request_error', `No such checkout.session: '${req.params.id}'`, 'id', 'resource_missing');
    return publicSession(s);
  });
  get('/payment_intents/:id', 'payment_intent');
  get('/charges/:id', 'charge');
  get('/refunds/:id', 'refund');
  get('/transfers/:id', 'transfer');
  get('/disputes/:id', 'dispute');

  post('/refunds', async (b) => {
    let pi: Obj | undefined;
    if (b.payment_intent) pi = await getObject(db, 'stripe', b.payment_intent);
    else if (b.charge) {
      const ch = await getObject(db, 'stripe', b.charge);
      if (ch) pi = await getObject(db, 'stripe', ch.payment_intent);
    }
    if (pi?.object !== 'payment_intent') return bad(`No such payment_intent: '${b.payment_intent ?? b.charge}'`, 'payment_intent');
    if (pi.status !== 'succeeded') return bad('This PaymentIntent does not have a successful charge to refund.', 'payment_intent');
    const rid = id('re');
    let refund: Obj | undefined;
    let error: { status: number; body: Obj } | undefined;
    const charge = await updateObject(db, 'stripe', pi.latest_charge, (ch) => {
      const remaining = ch.amount - ch.amount_refunded;
      const amount = int(b.amount) ?? remaining;
      if (amount <= 0 || amount > remaining) {
        error = bad(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount');
        return ch;
      }
      refund = {
        id: rid,
        object: 'refund',
        amount,
        charge: ch.id,
        payment_intent: pi.id,
        currency: ch.currency,
        status: 'succeeded',
        reason: b.reason ?? null,
        failure_reason: null,
        metadata: b.metadata ?? {},
        created: unixNow(),
      };
      ch.amount_refunded += amount;
      ch.refunded = ch.amount_refunded === ch.amount;
      ch.refunds = { object: 'list', data: [refund, ...(ch.refunds?.data ?? [])], has_more: false, url: `/v1/charges/${ch.id}/refunds` };
      return ch;
    });
    if (error || !refund || !charge) return error ?? bad('charge missing');
    await putObject(db, 'stripe', rid, 'refund', refund);
    // Stripe sends webhooks asynchronously, after the API call has answered.
    const sends = [await event(ctx, 'refund.created', refund), await event(ctx, 'charge.refunded', charge)];
    setImmediate(() => void deliver(sends, { mode: 'normal', copies: 1, delayMs: 0 }).catch(() => {}));
    return { status: 200, body: refund };
  });

  post('/transfers', async (b) => {
    const amount = int(b.amount);
    if (!amount || !b.currency) return bad('Missing required param: amount.', 'amount');
    if (!/^acct_/.test(String(b.destination ?? ''))) return bad('Missing required param: destination.', 'destination');
    if (String(b.destination).includes('missing'))
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such destination: '${b.destination}'`, param: 'destination' } },
      };
    const transfer = {
      id: id('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      currency: String(b.currency).toLowerCase(),
      destination: b.destination,
      description: b.description ?? null,
      metadata: b.metadata ?? {},
      reversed: false,
      transfer_group: b.transfer_group ?? null,
      source_transaction: b.source_transaction ?? null,
      created: unixNow(),
      livemode: false,
    };
    await putObject(db, 'stripe', transfer.id, 'transfer', transfer);
    const send = await event(ctx, 'transfer.created', transfer);
    setImmediate(() => void send().catch(() => {}));
    return { status: 200, body: transfer };
  });

  // Hosted Checkout page for sandbox links: Pay / Decline.
  app.get<{ Params: { id: string } }>('/sandbox/stripe/checkout/:id', async (req, reply) => {
    const s = await getObject(db, 'stripe', req.params.id);
    if (s?.object !== 'checkout.session') return reply.code(404).type('text/html').send('<p>Unknown checkout session</p>');
    const amount = `${(s.amount_total / 10 ** (ZERO.has(s.currency) ? 0 : 2)).toFixed(ZERO.has(s.currency) ? 0 : 2)} ${String(s.currency).toUpperCase()}`;
    const open = s.status === 'open' && s.payment_status !== 'paid';
    const esc = (x: string) => x.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    reply
      .type('text/html')
      .send(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sandbox checkout</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem">
<p style="color:#b45309">Sandbox — no real card is charged.</p>
<h1>${esc(String(s.line_items_name || 'Payment'))}</h1><p style="font-size:1.5rem"><strong>${esc(amount)}</strong></p>
${
  open
    ? `<form method="post" action="/sandbox/stripe/checkout/${s.id}/pay"><button name="outcome" value="success" style="font-size:1.2rem;padding:.6rem 2rem">Pay</button></form>
<form method="post" action="/sandbox/stripe/checkout/${s.id}/pay" style="margin-top:1rem"><button name="outcome" value="insufficient_funds">Decline (insufficient funds)</button></form>
<form method="post" action="/sandbox/stripe/checkout/${s.id}/pay" style="margin-top:.5rem"><button name="outcome" value="cancelled">Cancel</button></form>`
    : `<p>This session is ${esc(s.status)} (${esc(s.payment_status)}).</p>`
}
</body></html>`);
  });
  app.post<{ Params: { id: string }; Body: { outcome?: string } }>('/sandbox/stripe/checkout/:id/pay', async (req, reply) => {
    const outcome = (req.body?.outcome ?? 'success') as Outcome;
    const s = await getObject(db, 'stripe', req.params.id);
    if (!s) return reply.code(404).send({ error: 'unknown session' });
    await closePending(db, (s.metadata as Obj)?.likelemba_ref ?? s.id, outcome);
    await completeStripeSession(ctx, s.id, outcome, { mode: 'normal', copies: 1, delayMs: 0 });
    const next = outcome === 'success' ? String(s.success_url).replace('{CHECKOUT_SESSION_ID}', s.id) : (s.cancel_url ?? s.success_url);
    return reply.redirect(next, 303);
  });

  // Test hooks: open and close disputes on a paid PaymentIntent.
  app.post<{ Body: { payment_intent: string; reason?: string } }>('/sandbox/stripe/test/disputes', async (req, reply) => {
    const pi = await getObject(db, 'stripe', req.body?.payment_intent ?? '');
    if (pi?.status !== 'succeeded') return reply.code(400).send({ error: 'payment_intent must be a succeeded PaymentIntent' });
    const dispute = {
      id: id('dp'),
      object: 'dispute',
      amount: pi.amount_received,
      currency: pi.currency,
      charge: pi.latest_charge,
      payment_intent: pi.id,
      reason: req.body.reason ?? 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      evidence_details: { due_by: unixNow() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
      metadata: {},
      created: unixNow(),
      livemode: false,
    };
    await putObject(db, 'stripe', dispute.id, 'dispute', dispute);
    await (await event(ctx, 'charge.dispute.created', dispute))();
    return dispute;
  });
  app.post<{ Params: { id: string }; Body: { status: 'won' | 'lost' | 'under_review' } }>('/sandbox/stripe/test/disputes/:id/close', async (req, reply) => {
    const status = req.body?.status ?? 'won';
    const d = await updateObject(db, 'stripe', req.params.id, (o) => {
      o.status = status;
    });
    if (!d) return reply.code(404).send({ error: 'unknown dispute' });
    await (await event(ctx, status === 'under_review' ? 'charge.dispute.updated' : 'charge.dispute.closed', d))();
    return d;
  });
}

const ZERO = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

function publicSession(s: Obj): Obj {
  const { line_items_name: _n, payment_intent_data: _p, ...rest } = s;
  return rest;
}

/**
 * The member answered the hosted page (or a test answered the prompt): create the PaymentIntent and
 * Charge, update the session, and send the events Stripe would send for that outcome.
 */
export async function completeStripeSession(ctx: StripeSandboxContext, sessionId: string, outcome: Outcome, delivery: Delivery): Promise<Obj> {
  const { db } = ctx;
  const s = await getObject(db, 'stripe', sessionId);
  if (!s) throw new Error(`unknown session ${sessionId}`);
  if (s.status !== 'open') return s;
  const pid = (s.payment_intent_data ?? {}) as Obj;
  const piId = s.payment_intent ?? id('pi');
  const chId = id('ch');
  const base = {
    id: piId,
    object: 'payment_intent',
    amount: s.amount_total,
    amount_capturable: 0,
    currency: s.currency,
    capture_method: 'automatic',
    confirmation_method: 'automatic',
    client_secret: `${piId}_secret_${randomBytes(8).toString('hex')}`,
    created: unixNow(),
    customer: null,
    description: pid.description ?? null,
    livemode: false,
    metadata: pid.metadata ?? {},
    next_action: null,
    payment_method: 'pm_sandbox_card',
    payment_method_types: ['card'],
    transfer_group: pid.transfer_group ?? null,
    transfer_data: null,
    on_behalf_of: null,
    application_fee_amount: null,
    canceled_at: null,
    cancellation_reason: null,
  };
  const sends: Send[] = [];
  if (outcome === 'success') {
    const pi = { ...base, status: 'succeeded', amount_received: s.amount_total, latest_charge: chId, last_payment_error: null };
    const charge = {
      id: chId,
      object: 'charge',
      amount: s.amount_total,
      amount_captured: s.amount_total,
      amount_refunded: 0,
      currency: s.currency,
      captured: true,
      disputed: false,
      paid: true,
      refunded: false,
      status: 'succeeded',
      payment_intent: piId,
      transfer_group: pid.transfer_group ?? null,
      metadata: {},
      refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${chId}/refunds` },
      created: unixNow(),
      livemode: false,
    };
    await putObject(db, 'stripe', chId, 'charge', charge);
    await putObject(db, 'stripe', piId, 'payment_intent', pi);
    const session = await updateObject(db, 'stripe', sessionId, (o) => {
      o.status = 'complete';
      o.payment_status = 'paid';
      o.payment_intent = piId;
      o.customer_details = { email: o.customer_email ?? 'member@example.org', name: 'Sandbox Member', phone: o.metadata?.phone ?? null };
    });
    sends.push(await event(ctx, 'charge.succeeded', charge));
    sends.push(await event(ctx, 'payment_intent.succeeded', pi));
    sends.push(await event(ctx, 'checkout.session.completed', publicSession(session ?? s)));
  } else if (outcome === 'insufficient_funds' || outcome === 'wrong_pin') {
    const decline = outcome === 'insufficient_funds' ? 'insufficient_funds' : 'incorrect_cvc';
    const pi = {
      ...base,
      status: 'requires_payment_method',
      amount_received: 0,
      latest_charge: chId,
      last_payment_error: {
        type: 'card_error',
        code: outcome === 'wrong_pin' ? 'incorrect_cvc' : 'card_declined',
        decline_code: decline,
        message: outcome === 'wrong_pin' ? "Your card's security code is incorrect." : 'Your card has insufficient funds.',
      },
    };
    await putObject(db, 'stripe', piId, 'payment_intent', pi);
    // The session stays open: the member may try another card.
    await updateObject(db, 'stripe', sessionId, (o) => {
      o.payment_intent = piId;
    });
    sends.push(await event(ctx, 'payment_intent.payment_failed', pi));
  } else {
    const session = await updateObject(db, 'stripe', sessionId, (o) => {
      o.status = 'expired';
    });
    sends.push(await event(ctx, 'checkout.session.expired', publicSession(session ?? s)));
  }
  await deliver(sends, delivery);
  return (await getObject(db, 'stripe', sessionId)) ?? s;
}
