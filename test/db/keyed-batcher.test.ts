// The keyed batch scheduler (db/keyed-batcher.ts) on its own, with a fake `run` that records each batch and
// settles it when the test says so: order per key, no key in two batches at once, at most one item of a key
// per batch with `one_per_key`, the in-flight bound, `hold` keeping a key busy past its batch, back-pressure,
// drain and close.
import { describe, expect, it } from 'vitest';
import { createKeyedBatcher, type KeyedBatchItem } from '../../db/keyed-batcher.ts';

type V = { key: string; n: number };

/** A batcher whose batches wait until `finish(i)`; records every batch and the keys busy at each start. */
function harness(o: { batch_max?: number; inflight_max?: number; queue_max?: number; one_per_key?: boolean } = {}) {
  const batches: V[][] = [];
  const open = new Map<number, { items: KeyedBatchItem<V, string>[]; done: () => void; hold: (k: string) => () => void }>();
  const running = new Set<string>();
  let inflight = 0;
  let inflight_seen = 0;
  const overlaps: string[] = [];
  const b = createKeyedBatcher<V, string>({
    name: 'test batcher',
    key: (v) => v.key,
    batch_max: o.batch_max ?? 4,
    inflight_max: o.inflight_max ?? 2,
    queue_max: o.queue_max ?? 1000,
    one_per_key: o.one_per_key,
    run: (items, hold) => {
      const i = batches.length;
      batches.push(items.map((it) => it.value));
      inflight += 1;
      inflight_seen = Math.max(inflight_seen, inflight);
      const keys = new Set(items.map((it) => it.value.key));
      for (const k of keys) if (running.has(k)) overlaps.push(k);
      for (const k of keys) running.add(k);
      return new Promise<void>((resolve) => {
        open.set(i, {
          items,
          hold,
          done: () => {
            for (const it of items) it.resolve(`${it.value.key}#${it.value.n}`);
            for (const k of keys) running.delete(k);
            inflight -= 1;
            open.delete(i);
            resolve();
          },
        });
      });
    },
  });
  const tick = () => new Promise<void>((r) => setImmediate(r));
  /** Lets every batch run to the end, round after round, until nothing is queued or open. */
  const settleAll = async () => {
    for (let round = 0; round < 1000; round++) {
      await tick();
      await tick();
      if (open.size === 0) return;
      for (const x of [...open.values()]) x.done();
    }
    throw new Error('batches never ended');
  };
  return { b, batches, open, overlaps, settleAll, tick, inflightSeen: () => inflight_seen };
}

describe('keyed batch scheduler', () => {
  it('keeps each key in submission order and never puts a key in two batches at once', async () => {
    const h = harness({ batch_max: 3, inflight_max: 3 });
    const keys = ['a', 'b', 'c', 'a', 'a', 'd', 'b', 'e', 'a', 'c', 'f', 'a'];
    const results = keys.map((key, n) => h.b.submit({ key, n }));
    await h.settleAll();
    expect(await Promise.all(results)).toEqual(keys.map((k, n) => `${k}#${n}`));
    expect(h.overlaps).toEqual([]);
    const order = new Map<string, number[]>();
    for (const batch of h.batches) for (const v of batch) order.set(v.key, [...(order.get(v.key) ?? []), v.n]);
    for (const [k, ns] of order) expect(ns, k).toEqual(keys.flatMap((x, n) => (x === k ? [n] : [])));
    expect(h.batches.flat()).toHaveLength(keys.length);
    for (const batch of h.batches) expect(batch.length).toBeLessThanOrEqual(3);
  });

  it('puts several items of a free key in one batch, in order, unless one_per_key', async () => {
    const many = harness({ batch_max: 8, inflight_max: 1 });
    const a = [0, 1, 2].map((n) => many.b.submit({ key: 'a', n }));
    await many.settleAll();
    await Promise.all(a);
    expect(many.batches).toEqual([[0, 1, 2].map((n) => ({ key: 'a', n }))]);

    const one = harness({ batch_max: 8, inflight_max: 1, one_per_key: true });
    const b = [0, 1, 2].map((n) => one.b.submit({ key: 'a', n })).concat(one.b.submit({ key: 'b', n: 3 }));
    await one.settleAll();
    await Promise.all(b);
    expect(one.batches.map((batch) => batch.map((v) => v.n))).toEqual([[0, 3], [1], [2]]);
  });

  it('runs at most inflight_max batches at once and shares the queue among the free slots', async () => {
    const h = harness({ batch_max: 100, inflight_max: 2 });
    const all = Array.from({ length: 10 }, (_, n) => h.b.submit({ key: `k${n}`, n }));
    await h.tick();
    // 10 queued, 2 free slots: 5 each, both in flight, nothing more started.
    expect(h.batches.map((x) => x.length)).toEqual([5, 5]);
    expect(h.open.size).toBe(2);
    const more = Array.from({ length: 4 }, (_, n) => h.b.submit({ key: `m${n}`, n: 10 + n }));
    await h.tick();
    expect(h.batches).toHaveLength(2);
    await h.settleAll();
    await Promise.all([...all, ...more]);
    expect(h.inflightSeen()).toBe(2);
  });

  it('keeps a held key busy past its batch until released', async () => {
    const h = harness({ inflight_max: 2 });
    const first = h.b.submit({ key: 'a', n: 0 });
    await h.tick();
    const batch0 = h.open.get(0);
    if (!batch0) throw new Error('no batch');
    const release = batch0.hold('a');
    batch0.done();
    await first;
    const second = h.b.submit({ key: 'a', n: 1 });
    const other = h.b.submit({ key: 'b', n: 2 });
    await h.tick();
    await h.tick();
    // b went; a waits for its hold.
    expect(h.batches.map((x) => x.map((v) => v.n))).toEqual([[0], [2]]);
    release();
    await h.settleAll();
    await Promise.all([second, other]);
    expect(h.batches.map((x) => x.map((v) => v.n))).toEqual([[0], [2], [1]]);
  });

  it('refuses past queue_max and after close; close and drain wait for what was submitted', async () => {
    const h = harness({ queue_max: 2, inflight_max: 1 });
    const a = h.b.submit({ key: 'a', n: 0 });
    const b = h.b.submit({ key: 'b', n: 1 });
    expect(h.b.refusal()?.message).toBe('test batcher queue is full (2)');
    await expect(h.b.submit({ key: 'c', n: 2 })).rejects.toThrow('test batcher queue is full (2)');
    let closed = false;
    const closing = h.b.close().then(() => {
      closed = true;
    });
    expect(h.b.closed).toBe(true);
    await expect(h.b.submit({ key: 'd', n: 3 })).rejects.toThrow('test batcher is closed');
    await h.tick();
    expect(closed).toBe(false);
    await h.settleAll();
    await closing;
    expect(closed).toBe(true);
    expect(await Promise.all([a, b])).toEqual(['a#0', 'b#1']);
    await expect(h.b.close()).resolves.toBeUndefined();
  });

  it('drain resolves every waiter once everything submitted has settled', async () => {
    const h = harness();
    const x = [h.b.submit({ key: 'a', n: 0 }), h.b.submit({ key: 'a', n: 1 })];
    const d1 = h.b.drain();
    const d2 = h.b.drain();
    await h.settleAll();
    await Promise.all([...x, d1, d2]);
    await expect(h.b.drain()).resolves.toBeUndefined();
    // drain does not close.
    const later = h.b.submit({ key: 'b', n: 2 });
    await h.settleAll();
    expect(await later).toBe('b#2');
  });
});
