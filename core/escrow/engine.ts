// Turns decided drafts into chained events: stamps id and time, validates against the catalogue, applies
// each to the group's projection (which re-asserts the money rules) and links it to the chain head.
import type { Clock } from '../clock.ts';
import { chainHash } from '../events/canonical.ts';
import { parseEvent, type LedgerEvent } from '../events/catalogue.ts';
import type { IdFactory } from '../ids.ts';
import { assert } from '../ledger/assert.ts';
import { applyEvent } from './apply.ts';
import type { Draft } from './decision.ts';
import type { GroupState } from './state.ts';

export type ChainHead = { seq: number; hash: string };
export type ChainedEvent = { seq: number; prev_hash: string; hash: string; event: LedgerEvent };

export const drafts_per_command_max = 64;

export function materialize(
  state: GroupState,
  drafts: readonly Draft[],
  head: ChainHead,
  ctx: { clock: Clock; ids: IdFactory },
): { events: ChainedEvent[]; head: ChainHead } {
  assert(drafts.length <= drafts_per_command_max, `a command appends at most ${drafts_per_command_max} events`);
  const events: ChainedEvent[] = [];
  let { seq, hash } = head;
  // One timestamp per command: its events happened together; truncated to ms so it round-trips exactly.
  const occurred_at = new Date(ctx.clock.now().getTime()).toISOString();
  for (const d of drafts) {
    const event = parseEvent({ event_id: ctx.ids.newId('evt'), occurred_at, group_id: state.group_id, ...d });
    applyEvent(state, event);
    const next = chainHash(hash, seq + 1, event);
    events.push({ seq: seq + 1, prev_hash: hash, hash: next, event });
    seq += 1;
    hash = next;
  }
  assert(seq === head.seq + drafts.length, 'chain advanced by a different count than events appended');
  return { events, head: { seq, hash } };
}
