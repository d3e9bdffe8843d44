// Payout order: verifiable random draw, chosen slots, manual permutation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimSlot,
  commitSeed,
  createSeed,
  finalizeChosenOrder,
  freeSlots,
  isPermutation,
  randomOrder,
  sha256Hex,
  validateManualOrder,
  verifyOrder,
} from '../../../core/rosca/index.ts';

const fixedRandom = (byte: number) => ({ fill: (b: Uint8Array) => void b.fill(byte) });
const SEED = createSeed(fixedRandom(7));
const ids = (n: number) => Array.from({ length: n }, (_, i) => `usr_${String(i).padStart(3, '0')}`);

describe('random order', () => {
  it('commits to a seed anyone can check with a sha256 tool', () => {
    expect(SEED).toBe('07'.repeat(32));
    expect(commitSeed(SEED)).toBe(sha256Hex(SEED));
    expect(commitSeed(SEED)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => commitSeed('not-a-seed')).toThrow();
  });

  it('is fixed by the seed, whatever order the members are listed in', () => {
    const members = ids(6);
    const order = randomOrder(SEED, members);
    expect(randomOrder(SEED, [...members].reverse())).toEqual(order);
    expect(randomOrder(createSeed(fixedRandom(8)), members)).not.toEqual(order);
    expect(verifyOrder(commitSeed(SEED), SEED, members, order)).toBe(true);
  });

  it('fails verification for a wrong seed, commitment, member list or order', () => {
    const members = ids(5);
    const order = randomOrder(SEED, members);
    const other = createSeed(fixedRandom(9));
    expect(verifyOrder(commitSeed(other), SEED, members, order)).toBe(false);
    expect(verifyOrder(commitSeed(SEED), other, members, order)).toBe(false);
    expect(verifyOrder(commitSeed(SEED), SEED, members, [...order].reverse())).toBe(false);
    expect(verifyOrder(commitSeed(SEED), SEED, [...members, 'usr_x'], order)).toBe(false);
    expect(verifyOrder('zz', SEED, members, order)).toBe(false);
  });

  it('is a permutation that verifies, for any seed and members (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 50 }),
        (bytes, members) => {
          const seed = createSeed({ fill: (b) => b.set(bytes) });
          const order = randomOrder(seed, members);
          expect(isPermutation(members, order)).toBe(true);
          expect(verifyOrder(commitSeed(seed), seed, members, order)).toBe(true);
          if (members.length > 1) {
            const swapped = [...order];
            [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
            expect(verifyOrder(commitSeed(seed), seed, members, swapped)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('chosen order', () => {
  const members = ids(4);
  it('lets members take free slots and refuses taken or impossible ones', () => {
    let claims = {};
    const a = claimSlot({ member_ids: members, slots_count: 4, claims, member_id: members[0], slot: 2 });
    expect(a.ok).toBe(true);
    if (a.ok) claims = a.claims;
    expect(claimSlot({ member_ids: members, slots_count: 4, claims, member_id: members[1], slot: 2 })).toEqual({
      ok: false,
      code: 'slot_taken',
      free_slots: [1, 3, 4],
    });
    expect(claimSlot({ member_ids: members, slots_count: 4, claims, member_id: members[1], slot: 5 }).ok).toBe(false);
    expect(claimSlot({ member_ids: members, slots_count: 4, claims, member_id: 'usr_zzz', slot: 1 })).toMatchObject({ ok: false, code: 'not_a_member' });
    const moved = claimSlot({ member_ids: members, slots_count: 4, claims, member_id: members[0], slot: 3 });
    expect(moved.ok && moved.claims).toEqual({ [members[0]]: 3 });
    expect(freeSlots(4, { a: 1, b: 4 })).toEqual([2, 3]);
  });

  it('keeps claims and fills the rest in the seed’s order', () => {
    const order = finalizeChosenOrder(members, { [members[3]]: 1, [members[0]]: 4 }, SEED);
    expect(order[0]).toBe(members[3]);
    expect(order[3]).toBe(members[0]);
    expect(isPermutation(members, order)).toBe(true);
    const rest = randomOrder(SEED, members).filter((id) => id !== members[3] && id !== members[0]);
    expect(order.slice(1, 3)).toEqual(rest);
  });

  it('always yields a permutation (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat())), (n, picks) => {
        const m = ids(n);
        let claims = {};
        for (const [who, slot] of picks) {
          const r = claimSlot({ member_ids: m, slots_count: n, claims, member_id: m[who % n], slot: (slot % n) + 1 });
          if (r.ok) claims = r.claims;
        }
        expect(isPermutation(m, finalizeChosenOrder(m, claims, SEED))).toBe(true);
      }),
    );
  });
});

describe('manual order', () => {
  it('accepts a full permutation and explains what is wrong otherwise', () => {
    const m = ids(3);
    expect(validateManualOrder(m, [m[2], m[0], m[1]])).toEqual({ ok: true, order: [m[2], m[0], m[1]] });
    expect(validateManualOrder(m, [m[2], m[2], 'usr_x'])).toEqual({
      ok: false,
      issues: [
        { code: 'duplicate_member', member_id: m[2] },
        { code: 'unknown_member', member_id: 'usr_x' },
        { code: 'missing_member', member_id: m[0] },
        { code: 'missing_member', member_id: m[1] },
      ],
    });
  });
});
