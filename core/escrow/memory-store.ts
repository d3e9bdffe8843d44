// The in-memory store the simulator and unit tests use: per-group state, chain and idempotency keys,
// with the same command semantics as the Postgres store in db/ledger.
import type { Clock } from '../clock.ts';
import { GENESIS_HASH, requestHash } from '../events/canonical.ts';
import type { LedgerEvent } from '../events/catalogue.ts';
import type { IdFactory } from '../ids.ts';
import type { Decision } from './decision.ts';
import { materialize, type ChainedEvent, type ChainHead } from './engine.ts';
import { createGroupState, type GroupState } from './state.ts';

export type CommandResult =
  | { status: 'created'; events: LedgerEvent[] }
  | { status: 'exists'; event_ids: string[] }
  | { status: 'noop' }
  | { status: 'refused'; code: string; message: string };

export type Idempotency = { key: string; request: unknown };

type Group = { state: GroupState; chain: ChainedEvent[]; head: ChainHead; keys: Map<string, { request_hash: string; event_ids: string[] }> };

export function createMemoryLedger(ctx: { clock: Clock; ids: IdFactory }) {
  const groups = new Map<string, Group>();
  const group = (id: string): Group => {
    let g = groups.get(id);
    if (!g) {
      g = { state: createGroupState(id), chain: [], head: { seq: 0, hash: GENESIS_HASH }, keys: new Map() };
      groups.set(id, g);
    }
    return g;
  };
  return {
    run(group_id: string, idempotency: Idempotency | null, decide: (s: GroupState) => Decision): CommandResult {
      const g = group(group_id);
      const request_hash = idempotency ? requestHash(idempotency.request) : '';
      if (idempotency) {
        const prior = g.keys.get(idempotency.key);
        if (prior) {
          if (prior.request_hash !== request_hash) {
            return { status: 'refused', code: 'idempotency_key_reused', message: `key ${idempotency.key} was used for a different request` };
          }
          return { status: 'exists', event_ids: prior.event_ids };
        }
      }
      const decision = decide(g.state);
      if (!decision.ok) return { status: 'refused', code: decision.code, message: decision.message };
      if (decision.drafts.length === 0) return { status: 'noop' };
      const { events, head } = materialize(g.state, decision.drafts, g.head, ctx);
      g.chain.push(...events);
      g.head = head;
      if (idempotency) g.keys.set(idempotency.key, { request_hash, event_ids: events.map((e) => e.event.event_id) });
      return { status: 'created', events: events.map((e) => e.event) };
    },
    state: (group_id: string) => group(group_id).state,
    chain: (group_id: string): readonly ChainedEvent[] => group(group_id).chain,
    groupIds: () => [...groups.keys()],
  };
}

export type MemoryLedger = ReturnType<typeof createMemoryLedger>;
