// Turns of one chat run strictly in order, chats in parallel: a `turn` job (or the in-process
// dispatcher) names a chat, and the worker drains that chat's queued messages, one transaction per
// message under the chat's advisory lock. Duplicate drains are harmless (the second finds nothing).
//
// A message costs the worker two round trips on its locked connection: (1) begin + lock + read the
// queue + load the member's turn state; (2) the turn's final statement + COMMIT. Replies are sent only
// after that COMMIT, so a reply is never sent for a turn that did not land.
import type pg from 'pg';
import { t } from '../../core/i18n/index.ts';
import { e164FromChatId } from '../../core/identity/phone.ts';
import { beginChatTurn, enqueueOutbound, finishTurnAndCommit, markInbound, type NewOutbound } from '../../db/channel.ts';
import { parseTurnState } from '../../db/turn-state.ts';
import type { Metrics } from '../metrics.ts';
import { runTurn, type TurnDeps } from './turn.ts';

const chat_drain_max = 50; // messages handled per drain before yielding to other chats

export type TurnWorker = { drainChat(chatId: string): Promise<number> };

export function createTurnWorker(
  deps: TurnDeps & { pool: pg.Pool; metrics: Metrics; deliver: (ids: string[]) => void; deliverNew: (rows: NewOutbound[]) => void },
): TurnWorker {
  /** One queued message of the chat, if any: false when the queue was empty, else whether more wait. */
  async function nextTurn(chatId: string, e164: string | null): Promise<{ handled: boolean; more: boolean }> {
    const client = await deps.pool.connect();
    let open = false;
    let broken: Error | undefined;
    try {
      open = true;
      // Read two: the one we run, and whether another waits (then we loop instead of re-dispatching).
      const { queued, state } = await beginChatTurn(client, chatId, 2, e164 ? deps.pii.blindIndex(e164) : null);
      const row = queued[0];
      if (!row) {
        await client.query('commit');
        open = false;
        return { handled: false, more: false };
      }
      const started = performance.now();
      try {
        const replies = await runTurn(deps, row, {
          state: state ? parseTurnState(deps.pii, state) : undefined,
          finish: async (x) => {
            const created = await finishTurnAndCommit(client, x);
            open = false;
            return created;
          },
        });
        if (open) {
          await client.query('commit'); // a turn that wrote nothing of its own (say, a group chat)
          open = false;
        }
        deps.deliverNew(replies);
        deps.metrics.turns.inc({ outcome: 'ok' });
      } catch (err) {
        // A bug or a bad row must not block the chat forever or crash the worker: record it,
        // apologise to the member, move on. The inbound row is kept (status failed) for replay.
        deps.log.error({ err: String((err as Error)?.stack ?? err), chatId, seq: String(row.seq) }, 'turn failed');
        deps.metrics.turns.inc({ outcome: 'error' });
        if (open) {
          await client.query('rollback');
          open = false;
        }
        const ids = await deps.db.transaction(async (tx) => {
          await markInbound(tx, row.seq, 'failed', { turnError: String((err as Error)?.message ?? err).slice(0, 500) });
          return enqueueOutbound(tx, [{ chatId, kind: 'text', body: { text: t('en', 'common.error') }, idempotencyKey: `reply:${row.idMessage}:error` }]);
        });
        deps.deliver(ids);
      } finally {
        deps.metrics.turnSeconds.observe((performance.now() - started) / 1000);
      }
      return { handled: true, more: queued.length > 1 };
    } catch (err) {
      // A connection that failed mid-transaction is not given back to the pool.
      if (open) await client.query('rollback').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  return {
    async drainChat(chatId) {
      const e164 = e164FromChatId(chatId) ?? null;
      let handled = 0;
      while (handled < chat_drain_max) {
        const r = await nextTurn(chatId, e164);
        if (r.handled) handled++;
        if (!r.more) break;
      }
      return handled;
    },
  };
}
