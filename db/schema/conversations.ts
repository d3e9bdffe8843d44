// Agent conversation state per chat: session items (the SDK Session), last active agent, pending RunState.
import { bigserial, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const conversations = pgTable('conversations', {
  chatId: text('chat_id').primaryKey(),
  memberId: text('member_id'),
  activeAgent: text('active_agent'),
  pendingState: text('pending_state'), // serialized RunState awaiting a PIN
  pendingSummary: jsonb('pending_summary'), // { tool, args } shown in the PIN prompt (no secrets)
  pendingExpiresAt: timestamp('pending_expires_at', { withTimezone: true }),
  graphVersion: integer('graph_version'),
  flow: jsonb('flow'), // deterministic multi-step flow state (create group, pay, dispute…)
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessionItems = pgTable(
  'session_items',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    sessionId: text('session_id').notNull(),
    position: integer('position').notNull(),
    item: jsonb('item').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('session_items_pos').on(t.sessionId, t.position)],
);
