// Savings groups: the group and its rules, who is in it, its cycles, what each member owes per cycle
// (dues), invite codes, and the record of every reminder sent (unique per cycle × member × kind, so a
// retried or concurrent sweep can never send one twice). Member ids are plain text (members family).
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const groups = pgTable(
  'groups',
  {
    id: text('id').primaryKey(), // grp_…
    name: text('name').notNull(),
    organizerId: text('organizer_id').notNull(),
    status: text('status').notNull().default('open'), // open | active | completed | cancelled
    currency: text('currency').notNull(),
    contributionMinor: bigint('contribution_minor', { mode: 'bigint' }).notNull(),
    frequency: text('frequency').notNull(), // weekly | biweekly | monthly
    startDate: text('start_date').notNull(), // YYYY-MM-DD in time_zone
    timeZone: text('time_zone').notNull(),
    membersCount: integer('members_count').notNull(),
    payoutOrder: text('payout_order').notNull(), // random | chosen | auction | manual
    rules: jsonb('rules').notNull(), // GroupRulesJson (core/rosca)
    seedEnc: text('seed_enc').notNull(), // the draw's secret seed, encrypted until revealed at START
    seedCommitment: text('seed_commitment').notNull(), // sha256(seed), published at creation
    seedRevealed: text('seed_revealed'), // the seed, public once the group has started
    creationKey: text('creation_key').notNull(), // tool call id: a retried create never makes two groups
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('groups_creation_key').on(t.creationKey), index('groups_organizer').on(t.organizerId)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: text('group_id').notNull(),
    memberId: text('member_id').notNull(),
    role: text('role').notNull(), // organizer | admin | member
    status: text('status').notNull().default('active'), // active | removed
    chosenSlot: integer('chosen_slot'), // chosen order: the turn this member claimed
    manualSlot: integer('manual_slot'), // manual order: the turn the organizer set
    payoutPosition: integer('payout_position'), // fixed at START
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.memberId] }), index('group_members_member').on(t.memberId)],
);

export const cycles = pgTable(
  'cycles',
  {
    id: text('id').primaryKey(), // cyc_…
    groupId: text('group_id').notNull(),
    cycleNo: integer('cycle_no').notNull(),
    dueDate: text('due_date').notNull(), // local YYYY-MM-DD
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    remindBeforeAt: timestamp('remind_before_at', { withTimezone: true }), // 09:00 local, 2 days before
    remindDueDayAt: timestamp('remind_due_day_at', { withTimezone: true }), // 09:00 local on the day
    graceDeadlineAt: timestamp('grace_deadline_at', { withTimezone: true }).notNull(),
    recipientMemberId: text('recipient_member_id'), // null for auction cycles until the auction settles
    status: text('status').notNull().default('scheduled'), // scheduled | quorum_met | completed
    quorumNotifiedAt: timestamp('quorum_notified_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('cycles_group_no').on(t.groupId, t.cycleNo),
    index('cycles_remind_before').on(t.remindBeforeAt),
    index('cycles_grace_deadline').on(t.graceDeadlineAt),
  ],
);

/** What one member owes in one cycle. `status` moves pending → paid (or waived). */
export const dues = pgTable(
  'dues',
  {
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    groupId: text('group_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('pending'), // pending | paid | waived
    lateFeeMinor: bigint('late_fee_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    /** Auction dividends taken off this due (already deducted from `amount_minor`); spent into this cycle's pot at its release. */
    creditMinor: bigint('credit_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.memberId] }), index('dues_member').on(t.memberId), index('dues_group').on(t.groupId)],
);

export const invites = pgTable(
  'invites',
  {
    code: text('code').primaryKey(), // 6 characters, no look-alikes
    groupId: text('group_id').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('invites_group').on(t.groupId)],
);

/** At most one send per cycle × member × kind (before | due_day | overdue | late_fee | quorum_met | payout_scheduled). */
export const reminderSends = pgTable(
  'reminder_sends',
  {
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    kind: text('kind').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.memberId, t.kind] })],
);
