// The sandbox WhatsApp (Green API emulator): what each simulated phone sent and received.
import { bigserial, customType, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const sandboxWaMessages = pgTable(
  'sandbox_wa_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chatId: text('chat_id').notNull(),
    direction: text('direction').notNull(), // in (phone → bot) | out (bot → phone)
    kind: text('kind').notNull(), // text | buttons | file | button_reply
    body: jsonb('body').notNull(),
    idMessage: text('id_message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sandbox_wa_messages_chat').on(t.chatId, t.id)],
);

export const sandboxWaFiles = pgTable('sandbox_wa_files', {
  id: text('id').primaryKey(),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  data: bytea('data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
