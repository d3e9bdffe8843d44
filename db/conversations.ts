// Per-chat conversation state: last active agent, a pending approval (serialised RunState), the
// deterministic flow in progress.
import { eq, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { conversations } from './schema/conversations.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type Flow = { name: string; step: string; data?: Record<string, unknown> } | null;

export async function getConversation(tx: Tx, chatId: string): Promise<ConversationRow | undefined> {
  const r = await tx.select().from(conversations).where(eq(conversations.chatId, chatId));
  return r[0];
}

export async function upsertConversation(tx: Tx, chatId: string, fields: Partial<typeof conversations.$inferInsert>): Promise<void> {
  await tx
    .insert(conversations)
    .values({ chatId, ...fields })
    .onConflictDoUpdate({ target: conversations.chatId, set: { ...fields, updatedAt: sql`now()` } });
}

export async function setFlow(tx: Tx, chatId: string, flow: Flow): Promise<void> {
  await upsertConversation(tx, chatId, { flow });
}

export async function clearPending(tx: Tx, chatId: string): Promise<void> {
  await upsertConversation(tx, chatId, { pendingState: null, pendingSummary: null, pendingExpiresAt: null, graphVersion: null });
}
