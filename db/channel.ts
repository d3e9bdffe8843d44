// Queries of the WhatsApp channel: inbound notifications, the outbox, delivery statuses.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import type { PoolClient } from 'pg';
import type { Db, Tx } from './client.ts';
import { inboundMessages, outbox } from './schema/channel.ts';

export type InboundRow = typeof inboundMessages.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

export type OutboundBody =
  | { text: string }
  | { body: string; header?: string; footer?: string; buttons: Array<{ id: string; title: string }> }
  | { fileName: string; caption?: string; url?: string; mimeType?: string; dataBase64?: string };

export type OutboundMessage = { chatId: string; kind: 'text' | 'buttons' | 'file'; body: OutboundBody; idempotencyKey: string };

/**
 * Store a notification once (every inbound message comes through here, so it is one prepared
 * statement); true when new, false for a duplicate idMessage.
 */
export async function storeInbound(
  db: Db,
  row: { idMessage: string; chatId: string; typeWebhook: string; typeMessage: string | null; text: string | null; media: unknown },
): Promise<boolean> {
  const r = await db.$client.query({
    name: 'store_inbound',
    text: `insert into inbound_messages (id_message, chat_id, type_webhook, type_message, text, media)
           values ($1, $2, $3, $4, $5, $6) on conflict (id_message) do nothing returning seq`,
    values: [row.idMessage, row.chatId, row.typeWebhook, row.typeMessage, row.text, row.media === null ? null : JSON.stringify(row.media)],
  });
  return (r.rowCount ?? 0) > 0;
}

export async function markInbound(tx: Tx, seq: bigint, status: 'processing' | 'done' | 'failed', fields: { turnError?: string; text?: string | null } = {}) {
  await tx
    .update(inboundMessages)
    .set({ status, ...fields, processedAt: status === 'processing' ? null : sql`now()` })
    .where(eq(inboundMessages.seq, seq));
}

/** Enqueue outbound messages in the caller's transaction; a repeated idempotency key is a no-op. */
export async function enqueueOutbound(tx: Tx, messages: OutboundMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m) => ({ id: newId('obx'), chatId: m.chatId, kind: m.kind, body: m.body, idempotencyKey: m.idempotencyKey }));
  const r = await tx.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.idempotencyKey }).returning({ id: outbox.id });
  return r.map((x) => x.id);
}

/** Claim a pending message for sending (only one sender can win it). */
export async function claimOutbox(tx: Tx, id: string): Promise<OutboxRow | undefined> {
  const r = await tx
    .update(outbox)
    .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
    .returning();
  return r[0];
}

export async function finishOutbox(
  tx: Tx,
  id: string,
  result: { status: 'sent' | 'pending' | 'failed' | 'quota'; providerMessageId?: string; lastError?: string },
  opts: { fresh?: boolean } = {},
) {
  await tx
    .update(outbox)
    .set({
      status: result.status,
      providerMessageId: result.providerMessageId,
      lastError: result.lastError,
      sentAt: result.status === 'sent' ? sql`now()` : undefined,
      // A fresh send skipped the claim step; count its attempt here.
      ...(opts.fresh ? { attempts: sql`${outbox.attempts} + 1` } : {}),
      // Uploaded bytes (QR codes, including an admin's TOTP enrolment) are not kept once delivered.
      ...(result.status === 'sent' ? { body: sql`${outbox.body} - 'dataBase64'` } : {}),
    })
    .where(eq(outbox.id, id));
}

const STATUS_RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 9, noAccount: 9, notInGroup: 9, yellowCard: 9 };

/** Statuses arrive out of order: only ever move a send's recorded status forward. */
export async function recordDeliveryStatus(tx: Tx, providerMessageId: string, status: string): Promise<boolean> {
  const rows = await tx.select({ id: outbox.id, deliveryStatus: outbox.deliveryStatus }).from(outbox).where(eq(outbox.providerMessageId, providerMessageId));
  const row = rows[0];
  if (!row) return false;
  if ((STATUS_RANK[row.deliveryStatus ?? ''] ?? 0) >= (STATUS_RANK[status] ?? 0)) return true;
  await tx.update(outbox).set({ deliveryStatus: status }).where(eq(outbox.id, row.id));
  return true;
}

