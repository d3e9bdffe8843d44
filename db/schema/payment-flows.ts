// The payments side of groups: each collection we started for a member's due (one ledger contribution
// per attempt), provider events set aside for a human (unknown refs, late money for a released cycle),
// and each cycle's payout run (release → disbursement attempts → completed | escalated).
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One row per collection we asked a provider for. `ref` is the provider_payments ref (pay_…). */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    ref: text('ref').primaryKey(), // pay_…
    contributionId: text('contribution_id').notNull(), // ctr_… — the ledger contribution this attempt becomes
    idempotencyKey: text('idempotency_key').notNull(), // the tool call that started it: a retried call starts nothing new
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    method: text('method').notNull(), // mobile_money | card
    provider: text('provider').notNull(), // mpesa | pawapay | stripe
    phoneMasked: text('phone_masked'),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(), // what we asked for
    currency: text('currency').notNull(),
    status: text('status').notNull().default('pending'), // pending | succeeded | failed | review
    capturedMinor: bigint('captured_minor', { mode: 'bigint' }), // what the provider confirmed and the ledger took
    outcome: text('outcome'), // exact | partial | over | duplicate (succeeded only)
    failureCode: text('failure_code'), // insufficient_funds | cancelled | timeout | wrong_pin | generic | expired
    checkoutUrl: text('checkout_url'),
    ledgerSeq: bigint('ledger_seq', { mode: 'number' }),
    ledgerHash: text('ledger_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    checkedAt: timestamp('checked_at', { withTimezone: true }), // last reconciliation status query
  },
  (t) => [
    uniqueIndex('payment_attempts_key').on(t.idempotencyKey),
    uniqueIndex('payment_attempts_contribution').on(t.contributionId),
    index('payment_attempts_due').on(t.cycleId, t.memberId),
    index('payment_attempts_member').on(t.memberId, t.createdAt),
    index('payment_attempts_pending').on(t.status, t.createdAt),
  ],
);

/** Verified provider events that moved no money and need a person: unknown ref, released cycle, currency mismatch. */
export const paymentReviews = pgTable(
  'payment_reviews',
  {
    id: text('id').primaryKey(), // the provider_events id (evt_…): one review per event
    provider: text('provider').notNull(),
    ref: text('ref'),
    providerRef: text('provider_ref'),
    type: text('type').notNull(),
    reason: text('reason').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }),
    currency: text('currency'),
    status: text('status').notNull().default('open'), // open | resolved
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_reviews_open').on(t.status, t.createdAt)],
);

/** One payout per cycle: released in the ledger, then disbursed (attempt n uses ref `<payoutId>` or `<payoutId>_r<n>`). */
export const payoutRuns = pgTable(
  'payout_runs',
  {
    payoutId: text('payout_id').primaryKey(), // pout_…
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    recipientMemberId: text('recipient_member_id').notNull(),
    netMinor: bigint('net_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    provider: text('provider').notNull(),
    destinationEnc: text('destination_enc').notNull(), // E.164, encrypted: the number fixed at release
    destinationMasked: text('destination_masked').notNull(),
    status: text('status').notNull(), // released | disbursing | failed | completed | escalated
    attempts: integer('attempts').notNull().default(0),
    currentRef: text('current_ref'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    providerRef: text('provider_ref'),
    ledgerSeq: bigint('ledger_seq', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('payout_runs_cycle').on(t.cycleId), index('payout_runs_due').on(t.status, t.nextAttemptAt)],
);
