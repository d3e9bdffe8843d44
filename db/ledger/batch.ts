// Group commit for standalone captures (TigerBeetle's lesson: batch). Captures submitted to the batcher
// — different groups, or one group in arrival order — are applied in ONE transaction: one round trip
// that begins, locks the groups' chain heads (SKIP LOCKED) and reads idempotency keys and state; the pure
// core decides and chains each capture in order; one statement writes every event, transfer, account
// delta, head and projection row; COMMIT. One WAL flush and a handful of round trips cover the batch.
//
// Guarantees (the same as `recordContributionCaptured` in its own transaction):
// - Per item results: a refusal, a duplicate key (`exists`) or a reused key (`idempotency_key_reused`)
//   is that item's answer and writes nothing; the others go on.
// - A batch commits whole or not at all. If anything fails before COMMIT returns (an assertion, a
//   constraint, a lost connection), the transaction is rolled back and every item of the batch is run
//   again on its own through the ordinary path, so each caller gets its own result or its own error.
//   A COMMIT whose outcome is unknown is safe to retry: captures are keyed, so a retry answers `exists`.
// - Chains never fork: heads are locked FOR UPDATE, advanced only from the seq read under the lock
//   (asserted), and (group_id, seq) is the primary key.
// - Writers to different groups never wait for each other: heads are taken with SKIP LOCKED, so a group
//   whose head another transaction holds (or that has no head yet) is not waited for; its captures go to
//   the ordinary path instead, which waits for that group alone. A group is in at most one batch at a time.
import type pg from 'pg';
import { materialize } from '../../core/escrow/engine.ts';
import { createGroupState } from '../../core/escrow/state.ts';
import { requestHash } from '../../core/events/canonical.ts';
import { assert } from '../../core/ledger/assert.ts';
import type { Account } from '../../core/ledger/types.ts';
import type { Db } from '../client.ts';
import { captureCommand, type CaptureCommand, type ContributionCaptured } from './capture.ts';
import { decode } from './rows.ts';
import { lit, num, poolOf, quote } from './sql.ts';
import { assertWritten, defaultLedgerContext, runCommand, WRITE_SQL, writeValues, type CommandResult, type GroupWrite, type LedgerContext } from './store.ts';

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

type Item = { cmd: CaptureCommand; resolve: (r: CommandResult) => void; reject: (e: unknown) => void };

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
  let queue: Item[] = [];
  /** Groups with a batch or an ordinary-path run in flight: their later captures wait, in order. */
  const busy = new Set<string>();
  let inflight = 0;
  let unsettled = 0;
  let scheduled = false;
  let closed = false;
  let drained: (() => void) | null = null;
  const stats: CaptureBatcherStats = { batches: 0, batched: 0, deferred: 0, fallbacks: 0, batch_size_max: 0 };

  const settle = (fn: () => void) => {
    fn();
    unsettled -= 1;
    if (unsettled === 0 && drained) drained();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask: captures submitted in the same turn of the event loop join one batch.
    setImmediate(pump);
  };

  /** Takes queued captures in order, skipping busy groups (and everything after a skipped capture of a group). */
  function take(): Item[] {
    // Share what is queued among the free slots, so batches overlap: one is decided in Node while another
    // runs in Postgres or waits for its WAL flush (one batch at a time would leave a core idle).
    const limit = Math.min(batch_max, Math.ceil(queue.length / (inflight_max - inflight)));
    const batch: Item[] = [];
    const rest: Item[] = [];
    const held = new Set<string>();
    for (const it of queue) {
      const g = it.cmd.group_id;
      if (batch.length < limit && !busy.has(g) && !held.has(g)) batch.push(it);
      else {
        rest.push(it);
        held.add(g);
      }
    }
    queue = rest;
    for (const it of batch) busy.add(it.cmd.group_id);
    return batch;
  }

  function pump(): void {
    scheduled = false;
    while (inflight < inflight_max && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inflight += 1;
      void runBatch(batch).finally(() => {
        inflight -= 1;
        schedule();
      });
    }
  }

  async function runBatch(items: Item[]): Promise<void> {
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
        await c.query('rollback').then(() => c.release(), (err: Error) => c.release(err));
        c.off('error', ignore);
      }
      stats.fallbacks += 1;
    }
    const alone = outcome ? outcome.deferred : items;
    if (outcome) for (const [it, r] of outcome.results) settle(() => it.resolve(r));
    stats.deferred += outcome ? outcome.deferred.length : 0;
    const byGroup = new Map<string, Item[]>();
    for (const it of alone) {
      const list = byGroup.get(it.cmd.group_id);
      if (list) list.push(it);
      else byGroup.set(it.cmd.group_id, [it]);
    }
    for (const g of new Set(items.map((it) => it.cmd.group_id))) if (!byGroup.has(g)) busy.delete(g);
    // Groups run one after another internally (their order is kept), in parallel across groups.
    for (const [g, list] of byGroup) void runAlone(g, list);
  }

  async function runAlone(group_id: string, items: Item[]): Promise<void> {
    for (const it of items) {
      try {
        const r = await db.transaction((tx) => runCommand(tx, it.cmd.group_id, it.cmd.scope, it.cmd.idempotency, it.cmd.decide, ctx));
        settle(() => it.resolve(r));
      } catch (err) {
        settle(() => it.reject(err));
      }
    }
    busy.delete(group_id);
    schedule();
  }

  return {
    stats,
    record(x) {
      if (closed) return Promise.reject(new Error('capture batcher is closed'));
      if (queue.length >= queue_max) return Promise.reject(new Error(`capture batcher queue is full (${queue_max})`));
      let cmd: CaptureCommand;
      try {
        cmd = captureCommand(x);
        // Ids are inlined as literals: refuse an unsafe one here, for this capture alone.
        for (const id of [cmd.group_id, cmd.scope.cycle_id, cmd.scope.contribution_id, ...cmd.scope.account_ids]) lit(id);
      } catch (err) {
        return Promise.reject(err);
      }
      unsettled += 1;
      return new Promise<CommandResult>((resolve, reject) => {
        queue.push({ cmd, resolve, reject });
        schedule();
      });
    },
    close() {
      closed = true;
      if (unsettled === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        drained = resolve;
      });
    },
  };
}

