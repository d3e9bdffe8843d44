// WhatsApp channel: inbound notifications keyed by Green API idMessage, the outbound outbox, delivery
// statuses. Inbound rows are the durable record of what members said; they are never deleted.
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const inboundMessages = pgTable(
  'inbound_messages',
  {
    seq: bigserial('seq', { mode: 'bigint' }).primaryKey(),
    idMessage: text('id_message').notNull(), // Green API id; duplicates are no-ops
    chatId: text('chat_id').notNull(), // 2547…@c.us
    typeWebhook: text('type_webhook').notNull(),
    typeMessage: text('type_message'),
    text: text('text'), // extracted text or button id; null for files without caption
    media: jsonb('media'), // { downloadUrl, mimeType, fileName, caption }
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').notNull().default('queued'), // queued | processing | done | failed
    turnError: text('turn_error'),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('inbound_messages_id_message').on(t.idMessage), index('inbound_messages_chat').on(t.chatId, t.seq)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(), // obx_…
    idempotencyKey: text('idempotency_key').notNull(), // a retry of the producer never enqueues twice
    chatId: text('chat_id').notNull(),
    kind: text('kind').notNull(), // text | buttons | file
    body: jsonb('body').notNull(), // { text } | { header?, body, footer?, buttons: [{id,title}] } | { url?, fileName, caption, dataBase64? }
    status: text('status').notNull().default('pending'), // pending | sending | sent | failed | quota
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'), // Green API idMessage of our send
    deliveryStatus: text('delivery_status'), // sent | delivered | read | failed | noAccount (outgoingMessageStatus)
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_idempotency').on(t.idempotencyKey),
    index('outbox_chat').on(t.chatId, t.createdAt),
    index('outbox_provider_id').on(t.providerMessageId),
  ],
);

/** Simulator / sandbox WhatsApp: what the fake phone has received (also used by `npm run chat`). */
export const channelState = pgTable('channel_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
