// Group commit for standalone captures (TigerBeetle's lesson: batch). Captures submitted to the batcher
// — different groups, or one group in arrival order — are applied in ONE transaction of two round trips:
//   1. `begin`, lock the groups' chain heads (SKIP LOCKED), read idempotency keys and state (statements
//      prepared once per session, run as one multi-statement query);
//   2. the pure core decides and chains each capture in order in Node, then `select
//      ledger_capture_write(…); commit` — one plpgsql call (migration 0011, cached plans) writes every
//      event, transfer, account delta, head and projection row, and raises if a head or row is not where
//      the batch read it, so the COMMIT in the same round trip never runs.
// One WAL flush covers the batch (the flush, not CPU, is what a batch mostly waits for on a small box).
//
// Guarantees (the same as `recordContributionCaptured` in its own transaction):
// - Per item results: a refusal, a duplicate key (`exists`) or a reused key (`idempotency_key_reused`)
//   is that item's answer and writes nothing; the others go on.
// - A batch commits whole or not at all. If anything fails before COMMIT returns (an assertion, a
//   constraint, a lost connection), the transaction is rolled back and every item of the batch is run
//   again on its own through the ordinary path, so each caller gets its own result or its own error.
//   A COMMIT whose outcome is unknown is safe to retry: captures are keyed, so a retry answers `exists`.
// - Chains never fork: heads are locked FOR UPDATE, advanced only from the seq read under the lock (the
//   write function counts the heads it moved and raises otherwise), and (group_id, seq) is the primary key.
// - Writers to different groups never wait for each other: heads are taken with SKIP LOCKED, so a group
//   whose head another transaction holds (or that has no head yet) is not waited for; its captures go to
//   the ordinary path instead, which waits for that group alone. A group is in at most one batch at a time.
import type pg from 'pg';
import { type ChainedEvent, materialize } from '../../core/escrow/engine.ts';
import { type ContributionRow, type CycleRow, createGroupState, type GroupState } from '../../core/escrow/state.ts';
import { requestHash } from '../../core/events/canonical.ts';
import { assert } from '../../core/ledger/assert.ts';
import type { Account } from '../../core/ledger/types.ts';
import type { Db } from '../client.ts';
import { createKeyedBatcher, type KeyedBatchItem } from '../keyed-batcher.ts';
import { type CaptureCommand, type ContributionCaptured, captureCommand } from './capture.ts';
import { decode } from './rows.ts';
import { lit, num, poolOf, quote } from './sql.ts';
import { type CommandResult, defaultLedgerContext, type LedgerContext, runCommand } from './store.ts';

export type CaptureBatcherOptions = {
  /** Most captures in one transaction. */
  batch_max?: number;
  /** Most batch transactions in flight at once, each on its own connection; a group is in at most one. */
  inflight_max?: number;
  /** Most captures waiting; beyond it `record` rejects at once (back-pressure, not an unbounded queue). */
  queue_max?: number;
  ctx?: LedgerContext;
  /** Test seam: runs inside the batch transaction after its write and before COMMIT; throw to simulate a crash. */
  beforeCommit?: (info: { size: number; client: pg.PoolClient }) => Promise<void> | void;
};

export type CaptureBatcherStats = { batches: number; batched: number; deferred: number; fallbacks: number; batch_size_max: number };

export type CaptureBatcher = {
  /** Records one provider capture; resolves after the transaction holding it has committed. */
  record(x: ContributionCaptured): Promise<CommandResult>;
  /** Waits for everything submitted so far; later `record` calls reject. */
  close(): Promise<void>;
  readonly stats: CaptureBatcherStats;
};

const ignore = () => {};

type Item = KeyedBatchItem<CaptureCommand, CommandResult>;

export const batch_max_default = 128;
export const inflight_max_default = 2;
export const queue_max_default = 100_000;

