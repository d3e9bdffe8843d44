// Builds the provider adapters: the real ones where variables are set, otherwise the same adapters
// pointed at our own sandbox (`<sandboxBaseUrl>/sandbox/<provider>`), never in production.
import type { Db } from '../../db/client.ts';
import type { PaymentsConfig } from './config.ts';
import { createMpesaProvider } from './mpesa/adapter.ts';
import { createPawapayProvider } from './pawapay/adapter.ts';
import type { PaymentProvider, ProviderName } from './provider.ts';
import { sandboxCredentials } from './sandbox/keys.ts';
import { createStripeProvider } from './stripe/adapter.ts';

export type Providers = {
  stripe?: PaymentProvider;
  mpesa?: PaymentProvider;
  pawapay?: PaymentProvider;
  /** The adapter for a provider name, or an error saying it is not configured. */
  get(name: ProviderName): PaymentProvider;
};

export async function createProviders(config: PaymentsConfig, opts: { db: Db; publicBaseUrl: string; sandboxBaseUrl?: string }): Promise<Providers> {
  const publicBaseUrl = opts.publicBaseUrl.replace(/\/+$/, '');
  const sandboxBase = (opts.sandboxBaseUrl ?? opts.publicBaseUrl).replace(/\/+$/, '');
  const needSandbox = config.sandboxEnabled && (!config.stripe || !config.mpesa || !config.pawapay);
  const creds = needSandbox ? await sandboxCredentials(opts.db) : null;
  const out: Providers = {
    get(name) {
      const p = out[name];
      if (!p) throw new Error(`payment provider ${name} is not configured`);
      return p;
    },
  };
  if (config.stripe) out.stripe = createStripeProvider({ db: opts.db, config: config.stripe, sandbox: false, publicBaseUrl });
  else if (creds) {
    out.stripe = createStripeProvider({
      db: opts.db,
      sandbox: true,
      publicBaseUrl,
      config: { secretKey: creds.stripe.secretKey, webhookSecret: creds.stripe.webhookSecret, apiBase: `${sandboxBase}/sandbox/stripe` },
    });
  }
  if (config.mpesa) out.mpesa = createMpesaProvider({ db: opts.db, config: config.mpesa, sandbox: false, publicBaseUrl });
  else if (creds) {
    const m = creds.mpesa;
    out.mpesa = createMpesaProvider({
      db: opts.db,
      sandbox: true,
      publicBaseUrl,
      config: {
        consumerKey: m.consumerKey,
        consumerSecret: m.consumerSecret,
        shortcode: m.shortcode,
        passkey: m.passkey,
        apiBase: `${sandboxBase}/sandbox/mpesa`,
        transactionType: 'CustomerPayBillOnline',
        b2c: { shortcode: m.b2cShortcode, initiatorName: m.initiatorName, securityCredential: m.securityCredential, commandId: 'BusinessPayment' },
      },
    });
  }
  if (config.pawapay) out.pawapay = createPawapayProvider({ db: opts.db, config: config.pawapay, sandbox: false });
  else if (creds) {
    out.pawapay = createPawapayProvider({
      db: opts.db,
      sandbox: true,
      config: { apiToken: creds.pawapay.apiToken, apiBase: `${sandboxBase}/sandbox/pawapay`, requireSignedCallbacks: true },
    });
  }
  return out;
}
