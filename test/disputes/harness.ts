// Disputes e2e harness: the real product (runtime + fastify + workers, sandbox WhatsApp and payments) on a
// real port, members seeded with a PIN, groups created and started through the real groups service,
// contributions paid through the real payments service and sandbox callbacks, a file server for evidence.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { eq, like, sql } from 'drizzle-orm';
import { hashPin } from '../../core/identity/pin.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { findOrCreateMember, setMemberName, updateMember } from '../../db/members.ts';
import { inboundMessages, outbox } from '../../db/schema/channel.ts';
import { createLogger } from '../../server/log.ts';
import { createGroupServices } from '../../server/services/groups.ts';
import { createPaymentsModule, type PaymentsModule } from '../../server/services/payments-wiring.ts';
import { incomingMessage } from '../../server/simulator/inbound.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

export const PIN = '4827';
export const ADMIN_PHONE = '+254711000999';
/** A second listed admin, for tests that lock a TOTP. */
export const ADMIN2_PHONE = '+254711000998';

export type Harness = Awaited<ReturnType<typeof startDisputesHarness>>;

export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startDisputesHarness() {
  const t: TestRuntime = await startTestRuntime({ PLATFORM_ADMINS: `${ADMIN_PHONE},${ADMIN2_PHONE}`, PII_ENCRYPTION_KEY: '33'.repeat(32) });
  const { db, pii, clock } = t.rt;
  const log = createLogger('silent');
  // A payments module of our own over the same database and the runtime's sandbox: callbacks go to the runtime.
  const payments: PaymentsModule = await createPaymentsModule({ db, pii, clock, log, deliver: () => {}, publicBaseUrl: t.url, nodeEnv: 'test', env: {} });
  const groups = createGroupServices({ db, pii, clock, botPhone: '+254700000000', deliver: (ids) => t.rt.deliver(ids) });
  // Evidence files as Green API would serve them.
  const files = new Map<string, Buffer>();
  const fileServer = http.createServer((req, res) => {
    const f = files.get(req.url ?? '');
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(f.length) }).end(f);
  });
  await new Promise<void>((r) => fileServer.listen(0, '127.0.0.1', () => r()));
  const filesBase = `http://127.0.0.1:${(fileServer.address() as net.AddressInfo).port}`;
  let n = 0;

  async function post(phone: string, input: Parameters<typeof incomingMessage>[1]): Promise<string> {
    const idMessage = randomBytes(10).toString('hex').toUpperCase();
    const body = incomingMessage(phone, input, { idInstance: '1101000001', wid: '254700000000@c.us', idMessage });
    const res = await fetch(`${t.url}/webhooks/greenapi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`webhook ${res.status}`);
    return idMessage;
  }

  /** Sends a message and waits for the turn's replies (the outbox rows keyed by this message). */
  async function say(phone: string, text: string): Promise<string> {
    const id = await post(phone, { text });
    return replies(id);
  }

  async function replies(idMessage: string): Promise<string> {
    return eventually(async () => {
      const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.idMessage, idMessage));
      if (!row || (row.status !== 'done' && row.status !== 'failed')) throw new Error('turn pending');
      const rows = await db
        .select()
        .from(outbox)
        .where(like(outbox.idempotencyKey, `reply:${idMessage}:%`))
        .orderBy(outbox.idempotencyKey);
      if (!rows.length) throw new Error('no reply yet');
      return rows.map((r) => String((r.body as { text?: string; body?: string }).text ?? (r.body as { body?: string }).body ?? '')).join('\n---\n');
    });
  }

  return {
    t,
    db,
    pii,
    payments,
    groups,
    files,
    filesBase,
    post,
    say,
    replies,
    async sendFile(phone: string, name: string, bytes: Buffer): Promise<string> {
      files.set(`/${name}`, bytes);
      const id = await post(phone, { file: { downloadUrl: `${filesBase}/${name}`, mimeType: 'image/jpeg', fileName: name, caption: '' } } as never);
      return replies(id);
    },
    async member(phone: string, name: string, locale: 'en' | 'fr' | 'sw' = 'en') {
      const { member } = await findOrCreateMember(db, pii, phone, clock.now());
      await setMemberName(db, pii, member.id, name);
      await updateMember(db, member.id, { locale, onboardingStep: 'done', status: 'active', pinHash: await hashPin(PIN) });
      return member.id;
    },
    async group(name: string, members: string[]) {
      const parsed = parseGroupRules({
        name,
        contribution: { currency: 'KES', minor: 100_000n },
        frequency: 'weekly',
        startDate: '2026-12-04',
        timeZone: 'Africa/Nairobi',
        membersCount: members.length,
        payoutOrder: 'random',
        platformFeeBps: 0,
        quorumPercent: 50,
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const [org, ...rest] = members;
      n++;
      const created = await groups.create(org, parsed.rules, `create:${org}:${n}`);
      for (const m of rest) {
        const j = await groups.join(m, created.code, `join:${m}:${n}`);
        if (!j.ok) throw new Error(`join: ${j.code}`);
      }
      const s = await groups.start(org, created.group.id, `start:${org}:${n}`);
      if (!s.ok) throw new Error(`start: ${s.code}`);
      const r = await db.execute(sql`select id, due_at from cycles where group_id = ${created.group.id} order by cycle_no`);
      return { groupId: created.group.id, cycles: (r.rows as Array<{ id: string; due_at: string }>).map((x) => ({ id: x.id, dueAt: new Date(x.due_at) })) };
    },
    /** Pays the member's first open due by mobile money through the sandbox; returns the pay_ ref. */
    async pay(memberId: string): Promise<string> {
      const open = await payments.services.openDues(memberId);
      const r = await payments.services.collect(memberId, { cycleId: open[0].cycleId, method: 'mobile_money' }, `pay:${memberId}:${open[0].cycleId}`);
      if (r.status !== 'mobile_money') throw new Error(`collect: ${JSON.stringify(r)}`);
      const res = await fetch(`${t.url}/sandbox/payments/${r.ref}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'success' }),
      });
      if (res.status !== 200) throw new Error(`complete ${res.status}`);
      await eventually(async () => {
        const a = await db.execute(sql`select status from payment_attempts where ref = ${r.ref}`);
        if ((a.rows[0] as { status?: string } | undefined)?.status !== 'succeeded') throw new Error('not captured yet');
      });
      return r.ref;
    },
    /** Pays by card (Stripe sandbox Checkout); returns our pay_ ref and the PaymentIntent id. */
    async payCard(memberId: string): Promise<{ ref: string; pi: string }> {
      const open = await payments.services.openDues(memberId);
      const r = await payments.services.collect(memberId, { cycleId: open[0].cycleId, method: 'card' }, `card:${memberId}:${open[0].cycleId}`);
      if (!('ref' in r) || !r.ref) throw new Error(`collect: ${JSON.stringify(r)}`);
      const res = await fetch(`${t.url}/sandbox/payments/${r.ref}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'success' }),
      });
      if (res.status !== 200) throw new Error(`complete ${res.status}`);
      return eventually(async () => {
        const a = await db.execute(
          sql`select a.status, p.alt_ref, p.provider_ref from payment_attempts a join provider_payments p on p.ref = a.ref where a.ref = ${r.ref}`,
        );
        const x = a.rows[0] as { status?: string; alt_ref?: string; provider_ref?: string } | undefined;
        if (x?.status !== 'succeeded') throw new Error('not captured yet');
        const pi = [x.alt_ref, x.provider_ref].find((v) => v?.startsWith('pi_'));
        if (!pi) throw new Error('no payment intent yet');
        return { ref: r.ref as string, pi };
      });
    },
    async events(groupId: string): Promise<Array<{ event_type: string; actor: { type: string; id: string }; data: Record<string, unknown> }>> {
      const r = await db.execute(sql`select event_type, actor, data from ledger_events where group_id = ${groupId} order by seq`);
      return r.rows as never;
    },
    async close() {
      await new Promise((r) => fileServer.close(() => r(null)));
      await t.close();
    },
  };
}