type BatchOutcome = { results: Map<Item, CommandResult>; deferred: Item[] };

function readSql(cmds: readonly CaptureCommand[]): string {
  const list = (ids: Iterable<string>) => [...new Set(ids)].map(lit).join(',');
  const groups = [...new Set(cmds.map((c) => c.group_id))].sort();
  const pairs = [...new Set(cmds.map((c) => `(${lit(c.group_id)},${quote(c.idempotency.key)})`))];
  return [
    'begin',
    // Sorted, and never waiting: a head held elsewhere is skipped (its captures take the ordinary path).
    `select group_id, seq, head_hash from ledger_chain_heads where group_id in (${groups.map(lit).join(',')}) order by group_id for update skip locked`,
    // Each statement below takes its snapshot after the locks are held, so it reads current rows.
    // Pairs joined to the (group_id, idempotency_key) index: one probe each, however long the chains grow.
    `select e.group_id, e.idempotency_key, e.event_id, e.request_hash from (values ${pairs.join(',')}) as k(group_id, idempotency_key) join ledger_events e on e.group_id = k.group_id and e.idempotency_key = k.idempotency_key`,
    `select * from ledger_accounts where id in (${list(cmds.flatMap((c) => c.scope.account_ids))})`,
    `select * from escrow_cycles where cycle_id in (${list(cmds.map((c) => c.scope.cycle_id))})`,
    `select * from contributions where id in (${list(cmds.map((c) => c.scope.contribution_id))})`,
  ].join(';\n');
}

type GroupRun = GroupWrite & { head: { seq: number; hash: string } };

async function applyBatch(
  client: pg.PoolClient,
  items: readonly Item[],
  ctx: LedgerContext,
  beforeCommit: CaptureBatcherOptions['beforeCommit'],
): Promise<BatchOutcome> {
  const read = (await client.query(readSql(items.map((it) => it.cmd)))) as unknown as pg.QueryResult[];
  assert(read.length === 6, 'batch read returned an unexpected number of results');
  const runs = new Map<string, GroupRun>();
  for (const r of read[1].rows) {
    const head = { seq: num(r.seq), hash: String(r.head_hash) };
    runs.set(String(r.group_id), { group_id: String(r.group_id), state: createGroupState(String(r.group_id)), baseline: new Map(), head_seq_before: head.seq, events: [], head });
  }
  const priors = new Map(read[2].rows.map((r) => [`${r.group_id}\n${r.idempotency_key}`, { event_id: String(r.event_id), request_hash: String(r.request_hash) }]));
  const accounts = new Map(read[3].rows.map((r) => [String(r.id), r]));
  const cycles = new Map(read[4].rows.map((r) => [String(r.cycle_id), r]));
  const contributions = new Map(read[5].rows.map((r) => [String(r.id), r]));
  // Load every locked group's rows before any decision (what its captures would each have read alone).
  for (const { cmd } of items) {
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
    if (cy && cy.group_id === cmd.group_id && !state.cycles.has(cmd.scope.cycle_id)) state.cycles.set(cmd.scope.cycle_id, decode.cycles(cy));
    const co = contributions.get(cmd.scope.contribution_id);
    if (co && co.group_id === cmd.group_id && !state.contributions.has(cmd.scope.contribution_id)) state.contributions.set(cmd.scope.contribution_id, decode.contributions(co));
  }
  const results = new Map<Item, CommandResult>();
  const deferred: Item[] = [];
  for (const it of items) {
    const run = runs.get(it.cmd.group_id);
    if (!run) deferred.push(it);
    else results.set(it, decideOne(run, it.cmd, priors, ctx));
  }
  const writes = [...runs.values()].filter((w) => w.events.length > 0);
  if (writes.length > 0) {
    const { values, expected } = writeValues(writes);
    const r = (await client.query({ name: 'ledger_write_v3', text: WRITE_SQL, values })) as pg.QueryResult;
    assertWritten(r.rows[0], expected, `${writes.length} group(s)`);
  }
  if (beforeCommit) await beforeCommit({ size: items.length, client });
  await client.query('commit');
  return { results, deferred };
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
  events.forEach((c, i) => run.events.push({ ...c, idempotency_key: i === 0 ? cmd.idempotency.key : null, request_hash: i === 0 ? hash : null }));
  // A later capture in this batch with the same key sees this one, as it would after our commit.
  priors.set(key, { event_id: events[0].event.event_id, request_hash: hash });
  return { status: 'created', events: events.map((e) => e.event), seq: head.seq };
}
