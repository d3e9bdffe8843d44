// Provider webhook routes (outside contract): POST /webhooks/stripe and POST /webhooks/mobilemoney/:provider.
// Verify on the raw bytes, store each verified event once, hand news to onProviderEvent in the same
// transaction, answer 200 once it has committed. A bad signature is a 401 and nothing is recorded.
// Single collection callbacks (Stripe, pawaPay, Daraja after its status query) go through the callback
// batcher when one is given (group commit: many callbacks, one transaction); the rest, one transaction each.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { StaleCaptureRead } from '../../db/payments/callback.ts';
import { batchable, type CallbackBatcher } from './callback-batcher.ts';
import type { PaymentsConfig } from './config.ts';
import type { OnProviderEvent, PaymentProvider, ProviderName, RawWebhook, VerifiedEvent } from './provider.ts';
import { WebhookRejected } from './provider.ts';
import { createProviders, type Providers } from './providers.ts';
import { recordProviderEvent } from './records.ts';

export type PaymentsPluginOptions = {
  db: Db;
  config: PaymentsConfig;
  publicBaseUrl: string;
  onProviderEvent: OnProviderEvent;
  /** Called after the transaction commits with what onProviderEvent returned (outbox ids to send now). */
  afterCommit?: (outboxIds: string[]) => void;
  /** Adapters already built with createProviders (built here when absent). */
  providers?: Providers;
  sandboxBaseUrl?: string;
  /** Group commit for single collection callbacks (its own afterCommit sends their messages). */
  batcher?: CallbackBatcher;
};

/** Path names under /webhooks/mobilemoney/:provider. Daraja's is `daraja`: it refuses URLs containing "mpesa". */
const MOBILE_MONEY: Record<string, ProviderName> = { daraja: 'mpesa', mpesa: 'mpesa', pawapay: 'pawapay' };

export async function paymentsPlugin(app: FastifyInstance, opts: PaymentsPluginOptions): Promise<void> {
  const providers =
    opts.providers ?? (await createProviders(opts.config, { db: opts.db, publicBaseUrl: opts.publicBaseUrl, sandboxBaseUrl: opts.sandboxBaseUrl }));

  await app.register(async (scope) => {
    // Raw bytes for every content type, only inside this scope: signatures are over the exact body.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

    async function handle(provider: PaymentProvider | undefined, req: FastifyRequest, reply: FastifyReply, ack: unknown) {
      if (!provider) return reply.code(404).send({ error: 'provider not configured' });
      const raw: RawWebhook = {
        method: req.method,
        url: req.url,
        host: String(req.headers[':authority'] ?? req.headers.host ?? ''),
        headers: req.headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        remoteIp: req.ip,
      };
      let events: VerifiedEvent[];
      try {
        events = await provider.verifyWebhook(raw);
      } catch (err) {
        if (err instanceof WebhookRejected) {
          req.log.warn({ provider: provider.name, reason: err.message }, 'webhook rejected');
          return reply.code(err.status).send({ error: err.message });
        }
        throw err;
      }
      if (opts.batcher && batchable(events)) {
        await opts.batcher.submit(events[0]);
      } else if (events.length > 0) {
        const out = await applySingle(opts.db, opts.onProviderEvent, events);
        if (out.length) opts.afterCommit?.(out);
      }
      return reply.code(200).send(ack);
    }

    scope.post('/webhooks/stripe', (req, reply) => handle(providers.stripe, req, reply, { received: true }));
    scope.post<{ Params: { provider: string } }>('/webhooks/mobilemoney/:provider', (req, reply) => {
      const name = MOBILE_MONEY[req.params.provider.toLowerCase()];
      const ack = name === 'mpesa' ? { ResultCode: 0, ResultDesc: 'Accepted' } : { received: true };
      return handle(name ? providers[name] : undefined, req, reply, ack);
    });
  });

  // Where Stripe Checkout sends the member back; the WhatsApp conversation carries on from the webhook.
  const page = (title: string, text: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></body></html>`;
  app.get('/payments/stripe/done', (_req, reply) =>
    reply.type('text/html').send(page('Payment received', 'Thank you. You can go back to WhatsApp; your receipt will arrive there.')),
  );
  app.get('/payments/stripe/cancelled', (_req, reply) =>
    reply.type('text/html').send(page('Payment cancelled', 'Nothing was charged. Go back to WhatsApp to try again.')),
  );
}

/** The ordinary path: the events of one callback stored and applied in a transaction of their own. */
export function applySingle(db: Db, onProviderEvent: OnProviderEvent, events: readonly VerifiedEvent[]): Promise<string[]> {
  return retryStale(() =>
    db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const ev of events) {
        const { event } = await recordProviderEvent(tx, ev);
        if (event) ids.push(...((await onProviderEvent(tx, event)) ?? []));
      }
      return ids;
    }),
  );
}

/**
 * Runs a callback transaction again (it rolled back whole) when it decided on a capture sum that a
 * concurrent capture of the same due changed; rare, and the retry reads the new sum.
 */
export async function retryStale<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof StaleCaptureRead) || i >= attempts) throw err;
    }
  }
}
