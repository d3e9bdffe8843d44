// Replays one group's chain from genesis: checks every link and hash, rebuilds the projection from the
// events alone and checks the invariants. Reports the first event at fault; never trusts a stored balance.
import { chainHash, GENESIS_HASH } from '../events/canonical.ts';
import { parseEvent } from '../events/catalogue.ts';
import { applyEvent } from './apply.ts';
import { checkInvariants } from './invariants.ts';
import { createGroupState, type GroupState } from './state.ts';

export type StoredLink = { group_id: string; seq: number; event_id: string; prev_hash: string; hash: string; event: unknown };
export type Fault = { group_id: string; seq: number | null; event_id: string | null; problem: string };

export function replayChain(
  group_id: string,
  links: readonly StoredLink[],
  opts: { invariants_each_step?: boolean } = {},
): { state: GroupState; faults: Fault[] } {
  const state = createGroupState(group_id);
  const faults: Fault[] = [];
  let prev = GENESIS_HASH;
  let expected_seq = 1;
  for (const link of links) {
    const at = { group_id, seq: link.seq, event_id: link.event_id };
    if (link.seq !== expected_seq) {
      faults.push({ ...at, problem: `sequence gap: expected seq ${expected_seq}, found ${link.seq}` });
      return { state, faults };
    }
    if (link.prev_hash !== prev) {
      faults.push({ ...at, problem: 'prev_hash does not match the previous event’s hash (broken link)' });
      return { state, faults };
    }
    let event: ReturnType<typeof parseEvent>;
    try {
      event = parseEvent(link.event);
    } catch (err) {
      faults.push({ ...at, problem: `event does not match its schema: ${String(err).slice(0, 300)}` });
      return { state, faults };
    }
    if (chainHash(prev, link.seq, event) !== link.hash) {
      faults.push({ ...at, problem: 'hash does not recompute: the event was altered after it was chained' });
      return { state, faults };
    }
    try {
      applyEvent(state, event);
    } catch (err) {
      faults.push({ ...at, problem: `event breaks a money rule: ${(err as Error).message}` });
      return { state, faults };
    }
    if (opts.invariants_each_step) {
      for (const v of checkInvariants(state)) faults.push({ ...at, problem: v });
      if (faults.length > 0) return { state, faults };
    }
    prev = link.hash;
    expected_seq += 1;
  }
  for (const v of checkInvariants(state)) faults.push({ group_id, seq: links.at(-1)?.seq ?? null, event_id: links.at(-1)?.event_id ?? null, problem: v });
  return { state, faults };
}
