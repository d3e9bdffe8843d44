// bench:ledger — chained double-entry captures posted concurrently across 1,000 groups (contribution →
// escrow, each with its hash-chained event and projections) through the batched capture path
// (db/ledger/batch.ts, group commit), then bare single-row INSERT transactions on the same database at the
// same concurrency, and the ratio. For reference it also times the per-transaction public API
// (`db.transaction(tx => recordContributionCaptured(tx, …))`) at the same concurrency.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { newId } from '../../core/ids.ts';
import { connect, runMigrations } from '../../db/client.ts';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { createCaptureBatcher } from '../../db/ledger/batch.ts';
import { type ContributionCaptured, recordContributionCaptured } from '../../db/ledger/services.ts';

const groups_count = Number(process.env.BENCH_GROUPS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const captures_count = Number(process.env.BENCH_CAPTURES ?? 20_000);
const warmup_count = Math.min(2_000, captures_count);
/** Captures through the per-transaction public API, for reference (0 skips it). */
const tx_captures_count = Number(process.env.BENCH_TX_CAPTURES ?? 4_000);
const batch_max = Number(process.env.BENCH_BATCH_MAX ?? 128);
const inflight_max = Number(process.env.BENCH_INFLIGHT ?? 2);

/** CPU seconds of a local Postgres so far: the postmaster, its live children and those it has reaped (from /proc; null if not readable). */
function postgresCpuS(postmaster_pid: number | null): number | null {
  if (postmaster_pid === null) return null;
  const stat = (pid: string) => {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  try {
    const own = stat(String(postmaster_pid));
    // Fields after the name: state ppid … utime(12) stime(13) cutime(14) cstime(15), counted from state = 0.
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const f = stat(pid);
        if (Number(f[1]) === postmaster_pid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // exited meanwhile: its time is in the postmaster's cutime now
      }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

let postmaster_pid: number | null = null;

/** BENCH_PROFILE=<dir>: a V8 CPU profile of the measured chained phase alone (the bare phase would drown it). */
async function startProfile(): Promise<{ stop(name: string): Promise<void> }> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return { stop: async () => {} };
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `ledger-${name}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runPool(total: number, op: (i: number) => Promise<void>): Promise<{ per_s: number; p50_ms: number; p99_ms: number }> {
  const latencies: number[] = new Array(total);
  const cpu0 = process.cpuUsage();
  const debug = Boolean(process.env.BENCH_DEBUG);
  const pg0 = debug ? postgresCpuS(postmaster_pid) : null;
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
  const pg1 = debug ? postgresCpuS(postmaster_pid) : null;
  const node_cpu_s = (cpu.user + cpu.system) / 1e6;
  const pg_cpu_s = pg0 !== null && pg1 !== null ? pg1 - pg0 : null;
  if (debug) {
    console.log(
      `  node cpu ${((node_cpu_s / elapsed_s) * 100).toFixed(0)}% of one core, ${((node_cpu_s / total) * 1e3).toFixed(3)} ms per op` +
        (pg_cpu_s === null
          ? ''
          : `; postgres cpu ${((pg_cpu_s / elapsed_s) * 100).toFixed(0)}% of one core, ${((pg_cpu_s / total) * 1e3).toFixed(3)} ms per op`),
    );
  }
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
    try {
      const dir = (await pool.query("select setting from pg_settings where name = 'data_directory'")).rows[0].setting as string;
      postmaster_pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      postmaster_pid = null; // a remote or unreadable server: no Postgres CPU figures
    }
    await pool.query(
      'create table if not exists bench_insert (id bigserial primary key, group_id text not null, amount_minor bigint not null, created_at timestamptz not null default now())',
    );
    const groups = Array.from({ length: groups_count }, () => ({ id: newId('grp'), cycle: newId('cyc') }));
    const run = newId('run');
    const input = (i: number): ContributionCaptured => {
      const g = groups[i % groups_count];
      return {
        groupId: g.id,
        cycleId: g.cycle,
        contributionId: `ctr_${run}_${i}`,
        memberId: `usr_${Math.floor(i / groups_count)}`,
        provider: 'mpesa',
        providerRef: `${run}-${i}`,
        amountMinor: 250_000n,
        currency: 'KES',
        capturedAt: new Date(),
      };
    };
    const expectCreated = (i: number, r: { status: string }) => {
      if (r.status !== 'created') throw new Error(`capture ${i}: ${JSON.stringify(r)}`);
    };
    const batcher = createCaptureBatcher(db, { batch_max, inflight_max });
    const captureBatched = (i: number) => batcher.record(input(i)).then((r) => expectCreated(i, r));
    const captureTx = (i: number) => db.transaction((tx) => recordContributionCaptured(tx, input(i))).then((r) => expectCreated(i, r));
    console.log(
      `ledger bench: ${groups_count} groups, concurrency ${concurrency}, ${captures_count} captures (+${warmup_count} warm-up), batch_max ${batch_max}, inflight ${inflight_max}`,
    );
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
        p.query(
          "select coalesce(wait_event_type,'-') || ':' || coalesce(wait_event,'-') || ':' || state as w, count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() group by 1 order by 2 desc",
        ).then(
          (r) => console.log('  waits', r.rows.map((x) => `${x.w}=${x.n}`).join(' ')),
          () => {},
        );
      }, 700);
    }
    const stats0 = { ...batcher.stats };
    const profile = await startProfile();
    const chained = await runPool(captures_count, (i) => captureBatched(i + warmup_count));
    await profile.stop('chained');
    if (sampler) clearInterval(sampler);
    await probe?.end();
    const batches = batcher.stats.batches - stats0.batches;
    console.log(
      `chained captures (batched): ${chained.per_s.toFixed(0)} transfers/s, p50 ${chained.p50_ms.toFixed(2)} ms, p99 ${chained.p99_ms.toFixed(2)} ms; ` +
        `${batches} batches, ${((batcher.stats.batched - stats0.batched) / Math.max(1, batches)).toFixed(1)} captures/batch, ${batcher.stats.deferred - stats0.deferred} deferred, ${batcher.stats.fallbacks - stats0.fallbacks} fallbacks`,
    );
    await batcher.close();
    let per_tx: Awaited<ReturnType<typeof runPool>> | null = null;
    if (tx_captures_count > 0) {
      const base = warmup_count + captures_count;
      per_tx = await runPool(tx_captures_count, (i) => captureTx(base + i));
      console.log(
        `chained captures (per-transaction public API, reference): ${per_tx.per_s.toFixed(0)} transfers/s, p50 ${per_tx.p50_ms.toFixed(2)} ms, p99 ${per_tx.p99_ms.toFixed(2)} ms`,
      );
    }
    const insert = (i: number) =>
      pool.query('insert into bench_insert (group_id, amount_minor) values ($1, $2)', [groups[i % groups_count].id, 250_000]).then(() => {});
    await runPool(warmup_count, insert);
    const baseline = await runPool(captures_count, insert);
    console.log(
      `bare single-row INSERT transactions (autocommit): ${baseline.per_s.toFixed(0)} tx/s, p50 ${baseline.p50_ms.toFixed(2)} ms, p99 ${baseline.p99_ms.toFixed(2)} ms`,
    );
    const ratio = chained.per_s / baseline.per_s;
    console.log(`ratio chained / bare: ${ratio.toFixed(3)}`);
    console.log(
      JSON.stringify({
        bench: 'ledger',
        transfers_per_s: Math.round(chained.per_s),
        p50_ms: Number(chained.p50_ms.toFixed(2)),
        p99_ms: Number(chained.p99_ms.toFixed(2)),
        baseline_insert_tx_per_s: Math.round(baseline.per_s),
        ratio: Number(ratio.toFixed(3)),
        per_tx_api_transfers_per_s: per_tx ? Math.round(per_tx.per_s) : null,
      }),
    );
  } finally {
    await pool.end();
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
