// The scheduling half of a keyed group commit (db/ledger/batch.ts for captures, keyed by group;
// server/payments/callback-batcher.ts for provider callbacks, keyed by payment ref): items submitted while
// batches run wait for the next one, so many share one transaction. What a batch does is the caller's
// `run`; this only decides which items go together and when (db/group-commit.ts is the unkeyed, one at a
// time cousin for small independent writes).
//
// Rules:
// - A key is in at most one batch at a time: its items wait, in submission order, until the batch that
//   holds it has settled (or until the run lets go of a key it `hold`s past the batch).
// - Once an item of a key waits, every later item of that key waits too (order per key is kept).
// - `one_per_key`: at most one item of a key per batch; otherwise a free key's items join one batch in order.
// - At most `inflight_max` batches run at once; what is queued is shared among the free slots (so one
//   batch is decided in Node while another runs in Postgres or waits for its WAL flush), at most
//   `batch_max` items each.
// - Back-pressure: beyond `queue_max` waiting items `submit` rejects at once (not an unbounded queue).
// - `drain` waits for everything submitted so far; `close` does too, and later `submit` calls reject.

export type KeyedBatchItem<T, R> = { value: T; resolve: (r: R) => void; reject: (err: unknown) => void };

export type KeyedBatcherOptions<T, R> = {
  /** Names the batcher in its errors ("capture batcher is closed"). */
  name: string;
  key: (value: T) => string;
  batch_max: number;
  inflight_max: number;
  queue_max: number;
  /** At most one item of a key per batch. */
  one_per_key?: boolean;
  /**
   * Runs one batch and settles each of its items (each exactly once). Its keys stay busy until the returned
   * promise settles; `hold(key)` keeps one busy longer, until the function it returns is called.
   */
  run: (batch: KeyedBatchItem<T, R>[], hold: (key: string) => () => void) => Promise<void>;
};

export type KeyedBatcher<T, R> = {
  /** Queues one item; resolves or rejects as `run` settles it. */
  submit(value: T): Promise<R>;
  /** Why `submit` would reject now (closed, queue full), or null. */
  refusal(): Error | null;
  readonly closed: boolean;
  /** Waits for everything submitted so far; `submit` keeps working. */
  drain(): Promise<void>;
  /** Waits for everything submitted so far; later `submit` calls reject. */
  close(): Promise<void>;
};

export function createKeyedBatcher<T, R>(o: KeyedBatcherOptions<T, R>): KeyedBatcher<T, R> {
  let queue: KeyedBatchItem<T, R>[] = [];
  /** Keys with a batch (or a run's `hold`) in flight: their later items wait, in order. */
  const busy = new Set<string>();
  let inflight = 0;
  let unsettled = 0;
  let scheduled = false;
  let closed = false;
  let drained: (() => void) | null = null;

  const settle = (fn: () => void) => {
    fn();
    unsettled -= 1;
    if (unsettled === 0 && drained) drained();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask: items submitted in the same turn of the event loop join one batch.
    setImmediate(pump);
  };

  /** Takes queued items in order, skipping busy keys (and everything after a skipped item of a key). */
  function take(): KeyedBatchItem<T, R>[] {
    const limit = Math.min(o.batch_max, Math.ceil(queue.length / (o.inflight_max - inflight)));
    const batch: KeyedBatchItem<T, R>[] = [];
    const rest: KeyedBatchItem<T, R>[] = [];
    const held = new Set<string>();
    for (const it of queue) {
      const k = o.key(it.value);
      if (batch.length < limit && !busy.has(k) && !held.has(k)) {
        batch.push(it);
        if (o.one_per_key) held.add(k);
      } else {
        rest.push(it);
        held.add(k);
      }
    }
    queue = rest;
    for (const it of batch) busy.add(o.key(it.value));
    return batch;
  }

  function pump(): void {
    scheduled = false;
    while (inflight < o.inflight_max && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inflight += 1;
      const kept = new Set<string>();
      const hold = (k: string) => {
        kept.add(k);
        return () => {
          busy.delete(k);
          schedule();
        };
      };
      void o.run(batch, hold).finally(() => {
        inflight -= 1;
        for (const it of batch) {
          const k = o.key(it.value);
          if (!kept.has(k)) busy.delete(k);
        }
        schedule();
      });
    }
  }

  const refusal = (): Error | null => {
    if (closed) return new Error(`${o.name} is closed`);
    if (queue.length >= o.queue_max) return new Error(`${o.name} queue is full (${o.queue_max})`);
    return null;
  };

  return {
    get closed() {
      return closed;
    },
    refusal,
    submit(value) {
      const no = refusal();
      if (no) return Promise.reject(no);
      unsettled += 1;
      return new Promise<R>((resolve, reject) => {
        let done = false;
        const once = (fn: () => void) => {
          if (done) return;
          done = true;
          settle(fn);
        };
        queue.push({ value, resolve: (r) => once(() => resolve(r)), reject: (err) => once(() => reject(err)) });
        schedule();
      });
    },
    drain() {
      if (unsettled === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const prev = drained;
        drained = () => {
          drained = prev;
          prev?.();
          resolve();
        };
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
