// bench:ledger — chained double-entry captures posted concurrently across 1,000 groups (contribution →
// escrow, each with its hash-chained event and projections) through the batched capture path
// (db/ledger/batch.ts, group commit), then bare single-row INSERT transactions on the same database at the
// same concurrency, and the ratio. For reference it also times the per-transaction public API
// (`db.transaction(tx => recordContributionCaptured(tx, …))`) at the same concurrency.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { createCaptureBatcher } from '../../db/ledger/batch.ts';
import { recordContributionCaptured, type ContributionCaptured } from '../../db/ledger/services.ts';
import { newId } from '../../core/ids.ts';

const groups_count = Number(process.env.BENCH_GROUPS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const captures_count = Number(process.env.BENCH_CAPTURES ?? 20_000);
const warmup_count = Math.min(2_000, captures_count);
/** Captures through the per-transaction public API, for reference (0 skips it). */
const tx_captures_count = Number(process.env.BENCH_TX_CAPTURES ?? 4_000);
const batch_max = Number(process.env.BENCH_BATCH_MAX ?? 128);
const inflight_max = Number(process.env.BENCH_INFLIGHT ?? 2);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runPool(total: number, op: (i: number) => Promise<void>): Promise<{ per_s: number; p50_ms: number; p99_ms: number }> {
  const latencies: number[] = new Array(total);
  const cpu0 = process.cpuUsage();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await op(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const elapsed_s = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (process.env.BENCH_DEBUG) console.log(`  node cpu ${(((cpu.user + cpu.system) / 1e6 / elapsed_s) * 100).toFixed(0)}% of one core`);
  latencies.sort((a, b) => a - b);
  return { per_s: total / elapsed_s, p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99) };
}

async function main() {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-bench-'));
    chmodSync(dir, 0o755);
    const srv = await startEmbeddedPostgres({ dataDir: dir, database: `bench_ledger` });
    url = srv.url;
    stop = async () => {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const { pool, db } = connect(url, { max: concurrency });
  try {
    await runMigrations(db);
    await pool.query('create table if not exists bench_insert (id bigserial primary key, group_id text not null, amount_minor bigint not null, created_at timestamptz not null default now())');
    const groups = Array.from({ length: groups_count }, () => ({ id: newId('grp'), cycle: newId('cyc') }));
    const run = newId('run');
    const input = (i: number): ContributionCaptured => {
      const g = groups[i % groups_count];
      return {
        groupId: g.id, cycleId: g.cycle, contributionId: `ctr_${run}_${i}`, memberId: `usr_${Math.floor(i / groups_count)}`, provider: 'mpesa',
        providerRef: `${run}-${i}`, amountMinor: 250_000n, currency: 'KES', capturedAt: new Date(),
      };
    };
    const expectCreated = (i: number, r: { status: string }) => {
      if (r.status !== 'created') throw new Error(`capture ${i}: ${JSON.stringify(r)}`);
    };
    const batcher = createCaptureBatcher(db, { batch_max, inflight_max });
    const captureBatched = (i: number) => batcher.record(input(i)).then((r) => expectCreated(i, r));
    const captureTx = (i: number) => db.transaction((tx) => recordContributionCaptured(tx, input(i))).then((r) => expectCreated(i, r));
    console.log(`ledger bench: ${groups_count} groups, concurrency ${concurrency}, ${captures_count} captures (+${warmup_count} warm-up), batch_max ${batch_max}, inflight ${inflight_max}`);
    // Warm-up creates every group's chain head (a group's first event takes the ordinary path).
    await runPool(warmup_count, captureBatched);
    let probe: pg.Client | undefined;
    let sampler: ReturnType<typeof setInterval> | undefined;
    if (process.env.BENCH_DEBUG) {
      probe = new pg.Client({ connectionString: url });
      probe.on('error', () => {});
      await probe.connect();
      const p = probe;
      sampler = setInterval(() => {
        p.query("select coalesce(wait_event_type,'-') || ':' || coalesce(wait_event,'-') || ':' || state as w, count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() group by 1 order by 2 desc")
          .then((r) => console.log('  waits', r.rows.map((x) => `${x.w}=${x.n}`).join(' ')), () => {});
      }, 700);
    }
    const stats0 = { ...batcher.stats };
    const chained = await runPool(captures_count, (i) => captureBatched(i + warmup_count));
    if (sampler) clearInterval(sampler);
    await probe?.end();
    const batches = batcher.stats.batches - stats0.batches;
    console.log(`chained captures (batched): ${chained.per_s.toFixed(0)} transfers/s, p50 ${chained.p50_ms.toFixed(2)} ms, p99 ${chained.p99_ms.toFixed(2)} ms; ` +
      `${batches} batches, ${((batcher.stats.batched - stats0.batched) / Math.max(1, batches)).toFixed(1)} captures/batch, ${batcher.stats.deferred - stats0.deferred} deferred, ${batcher.stats.fallbacks - stats0.fallbacks} fallbacks`);
    await batcher.close();
    let per_tx: Awaited<ReturnType<typeof runPool>> | null = null;
    if (tx_captures_count > 0) {
      const base = warmup_count + captures_count;
      per_tx = await runPool(tx_captures_count, (i) => captureTx(base + i));
      console.log(`chained captures (per-transaction public API, reference): ${per_tx.per_s.toFixed(0)} transfers/s, p50 ${per_tx.p50_ms.toFixed(2)} ms, p99 ${per_tx.p99_ms.toFixed(2)} ms`);
    }
    const insert = (i: number) => pool.query('insert into bench_insert (group_id, amount_minor) values ($1, $2)', [groups[i % groups_count].id, 250_000]).then(() => {});
    await runPool(warmup_count, insert);
    const baseline = await runPool(captures_count, insert);
    console.log(`bare single-row INSERT transactions (autocommit): ${baseline.per_s.toFixed(0)} tx/s, p50 ${baseline.p50_ms.toFixed(2)} ms, p99 ${baseline.p99_ms.toFixed(2)} ms`);
    const ratio = chained.per_s / baseline.per_s;
    console.log(`ratio chained / bare: ${ratio.toFixed(3)}`);
    console.log(JSON.stringify({
      bench: 'ledger',
      transfers_per_s: Math.round(chained.per_s),
      p50_ms: Number(chained.p50_ms.toFixed(2)),
      p99_ms: Number(chained.p99_ms.toFixed(2)),
      baseline_insert_tx_per_s: Math.round(baseline.per_s),
      ratio: Number(ratio.toFixed(3)),
      per_tx_api_transfers_per_s: per_tx ? Math.round(per_tx.per_s) : null,
    }));
  } finally {
    await pool.end();
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
