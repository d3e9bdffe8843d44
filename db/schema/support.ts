// Support tickets (spec 12.18): opened by "human"/"agent"/"msaada" from any state, visible to admins.
import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const supportTickets = pgTable(
  'support_tickets',
  {
    id: text('id').primaryKey(), // tkt_…
    memberId: text('member_id').notNull(),
    summaryEnc: text('summary_enc').notNull(), // the member's words, encrypted (may hold PII)
    status: text('status').notNull().default('open'), // open | answered | closed
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('support_tickets_key').on(t.idempotencyKey)],
);
