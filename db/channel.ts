// Queries of the WhatsApp channel: inbound notifications, the outbox, delivery statuses.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import { escapeLiteral, type PoolClient } from 'pg';
import type { Db, Tx } from './client.ts';
import { createGroupCommit } from './group-commit.ts';
import { TURN_STATE_SQL, type StateRow } from './turn-state.ts';
import { inboundMessages, outbox } from './schema/channel.ts';

export type InboundRow = typeof inboundMessages.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

export type OutboundBody =
  | { text: string }
  | { body: string; header?: string; footer?: string; buttons: Array<{ id: string; title: string }> }
  | { fileName: string; caption?: string; url?: string; mimeType?: string; dataBase64?: string };

export type OutboundMessage = { chatId: string; kind: 'text' | 'buttons' | 'file'; body: OutboundBody; idempotencyKey: string };

export type InboundInput = { idMessage: string; chatId: string; typeWebhook: string; typeMessage: string | null; text: string | null; media: unknown };

// Every inbound message comes through here: one prepared statement for a whole group of them, in
// arrival order (so `seq` keeps each chat's order).
const STORE_INBOUND = `
  insert into inbound_messages (id_message, chat_id, type_webhook, type_message, text, media)
  select v.id_message, v.chat_id, v.type_webhook, v.type_message, v.text, v.media::jsonb
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as v(id_message, chat_id, type_webhook, type_message, text, media, ord)
  order by v.ord
  on conflict (id_message) do nothing returning id_message`;

/**
 * Stores notifications once each, through a group commit (concurrent webhooks share one INSERT and
 * one WAL flush); `store` resolves true when new, false for a duplicate idMessage (also a duplicate
 * inside one group: the first of them is the new one).
 */
