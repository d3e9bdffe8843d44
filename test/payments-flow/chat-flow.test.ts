// The contribution flow end to end through the Green API webhook (the real runtime, local model, sandbox
// providers over HTTP): PAY / "je veux payer" / "nataka kulipa" → due choice when several → method
// buttons → Mobile Money → "Use my number" → a pending prompt → answered → receipt with the ledger entry;
// the card path's Stripe link → hosted checkout page → receipt; a cancelled prompt is explained.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, t } from '../../core/i18n/index.ts';
import type { GreenApiCall } from '../../server/whatsapp/fake-greenapi.ts';
import { chatOf, type Harness, startHarness, textOf } from '../groups/helpers.ts';
import { incomingMessage } from '../../server/simulator/inbound.ts';
import { INSTANCE, TOKEN } from '../groups/helpers.ts';

const A = '+254700000811'; // English, in both groups
const B = '+254700000812'; // French, in both groups
const C = '+254700000813'; // Swahili, in Duka Circle only

type Pending = { ref: string; provider: string; kind: string; phone: string | null; amount_minor: number; currency: string };

describe('initiate_payment through WhatsApp', () => {
  let h: Harness;
  const q = async <T>(text: string, values: unknown[] = []) => (await h.t.db.pool.query(text, values)).rows as T[];

  /** Sends a text or a button press and waits for the first message to that chat matching `want`. */
  async function send(phone: string, input: { text: string } | { buttonId: string }, want: (c: GreenApiCall) => boolean = () => true): Promise<GreenApiCall> {
    const before = h.fake.calls.length;
    const res = await fetch(`${h.t.url}/webhooks/greenapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(incomingMessage(phone, input, { idInstance: INSTANCE, wid: '254700000000@c.us' })),
    });
    expect(res.status).toBe(200);
    return h.fake.waitFor(
      (c) => c.body.chatId === chatOf(phone) && h.fake.calls.indexOf(c) >= before && /^send(Message|InteractiveButtons)/.test(c.method) && want(c),
      30_000,
    );
  }
  const buttonIds = (c: GreenApiCall) => ((c.body.buttons ?? []) as Array<{ buttonId?: string; id?: string }>).map((b) => b.buttonId ?? b.id);
  const refIn = (text: string) => /pay_[0-9A-Z]{26}/.exec(text)?.[0] ?? '';
  const pendingFor = async (ref: string): Promise<Pending | undefined> =>
    ((await (await fetch(`${h.t.url}/sandbox/payments/pending`)).json()) as Pending[]).find((p) => p.ref === ref);
  /** The first message to `phone` matching `re` sent after the call at index `from`. */
  const waitText = (phone: string, re: RegExp, from: number) =>
    h.fake.waitFor((c) => c.body.chatId === chatOf(phone) && h.fake.calls.indexOf(c) >= from && re.test(textOf(c)), 30_000).then(textOf);

  /** The receipt names the ledger entry the deposit was chained as, and the first 12 hex of its hash. */
  async function expectReceipt(ref: string, text: string) {
    const [a] = await q<{ ledger_seq: string; ledger_hash: string; group_id: string; status: string; captured_minor: string }>(
      'select ledger_seq, ledger_hash, group_id, status, captured_minor from payment_attempts where ref = $1',
      [ref],
    );
    expect(a.status).toBe('succeeded');
    expect(a.ledger_hash).toMatch(/^[0-9a-f]{12}$/);
    const [ev] = await q<{ hash: string; event_type: string }>('select hash, event_type from ledger_events where group_id = $1 and seq = $2', [
      a.group_id,
      a.ledger_seq,
    ]);
    expect(ev.event_type).toBe('escrow.deposit.recorded');
    expect(ev.hash.slice(0, 12)).toBe(a.ledger_hash);
    expect(text).toContain(String(a.ledger_seq));
    expect(text).toContain(a.ledger_hash);
  }

  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z');
    await h.onboard(A, '1', 'Amina', '4821');
    await h.onboard(B, '2', 'Bertrand', '6043');
    await h.onboard(C, '3', 'Chausiku', '7395');
    const create = async (size: number, name: string) => {
      await h.converse(A, `Create a group for ${size} people, weekly, 5000 KES starting next Friday`);
      await h.converse(A, name);
      await h.converse(A, 'random');
      const created = await h.converse(A, 'CONFIRM');
      return /JOIN%20([A-Z2-9]{6})/.exec(created)?.[1] ?? '';
    };
    const duka = await create(3, 'Duka Circle');
    await h.converse(B, `JOIN ${duka}`);
    await h.converse(B, "J'ACCEPTE");
    await h.converse(C, `JOIN ${duka}`);
    await send(C, { buttonId: 'agree' });
    const family = await create(2, 'Family Circle');
    await h.converse(B, `JOIN ${family}`);
    await h.converse(B, "J'ACCEPTE");
    for (const name of ['Duka Circle', 'Family Circle']) {
      await h.converse(A, 'START');
      await h.converse(A, name);
      await h.converse(A, 'CONFIRM');
    }
    await h.settle();
    const started = await q<{ n: number }>(`select count(*)::int as n from groups where status = 'active'`);
    expect(started[0].n).toBe(2);
  }, 240_000);
  afterAll(async () => h?.close());

  it('je veux payer (two groups due) → which one → Mobile Money → my number → prompt → success → receipt', async () => {
    const choose = await send(B, { text: 'je veux payer' });
    expect(textOf(choose)).toContain('Duka Circle');
    expect(textOf(choose)).toContain('Family Circle');
    expect(textOf(choose).split('\n')[0]).toBe(t('fr', 'payment.choose_due', { lines: '' }).split('\n')[0]);
    const lines = textOf(choose).split('\n');
    const duka = lines.find((l) => l.includes('Duka Circle')) as string;
    const method = await send(B, { text: duka.trim().slice(0, 1) });
    expect(textOf(method)).toBe(t('fr', 'payment.choose_method'));
    expect(buttonIds(method)).toEqual(buttons('fr', 'payment_method').map((b) => b.id));
    const wallet = await send(B, { buttonId: 'mobile_money' });
    expect(textOf(wallet)).toContain(t('fr', 'payment.ask_wallet', { phone_masked: '' }).split('\n')[0]);
    expect(buttonIds(wallet)).toEqual(buttons('fr', 'wallet').map((b) => b.id));
    const sent = await send(B, { buttonId: 'my_number' });
    const ref = refIn(textOf(sent));
    expect(ref).not.toBe('');
    const prompt = await pendingFor(ref);
    expect(prompt).toMatchObject({ provider: 'mpesa', kind: 'collection', amount_minor: 500000, currency: 'KES' });
    expect((await h.t.db.pool.query('select group_id from payment_attempts where ref = $1', [ref])).rows[0].group_id).toBeTruthy();
    const from = h.fake.calls.length;
    expect(
      (
        await fetch(`${h.t.url}/sandbox/payments/${ref}/complete`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: 'success' }),
        })
      ).status,
    ).toBe(200);
    const receipt = await waitText(B, /Duka Circle[\s\S]*R-/, from);
    expect(receipt).toContain('R-');
    await expectReceipt(ref, receipt);
    // The due is paid: the next PAY only offers the other group.
    const next = await send(B, { text: 'je veux payer' });
    expect(textOf(next)).toBe(t('fr', 'payment.choose_method'));
    expect(textOf(await send(B, { text: 'ANNULER' }))).toBe(t('fr', 'payment.cancelled'));
  }, 120_000);

  it('nataka kulipa → Card → Stripe link → hosted checkout page → Pay → receipt', async () => {
    const method = await send(C, { text: 'nataka kulipa' });
    expect(textOf(method)).toBe(t('sw', 'payment.choose_method'));
    const link = await send(C, { buttonId: 'card' });
    const url = /https?:\/\/\S+\/sandbox\/stripe\/checkout\/(\S+)/.exec(textOf(link));
    expect(url).not.toBeNull();
    const page = await fetch(url?.[0] as string);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('5000.00 KES');
    const action = /action="([^"]+\/pay)"/.exec(html)?.[1] as string;
    const from = h.fake.calls.length;
    const paid = await fetch(`${h.t.url}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const receipt = await waitText(C, /Duka Circle[\s\S]*R-/, from);
    const [a] = await q<{ ref: string; provider: string }>(
      `select a.ref, a.provider from payment_attempts a join members m on m.id = a.member_id where a.status = 'succeeded' and a.method = 'card'`,
    );
    expect(a.provider).toBe('stripe');
    await expectReceipt(a.ref, receipt);
  }, 120_000);

  it('PAY (two groups due) → which one → Mobile Money → my number → the member cancels the prompt → told, nothing charged', async () => {
    const choose = await send(A, { text: 'PAY' });
    expect(textOf(choose)).toContain('Duka Circle');
    expect(textOf(choose)).toContain('Family Circle');
    const family = textOf(choose)
      .split('\n')
      .find((l) => l.includes('Family Circle')) as string;
    const method = await send(A, { text: family.trim().slice(0, 1) });
    expect(textOf(method)).toBe(t('en', 'payment.choose_method'));
    expect(textOf(await send(A, { buttonId: 'mobile_money' }))).toContain('Which mobile money number');
    const sent = await send(A, { buttonId: 'my_number' });
    const ref = refIn(textOf(sent));
    expect(await pendingFor(ref)).toMatchObject({ provider: 'mpesa', amount_minor: 500000 });
    const from = h.fake.calls.length;
    expect(
      (
        await fetch(`${h.t.url}/sandbox/payments/${ref}/complete`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: 'cancelled' }),
        })
      ).status,
    ).toBe(200);
    expect(await waitText(A, /cancelled on your phone/, from)).toBe(t('en', 'payment.failed.cancelled'));
    const [a] = await q<{ status: string; failure_code: string }>('select status, failure_code from payment_attempts where ref = $1', [ref]);
    expect(a).toEqual({ status: 'failed', failure_code: 'cancelled' });
    const captured = await q<{ n: number }>(
      `select count(*)::int as n from contributions c join payment_attempts a on a.contribution_id = c.id where a.ref = $1 and c.status <> 'failed'`,
      [ref],
    );
    expect(captured[0].n).toBe(0);
  }, 120_000);
});
