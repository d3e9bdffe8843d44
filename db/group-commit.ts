// Group commit for small independent writes (TigerBeetle's and Postgres's own lesson): while one
// statement is in flight, the writes that arrive meanwhile wait and go together in the next one. At
// low load a write goes out at once, alone; under load one round trip and one WAL flush serve many.
// If a group fails, each of its writes is retried alone, so one bad write fails only its own caller.

export type GroupCommit<T, R> = { write(item: T): Promise<R> };

export function createGroupCommit<T, R>(flush: (items: T[]) => Promise<R[]>, opts: { max?: number } = {}): GroupCommit<T, R> {
  const max = opts.max ?? 256;
  type Waiter = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let running = false;

  async function settle(group: Waiter[]) {
    try {
      const results = await flush(group.map((w) => w.item));
      group.forEach((w, i) => {
        w.resolve(results[i]);
      });
    } catch (err) {
      if (group.length === 1) group[0].reject(err);
      else for (const w of group) await settle([w]);
    }
  }

  async function run() {
    running = true;
    while (queue.length > 0) {
      const group = queue.slice(0, max);
      queue = queue.slice(group.length);
      await settle(group);
    }
    running = false;
  }

  return {
    write(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!running) void run();
      });
    },
  };
}
