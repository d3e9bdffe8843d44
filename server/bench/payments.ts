// bench:payments — provider callbacks per second through the real webhook route into the ledger:
// signed Stripe `payment_intent.succeeded` events POSTed over HTTP to /webhooks/stripe (raw-body
// signature check, provider event stored once, then in the same transaction: payment.captured +
// escrow.deposit.recorded in the group's hash chain, the due marked paid, the receipt in the outbox and
// the quorum check). Each callback settles a different member's due in one of many groups.
// Env: BENCH_CALLBACKS (default 2000), BENCH_CONCURRENCY (32), BENCH_GROUPS (callbacks / 4).
import { appendFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { systemClock } from '../../core/clock.ts';
import { createPiiCipher, parsePiiKey } from '../../core/identity/pii.ts';
import { newId } from '../../core/ids.ts';
import { parseGroupRules, rulesToJson } from '../../core/rosca/index.ts';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { preparePaymentBatch } from '../../db/payments/callback-batch.ts';
import { createLogger } from '../log.ts';
import { sandboxCredentials } from '../payments/sandbox/keys.ts';
import { stripeSignatureHeader } from '../payments/sandbox/stripe.ts';
import { createPaymentsModule } from '../services/payments-wiring.ts';

const callbacks_count = Number(process.env.BENCH_CALLBACKS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const members_per_group = 4;
const groups_count = Number(process.env.BENCH_GROUPS ?? Math.ceil((callbacks_count + 200) / members_per_group));
const warmup_count = 200;
const debug = process.env.BENCH_DEBUG === '1';

// BENCH_DEBUG=1: count round trips (every pg query call) by their first words, to see where a callback's trips go.
const query_counts = new Map<string, number>();
const query_ms = new Map<string, number>();
/** One full text per statement kind (literal SQL only), to show the plans of the batched path's statements after the run. */
const query_sample = new Map<string, string>();
let queries_total = 0;
let counting = false;
if (debug) {
  const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: unknown, ...a: unknown[]) {
    if (counting) {
      const q = a[0] as string | { text?: string; name?: string };
      const text = typeof q === 'string' ? q : (q?.text ?? '');
      // Inlined (dollar-quoted) documents differ per call: counted under one key.
      const key = text
        .replace(/\$(j\d*x?)\$[\s\S]*?\$\1\$/g, '$…$')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 70);
      queries_total += 1;
      query_counts.set(key, (query_counts.get(key) ?? 0) + 1);
      if (typeof q === 'string' && !query_sample.has(key)) query_sample.set(key, q);
      const t0 = performance.now();
      const p = orig.apply(this, a);
      if (p && typeof (p as Promise<unknown>).then === 'function') {
        void (p as Promise<unknown>).then(
          () => query_ms.set(key, (query_ms.get(key) ?? 0) + performance.now() - t0),
          () => {},
        );
      }
      return p;
    }
    return orig.apply(this, a);
  };
}

