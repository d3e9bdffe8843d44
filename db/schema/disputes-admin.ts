// Disputes and platform administration around the ledger: what a dispute is about beyond its ledger
// row (type, payment reference, the member's words, the Stripe dispute it mirrors), evidence files
// (content hash, where the bytes are), the admin audit trail, TOTP replay state, and risk flags.
// Money state stays in the ledger (disputes, refunds, escrow_freezes); these tables never hold money.
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const disputeCases = pgTable(
  'dispute_cases',
  {
    disputeId: text('dispute_id').primaryKey(), // dsp_… (the ledger dispute)
    groupId: text('group_id').notNull(),
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(), // whose escrow portion is frozen / who a refund goes to
    type: text('type').notNull(), // paid_not_recorded | wrong_recipient | organizer_fraud | other | card_chargeback
    paymentRef: text('payment_ref'), // what the member gave us (pay_… or a provider receipt)
    descriptionEnc: text('description_enc'), // the member's words, encrypted (data, never instructions)
    source: text('source').notNull().default('member'), // member | stripe
    providerDisputeId: text('provider_dispute_id'), // Stripe dp_…
    providerStatus: text('provider_status'),
    openKey: text('open_key').notNull(), // tool call id / provider event: a retry never opens two
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('dispute_cases_open_key').on(t.openKey),
    uniqueIndex('dispute_cases_provider').on(t.providerDisputeId),
    index('dispute_cases_member').on(t.memberId),
  ],
);

export const disputeEvidence = pgTable(
  'dispute_evidence',
  {
    id: text('id').primaryKey(), // evd_…
    disputeId: text('dispute_id').notNull(),
    addedBy: text('added_by').notNull(),
    kind: text('kind').notNull(), // file | text | payment_ref
    sha256: text('sha256'), // files: hash of the bytes (also in the ledger event)
    storage: text('storage'), // file:<path> | s3://bucket/key
    mimeType: text('mime_type'),
    fileName: text('file_name'),
    sizeBytes: integer('size_bytes'),
    noteEnc: text('note_enc'),
    sourceKey: text('source_key').notNull(), // inbound idMessage: a redelivered file is recorded once
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('dispute_evidence_source').on(t.sourceKey), index('dispute_evidence_dispute').on(t.disputeId)],
);

/** Every platform-admin action, with the admin as actor (ledger events carry the same actor). */
export const adminActions = pgTable(
  'admin_actions',
  {
    id: text('id').primaryKey(), // adm_…
    adminId: text('admin_id').notNull(),
    action: text('action').notNull(), // resolve_dispute | freeze_group | approve_refund | reply_ticket | totp_enrolled | …
    target: text('target').notNull(), // dsp_… / grp_… / rfd_… / tkt_…
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('admin_actions_key').on(t.idempotencyKey), index('admin_actions_admin').on(t.adminId, t.createdAt)],
);

/** The last accepted TOTP step per admin: a code is accepted once. */
export const adminTotp = pgTable('admin_totp', {
  memberId: text('member_id').primaryKey(),
  lastStep: integer('last_step'),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  failures: integer('failures').notNull().default(0), // wrong codes in a row
  lockedUntil: timestamp('locked_until', { withTimezone: true }), // after too many wrong codes
});

/** Explainable risk flags (policies/risk.ts) for admins; `frozen` when the rule froze funds. */
export const riskFlags = pgTable(
  'risk_flags',
  {
    id: text('id').primaryKey(), // rsk_…
    rule: text('rule').notNull(),
    memberId: text('member_id').notNull(),
    groupId: text('group_id'),
    cycleId: text('cycle_id'),
    explanation: text('explanation').notNull(),
    status: text('status').notNull().default('open'), // open | frozen | dismissed
    freezeId: text('freeze_id'),
    dedupeKey: text('dedupe_key').notNull(), // rule + subject: a rule flags a situation once
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('risk_flags_dedupe').on(t.dedupeKey), index('risk_flags_open').on(t.status, t.createdAt)],
);
