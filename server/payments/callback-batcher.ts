// Group commit for provider callbacks (TigerBeetle's lesson, as db/ledger/batch.ts does for standalone
// captures): verified collection callbacks submitted while a batch is being applied wait for the next
// one, so many callbacks share one transaction, a handful of round trips and one WAL flush. `submit`
// resolves only after the COMMIT that holds the callback (the webhook answers 200 after that), so a
// crash before COMMIT loses nothing: the provider retries and the event is stored once.
//
// Guarantees:
// - A payment ref is in at most one batch at a time (queued or in flight) and at most once per batch:
//   redeliveries of one callback go through one after another, each deduplicated by the store.
// - A batch commits whole or not at all. If anything fails before COMMIT returns, it is rolled back and
//   each of its callbacks is run again alone through the ordinary path (its own transaction, the same
//   store-once and one-way transitions), so one bad callback fails alone and each caller gets its own
//   result or error. A COMMIT whose outcome is unknown is safe to rerun: events are stored once per
//   provider event id and captures are keyed.
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db, Tx } from '../../db/client.ts';
import { createKeyedBatcher, type KeyedBatchItem } from '../../db/keyed-batcher.ts';
import { poolOf } from '../../db/ledger/sql.ts';
import { forgetPaymentBatch } from '../../db/payments/callback-batch.ts';
import * as schema from '../../db/schema/index.ts';
import type { ApplyBatch } from './callback-batch.ts';
import type { VerifiedEvent } from './provider.ts';

export type CallbackBatcherOptions = {
  /** Most callbacks in one transaction. */
  batch_max?: number;
  /** Most batch transactions in flight at once (each on its own connection). */
  inflight_max?: number;
  /** Most callbacks waiting; beyond it `submit` rejects at once (the provider retries later). */
  queue_max?: number;
  /** Test seam: runs in the batch transaction after its writes and before COMMIT; throw to simulate a failure. */
  beforeCommit?: (info: { size: number; client: pg.PoolClient }) => Promise<void> | void;
};

export type CallbackBatcherStats = { batches: number; batched: number; fallbacks: number; batch_size_max: number };

export type CallbackBatcher = {
  /** Applies one verified collection event; resolves after the transaction holding it has committed. */
  submit(ev: VerifiedEvent): Promise<void>;
  /** Waits for everything submitted so far (the server is closing); `submit` keeps working. */
  drain(): Promise<void>;
  /** Waits for everything submitted so far; later `submit` calls reject. */
  close(): Promise<void>;
  readonly stats: CallbackBatcherStats;
};

/** Only single collection events with our ref are batched; everything else takes the ordinary path. */
export function batchable(events: readonly VerifiedEvent[]): boolean {
  return events.length === 1 && !!events[0].ref && (events[0].type === 'collection.succeeded' || events[0].type === 'collection.failed');
}

type Item = KeyedBatchItem<VerifiedEvent, void>;

const ignore = () => {};

export function createCallbackBatcher(
  x: {
    db: Db;
    apply: ApplyBatch;
    /** The ordinary path for one callback in its own transaction (the fallback); returns outbox ids. */
    single: (ev: VerifiedEvent) => Promise<string[]>;
    /** Outbox ids to send once their transaction has committed. */
    afterCommit?: (ids: string[]) => void;
    /** Told why a batch was rolled back (its callbacks then run alone). */
    onFallback?: (err: unknown, size: number) => void;
  },
  opts: CallbackBatcherOptions = {},
): CallbackBatcher {
  const pool = poolOf(x.db);
  const stats: CallbackBatcherStats = { batches: 0, batched: 0, fallbacks: 0, batch_size_max: 0 };
  // One payment ref per batch, and in at most one batch at a time: redeliveries go one after another.
  const batcher = createKeyedBatcher<VerifiedEvent, void>({
    name: 'callback batcher',
    key: (ev) => ev.ref as string,
    one_per_key: true,
    batch_max: opts.batch_max ?? 64,
    inflight_max: opts.inflight_max ?? 2,
    queue_max: opts.queue_max ?? 20_000,
    run: (items) => runBatch(items),
  });

  async function runBatch(items: Item[]): Promise<void> {
    stats.batches += 1;
    stats.batched += items.length;
    stats.batch_size_max = Math.max(stats.batch_size_max, items.length);
    let ids: string[] | null = null;
    let client: pg.PoolClient | null = null;
    try {
      client = await pool.connect();
      // A session that dies mid-batch also emits 'error'; the failing query already tells us.
      client.on('error', ignore);
      const c = client;
      let tx: Tx | null = null;
      const session = { client: c, tx: () => (tx ??= drizzle(c, { schema }) as unknown as Tx) };
      const before = opts.beforeCommit;
      ids = await x.apply(
        session,
        items.map((it) => it.value),
        before ? () => before({ size: items.length, client: c }) : undefined,
      );
      client.off('error', ignore);
      client.release();
    } catch (err) {
      x.onFallback?.(err, items.length);
      // Rolled back (or never begun): nothing of this batch is in the database.
      if (client) {
        const c = client;
        forgetPaymentBatch(c, err);
        await c.query('rollback').then(
          () => c.release(),
          (err: Error) => c.release(err),
        );
        c.off('error', ignore);
      }
      ids = null;
      stats.fallbacks += 1;
    }
    if (ids) {
      if (ids.length) x.afterCommit?.(ids);
      for (const it of items) it.resolve();
      return;
    }
    // Rolled back: nothing of this batch is in the database. Each callback alone, in parallel (different refs).
    await Promise.all(
      items.map(async (it) => {
        try {
          const out = await x.single(it.value);
          if (out.length) x.afterCommit?.(out);
          it.resolve();
        } catch (err) {
          it.reject(err);
        }
      }),
    );
  }

  return {
    stats,
    submit(ev) {
      if (!ev.ref && !batcher.closed) return Promise.reject(new Error('only callbacks with our ref are batched'));
      return batcher.submit(ev);
    },
    drain: () => batcher.drain(),
    close: () => batcher.close(),
  };
}
