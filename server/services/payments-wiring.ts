// Wires the payments side into the runtime: provider adapters (real where configured, sandboxes
// otherwise and never in production), the webhook and sandbox routes, the callback → ledger handler,
// the PaymentServices port for tools, and the timed jobs (payout release/disbursement, refunds,
// reconciliation).
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { createIdFactory } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import type { PaymentServices } from '../../tools/services.ts';
import type { Logger } from '../log.ts';
import { createBatchApplier } from '../payments/callback-batch.ts';
import { type CallbackBatcher, createCallbackBatcher } from '../payments/callback-batcher.ts';
import { loadPaymentsConfig, type PaymentsConfig } from '../payments/config.ts';
import { createProviders, type Providers } from '../payments/providers.ts';
import { sandboxPaymentsPlugin } from '../payments/sandbox/plugin.ts';
import { applySingle, paymentsPlugin } from '../payments/webhooks.ts';
import { createPaymentServices } from './payments.ts';
import type { PaymentsDeps } from './payments-common.ts';
import { createPaymentEventHandler, type PaymentEventHandler } from './payments-events.ts';
import { reconcile } from './payments-reconcile.ts';
import { disburseDue, executeApprovedRefunds, releaseDuePayouts } from './payouts.ts';

export type PaymentsModule = {
  config: PaymentsConfig;
  providers: Providers;
  deps: PaymentsDeps;
  services: PaymentServices;
  handler: PaymentEventHandler;
  plugin: (app: FastifyInstance) => Promise<void>;
  /** Group commit for collection callbacks (absent with PAYMENTS_CALLBACK_BATCH=0). */
  batcher?: CallbackBatcher;
  sweeps: Array<{ name: string; run(now: Date): Promise<void> }>;
};

export async function createPaymentsModule(x: {
  db: Db;
  pii: PiiCipher;
  clock: Clock;
  log: Logger;
  deliver: (ids: string[]) => void;
  publicBaseUrl: string;
  nodeEnv: string;
  env?: Record<string, string | undefined>;
  /** Card disputes (`dispute.*` events) go to the disputes side (issue 6) when given. */
  onDisputeEvent?: PaymentEventHandler;
}): Promise<PaymentsModule> {
  const env: Record<string, string | undefined> = { ...(x.env ?? process.env), NODE_ENV: x.nodeEnv };
  const config = loadPaymentsConfig(env);
  const providers = await createProviders(config, { db: x.db, publicBaseUrl: x.publicBaseUrl });
  const deps: PaymentsDeps = {
    db: x.db,
    pii: x.pii,
    clock: x.clock,
    providers,
    ledger: { clock: x.clock, ids: createIdFactory() },
    log: x.log.child({ component: 'payments' }),
    deliver: x.deliver,
    publicBaseUrl: x.publicBaseUrl,
  };
  const paymentHandler = createPaymentEventHandler(deps);
  const onDispute = x.onDisputeEvent;
  const handler: PaymentEventHandler = onDispute ? (tx, e) => (e.type.startsWith('dispute.') ? onDispute(tx, e) : paymentHandler(tx, e)) : paymentHandler;
  // Collection callbacks share transactions (group commit); PAYMENTS_CALLBACK_BATCH=0 turns it off.
  const batcher =
    env.PAYMENTS_CALLBACK_BATCH === '0'
      ? undefined
      : createCallbackBatcher(
          {
            db: x.db,
            apply: createBatchApplier({ pii: x.pii, clock: x.clock, ledger: deps.ledger, onProviderEvent: handler }),
            single: (ev) => applySingle(x.db, handler, [ev]),
            afterCommit: x.deliver,
            onFallback: (err, size) => deps.log.warn({ err: String(err), size }, 'callback batch rolled back; its callbacks run alone'),
          },
          {
            batch_max: env.PAYMENTS_CALLBACK_BATCH_MAX ? Number(env.PAYMENTS_CALLBACK_BATCH_MAX) : undefined,
            inflight_max: env.PAYMENTS_CALLBACK_BATCH_INFLIGHT ? Number(env.PAYMENTS_CALLBACK_BATCH_INFLIGHT) : undefined,
          },
        );
  // The sandbox answers payout prompts by itself in development (the simulator has no one to answer them);
  // tests answer them through /sandbox/payments/:ref/complete.
  const autoPayoutMs = env.SANDBOX_PAYOUT_AUTOCOMPLETE_MS ? Number(env.SANDBOX_PAYOUT_AUTOCOMPLETE_MS) : x.nodeEnv === 'development' ? 3000 : undefined;
  return {
    config,
    providers,
    deps,
    services: createPaymentServices(deps),
    handler,
    batcher,
    async plugin(app) {
      if (config.sandboxEnabled)
        await app.register(sandboxPaymentsPlugin, { db: x.db, publicBaseUrl: x.publicBaseUrl, autoCompleteDisbursementsMs: autoPayoutMs });
      await app.register(paymentsPlugin, {
        db: x.db,
        config,
        publicBaseUrl: x.publicBaseUrl,
        providers,
        onProviderEvent: handler,
        afterCommit: x.deliver,
        batcher,
      });
      if (batcher) app.addHook('onClose', () => batcher.drain());
    },
    sweeps: [
      {
        name: 'payments-payouts',
        async run(now) {
          await releaseDuePayouts(deps, now);
          await disburseDue(deps, now);
        },
      },
      { name: 'payments-refunds', run: async () => void (await executeApprovedRefunds(deps)) },
      { name: 'payments-reconcile', run: async (now) => void (await reconcile(deps, handler, now)) },
    ],
  };
}
