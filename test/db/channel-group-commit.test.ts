// The channel's group commits (db/group-commit.ts): concurrent inbound notifications share INSERTs
// without losing, duplicating or reordering any; one bad row fails only its own caller; sent marks
// land for every reply. Real Postgres.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundStore, finishTurn } from '../../db/channel.ts';
import { createGroupCommit } from '../../db/group-commit.ts';
import { createSentMarker } from '../../db/outbox-sent.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('group commit', () => {
  it('runs the first write alone, groups those that arrive while it is in flight, and isolates a failure', async () => {
    const groups: number[][] = [];
    const gc = createGroupCommit<number, number>(async (items) => {
      groups.push(items);
      await new Promise((r) => setTimeout(r, 5));
      if (items.includes(13)) throw new Error('unlucky');
      return items.map((x) => x * 2);
    });
    const results = await Promise.allSettled([1, 2, 3, 13, 5].map((x) => gc.write(x)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([2, 4, 6, 'failed', 10]);
    // 1 alone; 2,3,13,5 together (fails); then each of them alone.
    expect(groups).toEqual([[1], [2, 3, 13, 5], [2], [3], [13], [5]]);
  });
});

describe('inbound store and sent marks (real Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('stores 200 concurrent notifications (with duplicates among them) once each, in arrival order per chat', async () => {
    const store = createInboundStore(t.db);
    const sent: Array<{ id: string; chat: string }> = [];
    for (let i = 0; i < 100; i++) sent.push({ id: `M${i}`, chat: `2547000000${i % 5}@c.us` });
    // Every message delivered twice, the copies interleaved: the second must be a duplicate.
    const deliveries = [...sent, ...sent].map((m) =>
      store.store({ idMessage: m.id, chatId: m.chat, typeWebhook: 'incomingMessageReceived', typeMessage: 'text', text: `hi ${m.id}`, media: null }),
    );
    const answers = await Promise.all(deliveries);
    expect(answers.slice(0, 100).every(Boolean)).toBe(true);
    expect(answers.slice(100).some(Boolean)).toBe(false);
    const rows = (await t.db.execute(sql`select id_message, chat_id from inbound_messages order by seq`)).rows as Array<{
      id_message: string;
      chat_id: string;
    }>;
    expect(rows.map((r) => r.id_message)).toEqual(sent.map((m) => m.id));
  });

  it('a duplicate inside one group is answered once as new', async () => {
    const store = createInboundStore(t.db);
    const row = { idMessage: 'DUP1', chatId: '254700000009@c.us', typeWebhook: 'incomingMessageReceived', typeMessage: 'text', text: 'x', media: { a: 1 } };
    const answers = await Promise.all([store.store({ ...row, idMessage: 'FIRST' }), store.store(row), store.store(row), store.store(row)]);
    expect(answers).toEqual([true, true, false, false]);
    const media = (await t.db.execute(sql`select media from inbound_messages where id_message = 'DUP1'`)).rows[0] as { media: unknown };
    expect(media.media).toEqual({ a: 1 });
  });

  it('a row Postgres refuses fails alone; the others in its group are stored', async () => {
    const store = createInboundStore(t.db);
    const base = { chatId: '254700000008@c.us', typeWebhook: 'incomingMessageReceived', typeMessage: 'text', media: null };
    const answers = await Promise.allSettled([
      store.store({ ...base, idMessage: 'OK0', text: 'first' }),
      store.store({ ...base, idMessage: 'OK1', text: 'fine' }),
      store.store({ ...base, idMessage: 'BAD', text: 'nul \u0000 byte' }),
      store.store({ ...base, idMessage: 'OK2', text: 'fine too' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const ids = (await t.db.execute(sql`select id_message from inbound_messages where chat_id = '254700000008@c.us' order by seq`)).rows.map(
      (r) => r.id_message,
    );
    expect(ids).toEqual(['OK0', 'OK1', 'OK2']);
  });

  it('marks every concurrently sent reply with its Green API id, counting fresh attempts and dropping uploaded bytes', async () => {
    await t.db.execute(
      sql`insert into members (id, phone_index, phone_enc, phone_masked, country) values ('mbr_gc', 'ix', 'enc', '+2547•••', 'KE') on conflict do nothing`,
    );
    const created = await finishTurn(t.db, {
      seq: 1n,
      chatId: '254700000000@c.us',
      memberId: 'mbr_gc',
      activeAgent: null,
      redact: false,
      messages: Array.from({ length: 20 }, (_, i) => ({
        chatId: '254700000000@c.us',
        kind: 'file' as const,
        body: { fileName: 'qr.png', dataBase64: 'AAAA' },
        idempotencyKey: `gc:${i}`,
      })),
    });
    expect(created).toHaveLength(20);
    const marker = createSentMarker(t.db);
    await Promise.all(created.map((r, i) => marker.mark({ id: r.id, providerMessageId: `P${i}`, fresh: i % 2 === 0 })));
    const rows = (await t.db.execute(sql`select id, status, provider_message_id, attempts, body from outbox where idempotency_key like 'gc:%'`)).rows as Array<
      Record<string, unknown>
    >;
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(20);
    expect(rows.filter((r) => r.attempts === 1)).toHaveLength(10);
    expect(rows.every((r) => !('dataBase64' in (r.body as object)))).toBe(true);
  });
});