export function createCaptureBatcher(db: Db, opts: CaptureBatcherOptions = {}): CaptureBatcher {
  const pool = poolOf(db);
  const batch_max = opts.batch_max ?? batch_max_default;
  const inflight_max = opts.inflight_max ?? inflight_max_default;
  const queue_max = opts.queue_max ?? queue_max_default;
  const ctx = opts.ctx ?? defaultLedgerContext;
  assert(batch_max >= 1 && inflight_max >= 1 && queue_max >= 1, 'batcher limits must be positive');
  const stats: CaptureBatcherStats = { batches: 0, batched: 0, deferred: 0, fallbacks: 0, batch_size_max: 0 };
  // Keyed by group: a group is in at most one batch at a time (its captures in one batch go in arrival
  // order), and a group whose captures run on the ordinary path stays busy until they are done.
  const batcher = createKeyedBatcher<CaptureCommand, CommandResult>({
    name: 'capture batcher',
    key: (cmd) => cmd.group_id,
    batch_max,
    inflight_max,
    queue_max,
    run: (items, hold) => runBatch(items, hold),
  });

  async function runBatch(items: Item[], hold: (group_id: string) => () => void): Promise<void> {
    stats.batches += 1;
    stats.batched += items.length;
    stats.batch_size_max = Math.max(stats.batch_size_max, items.length);
    let outcome: BatchOutcome | null = null;
    let client: pg.PoolClient | null = null;
    try {
      client = await pool.connect();
      // A session that dies mid-batch also emits 'error'; the failing query already tells us.
      client.on('error', ignore);
      outcome = await applyBatch(client, items, ctx, opts.beforeCommit);
      client.off('error', ignore);
      client.release();
    } catch {
      // Rolled back (or never begun): nothing of this batch is in the database. Each capture is run again
      // on its own, so one bad capture fails alone and the others get their real results.
      if (client) {
        const c = client;
        await c.query('rollback').then(
          () => c.release(),
          (err: Error) => c.release(err),
        );
        c.off('error', ignore);
      }
      stats.fallbacks += 1;
    }
    const alone = outcome ? outcome.deferred : items;
    if (outcome) for (const [it, r] of outcome.results) it.resolve(r);
    stats.deferred += outcome ? outcome.deferred.length : 0;
    const byGroup = new Map<string, Item[]>();
    for (const it of alone) {
      const list = byGroup.get(it.value.group_id);
      if (list) list.push(it);
      else byGroup.set(it.value.group_id, [it]);
    }
    // Groups run one after another internally (their order is kept), in parallel across groups; each
    // stays busy until its captures are done (the others are free once this batch has settled).
    for (const [g, list] of byGroup) void runAlone(list, hold(g));
  }

  async function runAlone(items: Item[], release: () => void): Promise<void> {
    for (const it of items) {
      try {
        const r = await db.transaction((tx) => runCommand(tx, it.value.group_id, it.value.scope, it.value.idempotency, it.value.decide, ctx));
        it.resolve(r);
      } catch (err) {
        it.reject(err);
      }
    }
    release();
  }

  return {
    stats,
    record(x) {
      const no = batcher.refusal();
      if (no) return Promise.reject(no);
      let cmd: CaptureCommand;
      try {
        cmd = captureCommand(x);
        // Ids are inlined as literals: refuse an unsafe one here, for this capture alone.
        for (const id of [cmd.group_id, cmd.scope.cycle_id, cmd.scope.contribution_id, ...cmd.scope.account_ids]) lit(id);
      } catch (err) {
        return Promise.reject(err);
      }
      return batcher.submit(cmd);
    },
    close: () => batcher.close(),
  };
}

type BatchOutcome = { results: Map<Item, CommandResult>; deferred: Item[] };

// The batch's reads, prepared once per session (SQL-level PREPARE, so they can run inside one multi-statement
// round trip with cached plans). Explicit columns: a column added later cannot change a cached result type.
const READ_STATEMENTS = {
  // Sorted, and never waiting: a head held elsewhere is skipped (its captures take the ordinary path).
  ledger_batch_heads_v1: `(text[]) as select group_id, seq, head_hash from ledger_chain_heads where group_id = any($1) order by group_id for update skip locked`,
  // Each statement below takes its snapshot after the locks are held, so it reads current rows.
  // Pairs joined to the (group_id, idempotency_key) index: one probe each, however long the chains grow.
  ledger_batch_keys_v1: `(text[], text[]) as select e.group_id, e.idempotency_key, e.event_id, e.request_hash from unnest($1, $2) as k(group_id, idempotency_key)
    join ledger_events e on e.group_id = k.group_id and e.idempotency_key = k.idempotency_key`,
  ledger_batch_accounts_v1: `(text[]) as select id, group_id, cycle_id, member_id, currency, code, flags, debits_pending, debits_posted, credits_pending, credits_posted
    from ledger_accounts where id = any($1)`,
  ledger_batch_cycles_v1: `(text[]) as select cycle_id, group_id, currency, status, captured_minor, late_fees_minor, released_minor, refunded_minor, charged_back_minor,
    fees_minor from escrow_cycles where cycle_id = any($1)`,
  ledger_batch_contributions_v1: `(text[]) as select id, group_id, cycle_id, member_id, currency, amount_minor, late_fee_minor, refunded_minor, status, provider,
    provider_ref, captured_at, transfer_id from contributions where id = any($1)`,
};
/** Sessions (pool clients) that have the read statements prepared. */
const prepared = new WeakSet<object>();

