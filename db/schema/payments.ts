// Payment providers: what we asked each provider to do (collections, disbursements, refunds), the
// verified provider events we received (unique per provider event id), the shared provider token
// cache, and the persisted state of the built-in sandbox providers (tables prefixed `sandbox_`).
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One row per request we sent to a provider; `ref` is ours (pay_… / pout_… / rfd_…). */
export const providerPayments = pgTable(
  'provider_payments',
  {
    ref: text('ref').primaryKey(),
    provider: text('provider').notNull(), // stripe | mpesa | pawapay
    kind: text('kind').notNull(), // collection | disbursement | refund
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    phone: text('phone'), // E.164 of the payer / payee, for mobile money
    providerRef: text('provider_ref'), // cs_… / CheckoutRequestID / pawaPay UUID / tr_… / re_…
    altRef: text('alt_ref'), // a second provider id for the same payment (Stripe pi_…, Daraja ConversationID)
    parentRef: text('parent_ref'), // refunds: the collection they refund
    status: text('status').notNull().default('pending'), // pending | succeeded | failed
    failureCode: text('failure_code'),
    // Daraja signs nothing: sha256 of the single-use secret in the callback URL, and of the one for
    // the confirming Transaction Status query (B2C); the secret itself is never stored.
    callbackTokenHash: text('callback_token_hash'),
    statusTokenHash: text('status_token_hash'),
    tokenUsedAt: timestamp('token_used_at', { withTimezone: true }),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('provider_payments_provider_ref').on(t.provider, t.providerRef),
    index('provider_payments_alt_ref').on(t.provider, t.altRef),
    uniqueIndex('provider_payments_callback_token').on(t.callbackTokenHash),
    uniqueIndex('provider_payments_status_token').on(t.statusTokenHash),
    index('provider_payments_pending').on(t.status, t.createdAt),
  ],
);

/** Verified provider events, unique per (provider, provider event id): a redelivery is a no-op. */
export const providerEvents = pgTable(
  'provider_events',
  {
    id: text('id').primaryKey(), // evt_…
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id').notNull(),
    type: text('type').notNull(), // normalized ProviderEvent type
    providerType: text('provider_type'), // e.g. checkout.session.completed
    ref: text('ref'), // our pay_/pout_/rfd_ ref when known
    providerRef: text('provider_ref'),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }),
    currency: text('currency'),
    failureCode: text('failure_code'),
    failureReason: text('failure_reason'),
    emitted: boolean('emitted').notNull(), // false: a stale or repeated outcome, stored for the record only
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('provider_events_provider_id').on(t.provider, t.providerEventId), index('provider_events_ref').on(t.ref)],
);

/** Provider access tokens shared by every process (Daraja invalidates the previous token on refresh). */
export const providerTokens = pgTable('provider_tokens', {
  key: text('key').primaryKey(), // provider + base URL + consumer key hash
  token: text('token').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Sandbox: pending prompts on members' phones (collections) and disbursements awaiting an answer. */
export const sandboxPayments = pgTable(
  'sandbox_payments',
  {
    ref: text('ref').primaryKey(), // our ref when the wire request carries it, else the provider object id
    provider: text('provider').notNull(),
    kind: text('kind').notNull(), // collection | disbursement
    objectId: text('object_id').notNull(), // the sandbox object this prompt belongs to
    phone: text('phone'),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull().default('pending'), // pending | completed
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('sandbox_payments_pending').on(t.status, t.createdAt), index('sandbox_payments_object').on(t.objectId)],
);

/** Sandbox provider objects (Stripe sessions/intents/refunds/events, Daraja STK/B2C, pawaPay records). */
export const sandboxObjects = pgTable(
  'sandbox_objects',
  {
    provider: text('provider').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.id] }), index('sandbox_objects_type').on(t.provider, t.type)],
);

/** Sandbox idempotency records: the first response for a key is replayed, a changed request is refused. */
export const sandboxIdempotency = pgTable(
  'sandbox_idempotency',
  {
    provider: text('provider').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.key] })],
);

/** Sandbox secrets generated once: the Stripe whsec, the pawaPay signing keypair, Daraja credentials. */
export const sandboxKeys = pgTable('sandbox_keys', {
  name: text('name').primaryKey(),
  value: jsonb('value').$type<Record<string, string>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