export function createInboundStore(db: Db): { store(row: InboundInput): Promise<boolean> } {
  const group = createGroupCommit<InboundInput, boolean>(async (rows) => {
    const r = await db.$client.query({
      name: 'store_inbound',
      text: STORE_INBOUND,
      values: [
        rows.map((x) => x.idMessage),
        rows.map((x) => x.chatId),
        rows.map((x) => x.typeWebhook),
        rows.map((x) => x.typeMessage),
        rows.map((x) => x.text),
        rows.map((x) => (x.media === null || x.media === undefined ? null : JSON.stringify(x.media))),
      ],
    });
    const created = new Set(r.rows.map((row: { id_message: string }) => row.id_message));
    return rows.map((x) => created.delete(x.idMessage));
  });
  return { store: (row) => group.write(row) };
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

/** A send that did not go through: back to pending (retry), parked (quota) or failed. Sent ones: db/outbox-sent.ts. */
export async function finishOutbox(tx: Tx, id: string, result: { status: 'pending' | 'failed' | 'quota'; lastError?: string }, opts: { fresh?: boolean } = {}) {
  await tx
    .update(outbox)
    .set({
      status: result.status,
      lastError: result.lastError,
      // A fresh send skipped the claim step; count its attempt here.
      ...(opts.fresh ? { attempts: sql`${outbox.attempts} + 1` } : {}),
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

export type FinishTurnInput = {
  seq: bigint;
  chatId: string;
  memberId: string;
  activeAgent: string | null;
  redact: boolean;
  messages: OutboundMessage[];
  session?: { id: string; items: unknown[] };
};

/**
 * The end of a turn as one statement: enqueue the replies, remember the active agent, append the
 * session history, mark the inbound message done (and blank its text when it was a PIN).
 * $1 outbox rows (jsonb), $2 chat id, $3 member id, $4 active agent, $5 session id, $6 session items
 * (jsonb), $7 redact, $8 inbound seq.
 */
const FINISH_TURN_SQL = `
    with new_out as (
      insert into outbox (id, chat_id, kind, body, idempotency_key)
      select r.id, r.chat_id, r.kind, r.body, r.idempotency_key
      from jsonb_to_recordset($1::jsonb) as r(id text, chat_id text, kind text, body jsonb, idempotency_key text)
      on conflict (idempotency_key) do nothing
      returning id
    ), conv as (
      insert into conversations (chat_id, member_id, active_agent) values ($2::text, $3::text, $4::text)
      on conflict (chat_id) do update set member_id = excluded.member_id, active_agent = excluded.active_agent, updated_at = now()
    ), history as (
      insert into session_items (session_id, position, item)
      select $5::text, coalesce((select max(position) from session_items where session_id = $5::text), -1) + i.ord, i.item
      from jsonb_array_elements($6::jsonb) with ordinality as i(item, ord)
    ), inbound as (
      update inbound_messages set status = 'done', processed_at = now(),
        text = case when $7::boolean then '[secret]' else text end
      where seq = $8::bigint
    )
    select id from new_out`;

function finishTurnValues(x: FinishTurnInput, rows: ReturnType<typeof outboxRows>): Array<string | null> {
  return [
    JSON.stringify(rows),
    x.chatId,
    x.memberId,
    x.activeAgent,
    x.session?.id ?? '',
    JSON.stringify(x.session?.items ?? []),
    x.redact ? 'true' : 'false',
    BigInt(x.seq).toString(),
  ];
}

function outboxRows(x: FinishTurnInput) {
  return x.messages.map((m) => ({ id: newId('obx'), chat_id: m.chatId, kind: m.kind, body: m.body, idempotency_key: m.idempotencyKey }));
}

/** Rows this statement created (a replayed turn creates none), with their content for the fast send. */
function createdRows(rows: ReturnType<typeof outboxRows>, returned: Array<Record<string, unknown>>): NewOutbound[] {
  const created = new Set(returned.map((row) => String(row.id)));
  return rows.filter((row) => created.has(row.id)).map((row) => ({ id: row.id, chatId: row.chat_id, kind: row.kind, body: row.body as OutboundBody }));
}

/** The end of a turn, atomically, as one autocommit statement (a caller that holds no chat lock). */
export async function finishTurn(db: Db, x: FinishTurnInput): Promise<NewOutbound[]> {
  const rows = outboxRows(x);
  const r = await db.$client.query({ name: 'finish_turn', text: FINISH_TURN_SQL, values: finishTurnValues(x, rows) });
  return createdRows(rows, r.rows);
}

/**
 * The end of a turn inside the transaction `beginChatTurn` opened on `client`, and its COMMIT, in one
 * round trip: the replies, history and status land together with the release of the chat lock.
 */
export async function finishTurnAndCommit(client: PoolClient, x: FinishTurnInput): Promise<NewOutbound[]> {
  const rows = outboxRows(x);
  const args = finishTurnValues(x, rows)
    .map((v) => (v === null ? 'null' : escapeLiteral(v)))
    .join(', ');
  const results = (await client.query(`execute lk_finish(${args});\ncommit`)) as unknown as Array<{ rows: Array<Record<string, unknown>> }>;
  return createdRows(rows, results[0].rows);
}

/** An outbox row just written by its producer, not yet visible to any other sender. */
export type NewOutbound = { id: string; chatId: string; kind: OutboundMessage['kind']; body: OutboundBody };

// The worker's statements, prepared once per connection with SQL PREPARE: a simple-protocol round trip
// can then carry several of them (lock, queue, state; finish, commit) and Postgres still skips parsing
// and analysing them each time. Values go in as escaped literals (escapeLiteral, with
// standard_conforming_strings on, as it is by default).
const PREPARE_SQL = [
  `prepare lk_queue(text, int) as
     select seq, id_message, chat_id, type_webhook, type_message, text, media, received_at, status, turn_error, processed_at
       from inbound_messages where chat_id = $1 and status in ('queued','processing') order by seq limit $2`,
  `prepare lk_state(text, text) as ${TURN_STATE_SQL}`,
  `prepare lk_finish(jsonb, text, text, text, text, jsonb, boolean, bigint) as ${FINISH_TURN_SQL}`,
].join(';\n');
const preparedOn = new WeakSet<PoolClient>();

/**
 * Opens a transaction on `client`, takes the chat's advisory lock (held until that transaction ends),
 * reads the chat's queued messages and, given the member's phone index, the turn state
 * (db/turn-state.ts) under the lock — all in one round trip.
 */
export async function beginChatTurn(
  client: PoolClient,
  chatId: string,
  limit: number,
  phoneIndex: string | null,
): Promise<{ queued: InboundRow[]; state?: StateRow }> {
  if (!preparedOn.has(client)) {
    await client.query(PREPARE_SQL);
    preparedOn.add(client);
  }
  const chat = escapeLiteral(chatId);
  const results = (await client.query(
    `begin; select pg_advisory_xact_lock(hashtextextended(${chat}, 1)); execute lk_queue(${chat}, ${Number(limit)})${phoneIndex ? `; execute lk_state(${escapeLiteral(phoneIndex)}, ${chat})` : ''}`,
  )) as unknown as Array<{ rows: Array<Record<string, unknown>> }>;
  const queued = results[2].rows.map((r) => ({
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
  return { queued, state: phoneIndex ? (results[3].rows[0] as StateRow) : undefined };
}
