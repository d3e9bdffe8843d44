// Payments-flow harness: a real Postgres, the real payments module (adapters → sandboxes over HTTP,
// webhook routes, callback → ledger handler, services, sweeps) on a real port, the real groups service
// to create, fill and start groups, and a test clock. Outbox rows stay in the table for assertions.
import net from 'node:net';
import { eq, sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestClock, type TestClock } from '../../core/clock.ts';
import { createPiiCipher, parsePiiKey, type PiiCipher } from '../../core/identity/pii.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { findOrCreateMember, updateMember, setMemberName } from '../../db/members.ts';
import { outbox } from '../../db/schema/channel.ts';
import { createLogger } from '../../server/log.ts';
import { createGroupServices } from '../../server/services/groups.ts';
import { createPaymentsModule, type PaymentsModule } from '../../server/services/payments-wiring.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

export type FlowHarness = {
  tdb: TestDatabase;
  app: FastifyInstance;
  base: string;
  clock: TestClock;
  pii: PiiCipher;
  payments: PaymentsModule;
  groups: ReturnType<typeof createGroupServices>;
  member(phone: string, name: string, locale?: 'en' | 'fr' | 'sw'): Promise<string>;
  group(opts: {
    members: string[];
    name?: string;
    currency?: string;
    minor?: bigint;
    feeBps?: number;
    quorumPercent?: number;
  }): Promise<{ groupId: string; cycles: Array<{ id: string; cycle_no: number; due_at: Date; recipient_member_id: string }> }>;
  complete(ref: string, body: Record<string, unknown>): Promise<Response>;
  pending(): Promise<Array<{ ref: string; provider: string; kind: string; phone: string | null; amount_minor: number; currency: string }>>;
  texts(phone: string): Promise<string[]>;
  close(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startFlowHarness(start = '2026-12-01T06:00:00.000Z'): Promise<FlowHarness> {
  const tdb = await createTestDatabase({ max: 8 });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clock = createTestClock(start);
  const pii = createPiiCipher(parsePiiKey('22'.repeat(32)));
  const log = createLogger('silent');
  const deliver = () => {};
  const payments = await createPaymentsModule({ db: tdb.db, pii, clock, log, deliver, publicBaseUrl: base, nodeEnv: 'test', env: {} });
  const groups = createGroupServices({ db: tdb.db, pii, clock, botPhone: '+254700000000', deliver });
  const app = Fastify({ logger: false });
  await app.register(payments.plugin);
  await app.listen({ port, host: '127.0.0.1' });
  let n = 0;
  return {
    tdb,
    app,
    base,
    clock,
    pii,
    payments,
    groups,
    async member(phone, name, locale = 'en') {
      const { member } = await findOrCreateMember(tdb.db, pii, phone, clock.now());
      await setMemberName(tdb.db, pii, member.id, name);
      await updateMember(tdb.db, member.id, { locale, onboardingStep: 'done', status: 'active' });
      return member.id;
    },
    async group(opts) {
      const currency = opts.currency ?? 'KES';
      const parsed = parseGroupRules({
        name: opts.name ?? `Umoja ${++n}`,
        contribution: { currency, minor: opts.minor ?? 100_000n },
        frequency: 'weekly',
        startDate: '2026-12-04',
        timeZone: 'Africa/Nairobi',
        membersCount: opts.members.length,
        payoutOrder: 'random',
        platformFeeBps: opts.feeBps ?? 0,
        quorumPercent: opts.quorumPercent ?? 100,
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const [org, ...rest] = opts.members;
      const created = await groups.create(org, parsed.rules, `create:${org}:${n}`);
      for (const m of rest) {
        const j = await groups.join(m, created.code, `join:${m}:${n}`);
        if (!j.ok) throw new Error(`join: ${j.code}`);
      }
      const s = await groups.start(org, created.group.id, `start:${org}:${n}`);
      if (!s.ok) throw new Error(`start: ${s.code}`);
      const r = await tdb.db.execute(sql`select id, cycle_no, due_at, recipient_member_id from cycles where group_id = ${created.group.id} order by cycle_no`);
      return {
        groupId: created.group.id,
        cycles: (r.rows as Array<Record<string, unknown>>).map((x) => ({
          id: String(x.id),
          cycle_no: Number(x.cycle_no),
          due_at: new Date(String(x.due_at)),
          recipient_member_id: String(x.recipient_member_id),
        })),
      };
    },
    complete(ref, body) {
      return fetch(`${base}/sandbox/payments/${ref}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    },
    async pending() {
      return (await fetch(`${base}/sandbox/payments/pending`)).json();
    },
    async texts(phone) {
      const rows = await tdb.db
        .select()
        .from(outbox)
        .where(eq(outbox.chatId, `${phone.slice(1)}@c.us`))
        .orderBy(outbox.createdAt, outbox.id);
      return rows.map((r) => {
        const b = r.body as { text?: string; body?: string };
        return String(b.text ?? b.body ?? '');
      });
    },
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}

/** Polls until `fn` stops throwing (callbacks arrive asynchronously from the sandbox). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
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
