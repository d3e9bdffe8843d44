// Turns of one chat run strictly in order, chats in parallel: a `turn` job names a chat, and the
// worker drains that chat's queued messages under a per-chat advisory lock. Duplicate jobs are
// harmless (the second finds nothing queued).
import type pg from 'pg';
import { t } from '../../core/i18n/index.ts';
import { enqueueOutbound, lockChatAndReadQueued, markInbound, type NewOutbound } from '../../db/channel.ts';
import type { Metrics } from '../metrics.ts';
import { runTurn, type TurnDeps } from './turn.ts';

const chat_drain_max = 50; // messages handled per lock hold before yielding to other chats

export type TurnWorker = { drainChat(chatId: string): Promise<number> };

export function createTurnWorker(
  deps: TurnDeps & { pool: pg.Pool; metrics: Metrics; deliver: (ids: string[]) => void; deliverNew: (rows: NewOutbound[]) => void },
): TurnWorker {
  return {
    async drainChat(chatId) {
      const client = await deps.pool.connect();
      let handled = 0;
      try {
        // One round trip: open a transaction, take the chat's lock (released at commit), read its
        // queue. Messages that arrive while we work are picked up by the dispatcher's next drain.
        for (const row of await lockChatAndReadQueued(client, chatId, chat_drain_max)) {
          handled++;
          const started = performance.now();
          try {
            deps.deliverNew(await runTurn(deps, row));
            deps.metrics.turns.inc({ outcome: 'ok' });
          } catch (err) {
            // A bug or a bad row must not block the chat forever or crash the worker: record it,
            // apologise to the member, move on. The inbound row is kept (status failed) for replay.
            deps.log.error({ err: String((err as Error)?.stack ?? err), chatId, seq: String(row.seq) }, 'turn failed');
            deps.metrics.turns.inc({ outcome: 'error' });
            const ids = await deps.db.transaction(async (tx) => {
              await markInbound(tx, row.seq, 'failed', { turnError: String((err as Error)?.message ?? err).slice(0, 500) });
              return enqueueOutbound(tx, [{ chatId, kind: 'text', body: { text: t('en', 'common.error') }, idempotencyKey: `reply:${row.idMessage}:error` }]);
            });
            deps.deliver(ids);
          } finally {
            deps.metrics.turnSeconds.observe((performance.now() - started) / 1000);
          }
        }
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      return handled;
    },
  };
}