/** utime + stime (ms) of the embedded cluster's postmaster and its children (backends, WAL writer…), from /proc, by kind. */
function clusterCpu(postmaster: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (pid: number, must_be_child: boolean) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (must_be_child && Number(f[1]) !== postmaster) return;
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // "postgres: user db 127.0.0.1(port) idle" is a client backend; the rest are background processes.
      const kind = /\d+\.\d+\.\d+\.\d+\(|\[local\]/.test(title) ? 'backends' : (/postgres: ([a-z ]+?)(\s|$)/.exec(title)?.[1] ?? 'postmaster');
      out.set(kind, (out.get(kind) ?? 0) + (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // gone
    }
  };
  add(postmaster, false);
  for (const d of readdirSync('/proc')) if (/^\d+$/.test(d) && Number(d) !== postmaster) add(Number(d), true);
  return out;
}

/** CPU (ms) of the cluster's processes by pid, sampled every 200 ms until stop(): a backend that exits mid-run
 * (the pool closes idle connections) keeps what it used up to its last sample instead of vanishing. */
function trackCluster(postmaster: number): { stop(): number } {
  const cpuOf = (pid: number): number | null => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return pid === postmaster || Number(x[1]) === postmaster ? (Number(x[11]) + Number(x[12])) * 10 : null;
    } catch {
      return null;
    }
  };
  const pids = () => [
    postmaster,
    ...readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number),
  ];
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = (initial: boolean) => {
    for (const pid of pids()) {
      const ms = cpuOf(pid);
      if (ms === null) continue;
      if (initial) first.set(pid, ms);
      last.set(pid, ms);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 200);
  return {
    stop() {
      clearInterval(timer);
      sample(false);
      let total = 0;
      for (const [pid, ms] of last) total += ms - (first.get(pid) ?? 0);
      return total;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function main() {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-bench-pay-'));
    chmodSync(dir, 0o755);
    const srv = await startEmbeddedPostgres({ dataDir: dir, database: 'bench_payments' });
    url = srv.url;
    stop = async () => {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const { pool, db } = connect(url, { max: concurrency + 4 });
  // BENCH_EXPLAIN=<file>: every statement's executed plan with timings (auto_explain, sent as notices) into that file.
  const explainFile = process.env.BENCH_EXPLAIN;
  if (explainFile) {
    pool.on('connect', (c) => {
      c.on('notice', (n) => appendFileSync(explainFile, `${n.message}\n----\n`));
      void c
        .query(
          `load 'auto_explain'; set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on; set auto_explain.log_level = notice; set auto_explain.log_nested_statements = on`,
        )
        .catch(() => {});
    });
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = Fastify({ logger: false });
  try {
    await runMigrations(db);
    const pii = createPiiCipher(parsePiiKey('44'.repeat(32)));
    const whsec = (await sandboxCredentials(db)).stripe.webhookSecret;
    const payments = await createPaymentsModule({
      db,
      pii,
      clock: systemClock,
      log: createLogger(debug ? 'warn' : 'silent'),
      deliver: () => {},
      publicBaseUrl: base,
      nodeEnv: 'test',
      env: {
        PAYMENTS_CALLBACK_BATCH: process.env.PAYMENTS_CALLBACK_BATCH,
        PAYMENTS_CALLBACK_BATCH_MAX: process.env.PAYMENTS_CALLBACK_BATCH_MAX,
        PAYMENTS_CALLBACK_BATCH_INFLIGHT: process.env.PAYMENTS_CALLBACK_BATCH_INFLIGHT,
      },
    });
    await app.register(payments.plugin);
    // Same-run yardstick (the box is shared, so absolute figures swing with other people's load): the same
    // HTTP client and signed body against a route that only checks the signature and stores the body with
    // one autocommit INSERT. callbacks/s ÷ this is the figure to compare across runs.
    await pool.query('create table if not exists bench_baseline (id text primary key, body jsonb not null)');
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      scope.post('/bench/baseline', async (req, reply) => {
        const body = req.body as Buffer;
        stripeSignatureHeader(body.toString('utf8'), whsec);
        const ev = JSON.parse(body.toString('utf8')) as { id: string };
        await pool.query('insert into bench_baseline (id, body) values ($1, $2::jsonb)', [ev.id, body.toString('utf8')]);
        return reply.code(200).send({ received: true });
      });
    });
    await app.listen({ port, host: '127.0.0.1' });

    // Seed (set-based SQL): groups of 4 with one cycle, a due per member, a pending Stripe collection per due.
    const parsed = parseGroupRules({
      name: 'Bench',
      contribution: { currency: 'KES', minor: 100_000n },
      frequency: 'weekly',
      startDate: '2030-01-04',
      timeZone: 'Africa/Nairobi',
      membersCount: members_per_group,
      payoutOrder: 'random',
    });
    if (!parsed.ok) throw new Error('rules');
    const rules = JSON.stringify(rulesToJson(parsed.rules));
    const refs: string[] = [];
    const seeded = performance.now();
    for (let g = 0; g < groups_count; g++) {
      const gid = newId('grp');
      const cid = newId('cyc');
      const mids = Array.from({ length: members_per_group }, () => newId('usr'));
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(
          `insert into groups (id, name, organizer_id, status, currency, contribution_minor, frequency, start_date, time_zone, members_count, payout_order, rules, seed_enc, seed_commitment, creation_key)
           values ($1, $2, $3, 'active', 'KES', 100000, 'weekly', '2030-01-04', 'Africa/Nairobi', $4, 'random', $5::jsonb, 'x', 'x', $1)`,
          [gid, `Bench ${g}`, mids[0], members_per_group, rules],
        );
        await client.query(
          `insert into cycles (id, group_id, cycle_no, due_date, due_at, grace_deadline_at, recipient_member_id) values ($1, $2, 1, '2030-01-04', '2030-01-04T15:00:00Z', '2030-01-05T15:00:00Z', $3)`,
          [cid, gid, mids[0]],
        );
        for (const [i, mid] of mids.entries()) {
          const phone = `+2547${String(g).padStart(7, '0')}${i}`;
          await client.query(
            `insert into members (id, phone_index, phone_enc, phone_masked, country, name_enc, locale, status, onboarding_step) values ($1, $2, $3, $4, 'KE', $5, 'en', 'active', 'done')`,
            [mid, pii.blindIndex(phone), pii.encrypt(phone), phone, pii.encrypt(`Member ${i}`)],
          );
          await client.query(`insert into group_members (group_id, member_id, role) values ($1, $2, $3)`, [gid, mid, i === 0 ? 'organizer' : 'member']);
          await client.query(
            `insert into dues (cycle_id, member_id, group_id, amount_minor, currency, due_at) values ($1, $2, $3, 100000, 'KES', '2030-01-04T15:00:00Z')`,
            [cid, mid, gid],
          );
          const ref = newId('pay');
          await client.query(
            `insert into provider_payments (ref, provider, kind, amount_minor, currency, provider_ref) values ($1, 'stripe', 'collection', 100000, 'KES', $2)`,
            [ref, `cs_${ref}`],
          );
          await client.query(
            `insert into payment_attempts (ref, contribution_id, idempotency_key, group_id, cycle_id, member_id, method, provider, amount_minor, currency, created_at)
             values ($1, $2, $1, $3, $4, $5, 'card', 'stripe', 100000, 'KES', now())`,
            [ref, newId('ctr'), gid, cid, mid],
          );
          refs.push(ref);
        }
        await client.query('commit');
      } finally {
        client.release();
      }
    }
    // As a database in service would be: statistics that know the tables' sizes (autovacuum's analyze, done now).
    await pool.query('analyze');
    console.log(`seeded ${groups_count} groups, ${refs.length} pending collections in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    // Interleave groups so concurrent callbacks mostly hit different chains (as real traffic would).
    const order = refs
      .map((r, i) => ({ r, k: (i % members_per_group) * groups_count + Math.floor(i / members_per_group) }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.r);

    const bodyFor = (ref: string) =>
      JSON.stringify({
        id: `evt_${ref.slice(4)}`,
        object: 'event',
        api_version: '2026-07-29.dahlia',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        type: 'payment_intent.succeeded',
        data: {
          object: {
            id: `pi_${ref.slice(4)}`,
            object: 'payment_intent',
            amount: 100000,
            amount_received: 100000,
            currency: 'kes',
            status: 'succeeded',
            metadata: { likelemba_ref: ref },
          },
        },
      });
    let route = '/webhooks/stripe';
    async function post(ref: string): Promise<void> {
      const body = bodyFor(ref);
      const res = await fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, whsec) },
        body,
      });
      if (res.status !== 200) throw new Error(`webhook ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
    // CPU per callback (Node process, Postgres cluster): comparable across runs even when wall-clock is not.
    const backend = Number((await pool.query('select pg_backend_pid() as pid')).rows[0].pid);
    const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] ?? 0);
    async function runPool(list: string[]): Promise<{ per_s: number; p50_ms: number; p99_ms: number; node_cpu_ms: number; pg_cpu_ms: number }> {
      const lat: number[] = new Array(list.length);
      let next = 0;
      const node0 = process.cpuUsage();
      const pgTrack = postmaster ? trackCluster(postmaster) : null;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < list.length) {
            const i = next++;
            const s = performance.now();
            await post(list[i]);
            lat[i] = performance.now() - s;
          }
        }),
      );
      const secs = (performance.now() - t0) / 1000;
      const node = process.cpuUsage(node0);
      const pg_ms = pgTrack ? pgTrack.stop() : 0;
      lat.sort((a, b) => a - b);
      return {
        per_s: list.length / secs,
        p50_ms: percentile(lat, 50),
        p99_ms: percentile(lat, 99),
        node_cpu_ms: (node.user + node.system) / 1000 / list.length,
        pg_cpu_ms: pg_ms / list.length,
      };
    }
    const warm = order.slice(0, Math.min(warmup_count, order.length));
    const measured = order.slice(warm.length, warm.length + callbacks_count);
    await runPool(warm);
    route = '/bench/baseline';
    const baseline = await runPool(measured);
    route = '/webhooks/stripe';
    counting = debug;
    // BENCH_DEBUG: sample what the database sessions are doing (state / wait event) while the run lasts.
    const waits = new Map<string, number>();
    let sampling = debug;
    const sampler = (async () => {
      while (sampling) {
        const w = await pool.query(
          `select state, coalesce(wait_event_type || ':' || wait_event, 'cpu') as w from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        );
        for (const x of w.rows) waits.set(`${x.state} ${x.w}`, (waits.get(`${x.state} ${x.w}`) ?? 0) + 1);
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    const cpu0 = process.cpuUsage();
    const kinds0 = postmaster ? clusterCpu(postmaster) : new Map<string, number>();
    const r = await runPool(measured);
    const kinds1 = postmaster ? clusterCpu(postmaster) : new Map<string, number>();
    const cpu = process.cpuUsage(cpu0);
    counting = false;
    sampling = false;
    await sampler;
    if (debug) {
      const n = [...waits.values()].reduce((a, b) => a + b, 0);
      console.log('database sessions (share of samples):');
      for (const [k, v] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${((100 * v) / n).toFixed(1)}%  ${k}`);
    }
    if (debug) {
      const parts = [...kinds1].map(([k, v]) => `${k} ${((v - (kinds0.get(k) ?? 0)) / measured.length).toFixed(2)}`).join(', ');
      console.log(`postgres cpu per callback by process kind (ms): ${parts}`);
      console.log(
        `node cpu per callback: ${((cpu.user + cpu.system) / 1000 / measured.length).toFixed(2)} ms; round trips per callback: ${(queries_total / measured.length).toFixed(2)}`,
      );
      for (const [k, n] of [...query_counts].sort((a, b) => b[1] - a[1]))
        console.log(`  ${(n / measured.length).toFixed(2)}  ${((query_ms.get(k) ?? 0) / n).toFixed(1).padStart(6)} ms  ${k}`);
      // Plans of the batched path's prepared statements (on one connection prepared for it): full scans stand out.
      const c = await pool.connect();
      try {
        await preparePaymentBatch(c);
        for (const text of query_sample.values()) {
          for (const part of text.split(';\n').map((x) => x.trim())) {
            if (!part.startsWith('execute pcb_')) continue;
            try {
              await c.query('begin');
              const e = await c.query(`explain ${part}`);
              const lines = e.rows.map((x) => String(Object.values(x)[0]));
              const scans = lines.filter((l) => /Seq Scan|Hash Join|Nested Loop|Index/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/, ''));
              console.log(`  plan ${part.slice(0, 40)}: ${scans.join(' | ')}`);
            } finally {
              await c.query('rollback');
            }
          }
        }
      } finally {
        c.release();
      }
      if (payments.batcher) {
        const b = payments.batcher.stats;
        console.log(
          `callback batcher: ${b.batches} batches, ${(b.batched / Math.max(1, b.batches)).toFixed(1)} callbacks per batch (max ${b.batch_size_max}), ${b.fallbacks} fell back to the single path`,
        );
      }
    }
    const check = await pool.query(
      `select (select count(*) from payment_attempts where status = 'succeeded')::int as ok,
              (select count(*) from ledger_events where event_type = 'payment.captured')::int as captures,
              (select count(*) from ledger_events where event_type = 'escrow.deposit.recorded')::int as deposits`,
    );
    const c = check.rows[0];
    const expected = warm.length + measured.length;
    const ratio = r.per_s / baseline.per_s;
    const cpuText = (x: { node_cpu_ms: number; pg_cpu_ms: number }) =>
      `CPU per callback: node ${x.node_cpu_ms.toFixed(2)} ms (bench client included), postgres ${x.pg_cpu_ms.toFixed(2)} ms`;
    console.log(
      `baseline (signature + one INSERT) at concurrency ${concurrency}: ${baseline.per_s.toFixed(0)}/s, p50 ${baseline.p50_ms.toFixed(1)} ms, p99 ${baseline.p99_ms.toFixed(1)} ms; ${cpuText(baseline)}`,
    );
    console.log(
      `callbacks ${measured.length} at concurrency ${concurrency}: ${r.per_s.toFixed(0)}/s, p50 ${r.p50_ms.toFixed(1)} ms, p99 ${r.p99_ms.toFixed(1)} ms; ratio to baseline ${ratio.toFixed(3)}; load average ${os.loadavg()[0].toFixed(1)}; ${cpuText(r)}`,
    );
    console.log(`ledger: ${c.captures} captures, ${c.deposits} deposits, ${c.ok} payments succeeded (expected ${expected} each)`);
    if (c.ok !== expected || c.captures !== expected || c.deposits !== expected) throw new Error('bench: not every callback was applied exactly once');
    console.log(
      JSON.stringify({
        bench: 'payments',
        callbacks_per_s: Math.round(r.per_s),
        p50_ms: Number(r.p50_ms.toFixed(2)),
        p99_ms: Number(r.p99_ms.toFixed(2)),
        baseline_per_s: Math.round(baseline.per_s),
        ratio: Number(ratio.toFixed(3)),
        load_avg: Number(os.loadavg()[0].toFixed(2)),
        node_cpu_ms: Number(r.node_cpu_ms.toFixed(3)),
        pg_cpu_ms: Number(r.pg_cpu_ms.toFixed(3)),
        baseline_node_cpu_ms: Number(baseline.node_cpu_ms.toFixed(3)),
        baseline_pg_cpu_ms: Number(baseline.pg_cpu_ms.toFixed(3)),
      }),
    );
  } finally {
    await app.close();
    await pool.end();
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