/** Rows a crash or a lost job left behind: pending ones and sends stuck mid-flight. */
export async function strandedOutbox(tx: Tx, olderThan: Date, limit = 500): Promise<string[]> {
  const r = await tx
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .where(and(inArray(outbox.status, ['pending', 'sending']), lt(outbox.createdAt, olderThan)))
    .limit(limit);
  const stuck = r.filter((x) => x.status === 'sending').map((x) => x.id);
  if (stuck.length) await tx.update(outbox).set({ status: 'pending' }).where(inArray(outbox.id, stuck));
  return r.map((x) => x.id);
}

/** Chats with messages still queued after `olderThan`: a crash or a lost job left them behind. */
export async function chatsWithStaleInbound(tx: Tx, olderThan: Date, limit = 500): Promise<string[]> {
  const r = await tx.execute(
    sql`select distinct chat_id from inbound_messages where status in ('queued','processing') and received_at < ${olderThan.toISOString()}::timestamptz limit ${limit}`,
  );
  return (r.rows as Array<{ chat_id: string }>).map((x) => x.chat_id);
}

/**
 * The end of a turn, atomically and in one round trip: enqueue the replies, remember the active
 * agent, mark the inbound message done (and blank its text when it was a PIN). Returns new outbox ids.
 */
export async function finishTurn(
  tx: Tx,
  x: {
    seq: bigint;
    chatId: string;
    memberId: string;
    activeAgent: string | null;
    redact: boolean;
    messages: OutboundMessage[];
    session?: { id: string; items: unknown[] };
  },
): Promise<NewOutbound[]> {
  const rows = x.messages.map((m) => ({ id: newId('obx'), chat_id: m.chatId, kind: m.kind, body: m.body, idempotency_key: m.idempotencyKey }));
  const r = await tx.execute(sql`
    with new_out as (
      insert into outbox (id, chat_id, kind, body, idempotency_key)
      select r.id, r.chat_id, r.kind, r.body, r.idempotency_key
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, chat_id text, kind text, body jsonb, idempotency_key text)
      on conflict (idempotency_key) do nothing
      returning id
    ), conv as (
      insert into conversations (chat_id, member_id, active_agent) values (${x.chatId}, ${x.memberId}, ${x.activeAgent})
      on conflict (chat_id) do update set member_id = excluded.member_id, active_agent = excluded.active_agent, updated_at = now()
    ), history as (
      insert into session_items (session_id, position, item)
      select ${x.session?.id ?? ''}, coalesce((select max(position) from session_items where session_id = ${x.session?.id ?? ''}), -1) + i.ord, i.item
      from jsonb_array_elements(${JSON.stringify(x.session?.items ?? [])}::jsonb) with ordinality as i(item, ord)
    ), inbound as (
      update inbound_messages set status = 'done', processed_at = now(),
        text = case when ${x.redact} then '[secret]' else text end
      where seq = ${x.seq}
    )
    select id from new_out`);
  // Rows this call created (a replayed turn creates none), with their content for the fast send.
  const created = new Set((r.rows as Array<{ id: string }>).map((row) => row.id));
  return rows.filter((row) => created.has(row.id)).map((row) => ({ id: row.id, chatId: row.chat_id, kind: row.kind, body: row.body }));
}

/** An outbox row just written by its producer, not yet visible to any other sender. */
export type NewOutbound = { id: string; chatId: string; kind: OutboundMessage['kind']; body: OutboundBody };

/**
 * Opens a transaction on `client`, takes the chat's advisory lock (held until that transaction ends)
 * and reads the chat's queued messages, all in one round trip.
 */
export async function lockChatAndReadQueued(client: PoolClient, chatId: string, limit: number): Promise<InboundRow[]> {
  const chat = client.escapeLiteral(chatId);
  const results = (await client.query(
    `begin; select pg_advisory_xact_lock(hashtextextended(${chat}, 1));
     select seq, id_message, chat_id, type_webhook, type_message, text, media, received_at, status, turn_error, processed_at
       from inbound_messages where chat_id = ${chat} and status in ('queued','processing') order by seq limit ${Number(limit)}`,
  )) as unknown as Array<{ rows: Array<Record<string, unknown>> }>;
  return results[2].rows.map((r) => ({
    seq: BigInt(r.seq as string | bigint),
    idMessage: r.id_message as string,
    chatId: r.chat_id as string,
    typeWebhook: r.type_webhook as string,
    typeMessage: (r.type_message as string | null) ?? null,
    text: (r.text as string | null) ?? null,
    media: r.media ?? null,
    receivedAt: r.received_at as Date,
    status: r.status as string,
    turnError: (r.turn_error as string | null) ?? null,
    processedAt: (r.processed_at as Date | null) ?? null,
  }));
}
