// Payment provider settings from the environment. A provider whose variables are unset is null,
// and then (outside production) its adapter is pointed at our built-in sandbox.
export type StripeConfig = { secretKey: string; webhookSecret: string; apiBase?: string };

export type MpesaConfig = {
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  apiBase: string;
  /** CustomerPayBillOnline (paybill) or CustomerBuyGoodsOnline (till; then `partyB` is the till). */
  transactionType: string;
  partyB?: string;
  b2c?: { shortcode: string; initiatorName: string; securityCredential: string; commandId: string };
};

export type PawapayConfig = {
  apiToken: string;
  apiBase: string;
  /** PEM of pawaPay's callback signing key; fetched from `/v2/public-key/http` when absent. */
  callbackPublicKey?: string;
  /** Refuse unsigned callbacks (default). When false, unsigned ones are confirmed by a status query. */
  requireSignedCallbacks: boolean;
  /** Sign our financial requests (RFC 9421) when the dashboard asks for it. */
  signing?: { keyId: string; privateKeyPem: string };
};

export type PaymentsConfig = {
  stripe: StripeConfig | null;
  mpesa: MpesaConfig | null;
  pawapay: PawapayConfig | null;
  /** Sandbox routes and sandbox-backed adapters; never in production. */
  sandboxEnabled: boolean;
};

type Env = Record<string, string | undefined>;

export function loadPaymentsConfig(env: Env = process.env): PaymentsConfig {
  const stripe =
    env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE || undefined }
      : null;
  const mpesa =
    env.MPESA_CONSUMER_KEY && env.MPESA_CONSUMER_SECRET && env.MPESA_SHORTCODE && env.MPESA_PASSKEY
      ? {
          consumerKey: env.MPESA_CONSUMER_KEY,
          consumerSecret: env.MPESA_CONSUMER_SECRET,
          shortcode: env.MPESA_SHORTCODE,
          passkey: env.MPESA_PASSKEY,
          apiBase: env.MPESA_API_BASE || 'https://sandbox.safaricom.co.ke',
          transactionType: env.MPESA_TRANSACTION_TYPE || 'CustomerPayBillOnline',
          partyB: env.MPESA_PARTY_B || undefined,
          b2c:
            env.MPESA_B2C_SHORTCODE && env.MPESA_B2C_INITIATOR_NAME && env.MPESA_B2C_SECURITY_CREDENTIAL
              ? {
                  shortcode: env.MPESA_B2C_SHORTCODE,
                  initiatorName: env.MPESA_B2C_INITIATOR_NAME,
                  securityCredential: env.MPESA_B2C_SECURITY_CREDENTIAL,
                  commandId: env.MPESA_B2C_COMMAND_ID || 'BusinessPayment',
                }
              : undefined,
        }
      : null;
  const pawapay = env.PAWAPAY_API_TOKEN
    ? {
        apiToken: env.PAWAPAY_API_TOKEN,
        apiBase: env.PAWAPAY_API_BASE || 'https://api.sandbox.pawapay.io',
        callbackPublicKey: env.PAWAPAY_CALLBACK_PUBLIC_KEY || undefined,
        requireSignedCallbacks: env.PAWAPAY_REQUIRE_SIGNED_CALLBACKS !== 'false',
        signing:
          env.PAWAPAY_SIGNING_KEY_ID && env.PAWAPAY_SIGNING_PRIVATE_KEY
            ? { keyId: env.PAWAPAY_SIGNING_KEY_ID, privateKeyPem: env.PAWAPAY_SIGNING_PRIVATE_KEY.replace(/\\n/g, '\n') }
            : undefined,
      }
    : null;
  return { stripe, mpesa, pawapay, sandboxEnabled: env.NODE_ENV !== 'production' };
}
