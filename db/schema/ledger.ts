// The money core's tables: the per-group hash-chained event log (append-only), its chain heads, the
// double-entry ledger (accounts and immutable transfers) and the escrow projections rebuilt from events.
// Group, cycle and member ids are plain text: those tables belong to another family (no foreign keys).
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const money = (name: string) => bigint(name, { mode: 'bigint' }).notNull().default(sql`0`);

/** One row per group: the tip of its chain, locked FOR UPDATE by every append (writers to one group queue here). */
export const ledgerChainHeads = pgTable('ledger_chain_heads', {
  groupId: text('group_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(), // hex sha256; 64 zeros before the first event
});

export const ledgerEvents = pgTable(
  'ledger_events',
  {
    groupId: text('group_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    eventId: text('event_id').notNull().unique(),
    eventType: text('event_type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actor: jsonb('actor').notNull(),
    subject: jsonb('subject').notNull(),
    cycleId: text('cycle_id'),
    data: jsonb('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    // The caller's idempotency key (provider ref, tool callId) on the first event of a command.
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.seq] }), // a fork is a unique violation, never a silent branch
    uniqueIndex('ledger_events_idempotency').on(t.groupId, t.idempotencyKey).where(sql`idempotency_key is not null`),
  ],
);

export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id'),
    memberId: text('member_id'),
    currency: text('currency').notNull(),
    code: text('code').notNull(),
    flags: integer('flags').notNull(),
    debitsPending: money('debits_pending'),
    debitsPosted: money('debits_posted'),
    creditsPending: money('credits_pending'),
    creditsPosted: money('credits_posted'),
  },
  (t) => [
    index('ledger_accounts_group_cycle').on(t.groupId, t.cycleId),
    // The account flags, enforced by the database as well as by the core (paired assertions).
    check('ledger_accounts_debits_bound', sql`(flags & 1) = 0 or debits_pending + debits_posted <= credits_posted`),
    check('ledger_accounts_credits_bound', sql`(flags & 2) = 0 or credits_pending + credits_posted <= debits_posted`),
    check('ledger_accounts_pending_nonnegative', sql`debits_pending >= 0 and credits_pending >= 0`),
  ],
);

/** Immutable (a trigger rejects UPDATE and DELETE); the id is the caller's idempotency key. */
export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id'),
    eventId: text('event_id').notNull(),
    debitAccountId: text('debit_account_id').notNull(),
    creditAccountId: text('credit_account_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    code: text('code').notNull(),
    flags: integer('flags').notNull(),
    pendingId: text('pending_id').unique(), // a hold is posted or voided at most once
  },
  (t) => [
    index('ledger_transfers_group_cycle').on(t.groupId, t.cycleId),
    check('ledger_transfers_amount_positive', sql`amount_minor > 0`),
    check('ledger_transfers_two_accounts', sql`debit_account_id <> credit_account_id`),
  ],
);

export const escrowCycles = pgTable('escrow_cycles', {
  cycleId: text('cycle_id').primaryKey(),
  groupId: text('group_id').notNull(),
  currency: text('currency').notNull(),
  status: text('status').notNull(), // open | released
  capturedMinor: money('captured_minor'),
  lateFeesMinor: money('late_fees_minor'),
  releasedMinor: money('released_minor'),
  refundedMinor: money('refunded_minor'),
  chargedBackMinor: money('charged_back_minor'),
  feesMinor: money('fees_minor'),
});

export const contributions = pgTable(
  'contributions',
  {
    id: text('id').primaryKey(), // ctr_…
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: money('amount_minor'),
    lateFeeMinor: money('late_fee_minor'),
    refundedMinor: money('refunded_minor'),
    status: text('status').notNull(), // failed | pending | available | released | refunded
    provider: text('provider').notNull(),
    providerRef: text('provider_ref').notNull(),
    capturedAt: timestamp('captured_at', { withTimezone: true, precision: 3 }),
    transferId: text('transfer_id'),
  },
  (t) => [index('contributions_group_cycle').on(t.groupId, t.cycleId)],
);

export const payouts = pgTable(
  'payouts',
  {
    id: text('id').primaryKey(), // pout_…
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    recipientMemberId: text('recipient_member_id').notNull(),
    currency: text('currency'),
    grossMinor: money('gross_minor'),
    feeMinor: money('fee_minor'),
    netMinor: money('net_minor'),
    status: text('status').notNull(), // scheduled | released | failed | completed
    providerRef: text('provider_ref'),
    failures: integer('failures').notNull().default(0),
  },
  (t) => [index('payouts_group_cycle').on(t.groupId, t.cycleId)],
);

export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(), // rfd_…
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    contributionId: text('contribution_id').notNull(),
    memberId: text('member_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: money('amount_minor'),
    kind: text('kind').notNull(), // pre_release | post_release
    disputeId: text('dispute_id'),
    reason: text('reason').notNull(),
    status: text('status').notNull(), // requested | approved | executed | completed | failed
    requestedBy: text('requested_by').notNull(),
    groupAdminApprovedBy: text('group_admin_approved_by'),
    platformAdminApprovedBy: text('platform_admin_approved_by'),
    sourceAccountId: text('source_account_id'),
  },
  (t) => [index('refunds_group_cycle').on(t.groupId, t.cycleId)],
);

export const disputes = pgTable(
  'disputes',
  {
    id: text('id').primaryKey(), // dsp_…
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    kind: text('kind').notNull(),
    openedBy: text('opened_by').notNull(),
    status: text('status').notNull(), // opened | evidence | investigation | resolved | closed
    outcome: text('outcome'), // release | refund | chargeback
    evidenceCount: integer('evidence_count').notNull().default(0),
  },
  (t) => [index('disputes_group_cycle').on(t.groupId, t.cycleId)],
);

export const escrowFreezes = pgTable(
  'escrow_freezes',
  {
    id: text('id').primaryKey(), // frz_…
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    reason: text('reason').notNull(), // dispute | kyc | aml | risk
    disputeId: text('dispute_id'),
    amountMinor: money('amount_minor'),
    status: text('status').notNull(), // active | lifted | consumed
  },
  (t) => [index('escrow_freezes_group_cycle').on(t.groupId, t.cycleId)],
);
