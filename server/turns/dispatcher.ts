// In-process turn dispatch: when this process runs workers, a stored message is handed straight to
// a local drain (bounded concurrency, one drain per chat at a time) instead of waiting for a queue
// poll. Durability does not depend on it: the message is already in Postgres, and the minute sweep
// re-enqueues any message still queued (crash, or a web-only process without workers).
import type { Logger } from '../log.ts';

export type Dispatcher = { dispatch(chatId: string): void; idle(): Promise<void> };

export function createDispatcher(drain: (chatId: string) => Promise<number>, opts: { concurrency: number; log: Logger }): Dispatcher {
  const running = new Set<string>();
  const again = new Set<string>();
  const waiting: string[] = [];
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (running.size < opts.concurrency && waiting.length > 0) {
      const chatId = waiting.shift() as string;
      if (running.has(chatId)) {
        again.add(chatId);
        continue;
      }
      running.add(chatId);
      drain(chatId)
        .catch((err) => opts.log.error({ err: String(err), chatId }, 'drain failed; the sweep will retry'))
        .finally(() => {
          running.delete(chatId);
          // A message that arrived while we were finishing gets its own drain.
          if (again.delete(chatId)) waiting.push(chatId);
          pump();
          if (running.size === 0 && waiting.length === 0) {
            for (const w of idleWaiters) w();
            idleWaiters = [];
          }
        });
    }
  };

  return {
    dispatch(chatId) {
      if (running.has(chatId)) again.add(chatId);
      else if (!waiting.includes(chatId)) waiting.push(chatId);
      pump();
    },
    idle: () => (running.size === 0 && waiting.length === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r))),
  };
}