/** Prepares what this session lacks (once per connection; a session that has them all already is just marked). */
async function prepareReads(client: pg.PoolClient): Promise<void> {
  const have = await client.query("select name from pg_prepared_statements where name like 'ledger\\_batch\\_%'");
  const names = new Set(have.rows.map((r) => String(r.name)));
  const missing = Object.entries(READ_STATEMENTS).filter(([name]) => !names.has(name));
  if (missing.length > 0) await client.query(missing.map(([name, body]) => `prepare ${name} ${body}`).join(';\n'));
  prepared.add(client);
}

function readSql(cmds: readonly CaptureCommand[]): string {
  const ids = (values: Iterable<string>) => arrayLiteral([...new Set(values)], 'text');
  const groups = [...new Set(cmds.map((c) => c.group_id))].sort();
  const keys = new Map<string, [string, string]>();
  for (const c of cmds) keys.set(`${c.group_id}\n${c.idempotency.key}`, [c.group_id, c.idempotency.key]);
  const pairs = [...keys.values()];
  return [
    'begin',
    `execute ledger_batch_heads_v1(${arrayLiteral(groups, 'text')})`,
    `execute ledger_batch_keys_v1(${arrayLiteral(
      pairs.map((p) => p[0]),
      'text',
    )}, array[${pairs.map((p) => quote(p[1])).join(',')}]::text[])`,
    `execute ledger_batch_accounts_v1(${ids(cmds.flatMap((c) => c.scope.account_ids))})`,
    `execute ledger_batch_cycles_v1(${ids(cmds.map((c) => c.scope.cycle_id))})`,
    `execute ledger_batch_contributions_v1(${ids(cmds.map((c) => c.scope.contribution_id))})`,
  ].join(';\n');
}

type EventRow = ChainedEvent['event'] & { seq: number; prev_hash: string; hash: string; idempotency_key: string | null; request_hash: string | null };

/** One locked group in a batch: its running state, what was loaded (so existing rows are updated, new ones inserted) and its new links. */
type GroupRun = {
  group_id: string;
  state: GroupState;
  baseline: Map<string, Account>;
  loaded_cycles: Set<string>;
  loaded_contributions: Set<string>;
  /** The head seq read under the lock; the head only advances from there (else the chain would fork). */
  head_seq_before: number;
  head: { seq: number; hash: string };
  events: EventRow[];
};

async function applyBatch(
  client: pg.PoolClient,
  items: readonly Item[],
  ctx: LedgerContext,
  beforeCommit: CaptureBatcherOptions['beforeCommit'],
): Promise<BatchOutcome> {
  if (!prepared.has(client)) await prepareReads(client);
  const read = (await client.query(readSql(items.map((it) => it.value)))) as unknown as pg.QueryResult[];
  assert(read.length === 6, 'batch read returned an unexpected number of results');
  const runs = new Map<string, GroupRun>();
  for (const r of read[1].rows) {
    const group_id = String(r.group_id);
    const head = { seq: num(r.seq), hash: String(r.head_hash) };
    runs.set(group_id, {
      group_id,
      state: createGroupState(group_id),
      baseline: new Map(),
      loaded_cycles: new Set(),
      loaded_contributions: new Set(),
      head_seq_before: head.seq,
      head,
      events: [],
    });
  }
  const priors = new Map(
    read[2].rows.map((r) => [`${r.group_id}\n${r.idempotency_key}`, { event_id: String(r.event_id), request_hash: String(r.request_hash) }]),
  );
  const accounts = new Map(read[3].rows.map((r) => [String(r.id), r]));
  const cycles = new Map(read[4].rows.map((r) => [String(r.cycle_id), r]));
  const contributions = new Map(read[5].rows.map((r) => [String(r.id), r]));
  // Load every locked group's rows before any decision (what its captures would each have read alone).
  for (const { value: cmd } of items) {
    const run = runs.get(cmd.group_id);
    if (!run) continue;
    const { state, baseline } = run;
    for (const id of cmd.scope.account_ids) {
      const row = accounts.get(id);
      if (row && !baseline.has(id)) {
        const a: Account = decode.account(row);
        state.ledger.accounts.set(id, a);
        baseline.set(id, a);
      }
    }
    const cy = cycles.get(cmd.scope.cycle_id);
    if (cy && cy.group_id === cmd.group_id && !state.cycles.has(cmd.scope.cycle_id)) {
      state.cycles.set(cmd.scope.cycle_id, decode.cycles(cy));
      run.loaded_cycles.add(cmd.scope.cycle_id);
    }
    const co = contributions.get(cmd.scope.contribution_id);
    if (co && co.group_id === cmd.group_id && !state.contributions.has(cmd.scope.contribution_id)) {
      state.contributions.set(cmd.scope.contribution_id, decode.contributions(co));
      run.loaded_contributions.add(cmd.scope.contribution_id);
    }
  }
  const results = new Map<Item, CommandResult>();
  const deferred: Item[] = [];
  for (const it of items) {
    const run = runs.get(it.value.group_id);
    if (!run) deferred.push(it);
    else results.set(it, decideOne(run, it.value, priors, ctx));
  }
  const writes: GroupRun[] = [];
  for (const run of runs.values()) if (run.events.length > 0) writes.push(run);
  // Second and last round trip: the write and COMMIT together (the function raises if anything is not where
  // we read it, and then the COMMIT never runs). The test seam needs them apart.
  const write = writes.length > 0 ? captureWriteSql(writes) : null;
  if (beforeCommit) {
    if (write) await client.query(write);
    await beforeCommit({ size: items.length, client });
    await client.query('commit');
  } else {
    await client.query(write ? `${write};\ncommit` : 'commit');
  }
  return { results, deferred };
}

