// End to end over real HTTP: Green API notifications posted to the webhook, the real runtime (queue,
// turn worker, local model, tools, Postgres), and replies arriving at a fake Green API server.
import { randomBytes } from 'node:crypto';
import type { Model, ModelProvider, ModelRequest } from '@openai/agents';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingMessage } from '../../server/simulator/inbound.ts';
import { startFakeGreenApi, type FakeGreenApi } from '../../server/whatsapp/fake-greenapi.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const TOKEN = 'test-webhook-token-0123456789abcdef';
const INSTANCE = '7103000042';

describe('WhatsApp in, agents, WhatsApp out', () => {
  let fake: FakeGreenApi;
  let t: TestRuntime;
  const requests: ModelRequest[] = [];
  const recording = (p: ModelProvider): ModelProvider => ({
    async getModel(name?: string) {
      const m = await p.getModel(name);
      const wrapped: Model = {
        getResponse: (req) => (requests.push(req), m.getResponse(req)),
        getStreamedResponse: (req) => (requests.push(req), m.getStreamedResponse(req)),
      };
      return wrapped;
    },
  });
  const env = () => ({
    GREEN_API_URL: fake.url,
    GREEN_API_MEDIA_URL: fake.url,
    GREEN_API_ID_INSTANCE: INSTANCE,
    GREEN_API_TOKEN: 'api-token',
    GREEN_API_WEBHOOK_TOKEN: TOKEN,
    PII_ENCRYPTION_KEY: '11'.repeat(32),
  });

  beforeAll(async () => {
    fake = await startFakeGreenApi();
    t = await startTestRuntime(env(), { wrapModelProvider: recording });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${t.url}/webhooks/greenapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const say = (phone: string, text: string, idMessage?: string) =>
    post(incomingMessage(phone, { text }, { idInstance: INSTANCE, wid: '254700111222@c.us', idMessage }));
  const chat = (phone: string) => `${phone.slice(1)}@c.us`;
  const repliesTo = (phone: string) => fake.calls.filter((c) => c.body.chatId === chat(phone));
  async function nextReply(phone: string, after: number): Promise<string> {
    const c = await fake.waitFor((x) => x.body.chatId === chat(phone) && fake.calls.indexOf(x) >= after);
    return String(c.body.message ?? c.body.body);
  }
  async function converse(phone: string, text: string): Promise<string> {
    const before = fake.calls.length;
    const res = await say(phone, text);
    expect(res.status).toBe(200);
    return nextReply(phone, before);
  }

  it('answers "Hi" from a Kenyan number with the welcome and language choice, once even when delivered twice', async () => {
    const phone = '+254700000101';
    const id = randomBytes(8).toString('hex');
    const [a, b] = await Promise.all([say(phone, 'Hi', id), say(phone, 'Hi', id)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const c = await fake.waitFor((x) => x.body.chatId === chat(phone));
    expect(c.method).toBe('sendMessage');
    expect(c.idInstance).toBe(INSTANCE);
    expect(String(c.body.message)).toContain('Welcome to *Likelemba*');
    expect(String(c.body.message)).toMatch(/1️⃣ English\s+2️⃣ Français\s+3️⃣ Kiswahili/);
    await new Promise((r) => setTimeout(r, 700));
    expect(repliesTo(phone)).toHaveLength(1);
  });

  it('onboards in Kiswahili: language, name, PIN twice, then the menu in Kiswahili', async () => {
    const phone = '+254700000102';
    await converse(phone, 'Habari');
    expect(await converse(phone, '3')).toMatch(/jina/i);
    expect(await converse(phone, 'Amina')).toContain('Amina');
    expect(await converse(phone, '4821')).toMatch(/PIN/);
    expect(await converse(phone, '4821')).toContain('Amina');
    const menu = await converse(phone, 'menu');
    expect(menu).toMatch(/Menyu|MENYU/i);
    const member = await t.db.db.execute(sql`select onboarding_step, locale, pin_hash from members`);
    const row = (member.rows as Array<{ onboarding_step: string; locale: string; pin_hash: string }>).find((r) => r.locale === 'sw');
    expect(row?.onboarding_step).toBe('done');
    expect(row?.pin_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses bad input with a reason and loses nothing', async () => {
    expect((await post('{not json')).status).toBe(400);
    const missing = await post({ typeWebhook: 'incomingMessageReceived', instanceData: { idInstance: Number(INSTANCE), wid: 'x' }, timestamp: 1 });
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/idMessage|senderData/);
    expect((await post({ hello: 'world' })).status).toBe(400);
    expect(
      (
        await say('+254700000103', 'Hi').then(() =>
          post(incomingMessage('+254700000103', { text: 'x' }, { idInstance: INSTANCE, wid: 'w' }), { authorization: 'Bearer wrong' }),
        )
      ).status,
    ).toBe(401);
    expect((await post(incomingMessage('+254700000103', { text: 'x' }, { idInstance: INSTANCE, wid: 'w' }), {})).status).toBe(401);
    // Bare token (no "Bearer") is accepted, as Green API may send it.
    expect((await post(incomingMessage('+254700000104', { text: 'Hi' }, { idInstance: INSTANCE, wid: 'w' }), { authorization: TOKEN })).status).toBe(200);
    const unknown = await post({
      typeWebhook: 'incomingCall',
      instanceData: { idInstance: Number(INSTANCE), wid: 'w' },
      timestamp: 1,
      from: '254700000104@c.us',
      status: 'offer',
    });
    expect(unknown.status).toBe(200);
    const other = await post(incomingMessage('+254700000104', { text: 'Hi' }, { idInstance: '999', wid: 'w' }));
    expect(other.status).toBe(403);
    const stored = await t.db.db.execute(sql`select count(*)::int as n from inbound_messages`);
    expect(Number((stored.rows[0] as { n: number }).n)).toBeGreaterThan(0);
  });

  it('answers emoji-only and 5,000-character messages politely', async () => {
    const phone = '+254700000105';
    await converse(phone, 'Hi');
    await converse(phone, '1');
    await converse(phone, 'Baraka');
    await converse(phone, '7391');
    await converse(phone, '7391');
    expect(await converse(phone, '🙏🙏🙏')).toMatch(/MENU/);
    expect(await converse(phone, 'a'.repeat(5000))).toMatch(/long/);
    // A NUL character (which Postgres text cannot hold) is dropped, not a 500 that Green API would retry forever.
    expect(await converse(phone, 'me\u0000nu')).toMatch(/\*Menu\*/);
    // The chat's history keeps each turn as the SDK's session would: the member's words, the tool call, its result.
    const items = (
      await t.db.db.execute(sql`select s.item from session_items s join members m on s.session_id = 'wa:' || m.id order by s.position desc limit 3`)
    ).rows.map((r) => r.item as Record<string, unknown>);
    expect(items.reverse().map((i) => i.type)).toEqual(['message', 'function_call', 'function_call_result']);
    expect(items[0]).toMatchObject({ role: 'user', content: 'menu' });
  });

  it('records delivery statuses from outgoingMessageStatus, only moving forward', async () => {
    const phone = '+254700000106';
    await converse(phone, 'Hi');
    const row = (await t.db.db.execute(sql`select provider_message_id from outbox where status = 'sent' limit 1`)).rows[0] as { provider_message_id: string };
    const status = (s: string) =>
      post({
        typeWebhook: 'outgoingMessageStatus',
        instanceData: { idInstance: Number(INSTANCE), wid: 'w' },
        timestamp: 2,
        idMessage: row.provider_message_id,
        chatId: chat(phone),
        status: s,
        sendByApi: true,
      });
    expect((await status('read')).status).toBe(200);
    expect((await status('delivered')).status).toBe(200);
    const after = (await t.db.db.execute(sql`select delivery_status from outbox where provider_message_id = ${row.provider_message_id}`)).rows[0] as {
      delivery_status: string;
    };
    expect(after.delivery_status).toBe('read');
  });

  it('retries a send after 429/5xx and parks it on 466 quota', async () => {
    const phone = '+254700000107';
    fake.failNext(503);
    const text = await converse(phone, 'Hi');
    expect(text).toContain('Likelemba');
    fake.failNext(466);
    await say(phone, 'Hi again');
    await expect
      .poll(async () => (await t.db.db.execute(sql`select count(*)::int as n from outbox where status = 'quota'`)).rows[0], { timeout: 10_000 })
      .toEqual({ n: 1 });
  });

  it('locks PIN actions for 15 minutes after 5 wrong PINs', async () => {
    const phone = '+254700000109';
    for (const m of ['Hi', '1', 'Wanjiku', '3690', '3690']) await converse(phone, m);
    expect(await converse(phone, 'change my payout number to +254711000333')).toMatch(/PIN/);
    for (const left of [4, 3, 2, 1]) expect(await converse(phone, '1212')).toContain(`*${left}*`);
    expect(await converse(phone, '1212')).toMatch(/15 minutes/);
    // Even the right PIN is refused while locked, and nothing changed.
    expect(await converse(phone, 'change my payout number to +254711000333')).toMatch(/PIN/);
    expect(await converse(phone, '3690')).toMatch(/15 minutes/);
    const m = await t.db.db.execute(sql`select count(*)::int as n from members where payout_destination_masked = '+2547•••••333'`);
    expect(m.rows[0]).toEqual({ n: 0 });
  });

  it('never passes a PIN sent out of the blue to the model', async () => {
    const phone = '+254700000111';
    for (const m of ['Hi', '1', 'Otieno', '8264', '8264']) await converse(phone, m);
    const seen = requests.length;
    expect(await converse(phone, '8264')).toMatch(/Nothing is waiting for your PIN/);
    expect(JSON.stringify(requests.slice(seen))).not.toContain('8264');
    // Any other bare number is an ordinary message (here: a menu choice).
    expect(await converse(phone, '6')).not.toMatch(/Nothing is waiting for your PIN/);
  });

  it('cancels a pending PIN action when the member asks for something else, and answers that', async () => {
    const phone = '+254700000112';
    for (const m of ['Hi', '1', 'Kamau', '5937', '5937']) await converse(phone, m);
    expect(await converse(phone, 'change my payout number to +254711000444')).toMatch(/PIN/);
    const before = fake.calls.length;
    expect((await say(phone, 'menu')).status).toBe(200);
    await expect.poll(() => fake.calls.slice(before).filter((c) => c.body.chatId === chat(phone)).length, { timeout: 15_000 }).toBe(2);
    const [cancelled, menu] = fake.calls
      .slice(before)
      .filter((c) => c.body.chatId === chat(phone))
      .map((c) => String(c.body.message));
    expect(cancelled).toMatch(/Cancelled/);
    expect(menu).toMatch(/Menu/);
    const m = await t.db.db.execute(sql`select count(*)::int as n from members where payout_destination_masked = '+2547•••••444'`);
    expect(m.rows[0]).toEqual({ n: 0 });
  });

  it('handles the messages of one chat strictly in order', async () => {
    const phone = '+254700000110';
    const before = fake.calls.length;
    // Three messages posted back to back: onboarding would break if they ran out of order.
    for (const text of ['Hi', '2', 'Amani']) expect((await say(phone, text)).status).toBe(200);
    await expect.poll(() => repliesTo(phone).length, { timeout: 15_000 }).toBe(3);
    const texts = fake.calls
      .slice(before)
      .filter((c) => c.body.chatId === chat(phone))
      .map((c) => String(c.body.message));
    expect(texts[0]).toContain('Likelemba');
    expect(texts[1]).toMatch(/nom/i);
    expect(texts[2]).toContain('Amani');
  });

  it('asks for the PIN before a PIN-gated tool, resumes after a restart, and the PIN never reaches a model or a log', async () => {
    const phone = '+254700000108';
    await converse(phone, 'Hi');
    await converse(phone, '1');
    await converse(phone, 'Juma');
    await converse(phone, '2580');
    await converse(phone, '2580');
    const prompt = await converse(phone, 'change my payout number to +254711000222');
    expect(prompt).toMatch(/PIN/);
    expect(await converse(phone, '1111')).toMatch(/4/); // wrong PIN: tries left told
    // Restart the whole process (new runtime, same database) between the prompt and the PIN.
    await t.app.close();
    await t.rt.close();
    t = await startTestRuntime(env(), { db: t.db, wrapModelProvider: recording });
    const done = await converse(phone, '2580');
    expect(done).toMatch(/•••|✅/);
    const m = (await t.db.db.execute(sql`select payout_destination_masked from members where payout_destination_masked is not null`)).rows[0] as {
      payout_destination_masked: string;
    };
    expect(m.payout_destination_masked).toBe('+2547•••••222');
    const everything = JSON.stringify(requests) + t.logs.join('');
    expect(everything).not.toContain('2580');
    expect(everything).not.toContain('1111');
    const inbound = await t.db.db.execute(sql`select text from inbound_messages where text in ('2580', '1111')`);
    expect(inbound.rows).toHaveLength(0);
    expect(t.logs.join('')).not.toContain('254700000108');
  });
});
