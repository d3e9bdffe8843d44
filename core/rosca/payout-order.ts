// Who receives the pot when: a verifiable random draw (commit at creation, reveal at START), members
// choosing free slots, or an order the organizer sets. The auction lives in auction.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import { cryptoRandom, type RandomSource } from '../ids.ts';

export const SEED_BYTES = 32;
const SEED_HEX = /^[0-9a-f]{64}$/;
const HASH_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A fresh 32-byte seed as 64 lowercase hex characters; kept secret until START. */
export function createSeed(random: RandomSource = cryptoRandom): string {
  const bytes = new Uint8Array(SEED_BYTES);
  random.fill(bytes);
  return Buffer.from(bytes).toString('hex');
}

/**
 * The commitment published at creation: sha256 of the seed's hex text. Hashing the text (not raw bytes)
 * lets any member check it with any sha256 tool by pasting the seed.
 */
export function commitSeed(seed: string): string {
  assertSeed(seed);
  return sha256Hex(seed);
}

function assertSeed(seed: string): void {
  if (!SEED_HEX.test(seed)) throw new Error('rosca.payout_order: seed must be 64 lowercase hex characters');
}

function assertUniqueIds(ids: readonly string[]): void {
  if (ids.length === 0) throw new Error('rosca.payout_order: no members');
  if (new Set(ids).size !== ids.length) throw new Error('rosca.payout_order: duplicate member id');
}

/** The draw key of a member: sha256(seed ‖ member_id) as hex text. */
export function drawKey(seed: string, member_id: string): string {
  return sha256Hex(seed + member_id);
}

/**
 * The random payout order: members sorted by sha256(seed ‖ member_id). Independent of the order the
 * ids are given in, so anyone holding the seed and the member list recomputes the same order.
 */
export function randomOrder(seed: string, member_ids: readonly string[]): string[] {
  assertSeed(seed);
  assertUniqueIds(member_ids);
  return member_ids
    .map((id) => ({ id, key: drawKey(seed, id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}

/** True when the seed matches the published commitment and `order` is exactly the draw it yields. */
export function verifyOrder(commitment: string, seed: string, member_ids: readonly string[], order: readonly string[]): boolean {
  if (!HASH_HEX.test(commitment) || !SEED_HEX.test(seed)) return false;
  const actual = Buffer.from(sha256Hex(seed), 'hex');
  if (!timingSafeEqual(actual, Buffer.from(commitment, 'hex'))) return false;
  if (new Set(member_ids).size !== member_ids.length || member_ids.length === 0) return false;
  const expected = randomOrder(seed, member_ids);
  return expected.length === order.length && expected.every((id, i) => id === order[i]);
}

// ── Validation shared by chosen and manual orders ──

export type OrderIssue =
  | { code: 'unknown_member'; member_id: string }
  | { code: 'duplicate_member'; member_id: string }
  | { code: 'missing_member'; member_id: string };

/** Issues that stop `order` from being a permutation of `member_ids` (empty when it is one). */
export function permutationIssues(member_ids: readonly string[], order: readonly string[]): OrderIssue[] {
  const members = new Set(member_ids);
  const seen = new Set<string>();
  const issues: OrderIssue[] = [];
  for (const id of order) {
    if (!members.has(id)) issues.push({ code: 'unknown_member', member_id: id });
    else if (seen.has(id)) issues.push({ code: 'duplicate_member', member_id: id });
    seen.add(id);
  }
  for (const id of member_ids) if (!seen.has(id)) issues.push({ code: 'missing_member', member_id: id });
  return issues;
}

export function isPermutation(member_ids: readonly string[], order: readonly string[]): boolean {
  return new Set(member_ids).size === member_ids.length && permutationIssues(member_ids, order).length === 0;
}

/** Manual order: the organizer gives the full permutation. */
export function validateManualOrder(
  member_ids: readonly string[],
  order: readonly string[],
): { ok: true; order: string[] } | { ok: false; issues: OrderIssue[] } {
  assertUniqueIds(member_ids);
  const issues = permutationIssues(member_ids, order);
  return issues.length === 0 ? { ok: true, order: [...order] } : { ok: false, issues };
}

// ── Chosen order: members pick free slots (1-based) ──

export type SlotClaims = Readonly<Record<string, number>>; // member_id → slot

export function freeSlots(slots_count: number, claims: SlotClaims): number[] {
  const taken = new Set(Object.values(claims));
  const free: number[] = [];
  for (let s = 1; s <= slots_count; s++) if (!taken.has(s)) free.push(s);
  return free;
}

export type ClaimResult = { ok: true; claims: SlotClaims } | { ok: false; code: 'not_a_member' | 'slot_out_of_range' | 'slot_taken'; free_slots: number[] };

/** A member claims `slot`; claiming again moves their claim. Someone else's slot is refused. */
export function claimSlot(input: { member_ids: readonly string[]; slots_count: number; claims: SlotClaims; member_id: string; slot: number }): ClaimResult {
  const { member_ids, slots_count, claims, member_id, slot } = input;
  if (!member_ids.includes(member_id)) return { ok: false, code: 'not_a_member', free_slots: freeSlots(slots_count, claims) };
  if (!Number.isInteger(slot) || slot < 1 || slot > slots_count) {
    return { ok: false, code: 'slot_out_of_range', free_slots: freeSlots(slots_count, claims) };
  }
  const holder = Object.entries(claims).find(([, s]) => s === slot)?.[0];
  if (holder !== undefined && holder !== member_id) return { ok: false, code: 'slot_taken', free_slots: freeSlots(slots_count, claims) };
  return { ok: true, claims: { ...claims, [member_id]: slot } };
}

/**
 * The final chosen order at START: claimed slots stay; members who chose nothing fill the free slots in
 * the seed's random order (so nobody is favoured by being slow). Returns order[slot − 1] = member_id.
 */
export function finalizeChosenOrder(member_ids: readonly string[], claims: SlotClaims, seed: string): string[] {
  assertUniqueIds(member_ids);
  const slots_count = member_ids.length;
  const order: (string | undefined)[] = new Array(slots_count).fill(undefined);
  for (const [id, slot] of Object.entries(claims)) {
    if (!member_ids.includes(id)) continue; // left the group since claiming
    if (!Number.isInteger(slot) || slot < 1 || slot > slots_count) throw new Error(`rosca.payout_order: slot ${slot} out of range`);
    if (order[slot - 1] !== undefined) throw new Error(`rosca.payout_order: slot ${slot} claimed twice`);
    order[slot - 1] = id;
  }
  const unplaced = randomOrder(seed, member_ids).filter((id) => !order.includes(id));
  for (let i = 0; i < slots_count; i++) if (order[i] === undefined) order[i] = unplaced.shift();
  const final = order as string[];
  if (!isPermutation(member_ids, final)) throw new Error('rosca.payout_order: chosen order is not a permutation');
  return final;
}