const SAFE_ELEMENT = /^[A-Za-z0-9_:.-]{1,200}$/;

/**
 * An array literal of ids, hashes or statuses (validated against the id alphabet, then double-quoted so
 * that even an id spelled NULL stays a string) or of integers.
 */
function arrayLiteral(values: readonly (string | number | bigint)[], type: 'text' | 'bigint'): string {
  if (type === 'bigint') {
    for (const v of values) if (typeof v === 'string' || !(typeof v === 'bigint' || Number.isSafeInteger(v))) throw new Error(`not an integer: ${String(v)}`);
    return `'{${values.join(',')}}'::bigint[]`;
  }
  let out = '';
  for (const v of values) {
    if (typeof v !== 'string' || !SAFE_ELEMENT.test(v)) throw new Error(`unsafe array element: ${JSON.stringify(String(v)).slice(0, 80)}`);
    out += out === '' ? `"${v}"` : `,"${v}"`;
  }
  return `'{${out}}'::text[]`;
}

/** A shallow row with bigints as decimal strings (what jsonb_to_recordset reads back into bigint exactly). */
function flat(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = row as Record<string, unknown>;
  for (const k in r) {
    const v = r[k];
    out[k] = typeof v === 'bigint' ? v.toString() : v;
  }
  return out;
}

const jsonOrNull = (rows: readonly object[]) => (rows.length === 0 ? 'null' : `${quote(JSON.stringify(rows))}::jsonb`);

