// Crash test: the real server (`node server/main.ts`, web + workers in one process) on a test database,
// SIGKILLed at random points while provider callbacks arrive (the sandbox sends them from inside the
// server, so a kill also loses callbacks in flight), restarted each time. Afterwards the sandbox clock
// moves on, reconciliation asks the provider about whatever is still pending, and every payment must be
// recorded exactly once: one capture per contribution, every due paid, the ledger verified clean.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { createPiiCipher, parsePiiKey } from '../../core/identity/pii.ts';
import { parseGroupRules } from '../../core/rosca/index.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { findOrCreateMember, setMemberName, updateMember } from '../../db/members.ts';
import { createLogger } from '../../server/log.ts';
import { createGroupServices } from '../../server/services/groups.ts';
import { createPaymentsModule } from '../../server/services/payments-wiring.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { freePort } from './harness.ts';

const KEY = '33'.repeat(32);
const GROUPS = 4;
const MEMBERS = 4;

let tdb: TestDatabase;
let dataDir: string;
let port: number;
let child: ChildProcess | null = null;
const base = () => `http://127.0.0.1:${port}`;

async function startServer(): Promise<void> {
  child = spawn(path.resolve('node_modules/.bin/node'), ['server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: tdb.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: base(),
      DATA_DIR: dataDir,
      PII_ENCRYPTION_KEY: KEY,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base()}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function kill(): Promise<void> {
  const c = child;
  if (!c || c.exitCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await exited;
  child = null;
}

beforeAll(async () => {
  tdb = await createTestDatabase({ max: 4 });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-crash-'));
  port = await freePort();
  await startServer();
}, 120_000);

afterAll(async () => {
  await kill();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('payments survive SIGKILL', () => {
  it('records every payment exactly once across random kills and restarts', async () => {
    const pii = createPiiCipher(parsePiiKey(KEY));
    const log = createLogger('silent');
    // This process plays the members' phones: it starts collections through the server's sandbox.
    const payments = await createPaymentsModule({
      db: tdb.db,
      pii,
      clock: systemClock,
      log,
      deliver: () => {},
      publicBaseUrl: base(),
      nodeEnv: 'test',
      env: {},
    });
    const groups = createGroupServices({ db: tdb.db, pii, clock: systemClock, botPhone: '+254700000000', deliver: () => {} });
    const refs: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      const ids: string[] = [];
      for (let m = 0; m < MEMBERS; m++) {
        const { member } = await findOrCreateMember(tdb.db, pii, `+2547330${g}${m}${String(g * 10 + m).padStart(3, '0')}`, new Date());
        await setMemberName(tdb.db, pii, member.id, `M${g}${m}`);
        await updateMember(tdb.db, member.id, { locale: 'en', onboardingStep: 'done', status: 'active' });
        ids.push(member.id);
      }
      const start = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const parsed = parseGroupRules({
        name: `Crash ${g}`,
        contribution: { currency: 'KES', minor: 50_000n },
        frequency: 'weekly',
        startDate: start,
        timeZone: 'Africa/Nairobi',
        membersCount: MEMBERS,
        payoutOrder: 'random',
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const created = await groups.create(ids[0], parsed.rules, `crash-create-${g}`);
      for (const m of ids.slice(1)) await groups.join(m, created.code, `crash-join-${g}-${m}`);
      const s = await groups.start(ids[0], created.group.id, `crash-start-${g}`);
      if (!s.ok) throw new Error(s.code);
      for (const m of ids) {
        const due = (await payments.services.openDues(m))[0];
        const r = await payments.services.collect(m, { cycleId: due.cycleId, method: 'mobile_money' }, `crash-pay-${m}`);
        if (r.status !== 'mobile_money') throw new Error(`collect: ${r.status}`);
        refs.push(r.ref);
      }
    }

    // Answer the prompts in waves (each success delivered 3 times, out of order); kill the server at a
    // random moment in each wave, restart it, and re-ask for whatever the kill interrupted.
    const answered = new Set<string>();
    const complete = async (ref: string) => {
      try {
        const res = await fetch(`${base()}/sandbox/payments/${ref}/complete`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: 'out_of_order', copies: 3, delay_ms: Math.floor(Math.random() * 400) }),
        });
        if (res.status === 200 || res.status === 409) answered.add(ref);
      } catch {
        // the server died under us: asked again after the restart
      }
    };
    let kills = 0;
    for (let wave = 0; answered.size < refs.length && wave < 5; wave++) {
      const todo = refs.filter((r) => !answered.has(r));
      const inFlight = Promise.all(todo.map((r) => complete(r)));
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 300));
      await kill();
      kills++;
      await inFlight;
      await startServer();
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    // Whatever the kills kept from being answered is answered now, on a server left running.
    for (let i = 0; i < 5 && answered.size < refs.length; i++) await Promise.all(refs.filter((r) => !answered.has(r)).map((r) => complete(r)));
    expect(answered.size).toBe(refs.length);

    // Let in-flight callbacks land, then move the clock so reconciliation queries the rest.
    await new Promise((r) => setTimeout(r, 1500));
    const moved = await fetch(`${base()}/sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'PT10M' }),
    });
    expect(moved.status).toBe(200);
    const until = Date.now() + 60_000;
    for (;;) {
      const r = await tdb.db.execute(sql`select count(*)::int as n from payment_attempts where status = 'succeeded'`);
      if (Number((r.rows[0] as { n: number }).n) === refs.length) break;
      if (Date.now() > until) throw new Error(`only ${(r.rows[0] as { n: number }).n} of ${refs.length} payments settled`);
      await fetch(`${base()}/sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT3M' }) });
      await new Promise((res) => setTimeout(res, 500));
    }

    const caps = await tdb.db.execute(sql`
      select a.ref, (select count(*) from ledger_events e where e.event_type = 'payment.captured' and e.data->>'contribution_id' = a.contribution_id)::int as captures,
        (select count(*) from ledger_events e where e.event_type = 'escrow.deposit.recorded' and e.data->>'contribution_id' = a.contribution_id)::int as deposits
      from payment_attempts a`);
    for (const row of caps.rows as Array<{ ref: string; captures: number; deposits: number }>) {
      expect({ ref: row.ref, captures: row.captures, deposits: row.deposits }).toEqual({ ref: row.ref, captures: 1, deposits: 1 });
    }
    const dues = await tdb.db.execute(
      sql`select count(*) filter (where d.status = 'paid')::int as paid from dues d join cycles c on c.id = d.cycle_id where c.cycle_no = 1`,
    );
    expect(Number((dues.rows[0] as { paid: number }).paid)).toBe(GROUPS * MEMBERS);
    const receipts = await tdb.db.execute(
      sql`select count(*)::int as n, count(distinct idempotency_key)::int as d from outbox where idempotency_key like 'payment:%:receipt'`,
    );
    expect(receipts.rows[0]).toEqual({ n: GROUPS * MEMBERS, d: GROUPS * MEMBERS });
    const report = await tdb.db.transaction((tx) => verifyLedger(tx, {}));
    expect(report.faults).toEqual([]);
  }, 240_000);
});
