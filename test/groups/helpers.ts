// Drives WhatsApp conversations for the group tests: Green API webhook in, fake Green API out.
import { expect } from 'vitest';
import { incomingMessage } from '../../server/simulator/inbound.ts';
import { type FakeGreenApi, type GreenApiCall, startFakeGreenApi } from '../../server/whatsapp/fake-greenapi.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

export const TOKEN = 'group-webhook-token-0123456789abcdef';
export const INSTANCE = '7103000077';

export type Harness = {
  t: TestRuntime;
  fake: FakeGreenApi;
  say(phone: string, text: string): Promise<void>;
  converse(phone: string, text: string): Promise<string>;
  textsTo(phone: string, fromIndex?: number): string[];
  setClock(now: string): Promise<void>;
  advance(iso: string): Promise<void>;
  onboard(phone: string, lang: '1' | '2' | '3', name: string, pin: string): Promise<void>;
  settle(ms?: number): Promise<void>;
  close(): Promise<void>;
};

export const chatOf = (phone: string) => `${phone.slice(1)}@c.us`;
export const textOf = (c: GreenApiCall) => String(c.body.message ?? c.body.body ?? '');

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await startFakeGreenApi();
  const t = await startTestRuntime({
    GREEN_API_URL: fake.url,
    GREEN_API_MEDIA_URL: fake.url,
    GREEN_API_ID_INSTANCE: INSTANCE,
    GREEN_API_TOKEN: 'api-token',
    GREEN_API_WEBHOOK_TOKEN: TOKEN,
    PII_ENCRYPTION_KEY: '22'.repeat(32),
    ...env,
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const h: Harness = {
    t,
    fake,
    async say(phone, text) {
      const res = await post('/webhooks/greenapi', incomingMessage(phone, { text }, { idInstance: INSTANCE, wid: '254700000000@c.us' }), {
        authorization: `Bearer ${TOKEN}`,
      });
      expect(res.status).toBe(200);
    },
    async converse(phone, text) {
      const before = fake.calls.length;
      await h.say(phone, text);
      const c = await fake.waitFor(
        (x) => x.body.chatId === chatOf(phone) && fake.calls.indexOf(x) >= before && /^send(Message|InteractiveButtons)/.test(x.method),
      );
      return textOf(c);
    },
    textsTo(phone, fromIndex = 0) {
      return fake.calls
        .slice(fromIndex)
        .filter((c) => c.body.chatId === chatOf(phone))
        .map(textOf);
    },
    async setClock(now) {
      expect((await post('/sandbox/clock', { now })).status).toBe(200);
    },
    async advance(iso) {
      expect((await post('/sandbox/clock', { advance: iso })).status).toBe(200);
    },
    async onboard(phone, lang, name, pin) {
      await h.converse(phone, 'Hi');
      await h.converse(phone, lang);
      await h.converse(phone, name);
      await h.converse(phone, pin);
      await h.converse(phone, pin);
    },
    async settle(ms = 400) {
      // Outbox rows are delivered right after commit; wait until nothing is pending.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const r = await t.db.pool.query(`select count(*)::int as n from outbox where status in ('pending','sending')`);
        if (r.rows[0].n === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, ms));
    },
    async close() {
      await t.close();
      await fake.close();
    },
  };
  return h;
}