/** The batch's whole write as one `ledger_capture_write(…)` call (migration 0011), parameters inlined as literals. */
export function captureWriteSql(writes: readonly GroupRun[]): string {
  const events: EventRow[] = [];
  const transfers: object[] = [];
  const acc = { ids: [] as string[], dp: [] as bigint[], dpo: [] as bigint[], cp: [] as bigint[], cpo: [] as bigint[] };
  const newAccounts: object[] = [];
  const heads = { ids: [] as string[], prev: [] as number[], seq: [] as number[], hash: [] as string[] };
  const cyc = {
    ids: [] as string[],
    status: [] as string[],
    captured: [] as bigint[],
    late: [] as bigint[],
    released: [] as bigint[],
    refunded: [] as bigint[],
    charged_back: [] as bigint[],
    fees: [] as bigint[],
  };
  const newCycles: object[] = [];
  const newContributions: object[] = [];
  const changedContributions: object[] = [];
  for (const w of writes) {
    const { state } = w;
    const last = w.events[w.events.length - 1];
    assert(w.events[0].seq === w.head_seq_before + 1 && last.seq === w.head_seq_before + w.events.length, `events of ${w.group_id} do not continue its head`);
    for (const e of w.events) events.push(e);
    heads.ids.push(w.group_id);
    heads.prev.push(w.head_seq_before);
    heads.seq.push(last.seq);
    heads.hash.push(last.hash);
    for (const id of state.ledger.new_transfers) transfers.push(flat(state.ledger.transfers.get(id) as object));
    for (const id of state.ledger.dirty_accounts) {
      const now = state.ledger.accounts.get(id) as Account;
      const was = w.baseline.get(id);
      if (!was) {
        newAccounts.push(flat(now));
        continue;
      }
      acc.ids.push(id);
      acc.dp.push(now.debits_pending - was.debits_pending);
      acc.dpo.push(now.debits_posted - was.debits_posted);
      acc.cp.push(now.credits_pending - was.credits_pending);
      acc.cpo.push(now.credits_posted - was.credits_posted);
    }
    for (const id of state.dirty.cycles) {
      const c = state.cycles.get(id) as CycleRow;
      if (!w.loaded_cycles.has(id)) {
        newCycles.push(flat(c));
        continue;
      }
      cyc.ids.push(id);
      cyc.status.push(c.status);
      cyc.captured.push(c.captured_minor);
      cyc.late.push(c.late_fees_minor);
      cyc.released.push(c.released_minor);
      cyc.refunded.push(c.refunded_minor);
      cyc.charged_back.push(c.charged_back_minor);
      cyc.fees.push(c.fees_minor);
    }
    for (const id of state.dirty.contributions) {
      const row = flat(state.contributions.get(id) as ContributionRow);
      (w.loaded_contributions.has(id) ? changedContributions : newContributions).push(row);
    }
    // A capture changes only cycles and contributions; anything else goes through the general write (the ordinary path).
    for (const t of ['payouts', 'refunds', 'disputes', 'freezes'] as const) assert(state.dirty[t].size === 0, `a capture batch changed ${t}`);
  }
  return `select ledger_capture_write(${[
    arrayLiteral(heads.ids, 'text'),
    arrayLiteral(heads.prev, 'bigint'),
    arrayLiteral(heads.seq, 'bigint'),
    arrayLiteral(heads.hash, 'text'),
    `${quote(JSON.stringify(events))}::jsonb`,
    `${quote(JSON.stringify(transfers))}::jsonb`,
    arrayLiteral(acc.ids, 'text'),
    arrayLiteral(acc.dp, 'bigint'),
    arrayLiteral(acc.dpo, 'bigint'),
    arrayLiteral(acc.cp, 'bigint'),
    arrayLiteral(acc.cpo, 'bigint'),
    jsonOrNull(newAccounts),
    arrayLiteral(cyc.ids, 'text'),
    arrayLiteral(cyc.status, 'text'),
    arrayLiteral(cyc.captured, 'bigint'),
    arrayLiteral(cyc.late, 'bigint'),
    arrayLiteral(cyc.released, 'bigint'),
    arrayLiteral(cyc.refunded, 'bigint'),
    arrayLiteral(cyc.charged_back, 'bigint'),
    arrayLiteral(cyc.fees, 'bigint'),
    jsonOrNull(newCycles),
    jsonOrNull(newContributions),
    jsonOrNull(changedContributions),
  ].join(', ')})`;
}

/** One capture against its group's running state, exactly as `runCommand` would decide it alone. */
function decideOne(run: GroupRun, cmd: CaptureCommand, priors: Map<string, { event_id: string; request_hash: string }>, ctx: LedgerContext): CommandResult {
  const key = `${cmd.group_id}\n${cmd.idempotency.key}`;
  const hash = requestHash(cmd.idempotency.request);
  const prior = priors.get(key);
  if (prior) {
    if (prior.request_hash !== hash) {
      return { status: 'refused', code: 'idempotency_key_reused', message: `key ${cmd.idempotency.key} was used for a different request` };
    }
    return { status: 'exists', event_ids: [prior.event_id] };
  }
  const decision = cmd.decide(run.state);
  if (!decision.ok) return { status: 'refused', code: decision.code, message: decision.message };
  if (decision.drafts.length === 0) return { status: 'noop' };
  const { events, head } = materialize(run.state, decision.drafts, run.head, ctx);
  run.head = head;
  for (let i = 0; i < events.length; i++) {
    const c = events[i];
    run.events.push({
      ...c.event,
      seq: c.seq,
      prev_hash: c.prev_hash,
      hash: c.hash,
      idempotency_key: i === 0 ? cmd.idempotency.key : null,
      request_hash: i === 0 ? hash : null,
    });
  }
  // A later capture in this batch with the same key sees this one, as it would after our commit.
  priors.set(key, { event_id: events[0].event.event_id, request_hash: hash });
  return { status: 'created', events: events.map((e) => e.event), seq: head.seq };
}
